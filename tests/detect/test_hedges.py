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
