"""A document as the page's script reads it: compact JSON with offsets in UTF-16 code units.

Records count code points (Python), the browser's strings count UTF-16 units,
so an emoji before a quote would shift every later highlight by one; the
offsets are converted here, once, where the text is known.
"""

from __future__ import annotations

import json
from itertools import accumulate

from annotator.records import Document, Span

# In a <script> element "</script>" or "<!--" would end or confuse the element; JSON lets us escape them.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def utf16_offsets(text: str):
    """A function from code-point offset to UTF-16 offset; the identity when the text has no astral characters."""
    if text.isascii() or all(ord(c) < 0x10000 for c in text):
        return lambda i: i
    table = [0, *accumulate(2 if ord(c) >= 0x10000 else 1 for c in text)]
    return table.__getitem__


def document_data(doc: Document, index: int) -> dict:
    at = utf16_offsets(doc.text)

    def pair(span: Span | None):
        return None if span is None else [at(span.start), at(span.end)]

    title = doc.meta.get("title")
    review = doc.review.model_dump(mode="json", exclude={"annotation_ids"}) if doc.review else None
    return {
        "i": index,
        "id": doc.id,
        "title": title if isinstance(title, str) else "",
        "text": doc.text,
        "review": review,
        "a": [
            {
                "id": a.id,
                "cue": pair(a.cue),
                "src": pair(a.source),
                "con": pair(a.content),
                "res": a.resolved_source.text if a.resolved_source else None,
                "spk": a.speaker,
                "st": a.source_type.value if a.source_type else None,
                "qt": a.quote_type.value if a.quote_type else None,
                "h": a.hedge_ids,
                "sc": a.score,
            }
            for a in doc.attributions
        ],
        "h": [
            {"id": h.id, "cue": pair(h.cue), "scope": pair(h.scope), "kind": h.kind.value, "sc": h.score}
            for h in doc.hedges
        ],
        # the check-worthy claims nobody is quoted for: what a fact-checker asks the writer about
        "u": [
            {"id": c.id, "span": pair(c.span), "kind": c.kind.value, "sc": c.score}
            for c in doc.claims
            if c.checkworthy and not c.attribution_ids
        ],
    }


def script_json(data) -> str:
    """JSON that is safe inside an HTML <script type="application/json"> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
