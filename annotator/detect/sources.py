"""Say what kind of source stands behind a claim, and whose words they are.

The typing a newsroom cares about (named, anonymous, agentless, the author, a
document) depends on the head of the source phrase more than on its entities:
"a source close to the minister" names a person but is an anonymous source.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .found import FoundAttribution, Offsets
from .quotes import Quote
from .text import text_of

AUTHOR_PRONOUNS = {"i", "me", "we", "us"}
THIRD_PRONOUNS = {"he", "she", "they", "him", "her", "them", "it"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
INDEFINITE_DETS = {"a", "an", "one", "some", "several", "many", "few", "two", "three", "other", "others", "another", "any"}
ORG_ENTS = {"ORG", "NORP", "GPE", "FAC"}


def head_of(span: Span) -> int:
    """Index of the span's syntactic head (the token whose head lies outside the span)."""
    for tok in span:
        if tok.head.i < span.start or tok.head.i >= span.end or tok.head is tok:
            return tok.i
    return span.end - 1


def classify_source(
    doc: Doc,
    source: Offsets | None,
    anonymous_lemmas: set[str],
    document_lemmas: set[str],
) -> str:
    if source is None:
        return "agentless"
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    if span is None or not len(span):
        return "anonymous"
    head = doc[head_of(span)]
    low = head.lower_
    if len(span) == 1 and low in AUTHOR_PRONOUNS:
        return "author"
    if len(span) == 1 and low in THIRD_PRONOUNS:
        return "pronoun"
    if head.lemma_.lower() in document_lemmas or low in document_lemmas:
        return "document"
    in_entity = head.ent_type_ != ""
    if (head.lemma_.lower() in anonymous_lemmas or low in anonymous_lemmas) and not in_entity:
        return "anonymous"
    if head.ent_type_ == "PERSON":
        return "named_person"
    if head.ent_type_ in ORG_ENTS:
        return "named_organisation"
    if head.pos_ == "PROPN":
        # an unrecognised proper name: people are quoted far more often than organisations
        return "named_person"
    if any(t.ent_type_ == "PERSON" for t in span) and head.dep_ == "appos":
        return "named_person"
    det = next((t for t in span if t.dep_ in {"det", "nummod", "amod", "predet"} and t.i < head.i), None)
    if head.tag_ in {"NNS"} or (det is not None and det.lower_ in INDEFINITE_DETS) or low in {"one", "someone", "somebody", "others"}:
        return "anonymous"
    if any(t.ent_type_ in ORG_ENTS for t in span):
        return "named_organisation"
    return "anonymous"


def resolve_pronoun(doc: Doc, source: Offsets, earlier_named: list[tuple[Offsets, str]]) -> Offsets | None:
    """The nearest earlier named mention the pronoun can refer to.

    Prefers earlier named sources of attributions (the person being quoted), then
    any PERSON (for he/she) or organisation (for they/it) entity before it.
    """
    pron = text_of(doc)[source[0]:source[1]].lower()
    want = {"PERSON"} if pron in PERSON_PRONOUNS else {"PERSON", "ORG", "NORP", "GPE"}
    best: Offsets | None = None
    for offs, kind in earlier_named:
        if offs[1] <= source[0] and ((kind == "named_person" and "PERSON" in want) or (kind == "named_organisation" and pron in {"they", "it", "them"})):
            best = offs
    ent_best: Offsets | None = None
    for ent in doc.ents:
        if ent.end_char > source[0]:
            break
        if ent.label_ in want:
            if pron in {"it"} and ent.label_ == "PERSON":
                continue
            ent_best = (ent.start_char, ent.end_char)
    if best is None:
        return ent_best
    if ent_best is None:
        return best
    # an entity named after the last quoted source is the likelier referent only if it's a person
    return best if best[0] >= ent_best[0] or _same_name(doc, best, ent_best) else ent_best


def _same_name(doc: Doc, a: Offsets, b: Offsets) -> bool:
    ta, tb = text_of(doc)[a[0]:a[1]], text_of(doc)[b[0]:b[1]]
    return ta.split()[-1:] == tb.split()[-1:]


def classify_quote(text: str, att: FoundAttribution, quotes: list[Quote]) -> str:
    """direct: all the claim's words are inside quotation marks; mixed: some are.

    The attributing clause between the halves of a split quote ('"A," she said at a
    rally. "B."') belongs to neither side and is not counted.
    """
    if att.content is None:
        return "indirect"
    start, end = att.content
    inside = [q for q in quotes if q.start < end and start < q.end]
    if not inside:
        return "indirect"
    quoted = sum(len(WORD.findall(text[max(q.start, start):min(q.end, end)])) for q in inside)
    unquoted = 0
    edges = [start] + [x for q in inside for x in (max(q.start, start), min(q.end, end))] + [end]
    for a, b in zip(edges[::2], edges[1::2]):
        if a < b and not (a <= att.cue[0] < b):
            unquoted += len(WORD.findall(text[a:b]))
    if quoted == 0:
        return "indirect"
    return "direct" if unquoted <= 1 else "mixed"


WORD = re.compile(r"\w+")


def type_attributions(
    doc: Doc,
    atts: list[FoundAttribution],
    quotes: list[Quote],
    anonymous_lemmas: set[str],
    document_lemmas: set[str],
) -> None:
    """Fill source_type, quote_type and resolved_source in reading order."""
    named: list[tuple[Offsets, str]] = []
    for att in sorted(atts, key=lambda a: a.cue[0]):
        if att.source_type is None:
            att.source_type = classify_source(doc, att.source, anonymous_lemmas, document_lemmas)
        if att.source_type == "pronoun" and att.source is not None:
            att.resolved_source = resolve_pronoun(doc, att.source, named)
        elif att.source is not None and att.source_type in {"named_person", "named_organisation"}:
            named.append((att.source, att.source_type))
        att.quote_type = classify_quote(text_of(doc), att, quotes)
