"""The parser-free fallback (``--model blank:en``) runs on any text and says once that quality is lower.

The crashes of issue 9 were a segfault (stale token edges left by spaCy's tokenizer,
read by ``token.children``) and E030 (no sentence boundaries); a segfault would take
pytest down with it, so the command runs in a child process.
"""

import json
import subprocess
import sys

import spacy

from annotator.records import Document
from annotator.unparsed import prepare_unparsed, repair_tree_edges

WARNING = "falling back to lexical rules (lower quality)"

# self-written; '£9.2m.' makes spaCy's tokenizer apply a special case that moves tokens
TEXTS = {
    "quotes": "Harbour plan stalls\nBy Ana Duarte\n\n“We will not sign this,” said Mr Okafor. "
    "The yard was sold for £9.2m. Officials said that the sale was rushed.",
    "hedges": "The council may raise taxes next year. The plan could perhaps be delayed, "
    "and it appears that costs are rising.",
    "according": "According to the audit, the homes were sold below value. The report, "
    "titled “Why Towns May Fail”, was published in May.",
    "one-line": "It is said that the mill might close",
}


def annotate_blank(tmp_path, *args):
    out = tmp_path / "out.jsonl"
    res = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "annotate", *args, "--model", "blank:en", "-o", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stderr.count(WARNING) == 1, res.stderr
    docs = [Document.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for doc in docs:  # every span is the slice it names
        for att in doc.attributions:
            for span in (att.cue, att.source, att.content):
                assert span is None or doc.text[span.start:span.end] == span.text
        for hedge in doc.hedges:
            assert doc.text[hedge.cue.start:hedge.cue.end] == hedge.cue.text
    return docs


def test_blank_model_annotates_the_sample(tmp_path):
    (doc,) = annotate_blank(tmp_path, "--sample")
    assert doc.attributions and doc.hedges


def test_blank_model_annotates_quotes_hedges_and_according_to(tmp_path):
    src = tmp_path / "texts.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in TEXTS.items()), encoding="utf-8")
    docs = {d.id: d for d in annotate_blank(tmp_path, str(src))}
    assert list(docs) == list(TEXTS)
    quotes = docs["quotes"]
    assert [a.content.text for a in quotes.attributions] == ["“We will not sign this,”", "that the sale was rushed"]
    assert [h.cue.text for h in docs["hedges"].hedges][:2] == ["may", "could"]
    assert "might" in [h.cue.text for h in docs["one-line"].hedges]


def test_detector_in_a_users_blank_pipeline_sets_sentences_itself():
    """No sentencizer in the user's pipeline: the detector's hedge scopes still stop at a sentence end."""
    nlp = spacy.blank("en")
    nlp.add_pipe("attribution_detector")
    text = "The council may raise taxes next year. Nobody knows."
    (hedge,) = nlp(text)._.findings.hedges
    assert text[slice(*hedge.scope)] == "The council may raise taxes next year"


def test_load_pipeline_gives_a_blank_pipeline_sentences():
    from annotator.pipeline import load_pipeline

    assert load_pipeline("blank:en").pipe_names == ["line_break_boundaries", "sentencizer", "attribution_detector"]


def test_repaired_edges_are_each_tokens_own_and_sentences_stay():
    nlp = spacy.blank("en")
    text = "The yard was sold for £9.2m. Officials said so.\nNext line"
    doc = nlp(text)
    officials = next(t.i for t in doc if t.text == "Officials")
    doc[officials].is_sent_start = True
    repair_tree_edges(doc)
    assert not doc.has_annotation("DEP")
    assert [(t.left_edge.i, t.right_edge.i) for t in doc] == [(t.i, t.i) for t in doc]
    assert all(not list(t.children) and t.head.i == t.i for t in doc)
    assert [s.text for s in doc.sents] == ["The yard was sold for £9.2m.", "Officials said so.\nNext line"]
    fresh = prepare_unparsed(nlp(text))
    # the sentencizer ends sentences at punctuation tokens ('m.' is none) and line_break_boundaries at line breaks
    assert [s.text for s in fresh.sents if not s.text.isspace()] == ["The yard was sold for £9.2m. Officials said so.", "Next line"]
