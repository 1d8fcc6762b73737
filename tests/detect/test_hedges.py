"""Hedge cues and the readings of hedge words that weaken nothing (annotator/detect/hedges.py)."""

import pytest


@pytest.mark.parametrize(
    "text, cue, kind, scope",
    [
        pytest.param("The council may raise taxes next year.", "may", "modal",
                     "The council may raise taxes next year", id="may"),
        pytest.param("The strike could spread to other ports.", "could", "modal", "The strike could spread to other ports",
                     id="could-of-possibility"),
        pytest.param("It is possible that the vote will be delayed.", "It is possible", "adjective",
                     "It is possible that the vote will be delayed", id="it-is-possible-that"),
        pytest.param("Repairs appear to have stalled.", "appear to", "speculative_verb",
                     "Repairs appear to have stalled", id="appear-to"),
    ],
)
def test_hedge(annotated, text, cue, kind, scope):
    hedges = annotated(text).hedges
    assert [(h.cue.text, h.kind, h.scope.text) for h in hedges] == [(cue, kind, scope)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The festival will return in May.", id="may-the-month"),
        pytest.param("As a child she could swim across the lake.", id="could-of-past-ability"),
        pytest.param("He could not open the door yesterday.", id="could-not-yesterday"),
        pytest.param("She appears in court on Monday.", id="appears-in-court"),
        pytest.param("The scheme will start as soon as possible.", id="as-soon-as-possible"),
        pytest.param("The council made it possible for families to stay.", id="made-it-possible"),
        pytest.param("The shop will open where possible on Sundays.", id="where-possible"),
        pytest.param("The film ‘Who Could Ask For More’ opens on Friday.", id="single-quoted-title"),
        pytest.param("She starred in “It Could Happen To You” in 1994.", id="double-quoted-title"),
    ],
)
def test_no_hedge(annotated, text):
    assert [h.cue.text for h in annotated(text).hedges] == []


# ---- Epistemic hedges against their look-alikes (annotator/detect/hedges.py).



def hedge_cues(doc):
    return [h.cue.text for h in doc.hedges]


@pytest.mark.parametrize(
    "text, cue",
    [
        pytest.param("This seems to me a kind of madness.", "seems", id="seem-with-any-complement"),
        pytest.param("Police are examining a possible link between the two fires.", "possible", id="possible-link"),
        pytest.param("The deal could collapse before Friday.", "could", id="epistemic-could"),
        pytest.param("The strike could last for weeks.", "could", id="could-last-is-no-time-word"),
        pytest.param("There are signs that the economy is slowing.", "signs that", id="nominal-signs-that"),
        pytest.param("The likelihood of a strike has grown.", "likelihood of", id="nominal-likelihood"),
    ],
)
def test_hedges(annotate_text, text, cue):
    assert cue in hedge_cues(annotate_text(text))


@pytest.mark.parametrize(
    "text, word",
    [
        pytest.param("I just wish I could believe him.", "could", id="could-of-a-wish"),
        pytest.param("If they could win the toss, they would bat first.", "could", id="could-of-a-condition"),
        pytest.param("It was the best possible outcome for the club.", "possible", id="superlative-possible"),
        pytest.param("All potential buyers were shown the flat.", "potential", id="all-potential"),
        pytest.param("He made a sign to the driver.", "sign", id="sign-without-a-claim"),
    ],
)
def test_not_hedges(annotate_text, text, word):
    assert word not in hedge_cues(annotate_text(text))


def test_a_scope_never_ends_inside_a_word(annotate_text):
    text = "Ministers may have re-elected him."
    doc = annotate_text(text)
    for h in doc.hedges:
        if h.scope is not None:
            end = h.scope.end
            assert end == len(text) or not (text[end - 1].isalnum() and (text[end].isalnum() or text[end] == "-"))
