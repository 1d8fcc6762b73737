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



# ---- Quotations signed by punctuation or by a verb the lexicon does not list (annotator/detect/punctuation.py).





@pytest.mark.parametrize(
    "text, cue, source, content",
    [
        pytest.param("“I doubt the roof will last the winter,” he fretted.", "fretted", "he", "“I doubt the roof will last the winter,”", id="any-verb-after-a-quote"),
        pytest.param("“Where is the money?” demanded Ruth Abara.", "demanded", "Ruth Abara", "“Where is the money?”", id="inverted"),
        pytest.param("The chair interrupts him: “Time is up.”", "interrupts", "The chair", "“Time is up.”", id="verb-before-colon"),
    ],
)
def test_signed_quotations(by_cue, annotate_text, text, cue, source, content):
    a = by_cue(annotate_text(text), cue)
    assert a.source.text == source and a.content.text == content


def test_a_quote_with_its_own_cue_is_not_claimed_by_the_colon(by_cue, annotate_text):
    doc = annotate_text("One man thinks there will be trouble: “It won’t be peaceful,” he frets.")
    assert by_cue(doc, "frets").content.text == "“It won’t be peaceful,”"
    assert ":" not in [a.cue.text for a in doc.attributions]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Losing Ground: how the town fell out of love with its football club\n\nThe club was founded in 1901.", id="headline-topic"),
        pytest.param("The sign on the door was clear: “Closed”. Nobody stayed.", id="inanimate-before-colon"),
    ],
)
def test_colons_that_sign_nobody(by_cue, annotate_text, text):
    assert ":" not in [a.cue.text for a in annotate_text(text).attributions]
