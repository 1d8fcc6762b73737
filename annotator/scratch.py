"""Temporary siblings of an output, named so that a later run can clean up after a killed one.

Outputs are written to a hidden sibling and renamed over the target when complete. A run
killed by a signal (SIGKILL, the OOM killer, a closed laptop lid) cannot delete that sibling,
and hidden files pile up next to the user's results. So the name says whose it is: the
target's name, this host and the writer's pid. The next write to the same target removes the
leftovers whose writer is gone, and never touches a live writer's file or anything it did not
make (a name of any other shape, another host's pid, an unknown platform).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
from contextlib import suppress
from pathlib import Path

SUFFIX = ".tmp"
_TAG = "annotator"
_NAME_CHARS = 100  # of the target's name, so the temporary name stays under the usual 255


def prefix(target: Path) -> str:
    """What this process's temporary names for ``target`` start with (tempfile adds a random part)."""
    return f"{_stem(target)}{os.getpid()}."


def remove_stale(target: Path) -> list[str]:
    """Delete the temporary files and folders that dead writers left for ``target``; best effort.

    Returns the names removed. A pid that is alive may be an unrelated process that reused
    the number: its leftover stays, which is the safe mistake to make.
    """
    if os.name != "posix":  # no cheap, safe liveness check (os.kill(pid, 0) is Ctrl-C on Windows)
        return []
    pattern = re.compile(re.escape(_stem(target)) + r"(\d{1,10})\.[A-Za-z0-9_]+" + re.escape(SUFFIX))
    removed = []
    with suppress(OSError):
        entries = list(os.scandir(target.parent))
        for entry in entries:
            found = pattern.fullmatch(entry.name)
            if found is None or _alive(int(found.group(1))):
                continue
            with suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed.append(entry.name)
    return removed


def _stem(target: Path) -> str:
    return f".{target.name[:_NAME_CHARS]}.{_TAG}-{_host()}-"


def _host() -> str:
    """The host name, reduced to letters and digits so it never looks like the pid or a separator."""
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"


def _alive(pid: int) -> bool:
    """Whether ``pid`` may still be writing; anything doubtful counts as alive, so its file stays."""
    if pid <= 0 or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's live process; a number beyond any pid
        return True
    return True
