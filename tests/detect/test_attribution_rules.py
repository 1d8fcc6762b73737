"""Small examples for the rules that link a cue to its source and content when the parse is
awkward: each case names the construction it covers and the triple a reviewer expects."""

import pytest


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
