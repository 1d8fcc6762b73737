"""Readings with a reporting word that report nobody (annotator/detect/filters.py)."""

import pytest


def cues(doc):
    return [a.cue.text for a in doc.attributions]


NOT_REPORTS = pytest.mark.parametrize(
    "text, word",
    [
        pytest.param("Say you are not sure the bridge is safe, and they glare at you.", "Say", id="imperative-to-the-reader"),
        pytest.param("“Don’t say that,” she snapped at him.", "say", id="imperative-inside-a-quote"),
        pytest.param("That is why I do not tell them that I am a reporter.", "tell", id="negated-author-report"),
        pytest.param("I can ask whatever I like about the budget.", "ask", id="hypothetical-author-act"),
        pytest.param("No one knows whether the scheme will survive the winter.", "knows", id="nobody-as-source"),
        pytest.param("One nurse, who asked not to be named, described the ward as chaotic.", "asked", id="meta-remark"),
        pytest.param("The grandeur of it, you could say, was the point.", "say", id="writers-aside"),
    ],
)


def test_a_simile_reports_nothing(annotate_text):
    doc = annotate_text("They talk about the coach as fans talk about a saint.")
    assert not any(a.source is not None and a.source.text == "fans" for a in doc.attributions)


@NOT_REPORTS
def test_not_a_report(annotate_text, text, word):
    assert not any(c.startswith(word) for c in cues(annotate_text(text)))


@pytest.mark.parametrize(
    "text, cue",
    [
        pytest.param("As the chancellor put it, the figures “speak for themselves”.", "put it", id="as-x-put-it-stays"),
        pytest.param("Obama and Clinton call them rebels and describe their acts as crimes.", "describe", id="conjoined-verb-with-subject"),
        pytest.param("The mayor said she would not tell reporters that the deal was dead.", "said", id="third-party-report"),
    ],
)
def test_still_a_report(annotate_text, text, cue):
    assert any(c.startswith(cue) for c in cues(annotate_text(text)))
