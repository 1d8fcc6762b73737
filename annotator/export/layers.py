"""The annotation layers token formats share, and the snapping of character spans to spaCy tokens.

DocBin and CoNLL both need every span on token boundaries. A record span that
starts or ends inside a token (``Ellery's`` with the source ending before
``'s``) is widened to whole tokens (``alignment_mode="expand"``) and the
widening is reported to the caller, never dropped in silence; a span that
covers no token at all (empty, or only whitespace) is an error naming the
document and item.

The ``claim`` layer holds the check-worthy claims, labelled by kind: the spans a
fact-checking tagger would learn; the full claim list stays in the record.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from annotator.errors import AnnotatorError
from annotator.records import Document

LAYERS = ("cue", "source", "content", "hedge", "hedge_scope", "claim")


class LayerSpan(NamedTuple):
    layer: str
    start: int
    end: int
    label: str  # the finer type where the record has one (source type, quote type, hedge kind)
    item_id: str


class Snapped(NamedTuple):
    span: LayerSpan
    token_start: int
    token_end: int
    char_start: int
    char_end: int

    @property
    def expanded(self) -> bool:
        return (self.char_start, self.char_end) != (self.span.start, self.span.end)


@lru_cache(maxsize=1)
def tokenizer_nlp():
    """English tokenisation without a model: the same tokens as en_core_web_sm, fast and reproducible."""
    import spacy

    return spacy.blank("en")


def layer_spans(doc: Document) -> list[LayerSpan]:
    spans = []
    for a in doc.attributions:
        spans.append(LayerSpan("cue", a.cue.start, a.cue.end, "cue", a.id))
        if a.source is not None:
            label = a.source_type.value if a.source_type else "source"
            spans.append(LayerSpan("source", a.source.start, a.source.end, label, a.id))
        if a.content is not None:
            label = a.quote_type.value if a.quote_type else "content"
            spans.append(LayerSpan("content", a.content.start, a.content.end, label, a.id))
    for h in doc.hedges:
        spans.append(LayerSpan("hedge", h.cue.start, h.cue.end, h.kind.value, h.id))
        if h.scope is not None:
            spans.append(LayerSpan("hedge_scope", h.scope.start, h.scope.end, "scope", h.id))
    for c in doc.claims:
        if c.checkworthy:
            spans.append(LayerSpan("claim", c.span.start, c.span.end, c.kind.value, c.id))
    return spans


def snap_to_tokens(spacy_doc, doc: Document) -> list[Snapped]:
    snapped = []
    for ls in layer_spans(doc):
        span = spacy_doc.char_span(ls.start, ls.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            raise AnnotatorError(
                f"document {doc.id!r}: {ls.layer} of {ls.item_id} at {ls.start}:{ls.end} "
                f"({doc.text[ls.start:ls.end]!r}) covers no token"
            )
        snapped.append(Snapped(ls, span.start, span.end, span.start_char, span.end_char))
    return snapped
