"""Find hedge cues and the assertion each one weakens.

The word list over-generates on purpose ("may", "could", "appears"); the parse
then throws out the readings that are not hedges: the month of May, "could" of
past ability, "appears in court", a modal inside a quoted title.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .attributions import subtree_span, whole_words
from .found import FoundHedge
from .quotes import Quote
from .text import text_of

PAST_MARKERS = {"yesterday", "ago", "last", "earlier", "child", "young", "then", "once", "when", "used", "days", "childhood", "youth"}
ATTRIBUTIVE_ONLY_WEAK = {"possible", "potential", "apparent"}
SINGLE_QUOTED = re.compile("[\u2018']([^\u2018\u2019'\n]{1,80})[\u2019']")
TITLE_WORD = re.compile(r"^[A-Z0-9]")
SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "to", "and", "or", "for", "it", "be", "at", "by", "with"}


def clause_head(tok: Token) -> Token:
    """The verb whose clause a cue word sits in."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"} and cur.dep_ not in {"aux", "auxpass"}:
            return cur
        if cur.head is cur:
            return cur
        cur = cur.head
    return cur


def scope_of(cue: Span, kind: str) -> Span:
    """The clause the cue weakens: the subtree of the verb it modifies, subject included."""
    head = clause_head(cue.root)
    if kind == "adjective":
        # 'it is possible that X': the whole sentence carries the uncertainty
        return _trim(cue.sent)
    span = subtree_span(head)
    return span


def _trim(span: Span) -> Span:
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_space):
        span = span[1:]
    return span


def _title_case(inner: str) -> bool:
    words = re.findall(r"[\w']+", inner)
    if not words or len(words) > 10:
        return False
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    return bool(content) and all(TITLE_WORD.match(w) for w in content)


def in_quoted_title(cue: Span, quotes: list[Quote]) -> bool:
    """A modal inside a short quotation in title case: the name of a book or film, not a claim."""
    sent = cue.sent
    for m in SINGLE_QUOTED.finditer(sent.text):
        start = sent.start_char + m.start()
        if start < cue.start_char and cue.end_char <= sent.start_char + m.end() and _title_case(m.group(1)):
            return True
    for q in quotes:
        if q.start <= cue.start_char and cue.end_char <= q.end:
            inner = text_of(cue.doc)[q.start + 1 : q.end - 1 if q.closed else q.end]
            words = [w for w in re.findall(r"[\w']+", inner)]
            if not words or len(words) > 10:
                return False
            content = [w for w in words if w.lower() not in SMALL_WORDS]
            return bool(content) and all(TITLE_WORD.match(w) for w in content)
    return False


def is_false_alarm(cue: Span, entry: dict, has_parse: bool) -> bool:
    """Readings of hedge words that weaken nothing."""
    tok = cue[0]
    low = tok.lower_
    if low == "may" and (tok.ent_type_ in {"DATE", "PERSON"} or tok.pos_ == "PROPN" or (tok.text == "May" and tok.i > tok.sent.start)):
        return True
    if not has_parse:
        return False
    if low == "could" and _past_ability(tok):
        return True
    lemma = tok.lemma_.lower()
    if lemma == "appear" and tok.pos_ == "VERB":
        # a hedge when it takes a clause or a predicate: 'appears to', 'seems unlikely', 'it appears that'
        if not any(c.dep_ in {"xcomp", "ccomp", "acomp", "attr", "oprd"} for c in tok.children):
            return True
    if lemma in {"suggest", "indicate"}:
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None and subj.lower_ in {"i", "we", "you"}:
            return True  # 'I suggest you leave' recommends; it does not weaken a claim
        comp = next((c for c in tok.children if c.dep_ in {"ccomp", "xcomp"}), None)
        if comp is not None and (comp.tag_ == "VBG" or (comp.tag_ == "VB" and not any(a.dep_ == "aux" for a in comp.children))):
            return True  # 'suggested that fans use the east gate', 'suggest drinking water': advice
    if lemma in ATTRIBUTIVE_ONLY_WEAK and tok.dep_ == "amod" and not _weakens_what_noun_claims(tok):
        return True  # 'all possible means' names a thing; 'it is possible that' weakens a claim
    if lemma == "possible" and _idiomatic_possible(tok):
        return True
    if entry.get("kind") == "modal" and tok.tag_ != "MD" and low in {"may", "might", "could"}:
        return True  # 'might' the noun ('with all his might')
    return False


def _weakens_what_noun_claims(adj: Token) -> bool:
    """'a possible link between the two attacks', 'a potential conflict of interest': the noun
    carries a claim of its own (it has an argument), and the adjective says it may not hold.
    'the best possible outcome', 'all potential buyers' name things."""
    noun = adj.head
    if noun.pos_ not in {"NOUN", "PROPN"} or any(
        c.lower_ in {"all", "every", "any", "each", "no"} or c.tag_ in {"JJS", "RBS"} for c in noun.children
    ):
        return False
    return noun.lemma_.lower() in CLAIM_NOUNS and any(c.dep_ == "prep" and c.lower_ in CLAIM_PREPS for c in noun.children)


CLAIM_PREPS = {"of", "to", "between", "with", "for", "in"}
# nouns that state a relation or a culpability: 'a possible link to', 'his potential involvement in'
CLAIM_NOUNS = {"link", "links", "connection", "involvement", "role", "cause", "explanation", "motive",
               "breach", "violation", "culprit", "source", "ties", "tie"}


def _idiomatic_possible(tok: Token) -> bool:
    """'as soon as possible', 'made it possible', 'where possible': no claim is weakened."""
    doc = tok.doc
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    if prev in {"as", "where", "if", "wherever", "whenever", "when", "everything", "all", "best"}:
        return True
    return tok.head.lemma_ in {"make", "become"} and tok.dep_ in {"oprd", "ccomp", "acomp", "xcomp"}


def _past_ability(could: Token) -> bool:
    """'As a child she could swim', 'He could not open the door yesterday', and the 'could' of a
    wish or a condition ('I wish I could believe', 'if they could win'): ability, not doubt."""
    verb = could.head
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in verb.children):
        return True
    if verb.dep_ in {"ccomp", "xcomp"} and verb.head.lemma_ in {"wish", "hope", "want"}:
        return True
    if any(c.lower_ == "have" for c in verb.children if c.dep_ == "aux"):
        return False  # 'could have been': epistemic
    if any(c.dep_ == "neg" for c in verb.children):
        return True  # 'could not be reached', 'could not swim': (in)ability, not doubt
    sent = could.sent
    words = {t.lower_ for t in sent if t.i != verb.i}  # "could last for weeks": the verb is no time word
    if words & PAST_MARKERS:
        return True
    if any(c.dep_ == "neg" for c in verb.children) and any(e.label_ == "DATE" for e in sent.ents):
        return True
    return False


def find_hedges(
    doc: Doc, matches: list[tuple[int, int, dict]], quotes: list[Quote], has_parse: bool
) -> list[FoundHedge]:
    found: list[FoundHedge] = []
    taken: set[int] = set()
    # longest match first, so 'may well' wins over 'may'
    for start, end, entry in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
        if any(i in taken for i in range(start, end)):
            continue
        cue = doc[start:end]
        if is_false_alarm(cue, entry, has_parse) or in_quoted_title(cue, quotes):
            continue
        taken.update(range(start, end))
        kind = entry.get("kind", "modal")
        scope = scope_of(cue, kind) if has_parse else _trim(cue.sent)
        found.append(
            FoundHedge(
                cue=(cue.start_char, cue.end_char),
                scope=whole_words(text_of(doc), scope.start_char, scope.end_char),
                kind=kind,
                score=float(entry.get("weight", 1.0)),
            )
        )
    return found
