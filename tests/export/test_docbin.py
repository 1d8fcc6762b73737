"""The spaCy DocBin: span groups on token boundaries, the record kept whole, trainable by spacy train."""

from __future__ import annotations

import pytest
from spacy.tokens import DocBin

from annotator.errors import AnnotatorError
from annotator.export.docbin import TRAINING_KEY, from_spacy_doc, to_spacy_doc, write_docbin
from annotator.export.layers import tokenizer_nlp
from annotator.records import HedgeKind

from .documents import doc_from_parts


def load(path):
    return list(DocBin().from_disk(path).get_docs(tokenizer_nlp().vocab))


def test_sample_round_trips_and_groups_hold_the_record_spans(tmp_path, sample_doc):
    write_docbin([sample_doc], tmp_path / "s.spacy")
    (sdoc,) = load(tmp_path / "s.spacy")
    assert from_spacy_doc(sdoc) == sample_doc
    cues = sorted((s.start_char, s.end_char) for s in sdoc.spans["cue"])
    assert cues == sorted({(a.cue.start, a.cue.end) for a in sample_doc.attributions})
    sources = {(s.start_char, s.end_char, s.label_) for s in sdoc.spans["source"]}
    for a in sample_doc.attributions:
        if a.source is not None:
            assert (a.source.start, a.source.end, a.source_type.value) in sources
    assert {s.label_ for s in sdoc.spans[TRAINING_KEY]} == {"CUE", "SOURCE", "CONTENT", "HEDGE"}
    assert {s.label_ for s in sdoc.spans["hedge"]} <= {k.value for k in HedgeKind}


def test_the_speaker_is_kept_in_the_record(tmp_path):
    text = "Jon Lansman said no. He said yes."
    doc = doc_from_parts(text, [((12, 16), (0, 11), None, {"speaker": "Jon Lansman"}),
                                ((24, 28), (21, 23), None, {"speaker": "Jon Lansman"})])
    write_docbin([doc], tmp_path / "s.spacy")
    (sdoc,) = load(tmp_path / "s.spacy")
    assert [a.speaker for a in from_spacy_doc(sdoc).attributions] == ["Jon Lansman", "Jon Lansman"]
    assert from_spacy_doc(sdoc) == doc


def test_a_span_inside_a_token_is_widened_and_reported():
    text = "Ms Ellery said no."
    doc = doc_from_parts(text, [((10, 14), (3, 8), None)])  # a reviewer's selection stopped short: 'Eller'
    sdoc = to_spacy_doc(doc)
    (source,) = sdoc.spans["source"]
    assert source.text == "Ellery"
    (expanded,) = sdoc.user_data["annotator"]["expanded"]
    assert expanded == {"item": "a1", "layer": "source", "record": [3, 8], "tokens": [3, 9]}
    assert from_spacy_doc(sdoc) == doc  # the record keeps the exact offsets


def test_a_span_covering_no_token_is_an_error_not_a_silent_drop():
    doc = doc_from_parts("Ann said  so.", [((4, 8), None, (8, 9))])  # content is one of two spaces
    with pytest.raises(AnnotatorError, match=r"document 'd': content of a1 at 8:9 \(' '\) covers no token"):
        to_spacy_doc(doc)


def test_spacy_train_runs_a_spancat_on_the_export(tmp_path, sample_doc):
    """A stock spancat config from `spacy init config`, trained for a few steps on the export."""
    import spacy
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train

    write_docbin([sample_doc], tmp_path / "train.spacy")
    config = init_config(lang="en", pipeline=["spancat"], optimize="efficiency")
    config_path = tmp_path / "config.cfg"
    config.to_disk(config_path)
    train(
        config_path,
        tmp_path / "model",
        overrides={
            "paths.train": str(tmp_path / "train.spacy"),
            "paths.dev": str(tmp_path / "train.spacy"),
            "training.max_steps": 4,
            "training.eval_frequency": 2,
        },
    )
    nlp = spacy.load(tmp_path / "model" / "model-last")
    assert set(nlp.get_pipe("spancat").labels) == {"CUE", "SOURCE", "CONTENT", "HEDGE"}
    assert TRAINING_KEY in nlp("Ann said it might rain.").spans


def test_checkworthy_claims_are_a_span_group_and_all_claims_survive_in_the_record():
    from annotator.export.docbin import from_spacy_doc, to_spacy_doc
    from annotator.records import Claim, make_span

    from .documents import doc_from_parts

    text = "Ann said rents rose. Rents fell."
    doc = doc_from_parts(text, [((4, 8), (0, 3), (9, 19))])
    doc.claims = [
        Claim(id="c1", span=make_span(text, 9, 19), score=0.9, checkworthy=True, kind="comparison", attribution_ids=["a1"]),
        Claim(id="c2", span=make_span(text, 21, 31), score=0.1, checkworthy=False, kind="other"),
    ]
    sdoc = to_spacy_doc(doc)
    assert [(s.text, s.label_) for s in sdoc.spans["claim"]] == [("rents rose", "comparison")]
    assert from_spacy_doc(sdoc).claims == doc.claims
