import copy

import pytest

from annotator.errors import AnnotatorError
from annotator.evaluate import Counts
from annotator.labelstudio import review_stats as S
from annotator.formats.labelstudio import tasks as T
from annotator.formats.labelstudio.policy import choose_annotation, task_to_document
from annotator.records import ReviewStatus
from ls_helpers import small_document


def _ann(id, when, *, gt=False, cancelled=False):
    return {"id": id, "updated_at": when, "ground_truth": gt, "was_cancelled": cancelled, "result": []}


ANNOTATIONS = [
    _ann(1, "2026-01-01T09:00:00Z", gt=True),
    _ann(2, "2026-01-03T09:00:00Z"),
    _ann(3, "2026-01-02T09:00:00Z"),
    _ann(4, "2026-01-04T09:00:00Z", cancelled=True),
]


@pytest.mark.parametrize("policy, expected", [("ground-truth", 1), ("latest", 2), ("first", 1)])
def test_policy_picks(policy, expected):
    assert choose_annotation(ANNOTATIONS, policy)["id"] == expected


def test_ground_truth_falls_back_to_latest_submitted_never_a_skip():
    no_gt = [dict(a, ground_truth=False) for a in ANNOTATIONS]
    assert choose_annotation(no_gt, "ground-truth")["id"] == 2
    assert choose_annotation([ANNOTATIONS[3]], "ground-truth")["id"] == 4
    assert choose_annotation([], "latest") is None
    with pytest.raises(AnnotatorError, match="unknown policy"):
        choose_annotation(ANNOTATIONS, "majority")


def test_skipped_task_keeps_the_prediction_with_skipped_status():
    doc = small_document(1)
    task = T.document_to_task(doc)
    task.update(id=1, annotations=[_ann(9, "2026-01-01T00:00:00Z", cancelled=True)])
    record, _ = task_to_document(task)
    assert record.review.status is ReviewStatus.skipped
    assert record.review.annotation_ids == [9]
    assert record.attributions == doc.attributions


# --------------------------------------------------------------------------- review-stats


def _reviewed(doc, status, drop_source=False):
    out = doc.model_copy(deep=True)
    if drop_source:
        out.attributions[0].source = None
        out.attributions[0].source_type = None
    from annotator.records import Review

    out.review = Review(status=status)
    return out


def test_compare_counts_per_label_and_source_type():
    a, b, c = small_document(1), small_document(2), small_document(3)
    pairs = [
        (a, _reviewed(a, ReviewStatus.verified)),
        (b, _reviewed(b, ReviewStatus.corrected, drop_source=True)),
        (c, _reviewed(c, ReviewStatus.skipped, drop_source=True)),  # skipped: not judged
    ]
    report = S.compare(pairs)
    assert report["documents"] == {"judged": 2, "by_status": {"corrected": 1, "skipped": 1, "verified": 1}}
    assert report["by_label"]["SOURCE"] == {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0, "f1": 2 / 3}
    assert report["by_label"]["CUE"]["f1"] == 1.0
    assert report["by_source_type"]["named_person"]["tp"] == 1
    assert report["by_source_type"]["named_person"]["fp"] == 1
    assert report["by_source_type"]["none"]["fn"] == 1
    assert report["spans"]["fp"] == 1 and report["spans"]["fn"] == 0
    assert "SOURCE" in S.format_table({**report, "agreement": None})


def test_cohen_kappa_known_values():
    assert S.cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    # Classic 2x2 example: po = 0.7, pe = 0.5 -> kappa 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert S.cohen_kappa(pairs) == pytest.approx(0.4)
    assert S.cohen_kappa([("a", "a")]) is None  # all on one category: chance agreement is total
    assert S.cohen_kappa([]) is None


def test_agreement_between_annotators():
    a = small_document(1)
    same = [_reviewed(a, ReviewStatus.verified), _reviewed(a, ReviewStatus.verified)]
    differ = [_reviewed(a, ReviewStatus.verified), _reviewed(a, ReviewStatus.corrected, drop_source=True)]
    report = S.agreement([same, differ, [_reviewed(a, ReviewStatus.verified)]])
    assert (report["tasks"], report["pairs"]) == (2, 2)
    n = len(S.span_set(a))
    assert report["span_f1"] == pytest.approx((2 * n + 2 * (n - 1)) / (2 * n + (2 * n - 1)))
    assert report["verdict_kappa"] is not None and report["verdict_kappa"] < 1


def test_stats_from_tasks_scores_the_chosen_annotation_against_its_prediction():
    doc = small_document(6)
    task = T.document_to_task(doc)
    prediction = task["predictions"][0]
    prediction.update(id=5)
    corrected = [r for r in copy.deepcopy(prediction["result"]) if r.get("id") != "a1-source" and r.get("to_id") != "a1-source"]
    task.update(id=1, annotations=[
        {"id": 1, "completed_by": 1, "updated_at": "2026-01-01", "result": copy.deepcopy(prediction["result"])},
        {"id": 2, "completed_by": 2, "updated_at": "2026-01-02", "result": corrected},
    ])
    report = S.stats_from_tasks([task], policy="latest")
    assert report["by_label"]["SOURCE"]["fp"] == 1
    assert report["agreement"]["pairs"] == 1
    assert report["agreement"]["span_f1"] < 1


def _spoken(doc, speaker):
    out = doc.model_copy(deep=True)
    out.attributions[0].speaker = speaker
    return out


def test_by_speaker_shows_whose_quotes_the_machine_gets_wrong():
    from annotator.records import Review

    docs = [small_document(n) for n in range(4)]  # Ada, Grace, Alan, Edsger: one claim each
    pairs = [
        (_spoken(docs[0], "Ada Lovelace"), _spoken(docs[0], "ada  lovelace")),  # same person, spelled otherwise
        (_spoken(docs[1], "Ada Lovelace"), _spoken(docs[1], "Grace Hopper")),  # credited to the wrong person
        (_spoken(docs[2], None), _spoken(docs[2], "Alan Turing")),  # the machine named nobody
        (_spoken(docs[3], "Edsger Dijkstra"), _reviewed(docs[3], ReviewStatus.rejected)),  # the reviewer dropped it
    ]
    for n, (_, reviewed) in enumerate(pairs[:3]):
        reviewed.review = Review(status=ReviewStatus.corrected if n else ReviewStatus.verified)
    pairs[3][1].attributions = []
    report = S.compare(pairs)
    assert {k: (v["tp"], v["fp"], v["fn"]) for k, v in report["by_speaker"].items()} == {
        "ada lovelace": (1, 1, 0),  # shown as the reviewer spelled it (spaces tidied)
        "Alan Turing": (0, 0, 1),
        "Edsger Dijkstra": (0, 1, 0),
        "Grace Hopper": (0, 0, 1),
        "(unnamed)": (0, 1, 0),
    }
    assert list(report["by_speaker"])[-1] == "(unnamed)"
    table = S.format_table({**report, "agreement": None})
    rows = [line for line in table.splitlines() if "speaker:" in line]
    assert "ada lovelace" in rows[0] and len(rows) == 5  # most errors first


def test_speaker_names_are_not_rich_markup_and_the_table_is_cut_to_the_worst():
    docs = [small_document(n) for n in range(S.SPEAKER_ROWS + 3)]
    pairs = [(_spoken(d, f"[bold]Person {n}[/]"), _reviewed(_spoken(d, f"[bold]Person {n}[/]"), ReviewStatus.verified))
             for n, d in enumerate(docs)]
    pairs[0] = (_spoken(docs[0], "[/]"), _reviewed(_spoken(docs[0], "Someone Else"), ReviewStatus.corrected))
    table = S.format_table({**S.compare(pairs), "agreement": None})
    rows = [line for line in table.splitlines() if "speaker:" in line]
    assert len(rows) == S.SPEAKER_ROWS and "[/]" in rows[0] + rows[1] and "[bold]Person" in table
    assert f"the {S.SPEAKER_ROWS} with the most errors of {S.SPEAKER_ROWS + 4}" in table


def test_a_rejected_document_left_as_predicted_is_all_false_positives():
    """Issue 9, item 11: a reviewer who chose "rejected" and left the regions as they were scored
    the machine 100%. Rejected means the pre-annotation is wrong as a whole (guidelines, 9)."""
    a = small_document(1)
    report = S.compare([(a, _reviewed(a, ReviewStatus.rejected))])
    n = len(S.span_set(a))
    assert report["spans"]["tp"] == 0 and report["spans"]["fp"] == n and report["spans"]["fn"] == 0
    assert report["spans"]["precision"] == 0.0
    assert report["by_source_type"]["named_person"] == {"tp": 0, "fp": 1, "fn": 0, "precision": 0.0, "recall": None, "f1": 0.0}
    assert report["by_speaker"]["(unnamed)"]["fp"] == 1 and report["by_speaker"]["(unnamed)"]["tp"] == 0


def test_regions_a_reviewer_drew_in_a_rejected_document_are_what_the_machine_missed():
    a = small_document(1)
    reviewed = _reviewed(a, ReviewStatus.rejected, drop_source=True)
    from annotator.records import make_span

    reviewed.attributions[0].source = make_span(a.text, 0, 3)  # 'Gra', a source of the reviewer's
    report = S.compare([(a, reviewed)])
    assert report["by_label"]["SOURCE"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert report["by_label"]["CUE"]["tp"] == 0 and report["by_label"]["CUE"]["fn"] == 0


def test_a_rejected_task_read_from_label_studio_scores_its_prediction_as_wrong():
    doc = small_document(4)
    task = T.document_to_task(doc)
    task["predictions"][0].update(id=5)
    untouched = copy.deepcopy(task["predictions"][0]["result"])
    untouched.append({"id": "v", "type": "choices", "from_name": "review", "to_name": "text",
                      "value": {"choices": ["rejected"]}})
    task.update(id=1, annotations=[{"id": 1, "completed_by": 1, "updated_at": "2026-01-01", "result": untouched}])
    report = S.stats_from_tasks([task])
    assert report["documents"]["by_status"] == {"rejected": 1}
    assert report["spans"]["tp"] == 0 and report["spans"]["fp"] == len(S.span_set(doc))


def test_one_pair_of_annotators_has_no_kappa_and_says_n_a():
    """Issue 9, item 11: one task with two annotations printed kappa -1.000; chance agreement
    estimated from one task's two verdicts is those verdicts, so the figure means nothing."""
    a = small_document(1)
    one_task = [[_reviewed(a, ReviewStatus.verified), _reviewed(a, ReviewStatus.corrected, drop_source=True)]]
    report = S.agreement(one_task)
    assert (report["tasks"], report["pairs"], report["verdict_kappa"]) == (1, 1, None)
    three_on_one = [[_reviewed(a, ReviewStatus.verified)] * 2 + [_reviewed(a, ReviewStatus.rejected)]]
    assert S.agreement(three_on_one)["verdict_kappa"] is None
    empty = {"documents": {"judged": 0, "by_status": {}}, "spans": Counts().to_dict(), "by_label": {},
             "by_source_type": {}, "by_speaker": {}}
    table = S.format_table({**empty, "agreement": report})
    assert "verdict kappa n/a" in table and "-1.000" not in table
    assert "n/a" in [line for line in table.splitlines() if "all spans" in line][0]  # no P/R/F1 without spans


def test_verdicts_without_variance_have_no_kappa():
    a = small_document(1)
    same = [[_reviewed(a, ReviewStatus.verified)] * 2 for _ in range(3)]
    report = S.agreement(same)
    assert report["tasks"] == 3 and report["verdict_kappa"] is None and report["span_f1"] == 1.0
    mixed = same + [[_reviewed(a, ReviewStatus.verified), _reviewed(a, ReviewStatus.corrected)]]
    assert S.agreement(mixed)["verdict_kappa"] is not None
