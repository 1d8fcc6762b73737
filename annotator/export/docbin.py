"""A spaCy DocBin (``.spacy``) for training a span categorizer on reviewed annotations.

Span groups: ``cue``, ``source``, ``content``, ``hedge``, ``hedge_scope`` and
``claim`` (check-worthy claims; labels are the finer types: source type, quote
type, hedge kind, claim kind) and ``sc``,
spancat's default key, with every cue/source/content/hedge labelled by its
layer, so ``spacy train`` with a stock spancat config reads it unchanged.
Spans are widened to whole tokens (see ``layers``). The record itself, minus
the text, sits in ``doc.user_data["annotator"]`` with the original character
offsets and the cue-source-content links, so nothing is lost; the widened
spans are listed under ``"expanded"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.io import atomic_write_bytes
from annotator.records import Document

from .layers import LAYERS, snap_to_tokens, tokenizer_nlp

TRAINING_KEY = "sc"
TRAINING_LAYERS = ("cue", "source", "content", "hedge")
USER_DATA_KEY = "annotator"


def to_spacy_doc(doc: Document):
    from spacy.tokens import Span as SpacySpan

    sdoc = tokenizer_nlp().make_doc(doc.text)
    snapped = snap_to_tokens(sdoc, doc)
    groups: dict[str, list] = {name: [] for name in (*LAYERS, TRAINING_KEY)}
    seen: set[tuple[str, int, int, str]] = set()
    for s in snapped:
        for key, label in ((s.span.layer, s.span.label), (TRAINING_KEY, s.span.layer.upper())):
            if key == TRAINING_KEY and s.span.layer not in TRAINING_LAYERS:
                continue
            if (key, s.token_start, s.token_end, label) in seen:  # two claims sharing a source
                continue
            seen.add((key, s.token_start, s.token_end, label))
            groups[key].append(SpacySpan(sdoc, s.token_start, s.token_end, label=label))
    for key, spans in groups.items():
        sdoc.spans[key] = spans
    sdoc.user_data[USER_DATA_KEY] = {
        "record": doc.model_dump(mode="json", exclude={"text"}),
        "expanded": [
            {"item": s.span.item_id, "layer": s.span.layer, "record": [s.span.start, s.span.end],
             "tokens": [s.char_start, s.char_end]}
            for s in snapped
            if s.expanded
        ],
    }
    return sdoc


def from_spacy_doc(sdoc) -> Document:
    """The record back from a Doc this module wrote: the proof that nothing was lost."""
    return Document.model_validate({**sdoc.user_data[USER_DATA_KEY]["record"], "text": sdoc.text})


def write_docbin(documents: Iterable[Document], path: Path) -> int:
    from spacy.tokens import DocBin

    docbin = DocBin(attrs=["ORTH", "SPACY"], store_user_data=True)
    count = 0
    for doc in documents:
        docbin.add(to_spacy_doc(doc))
        count += 1
    atomic_write_bytes(path, docbin.to_bytes())
    return count
