"""A word is a cue only where it reports: each lexicon line lists the complements that make it one."""

import pytest

from annotator.detect.licensing import DEFAULT_REPORTS, reports_of
from annotator.detect.vocabulary import Complement, CueKind


def cues(doc):
    return [a.cue.text for a in doc.attributions]


@pytest.mark.parametrize(
    "text, cue",
    [
        pytest.param("The minister attacked the plan as “reckless and cruel”.", "attacked", id="attack-with-what-is-said"),
        pytest.param("The council denied the charge.", "denied", id="speech-act-object"),
        pytest.param("Ms Vane accused the board of hiding the losses.", "accused", id="person-with-a-proposition"),
        pytest.param("The survey shows a sharp rise in rents.", "shows", id="document-with-an-object"),
        pytest.param("Rebels attacked the plan, calling it “a betrayal”.", "calling", id="label"),
        pytest.param("The union urged its members to reject the offer.", "urged", id="directive-infinitive"),
    ],
)
def test_reporting_uses_are_cues(annotate_text, text, cue):
    assert cue in cues(annotate_text(text))


@pytest.mark.parametrize(
    "text, word",
    [
        pytest.param("Troops attacked the town at dawn.", "attacked", id="physical-act"),
        pytest.param("The mayor thanked the volunteers.", "thanked", id="person-object-without-proposition"),
        pytest.param("The committee voted to close the library.", "voted", id="act-not-report"),
        pytest.param("Three councillors backed the plan.", "backed", id="stance"),
        pytest.param("The company plans to open a second factory.", "plans", id="aim"),
        pytest.param("She offered me a seat by the window.", "offered", id="offer-of-a-thing"),
    ],
)
def test_non_reporting_senses_are_not_cues(annotate_text, text, word):
    assert word not in cues(annotate_text(text))


def test_a_line_without_reports_takes_its_kinds_default():
    assert reports_of({"kind": "stance"}) == DEFAULT_REPORTS[CueKind.STANCE]
    assert Complement.TARGET not in reports_of({"kind": "speech"})
    assert reports_of({"kind": "speech", "reports": ["quote"]}) == {Complement.QUOTE}


def test_a_users_line_can_widen_what_a_verb_reports(tmp_path):
    from annotator.annotate import annotate_documents
    from annotator.io import InputDocument
    from annotator.pipeline import load_pipeline

    extra = tmp_path / "cues.jsonl"
    extra.write_text(
        '{"label": "CUE", "id": "thank", "kind": "speech", "weight": 0.9, "reports": ["clause", "quote", "target"], '
        '"pattern": [{"LEMMA": "thank", "POS": "VERB"}]}\n',
        encoding="utf-8",
    )
    nlp = load_pipeline(extra_lexicons=[str(extra)])
    doc = next(annotate_documents(nlp, [InputDocument("t", "The mayor thanked the volunteers.", {}, "t")]))
    assert "thanked" in cues(doc)


@pytest.mark.parametrize(
    "text, cue",
    [
        pytest.param("The senator offered some pointed advice to the governor.", "offered", id="object-is-something-said"),
        pytest.param("Hours after the vote, the mayor unleashed a flurry of tweets criticising the union.", "unleashed", id="quantity-of-something-said"),
        pytest.param("The minister attacked the inspectors in a late-night tweet.", "attacked", id="act-in-a-medium-of-speech"),
        pytest.param("The governor attacked Ms Ruiz for her vote on the levy.", "attacked", id="verdict-on-a-person"),
        pytest.param("A 2019 study by the university found 31 cases of fraud.", "found", id="a-document-finds"),
        pytest.param("The latest poll shows the mayor ahead by four points.", "shows", id="a-document-shows-a-person"),
        pytest.param("The chief executive said as much at the shareholders' meeting.", "said", id="as-much-refers-back"),
    ],
)
def test_context_makes_a_report(annotate_text, text, cue):
    assert cue in cues(annotate_text(text))


@pytest.mark.parametrize(
    "text, word",
    [
        pytest.param("The bank offered loans to small firms.", "offered", id="object-is-a-thing"),
        pytest.param("Rebels attacked the town in the early hours.", "attacked", id="physical-act-in-time"),
        pytest.param("The leaders found little unity on the question of borders.", "found", id="people-find-a-thing"),
        pytest.param("The board did not offer any explanation.", "offer", id="negated-act"),
        pytest.param("Police brushed off the complaints of residents.", "brushed", id="phrasal-verb-sense"),
    ],
)
def test_context_without_speech_is_no_report(annotate_text, text, word):
    assert word not in cues(annotate_text(text))
