import copy
import json
from pathlib import Path

import pytest

from annotator.formats.labelstudio import tasks as T
from annotator.records import Document, ReviewStatus
from ls_helpers import small_document

SAMPLE = Path(__file__).resolve().parents[2] / "exports" / "sample.jsonl"


def _sample() -> Document:
    return Document.model_validate_json(SAMPLE.read_text(encoding="utf-8").splitlines()[0])


def _lansman() -> Document:
    """Two claims by one man, the second through a pronoun; the speaker names him on both."""
    from annotator.records import Attribution, SourceType, make_span

    text = "Jon Lansman said no. He said yes."
    return Document(id="jl", text=text, attributions=[
        Attribution(id="a1", cue=make_span(text, 12, 16), source=make_span(text, 0, 11),
                    source_type=SourceType.named_person, speaker="Jon Lansman"),
        Attribution(id="a2", cue=make_span(text, 24, 28), source=make_span(text, 21, 23),
                    resolved_source=make_span(text, 0, 11), source_type=SourceType.pronoun, speaker="Jon Lansman"),
    ], model="m")


def _task(doc: Document, annotations=()) -> dict:
    task = T.document_to_task(doc)
    task["id"] = 7
    task["predictions"][0].update(id=3, created_at="2026-01-01T00:00:00Z")
    task["annotations"] = list(annotations)
    return task


@pytest.mark.parametrize("doc", [_sample(), small_document(3), _lansman()], ids=["sample", "small", "speaker"])
def test_prediction_round_trips_to_the_same_record(doc):
    prediction = T.document_to_prediction(doc)
    attributions, hedges, problems = T.result_to_items(doc.text, prediction["result"], doc.id, keep_scores=True)
    assert problems == []
    assert [a.model_dump() for a in attributions] == [a.model_dump() for a in doc.attributions]
    assert [h.model_dump() for h in hedges] == [h.model_dump() for h in doc.hedges]


def test_task_carries_id_hash_meta_and_model_version():
    doc = small_document(1, model="m", version="1.2")
    task = T.document_to_task(doc)
    (prediction,) = task["predictions"]
    assert task["data"] == {
        "text": doc.text, "doc_id": "doc-1", "content_hash": T.content_hash(doc.text), "meta": {"n": 1},
        "model_version": "1.2/m", "prediction_fingerprint": T.facts_fingerprint(prediction["result"]),
    }
    assert prediction["model_version"] == "1.2/m"
    assert prediction["score"] == 0.85  # the document's confidence: the mean of its (two) findings' scores
    assert T.split_model_version("1.2/models/en/core") == ("1.2", "models/en/core")


@pytest.mark.parametrize("doc", [_sample(), _lansman()], ids=["sample", "speaker"])
def test_sdk_accepts_the_prediction(doc):
    interface = pytest.importorskip("label_studio_sdk.label_interface")
    from annotator.formats.labelstudio.config import labeling_config

    li = interface.LabelInterface(labeling_config())
    assert li.validate_prediction(T.document_to_prediction(doc), return_errors=True) == []


# --------------------------------------------------------------------------- the speaker


def _speaker_regions(result):
    return [r for r in result if r.get("from_name") == "speaker"]


def test_the_speaker_rides_on_the_source_region():
    result = T.document_to_result(_lansman())
    assert _speaker_regions(result) == [
        {"id": "a1-source", "from_name": "speaker", "to_name": "text", "type": "textarea",
         "value": {"start": 0, "end": 11, "text": ["Jon Lansman"]}},
        {"id": "a2-source", "from_name": "speaker", "to_name": "text", "type": "textarea",
         "value": {"start": 21, "end": 23, "text": ["Jon Lansman"]}},
    ]
    # no speaker, no region; no source, nowhere to show it (the file export refuses that record)
    doc = _lansman()
    doc.attributions[0].speaker = None
    doc.attributions[1].source = None
    assert _speaker_regions(T.document_to_result(doc)) == []


def test_a_reviewer_correcting_the_speaker_is_a_correction_read_back():
    doc = _lansman()
    prediction = T.document_to_prediction(doc)
    result = copy.deepcopy(prediction["result"])
    for r in _speaker_regions(result):
        if r["id"] == "a2-source":
            r["value"]["text"] = ["Ms Okafor"]
    assert T.annotation_status({"result": result}, prediction) is ReviewStatus.corrected
    attributions, _, problems = T.result_to_items(doc.text, result, doc.id)
    assert problems == [] and [a.speaker for a in attributions] == ["Jon Lansman", "Ms Okafor"]
    # removing a speaker, or naming one the machine left out, is a correction too
    cleared = [r for r in copy.deepcopy(prediction["result"]) if r.get("id") != "a1-source" or r.get("from_name") != "speaker"]
    assert T.annotation_status({"result": cleared}, prediction) is ReviewStatus.corrected
    assert T.result_to_items(doc.text, cleared, doc.id)[0][0].speaker is None
    # the same speaker on fresh region ids is what the machine said: verified
    renamed = copy.deepcopy(prediction["result"])
    for r in renamed:
        for key in ("id", "from_id", "to_id"):
            if key in r:
                r[key] = "x" + r[key]
    assert T.annotation_status({"result": renamed}, prediction) is ReviewStatus.verified
    assert [a.speaker for a in T.result_to_items(doc.text, renamed, doc.id)[0]] == ["Jon Lansman", "Jon Lansman"]


def test_a_speaker_typed_on_a_region_drawn_by_a_reviewer_follows_the_relation():
    text = "Lansman said no."
    result = [
        {"id": "c", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 8, "end": 12, "text": "said", "labels": ["CUE"]}},
        {"id": "s", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 0, "end": 7, "text": "Lansman", "labels": ["SOURCE"]}},
        {"id": "s", "type": "textarea", "from_name": "speaker", "to_name": "text",
         "value": {"start": 0, "end": 7, "text": ["Jon Lansman"]}},
        {"type": "relation", "from_id": "s", "to_id": "c", "direction": "right", "labels": []},
    ]
    (a,), _, problems = T.result_to_items(text, result, "d")
    assert problems == [] and (a.source.text, a.speaker) == ("Lansman", "Jon Lansman")


def test_a_speaker_on_another_region_or_twice_is_reported():
    doc = _lansman()
    result = T.document_to_result(doc)
    result.append({"id": "a1-cue", "type": "textarea", "from_name": "speaker", "to_name": "text",
                   "value": {"start": 12, "end": 16, "text": ["Somebody"]}})
    for r in _speaker_regions(result):
        if r["id"] == "a2-source":
            r["value"]["text"] = ["Jon Lansman", "J. Lansman"]
    attributions, _, problems = T.result_to_items(doc.text, result, doc.id)
    assert [a.speaker for a in attributions] == ["Jon Lansman", "Jon Lansman"]
    assert sorted((p.region_id, p.message) for p in problems) == [
        ("a1-cue", "a speaker on a CUE region means nothing here; left out"),
        ("a2-source", "2 speaker entries; kept the first, 'Jon Lansman'"),
    ]


# --------------------------------------------------------------------------- offsets


def test_anchor_span_exact_utf16_nearby_and_ambiguous():
    text = "Fans 😀😀 cheered. Mr Smith said it was fine."
    start = text.index("Mr Smith")
    assert T.anchor_span(text, start, start + 8, "Mr Smith") == (start, start + 8)
    # Two astral-plane emoji before the span: UTF-16 offsets are 2 higher.
    assert T.anchor_span(text, start + 2, start + 10, "Mr Smith") == (start, start + 8)
    # Drifted by a few characters, found once nearby.
    assert T.anchor_span(text, start + 5, start + 13, "Mr Smith") == (start, start + 8)
    twice = "it is it is it"
    reason = T.anchor_span(twice, 1, 3, "it")
    assert isinstance(reason, str) and "cannot tell" in reason
    far = "x" * 500 + "needle"
    assert "not within" in T.anchor_span(far, 0, 6, "needle")
    assert "not integers" in T.anchor_span(text, "1", 3, "ab")


def test_utf16_to_codepoints():
    text = "a😀b"
    assert [T.utf16_to_codepoints(text, n) for n in range(5)] == [0, 1, None, 2, 3]


def test_mismatched_region_is_reanchored_or_reported():
    doc = small_document(2)
    result = T.document_to_result(doc)
    source = next(r for r in result if r.get("id") == "a1-source")
    source["value"]["start"] += 3
    source["value"]["end"] += 3
    attributions, _, problems = T.result_to_items(doc.text, result, doc.id)
    assert problems == [] and attributions[0].source == doc.attributions[0].source

    content = next(r for r in result if r.get("id") == "a1-content")
    content["value"]["text"] = "words that are not in the document"
    attributions, _, problems = T.result_to_items(doc.text, result, doc.id)
    assert attributions[0].content is None
    assert len(problems) == 1 and problems[0].region_id == "a1-content" and "CONTENT" in problems[0].message


def test_a_dropped_source_takes_its_source_type_with_it():
    """Issue 9, item 12: pull dropped a SOURCE it could not place and kept ``named_person``,
    a type with nobody to type (records.py: source is null only when there is no speaker)."""
    doc = small_document(2)
    task = _task(doc)
    bad = copy.deepcopy(task["predictions"][0]["result"])
    source = next(r for r in bad if r.get("id") == "a1-source")
    source["value"]["text"] = "somebody nowhere in the text"
    task["annotations"] = [{"id": 11, "completed_by": 1, "updated_at": "2026-01-02", "result": bad}]
    record, problems = T.annotation_to_document(task, task["annotations"][0])
    (a,) = record.attributions
    assert a.source is None and a.source_type is None
    assert a.quote_type == doc.attributions[0].quote_type  # the rest of the claim stands
    assert [p.region_id for p in problems] == ["a1-source", "a1-cue"]
    assert "source_type named_person typed the SOURCE left out" in problems[1].message


@pytest.mark.parametrize("source_type", ["agentless", "author"])
def test_a_type_that_needs_no_source_stays_when_the_source_is_dropped(source_type):
    """'It is said' (agentless) and 'I am told' (author, the 'I' in the cue) need no SOURCE."""
    from annotator.records import SourceType

    doc = small_document(2)
    doc.attributions[0].source_type = SourceType(source_type)
    result = T.document_to_result(doc)
    next(r for r in result if r.get("id") == "a1-source")["value"]["text"] = "nobody here"
    attributions, _, problems = T.result_to_items(doc.text, result, doc.id)
    assert attributions[0].source is None and attributions[0].source_type.value == source_type
    assert [p.region_id for p in problems] == ["a1-source"]


def test_a_pronoun_whose_source_is_dropped_keeps_its_referents_type():
    """'He' = Jon Lansman: the type is the referent's, and the resolved source still names him."""
    doc = _lansman()
    result = T.document_to_result(doc)
    next(r for r in result if r.get("id") == "a2-source")["value"]["text"] = "nobody here"
    attributions, _, problems = T.result_to_items(doc.text, result, doc.id)
    assert attributions[1].source is None and attributions[1].source_type.value == "pronoun"
    assert [p.region_id for p in problems] == ["a2-source"]


def test_records_without_a_source_span_keep_their_type():
    """A quote continuation carries the speaker's type with no source span of its own
    (detect/speakers.py), and the gold has typed implicit subjects: they round-trip as they are."""
    from annotator.records import Attribution, SourceType, make_span

    text = "Ada Lovelace said so. “And more.” The firm, talking tough, lost."
    doc = Document(id="c", text=text, attributions=[
        Attribution(id="a1", cue=make_span(text, 13, 17), source=make_span(text, 0, 12),
                    source_type=SourceType.named_person),
        Attribution(id="a2", cue=make_span(text, 22, 33), resolved_source=make_span(text, 0, 12),
                    source_type=SourceType.named_person),
        Attribution(id="a3", cue=make_span(text, 44, 57), source_type=SourceType.named_organisation),
    ])
    attributions, _, problems = T.result_to_items(text, T.document_to_result(doc), doc.id)
    assert attributions == doc.attributions and problems == []


# --------------------------------------------------------------------------- reviewer-made results


def test_reviewer_regions_relation_drawn_backwards_and_orphans():
    text = "Officials said the bridge is unsafe."
    result = [
        {"id": "Xq1", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 10, "end": 14, "text": "said", "labels": ["CUE"]}},
        {"id": "Zz9", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 0, "end": 9, "text": "Officials", "labels": ["SOURCE"]}},
        {"id": "Xq1", "type": "choices", "from_name": "source_type", "to_name": "text",
         "value": {"start": 10, "end": 14, "choices": ["anonymous"]}},
        # drawn from the source to the cue, with no relation label
        {"type": "relation", "from_id": "Zz9", "to_id": "Xq1", "direction": "right", "labels": []},
        {"id": "Lone", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 15, "end": 35, "text": "the bridge is unsafe", "labels": ["CONTENT"]}},
        {"id": "Hx", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": 29, "end": 35, "text": "unsafe", "labels": ["HEDGE"]}},
    ]
    attributions, hedges, problems = T.result_to_items(text, result, "d")
    (a,) = attributions
    assert (a.id, a.source.text, a.source_type.value, a.content) == ("Xq1", "Officials", "anonymous", None)
    assert hedges == []
    assert {p.region_id for p in problems} == {"Lone", "Hx"}
    assert any("hedge_kind" in p.message for p in problems)


def test_status_from_what_the_reviewer_did():
    doc = small_document(4)
    prediction = T.document_to_prediction(doc)
    accepted = {"result": copy.deepcopy(prediction["result"])}
    for r in accepted["result"]:  # Label Studio may give regions new ids: still the same content
        for key in ("id", "from_id", "to_id"):
            if key in r:
                r[key] = "new-" + r[key]
    assert T.annotation_status(accepted, prediction) is ReviewStatus.verified
    with_verdict = {"result": prediction["result"] + [
        {"type": "choices", "from_name": "review", "to_name": "text", "value": {"choices": ["verified"]}}]}
    assert T.annotation_status(with_verdict, prediction) is ReviewStatus.verified
    changed = {"result": [r for r in prediction["result"] if r.get("id") != "a1-source" and r.get("to_id") != "a1-source"]}
    assert T.annotation_status(changed, prediction) is ReviewStatus.corrected
    rejected = {"result": prediction["result"] + [
        {"type": "choices", "from_name": "review", "to_name": "text", "value": {"choices": ["rejected"]}}]}
    assert T.annotation_status(rejected, prediction) is ReviewStatus.rejected
    assert T.annotation_status({"result": [], "was_cancelled": True}, prediction) is ReviewStatus.skipped


def test_annotation_to_document_fills_review():
    doc = small_document(5)
    task = _task(doc)
    result = copy.deepcopy(task["predictions"][0]["result"]) + [
        {"type": "textarea", "from_name": "note", "to_name": "text", "value": {"text": ["looks right"]}}
    ]
    annotation = {"id": 41, "completed_by": 2, "result": result, "updated_at": "2026-02-02T10:00:00Z", "lead_time": 9.5}
    record, problems = T.annotation_to_document(task, annotation, users={2: "kim@example.org"})
    assert problems == []
    assert record.review.model_dump() == {
        "status": "verified", "annotators": ["kim@example.org"], "annotation_ids": [41],
        "updated_at": "2026-02-02T10:00:00Z", "lead_time": 9.5, "note": "looks right",
    }
    assert (record.id, record.text, record.meta, record.model) == (doc.id, doc.text, doc.meta, doc.model)
    assert record.attributions[0].score == 1.0  # a person's judgement, not the model's score
    assert record.attributions[0].cue == doc.attributions[0].cue


def test_task_without_our_data_is_refused():
    with pytest.raises(ValueError, match="not pushed by annotator"):
        T.prediction_to_document({"id": 1, "data": {"text": "x"}})


def test_task_json_is_plain_json():
    json.dumps(T.document_to_task(_sample()))


def test_fingerprint_is_stable_across_processes_and_ignores_ids_and_order():
    import subprocess
    import sys

    result = T.document_to_result(_sample())
    code = (
        "import json, sys; from annotator.formats.labelstudio.tasks import facts_fingerprint; "
        "print(facts_fingerprint(json.load(sys.stdin)))"
    )
    other = subprocess.run([sys.executable, "-c", code], input=json.dumps(result), capture_output=True, text=True, check=True)
    assert other.stdout.strip() == T.facts_fingerprint(result)
    renamed = copy.deepcopy(result[::-1])
    for r in renamed:
        for key in ("id", "from_id", "to_id"):
            if key in r:
                r[key] = "x" + r[key]
    assert T.facts_fingerprint(renamed) == T.facts_fingerprint(result)
    assert T.facts_fingerprint(result[1:]) != T.facts_fingerprint(result)


def test_status_without_fetching_predictions():
    """The export lists prediction ids only; the task's data is enough while push's prediction is the only one."""
    doc = small_document(7)
    task = _task(doc)
    prediction = task["predictions"][0]
    task["predictions"] = [prediction["id"]]  # what the export gives
    accepted = {"id": 1, "result": copy.deepcopy(prediction["result"])}
    changed = {"id": 2, "result": [r for r in prediction["result"] if r.get("id") != "h1-scope" and r.get("to_id") != "h1-scope"]}
    assert not T.needs_predictions(task, accepted)
    assert T.annotation_to_document(task, accepted)[0].review.status is ReviewStatus.verified
    assert T.annotation_to_document(task, changed)[0].review.status is ReviewStatus.corrected
    assert T.annotation_to_document(task, accepted)[0].model == "test-model"
    # A second prediction (a newer model): the data no longer describes what the reviewer saw.
    task["predictions"] = [3, 4]
    assert T.needs_predictions(task, accepted)
    # ... unless Label Studio stored the prediction on the annotation, as it does for API and UI reviews.
    assert not T.needs_predictions(task, {**accepted, "prediction": prediction})
    # Skipped and untouched tasks are built from the prediction's regions: those must be fetched.
    task["predictions"] = [3]
    assert T.needs_predictions(task, None)
    assert T.needs_predictions(task, {"id": 5, "was_cancelled": True, "result": []})
