"""The streaming annotate path: long documents split for the parser, order, offsets."""

from annotator.annotate import annotate_documents
from annotator.io import InputDocument

PARAGRAPH = (
    "“The bridge is unsafe,” said Ms Rahman. Officials told reporters that repairs may take a year.\n\n"
)


def test_long_document_is_split_and_offsets_stay_exact(nlp):
    text = PARAGRAPH * 400  # ~40k characters, cut into many chunks below
    (doc,) = annotate_documents(nlp, [InputDocument("long", text, {}, "t")], max_chunk_chars=3000)
    assert len(doc.attributions) == 800
    assert len(doc.hedges) == 400
    for _, _, span in doc.iter_spans():
        assert text[span.start:span.end] == span.text
    last = doc.attributions[-1]
    assert last.cue.start > len(text) - len(PARAGRAPH)


def test_documents_come_out_in_input_order_with_ids_and_meta(nlp):
    items = [InputDocument(f"d{i}", PARAGRAPH * (1 + i % 3), {"n": i}, "t") for i in range(7)]
    out = list(annotate_documents(nlp, items, batch_size=2, max_chunk_chars=150))
    assert [d.id for d in out] == [f"d{i}" for i in range(7)]
    assert [d.meta["n"] for d in out] == list(range(7))
    assert [len(d.attributions) for d in out] == [2 * (1 + i % 3) for i in range(7)]


def test_records_name_the_model_and_version(nlp):
    import annotator

    (doc,) = annotate_documents(nlp, [InputDocument("x", PARAGRAPH, {}, "t")])
    assert doc.annotator_version == annotator.__version__
    assert "core_web_sm" in doc.model


def test_hedge_inside_content_is_linked(nlp):
    (doc,) = annotate_documents(nlp, [InputDocument("x", PARAGRAPH, {}, "t")])
    told = next(a for a in doc.attributions if a.cue.text == "told")
    assert told.hedge_ids == [doc.hedges[0].id]
    assert doc.hedges[0].cue.text == "may"


def test_a_control_character_does_not_swallow_its_sentence_and_the_text_is_kept(nlp):
    text = "The mayor spoke.\x1b Officials said\x00 the road would close. Ms Rahman said\x7f it was\x01 unsafe."
    (doc,) = annotate_documents(nlp, [InputDocument("nul", text, {}, "t")])
    assert doc.text == text
    found = {(a.source.text, a.cue.text) for a in doc.attributions}
    assert {("Officials", "said"), ("Ms Rahman", "said")} <= found
    officials = next(a for a in doc.attributions if a.source.text == "Officials")
    assert officials.content.text == "the road would close"
    for _, _, span in doc.iter_spans():
        assert text[span.start:span.end] == span.text
