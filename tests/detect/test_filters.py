"""Candidates that look like attributions but report nobody (annotator/detect/filters.py),
and the ones whose lexicon weight stands instead of the scorer's judgement."""

import pytest


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I wonder whether the council knows what it is doing.", id="author-wonders"),
        pytest.param("I think the council has lost its way.", id="author-thinks"),
        pytest.param("Nobody said the plan would work.", id="nobody-said"),
        pytest.param("Drivers can request extra training from the depot.", id="possible-act-not-a-report"),
        pytest.param("Repairs appear to have stalled.", id="impression-without-observer"),
        pytest.param("It seems the plan has failed.", id="it-seems"),
    ],
)
def test_not_a_report(annotated, text):
    assert [a.cue.text for a in annotated(text).attributions] == []


def test_impression_is_still_a_hedge(annotated):
    doc = annotated("Repairs appear to have stalled.")
    assert [(h.cue.text, h.kind) for h in doc.hedges] == [("appear to", "speculative_verb")]


def test_writer_told_is_a_report(annotated, by_cue):
    att = by_cue(annotated("I am told that the chairman will resign before Christmas."), "told")
    assert att.source.text == "I" and att.source_type == "author"
    assert att.content.text == "that the chairman will resign before Christmas"


def test_circumstance_of_another_cue_is_part_of_it(annotated):
    doc = annotated("Asked about the delay, the minister said the trains would run on time.")
    assert [(a.cue.text, a.source.text, a.content.text) for a in doc.attributions] == [
        ("said", "the minister", "the trains would run on time")
    ]


def test_speaker_quoting_a_third_party_is_two_attributions(annotated):
    """'"My lawyer says ...," he said': the scorer would silence the cue inside the quote;
    the lexicon decides for a third party's report."""
    doc = annotated("“My lawyer says we have a case,” he said.")
    got = [(a.cue.text, a.source.text, a.content.text, a.quote_type) for a in doc.attributions]
    assert got == [
        ("says", "My lawyer", "we have a case", "indirect"),
        ("said", "he", "“My lawyer says we have a case,”", "direct"),
    ]


def test_one_attribution_per_cue_without_a_parser(blank_nlp):
    """The lexical fallback matches both 'pointed' and 'pointed out': one cue, the longer."""
    text = "“Nobody checked the pier,” pointed out Ms Cole."
    found = blank_nlp(text)._.findings.attributions
    assert [(text[slice(*a.cue)], a.source and text[slice(*a.source)]) for a in found] == [("pointed out", "Ms Cole")]


# ---- Readings with a reporting word that report nobody (annotator/detect/filters.py).



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
def test_not_a_report_reading(annotate_text, text, word):
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
