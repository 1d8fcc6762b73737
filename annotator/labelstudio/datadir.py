"""Label Studio's data folder: where it is, keeping it owner-only, and a first start's login.

The folder holds the API token (in Label Studio's sqlite file), so nobody but its owner
may read it: it is created 0700, a folder an older annotator left world-readable is
closed on the next start, and the server runs with umask 077 (``server.launch``). The
login of a first start waits here, owner-only, until ``start`` has recorded it in the
settings file, which changes only once the server answers: a first start that dies
after creating the user can then be retried with the same login.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from annotator.errors import AnnotatorError

PENDING_LOGIN = "annotator-login.json"  # a first start's login, until the settings record it


def default_data_dir() -> Path:
    """Under the user's data folder: annotator's own server, apart from any Label Studio of theirs."""
    try:
        from platformdirs import user_data_dir

        return Path(user_data_dir("annotator")) / "label-studio"
    except ImportError:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(base) / "annotator" / "label-studio"


def is_initialised(data_dir: Path) -> bool:
    """Whether a start has created the database (and with it the user and token) here."""
    return (data_dir / "label_studio.sqlite3").exists()


def make_private(data_dir: Path) -> None:
    """Create the data folder owner-only (0700), or make it so. In a folder that already
    holds a Label Studio database (one an older annotator made world-readable), the
    server's own files lose their group and world bits too; a folder without one is
    someone's own, and only the folder itself is closed."""
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    _restrict(data_dir)
    if not is_initialised(data_dir):
        return
    for root, dirs, files in os.walk(data_dir):
        for name in dirs + files:
            path = Path(root) / name
            if not path.is_symlink():
                _restrict(path)


def _restrict(path: Path) -> None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except PermissionError:
        raise AnnotatorError(f"cannot make {path} owner-only: it is not yours") from None


def private_file(path: Path, mode: str):
    """``open(path, mode)`` for writing, created 0600 (and truncated to 0600 if it was not)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, mode)


def read_pending(data_dir: Path) -> tuple[str, str, str] | None:
    """(username, password, token) a first start left in ``data_dir``, if it did."""
    pending = data_dir / PENDING_LOGIN
    if not pending.exists():
        return None
    try:
        login = json.loads(pending.read_text(encoding="utf-8"))
        return login["username"], login["password"], login["token"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise AnnotatorError(f"cannot read the login of an earlier start: {e}", path=str(pending)) from None


def write_pending(data_dir: Path, username: str, password: str, token: str) -> None:
    """Atomically, owner-only from the first byte."""
    tmp = data_dir / f".{PENDING_LOGIN}.tmp"
    with private_file(tmp, "w") as out:
        json.dump({"username": username, "password": password, "token": token}, out)
    os.replace(tmp, data_dir / PENDING_LOGIN)
