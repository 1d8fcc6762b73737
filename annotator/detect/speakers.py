"""Who really spoke: pronoun, relative-pronoun and short-name sources resolved through the discourse.

Long-form journalism names a person once and then says "he" for paragraphs, while
other people are mentioned in passing, inside someone's quote or as the object of
a sentence. The nearest name is therefore the wrong guess; the participant the text
keeps talking about is the right one. So this module walks the text in reading order
keeping a small salience model (in the spirit of Lappin & Leass, 1994): every mention
of a participant outside other people's words adds weight by its grammatical role,
speaking adds more, and weight halves at every sentence. A pronoun goes to the most
salient participant that agrees with it in gender and number, and becomes a mention
of that participant itself, so "he ... his ... he says" stays one chain.

Participants are linked by name ("Jon Lansman", "Lansman", "Mr Lansman"), and each
attribution gets ``speaker``: the participant's fullest name. An unnamed participant
("a man from the branch") can be named later by a vocative in another speaker's
quotation ('the chair interrupts him: "Stan, Stan ..."').
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Mapping

from spacy.tokens import Doc, Span, Token

from ..lexicons import builtin_words
from .found import FoundAttribution, Offsets
from .quotes import Quote
from .text import text_of
from .tuning import SALIENCE
from .vocabulary import Evidence, SourceType

MALE, FEMALE = "m", "f"
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
                  "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ROLE_WEIGHT_KEYS = {"nsubj": "subject", "nsubjpass": "subject", "dobj": "object", "dative": "object",
                    "pobj": "oblique", "poss": "possessor", "ROOT": "fragment", "appos": "fragment"}


# Titles, gendered nouns and given names are data: word lists by kind (title, male_title,
# female_title, male_noun, female_noun, person_noun, male_name, female_name) from the WORDS
# lexicon. The detector passes its own (built-in plus the user's lines); this is the default.
Words = Mapping[str, frozenset[str]]


def people_words() -> Words:
    """The built-in word lists (``data/lexicons/word_lists.jsonl``), for callers outside the detector."""
    return builtin_words()


@dataclass
class Participant:
    name: str  # fullest name seen, or the description of an unnamed person
    kind: str  # SourceType value: named_person, named_organisation, anonymous
    gender: str | None = None
    plural: bool = False
    named: bool = True
    sentence: int = -1  # the sentence of its latest mention
    person: bool = True  # can be 'he' or 'she': a named person, or a described one ('a nurse'), not 'the right'
    salience: float = 0.0
    last_mention: Offsets | None = None  # its latest mention outside quotations, for resolved_source
    mentions: list[Offsets] = field(default_factory=list)

    def surname(self) -> str:
        return self.name.split()[-1].lower() if self.name else ""


def clean_name(text: str, people: Words | None = None) -> str:
    """'Mr Lansman’s' -> 'Lansman': no titles, no possessive, no edge punctuation."""
    words = text.replace("\u2019s", "").replace("'s", "").split()
    titles = set((people or people_words())["title"])
    while words and words[0].lower().strip(".") in titles | {t.rstrip(".") for t in titles}:
        words = words[1:]
    return " ".join(w.strip(",.;:()[]\"\u201c\u201d") for w in words).strip()


def gender_of_name(name: str, title: str = "", people: Words | None = None) -> str | None:
    words = people or people_words()
    if title.lower().strip(".") in words["male_title"]:
        return MALE
    if title.lower().strip(".") in words["female_title"]:
        return FEMALE
    first = name.split()[0].lower() if name.split() else ""
    if first in words["male_name"]:
        return MALE
    if first in words["female_name"]:
        return FEMALE
    return None


class Discourse:
    """The participants so far and how salient each is at the current point of the text."""

    def __init__(self, words: Words | None = None) -> None:
        self.people: list[Participant] = []
        self.sentence = 0
        self.words = words or people_words()  # titles, gendered nouns and given names

    def decay(self, factor: float) -> None:
        for p in self.people:
            p.salience *= factor

    def find_named(self, name: str) -> Participant | None:
        """The participant a name refers to: the same full name, or a surname or given name of one."""
        low = name.lower()
        words = low.split()
        if not words:
            return None
        for p in reversed(self.people):
            if p.named and p.name.lower() == low:
                return p
        for p in reversed(self.people):
            if not p.named:
                continue
            pw = p.name.lower().split()
            if len(words) == 1 and (words[0] == pw[-1] or (len(pw) > 1 and words[0] == pw[0])):
                return p
            if len(words) > 1 and len(pw) == 1 and words[-1] == pw[0]:
                return p
            if len(words) > 1 and len(pw) > 1 and words[-1] == pw[-1] and words[0][:1] == pw[0][:1]:
                return p
        return None

    def mention_name(self, name: str, kind: str, offs: Offsets, weight: float, gender: str | None = None) -> Participant:
        p = self.find_named(name)
        if p is None:
            p = Participant(name=name, kind=kind, gender=gender, person=kind == SourceType.named_person)
            self.people.append(p)
        elif len(name.split()) > len(p.name.split()):
            p.name = name  # 'Lansman' first, 'Jon Lansman' later: keep the fuller name
        if p.gender is None:
            p.gender = gender or gender_of_name(p.name, people=self.words)
        self.touch(p, offs, weight)
        return p

    def mention_unnamed(
        self, description: str, offs: Offsets, weight: float, gender: str | None, plural: bool, person: bool = True
    ) -> Participant:
        p = Participant(name=description, kind=SourceType.anonymous, gender=gender, plural=plural, named=False, person=person)
        self.people.append(p)
        self.touch(p, offs, weight)
        return p

    def touch(self, p: Participant, offs: Offsets | None, weight: float) -> None:
        """Add salience; ``offs`` is a mention that names or describes it (a pronoun passes None)."""
        p.salience += weight
        p.sentence = self.sentence
        if offs is not None:
            p.last_mention = offs
            p.mentions.append(offs)

    @staticmethod
    def agrees(p: Participant, pronoun: str) -> bool:
        gender = PRONOUN_GENDER.get(pronoun)
        if gender is not None:
            return p.person and not p.plural and p.gender in {None, gender}
        if pronoun in PLURAL_PRONOUNS:
            return p.plural or p.kind == SourceType.named_organisation or not p.person
        return p.kind in {SourceType.named_organisation, SourceType.document} and not p.plural

    def resolve(self, pronoun: str, exclude: set[int] = frozenset()) -> Participant | None:
        """The most salient participant that agrees with the pronoun."""
        gender = PRONOUN_GENDER.get(pronoun)
        best, best_score = None, SALIENCE["min_to_resolve"]
        for p in self.people:
            if id(p) in exclude:
                continue
            if gender is not None:
                if not p.person or p.plural:
                    continue
                if p.gender is not None and p.gender != gender:
                    continue
                score = p.salience * (1.0 if p.gender == gender else SALIENCE["unknown_gender_factor"])
                if p.sentence == self.sentence:
                    score += SALIENCE["same_sentence"]  # 'Tom Watson ... was furious when he found out'

            elif pronoun in PLURAL_PRONOUNS:
                if not (p.plural or p.kind == SourceType.named_organisation or not p.person):
                    continue
                score = p.salience if p.salience >= SALIENCE["min_group"] else 0.0
                if not p.plural:
                    score *= SALIENCE["singular_they_factor"]  # 'the council ... they' is British, but rarer
            else:  # 'it'
                if p.kind not in {SourceType.named_organisation, SourceType.document} or p.plural:
                    continue
                score = p.salience if p.salience >= SALIENCE["min_group"] else 0.0
            if score > best_score:
                best, best_score = p, score
        return best


class Spans:
    """Which characters lie inside any of a set of spans, answered by bisection, not by a scan."""

    def __init__(self, spans: list[Offsets]):
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def holds(self, at: int) -> bool:
        i = bisect_right(self.starts, at) - 1
        return i >= 0 and at < self.ends[i]


def _in_any(offs: Offsets, spans: "Spans") -> bool:
    return spans.holds(offs[0])


def _role_weight(tok: Token) -> float:
    key = ROLE_WEIGHT_KEYS.get(tok.dep_, "other")
    return SALIENCE[key]


def _person_mentions(
    doc: Doc, blocked: Spans, org_lemmas: set[str] = frozenset(), doc_lemmas: set[str] = frozenset(),
    people: Words | None = None,
) -> list[tuple]:
    """Mentions outside other people's words: (offsets, kind, text, head token).

    PERSON entities (not those modifying a noun: 'an evil Bennite wizard'), titled names
    the model misses, organisations, gendered or role nouns heading a subject ('A man walks
    up'), and third-person pronouns."""
    words = people or people_words()
    seen: set[int] = set()
    found = list(_entity_mentions(doc, blocked, set(words["title"]), seen))
    found += _token_mentions(doc, blocked, words, seen, org_lemmas, doc_lemmas)
    return sorted(found, key=lambda m: m[0])


def _entity_mentions(doc: Doc, blocked: Spans, titles: set[str], seen: set[int]):
    for ent in doc.ents:
        if ent.label_ not in {"PERSON", "ORG"} or _in_any((ent.start_char, ent.end_char), blocked):
            continue
        root = ent.root
        if root.dep_ in {"compound", "amod", "nmod"} and root.head.pos_ == "NOUN":
            continue
        label = ent.label_
        if label == "ORG" and ent[0].lower_ in titles and len(ent) > 1:
            label = "PERSON"  # 'Sister Agnes Moore', tagged ORG by the small model
        start = ent.start
        if start > 0 and doc[start - 1].lower_ in titles and doc[start - 1].is_title:
            start -= 1
        seen.update(range(ent.start, ent.end))
        yield (doc[start].idx, ent.end_char), label, doc[start:ent.end], root


def _token_mentions(doc: Doc, blocked: Spans, words: Words, seen: set[int], org_lemmas, doc_lemmas) -> list[tuple]:
    titles = set(words["title"])
    unnamed = set(words["male_noun"]) | set(words["female_noun"]) | set(words["person_noun"])
    # a surname or given name alone ('So, Lansman.') that the model did not tag
    name_words = {w for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for w in (e[0].text, e[-1].text)}
    found = []
    for tok in doc:
        if tok.i in seen or _in_any((tok.idx, tok.idx + 1), blocked):
            continue
        low, lemma = tok.lower_, tok.lemma_.lower()
        if low in titles and tok.is_title and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
            j = tok.i + 1
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title:
                seen.add(j)
                j += 1
            found.append(((tok.idx, doc[j - 1].idx + len(doc[j - 1])), "PERSON", doc[tok.i:j], doc[j - 1]))
        elif tok.text in name_words and tok.pos_ == "PROPN" and not tok.ent_type_:
            found.append(((tok.idx, tok.idx + len(tok)), "PERSON", doc[tok.i:tok.i + 1], tok))
        elif tok.pos_ == "PRON" and (low in PRONOUN_GENDER or low in PLURAL_PRONOUNS or low == "it"):
            found.append(((tok.idx, tok.idx + len(tok)), "PRON", doc[tok.i:tok.i + 1], tok))
        elif tok.pos_ == "NOUN" and tok.tag_ == "NNS" and lemma in unnamed and tok.dep_ in {"pobj", "dobj", "attr"}:
            # 'the office is full of activists. They ...': a group of people, what 'they' may be
            found.append(((tok.idx, tok.idx + len(tok)), "UNNAMED", doc[tok.i:tok.i + 1], tok))
        elif tok.pos_ == "NOUN" and tok.dep_ in SUBJECT_DEPS and not tok.ent_type_:
            phrase = doc[tok.left_edge.i:tok.i + 1]
            kind = "UNNAMED" if lemma in unnamed else "BODY" if lemma in org_lemmas else "DOC" if lemma in doc_lemmas else None
            if kind is not None:  # 'A man walks up', 'The county school board met', 'The report ...'
                found.append(((phrase.start_char, phrase.end_char), kind, phrase, tok))
    return found


def is_person_noun(tok: Token, people: Words | None = None) -> bool:
    words = people or people_words()
    lemma = tok.lemma_.lower()
    return lemma in words["male_noun"] or lemma in words["female_noun"] or lemma in words["person_noun"]


def _noun_gender(tok: Token, people: Words | None = None) -> str | None:
    words = people or people_words()
    lemma = tok.lemma_.lower()
    return MALE if lemma in words["male_noun"] else FEMALE if lemma in words["female_noun"] else None


def _vocative_name(text: str, q: Quote) -> str | None:
    """'"Stan, Stan . . ."': a quotation that opens by addressing someone by name."""
    m = VOCATIVE.match(text, q.start + 1)
    return m.group(1) if m else None


PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
VOCATIVE = re.compile(r"([A-Z][a-z]+)[,!]")


def resolve_speakers(
    doc: Doc,
    atts: list[FoundAttribution],
    quotes: list[Quote],
    person_lemmas: set[str] = frozenset(),
    org_lemmas: set[str] = frozenset(),
    doc_lemmas: set[str] = frozenset(),
    people: Words | None = None,
) -> None:
    """Fill ``speaker``, ``resolved_source`` and the source type of a resolved pronoun, in reading order.

    ``people``: the word lists by kind (titles, gendered nouns, given names); the built-in ones by default."""
    people = people or people_words()
    quoted = Spans([(q.start, q.end) for q in quotes])
    blocked = Spans([(q.start, q.end) for q in quotes] + [a.content for a in atts if a.content is not None])
    mentions = _person_mentions(doc, blocked, org_lemmas, doc_lemmas, people)
    world = Discourse(people)
    by_source = _walk(world, doc, _discourse_events(doc, atts, quotes, mentions), atts, person_lemmas, quoted)
    for att in atts:
        if id(att) in by_source:
            _fill_speaker(text_of(doc), att, by_source[id(att)])


def _discourse_events(doc: Doc, atts: list[FoundAttribution], quotes: list[Quote], mentions) -> list[tuple]:
    """Everything the walk meets, in reading order: (char, order at that char, what)."""
    events: list[tuple[int, int, tuple]] = [(offs[0], 1, ("mention", offs, label, span, head)) for offs, label, span, head in mentions]
    events += [(a.cue[0] if a.source is None else min(a.source[0], a.cue[0]), 2, ("attribution", a)) for a in atts]
    events += [(q.start, 0, ("quote", q)) for q in quotes]
    if doc.has_annotation("SENT_START"):
        events += [(sent.start_char, -1, ("sentence",)) for sent in doc.sents]
    events += [(m.end(), -2, ("paragraph",)) for m in PARAGRAPH_BREAK.finditer(text_of(doc))]
    events.sort(key=lambda e: (e[0], e[1]))
    return events


def _walk(world: Discourse, doc: Doc, events, atts, person_lemmas: set[str], quoted: Spans) -> dict[int, Participant]:
    """Play the events into the salience model; returns who speaks in each attribution (by id)."""
    last_speaker: Participant | None = None
    by_source: dict[int, Participant] = {}
    sources = {a.source for a in atts}
    for at, _, event in events:
        what = event[0]
        if what == "sentence":
            world.sentence += 1
        if what in {"sentence", "paragraph"}:
            if not _in_any((at, at + 1), quoted):  # a speaker's own sentences keep them in view
                world.decay(SALIENCE[f"decay_per_{what}"])
        elif what == "quote":
            _name_by_vocative(world, text_of(doc), event[1], last_speaker)
        elif what == "mention":
            if event[1] not in sources:  # a source: the attribution event weighs it as a speaker
                _mention(world, doc, *event[1:], by_source)
        else:
            att = event[1]
            p = _speaker_of(world, doc, att, last_speaker, person_lemmas, quoted)
            if p is not None:
                named_here = att.source is not None and att.source_type != SourceType.pronoun and att.resolved_source is None
                world.touch(p, att.source if named_here else None, SALIENCE["speaker"])
                last_speaker = p
                by_source[id(att)] = p
    return by_source


def _name_by_vocative(world: Discourse, text: str, q: Quote, last_speaker: Participant | None) -> None:
    """'the chair interrupts him: "Stan, Stan ..."': the unnamed person addressed takes the name."""
    name = _vocative_name(text, q)
    if not name:
        return
    speaking = {id(last_speaker)} if last_speaker is not None else set()
    focus = world.resolve("he", speaking) or world.resolve("she", speaking)
    if focus is not None and not focus.named:
        focus.name, focus.named, focus.kind = name, True, SourceType.named_person
        world.touch(focus, (q.start + 1, q.start + 1 + len(name)), 0.0)


def _fill_speaker(text: str, att: FoundAttribution, p: Participant) -> None:
    att.speaker = p.name if p.named else None
    if att.resolved_source is not None and p.named and not _names(text, att.resolved_source, p):
        # named only later ('"Stan, Stan ..."'): point at the first mention that names them
        att.resolved_source = next((m for m in p.mentions if _names(text, m, p)), att.resolved_source)
    if att.source_type in {SourceType.pronoun, SourceType.agentless} or att.evidence == Evidence.CONTINUATION:
        if p.named:
            att.source_type = p.kind
        elif att.source_type == SourceType.agentless and att.evidence == Evidence.CONTINUATION:
            att.source_type = SourceType.pronoun


def _clause_mates(world: Discourse, pron: Token) -> set[int]:
    """'the chair interrupts him': an object pronoun is never its own clause's subject."""
    if pron.dep_ not in {"dobj", "dative", "pobj"} or pron.lower_.endswith("self"):
        return set()
    verb = pron.head.head if pron.dep_ == "pobj" else pron.head
    subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subj is None:
        return set()
    return {id(p) for p in world.people if any(m[0] <= subj.idx < m[1] for m in p.mentions[-3:])}


def _names(text: str, offs: Offsets, p: Participant) -> bool:
    return p.surname() in text[offs[0]:offs[1]].lower()


def _mention(world: Discourse, doc: Doc, offs: Offsets, label: str, span: Span, head: Token, by_source) -> None:
    weight = _role_weight(head)
    if label == "PRON":
        p = world.resolve(head.lower_, _clause_mates(world, head))
        if p is not None:
            world.touch(p, None, weight)
        return
    if label == "UNNAMED":
        world.mention_unnamed(span.text, offs, weight, _noun_gender(head, world.words), head.tag_ == "NNS")
        return
    if label in {"BODY", "DOC"}:
        kind = SourceType.named_organisation if label == "BODY" else SourceType.document
        p = world.mention_name(span.text, kind, offs, weight)
        p.plural = head.tag_ == "NNS"
        p.named = p.named and any(t.pos_ == "PROPN" for t in span)  # 'the office' describes, it names nobody
        p.person = False
        return
    name = clean_name(span.text, world.words)
    if not name:
        return
    title = span[0].text if span[0].lower_ in world.words["title"] else ""
    kind = SourceType.named_organisation if label == "ORG" else SourceType.named_person
    world.mention_name(name, kind, offs, weight, gender_of_name(name, title, world.words))


def _speaker_of(
    world: Discourse, doc: Doc, att: FoundAttribution, last, person_lemmas: set[str], quoted: Spans
) -> Participant | None:
    """The participant who speaks in this attribution, registering a named or described source."""
    text = text_of(doc)
    if att.source is None:
        if att.evidence == Evidence.CONTINUATION and last is not None:
            att.resolved_source = last.last_mention
            return last
        return None
    low = text[att.source[0]:att.source[1]].lower().strip()
    if _in_any(att.source, quoted) and low not in {"i", "we"}:
        return None  # a source inside someone's quotation belongs to their story, not the article's
    if low in RELATIVE_PRONOUNS and att.resolved_source is not None:
        return _antecedent_speaker(world, doc, att)
    if att.source_type == SourceType.pronoun or low in RELATIVE_PRONOUNS:
        return _pronoun_speaker(world, doc, att, low, last)
    return _named_or_described_speaker(world, doc, att, person_lemmas)


def _antecedent_speaker(world: Discourse, doc: Doc, att: FoundAttribution) -> Participant:
    """'Joe Todd, who organises events': the antecedent speaks, whatever is salient."""
    antecedent = text_of(doc)[att.resolved_source[0]:att.resolved_source[1]]
    named = world.find_named(clean_name(antecedent))
    if named is not None:
        return named
    if att.source_type in {SourceType.named_person, SourceType.named_organisation}:
        return world.mention_name(clean_name(_name_part(doc, att.resolved_source)), att.source_type, att.resolved_source, 0.0)
    return world.mention_unnamed(antecedent, att.resolved_source, 0.0, None, False)


def _pronoun_speaker(world: Discourse, doc: Doc, att: FoundAttribution, low: str, last) -> Participant | None:
    """The most salient participant the pronoun agrees with, never one named inside this very
    content; the quoted 'I' is the speaker of the quotation it stands in."""
    if low in {"i", "we", "me"}:
        if att.resolved_source is None:
            return None
        return world.find_named(clean_name(text_of(doc)[att.resolved_source[0]:att.resolved_source[1]], world.words))
    inside = att.content
    exclude = {id(p) for p in world.people if inside and any(inside[0] <= m[0] < inside[1] for m in p.mentions[-1:])}
    p = world.resolve(low, exclude)
    if p is None and last is not None and world.agrees(last, low):
        p = last  # nobody is salient any more: the last speaker is still talking
    if p is not None:
        att.resolved_source = p.last_mention
    return p


def _named_or_described_speaker(world: Discourse, doc: Doc, att: FoundAttribution, person_lemmas) -> Participant | None:
    src = text_of(doc)[att.source[0]:att.source[1]]
    stype = att.source_type
    if stype == SourceType.document:
        p = world.mention_name(src, SourceType.document, att.source, 0.0)
        p.person = False
        return p
    if stype in {SourceType.named_person, SourceType.named_organisation}:
        name = clean_name(_name_part(doc, att.source), world.words)
        if not name:
            return None
        title = src.split()[0] if src.split() else ""
        return world.mention_name(name, stype, att.source, 0.0, gender_of_name(name, title, world.words))
    known = world.find_named(clean_name(src)) if len(src.split()) <= 3 and src[:1].isupper() else None
    if known is not None and known.kind == SourceType.named_person and stype != SourceType.author:
        att.source_type = SourceType.named_person  # 'Rees describes ...': the surname of someone named before
        return known
    if stype != SourceType.anonymous:
        return None
    span = doc.char_span(att.source[0], att.source[1], alignment_mode="expand")
    head = span.root if span is not None and len(span) else None
    gender = _noun_gender(head, world.words) if head is not None else None
    plural = head is not None and head.tag_ in {"NNS", "NNPS"}
    person = head is not None and (
        head.lemma_.lower() in person_lemmas or is_person_noun(head, world.words) or head.pos_ in {"NUM", "PRON"}
    )
    return world.mention_unnamed(src, att.source, 0.0, gender, plural, person)


def _ents_within(span: Span) -> list[Span]:
    """The entities lying wholly inside ``span``, as ``span.ents`` gives them, read off the
    tokens: ``span.ents`` walks every entity of the document on each call."""
    doc, out, start = span.doc, [], None
    for tok in span:
        if tok.ent_iob_ != "I" and start is not None:
            out.append(Span(doc, start, tok.i, label=doc[start].ent_type_))
            start = None
        if tok.ent_iob_ == "B":
            start = tok.i
    if start is not None and (span.end == len(doc) or doc[span.end].ent_iob_ != "I"):
        out.append(Span(doc, start, span.end, label=doc[start].ent_type_))
    return out


def _name_part(doc: Doc, source: Offsets) -> str:
    """The name inside a source phrase: 'Momentum’s spokeswoman, Emma Rees' -> 'Emma Rees'."""
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    if span is None:
        return text_of(doc)[source[0]:source[1]]
    ents = _ents_within(span)
    persons = [e for e in ents if e.label_ == "PERSON"]
    if persons:
        return persons[-1].text
    orgs = [e for e in ents if e.label_ in {"ORG", "NORP", "GPE"}]
    root = span.root
    if orgs and root.ent_type_:
        return orgs[0].text
    if root.pos_ == "PROPN":
        start = root.i
        while start > span.start and doc[start - 1].pos_ == "PROPN":
            start -= 1
        return doc[start:root.i + 1].text
    return span.text
