"""A document's confidence: the prediction's score and the order of ``push --order uncertain``."""

import math

import pytest

from annotator.errors import AnnotatorError
from annotator.formats.labelstudio import confidence as K
from annotator.formats.labelstudio.tasks import document_to_prediction, document_to_task
from annotator.labelstudio.push import ExistingTask, plan_push
from annotator.records import Document
from annotator.formats.labelstudio.tasks import content_hash, model_version_of
from ls_helpers import small_document


def scored(n: int, *scores: float, text: str | None = None):
    """small_document ``n`` with its findings rescored: the first score is the attribution's, the
    rest are hedges (copies of its one hedge); no scores at all: no findings."""
    if not scores:
        return Document(id=f"doc-{n}", text=text or "Nothing is reported here.", annotator_version="9.9.9", model="m")
    doc = small_document(n, text=text)
    attribution = doc.attributions[0].model_copy(update={"score": scores[0], "hedge_ids": []})
    hedges = [doc.hedges[0].model_copy(update={"id": f"h{i}", "score": s}) for i, s in enumerate(scores[1:], 1)]
    return doc.model_copy(update={"attributions": [attribution], "hedges": hedges})


def test_confidence_is_the_mean_of_the_weakest_findings():
    assert K.WEAKEST_FINDINGS == 3
    assert K.document_confidence(scored(1, 0.9, 0.5, 0.6, 0.99, 0.7)) == 0.6  # (0.5 + 0.6 + 0.7) / 3
    assert K.document_confidence(scored(1, 0.9, 0.8)) == 0.85  # fewer findings than that: all of them
    assert K.document_confidence(scored(1, 0.7)) == 0.7


def test_three_doubtful_findings_rank_before_one_among_sure_ones():
    many_doubts = scored(1, 0.55, 0.55, 0.55, 0.99)
    one_doubt = scored(2, 0.5, 0.99, 0.99, 0.99)
    assert K.document_confidence(many_doubts) < K.document_confidence(one_doubt)
    assert K.document_confidence(one_doubt) > min(0.5, 0.99)  # not the minimum: one item does not decide


def test_a_document_with_no_findings_is_doubted_by_its_length():
    caption = scored(1, text="Ada Lovelace at her desk in 1843.")
    article = scored(2, text=" ".join(["word"] * 500))
    assert K.document_confidence(caption) == round(math.exp(-7 / K.WORDS_PER_ATTRIBUTION), 3)
    assert K.document_confidence(caption) > 0.9  # a short text with no attribution is likely right
    assert K.document_confidence(article) == round(math.exp(-5), 3)  # an empty long article is likely a miss
    sure = scored(3, 0.9)
    assert K.least_confident_first([caption, sure, article]) == [article, sure, caption]


def test_the_prediction_score_is_the_document_confidence():
    doc = scored(1, 0.9, 0.4, 0.8)
    assert document_to_prediction(doc)["score"] == K.document_confidence(doc) == 0.7
    (prediction,) = document_to_task(doc)["predictions"]
    assert prediction["score"] == 0.7
    assert all(r.get("score") in (None, 0.9, 0.4, 0.8) for r in prediction["result"])  # regions keep their own
    assert document_to_prediction(scored(2))["score"] < 1.0  # no findings is no longer "sure"


def test_order_uncertain_plans_the_least_confident_imports_first():
    docs = [scored(1, 0.9), scored(2, 0.5), scored(3, 0.7), scored(4, 0.5), scored(5, 0.99)]
    assert [d.id for d in plan_push(docs, {}).create] == ["doc-1", "doc-2", "doc-3", "doc-4", "doc-5"]
    uncertain = plan_push(docs, {}, order="uncertain")
    assert [d.id for d in uncertain.create] == ["doc-2", "doc-4", "doc-3", "doc-1", "doc-5"]  # ties keep input order


def test_order_uncertain_orders_only_new_tasks():
    docs = [scored(1, 0.9), scored(2, 0.4, text="Grace Hopper said that plan 2 may fail!"), scored(3, 0.5)]
    known = docs[1].model_copy(update={"model": "older"})
    existing = {"doc-2": ExistingTask(7, content_hash(known.text), {model_version_of(known)})}
    plan = plan_push(docs, existing, order="uncertain")
    assert [d.id for d in plan.create] == ["doc-3", "doc-1"]
    assert [(t, d.id) for t, d in plan.predict] == [(7, "doc-2")]


def test_an_unknown_order_is_a_one_line_error():
    with pytest.raises(AnnotatorError, match=r"unknown push order 'random': expected one of input, uncertain"):
        plan_push([scored(1, 0.9)], {}, order="random")
