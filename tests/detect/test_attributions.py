"""One case per rule of annotator/detect/attributions.py: the cue, source, content and quote type
a reviewer would mark (source None means agentless). Awkward parses have their own cases in
test_attribution_rules.py."""

import pytest

# (cue, source, content, quote type) as a reviewer would mark them; source None means agentless.

SPLIT = "“We will rebuild,” she said, “and we will do it this year.”"
RUN_ON = "“The road is closed,” the officer said. “Nobody can get through.”"
TWO_SPEAKERS = "“Stay indoors,” the warden said. “The storm will pass,” a forecaster added, “by morning.”"
QUESTION_THEN_ANSWER = "“Is the bridge safe?” she asked\n\n“Nobody knows,” the engineer replied."


@pytest.mark.parametrize(
    "text, cue, source, content, quote_type",
    [
        pytest.param(
            "The mayor said that the library would close in June.",
            "said", "The mayor", "that the library would close in June", "indirect",
            id="said-that",
        ),
        pytest.param(
            "According to the fire service, the blaze started in a kitchen.",
            "According to", "the fire service", "the blaze started in a kitchen", "indirect",
            id="according-to-first",
        ),
        pytest.param(
            "The blaze started in a kitchen, according to the fire service.",
            "according to", "the fire service", "The blaze started in a kitchen", "indirect",
            id="according-to-last",
        ),
        pytest.param(
            "The minister’s claim that the scheme saved money was false.",
            "claim", "The minister’s", "that the scheme saved money", "indirect",
            id="nominal-claim-that",
        ),
        pytest.param(
            "It is said that the old mill was haunted.",
            "It is said", None, "that the old mill was haunted", "indirect",
            id="it-is-said-that",
        ),
        pytest.param(
            "“Two coffees,” he says.",
            "says", "he", "“Two coffees,”", "direct",
            id="quote-then-cue",
        ),
        pytest.param(SPLIT, "said", "she", SPLIT, "direct", id="split-quote-is-one-content"),
        pytest.param(RUN_ON, "said", "the officer", "“The road is closed,”", "direct", id="next-sentence-quote-is-not-run-on"),
        pytest.param(
            TWO_SPEAKERS, "said", "the warden", "“Stay indoors,”", "direct",
            id="next-quote-with-its-own-cue-is-not-run-on",
        ),
        pytest.param(
            TWO_SPEAKERS, "added", "a forecaster",
            "“The storm will pass,” a forecaster added, “by morning.”", "direct",
            id="split-quote-of-the-second-speaker",
        ),
        pytest.param(
            "“The vote was rigged”, claimed Julia Marsh.",
            "claimed", "Julia Marsh", "“The vote was rigged”", "direct",
            id="name-after-cue-after-quote",
        ),
        pytest.param(
            "“Nobody,” said the long-serving chief executive of the harbour trust.",
            "said", "the long-serving chief executive of the harbour trust", "“Nobody,”", "direct",
            id="subject-inside-the-quote-is-not-the-speaker",
        ),
        pytest.param(
            "“Nobody,” the harbour master Ann Cole said after a long pause.",
            "said", "the harbour master Ann Cole", "“Nobody,”", "direct",
            id="subject-inside-the-quote-before-a-named-speaker",
        ),
        pytest.param(
            "More rain on the way, forecasters warn.",
            "warn", "forecasters", "More rain on the way", "indirect",
            id="verbless-claim-before-final-cue",
        ),
        pytest.param(
            "The harbour master told reporters on the quay: “Nobody goes out until the wind drops.”",
            "told", "The harbour master", "“Nobody goes out until the wind drops.”", "direct",
            id="told-reporters-colon-quote",
        ),
        pytest.param(
            "The plan, insiders say, was dropped in March.",
            "say", "insiders", "The plan, insiders say, was dropped in March", "indirect",
            id="parenthetical-cue-reports-its-host",
        ),
        pytest.param(
            QUESTION_THEN_ANSWER, "asked", "she", "“Is the bridge safe?”", "direct",
            id="line-final-cue-takes-the-quote-before",
        ),
        pytest.param(
            QUESTION_THEN_ANSWER, "replied", "the engineer", "“Nobody knows,”", "direct",
            id="answer-in-the-next-paragraph",
        ),
    ],
)
def test_cue_source_content(annotated, by_cue, text, cue, source, content, quote_type):
    att = by_cue(annotated(text), cue)
    assert att.cue.text == cue
    assert (att.source.text if att.source else None) == source
    assert att.content is not None and att.content.text == content
    assert att.quote_type == quote_type
    if source is None:
        assert att.source_type == "agentless"


def test_said_to_takes_the_subject_and_its_infinitive(annotated, by_cue):
    att = by_cue(annotated("The minister is said to have resigned on Friday."), "is said to")
    assert att.source is None and att.source_type == "agentless"
    assert att.content.text.startswith("The minister")
    assert att.content.text.endswith("to have resigned on Friday")


def test_colon_after_told_reporters_is_not_a_second_attribution(annotated):
    doc = annotated("The harbour master told reporters on the quay: “Nobody goes out until the wind drops.”")
    assert [a.cue.text for a in doc.attributions] == ["told"]


def test_parenthetical_aside_is_not_the_main_verbs_content(annotated):
    doc = annotated("Ministers, the paper reported, had warned of floods.")
    reported = next(a for a in doc.attributions if a.cue.text == "reported")
    assert reported.source.text == "the paper"
    assert reported.content.text == "Ministers, the paper reported, had warned of floods"
    assert all(a.content.text != "the paper reported" for a in doc.attributions)
