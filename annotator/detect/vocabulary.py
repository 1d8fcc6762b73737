"""The detector's internal vocabulary, as typed enums in one place.

Rules, the scorer's feature names and the lexicon files all speak of how a
content was found, what kind of cue a word is and which complement makes it a
report. Kept as ``StrEnum`` so the values stay the readable strings the lexicon
files, the learned weights (``ev=ccomp``) and the findings (plain data that
survives multiprocess ``nlp.pipe``) already use, while a typo in code is an
``AttributeError`` instead of a rule that silently never fires.
"""

from __future__ import annotations

from enum import StrEnum

from ..records import SourceType

__all__ = ["Evidence", "CueKind", "Complement", "Feature", "SourceType", "complement_of"]


class Evidence(StrEnum):
    """Which relation of the parse (or which punctuation) gave an attribution its content."""

    CCOMP = "ccomp"  # 'said that ...' (also a 'that' clause the parser hung on the hearer)
    XCOMP = "xcomp"  # 'urged them to ...', 'promised to ...'
    PARATAXIS = "parataxis"
    OPRD = "oprd"  # 'called him a liar', 'pronounce themselves "devastated"'
    DOBJ = "dobj"  # 'denied the charge'
    DOBJ_EMPTY = "dobj_empty"  # 'said as much', 'says so', 'says not': the claim stands elsewhere
    PREP = "prep"  # 'warned about ...', 'talked about ...'
    ADVCL = "advcl"  # the reported clause, misattached by the parser as an adverbial clause
    HOST = "host"  # 'The museum, he said, would ...': the clause the cue interrupts
    FINAL = "final"  # 'Language unclear on X, experts say.'
    PASSIVE = "passive"  # 'is said to ...', 'it was claimed that ...'
    PASSIVE_SUBJECT = "passive_subject"  # 'the plan was rejected by ...'
    QUOTE_BEFORE = "quote_before"
    QUOTE_AFTER = "quote_after"
    QUOTE_SPLIT = "quote_split"
    ACCORDING = "according"
    NOMINAL = "nominal"  # 'the claim that ...'
    DASH = "dash"  # '"..." - Ana Ruiz'
    COLON = "colon"  # 'The chair was blunt: "..."'
    SPEAKER_LABEL = "speaker_label"  # 'WALLACE: ...'
    CONTINUATION = "continuation"  # a quotation paragraph that continues the last speaker's turn
    BLOCK_QUOTE = "block_quote"  # 'The governor added:' and the next paragraph
    NONE = "none"


class CueKind(StrEnum):
    """What sort of word a lexicon line holds; rules and the scorer treat them differently."""

    SPEECH = "speech"
    STANCE = "stance"
    COGNITIVE = "cognitive"
    DOCUMENT = "document"
    PREPOSITIONAL = "prepositional"
    NOMINAL = "nominal"
    AGENTLESS = "agentless"
    PUNCTUATION = "punctuation"
    NOT_A_CUE = "not_a_cue"  # an idiom that reports nobody; holds its words back from every cue


class Complement(StrEnum):
    """What a cue word must introduce to be a report; each lexicon line lists its own (``reports``)."""

    CLAUSE = "clause"  # a reported proposition: 'that ...', a parenthetical host, 'is said to ...'
    INFINITIVE = "infinitive"  # 'urged them to resign', 'promised to'
    QUESTION = "question"  # 'asked whether ...', 'told a room how ...'
    QUOTE = "quote"  # a quotation beside the attributing clause
    OBJECT = "object"  # a speech-act object that is not a person: 'denied the charge'
    TARGET = "target"  # a person as object: 'attacked Smith', 'thanked his supporters'
    REFERRING = "referring"  # 'said as much', 'says so', 'says not'
    LABEL = "label"  # 'called it absurd', 'pronounced themselves "devastated"'
    TOPIC = "topic"  # 'talked about the budget': what was spoken of, not what was said
    SUBJECT = "subject"  # a passive's subject: 'the plan was announced'
    ACCORDING = "according"
    NOMINAL = "nominal"
    PUNCTUATION = "punctuation"


# how each kind of content evidence is classed; QUESTION and TARGET are decided from the parse
COMPLEMENT_OF_EVIDENCE = {
    Evidence.CCOMP: Complement.CLAUSE,
    Evidence.PARATAXIS: Complement.CLAUSE,
    Evidence.ADVCL: Complement.CLAUSE,
    Evidence.HOST: Complement.CLAUSE,
    Evidence.FINAL: Complement.CLAUSE,
    Evidence.PASSIVE: Complement.CLAUSE,
    Evidence.XCOMP: Complement.INFINITIVE,
    Evidence.OPRD: Complement.LABEL,
    Evidence.DOBJ: Complement.OBJECT,
    Evidence.DOBJ_EMPTY: Complement.REFERRING,
    Evidence.PREP: Complement.TOPIC,
    Evidence.PASSIVE_SUBJECT: Complement.SUBJECT,
    Evidence.QUOTE_BEFORE: Complement.QUOTE,
    Evidence.QUOTE_AFTER: Complement.QUOTE,
    Evidence.QUOTE_SPLIT: Complement.QUOTE,
    Evidence.CONTINUATION: Complement.QUOTE,
    Evidence.BLOCK_QUOTE: Complement.QUOTE,
    Evidence.ACCORDING: Complement.ACCORDING,
    Evidence.NOMINAL: Complement.NOMINAL,
    Evidence.DASH: Complement.PUNCTUATION,
    Evidence.COLON: Complement.PUNCTUATION,
    Evidence.SPEAKER_LABEL: Complement.PUNCTUATION,
}


def complement_of(evidence: str) -> Complement | None:
    return COMPLEMENT_OF_EVIDENCE.get(Evidence(evidence)) if evidence in Evidence._value2member_map_ else None


class Feature(StrEnum):
    """Names of the cue scorer's features: a key is ``name`` or ``name=value``, joined by '&'."""

    BIAS = "bias"
    PRIOR = "prior"
    LEMMA = "lemma"
    KIND = "kind"
    EV = "ev"
    STYPE = "stype"
    QTYPE = "qtype"
    DEP = "dep"
    TAG = "tag"
    GOV = "gov"
    GOV_DEP = "gov_dep"
    PREV = "prev"
    SENT_ROOT = "sent_root"
    NEG = "neg"
    MODAL_AUX = "modal_aux"
    IMPERATIVE = "imperative"
    HAS_HEARER = "has_hearer"
    HEADLINE = "headline"
    SRC_ENT = "src_ent"
    SRC_LEMMA = "src_lemma"
    SRC_LEN = "src_len"
    NO_SOURCE = "no_source"
    LABEL_UPPER = "label_upper"
    LABEL_WORDS = "label_words"
    CUE_IN_QUOTE = "cue_in_quote"
    CLEN = "clen"
    CONTENT_THAT = "content_that"
    NESTED = "nested"
    HOST_EV = "host_ev"
    COMPLEMENT = "comp"
    VEC = "vec"  # the pipeline's token vector, 'vec0' ... (opt-in)
