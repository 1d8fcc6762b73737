"""A spreadsheet of attributions (or hedges, or check-worthiness claims) a fact-checker can open with a double click.

Columns come from the pydantic models, so a field added to ``Attribution`` or
``Hedge`` appears here without touching this module: a span field becomes three
columns (text, start, end), a list is joined with ``; ``, an enum gives its value.
Excel needs the BOM to read UTF-8, and a cell starting with ``= + - @`` (or a
tab or carriage return) would run as a formula, so such cells get a leading
apostrophe (OWASP's advice); numbers are written as numbers and never escaped.
"""

from __future__ import annotations

import csv
import types
import typing
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from annotator.io import atomic_output
from annotator.records import Attribution, Claim, Document, Hedge, Span

ROW_KINDS = ("attributions", "hedges", "claims")
DOC_COLUMNS = ["doc_id", "title", "review_status", "reviewers"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """Defuse spreadsheet formulas in text cells; everything else passes through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_span(annotation: Any) -> bool:
    if annotation is Span:
        return True
    return typing.get_origin(annotation) in (typing.Union, types.UnionType) and Span in typing.get_args(annotation)


def model_columns(model: type[BaseModel], prefix: str) -> list[str]:
    """Column names for one model; ``id`` is prefixed so it cannot be mistaken for the document id."""
    columns = []
    for name, field in model.model_fields.items():
        if _is_span(field.annotation):
            columns += [name, f"{name}_start", f"{name}_end"]
        else:
            columns.append(f"{prefix}_id" if name == "id" else name)
    return columns


def model_cells(item: BaseModel) -> list[Any]:
    cells: list[Any] = []
    for name, field in type(item).model_fields.items():
        value = getattr(item, name)
        if _is_span(field.annotation):
            cells += [value.text, value.start, value.end] if value is not None else ["", "", ""]
        elif isinstance(value, list):
            cells.append("; ".join(str(v) for v in value))
        elif isinstance(value, Enum):
            cells.append(value.value)
        else:
            cells.append("" if value is None else value)
    return cells


ATTRIBUTION_COLUMNS = DOC_COLUMNS + model_columns(Attribution, "attribution") + ["hedged", "hedge_cues"]
HEDGE_COLUMNS = DOC_COLUMNS + model_columns(Hedge, "hedge") + ["attribution_ids"]
CLAIM_COLUMNS = DOC_COLUMNS + model_columns(Claim, "claim") + ["unsourced", "sources"]


def _doc_cells(doc: Document) -> list[Any]:
    title = doc.meta.get("title", "")
    review = doc.review
    return [
        doc.id,
        title if isinstance(title, str) else str(title),
        review.status.value if review else "",
        "; ".join(review.annotators) if review else "",
    ]


def attribution_rows(doc: Document) -> Iterator[list[Any]]:
    hedges = {h.id: h for h in doc.hedges}
    for a in doc.attributions:
        cues = "; ".join(hedges[h].cue.text for h in a.hedge_ids)
        yield _doc_cells(doc) + model_cells(a) + ["yes" if a.hedge_ids else "no", cues]


def hedge_rows(doc: Document) -> Iterator[list[Any]]:
    for h in doc.hedges:
        users = "; ".join(a.id for a in doc.attributions if h.id in a.hedge_ids)
        yield _doc_cells(doc) + model_cells(h) + [users]


def claim_rows(doc: Document) -> Iterator[list[Any]]:
    """One row per claim; ``unsourced`` is what a fact-checker filters on, ``sources`` who said it."""
    atts = {a.id: a for a in doc.attributions}
    for c in doc.claims:
        names = [atts[i].speaker or (atts[i].source.text if atts[i].source else atts[i].cue.text) for i in c.attribution_ids]
        yield _doc_cells(doc) + model_cells(c) + ["no" if c.attribution_ids else "yes", "; ".join(names)]


TABLES = {
    "attributions": (ATTRIBUTION_COLUMNS, attribution_rows),
    "hedges": (HEDGE_COLUMNS, hedge_rows),
    "claims": (CLAIM_COLUMNS, claim_rows),
}


def write_csv(documents: Iterable[Document], path: Path, *, rows: str = "attributions") -> int:
    if rows not in ROW_KINDS:
        raise ValueError(f"rows must be one of {ROW_KINDS}, not {rows!r}")
    header, make_rows = TABLES[rows]
    count = 0
    with atomic_output(path, "w") as out:
        out.write("\ufeff")
        writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        for doc in documents:
            writer.writerows([escape_cell(c) for c in row] for row in make_rows(doc))
            count += 1
    return count
