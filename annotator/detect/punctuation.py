"""Attributions carried by punctuation instead of a verb.

Pull quotes signed with a dash ('"..." ― Ana Ruiz'), headline colons
('Warren: "You should be investigated"') and a colon after a described
speaker ('The chair was blunt: "..."'). They have no reporting word to match,
so they are found from the quotation marks outward.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..lexicons import builtin_words
from .attributions import find_subject, source_phrase
from .found import FoundAttribution
from .quotes import Quote, quotes_overlapping
from .speakers import is_person_noun
from .text import text_of
from .vocabulary import CueKind, Evidence

DASHES = "\u2015\u2014\u2013"
SPACES = " \t\u00a0"
NAME_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019"
# 'Correction: ...', 'Update: ...': a label on a line, not a speaker. Data (word_lists.jsonl, kind
# editorial_label); the detector passes its own lexicon's list, this is the built-in one.
EDITORIAL_LABELS = builtin_words()["editorial_label"]


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
                cue_kind=CueKind.PUNCTUATION,
                evidence=Evidence.DASH,
            )
        )
    return found


def colon_quotes(
    doc: Doc, quotes: list[Quote], claimed: set[tuple[int, int]], editorial_labels: frozenset[str] = EDITORIAL_LABELS
) -> list[FoundAttribution]:
    """'X was blunt: "..."', 'the chair interrupts him: "..."' and the headline form 'Name: quote'."""
    text = text_of(doc)
    found = []
    for tok in doc:
        if tok.text != ":":
            continue
        j = tok.idx + 1
        while j < len(text) and text[j] in SPACES:
            j += 1
        q = next((q for q in quotes if q.start == j), None)
        if q is not None:
            if (q.start, q.end) not in claimed and not quote_has_own_cue(doc, q):
                att = _colon_quote(doc, tok, q)
                if att is not None:
                    found.append(att)
            continue
        att = _speaker_label(doc, tok, j, editorial_labels)
        if att is not None:
            found.append(att)
    return found


COPULAS = {"be", "seem", "become", "sound", "look", "remain"}
PERSON_WORDS = {"he", "she", "they", "i", "we", "you"}


def _verb_before_colon(doc: Doc, colon) -> Token | None:
    """The verb whose clause runs up to the colon ('the chair interrupts him:'), not the
    sentence's first verb ('This is heresy, and the chair interrupts him:')."""
    if colon.i == 0:
        return None
    tok = doc[colon.i - 1]
    for _ in range(4):
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"aux", "auxpass"}:
            return tok
        if tok.head is tok or tok.head.i > colon.i:
            return None
        tok = tok.head
    return None


def _speaks(subj) -> bool:
    """A subject that can utter a quotation: a person, a named body, a described human."""
    if subj.pos_ == "PRON":
        return subj.lower_ in PERSON_WORDS
    return subj.pos_ in {"PROPN", "NOUN"} and subj.lower_ not in {"this", "that", "it"}


def _colon_quote(doc: Doc, colon, q: Quote) -> FoundAttribution | None:
    verb = _verb_before_colon(doc, colon)
    subj = find_subject(verb) if verb is not None else None
    if subj is None or subj.i >= colon.i or not _speaks(subj):
        return None
    if (verb.lemma_ in COPULAS or verb.pos_ == "AUX") and subj.pos_ == "NOUN" and not is_person_noun(subj):
        return None  # 'The sign on the door was clear: "Closed"': a thing, not a speaker
    if verb.pos_ == "VERB" and verb.lemma_ not in COPULAS and verb.i >= colon.i - 3:
        # 'cries: "..."', 'interrupts him: "..."': the verb introduces the quotation
        return _colon(colon, source_phrase(subj), (q.start, q.end), 0.7, cue=(verb.idx, verb.idx + len(verb)))
    return _colon(colon, source_phrase(subj), (q.start, q.end), 0.7)


QUESTION_OPENERS = {"how", "why", "what", "when", "where", "who", "which", "whether", "inside", "behind"}


def _speaker_label(doc: Doc, colon, j: int, editorial_labels: frozenset[str] = EDITORIAL_LABELS) -> FoundAttribution | None:
    """Headline or transcript: a short name at the start of the line, then the claim
    ('Warren: ...', '"WALLACE: Let's start ...'). Not a headline's topic colon
    ('Losing ground: how the party ...')."""
    text = text_of(doc)
    line_start = text.rfind("\n", 0, colon.idx) + 1
    before = doc.char_span(line_start, colon.idx, alignment_mode="contract")
    while before is not None and len(before) and before[0].text in QUOTE_MARKS:
        before = before[1:]
    if before is None or not (1 <= len(before) <= 5) or text[line_start:before.start_char].strip(QUOTE_MARKS + " "):
        return None
    if not all(t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTS or t.is_title or t.is_upper for t in before):
        return None
    if before[0].lower_ in editorial_labels:
        return None
    line_end = text.find("\n", colon.idx)
    line_end = len(text) if line_end < 0 else line_end
    rest = doc.char_span(j, line_end, alignment_mode="contract")
    if rest is None or len(rest) < 3 or rest[0].lower_ in QUESTION_OPENERS:
        return None
    if line_start == 0 and not any(t.ent_type_ == "PERSON" or t.is_upper for t in before):
        return None  # the title line: 'Losing Momentum: ...' names a topic, not a speaker
    while len(rest) > 1 and rest[-1].is_punct and rest[-1].text not in "\"\u201d\u2019'":
        rest = rest[:-1]
    return _colon(colon, before, (rest.start_char, rest.end_char), 0.6, "speaker_label")


def quote_has_own_cue(doc: Doc, q: Quote) -> bool:
    """'"I hope it won't be violent," he frets.': the quotation's speaker follows it."""
    return said_after_quote(doc, q) is not None


SAID_END = ",!?\u2014\u2013-\u2026"


def said_after_quote(doc: Doc, q: Quote):
    """The '(subject) verb' clause right after a quotation that ends in a comma, question or
    exclamation mark: '"...," he frets', '"...?" asks Ana Ruiz'. Any verb in this slot is a verb
    of saying, in the lexicon or not; returns (verb, subject) or None."""
    text = text_of(doc)
    if not q.closed or q.end - q.start < 3 or text[q.end - 2] not in SAID_END:
        return None
    toks = [t for t in doc[_token_at(doc, q.end):_token_at(doc, q.end) + 7] if not t.is_space]
    if not toks or toks[0].idx < q.end:
        return None
    verb = next((t for t in toks[:5] if t.pos_ == "VERB" and t.tag_ in {"VBZ", "VBD", "VBP"}), None)
    if verb is None:
        return None
    words = [t for t in toks if t.i != verb.i and t.i < verb.i]
    if not words:  # inverted: 'asks Ana Ruiz'
        words = [t for t in toks if t.i > verb.i and t.pos_ in {"PROPN", "NOUN", "DET", "ADJ", "PRON"}][:4]
        if not words or words[0].i != verb.i + 1:
            return None
    elif not (all(t.pos_ in {"PROPN", "PRON", "NOUN", "DET", "ADJ"} for t in words) and len(words) <= 4):
        return None
    if words[0].pos_ == "PRON" and words[0].lower_ not in PERSON_WORDS:
        return None
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if words[-1].i < verb.i and nxt is not None and not (nxt.is_punct or nxt.pos_ == "ADV" or nxt.is_space):
        return None  # '"...," he frets.' but not '"...," she told the court that ...' (the lexicon's)
    return verb, doc[words[0].i:words[-1].i + 1]


def _token_at(doc: Doc, char: int) -> int:
    """The first token starting at or after ``char`` (a binary search: this runs per quotation)."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


def verbs_after_quotes(doc: Doc, quotes: list[Quote], claimed: set[tuple[int, int]], cue_chars) -> list[FoundAttribution]:
    """Quotations signed by a verb of saying the lexicon does not list: '"...," he frets.'"""
    found = []
    starts = {c[0] for c in cue_chars}
    for q in quotes:
        if (q.start, q.end) in claimed:
            continue
        hit = said_after_quote(doc, q)
        if hit is None:
            continue
        verb, source = hit
        if verb.idx in starts:
            continue
        found.append(
            FoundAttribution(
                cue=(verb.idx, verb.idx + len(verb)),
                source=(source.start_char, source.end_char),
                content=(q.start, q.end),
                score=0.8,
                cue_kind=CueKind.SPEECH,
                evidence=Evidence.QUOTE_BEFORE,
            )
        )
    return found


def _colon(tok, source: Span, content: tuple[int, int], score: float, evidence: str = "colon", cue=None) -> FoundAttribution:
    return FoundAttribution(
        cue=cue or (tok.idx, tok.idx + 1),
        source=(source.start_char, source.end_char),
        content=content,
        score=score,
        cue_kind=CueKind.PUNCTUATION,
        evidence=evidence,
    )


def punctuation_attributions(
    doc: Doc, quotes: list[Quote], atts: list[FoundAttribution], editorial_labels: frozenset[str] = EDITORIAL_LABELS
) -> list[FoundAttribution]:
    claimed = {a.content for a in atts if a.content is not None}
    # a quote inside another attribution's content is claimed as well
    spans = [a.content for a in atts if a.content is not None]
    claimed |= {(q.start, q.end) for s in spans for q in quotes_overlapping(quotes, s[0], s[1]) if s[0] <= q.start and q.end <= s[1]}
    cue_chars = {a.cue for a in atts}
    found = dash_signed_quotes(doc, quotes, claimed) + colon_quotes(doc, quotes, claimed, editorial_labels)
    found += verbs_after_quotes(doc, quotes, claimed, cue_chars)
    return [a for a in found if a.cue not in cue_chars]
