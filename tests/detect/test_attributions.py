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


# ---- What the content of an attribution covers (annotator/detect/attributions.py).





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


# ---- Small examples for the rules that link a cue to its source and content when the parse is



def _by_cue(doc, cue_text):
    found = [a for a in doc.attributions if a.cue.text.startswith(cue_text)]
    assert found, f"no attribution with cue {cue_text!r}: {[a.cue.text for a in doc.attributions]}"
    return found[0]


@pytest.mark.parametrize(
    "text, cue, source, content",
    [
        pytest.param(
            "Repairs to the bridge will take at least a year, engineers say.",
            "say", "engineers", "Repairs to the bridge will take at least a year",
            id="clause-final-cue",
        ),
        pytest.param(
            "The harbour plan has been rejected by three unions.",
            "rejected", "three unions", "The harbour plan",
            id="passive-with-agent-takes-subject-as-content",
        ),
        pytest.param(
            "The opposition leader called the report a whitewash.",
            "called", "The opposition leader", "the report a whitewash",
            id="call-x-y-label",
        ),
        pytest.param(
            "The trust said in a statement that the ward would reopen in March.",
            "said in a statement", "The trust", "that the ward would reopen in March",
            id="said-in-a-statement-is-one-cue",
        ),
        pytest.param(
            "The flats were sold in May 2023 for £9.2m. According to an internal audit, they were worth twice that.",
            "According to", "an internal audit", "they were worth twice that",
            id="according-to-after-a-missed-sentence-break",
        ),
        pytest.param(
            "As a TV boss, the candidate repeatedly demeaned staff with sexist language, according to show insiders.",
            "according to", "show insiders",
            "As a TV boss, the candidate repeatedly demeaned staff with sexist language",
            id="according-to-object-misparsed-as-verb",
        ),
    ],
)
def test_triples(annotate_text, text, cue, source, content):
    doc = annotate_text(text)
    att = _by_cue(doc, cue)
    assert att.cue.text == cue
    assert att.source is not None and att.source.text == source
    assert att.content is not None and att.content.text == content


def test_one_attribution_for_said_in_a_statement(annotate_text):
    doc = annotate_text("In a statement, the Department of Health said, \"Residents should boil tap water.\"")
    assert [a.cue.text for a in doc.attributions] == ["said"]


def test_quoted_first_person_is_the_speaker_not_the_author(annotate_text):
    text = "“I told the board the figures were wrong,” Mr Dube said. “I say it again today.”"
    doc = annotate_text(text)
    assert all(a.source_type != "author" for a in doc.attributions)
    said = _by_cue(doc, "said")
    assert said.source.text == "Mr Dube"


def test_writer_first_person_stays_author(annotate_text):
    doc = annotate_text("I am told that the chairman will resign before Christmas.")
    (att,) = doc.attributions
    assert att.source_type == "author"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("A few residents said nothing at all about the fire.", id="said-nothing"),
        pytest.param("It goes without saying that the roads are a mess.", id="goes-without-saying"),
        pytest.param("The festival has moved to a park, and it is called Riverlight.", id="passive-naming"),
        pytest.param("Questions mount over Brackenford housing sale", id="headline-questions-mount"),
    ],
)
def test_no_report(annotate_text, text):
    assert annotate_text(text).attributions == []


def test_inverted_cue_after_quote_takes_the_speaker_outside_it(annotate_text):
    doc = annotate_text("“If it floods again, it will close for good,” said Ines Duarte, who runs the cafe.")
    att = _by_cue(doc, "said")
    assert att.source.text.startswith("Ines Duarte")
    assert att.content.text.startswith("“If it floods again")
    assert att.source_type == "named_person"


def test_role_with_a_name_in_apposition_is_a_named_person(annotate_text):
    doc = annotate_text("The town’s council leader, Margaret Ellery, said the budget was balanced.")
    att = _by_cue(doc, "said")
    assert att.source.text == "The town’s council leader, Margaret Ellery"
    assert att.source_type == "named_person"
