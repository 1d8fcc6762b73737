"""Label Studio JSON exports (or files written by ``annotator export --format labelstudio``) in as records.

A task pushed by annotator carries our document id and text in its data; its
record is built as ``annotator pull`` builds it (the chosen annotation under the
ground-truth-then-latest policy, else its prediction). Files we wrote ourselves
also carry the record's own fields, which are restored exactly. A task from a
project with other labels, or without our data keys, is refused by number.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from annotator.errors import AnnotatorError
from annotator.formats.labelstudio import RECORD_KEY
from annotator.records_file import describe_validation_error
from annotator.records import SCHEMA_VERSION, Document, Review


def read_labelstudio(path: Path) -> Iterator[Document]:
    from annotator.formats.labelstudio.policy import task_to_document

    name = str(path)
    tasks = _load(name)
    for number, task in enumerate(tasks, 1):
        where = f"task {number}"
        if not isinstance(task, dict):
            raise AnnotatorError(f"{where} is not a JSON object", path=name)
        record = (task.get("data") or {}).get(RECORD_KEY)
        if isinstance(record, dict) and isinstance(record.get("schema_version"), int) and record["schema_version"] > SCHEMA_VERSION:
            raise AnnotatorError(
                f"{where} has schema version {record['schema_version']}; this annotator reads up to "
                f"{SCHEMA_VERSION}: upgrade annotator", path=name,
            )
        try:
            doc, problems = task_to_document(task)
        except ValueError as e:
            raise AnnotatorError(f"{where}: {str(e).splitlines()[0]}", path=name) from None
        if problems:
            raise AnnotatorError(f"{where}: {problems[0]}", path=name)
        if isinstance(record, dict):
            try:
                doc = _restore(doc, record)
            except ValidationError as e:
                raise AnnotatorError(f"{where}: {describe_validation_error(e)}", path=name) from None
        yield doc


def _restore(doc: Document, record: dict) -> Document:
    """Put back what the task format has no place for: versions and the whole review."""
    review = record.get("review")
    fields = doc.model_dump()
    fields.update(
        annotator_version=record.get("annotator_version"),
        model=record.get("model"),
        review=Review.model_validate(review) if review is not None else None,
    )
    scores = record.get("scores") if isinstance(record.get("scores"), dict) else {}
    for item in [*fields["attributions"], *fields["hedges"], *fields["claims"]]:
        if isinstance(scores.get(item["id"]), (int, float)):
            item["score"] = scores[item["id"]]
    order = {item_id: n for n, item_id in enumerate(scores)}  # the record's own item order
    for key in ("attributions", "hedges", "claims"):
        fields[key].sort(key=lambda item: order.get(item["id"], len(order)))
    return Document.model_validate(fields)


def _load(name: str) -> list:
    try:
        raw = Path(name).read_bytes()
    except OSError as e:
        raise AnnotatorError(f"cannot read Label Studio export: {e.strerror or e}", path=name) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise AnnotatorError("invalid UTF-8; save the file as UTF-8", path=name) from None
    except json.JSONDecodeError as e:
        raise AnnotatorError(f"not valid JSON: {e.msg}", path=name, line=e.lineno) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise AnnotatorError("expected a JSON list of tasks", path=name)
    return data
