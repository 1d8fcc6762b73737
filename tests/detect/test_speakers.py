"""Who really spoke: pronouns, short names and relative pronouns resolved through the discourse.

Each text is invented and shows one construction of long-form writing; the assertion is the
speaker a reader would name."""

import pytest




@pytest.mark.parametrize(
    "text, cue, nth, speaker, source_type",
    [
        pytest.param(
            "Margaret Ellery runs the food bank on Dock Street. Her deputy, a retired teacher, counts the tins.\n\n"
            "“We have never been this busy,” she says.",
            "says", 1, "Margaret Ellery", "named_person", id="pronoun-to-the-salient-woman-across-a-paragraph",
        ),
        pytest.param(
            "Peter Okonjo founded the club in 1998. The mayor praised Sarah Lund, its treasurer, last week. "
            "“It was never about money,” he says.",
            "says", 1, "Peter Okonjo", "named_person", id="gender-rules-out-the-nearer-name",
        ),
        pytest.param(
            "Tom Harker, the union’s regional secretary, was angry when he read the letter, calling it “an insult”.",
            "calling", 1, "Tom Harker", "named_person", id="subject-of-the-same-sentence",
        ),
        pytest.param(
            "Mr Brannigan told the inquiry that the pumps had failed before Anna Pryce’s report reached him. "
            "He also said the council had ignored three warnings.",
            "said", 1, "Brannigan", "named_person", id="a-name-inside-the-content-does-not-take-the-pronoun",
        ),
        pytest.param(
            "Joe Ferris, who runs the cafe, said trade had halved. Ferris said the bypass was to blame.",
            "said", 2, "Joe Ferris", "named_person", id="short-name-takes-the-full-name",
        ),
        pytest.param(
            "A man in a grey suit stands up. “Nobody came to fix the lifts,” he says. "
            "The chair cuts in: “Dev, we have heard this.” “I’m nearly done!” he says.",
            "says", 2, "Dev", "named_person", id="vocative-names-the-unnamed-speaker",
        ),
    ],
)
def test_speaker_follows_the_discourse(by_cue, annotate_text, text, cue, nth, speaker, source_type):
    a = by_cue(annotate_text(text), cue, nth)
    assert a.speaker is not None and a.speaker.endswith(speaker.split()[-1]), a
    assert a.source_type == source_type
    if a.source is not None and a.source.text.lower() in {"he", "she", "who"}:
        assert a.resolved_source is not None and speaker.split()[-1] in a.resolved_source.text


def test_an_unnamed_speaker_stays_a_pronoun(by_cue, annotate_text):
    doc = annotate_text("A woman in a red coat walks past the stall. “It is all too dear,” she says.")
    a = by_cue(doc, "says")
    assert a.speaker is None and a.source_type == "pronoun"


def test_relative_pronoun_is_the_source_with_its_antecedent(by_cue, annotate_text):
    doc = annotate_text("Lena Sorensen, who said the ferry would stop in May, has resigned.")
    a = by_cue(doc, "said")
    assert a.source.text == "who"
    assert a.resolved_source is not None and a.resolved_source.text.startswith("Lena Sorensen")
    assert a.speaker == "Lena Sorensen" and a.source_type == "named_person"


def test_object_pronoun_is_not_its_own_subject(by_cue, annotate_text):
    doc = annotate_text(
        "A young man takes the microphone. “We were promised a school,” he says. "
        "The organiser interrupts him: “Sam, please.” “Let me finish,” he says."
    )
    assert by_cue(doc, "says", 2).speaker == "Sam"
