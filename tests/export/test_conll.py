"""CoNLL columns: IOB tags that give back the (token-widened) spans, overlaps in extra columns."""

from __future__ import annotations

import pytest

from annotator.export.conll import conll_block, layer_tiers, write_conll
from annotator.records import HedgeKind

from .documents import doc_from_parts


@pytest.mark.parametrize(
    "spans, tiers",
    [
        ([], []),
        ([(0, 5), (6, 9)], [[(0, 5), (6, 9)]]),
        ([(0, 20), (5, 9)], [[(0, 20)], [(5, 9)]]),
        ([(5, 9), (0, 20), (10, 30)], [[(0, 20)], [(5, 9), (10, 30)]]),
        ([(0, 4), (0, 4)], [[(0, 4)]]),
    ],
)
def test_overlapping_spans_go_to_the_first_column_they_fit(spans, tiers):
    assert layer_tiers(spans) == tiers


def spans_from_column(rows, column):
    """Character spans read back from one IOB column."""
    found, open_span = [], None
    for row in rows:
        tag, start, end = row[column], int(row["START"]), int(row["END"])
        if tag.startswith("B-") or tag == "O":
            if open_span:
                found.append(tuple(open_span))
            open_span = [start, end] if tag.startswith("B-") else None
        elif tag.startswith("I-"):
            open_span[1] = end
    if open_span:
        found.append(tuple(open_span))
    return found


def parse(lines):
    header = next(line for line in lines if line.startswith("# columns = ")).removeprefix("# columns = ").split()
    rows = [dict(zip(header, line.split("\t"))) for line in lines if line and not line.startswith("#")]
    return header, rows


def test_tags_give_back_every_layer_with_nested_content_in_a_second_column():
    text = "“We said ‘no’ twice,” Ann told us.\n\nIt may rain."
    doc = doc_from_parts(
        text,
        [((26, 30), (22, 25), (0, 21)), ((4, 8), (1, 3), (9, 13))],
        [((39, 42), (36, 48), HedgeKind.modal)],
    )
    header, rows = parse(list(conll_block(doc)))
    assert header == ["TOKEN", "START", "END", "CUE", "SOURCE", "CONTENT", "CONTENT_2", "HEDGE", "HEDGE_SCOPE", "CLAIM"]
    assert spans_from_column(rows, "CUE") == [(4, 8), (26, 30)]
    assert spans_from_column(rows, "SOURCE") == [(1, 3), (22, 25)]
    assert spans_from_column(rows, "CONTENT") == [(0, 21)]
    assert spans_from_column(rows, "CONTENT_2") == [(9, 13)]
    assert spans_from_column(rows, "HEDGE") == [(39, 42)]
    assert all(row["TOKEN"].strip() for row in rows), "whitespace tokens are left out"
    assert {row["CUE"] for row in rows} == {"O", "B-CUE"}


def test_sample_columns_match_its_records(tmp_path, sample_doc):
    write_conll([sample_doc], tmp_path / "s.conll")
    lines = (tmp_path / "s.conll").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "# doc_id = sample"
    header, rows = parse(lines)
    cues = sorted({(a.cue.start, a.cue.end) for a in sample_doc.attributions})
    assert spans_from_column(rows, "CUE") == cues
    for row in rows:
        assert sample_doc.text[int(row["START"]) : int(row["END"])] == row["TOKEN"]


def test_a_layer_without_spans_still_has_its_column():
    header, rows = parse(list(conll_block(doc_from_parts("Ann said so.", [((4, 8), (0, 3), None)]))))
    assert header == ["TOKEN", "START", "END", "CUE", "SOURCE", "CONTENT", "HEDGE", "HEDGE_SCOPE", "CLAIM"]
    assert [row["CONTENT"] for row in rows] == ["O"] * 4 and [row["SOURCE"] for row in rows] == ["B-SOURCE", "O", "O", "O"]


def test_checkworthy_claims_have_their_own_column():
    from annotator.records import Claim, make_span

    text = "Ann said rents rose. Rents fell."
    doc = doc_from_parts(text, [((4, 8), (0, 3), (9, 19))])
    doc.claims = [
        Claim(id="c1", span=make_span(text, 9, 19), score=0.9, checkworthy=True, kind="comparison", attribution_ids=["a1"]),
        Claim(id="c2", span=make_span(text, 21, 31), score=0.1, checkworthy=False, kind="comparison"),
    ]
    header, rows = parse(list(conll_block(doc)))
    assert header[-1] == "CLAIM"
    assert spans_from_column(rows, "CLAIM") == [(9, 19)]  # the claim that is not check-worthy is left out
