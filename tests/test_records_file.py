"""The one reader of records and gold: every command meets a hand-edited file the same way."""

import json

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.errors import AnnotatorError
from annotator.records_file import read_documents, read_gold

TEXT = "Ms Rahman said the plan had failed."


def gold_line(doc_id="g1", cue=(10, 14), cue_text="said", **extra):
    return json.dumps({
        "id": doc_id, "text": TEXT,
        "attributions": [{"cue": {"start": cue[0], "end": cue[1], "text": cue_text},
                          "source": {"start": 0, "end": 9, "text": "Ms Rahman"}, "optional": False, **extra}],
        "hedges": [],
    })


def test_eval_refuses_a_tampered_gold_span(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_line("g0") + "\n" + gold_line(cue=(11, 15)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(gold), str(gold)])
    assert result.exit_code == 2
    assert f"{gold}:2:" in result.output and "does not match" in result.output
    assert "Traceback" not in result.output


def test_gold_spans_outside_the_text_and_in_the_right_place(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_line(cue=(100, 104)) + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="falls outside the text"):
        list(read_gold(gold))
    gold.write_text(gold_line(speaker="Asha Rahman") + "\n", encoding="utf-8")
    (doc,) = read_gold(gold)
    assert doc.attributions[0].speaker == "Asha Rahman" and doc.attributions[0].optional is False


def test_gold_keeps_what_only_gold_says(tmp_path):
    gold = tmp_path / "gold.jsonl"
    line = json.loads(gold_line())
    line.update(no_hedge_gold=True, hedges=[{"cue": {"start": 0, "end": 2, "text": "Ms"}, "kind": "speculation_modal_probable", "optional": True}])
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    (doc,) = read_gold(gold)
    assert doc.no_hedge_gold and doc.hedges[0].optional and doc.hedges[0].kind == "speculation_modal_probable"


@pytest.mark.parametrize("reader", [read_gold, read_documents], ids=["gold", "records"])
def test_a_byte_order_mark_is_read_by_every_reader(tmp_path, reader):
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "d", "text": TEXT}).encode() + b"\n")
    assert [d.id for d in reader(path)] == ["d"]


@pytest.mark.parametrize("reader", [read_gold, read_documents], ids=["gold", "records"])
def test_a_duplicate_document_id_names_both_lines(tmp_path, reader):
    path = tmp_path / "f.jsonl"
    line = json.dumps({"id": "d", "text": TEXT})
    path.write_text(f"{line}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"f\.jsonl:3: document id 'd' appears again \(first on line 1\)"):
        list(reader(path))


def test_sentence_gold_scores_only_checkworthiness(tmp_path):
    """A ClaimBuster-style line has no attribution or hedge gold: those layers are not scored."""
    gold = tmp_path / "sentences.jsonl"
    gold.write_text(json.dumps({"id": "s1", "text": TEXT, "checkworthy": True}) + "\n", encoding="utf-8")
    (doc,) = read_gold(gold)
    assert doc.no_attribution_gold and doc.no_hedge_gold and doc.checkworthy is True
    result = CliRunner().invoke(app, ["eval", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"]["attribution_scored"] == 0 and report["attribution"]["cue"]["fp"] == 0
    assert report["checkworthy"]["documents"] == 1
