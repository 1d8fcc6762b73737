"""Say what kind of source stands behind a claim, and whose words they are.

The typing a newsroom cares about (named, anonymous, agentless, the author, a
document) depends on the head of the source phrase more than on its entities:
"a source close to the minister" names a person but is an anonymous source.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .found import FoundAttribution, Offsets
from .quotes import Quote, quotes_overlapping
from .speakers import RELATIVE_PRONOUNS, Words, people_words
from .text import text_of
from .vocabulary import SourceType

AUTHOR_PRONOUNS = {"i", "me", "we", "us"}
THIRD_PRONOUNS = {"he", "she", "they", "him", "her", "them", "it"}
INDEFINITE_DETS = {"a", "an", "one", "some", "several", "many", "few", "two", "three", "other", "others", "another", "any"}
ORG_ENTS = {"ORG", "NORP", "GPE", "FAC"}


def person_titles(people: Words | None = None) -> frozenset[str]:
    """Honorifics that mark a following name as a person's ('Mr Lennox', 'Sister Agnes Moore'):
    the ``title`` list of the given word lists, the built-in ones by default."""
    return frozenset((people or people_words())["title"])


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
    organisation_lemmas: set[str] = frozenset(),
    people: Words | None = None,
) -> str:
    if source is None:
        return SourceType.agentless
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    if span is None or not len(span):
        return SourceType.anonymous
    head = doc[head_of(span)]
    low = head.lower_
    if low in AUTHOR_PRONOUNS and head.pos_ == "PRON":
        return SourceType.author
    if len(span) == 1 and low in THIRD_PRONOUNS:
        return SourceType.pronoun
    if head.lemma_.lower() in document_lemmas or low in document_lemmas:
        return SourceType.document
    if span[0].lower_ in person_titles(people) and span[0].is_title and head.pos_ == "PROPN":
        return SourceType.named_person
    in_entity = head.ent_type_ != ""
    appos = [c for c in head.children if c.dep_ == "appos" and c.i < span.end]
    if any(a.ent_type_ == "PERSON" or (a.pos_ == "PROPN" and a.ent_type_ not in ORG_ENTS) for a in appos):
        return SourceType.named_person  # 'Her deputy, Carl Ostrowski', 'the council leader, Margaret Ellery'
    if (head.lemma_.lower() in anonymous_lemmas or low in anonymous_lemmas) and not in_entity:
        return SourceType.anonymous
    if head.ent_type_ == "PERSON":
        return SourceType.named_person
    lemma = head.lemma_.lower()
    if lemma in organisation_lemmas and not in_entity:
        det = next((t for t in head.children if t.dep_ in {"det", "poss"}), None)
        if det is None or det.dep_ == "poss" or det.lower_ in {"the", "this", "that"}:
            return SourceType.named_organisation  # 'the fire service', 'Police', 'his party'
        return SourceType.anonymous  # 'a union', 'one company
    if head.ent_type_ in ORG_ENTS:
        return SourceType.named_organisation
    if head.pos_ == "PROPN":
        # an unrecognised proper name: people are quoted far more often than organisations
        return SourceType.named_person
    if any(t.ent_type_ == "PERSON" for t in span) and head.dep_ == "appos":
        return SourceType.named_person
    det = next((t for t in span if t.dep_ in {"det", "nummod", "amod", "predet"} and t.i < head.i), None)
    if head.tag_ in {"NNS"} or (det is not None and det.lower_ in INDEFINITE_DETS) or low in {"one", "someone", "somebody", "others"}:
        return SourceType.anonymous
    if any(t.ent_type_ in ORG_ENTS for t in span):
        return SourceType.named_organisation
    return SourceType.anonymous


def classify_quote(text: str, att: FoundAttribution, quotes: list[Quote]) -> str:
    """direct: all the claim's words are inside quotation marks; mixed: some are.

    The attributing clause between the halves of a split quote ('"A," she said at a
    rally. "B."') belongs to neither side and is not counted.
    """
    if att.content is None:
        return "indirect"
    start, end = att.content
    # the quotation a nested cue stands in is the outer speaker's, not this source's words
    inside = [q for q in quotes_overlapping(quotes, start, end) if not q.start <= att.cue[0] < q.end]
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
    organisation_lemmas: set[str] = frozenset(),
    people: Words | None = None,
) -> None:
    """Fill source_type and quote_type (and resolved_source of relative pronouns and quoted 'I').
    ``people``: the word lists by kind (titles, gendered nouns, given names), the built-in ones by default."""
    for att in sorted(atts, key=lambda a: a.cue[0]):
        antecedent = relative_antecedent(doc, att.source)
        if antecedent is not None:
            # 'officials who said': the source is 'who', its antecedent says who they are
            att.resolved_source = antecedent
            att.source_type = classify_source(doc, antecedent, anonymous_lemmas, document_lemmas, organisation_lemmas, people)
        if att.source_type is None:
            att.source_type = classify_source(doc, att.source, anonymous_lemmas, document_lemmas, organisation_lemmas, people)
        att.quote_type = classify_quote(text_of(doc), att, quotes)
    _quoted_first_person(atts, quotes)


def relative_antecedent(doc: Doc, source: Offsets | None) -> Offsets | None:
    """The noun phrase a relative-pronoun source stands for: 'activists who say' -> 'activists'."""
    if source is None:
        return None
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].lower_ not in RELATIVE_PRONOUNS or span[0].head.dep_ != "relcl":
        return None
    from .attributions import source_phrase

    noun = span[0].head.head
    phrase = source_phrase(noun)
    return phrase.start_char, min(phrase.end_char, source[0])


def _quoted_first_person(atts: list[FoundAttribution], quotes: list[Quote]) -> None:
    """'"I told them the truth," Ms Obi said': inside a quotation, 'I' is the quoted speaker,
    not the writer. It becomes a pronoun resolved to the speaker of the enclosing quote."""
    for att in atts:
        if att.source_type != SourceType.author or att.source is None:
            continue
        quote = next((q for q in quotes if q.start <= att.source[0] < q.end), None)
        if quote is None:
            continue
        outer = next(
            (
                o for o in atts
                if o is not att and o.content is not None and o.source is not None
                and o.content[0] <= quote.start and quote.end <= o.content[1]
                and not (quote.start <= o.source[0] < quote.end)
            ),
            None,
        )
        att.source_type = "pronoun"
        if outer is not None:
            att.resolved_source = outer.resolved_source or outer.source
