"""The streaming annotate path: long documents split for the parser, order, offsets, bounded batches."""

import gc
import weakref

from spacy.language import Language
from spacy.util import minibatch

from annotator.annotate import annotate_documents
from annotator.io import InputDocument
from annotator.pipeline import load_pipeline

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


# -- long documents in bounded memory (issue 9) ---------------------------------------------

ARTICLE = (
    "Ferry service to be cut\n\n"
    "The island’s only ferry will sail twice a week from March, the operator said on Monday. "
    "“We cannot keep losing money on every crossing,” said its chief executive, Lena Marsh. "
    "She told councillors that the timetable could change again in the summer.\n\n"
    "According to the harbour board, fewer than forty people travel on a typical weekday. "
    "Islanders say the cut will probably force the school to close. "
    "“Nobody asked us,” one shopkeeper said. “They simply sent a letter.”\n\n"
    "Mr Doyle, who chairs the community council, said he would write to the minister.\n\n"
)


def _spans(doc):
    return (
        [(a.cue.start, a.cue.end, a.source and (a.source.start, a.source.end),
          a.content and (a.content.start, a.content.end), a.source_type, a.quote_type, a.speaker, a.score)
         for a in doc.attributions],
        [(h.cue.start, h.cue.end, h.scope and (h.scope.start, h.scope.end), h.kind, h.score) for h in doc.hedges],
    )


def _shifted(spans, by):
    def s(o):
        return None if o is None else (o[0] + by, o[1] + by)

    atts, hedges = spans
    return (
        [(c0 + by, c1 + by, s(src), s(con), *rest) for c0, c1, src, con, *rest in atts],
        [(c0 + by, c1 + by, s(scope), *rest) for c0, c1, scope, *rest in hedges],
    )


def test_long_document_has_each_pieces_findings_alone_shifted(nlp):
    from annotator.io import split_for_parser

    text = ARTICLE * 12
    pieces = split_for_parser(text, 1500)
    assert len(pieces) >= 5
    (whole,) = annotate_documents(nlp, [InputDocument("long", text, {}, "t")], max_chunk_chars=1500, batch_chars=3000)
    for _, _, span in whole.iter_spans():
        assert text[span.start:span.end] == span.text
    expected = ([], [])
    for offset, piece in pieces:
        (alone,) = annotate_documents(nlp, [InputDocument("piece", piece, {}, "t")])
        atts, hedges = _shifted(_spans(alone), offset)
        expected[0].extend(atts)
        expected[1].extend(hedges)
    assert _spans(whole) == (sorted(expected[0]), sorted(expected[1]))
    assert whole.attributions and whole.hedges
    for a in whole.attributions:  # hedges are linked by bisection; this is what it must find
        inside = [
            h.id for h in whole.hedges
            if a.cue.start <= h.cue.start and h.cue.end <= a.cue.end
            or a.content is not None and a.content.start <= h.cue.start and h.cue.end <= a.content.end
        ]
        assert a.hedge_ids == inside
    assert any(a.hedge_ids for a in whole.attributions)


class _BatchSpy:
    """A component that notes the characters of each batch nlp.pipe hands it, and keeps its Docs weakly."""

    def __init__(self):
        self.batches: list[list[int]] = []
        self.docs = weakref.WeakSet()

    def __call__(self, doc):
        return next(self.pipe([doc]))

    def pipe(self, stream, batch_size=128):
        for batch in minibatch(stream, size=batch_size):
            self.batches.append([len(d.text) for d in batch])
            self.docs.update(batch)
            yield from batch


@Language.factory("test_batch_spy")
def _batch_spy(nlp, name):
    return _BatchSpy()


def _spied_blank():
    """The lexical pipeline (fast) with the spy first: it sees the batches every component sees."""
    nlp = load_pipeline("blank:en")
    return nlp, nlp.add_pipe("test_batch_spy", first=True)


def test_no_batch_holds_more_than_batch_chars_and_short_documents_still_batch():
    nlp, spy = _spied_blank()
    short = [InputDocument(f"s{i}", ARTICLE, {}, "t") for i in range(6)]
    items = short[:3] + [InputDocument("long", ARTICLE * 12, {}, "t")] + short[3:]
    out = list(annotate_documents(nlp, items, batch_size=4, max_chunk_chars=2000, batch_chars=3000))
    assert [d.id for d in out] == [d.id for d in items]
    assert max(sum(b) for b in spy.batches) <= 3000
    assert all(len(b) == 4 for b in spy.batches[:-1])  # fillers complete a batch, never split one
    assert max(sum(1 for n in b if n) for b in spy.batches) > 1  # short documents share batches
    unbounded = list(annotate_documents(nlp, items, batch_size=4, max_chunk_chars=2000, batch_chars=10**9))
    assert [_spans(d) for d in out] == [_spans(d) for d in unbounded]


def test_parsed_pieces_are_dropped_as_the_document_goes():
    nlp, spy = _spied_blank()
    alive, progress = [], []

    def on_piece(doc_id, done, total):
        gc.collect()
        alive.append(sum(1 for d in spy.docs if len(d)))  # fillers are empty
        progress.append((doc_id, done, total))

    text = ARTICLE * 20
    (doc,) = annotate_documents(
        nlp, [InputDocument("long", text, {}, "t")], max_chunk_chars=1500, batch_chars=3000, on_piece=on_piece
    )
    assert len(progress) >= 8 and max(alive) <= 3  # one batch of pieces at most, not the document
    assert {(d, t) for d, _, t in progress} == {("long", len(text))}
    done = [d for _, d, _ in progress]
    assert done == sorted(done) and done[-1] == len(text)
    for _, _, span in doc.iter_spans():
        assert text[span.start:span.end] == span.text


def test_a_document_of_one_piece_reports_no_progress(nlp):
    calls = []
    list(annotate_documents(nlp, [InputDocument("x", PARAGRAPH, {}, "t")], on_piece=lambda *a: calls.append(a)))
    assert calls == []


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
