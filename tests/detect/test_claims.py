"""Claims: which sentences assert a fact, their kind, their sources, and the model's score."""

import pytest

from annotator.detect.claim_scorer import ClaimScorer
from annotator.detect.tuning import CLAIM_THRESHOLD
from annotator.pipeline import load_pipeline

TEXT = (
    "Harbour strike ends\n\n"
    "The port handled 2.4 million containers last year. "
    "Ms Okafor said the new crane would double capacity. "
    "Is the deal fair? "
    "Traffic fell because the bridge closed. "
    "The mayor signed the order on Friday.\n"
)


def claim_at(doc, words):
    found = [c for c in doc.claims if words in c.span.text]
    assert found, f"no claim holds {words!r}: {[c.span.text for c in doc.claims]}"
    return found[0]


def test_one_claim_per_asserting_sentence_and_none_for_headline_or_question(annotated):
    doc = annotated(TEXT)
    texts = [c.span.text for c in doc.claims]
    assert not any("Harbour strike" in t for t in texts)
    assert not any("deal fair" in t for t in texts)
    assert len(doc.claims) == 4


def test_unsourced_statistic(annotated):
    c = claim_at(annotated(TEXT), "2.4 million")
    assert c.kind == "statistic" and c.attribution_ids == []
    assert c.span.text == "The port handled 2.4 million containers last year"


def test_reported_clause_is_the_claim_and_names_its_attribution(annotated):
    doc = annotated(TEXT)
    c = claim_at(doc, "crane")
    said = [a for a in doc.attributions if a.cue.text == "said"][0]
    assert c.attribution_ids == [said.id]
    assert c.span.text == "the new crane would double capacity"
    assert c.kind in ("comparison", "prediction")


@pytest.mark.parametrize("words,kind", [("because", "causal"), ("signed", "record")])
def test_kind_rules(annotated, words, kind):
    assert claim_at(annotated(TEXT), words).kind == kind


def test_checkworthy_follows_the_threshold_and_scores_are_probabilities(annotated):
    doc = annotated(TEXT)
    assert all(0.0 <= c.score <= 1.0 and c.checkworthy == (c.score >= CLAIM_THRESHOLD) for c in doc.claims)
    assert len({c.score for c in doc.claims}) > 1


def test_statistic_scores_above_small_talk():
    scorer = ClaimScorer.builtin()
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["attribution_detector"]):
        figure = nlp("Unemployment rose by 12 percent in 2019, the highest rate in a decade.")
        chat = nlp("Thank you all so much for coming tonight.")
    from annotator.detect.claims import claim_features

    assert scorer(claim_features(figure[:])) > 0.7 > 0.3 > scorer(claim_features(chat[:]))


def test_shipped_model_flags_a_checkable_record_and_passes_over_an_opinion():
    scorer = ClaimScorer.builtin()
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["attribution_detector"]):
        record = nlp("The county council sold 300 of its care homes to private firms between 2015 and 2019.")
        opinion = nlp("I think people just want to feel that somebody is listening to them.")
    from annotator.detect.claims import claim_features

    assert scorer(claim_features(record[:])) >= CLAIM_THRESHOLD > scorer(claim_features(opinion[:]))


def test_the_parse_is_a_feature():
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["attribution_detector"]):
        doc = nlp("Unemployment rose by 12 percent in 2019.")
    from annotator.detect.claims import claim_features

    feats = claim_features(doc[:])
    assert "dh=unemployment>rise" in feats and "dl=nsubj_unemployment" in feats


def test_claim_threshold_is_a_component_setting():
    nlp = load_pipeline(claim_threshold=0.0)
    doc = nlp("The port handled 2.4 million containers last year.")
    assert doc._.findings.claims and all(c.checkworthy for c in doc._.findings.claims)
    assert [s.text for s in doc.spans["claim"]] == ["The port handled 2.4 million containers last year"]
    assert doc.spans["claim"][0].label_ == "statistic"


def test_claims_can_be_turned_off():
    nlp = load_pipeline(claims=False)
    assert nlp("The port handled 2.4 million containers last year.")._.findings.claims == []


def test_long_document_pieces_keep_claim_offsets(nlp):
    from annotator.annotate import annotate_documents
    from annotator.io import InputDocument

    text = "\n\n".join(f"The depot shed {n} jobs in March." for n in range(1, 40))
    doc = next(annotate_documents(nlp, [InputDocument("long", text, {}, "t")], max_chunk_chars=200))
    assert len(doc.claims) == 39
    assert all(text[c.span.start:c.span.end] == c.span.text for c in doc.claims)
    assert doc.claims[-1].span.text == "The depot shed 39 jobs in March"


def test_words_about_the_article_are_no_claims(annotated):
    doc = annotated(
        "The council cut 40 jobs in 2019.\n\n"
        "Correction: This story originally gave the number of jobs as 14.\n\n"
        "This article first appeared in the 2 May 2021 issue of the Harbour Gazette.\n"
    )
    texts = [c.span.text for c in doc.claims]
    assert any("40 jobs" in t for t in texts)
    assert not any("originally gave" in t or "first appeared" in t for t in texts)


def test_a_quotation_after_a_speakers_turn_is_still_theirs(annotated):
    doc = annotated(
        "“The yard is losing money,” Ms Okafor says. “We lost £3m in 2020 and £5m in 2021.”\n"
    )
    said = next(a for a in doc.attributions if a.cue.text == "says")
    claim = claim_at(doc, "£3m")
    assert claim.attribution_ids == [said.id]


def test_one_of_them_counts_nothing(annotated):
    doc = annotated("One of them – Jon Ferris, 47 – runs the stall on Saturdays. One in five stalls closed in May.\n")
    assert claim_at(doc, "runs the stall").kind != "statistic"
    assert claim_at(doc, "five stalls").kind == "statistic"
