"""Scoring of predicted records against gold: exact numbers on tiny hand-made documents."""

from __future__ import annotations

import json

import pytest

from annotator.errors import AnnotatorError
from annotator.evaluate import (
    EvalError,
    content_token_f1,
    load_records,
    match_spans,
    score_documents,
)


# --------------------------------------------------------------------------- helpers


def sp(text: str, sub: str, nth: int = 0) -> dict:
    """The span of the nth occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"start": start, "end": start + len(sub), "text": sub}


def at(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": text[start:end]}


def attr(cue, source=None, content=None, **extra) -> dict:
    return {"cue": cue, "source": source, "content": content, **extra}


def hedge(cue, kind="modal", **extra) -> dict:
    return {"cue": cue, "kind": kind, **extra}


def doc(text, attributions=(), hedges=(), doc_id="d1", **extra) -> dict:
    return {"id": doc_id, "text": text, "attributions": list(attributions), "hedges": list(hedges), **extra}


T1 = "Officials said the bridge may reopen soon. Critics doubt it, a union leader added."


def gold_t1(**extra) -> dict:
    return doc(
        T1,
        [
            attr(sp(T1, "said"), sp(T1, "Officials"), sp(T1, "the bridge may reopen soon")),
            attr(sp(T1, "added"), sp(T1, "a union leader"), sp(T1, "Critics doubt it")),
        ],
        [hedge(sp(T1, "may")), hedge(sp(T1, "doubt"), kind="speculative_verb")],
        **extra,
    )


# --------------------------------------------------------------------------- cue P/R/F1


def test_perfect_match_scores_one_everywhere():
    r = score_documents([gold_t1()], [gold_t1()])
    a, h = r.attribution, r.hedge
    assert (a.tp, a.fp, a.fn) == (2, 0, 0)
    assert (a.precision, a.recall, a.f1) == (1.0, 1.0, 1.0)
    assert (h.tp, h.fp, h.fn) == (2, 0, 0)
    assert h.f1 == 1.0
    assert r.source_accuracy.value == 1.0 and r.source_accuracy.n == 2
    assert r.content_f1.value == 1.0 and r.content_f1.n == 2
    assert r.errors == []


CASES = {
    # name: (gold attributions, predicted attributions, (tp, fp, fn), (precision, recall, f1))
    "one_fp": (
        [attr(sp(T1, "said"))],
        [attr(sp(T1, "said")), attr(sp(T1, "added"))],
        (1, 1, 0),
        (0.5, 1.0, 2 / 3),
    ),
    "one_fn": (
        [attr(sp(T1, "said")), attr(sp(T1, "added"))],
        [attr(sp(T1, "added"))],
        (1, 0, 1),
        (1.0, 0.5, 2 / 3),
    ),
    "overlap_only_cue_matches": (
        [attr(sp(T1, "said the"))],
        [attr(sp(T1, "id t"))],  # shares "id" and " t" with the gold cue only partly
        (1, 0, 0),
        (1.0, 1.0, 1.0),
    ),
    "touching_spans_do_not_overlap": (  # end exclusive: [a, b) and [b, c) share nothing
        [attr(sp(T1, "said"))],
        [attr(sp(T1, " the"))],
        (0, 1, 1),
        (0.0, 0.0, 0.0),
    ),
    "one_to_one_two_preds_one_gold": (
        [attr(sp(T1, "said the"))],
        [attr(sp(T1, "said")), attr(sp(T1, "the bridge"))],
        (1, 1, 0),
        (0.5, 1.0, 2 / 3),
    ),
    "one_to_one_two_golds_one_pred": (
        [attr(sp(T1, "said")), attr(sp(T1, "the"))],
        [attr(sp(T1, "said the"))],
        (1, 0, 1),
        (1.0, 0.5, 2 / 3),
    ),
    "nothing_predicted": (
        [attr(sp(T1, "said"))],
        [],
        (0, 0, 1),
        (None, 0.0, 0.0),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_cue_counts(name):
    gold_items, pred_items, counts, prf = CASES[name]
    r = score_documents([doc(T1, gold_items)], [doc(T1, pred_items)])
    c = r.attribution
    assert (c.tp, c.fp, c.fn) == counts
    for got, want in zip((c.precision, c.recall, c.f1), prf):
        assert got == (None if want is None else pytest.approx(want))


def test_counts_are_summed_over_documents():
    t2 = "The minister said no."
    gold = [gold_t1(doc_id="a"), doc(t2, [attr(sp(t2, "said"))], doc_id="b")]
    pred = [gold_t1(doc_id="a"), doc(t2, [attr(sp(t2, "minister"))], doc_id="b")]
    c = score_documents(gold, pred).attribution
    assert (c.tp, c.fp, c.fn) == (2, 1, 1)
    assert c.f1 == pytest.approx(4 / 6)


def test_missing_prediction_counts_as_predicting_nothing():
    r = score_documents([gold_t1(doc_id="a"), gold_t1(doc_id="b")], [gold_t1(doc_id="a")])
    assert (r.attribution.tp, r.attribution.fn) == (2, 2)
    assert (r.hedge.tp, r.hedge.fn) == (2, 2)
    assert r.documents == 2


# --------------------------------------------------------------------------- bipartite matching


# Text positions 0..25. G1 = [0,10), G2 = [9,14); P1 = [2,10) overlaps G1 by 8 and G2 by 1,
# P2 = [0,2) overlaps G1 only. Greedy by overlap pairs G1-P1 first and then has nothing for
# G2 or P2; the maximum matching is G1-P2, G2-P1.
ABC = "abcdefghijklmnopqrstuvwxyz"
G1, G2, P1, P2 = (0, 10), (9, 14), (2, 10), (0, 2)


@pytest.mark.parametrize("preds", [[P1, P2], [P2, P1]])
def test_bipartite_beats_greedy(preds):
    gold = doc(ABC, [attr(at(ABC, *G1)), attr(at(ABC, *G2))])
    pred = doc(ABC, [attr(at(ABC, *p)) for p in preds])
    c = score_documents([gold], [pred]).attribution
    assert (c.tp, c.fp, c.fn) == (2, 0, 0)


def test_bipartite_beats_greedy_mirrored():
    # Same shape with the roles swapped: one gold overlaps two predictions.
    gold = doc(ABC, [attr(at(ABC, *P1)), attr(at(ABC, *P2))])
    pred = doc(ABC, [attr(at(ABC, *G1)), attr(at(ABC, *G2))])
    c = score_documents([gold], [pred]).attribution
    assert (c.tp, c.fp, c.fn) == (2, 0, 0)


def test_match_spans_pairs():
    assert match_spans([G1, G2], [P1, P2]) == {0: 1, 1: 0}
    # larger overlap preferred when it costs nothing
    assert match_spans([(0, 10)], [(9, 12), (3, 8)]) == {0: 1}
    assert match_spans([(0, 5)], [(5, 8)]) == {}
    assert match_spans([], [(0, 1)]) == {}


def test_larger_overlap_preferred_for_source_scoring():
    t = "Aides said on Monday, said Jones, that he left."
    gold = doc(t, [attr(sp(t, "said on Monday, said"), sp(t, "Jones"))])
    # Both predictions overlap the gold cue; the second overlaps it more and has the right source.
    pred = doc(t, [attr(sp(t, "Monday, said"), sp(t, "Aides")), attr(sp(t, "said on Monday, sa"), sp(t, "Jones"))])
    r = score_documents([gold], [pred])
    assert (r.attribution.tp, r.attribution.fp) == (1, 1)
    assert r.source_accuracy.value == 1.0


# --------------------------------------------------------------------------- optional gold


def test_optional_gold_matched_is_neutral():
    gold = doc(T1, [attr(sp(T1, "said"), optional=True), attr(sp(T1, "added"))])
    pred = doc(T1, [attr(sp(T1, "said")), attr(sp(T1, "added"))])
    r = score_documents([gold], [pred])
    c = r.attribution
    assert (c.tp, c.fp, c.fn) == (1, 0, 0)
    assert r.source_accuracy.n == 1  # optional pair not scored for source either
    assert r.errors == []


def test_optional_gold_unmatched_is_not_fn():
    gold = doc(T1, hedges=[hedge(sp(T1, "may"), optional=True), hedge(sp(T1, "doubt"))])
    pred = doc(T1, hedges=[hedge(sp(T1, "doubt"))])
    h = score_documents([gold], [pred]).hedge
    assert (h.tp, h.fp, h.fn) == (1, 0, 0)
    assert h.recall == 1.0


def test_only_optional_gold_leaves_precision_undefined():
    gold = doc(T1, hedges=[hedge(sp(T1, "may"), kind="speculation_hypo_doxastic", optional=True)])
    pred = doc(T1, hedges=[hedge(sp(T1, "may"))])
    r = score_documents([gold], [pred])
    assert (r.hedge.tp, r.hedge.fp, r.hedge.fn) == (0, 0, 0)
    assert r.hedge.precision is None and r.hedge.f1 is None
    assert r.recall_by_hedge_kind == {}


def test_prediction_prefers_non_optional_gold():
    # The prediction overlaps an optional gold cue more than a required one; it must be
    # counted against the required one (TP) rather than swallowed by the optional one.
    t = "It may possibly rain."
    gold = doc(t, hedges=[hedge(sp(t, "may possibly"), optional=True), hedge(sp(t, "y p"))])
    pred = doc(t, hedges=[hedge(sp(t, "may possibly"))])
    h = score_documents([gold], [pred]).hedge
    assert (h.tp, h.fp, h.fn) == (1, 0, 0)


def test_optional_gold_absorbs_a_second_prediction():
    t = "It may possibly rain."
    gold = doc(t, hedges=[hedge(sp(t, "may")), hedge(sp(t, "possibly"), optional=True)])
    pred = doc(t, hedges=[hedge(sp(t, "may possibly")), hedge(sp(t, "possibly"))])
    h = score_documents([gold], [pred]).hedge
    assert (h.tp, h.fp, h.fn) == (1, 0, 0)


# --------------------------------------------------------------------------- source and content


SRC_T = "Police said the road was closed."


@pytest.mark.parametrize(
    "gold_source,pred_source,correct",
    [
        (None, None, 1.0),
        (None, sp(SRC_T, "Police"), 0.0),
        (sp(SRC_T, "Police"), None, 0.0),
        (sp(SRC_T, "Police"), sp(SRC_T, "lice"), 1.0),  # overlap is enough
        (sp(SRC_T, "Police"), sp(SRC_T, "road"), 0.0),
    ],
)
def test_source_accuracy(gold_source, pred_source, correct):
    gold = doc(SRC_T, [attr(sp(SRC_T, "said"), gold_source)])
    pred = doc(SRC_T, [attr(sp(SRC_T, "said"), pred_source)])
    r = score_documents([gold], [pred])
    assert r.source_accuracy.value == correct
    assert r.source_accuracy.n == 1


CT = "The mayor said the bridge will reopen in the spring."


def test_content_token_f1_partial_overlap_by_position():
    # gold tokens: the(15) bridge will reopen -> 4; pred tokens: reopen in the(41) spring -> 4.
    # Shared positions: only "reopen" (the two "the"s are different words): F1 = 2*1/(4+4).
    gold = doc(CT, [attr(sp(CT, "said"), None, sp(CT, "the bridge will reopen"))])
    pred = doc(CT, [attr(sp(CT, "said"), None, sp(CT, "reopen in the spring"))])
    r = score_documents([gold], [pred])
    assert r.content_f1.value == pytest.approx(0.25)
    assert r.content_f1.n == 1


def test_content_f1_averaged_over_pairs():
    gold = doc(
        CT,
        [
            attr(sp(CT, "said"), None, sp(CT, "the bridge will reopen")),
            attr(sp(CT, "mayor"), None, None),
        ],
    )
    pred = doc(
        CT,
        [
            attr(sp(CT, "said"), None, sp(CT, "the bridge will")),  # 2*3/(4+3) = 6/7
            attr(sp(CT, "mayor"), None, sp(CT, "spring")),  # gold null, pred not -> 0
        ],
    )
    r = score_documents([gold], [pred])
    assert r.content_f1.value == pytest.approx((6 / 7 + 0.0) / 2)


@pytest.mark.parametrize(
    "gold,pred,want",
    [
        (None, None, 1.0),
        ((0, 9), None, 0.0),
        (None, (0, 9), 0.0),
        ((0, 9), (0, 9), 1.0),
        ((15, 25), (16, 25), 0.5),  # "the bridge" vs "he bridge": "he" is not "the"
    ],
)
def test_content_token_f1_function(gold, pred, want):
    assert content_token_f1(CT, gold, pred) == pytest.approx(want)


def test_source_and_quote_type_accuracy_and_breakdown():
    t = "Smith said it. Aides claimed so. It was reported."
    gold = doc(
        t,
        [
            attr(sp(t, "said"), sp(t, "Smith"), source_type="named_person", quote_type="indirect"),
            attr(sp(t, "claimed"), sp(t, "Aides"), source_type="anonymous", quote_type=None),
            attr(sp(t, "reported"), None, source_type="agentless", quote_type="indirect"),
        ],
    )
    pred = doc(
        t,
        [
            attr(sp(t, "said"), sp(t, "Smith"), source_type="named_person", quote_type="direct"),
            attr(sp(t, "claimed"), sp(t, "Aides"), source_type="named_organisation", quote_type="direct"),
        ],
    )
    r = score_documents([gold], [pred])
    assert (r.source_type_accuracy.value, r.source_type_accuracy.n) == (0.5, 2)
    assert (r.quote_type_accuracy.value, r.quote_type_accuracy.n) == (0.0, 1)
    by = {k: (v.found, v.total) for k, v in r.recall_by_source_type.items()}
    assert by == {"named_person": (1, 1), "anonymous": (1, 1), "agentless": (0, 1)}


def test_hedge_kind_breakdown_accepts_foreign_kinds():
    gold = doc(
        T1,
        hedges=[
            hedge(sp(T1, "may"), kind="speculation_modal_probable"),
            hedge(sp(T1, "doubt"), kind="speculation_modal_probable"),
        ],
    )
    pred = doc(T1, hedges=[hedge(sp(T1, "may"))])
    r = score_documents([gold], [pred])
    rec = r.recall_by_hedge_kind["speculation_modal_probable"]
    assert (rec.found, rec.total, rec.value) == (1, 2, 0.5)


# --------------------------------------------------------------------------- skipped layers


def test_no_hedge_gold_skips_hedges_only():
    gold = gold_t1(no_hedge_gold=True)
    gold["hedges"] = []
    pred = gold_t1()
    r = score_documents([gold], [pred])
    assert (r.hedge.tp, r.hedge.fp, r.hedge.fn) == (0, 0, 0)
    assert r.hedge_documents == 0
    assert r.attribution.tp == 2 and r.attribution_documents == 1
    assert "hedge cue precision" not in r.format_table()


def test_no_attribution_gold_skips_attributions_only():
    gold = gold_t1(no_attribution_gold=True)
    gold["attributions"] = []
    pred = doc(T1, [attr(sp(T1, "said"))], [hedge(sp(T1, "may")), hedge(sp(T1, "soon"))])
    r = score_documents([gold], [pred])
    assert (r.attribution.tp, r.attribution.fp, r.attribution.fn) == (0, 0, 0)
    assert (r.hedge.tp, r.hedge.fp, r.hedge.fn) == (1, 1, 1)


# --------------------------------------------------------------------------- errors list and report


def test_errors_list_names_fp_and_fn():
    gold = doc(T1, [attr(sp(T1, "said"))], [hedge(sp(T1, "may"))])
    pred = doc(T1, [attr(sp(T1, "added"))], [hedge(sp(T1, "may"))])
    r = score_documents([gold], [pred])
    assert sorted(r.errors, key=lambda e: e.kind) == [
        EvalError("d1", "attribution", "fn", "said", 10, 14),
        EvalError("d1", "attribution", "fp", "added", T1.index("added"), T1.index("added") + 5),
    ]


def test_to_dict_is_json_and_table_has_rows():
    gold = gold_t1()
    pred = gold_t1()
    pred["attributions"].pop()
    r = score_documents([gold], [pred])
    d = json.loads(json.dumps(r.to_dict()))
    assert d["attribution"]["cue"] == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}
    assert d["errors"][0]["kind"] == "fn"
    table = r.format_table()
    lines = table.splitlines()
    assert lines[0].split() == ["metric", "value", "n"]
    recall_line = next(line for line in lines if line.startswith("attribution cue recall"))
    assert recall_line.split()[-2:] == ["0.500", "2"]


# --------------------------------------------------------------------------- bad input


def test_mismatched_text_is_an_error():
    pred = gold_t1()
    pred["text"] = T1.replace("Officials", "Officers")
    with pytest.raises(AnnotatorError, match="d1"):
        score_documents([gold_t1()], [pred])


def test_prediction_without_gold_is_an_error():
    with pytest.raises(AnnotatorError, match="no gold"):
        score_documents([gold_t1()], [gold_t1(), gold_t1(doc_id="stray")])


def test_duplicate_ids_are_an_error():
    with pytest.raises(AnnotatorError, match="more than once"):
        score_documents([gold_t1(), gold_t1()], [])


def test_load_records_reads_lazily_and_names_bad_line(tmp_path):
    path = tmp_path / "recs.jsonl"
    path.write_text(json.dumps(gold_t1()) + "\n\n" + "{not json\n", encoding="utf-8")
    it = load_records(path)
    assert next(it)["id"] == "d1"  # the good line comes out before the bad one is read
    with pytest.raises(AnnotatorError, match=rf"{path}:3: "):
        next(it)


def test_load_records_rejects_non_objects_and_missing_files(tmp_path):
    path = tmp_path / "recs.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=rf"{path}:1: expected a JSON object"):
        list(load_records(path))
    with pytest.raises(AnnotatorError, match="cannot read"):
        list(load_records(tmp_path / "absent.jsonl"))


def test_load_records_round_trip_scores(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(gold_t1(doc_id=i)) for i in "abc") + "\n", encoding="utf-8")
    r = score_documents(load_records(path), load_records(path))
    assert (r.documents, r.attribution.tp, r.hedge.tp) == (3, 6, 6)


def test_resolved_source_accuracy_counts_overlap_with_gold_referent():
    from annotator.evaluate import score_documents

    text = "Ms Okafor spoke. She said it was over."
    def att(res):
        return {"cue": {"start": 21, "end": 25, "text": "said"}, "source": {"start": 17, "end": 20, "text": "She"},
                "content": {"start": 26, "end": 37, "text": "it was over"}, "source_type": "pronoun",
                "resolved_source": res}
    okafor = {"start": 0, "end": 9, "text": "Ms Okafor"}
    gold = [{"id": "d", "text": text, "attributions": [att(okafor)], "hedges": []}]
    right = [{"id": "d", "text": text, "attributions": [att({"start": 3, "end": 9, "text": "Okafor"})], "hedges": []}]
    wrong = [{"id": "d", "text": text, "attributions": [att(None)], "hedges": []}]
    assert score_documents(gold, right).resolved_source_accuracy.value == 1.0
    assert score_documents(gold, wrong).resolved_source_accuracy.value == 0.0


def test_checkworthy_is_scored_per_document_where_gold_has_it():
    def doc(i, text, claims_worthy):
        claims = [{"id": f"c{k}", "span": at(text, 0, len(text)), "score": 0.5, "checkworthy": w}
                  for k, w in enumerate(claims_worthy, 1)]
        return {"id": i, "text": text, "claims": claims}

    t = "Rents rose 9 percent."
    gold = [
        {"id": "tp", "text": t, "checkworthy": True, "no_attribution_gold": True, "no_hedge_gold": True},
        {"id": "fp", "text": t, "checkworthy": False, "no_attribution_gold": True, "no_hedge_gold": True},
        {"id": "fn", "text": t, "checkworthy": True, "no_attribution_gold": True, "no_hedge_gold": True},
        {"id": "tn", "text": t, "checkworthy": False, "no_attribution_gold": True, "no_hedge_gold": True},
        {"id": "unjudged", "text": t, "no_attribution_gold": True, "no_hedge_gold": True},
    ]
    pred = [doc("tp", t, [False, True]), doc("fp", t, [True]), doc("fn", t, [False]), doc("tn", t, []),
            doc("unjudged", t, [True])]
    report = score_documents(gold, pred)
    c = report.checkworthy
    assert (c.tp, c.fp, c.fn) == (1, 1, 1) and report.checkworthy_documents == 4
    assert report.to_dict()["checkworthy"]["f1"] == 0.5
    assert ("check-worthy documents F1", 0.5, 2) in report.rows()


def test_no_checkworthy_rows_without_sentence_gold():
    t = "Rents rose."
    report = score_documents([{"id": "a", "text": t}], [{"id": "a", "text": t}])
    assert report.checkworthy_documents == 0
    assert not [r for r in report.rows() if r[0].startswith("check-worthy")]
