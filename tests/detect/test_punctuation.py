"""Attributions carried by punctuation, not a verb (annotator/detect/punctuation.py)."""

import pytest


@pytest.mark.parametrize(
    "text, cue, source, content, source_type",
    [
        pytest.param("“The bridge is safe” ― Ana Ruiz", "―", "Ana Ruiz", "“The bridge is safe”", "named_person",
                     id="pull-quote-signed-with-a-bar"),
        pytest.param("“We will be back.” — Tom Reid", "—", "Tom Reid", "“We will be back.”", "named_person",
                     id="pull-quote-signed-with-an-em-dash"),
        pytest.param("Mayor Jo Banks was blunt: “We cannot afford it.”", ":", "Mayor Jo Banks",
                     "“We cannot afford it.”", "named_person", id="described-speaker-colon-quote"),
        pytest.param("WALLACE: Let’s start with the budget.", ":", "WALLACE", "Let’s start with the budget",
                     "named_person", id="transcript-speaker-label"),
    ],
)
def test_punctuation_cue(annotated, by_cue, text, cue, source, content, source_type):
    att = by_cue(annotated(text), cue)
    assert att.source.text == source
    assert att.content.text == content
    assert att.source_type == source_type


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Correction: An earlier version of this story misspelt the mayor’s name.", id="editorial-label"),
        pytest.param("The ferry – “the old lady” to locals – sails at noon.", id="dash-in-a-sentence"),
    ],
)
def test_no_punctuation_attribution(annotated, text):
    assert [a.cue.text for a in annotated(text).attributions] == []


def test_a_quote_signed_after_it_is_not_also_the_colons(annotated):
    doc = annotated("The chair interrupts him: “Time is up,” she snaps.")
    assert [(a.cue.text, a.content.text) for a in doc.attributions] == [("snaps", "“Time is up,”")]

