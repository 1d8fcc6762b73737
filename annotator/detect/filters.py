"""Candidates that look like attributions but report nobody, and those the scorer must not judge.

Each rule names one reading a newsroom would not call sourcing ('it seems', 'I
wonder', 'drivers can request', 'In a statement, ...' hanging off another cue),
applied after sources are typed, because most depend on the source type.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..lexicons import builtin_words
from .found import FoundAttribution
from .text import text_of
from .vocabulary import CueKind, Evidence, SourceType


def drop_non_reports(
    doc: Doc,
    atts: list[FoundAttribution],
    negative_quantifiers: frozenset[str] | None = None,
    impression_verbs: frozenset[str] | None = None,
) -> list[FoundAttribution]:
    """The word lists default to the built-in ones; the detector passes its own lexicon's."""
    nobody = NEGATIVE_QUANTIFIERS if negative_quantifiers is None else negative_quantifiers
    impression = IMPRESSION_VERBS if impression_verbs is None else impression_verbs
    atts = [a for a in atts if not _impression_without_observer(doc, a, impression)]
    atts = _drop_circumstances_of_other_cues(doc, atts)
    return [a for a in atts if not _nobody_speaks(doc, a, nobody) and not any(rule(doc, a) for rule in NON_REPORTS)]


def _cue_head(doc: Doc, att: FoundAttribution):
    span = doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _imperative_to_reader(doc: Doc, att) -> bool:
    """'Say you are not sure that ...', 'Don't say that': an order to the reader or hearer
    reports nobody; a bare verb with no subject of its own, heading its clause."""
    head = _cue_head(doc, att)
    if head is None or att.source is not None or head.tag_ != "VB":
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "mark"} for c in head.children):
        return False
    if any(c.dep_ == "aux" and c.lower_ not in {"do", "don't", "dont"} for c in head.children):
        return False  # 'to say', 'will say', 'can say': not an order
    if head.dep_ == "conj":
        # 'Obama and Clinton call them ... and describe ...': the first verb's subject is shared
        first = head.head
        return first.tag_ == "VB" and not any(c.dep_ in {"nsubj", "nsubjpass", "expl", "aux"} for c in first.children)
    return head.dep_ in {"ROOT", "ccomp", "parataxis"}


def _negated_author_report(doc: Doc, att) -> bool:
    """'That is why I do not tell them that I am a journalist': what the writer does not say."""
    head = _cue_head(doc, att)
    return att.source_type == SourceType.author and head is not None and any(c.dep_ == "neg" for c in head.children)


def _hypothetical_author_act(doc: Doc, att) -> bool:
    """'I can ask whatever I want': the writer's possible act, not a report."""
    head = _cue_head(doc, att)
    return att.source_type == SourceType.author and head is not None and any(
        c.dep_ == "aux" and c.lower_ in POSSIBILITY_MODALS | {"would", "will", "wo"} for c in head.children
    )


# data (word_lists.jsonl, kind negative_quantifier): the built-in list
NEGATIVE_QUANTIFIERS = builtin_words()["negative_quantifier"]


def _nobody_speaks(doc: Doc, att, negative_quantifiers: frozenset[str] = NEGATIVE_QUANTIFIERS) -> bool:
    """'No one knows what will work', 'Nobody at the Treasury would say': a source that is
    nobody (however it is qualified after) reports nothing."""
    if att.source is None:
        return False
    words = text_of(doc)[att.source[0]:att.source[1]].lower().split()
    return any(" ".join(words[:n]) in negative_quantifiers for n in (1, 2, 3))


def _simile(doc: Doc, att) -> bool:
    """'They talk about Corbyn as addicts talk about a drug': the same verb again in an 'as' or
    'like' clause compares; it reports nothing. 'as Smith put it' and 'as he discussed his
    plan' (a time) stay."""
    head = _cue_head(doc, att)
    if head is None or att.evidence not in {Evidence.PREP, Evidence.DOBJ}:
        return False
    if not any(c.dep_ == "mark" and c.lower_ in {"as", "like"} for c in head.children):
        return False
    governor = head.head
    return governor is not head and governor.lemma_ == head.lemma_


def keeps_lexicon_score(att: FoundAttribution, text: str) -> bool:
    """Constructions the scorer's training data (PolNeAR) leaves out: their lexicon prior stands."""
    return att.cue_kind in UNSCORED_KINDS or _nested_report(att, text)


def drop_overlapping_cues(atts: list[FoundAttribution]) -> list[FoundAttribution]:
    """One attribution per cue position: the best-scored of overlapping candidates."""
    atts = sorted(atts, key=lambda a: (a.cue[0], -a.score))
    out: list[FoundAttribution] = []
    for a in atts:
        if out and a.cue[0] < out[-1].cue[1]:
            continue
        out.append(a)
    return out


# Speakers inside a quote who are not a third party: the quoted person talking to or about
# the listener, or anybody at all ('you say', 'no matter what anyone says').
NOT_THIRD_PARTIES = {"i", "we", "me", "us", "you", "anyone", "anybody", "no one", "nobody", "everyone", "everybody", "one"}


def _nested_report(att, text: str) -> bool:
    """'"My lawyer says we have a case," he said': a speaker quoting someone else. PolNeAR
    leaves these out, so its scorer learnt to suppress cues inside quotes; the lexicon
    prior decides instead, for a speech verb with its own subject and clause that reports
    a third party. The quoted person's own talk ('I must tell you', 'we have argued',
    'you say', 'it's fair to say') is not a second source, so the scorer judges it."""
    f = att.features
    if not (
        f and f.get("cue_in_quote") and att.source is not None
        and att.evidence in {Evidence.CCOMP, Evidence.QUOTE_BEFORE, Evidence.QUOTE_AFTER} and att.cue_kind == CueKind.SPEECH
    ):
        return False
    if att.source_type == SourceType.author or text[att.source[0]:att.source[1]].lower() in NOT_THIRD_PARTIES:
        return False
    return not (f.get("modal_aux") or f.get("prev=to"))


# Cue kinds whose lexicon weight stands: constructions the training data hardly has.
UNSCORED_KINDS = {"agentless"}
# data (word_lists.jsonl, kind impression_verb): the built-in list
IMPRESSION_VERBS = builtin_words()["impression_verb"]


def _impression_without_observer(doc: Doc, att, impression_verbs: frozenset[str] = IMPRESSION_VERBS) -> bool:
    """'Repairs appear to have stalled' hedges a claim; nobody is quoted. 'Trump seemed to
    suggest' attributes a stance to a person, as PolNeAR annotates it: keep that one."""
    cue = doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand")
    if cue is None or cue.root.lemma_ not in impression_verbs:
        return False
    if att.source_type == SourceType.pronoun and text_of(doc)[att.source[0]:att.source[1]].lower() == "it":
        return True  # 'it seems': the expletive, not a speaker
    return att.source_type not in {SourceType.named_person, SourceType.pronoun}


def _author_musing(att) -> bool:
    """'I wonder', 'I think', 'we discuss Marx': the writer's own thoughts and doings are not
    sourcing. The author counts as a source when told or reporting ('I am told', 'I asked')."""
    if att.source_type != SourceType.author:
        return False
    return att.cue_kind not in {CueKind.SPEECH, CueKind.PREPOSITIONAL} or att.evidence in {Evidence.DOBJ, Evidence.DOBJ_EMPTY, Evidence.PREP}


POSSIBILITY_MODALS = {"can", "could", "may", "might", "must", "should", "shall", "ca"}


def _hypothetical_act(doc: Doc, att) -> bool:
    """'Drivers can request extra training': a possible act, not a reported one."""
    if att.evidence not in {Evidence.DOBJ, Evidence.DOBJ_EMPTY, Evidence.PREP, Evidence.XCOMP, Evidence.HOST}:
        return False
    cue = doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand")
    return cue is not None and any(
        c.dep_ == "aux" and c.lower_ in POSSIBILITY_MODALS for c in cue.root.children
    )


# each answers one question: is this candidate a non-report of that kind?
NON_REPORTS = (
    lambda doc, a: _hypothetical_act(doc, a),
    lambda doc, a: _author_musing(a),
    _imperative_to_reader,
    _negated_author_report,
    _hypothetical_author_act,
    _simile,
)


OWN_CONTENT = {
    "ccomp", "xcomp", "quote_before", "quote_after", "quote_split", "passive", "according", "dash", "colon",
    "advcl", "final", "oprd", "speaker_label",
}


def _drop_circumstances_of_other_cues(doc: Doc, atts):
    """'In a statement, the council said ...', 'Asked about it, she said ...': the phrase
    hangs off another cue and has no claim of its own; it is part of that attribution."""
    heads = {}
    for a in atts:
        span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
        if span is not None:
            heads[span.root.i] = a
    keep = []
    for a in atts:
        span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
        own = a.evidence in OWN_CONTENT and not (a.cue_kind == CueKind.PREPOSITIONAL and span is not None and not span.text.lower().startswith("according"))
        if span is not None and a.cue_kind == CueKind.PREPOSITIONAL and not own and span.root.head.i not in heads:
            # the parse lost the attachment: 'In a statement, the council said' still
            # belongs to the verb cue of its sentence
            sent = span.root.sent
            if any(o is not a and o.cue_kind != CueKind.PREPOSITIONAL and sent.start_char <= o.cue[0] < sent.end_char for o in atts):
                continue
        if span is not None and not own and span.root.dep_ in {"prep", "advcl"}:
            other = heads.get(span.root.head.i)
            if other is not None and other is not a and a.cue[0] < other.cue[0]:
                continue
            if other is not None and other is not a and a.cue_kind == CueKind.PREPOSITIONAL and 0 <= a.cue[0] - other.cue[1] <= 16:
                # 'said in a statement': one cue, as annotators mark it, not two attributions
                other.cue = (other.cue[0], a.cue[1])
                continue
        keep.append(a)
    return keep
