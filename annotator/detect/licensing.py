"""Whether a cue word, as used here, reports anything.

A word is a reporting cue only where it introduces what someone says, writes,
thinks or shows: "attacked" reports in 'attacked the plan as "reckless"' and not
in 'troops attacked the town'; "thanks" never reports a proposition. Each lexicon
line lists, as data (``reports``), the complements that make its word a report;
this module classes the complement an attribution was built from and checks it
against that list.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .found import FoundAttribution
from .speakers import is_person_noun
from .vocabulary import COMPLEMENT_OF_EVIDENCE, Complement, CueKind, Evidence

# Complements a lexicon line of each kind licenses when it does not list its own.
DEFAULT_REPORTS: dict[str, frozenset[Complement]] = {
    CueKind.SPEECH: frozenset(Complement) - {Complement.TARGET, Complement.NOMINAL, Complement.ACCORDING, Complement.PUNCTUATION},
    CueKind.STANCE: frozenset({Complement.CLAUSE, Complement.QUOTE}),
    CueKind.COGNITIVE: frozenset({Complement.CLAUSE, Complement.QUOTE}),
    CueKind.DOCUMENT: frozenset({Complement.CLAUSE, Complement.OBJECT, Complement.QUOTE, Complement.SUBJECT}),
    CueKind.PREPOSITIONAL: frozenset({Complement.ACCORDING}),
    CueKind.NOMINAL: frozenset({Complement.NOMINAL}),
    CueKind.AGENTLESS: frozenset({Complement.CLAUSE, Complement.QUOTE, Complement.SUBJECT, Complement.INFINITIVE}),
    CueKind.PUNCTUATION: frozenset({Complement.PUNCTUATION}),
}
QUESTION_WORDS = {"whether", "if", "how", "what", "why", "when", "where", "who", "which", "whom", "whose"}
PERSON_PRONOUNS = {"me", "you", "him", "her", "us", "them", "i", "we", "he", "she", "they", "myself", "himself",
                   "herself", "themselves", "ourselves", "yourself", "each", "everyone", "everybody", "anyone", "someone"}


def reports_of(entry: dict) -> frozenset[Complement]:
    """The complements a lexicon line licenses: its own ``reports`` list, else its kind's default."""
    listed = entry.get("reports")
    if listed is not None:
        return frozenset(Complement(c) for c in listed)
    return DEFAULT_REPORTS.get(entry.get("kind", CueKind.SPEECH), DEFAULT_REPORTS[CueKind.SPEECH])


def complement_class(doc: Doc, att: FoundAttribution, head: Token) -> Complement | None:
    """What the cue introduces here; a direct object is a person (TARGET) or a thing said (OBJECT),
    a clause a proposition (CLAUSE) or an indirect question (QUESTION)."""
    ev = Evidence(att.evidence) if att.evidence in Evidence._value2member_map_ else Evidence.NONE
    cls = COMPLEMENT_OF_EVIDENCE.get(ev)
    if cls is Complement.OBJECT and _object_is_person(head):
        return Complement.TARGET
    if cls is Complement.OBJECT and any(c.dep_ == "prep" and c.lower_ == "as" for c in head.children):
        return Complement.LABEL  # 'attacked the plan as reckless': a verdict on it
    if cls is Complement.CLAUSE and ev in {Evidence.CCOMP, Evidence.ADVCL} and att.content is not None:
        first = doc.char_span(att.content[0], att.content[1], alignment_mode="expand")
        if first is not None and len(first) and first[0].lower_ in QUESTION_WORDS:
            return Complement.QUESTION
    return cls


# what is said of a person object makes a proposition: 'accused him of lying', 'described her as ...'
PROPOSITION_PREPS = {"of", "for", "as", "with", "over", "to"}


def _object_is_person(head: Token) -> bool:
    """A bare person object ('thanked his supporters', 'attacked Smith'), not one with what is
    said of them ('accused him of lying')."""
    obj = next((c for c in head.children if c.dep_ == "dobj" and c.i > head.i), None)
    if obj is None:
        return False
    if any(c.dep_ == "prep" and c.lower_ in PROPOSITION_PREPS and c.i > obj.i for c in head.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in PROPOSITION_PREPS for c in obj.children):
        return False
    if obj.lower_ in PERSON_PRONOUNS or obj.ent_type_ in {"PERSON", "NORP"} or is_person_noun(obj):
        return True
    return obj.pos_ == "PROPN" and obj.ent_type_ not in {"ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}


def is_licensed(doc: Doc, att: FoundAttribution, head: Token, reports: frozenset[Complement]) -> bool:
    """True when the complement this attribution was built from is one its cue word reports with."""
    cls = complement_class(doc, att, head)
    return cls is None or cls in reports
