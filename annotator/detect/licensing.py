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
from .speakers import Words, is_person_noun, people_words
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
    if cls is Complement.OBJECT and (_verdict_as(head) or _verdict_on_person(head)):
        return Complement.LABEL  # 'attacked the plan as reckless', 'attacked Smith for lying': a verdict
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
    obj = _direct_object(head)
    if obj is None:
        return False
    if any(c.dep_ == "prep" and c.lower_ in PROPOSITION_PREPS and c.i > obj.i for c in head.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in PROPOSITION_PREPS for c in obj.children):
        return False
    if _is_person(obj):
        return True
    return obj.pos_ == "PROPN" and obj.ent_type_ not in {"ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}


def _verdict_as(head: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "as" for c in head.children)


# what a verdict on a person is for: 'attacked Smith for her vote', 'mocked him over the tweet'
VERDICT_PREPS = {"for", "over"}


def _verdict_on_person(head: Token) -> bool:
    """'attacked Clinton for her support of ...': a person object with the grounds of the verdict."""
    obj = _direct_object(head)
    if obj is None or not _is_person(obj):
        return False
    return any(c.dep_ == "prep" and c.lower_ in VERDICT_PREPS for c in list(head.children) + list(obj.children))


def _direct_object(head: Token) -> Token | None:
    return next((c for c in head.children if c.dep_ == "dobj" and c.i > head.i), None)


def _is_person(tok: Token) -> bool:
    return tok.lower_ in PERSON_PRONOUNS or tok.ent_type_ in {"PERSON", "NORP"} or is_person_noun(tok)


# complements a cue word does not report with by itself but that its context can make a report
CONTEXT_LICENSED = frozenset({Complement.OBJECT, Complement.TARGET, Complement.LABEL, Complement.TOPIC, Complement.QUESTION})


def is_licensed(
    doc: Doc,
    att: FoundAttribution,
    head: Token,
    reports: frozenset[Complement],
    kind: str = CueKind.SPEECH,
    words: Words | None = None,
    document_lemmas: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """True when the complement this attribution was built from is one its cue word reports with,
    or one the context makes a report ('offered advice', 'attacked him in a tweet', 'the study found ...')."""
    cls = complement_class(doc, att, head)
    if cls is None or cls in reports:
        return True
    if cls not in CONTEXT_LICENSED or not _plain_act(head):
        return False
    words = words or people_words()
    return (
        object_is_said(head, cls, words)
        or said_in_a_medium(head, words)
        or evidence_shows(head, kind, document_lemmas)
    )


def _plain_act(head: Token) -> bool:
    """Context licenses an act that took place in its plain sense: not a negated one ('have not
    ruled out other explanations' reports nothing) nor a phrasal verb's other sense ('ruled out')."""
    return not any(c.dep_ in {"neg", "prt"} for c in head.children)


def object_is_said(head: Token, cls: Complement, words: Words) -> bool:
    """The object names something said ('offered advice', 'delivered a message', 'unleashed a
    flurry of tweets'): whatever the verb, what it acts on is speech."""
    if cls is not Complement.OBJECT:
        return False
    obj = _direct_object(head)
    if obj is None:
        return False
    if obj.lemma_.lower() in words["quantity_noun"]:
        obj = next((g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"), obj)
    return obj.lemma_.lower() in words["speech_act_noun"]


# prepositions that put an act in a medium of speech: 'in a tweet', 'on Twitter', 'during the debate'
MEDIUM_PREPS = {"in", "on", "during", "via", "through", "at"}


def said_in_a_medium(head: Token, words: Words) -> bool:
    """'attacked Machado in early-morning tweets', 'mocked the rule during the debate': an act
    done in words is a report whatever the verb's object."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in MEDIUM_PREPS:
            continue
        if any(g.dep_ == "pobj" and g.lemma_.lower() in words["speech_medium"] for g in prep.children):
            return True
    return False


def evidence_shows(head: Token, kind: str, document_lemmas: frozenset[str] | set[str]) -> bool:
    """'a 2014 study found 31 cases', 'the average shows Clinton ahead': a document's finding is a
    report whatever its object; 'leaders found little unity' is not."""
    if kind != CueKind.DOCUMENT or not document_lemmas:
        return False
    subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subj is not None and subj.lemma_.lower() in document_lemmas
