"""The manifest of a parts folder: which partition of which input each part file holds.

A parts folder is what ``annotate --dask`` writes (``-o FOLDER --parts``, or the hidden
staging folder beside a single output file): one JSONL part file per partition of the input,
and ``manifest.json`` saying, for each part, the input it came from (path, byte range, the
sha256 of those bytes), how many documents it holds and the sha256 of the part itself, under
the annotator version and model that wrote it. A part is written whole (temporary file and
rename) before the manifest names it, so a part the manifest names is complete; a re-run
skips exactly the partitions whose input, annotator and model are unchanged.

No Dask here: :mod:`annotator.records_file` reads parts folders with this module alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from ..errors import AnnotatorError

MANIFEST = "manifest.json"
FORMAT = "annotator-parts"
FORMAT_VERSION = 1


def part_name(index: int) -> str:
    return f"part-{index:06d}.jsonl"


def new_manifest(settings: dict[str, Any]) -> dict[str, Any]:
    """``settings``: what the records depend on besides the input (annotator version, model...)."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "settings": settings, "complete": False,
            "partitions": None, "parts": {}}


def load(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest, None when it has none; a manifest that is not ours is an error."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise AnnotatorError(f"cannot read the parts manifest: {e}", path=str(path)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("parts"), dict):
        raise AnnotatorError("not an annotator parts manifest", path=str(path))
    if data.get("format_version", 0) > FORMAT_VERSION:
        raise AnnotatorError("written by a newer annotator: upgrade annotator", path=str(path))
    return data


def save(folder: Path, manifest: dict[str, Any]) -> None:
    from ..io import atomic_write_text

    atomic_write_text(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def complete_parts(folder: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(part file, its manifest entry) in input order; a folder without a complete manifest is an
    error, because reading what is there would silently give part of the corpus."""
    manifest = load(folder)
    if manifest is None:
        raise AnnotatorError(
            f"a folder without {MANIFEST}: give a records JSONL file or a folder `annotate --dask --parts` wrote",
            path=str(folder),
        )
    count = manifest.get("partitions")
    done = len(manifest["parts"])
    if not manifest.get("complete") or not isinstance(count, int) or done != count:
        of = f"{done} of {count}" if isinstance(count, int) else f"{done} of an unknown number of"
        raise AnnotatorError(
            f"the parts are incomplete ({of} partitions done): run the same `annotate --dask` again to finish",
            path=str(folder),
        )
    for index in range(count):
        entry = manifest["parts"].get(str(index))
        if entry is None:
            raise AnnotatorError(f"{MANIFEST} lists no part {index}", path=str(folder))
        yield folder / entry["part"], entry
