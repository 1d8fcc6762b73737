"""What the content of an attribution covers (annotator/detect/attributions.py)."""

import pytest




@pytest.mark.parametrize(
    "text, cue, content",
    [
        pytest.param("We get off; another man offers me his bread.", "offers", None, id="no-clause-across-a-semicolon"),
        pytest.param("One man says not; the rest say nothing.", "says", "not", id="says-not"),
        pytest.param("Then I hear a former miner tell a room how the police beat him.", "tell", "how the police beat him", id="tell-a-room-how"),
        pytest.param("“Trots?” he says, calmly.", "says", "“Trots?”", id="quote-beside-a-host-clause"),
        pytest.param("The last government, he says, promised one thing: “Growth.”", "says", "The last government, he says, promised one thing", id="host-stops-at-colon"),
        pytest.param("The governor added:\n\nIt is typical of them. They never listen.", "added", "It is typical of them. They never listen.", id="block-quote-after-colon"),
    ],
)
def test_content(by_cue, annotate_text, text, cue, content):
    doc = annotate_text(text)
    if content is None:
        assert cue not in [a.cue.text for a in doc.attributions]
        return
    assert by_cue(doc, cue).content.text == content


def test_content_never_ends_inside_a_word():
    from annotator.detect.attributions import whole_words

    text = "he said that, should Len Hart be re-elected, the union would join"
    start = text.index("that")
    end = text.index("re-elected") + 2  # 're' of a hyphenated word
    s, e = whole_words(text, start, end)
    assert text[s:e].endswith("re-elected")
    assert whole_words("they don't know", 0, 7) == (0, 10)


def test_next_sentence_quote_is_not_run_into_the_content(by_cue, annotate_text):
    doc = annotate_text("“We waited all night,” Mr Dunn said. “Then we went home.”")
    assert by_cue(doc, "said").content.text == "“We waited all night,”"
