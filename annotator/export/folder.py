"""Writing a folder of files all at once or not at all.

A brat export is many files; a crash halfway must neither leave a half-filled
folder that looks finished nor destroy the previous good export. Files go into
a temporary sibling folder, which replaces the target only when complete; it is
named by :mod:`annotator.scratch`, so one left by a killed run is removed by the next.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from annotator import scratch
from annotator.errors import AnnotatorError


@contextmanager
def atomic_folder(path: str | Path, replaceable: Callable[[Path], bool] = lambda p: False) -> Iterator[Path]:
    """Yield an empty temporary folder that becomes ``path`` if the block succeeds.

    An existing ``path`` is swapped out by two renames and then deleted, so
    readers see either the old export or the new one. Because it is deleted,
    it must be empty or pass ``replaceable`` (look like an earlier export):
    ``-o ~/Documents`` must never wipe someone's documents.
    """
    if str(path) == "-":
        raise AnnotatorError("this format writes a folder, which standard output cannot hold; give a folder", path="-")
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise AnnotatorError("exists and is not a folder; give a folder to write to", path=str(path))
    if target.is_dir() and any(target.iterdir()) and not replaceable(target):
        raise AnnotatorError(
            "folder exists and holds files this export did not write; give a new or empty folder", path=str(path)
        )
    parent = target.resolve().parent
    if not parent.is_dir():
        raise AnnotatorError(f"folder {str(target.parent)!r} does not exist", path=str(path))
    scratch.remove_stale(parent / target.name)
    try:
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=scratch.prefix(target), suffix=scratch.SUFFIX))
    except OSError as e:
        raise AnnotatorError(f"cannot write: {e.strerror}", path=str(path)) from e
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".old"))
            os.replace(target, old / "previous")
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            shutil.rmtree(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
