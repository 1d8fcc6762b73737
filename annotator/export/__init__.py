"""Records out in the formats people train and publish with.

``WRITERS`` maps a format name to a writer ``(documents, path, **options) ->
number of documents``. A writer owns its output path (a file, or a folder for
brat) and writes it atomically, so an error in record 9,000 leaves nothing
behind. Adding a format is an import and a dict entry.
"""

from __future__ import annotations

from collections.abc import Callable

from .brat import write_brat
from .conll import write_conll
from .csv_table import write_csv
from .docbin import write_docbin
from .jsonl import write_jsonl
from .labelstudio_json import write_labelstudio

Writer = Callable[..., int]  # (documents: Iterable[Document], path: Path, **options) -> documents written

WRITERS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "spacy": write_docbin,
    "conll": write_conll,
    "brat": write_brat,
    "labelstudio": write_labelstudio,
}
