"""Quotations signed by punctuation or by a verb the lexicon does not list (annotator/detect/punctuation.py)."""

import pytest




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
