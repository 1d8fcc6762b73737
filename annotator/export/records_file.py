"""Reading a records file for export: every line a valid ``Document`` or one error naming file and line.

Exports, imports and the report all start from records that may have been
edited by hand or written by a newer annotator; validating here, line by line,
means no writer ever sees a span whose text disagrees with its slice.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike

from pydantic import ValidationError

from annotator.errors import AnnotatorError
import json
from annotator.records import SCHEMA_VERSION, Document


def read_documents(path: str | PathLike[str]) -> Iterator[Document]:
    """Yield validated documents lazily; callers write atomically, so a late error leaves no output."""
    for _, doc in read_numbered_documents(path):
        yield doc


def read_numbered_documents(path: str | PathLike[str]) -> Iterator[tuple[int, Document]]:
    """(line number, document) pairs, for callers whose own errors must name the line."""
    name = str(path)
    for number, data in _json_lines(name):
        version = data.get("schema_version", SCHEMA_VERSION)
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise AnnotatorError(
                f"record {data.get('id')!r} has schema version {version}; this annotator reads up to "
                f"{SCHEMA_VERSION}: upgrade annotator",
                path=name,
                line=number,
            )
        try:
            doc = Document.model_validate(data)
        except ValidationError as e:
            raise AnnotatorError(
                f"record {data.get('id')!r}: {describe_validation_error(e)}", path=name, line=number
            ) from None
        yield number, doc


def describe_validation_error(e: ValidationError) -> str:
    """The first problem only, on one line: a person fixes one thing at a time."""
    first = e.errors()[0]
    loc = ".".join(str(x) for x in first.get("loc", ()))
    msg = str(first.get("msg", "")).removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def _json_lines(name: str) -> Iterator[tuple[int, dict]]:
    try:
        fh = open(name, "rb")
    except OSError as e:
        raise AnnotatorError(f"cannot read records file: {e.strerror or e}", path=name) from e
    with fh:
        for number, raw in enumerate(fh, 1):
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
