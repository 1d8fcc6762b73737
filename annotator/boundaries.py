"""Sentence boundaries at line breaks, set before the parser runs.

News copy has headlines, standfirsts and bylines without full stops; left to
itself the parser runs a headline into the first sentence ('Losing Momentum ...
Tom Watson says') and hands the wrong subject to a cue. The parser respects
boundaries set before it, so this component marks the first token after a line
break as a sentence start.
"""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("line_break_boundaries")
def line_break_boundaries(doc: Doc) -> Doc:
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    return doc
