"""Run a local Label Studio server: start it, find out whether it runs, stop it.

The server is a child process in its own session, so stopping it means killing
its process group by pid, never hunting for processes by name. Credentials are
passed in the environment (``LABEL_STUDIO_USERNAME`` etc.), not argv, where any
user on the machine could read them with ``ps``. Label Studio silently moves to
the next port when the one asked for is busy, so after ``/health`` answers we
also ask the server who we are: a different server on our port fails that.

The settings file changes only once the server answers, as us, on the URL it
records: a failed start must not send push and pull to the wrong port (a first
start's login waits in the data folder meanwhile, see ``datadir.py``).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError

from . import client as LS
from .datadir import (
    PENDING_LOGIN, default_data_dir, is_initialised, make_private, private_file, read_pending, write_pending,
)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_USER = "reviewer@annotator.local"
SERVER_MODULE = "annotator.labelstudio.ls_main"  # Label Studio's server, each log line written once
FIRST_START_TIMEOUT = 240.0  # the first start migrates a fresh database: about 30 s, more on a busy machine
# Settings Label Studio reads from the environment. Legacy tokens are read only when the
# organisation is created (first start); the prediction-validation flag makes the server
# reject malformed predictions instead of storing them.
SERVER_SETTINGS = {
    "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
    "LATEST_VERSION_CHECK": "false",
    "COLLECT_ANALYTICS": "false",
    "SENTRY_DSN": "",
    "FRONTEND_SENTRY_DSN": "",
    "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
    "fflag_feat_utc_210_prediction_validation_15082025": "true",
    # Its "Port N is in use" warning is a print(): unbuffered, it reaches the log while we wait.
    "PYTHONUNBUFFERED": "1",
}
# Label Studio's SSRF protection refuses ML backends and webhooks on loopback, so a local
# server could not reach `annotator labelstudio backend` on 127.0.0.1. Its default list of
# banned networks (core/utils/io.py validate_ip, 1.23) is given here without 127.0.0.0/8 and
# ::1: loopback is allowed, every other private or reserved network stays refused.
BANNED_BUT_LOOPBACK = (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "233.252.0.0/24", "240.0.0.0/4", "255.255.255.255/32", "::/128", "::ffff:0:0/96",
    "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:0000::/32", "2001:20::/28",
    "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "ff00::/8",
)
LOOPBACK_SETTINGS = {
    "USE_DEFAULT_BANNED_SUBNETS": "false",
    "USER_ADDITIONAL_BANNED_SUBNETS": ",".join(BANNED_BUT_LOOPBACK),
}
SERVER_SETTINGS.update(LOOPBACK_SETTINGS)


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    token: str

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r})"

    @classmethod
    def new(cls, username: str = DEFAULT_USER) -> "Credentials":
        # Label Studio's token column holds 40 characters.
        return cls(username, secrets.token_urlsafe(18), secrets.token_hex(20))


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def check_address(host: str, port: int) -> None:
    """A port Label Studio can listen on and an IPv4 address (its own port check is IPv4 only);
    otherwise socket's own errors would surface as tracebacks, or port 0 as a long wait."""
    if not 1 <= port <= 65535:
        raise AnnotatorError(f"--port {port} is not a port: give one from 1 to 65535")
    try:
        socket.getaddrinfo(host, port, socket.AF_INET, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise AnnotatorError(f"--host {host!r} is not an IPv4 address or a name this machine resolves ({e})") from None


def free_port(host: str = DEFAULT_HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def server_environment(credentials: Credentials) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LABEL_STUDIO_", "DJANGO_"))}
    env.update(SERVER_SETTINGS)
    env.update(
        LABEL_STUDIO_USERNAME=credentials.username,
        LABEL_STUDIO_PASSWORD=credentials.password,
        LABEL_STUDIO_USER_TOKEN=credentials.token,
    )
    return env


def launch(data_dir: Path, host: str, port: int, credentials: Credentials, log_path: Path) -> subprocess.Popen:
    """Start the server in its own process group; output goes to ``log_path`` (this start's only)."""
    import importlib.util

    if importlib.util.find_spec("label_studio") is None:
        raise AnnotatorError("Label Studio is not installed: pip install 'annotator[server]'")
    if port_in_use(host, port):
        raise AnnotatorError(f"port {port} on {host} is taken: give another --port")
    make_private(data_dir)
    command = [
        sys.executable, "-m", SERVER_MODULE, "start",
        "--data-dir", str(data_dir), "--no-browser", "--internal-host", host, "--port", str(port),
        "--log-level", "WARNING",
    ]
    # Label Studio loads its settings on import, before it reads --data-dir, and would make empty
    # folders in the user's own data folder (~/.local/share/label-studio) unless told here.
    env = {**server_environment(credentials), "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir.absolute())}
    with private_file(log_path, "wb") as log:
        return subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            start_new_session=True, cwd=str(data_dir), umask=0o077,  # all the server writes: owner-only
        )


MOVED_PORT = "is in use."  # what Label Studio prints before it moves to the next port


def wait_until_up(
    url: str, credentials: Credentials, *, process: subprocess.Popen | None = None, timeout: float,
    log_path: Path | None = None,
) -> None:
    """Return once ``url`` serves *our* Label Studio; raise if the process dies, moves to another
    port (it checks ``localhost``, which may be a different address than ours), or time runs out."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AnnotatorError(f"Label Studio exited with status {process.returncode} while starting")
        if log_path is not None and MOVED_PORT in _read_quietly(log_path):
            raise AnnotatorError(f"the port of {url} is taken on localhost: give another --port")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    else:
        raise AnnotatorError(f"Label Studio did not answer at {url}/health within {timeout:.0f} s")
    whoami = httpx.get(
        f"{url}/api/current-user/whoami", headers={"Authorization": f"Token {credentials.token}"}, timeout=10
    )
    if whoami.status_code != 200 or whoami.json().get("email") != credentials.username:
        raise AnnotatorError(
            f"{url} answers, but it is not the Label Studio just started (HTTP {whoami.status_code}): "
            "another server holds the port"
        )


def _read_quietly(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def stop_process(pid: int, timeout: float = 20.0) -> bool:
    """Stop the server's whole process group; True if it was running."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    except PermissionError:
        raise AnnotatorError(f"process {pid} is not ours to stop") from None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            _reap(pid)
            return True
        _reap(pid)
        time.sleep(0.1)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)
    return True


def _reap(pid: int) -> None:
    """Collect our own child's exit status so it does not linger as a zombie."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.killpg(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def start(data_dir: Path | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> dict[str, Any]:
    """Start the local server (creating user and token on first start) and record how to reach it.

    Nothing is recorded unless the server answers as us on the URL recorded.
    """
    saved = LS.read_config()
    if _alive(saved.get("pid")):
        raise AnnotatorError(f"Label Studio is already running at {saved.get('url')} (pid {saved['pid']})")
    data_dir = (data_dir or Path(saved.get("data_dir") or default_data_dir())).expanduser().resolve()
    check_address(host, port)
    credentials, pending = _credentials(data_dir, saved)
    if port_in_use(host, port):  # before anything is written; launch checks again
        raise AnnotatorError(f"port {port} on {host} is taken: give another --port")
    first = not is_initialised(data_dir)
    url = f"http://{host}:{port}"
    log_path = data_dir / "annotator-server.log"
    if pending:
        # The first start creates the user: keep its login where a retry finds it if this start dies.
        make_private(data_dir)
        write_pending(data_dir, credentials.username, credentials.password, credentials.token)
    process = launch(data_dir, host, port, credentials, log_path)
    try:
        timeout = FIRST_START_TIMEOUT if first else 120.0
        wait_until_up(url, credentials, process=process, timeout=timeout, log_path=log_path)
        path = LS.write_config({
            "url": url, "api_key": credentials.token, "username": credentials.username,
            "password": credentials.password, "data_dir": str(data_dir), "pid": process.pid, "log": str(log_path),
        })
    except BaseException:
        stop_process(process.pid)
        raise
    (data_dir / PENDING_LOGIN).unlink(missing_ok=True)
    return {"url": url, "username": credentials.username, "config": str(path), "pid": process.pid,
            "data_dir": str(data_dir), "first_start": first}


def _credentials(data_dir: Path, saved: dict[str, Any]) -> tuple[Credentials, bool]:
    """The login for ``data_dir``, and whether it is one the settings do not hold yet."""
    if saved.get("data_dir") == str(data_dir) and saved.get("api_key"):
        return Credentials(saved["username"], saved.get("password", ""), saved["api_key"]), False
    login = read_pending(data_dir)
    if login is not None:
        return Credentials(*login), True
    if is_initialised(data_dir):
        raise AnnotatorError(
            f"{data_dir} holds a Label Studio database whose login annotator does not know: "
            "give another --data-dir, or set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY for a server you run yourself"
        )
    return Credentials.new(), True


def stop() -> dict[str, Any]:
    saved = LS.read_config()
    pid = saved.get("pid")
    was_running = bool(pid) and _alive(pid) and stop_process(pid)
    if saved:
        saved["pid"] = None
        LS.write_config(saved)
    return {"stopped": was_running, "url": saved.get("url")}


def status() -> dict[str, Any]:
    """What ``start`` recorded, whether that server answers right now, and whether it takes
    our key (``key``: accepted, refused, none, or unknown when the server is not answering):
    a server that answers but refuses the key is of no use to push and pull."""
    import httpx

    saved = LS.read_config()
    raw_url = os.environ.get(LS.URL_ENV) or saved.get("url")
    url = LS.checked_url(raw_url) if raw_url else None
    answering, key, key_origin = False, "unknown", None
    if url:
        try:
            answering = httpx.get(f"{url}/health", timeout=3).status_code == 200
        except httpx.HTTPError:
            answering = False
    if answering:
        key, key_origin = _key_state(url, saved)
    return {
        "url": url, "answering": answering, "key": key, "key_origin": key_origin,
        "pid": saved.get("pid") if _alive(saved.get("pid")) else None,
        "username": saved.get("username"), "data_dir": saved.get("data_dir"), "config": str(LS.config_path()),
    }


def _key_state(url: str, saved: dict[str, Any]) -> tuple[str, str | None]:
    """Ask the server who the key belongs to, through the SDK, as push and pull would."""
    api_key = os.environ.get(LS.KEY_ENV) or saved.get("api_key")
    if not api_key:
        return "none", None
    conn = LS.Connection(url, api_key, "the environment" if os.environ.get(LS.KEY_ENV) else str(LS.config_path()))
    client = LS.make_client(conn, timeout=10)
    from label_studio_sdk.core.api_error import ApiError

    try:
        with LS.server_errors(conn):
            try:
                client.users.whoami()
            except ApiError as e:
                if e.status_code in (401, 403):
                    return "refused", conn.origin
                raise
    except AnnotatorError:
        return "unknown", conn.origin
    return "accepted", conn.origin
