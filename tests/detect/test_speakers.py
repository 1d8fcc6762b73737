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


# ---------------------------------------------------------------- one case per rule of speakers.py
# (added with tools/mutation_check.py: each notices one rule of speakers.py switched off)

@pytest.mark.parametrize(
    "text, cue, resolved, speaker",
    [
        pytest.param("Ms Hale spoke to Mr Grant. “We are done,” she said.", "said", "Ms Hale", "Hale",
                     id="title-rules-out-the-nearer-man"),
        pytest.param("Jo Price met the chief executive. “We will fight,” Price said. “We have no choice,” she added.",
                     "added", "Price", "Jo Price", id="the-speaker-before"),
    ],
)
def test_pronoun_takes_its_named_referent(annotated, by_cue, text, cue, resolved, speaker):
    """A pronoun keeps its span, points at the named mention and takes the referent's type."""
    att = by_cue(annotated(text), cue)
    assert att.source.text in {"he", "she"}
    assert att.source_type == "named_person"
    assert att.resolved_source is not None and att.resolved_source.text == resolved
    assert att.speaker == speaker


def test_unnamed_man_in_between_is_the_referent(annotated, by_cue):
    att = by_cue(annotated("Mayor Jo Banks opened the market at nine. A man walks up to her stall. “Two coffees,” he says."), "says")
    assert att.source_type == "pronoun" and att.speaker is None
    assert att.resolved_source is None or att.resolved_source.text == "A man"


def test_short_name_is_the_person_named_in_full_before(annotated, by_cue):
    att = by_cue(annotated("Jo Price met the chief executive. “We will fight,” Price said."), "said")
    assert att.source.text == "Price" and att.source_type == "named_person"
    assert att.speaker == "Jo Price"


def test_pronouns_follow_the_gender_of_given_names(annotated):
    """Tom is he, Ann is she: each pronoun goes to the speaker of its gender, not the latest one."""
    doc = annotated(
        "Tom Reid and Ann Price spoke after the vote. “We lost,” Reid said. “It hurts,” he added. "
        "“We will be back,” Price said. “Next year,” she said. “Maybe,” he said."
    )
    got = [(a.source.text, a.speaker) for a in doc.attributions]
    assert got == [("Reid", "Tom Reid"), ("he", "Tom Reid"), ("Price", "Ann Price"), ("she", "Ann Price"),
                   ("he", "Tom Reid")]


def test_a_new_paragraph_moves_to_the_person_just_introduced(by_cue, annotated):
    """Salience decays: after a paragraph break, 'She' is Ms Cole, who has just arrived."""
    doc = annotated(
        "Ms Hale said the school would close. “It is final,” she said.\n\n"
        "Later, Ms Cole arrived at the gates. She said the parents would fight."
    )
    assert by_cue(doc, "said", 3).speaker == "Cole"


def test_described_person_is_the_referent(by_cue, annotated):
    att = by_cue(annotated("A teacher said the school was cold. “We wear coats in class,” she said."), "said", 2)
    assert att.source_type == "pronoun" and att.speaker is None
    assert att.resolved_source is not None and att.resolved_source.text == "A teacher"


def test_he_is_not_the_woman(by_cue, annotated):
    att = by_cue(annotated("A woman said the shop was closed. “Come back tomorrow,” he said."), "said", 2)
    assert att.resolved_source is None or att.resolved_source.text != "A woman"


def test_after_a_long_description_the_last_speaker_still_talks(by_cue, annotated):
    """Nobody else is mentioned: 'she' is Ms Cole however far back she spoke."""
    doc = annotated(
        "Ms Cole, the director, said the museum would reopen in May. The building dates from 1820. "
        "Its roof leaked for years. The east wing was shut in 2019. Builders found rot in the beams. "
        "The repairs cost four million pounds. The lottery paid half. The council paid the rest. "
        "The scaffolding came down in March. The galleries were repainted. The cafe has a new menu. "
        "The shop sells local honey.\n\nThe doors open at ten.\n\n“We are thrilled,” she said."
    )
    att = by_cue(doc, "said", 2)
    assert att.speaker == "Cole" and att.resolved_source.text == "Ms Cole"


def test_named_later_by_a_vocative_points_at_the_name(by_cue, annotated):
    doc = annotated(
        "A man from the branch stands up. “This is wrong,” he says. "
        "The chair interrupts him: “Stan, Stan, sit down.” “I will not,” he says."
    )
    first = by_cue(doc, "says", 1)
    assert first.speaker == "Stan" and first.resolved_source.text == "Stan"


def test_the_interrupted_man_goes_on(by_cue, annotated):
    """'The chairman interrupts him': 'him' is the young man, so he is the one who goes on."""
    doc = annotated(
        "A young man takes the microphone. “We were promised a school,” he says. "
        "The chairman interrupts him: “Sam, please.” “Let me finish,” he says."
    )
    assert by_cue(doc, "says", 2).speaker == "Sam"

