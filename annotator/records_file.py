"""Reading records and gold files: every line a valid model, or one error naming file and line.

Every command that reads what the annotator (or a person, or another tool) wrote starts
here: export, import, report, push, eval. One reader means one behaviour for the edges a
hand-edited file has: a byte-order mark, blank lines, a line that is not JSON, a span whose
text disagrees with its slice, a record from a newer annotator, the same document id twice.

A parts folder (``annotate --dask --parts``) reads as one records file: its parts in input
order, each checked against the sha256 its manifest gives, ids unique across all of them; a
folder without a complete manifest is an error, never part of a corpus read as the whole.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import AnnotatorError
from .gold import GoldDocument
from .records import SCHEMA_VERSION, Document

M = TypeVar("M", bound=BaseModel)


def read_documents(path: str | PathLike[str]) -> Iterator[Document]:
    """Yield validated records lazily; callers write atomically, so a late error leaves no output."""
    for _, doc in read_numbered_documents(path):
        yield doc


def read_numbered_documents(path: str | PathLike[str]) -> Iterator[tuple[int, Document]]:
    """(line number, record) pairs, for callers whose own errors must name the line."""
    return _read_models(path, Document, "record")


def read_gold(path: str | PathLike[str]) -> Iterator[GoldDocument]:
    """Gold documents, checked as strictly as records: a tampered span is an error, not a score."""
    for _, doc in _read_models(path, GoldDocument, "gold document"):
        yield doc


# keys every record the annotator writes carries (model_dump_json writes defaults too) and
# no gold file does: they tell a records file from a gold file by its first line
RECORD_KEYS = ("review", "model", "annotator_version")


def read_records_or_gold(path: str | PathLike[str]) -> Iterator[tuple[int, Document | GoldDocument]]:
    """(line number, document) from a records file or a gold file, whichever ``path`` is: ``train``
    learns from both, records by their review and gold by its ``optional`` items. The first line
    decides, so a file is read by one model throughout."""
    lines = _lines(path)
    first = next(lines, None)
    lines.close()
    if first is not None and any(k in first[2] for k in RECORD_KEYS):
        return _read_models(path, Document, "record")
    return _read_models(path, GoldDocument, "gold document")


def _read_models(path: str | PathLike[str], model: type[M], what: str) -> Iterator[tuple[int, M]]:
    first_line: dict[str, tuple[str, int]] = {}
    for name, number, data in _lines(path):
        _check_version(data, name, number)
        try:
            doc = model.model_validate(data)
        except ValidationError as e:
            raise AnnotatorError(
                f"{what} {data.get('id')!r}: {describe_validation_error(e)}", path=name, line=number
            ) from None
        doc_id = getattr(doc, "id")
        if doc_id in first_line:
            first_name, first_number = first_line[doc_id]
            where = f"line {first_number}" if first_name == name else f"{first_name}:{first_number}"
            raise AnnotatorError(f"document id {doc_id!r} appears again (first on {where})", path=name, line=number)
        first_line[doc_id] = (name, number)
        yield number, doc


def _lines(path: str | PathLike[str]) -> Iterator[tuple[str, int, dict]]:
    """(file name, line number, object) of a records file, or of each part of a parts folder."""
    if not Path(path).is_dir():
        name = str(path)
        for number, data in json_lines(name):
            yield name, number, data
        return
    from .scale.manifest import MANIFEST, complete_parts

    for part, entry in complete_parts(Path(path)):
        name = str(part)
        digest = hashlib.sha256()
        count = 0
        for number, data in json_lines(name, digest):
            count += 1
            yield name, number, data
        if digest.hexdigest() != entry.get("sha256") or count != entry.get("documents"):
            raise AnnotatorError(f"changed since annotate wrote it (it does not match {MANIFEST})", path=name)


def _check_version(data: dict, name: str, number: int) -> None:
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise AnnotatorError(
            f"record {data.get('id')!r} has schema version {version}; this annotator reads up to "
            f"{SCHEMA_VERSION}: upgrade annotator",
            path=name,
            line=number,
        )


def describe_validation_error(e: ValidationError) -> str:
    """The first problem only, on one line: a person fixes one thing at a time."""
    first = e.errors()[0]
    loc = ".".join(str(x) for x in first.get("loc", ()))
    msg = str(first.get("msg", "")).removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def json_lines(name: str, digest=None) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; the numbers are the ones an editor shows.
    ``digest`` (a hashlib object) is fed every byte read, to check a part against its manifest."""
    try:
        fh = open(name, "rb")
    except OSError as e:
        raise AnnotatorError(f"cannot read records file: {e.strerror or e}", path=name) from e
    with fh:
        for number, raw in enumerate(fh, 1):
            if digest is not None:
                digest.update(raw)
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            try:
                data = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                raise AnnotatorError("invalid UTF-8; save the file as UTF-8", path=name, line=number) from None
            except json.JSONDecodeError as e:
                raise AnnotatorError(f"not valid JSON: {e.msg}", path=name, line=number) from None
            if not isinstance(data, dict):
                raise AnnotatorError(f"expected a JSON object, got {type(data).__name__}", path=name, line=number)
            yield number, data
