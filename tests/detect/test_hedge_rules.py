"""Epistemic hedges against their look-alikes (annotator/detect/hedges.py)."""

import pytest


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
