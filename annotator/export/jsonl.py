"""The records themselves, re-validated: what ``annotate`` writes and every other tool reads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.io import atomic_write_lines
from annotator.records import Document


def write_jsonl(documents: Iterable[Document], path: Path) -> int:
    return atomic_write_lines(path, (d.model_dump_json() for d in documents))
