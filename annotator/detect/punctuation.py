"""Attributions carried by punctuation instead of a verb.

Pull quotes signed with a dash ('"..." ― Ana Ruiz'), headline colons
('Warren: "You should be investigated"') and a colon after a described
speaker ('The chair was blunt: "..."'). They have no reporting word to match,
so they are found from the quotation marks outward.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .attributions import find_subject, source_phrase
from .found import FoundAttribution
from .quotes import Quote
from .text import text_of

DASHES = "\u2015\u2014\u2013"
SPACES = " \t\u00a0"
NAME_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019"
# 'Correction: ...', 'Update: ...': a label on a line, not a speaker
EDITORIAL_LABELS = {"correction", "update", "updated", "note", "clarification", "editor", "photo", "picture",
                    "video", "watch", "read", "related", "source", "sources", "warning", "advertisement", "q", "a"}


def _name_after(doc: Doc, start_char: int) -> Span | None:
    """A proper-name phrase starting at start_char, on the same line."""
    first = None
    for tok in doc:
        if tok.idx >= start_char:
            first = tok
            break
    if first is None or first.is_space:
        return None
    end = first.i
    while end < len(doc) and end - first.i < 6:
        t = doc[end]
        if t.is_space or "\n" in t.text or (t.is_punct and t.text not in {".", "-"}):
            break
        if not (t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTS or (t.is_title and t.is_alpha) or t.text == "."):
            break
        end += 1
    while end > first.i and doc[end - 1].text == ".":
        end -= 1
    if end == first.i:
        return None
    return doc[first.i:end]


def dash_signed_quotes(doc: Doc, quotes: list[Quote], claimed: set[tuple[int, int]]) -> list[FoundAttribution]:
    text = text_of(doc)
    found = []
    for q in quotes:
        if (q.start, q.end) in claimed or not q.closed:
            continue
        i = q.end
        while i < len(text) and text[i] in SPACES:
            i += 1
        if i >= len(text) or text[i] not in DASHES:
            continue
        dash = i
        i += 1
        while i < len(text) and text[i] in SPACES:
            i += 1
        name = _name_after(doc, i)
        if name is None:
            continue
        found.append(
            FoundAttribution(
                cue=(dash, dash + 1),
                source=(name.start_char, name.end_char),
                content=(q.start, q.end),
                score=0.8,
                cue_kind="punctuation",
                evidence="dash",
            )
        )
    return found


def colon_quotes(doc: Doc, quotes: list[Quote], claimed: set[tuple[int, int]]) -> list[FoundAttribution]:
    """'X was blunt: "..."' and the headline form 'Name: quote'."""
    text = text_of(doc)
    found = []
    for tok in doc:
        if tok.text != ":":
            continue
        colon = tok.idx
        j = colon + 1
        while j < len(text) and text[j] in SPACES:
            j += 1
        q = next((q for q in quotes if q.start == j), None)
        line_start = text.rfind("\n", 0, colon) + 1
        before = doc.char_span(line_start, colon, alignment_mode="contract")
        if q is not None and (q.start, q.end) not in claimed:
            # the clause before the colon must have a speaker as its subject
            pre = doc[tok.sent.start:tok.i]
            head = pre.root if len(pre) else tok
            subj = find_subject(head) if head.pos_ in {"VERB", "AUX"} else None
            if subj is not None and subj.i < tok.i and subj.pos_ in {"PROPN", "NOUN", "PRON"}:
                found.append(_colon(tok, source_phrase(subj), (q.start, q.end), 0.7))
            continue
        # headline or transcript: a short name at the start of the line, then the claim
        # ('Warren: ...', '"WALLACE: Let's start ...')
        while before is not None and len(before) and before[0].text in QUOTE_MARKS:
            before = before[1:]
        if before is None or not (1 <= len(before) <= 5) or text[line_start:before.start_char].strip(QUOTE_MARKS + " "):
            continue
        if not all(t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTS or t.is_title or t.is_upper for t in before):
            continue
        if before[0].lower_ in EDITORIAL_LABELS:
            continue
        line_end = text.find("\n", colon)
        line_end = len(text) if line_end < 0 else line_end
        rest = doc.char_span(j, line_end, alignment_mode="contract")
        if rest is None or len(rest) < 3:
            continue
        while len(rest) > 1 and rest[-1].is_punct and rest[-1].text not in "\"\u201d\u2019'":
            rest = rest[:-1]
        found.append(_colon(tok, before, (rest.start_char, rest.end_char), 0.6, "speaker_label"))
    return found


def _colon(tok, source: Span, content: tuple[int, int], score: float, evidence: str = "colon") -> FoundAttribution:
    return FoundAttribution(
        cue=(tok.idx, tok.idx + 1),
        source=(source.start_char, source.end_char),
        content=content,
        score=score,
        cue_kind="punctuation",
        evidence=evidence,
    )


def punctuation_attributions(doc: Doc, quotes: list[Quote], atts: list[FoundAttribution]) -> list[FoundAttribution]:
    claimed = {a.content for a in atts if a.content is not None}
    # a quote inside another attribution's content is claimed as well
    spans = [a.content for a in atts if a.content is not None]
    claimed |= {(q.start, q.end) for q in quotes if any(s[0] <= q.start and q.end <= s[1] for s in spans)}
    cue_chars = {a.cue for a in atts}
    out = [a for a in dash_signed_quotes(doc, quotes, claimed) + colon_quotes(doc, quotes, claimed) if a.cue not in cue_chars]
    return out
