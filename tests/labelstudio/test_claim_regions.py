"""Claims in Label Studio without a server: records -> tasks -> records, and a reviewer's edits."""

from __future__ import annotations

import copy

import pytest

from annotator.formats.labelstudio import config as C
from annotator.formats.labelstudio import tasks as T
from annotator.records import ClaimKind, Document, ReviewStatus
from ls_helpers import claimed_document

DOC = claimed_document(1)


def _task(doc: Document, claims: str = "all", annotations=()) -> dict:
    task = T.document_to_task(doc, claims=claims)
    task["id"] = 7
    task["predictions"][0].update(id=3, created_at="2026-01-01T00:00:00Z")
    task["annotations"] = list(annotations)
    return task


def _claim_regions(result: list[dict]) -> list[str]:
    return [r["id"] for r in result if r.get("type") == "labels" and r["value"]["labels"] == ["CLAIM"]]


def _without(result: list[dict], region_id: str) -> list[dict]:
    return [r for r in result if region_id not in (r.get("id"), r.get("from_id"), r.get("to_id"))]


def _choice(result: list[dict], region_id: str, name: str) -> dict:
    (r,) = [r for r in result if r.get("id") == region_id and r.get("from_name") == name]
    return r


def test_a_prediction_with_all_claims_reads_back_exactly():
    doc, problems = T.prediction_to_document(_task(DOC))
    assert problems == []
    assert doc.claims == DOC.claims  # spans, scores, check-worthiness, kinds and attribution_ids
    assert doc.attributions == DOC.attributions and doc.hedges == DOC.hedges


def test_a_claim_is_a_region_with_its_score_choices_and_a_relation_to_its_attributions_cue():
    result = T.document_to_result(DOC, claims="all")
    (region,) = [r for r in result if r.get("id") == "c1-span" and r["type"] == "labels"]
    assert region["value"] == {"start": DOC.claims[0].span.start, "end": DOC.claims[0].span.end,
                               "text": "that plan 1 may fail", "labels": ["CLAIM"]}
    assert region["score"] == 0.7
    assert _choice(result, "c1-span", "claim_checkworthy")["value"]["choices"] == ["check-worthy"]
    assert _choice(result, "c1-span", "claim_kind")["value"]["choices"] == ["prediction"]
    assert _choice(result, "c3-span", "claim_checkworthy")["value"]["choices"] == ["not check-worthy"]
    relations = [r for r in result if r["type"] == "relation" and r["labels"] == [C.CLAIM_RELATION]]
    assert [(r["from_id"], r["to_id"]) for r in relations] == [("c1-span", "a1-cue")]


def test_pushed_tasks_show_only_the_check_worthy_claims_by_default():
    """Nearly every sentence of an article holds a claim: the view marks the ones worth checking."""
    assert T.DEFAULT_CLAIMS == "checkworthy"
    assert _claim_regions(T.document_to_task(DOC)["predictions"][0]["result"]) == ["c1-span", "c2-span"]
    assert _claim_regions(T.document_to_result(DOC, claims="all")) == ["c1-span", "c2-span", "c3-span"]
    with pytest.raises(ValueError, match="unknown claim set"):
        T.document_to_result(DOC, claims="some")
    doc, _ = T.prediction_to_document(_task(DOC, claims="checkworthy"))
    assert [c.id for c in doc.claims] == ["c1", "c2"]


def test_the_ml_backend_predicts_the_claims_push_shows(monkeypatch):
    """The backend answers with ``document_to_prediction``: the same claim regions as a push."""
    from annotator.labelstudio.backend import models as M

    monkeypatch.setattr("annotator.annotate.annotate_documents", lambda nlp, inputs: iter([DOC for _ in inputs]))
    served = type("Served", (), {"nlp": None, "version": "v"})()
    (prediction,) = M.predict_tasks(served, [{"id": 1, "data": {"text": DOC.text, "doc_id": DOC.id}}])
    assert prediction == T.document_to_prediction(DOC)
    assert _claim_regions(prediction["result"]) == ["c1-span", "c2-span"]


def test_an_untouched_review_keeps_the_claims_with_the_reviewers_scores():
    """A reviewer's word is 1.0 or 0.0, as an attribution a person kept scores 1.0."""
    task = _task(DOC)
    accepted = {"id": 11, "result": copy.deepcopy(task["predictions"][0]["result"])}
    doc, problems = T.annotation_to_document(task, accepted)
    assert problems == [] and doc.review.status == ReviewStatus.verified
    assert [(c.id, c.checkworthy, c.score, c.kind, c.attribution_ids) for c in doc.claims] == [
        ("c1", True, 1.0, ClaimKind.prediction, ["a1"]),
        ("c2", True, 1.0, ClaimKind.statistic, []),
        ("c3", False, 0.0, ClaimKind.other, []),
    ]


def test_a_reviewers_edits_deletion_and_new_claim_come_back():
    task = _task(DOC)
    result = copy.deepcopy(task["predictions"][0]["result"])
    _choice(result, "c1-span", "claim_checkworthy")["value"]["choices"] = ["not check-worthy"]
    _choice(result, "c3-span", "claim_kind")["value"]["choices"] = ["record"]
    result = _without(result, "c2-span")  # deleted: the region, its choices, its relations
    text = DOC.text
    start = text.index("Costs")
    drawn = {"id": "Xy7", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": start, "end": start + len("Costs rose"), "text": "Costs rose", "labels": ["CLAIM"]}}
    # drawn to the attribution's CONTENT, and backwards: the relation's ends say what it means
    sourced = {"from_id": "a1-content", "to_id": "Xy7", "type": "relation", "direction": "left", "labels": []}
    doc, problems = T.annotation_to_document(task, {"id": 12, "result": result + [drawn, sourced]})
    assert problems == []
    assert doc.review.status == ReviewStatus.corrected
    assert {c.id: (c.span.text, c.checkworthy, c.score, c.kind.value, c.attribution_ids) for c in doc.claims} == {
        "c1": ("that plan 1 may fail", False, 0.0, "prediction", ["a1"]),
        "Xy7": ("Costs rose", True, 1.0, "other", ["a1"]),  # drawn without choices: check-worthy, other
        "c3": ("It was a grey day", False, 0.0, "record", []),
    }


def test_a_claim_relation_keeps_the_renamed_attribution_and_reports_what_means_nothing():
    text = "Ann Lee said it rained. Bo said it snowed."
    result = [
        {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 8, "end": 12, "text": "said", "labels": ["CUE"]}},
        {"id": "a1-cue", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 27, "end": 31, "text": "said", "labels": ["CUE"]}},
        {"id": "k", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 32, "end": 41, "text": "it snowed", "labels": ["CLAIM"]}},
        {"id": "k2", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 13, "end": 22, "text": "it rained", "labels": ["CLAIM"]}},
        {"id": "h", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 16, "end": 22, "text": "rained", "labels": ["HEDGE"]}},
        {"from_id": "k", "to_id": "a1-cue", "type": "relation"},
        {"from_id": "k2", "to_id": "a1", "type": "relation"},
        {"from_id": "k2", "to_id": "h", "type": "relation"},
    ]
    found = T.result_to_findings(text, result, "d")
    ids = {a.cue.start: a.id for a in found.attributions}
    assert ids == {8: "a1", 27: "a1_2"}  # both became a1: the second is renamed, and the claim follows it
    assert {c.id: c.attribution_ids for c in found.claims} == {"k2": ["a1"], "k": ["a1_2"]}
    assert sorted(p.message for p in found.problems) == [
        "HEDGE has no hedge_kind chosen; left out", "relation between CLAIM and HEDGE means nothing here",
    ]


def test_an_unknown_claim_choice_is_reported_not_guessed():
    result = copy.deepcopy(T.document_to_result(DOC, claims="all"))
    _choice(result, "c2-span", "claim_checkworthy")["value"]["choices"] = ["maybe"]
    found = T.result_to_findings(DOC.text, result, DOC.id)
    assert [str(p) for p in found.problems] == ["document doc-1 region c2-span: unknown claim_checkworthy 'maybe'"]
    assert {c.id: c.checkworthy for c in found.claims}["c2"] is True  # left as a drawn claim is read


def test_claim_choices_and_relations_count_as_facts():
    """Flipping check-worthiness or unlinking a claim is a correction, not a verification."""
    result = T.document_to_result(DOC, claims="all")
    flipped = copy.deepcopy(result)
    _choice(flipped, "c2-span", "claim_checkworthy")["value"]["choices"] = ["not check-worthy"]
    unlinked = [r for r in result if not (r["type"] == "relation" and r["from_id"] == "c1-span")]
    assert T.result_facts(flipped) != T.result_facts(result)
    assert T.result_facts(unlinked) != T.result_facts(result)
