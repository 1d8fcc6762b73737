"""Annotated corpora in as records: one reader per format in a ``{name: reader}`` registry.

A reader takes a path and yields ``Document`` records, raising ``AnnotatorError``
naming the file and line for anything it cannot read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from annotator.records_file import read_documents
from annotator.records import Document

from .brat import read_brat
from .labelstudio_json import read_labelstudio

Reader = Callable[[Path], Iterable[Document]]

READERS: dict[str, Reader] = {
    "brat": read_brat,
    "jsonl": read_documents,
    "labelstudio": read_labelstudio,
}
