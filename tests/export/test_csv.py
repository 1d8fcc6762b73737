"""The claims spreadsheet: columns from the models, values a spreadsheet shows as written."""

from __future__ import annotations

import csv

import pytest

from annotator.export.csv_table import ATTRIBUTION_COLUMNS, HEDGE_COLUMNS, escape_cell, write_csv
from annotator.records import Attribution, Hedge, HedgeKind, Review, ReviewStatus, SourceType

from .documents import doc_from_parts


def read_rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("model, columns", [(Attribution, ATTRIBUTION_COLUMNS), (Hedge, HEDGE_COLUMNS)])
def test_every_model_field_has_a_column(model, columns):
    for name in model.model_fields:
        assert (name if name != "id" else f"{model.__name__.lower()}_id") in columns


@pytest.mark.parametrize(
    "value, shown",
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Ms Rahman", "Ms Rahman"),
        ("a=b", "a=b"),
        (42, 42),
    ],
)
def test_formula_cells_are_defused(value, shown):
    assert escape_cell(value) == shown


def test_rows_carry_spans_offsets_review_and_hedges(tmp_path):
    text = "=cmd| said Ann, “it may rain,\r\nsurely”."
    doc = doc_from_parts(
        text,
        [((6, 10), (11, 14), (16, 38), {"source_type": SourceType.named_person, "hedge_ids": ["h1"]})],
        [((20, 23), (16, 38), HedgeKind.modal)],
        id="d1",
        meta={"title": "@title"},
        review=Review(status=ReviewStatus.corrected, annotators=["ed@example.org", "jo@example.org"]),
    )
    write_csv([doc], tmp_path / "a.csv")
    (row,) = read_rows(tmp_path / "a.csv")
    assert row["doc_id"] == "d1" and row["title"] == "'@title"
    assert (row["review_status"], row["reviewers"]) == ("corrected", "ed@example.org; jo@example.org")
    assert (row["cue"], row["cue_start"], row["cue_end"]) == ("said", "6", "10")
    assert row["content"] == text[16:38]  # the CRLF inside a quoted cell survives
    assert (row["source_type"], row["quote_type"], row["hedged"], row["hedge_cues"]) == ("named_person", "", "yes", "may")
    write_csv([doc], tmp_path / "h.csv", rows="hedges")
    (hedge,) = read_rows(tmp_path / "h.csv")
    assert (hedge["hedge_id"], hedge["cue"], hedge["kind"], hedge["attribution_ids"]) == ("h1", "may", "modal", "a1")
    assert hedge["scope_start"] == "16" and hedge["scope"] == text[16:38]


def test_the_speaker_column_follows_the_source_columns(tmp_path):
    """Derived from the model, not listed here: the speaker sits after source and resolved_source."""
    at = ATTRIBUTION_COLUMNS.index
    assert at("source") < at("resolved_source_end") < at("speaker") == at("resolved_source_end") + 1
    assert at("speaker") < at("hedge_ids")
    text = "Lansman said no. He said yes. It is said so."
    doc = doc_from_parts(text, [
        ((8, 12), (0, 7), None, {"speaker": "Jon Lansman"}),
        ((20, 24), (17, 19), None, {"speaker": "=Jon Lansman", "resolved_source": (0, 7)}),  # a formula, defused
        ((33, 40), None, None),
    ])
    write_csv([doc], tmp_path / "a.csv")
    rows = read_rows(tmp_path / "a.csv")
    assert [(r["source"], r["resolved_source"], r["speaker"]) for r in rows] == [
        ("Lansman", "", "Jon Lansman"), ("He", "Lansman", "'=Jon Lansman"), ("", "", ""),
    ]
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[header.index("resolved_source_end") + 1] == "speaker"


def test_a_document_without_claims_adds_no_rows(tmp_path):
    write_csv([doc_from_parts("Nothing here.")], tmp_path / "a.csv")
    assert read_rows(tmp_path / "a.csv") == []
    assert (tmp_path / "a.csv").read_text(encoding="utf-8-sig").startswith(",".join(ATTRIBUTION_COLUMNS))


def test_claim_rows_say_which_are_unsourced_and_who_said_the_others(tmp_path):
    from annotator.export.csv_table import CLAIM_COLUMNS
    from annotator.records import Claim, make_span

    for name in Claim.model_fields:
        assert (name if name != "id" else "claim_id") in CLAIM_COLUMNS
    text = "Ann said rents rose 9%. Rents fell."
    doc = doc_from_parts(text, [((4, 8), (0, 3), (9, 22))], id="d1")
    doc.claims = [
        Claim(id="c1", span=make_span(text, 9, 22), score=0.9, checkworthy=True, kind="statistic", attribution_ids=["a1"]),
        Claim(id="c2", span=make_span(text, 24, 34), score=0.2, checkworthy=False, kind="comparison"),
    ]
    write_csv([doc], tmp_path / "c.csv", rows="claims")
    first, second = read_rows(tmp_path / "c.csv")
    assert (first["claim_id"], first["span"], first["span_start"], first["kind"]) == ("c1", "rents rose 9%", "9", "statistic")
    assert (first["checkworthy"], first["attribution_ids"], first["unsourced"], first["sources"]) == ("True", "a1", "no", "Ann")
    assert (second["unsourced"], second["sources"], second["score"]) == ("yes", "", "0.2")
