"""Make a Doc from a pipeline without a parser safe for the rules to read.

The lexical fallback (``blank:en``) still walks tokens the way the parse-based
rules do (``token.sent``, ``token.children``, ``token.left_edge``), and two
things in such a Doc break that:

* No sentence boundaries: ``token.sent`` raises E030. Boundaries come from line
  breaks (``line_break_boundaries``) and punctuation (spaCy's sentencizer).
* Stale tree edges: spaCy's tokenizer, when it applies a special case that
  changes the token count ('9.2m.' in the sample), copies the following tokens
  to new positions without updating their left and right edges. The parser
  recomputes edges, so parsed Docs are fine; a blank Doc keeps edges that point
  at other tokens or past the end, and ``token.children`` then reads outside
  the Doc's memory (the segfault of issue 9). ``repair_tree_edges`` recomputes
  them in place, keeping the sentence boundaries and leaving the Doc unparsed.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, SENT_START
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from .boundaries import line_break_boundaries

_SENTENCIZER = Sentencizer()  # overwrite=False: boundaries set earlier are kept


def prepare_unparsed(doc: Doc) -> Doc:
    """Edges recomputed and sentence boundaries set, for a Doc without a dependency parse."""
    repair_tree_edges(doc)
    if len(doc) and not doc.has_annotation("SENT_START"):
        _SENTENCIZER(line_break_boundaries(doc))
    return doc


def repair_tree_edges(doc: Doc) -> None:
    """Give every token itself as its edges and no children, as a fresh unparsed Doc has."""
    if not len(doc) or doc.has_annotation("DEP"):
        return
    starts = doc.to_array([SENT_START])
    # spaCy recomputes edges only when heads and labels are set together; every token is
    # made its own root, then the label and sentence starts go back to what they were
    roots = numpy.zeros((len(doc), 2), dtype="uint64")
    roots[:, 1] = doc.vocab.strings["ROOT"]
    doc.from_array([HEAD, DEP], roots)
    doc.from_array([DEP, SENT_START], numpy.stack([numpy.zeros(len(doc), dtype="uint64"), starts], axis=1))
