"""Link reporting cues to their sources and contents on the dependency parse.

A cue alone is cheap to find (a word list does it); what a fact-checker needs
is the triple: who, said what, with which word. Each function here answers one
of those questions from the parse of one cue, so each can be tested and
improved on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicons import builtin_words
from .found import FoundAttribution, Offsets
from .quotes import Quote, first_quote_starting_from, last_quote_ending_by, quote_at, quotes_overlapping
from .text import text_of
from .tuning import CONTENT_MAX_DISTANCE
from .vocabulary import CueKind, Evidence

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CONTENT_DEPS = ("ccomp", "xcomp", "parataxis")
NOUN_CONTENT_DEPS = {"acl", "ccomp", "relcl", "appos"}
PARTICIPLE_DEPS = {"advcl", "conj", "xcomp", "pcomp"}
# What may stand between a quote and the clause that attributes it: '," said', '” says', ': “'.
GLUE = set(" \t\r\n,:;-\u2013\u2014")
AGENTLESS_EXPLETIVES = {"it", "there"}
# 'said nothing', 'said little': an object that carries no claim
EMPTY_OBJECTS = {"nothing", "anything", "little", "much", "something", "everything", "it", "so", "this", "that"}
# ... but these point at a claim made elsewhere ('said as much', 'released it'); 'nothing' never does
REFERRING_OBJECTS = {"it", "this", "that", "so", "much", "something", "everything", "same"}
QUOTE_CHARS = set('"\u201c\u201d\u201e\u00ab\u00bb')
# verbs whose passive subject is the hearer ('reporters were told'), not what was said. Data
# (word_lists.jsonl, kind hearer_verb); the detector passes its own lexicon's list, this is the built-in one.
HEARER_VERBS = builtin_words()["hearer_verb"]
# prepositions that introduce what a cue is about: 'warned about', 'railed against', 'responded with'
CONTENT_PREPS = {"about", "on", "of", "for", "that", "against", "with"}
# what may make up a speaker's name between a closing quote and its verb: '” Tulsa police Chief Chuck Jordan said'
NAME_POS = {"PROPN", "NOUN", "DET", "ADJ"}


@dataclass
class CueCandidate:
    """A lexicon match with what the lexicon says about it."""

    head: Token  # the syntactic head of the match: the word we reason about
    start: int  # token span of the whole match (e.g. 'according to', 'pointed out')
    end: int
    kind: str
    weight: float
    reports: frozenset = frozenset()  # the complements that make this word a report (its lexicon line's)
    line: str = ""  # the id of the lexicon line that matched (what training learns about)


def char_span(span: Span | Token) -> Offsets:
    if isinstance(span, Token):
        return span.idx, span.idx + len(span)
    return span.start_char, span.end_char


def subtree_span(tok: Token, exclude: Token | None = None) -> Span:
    """The token's phrase, trimmed of edge punctuation, optionally stopping before another phrase."""
    doc = tok.doc
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    if exclude is not None and exclude.i > tok.i:
        end = min(end, exclude.left_edge.i)
    while start < end - 1 and _is_edge_punct(doc[start]):
        start += 1
    while end - 1 > start and _is_edge_punct(doc[end - 1]):
        end -= 1
    return doc[start:end]


def _is_edge_punct(tok: Token) -> bool:
    return (tok.is_punct and tok.text not in QUOTE_CHARS) or tok.is_space or tok.dep_ == "cc"


def find_subject(verb: Token) -> Token | None:
    """The verb's own subject, else one it shares: 'X says ... and also notes', 'X said, adding'."""
    seen = 0
    tok = verb
    while tok is not None and seen < 4:
        subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        if tok.dep_ != "relcl":
            # 'that even though Rees says': a complementizer the parser took for a subject
            subjects = [c for c in subjects if c.lower_ not in {"that", "which", "who"}] or subjects[:0]
        for child in subjects:
            # 'officials who said': the relative pronoun is the source, as annotators mark
            # it; its antecedent goes into resolved_source when sources are typed
            return child
        if tok.dep_ in PARTICIPLE_DEPS and tok.head is not tok and tok.head.pos_ in {"VERB", "AUX"}:
            tok = tok.head
            seen += 1
            continue
        if tok.dep_ in {"relcl", "acl"} and tok.head.pos_ in {"NOUN", "PROPN"} and tok.tag_ != "VBN":
            return tok.head
        return None
    return None


def find_agent(verb: Token) -> Token | None:
    """'was told by a senior aide': the agent of a passive cue."""
    for child in verb.children:
        if child.dep_ == "agent":
            for gc in child.children:
                if gc.dep_ == "pobj":
                    return gc
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


CLITICS = {"\u2019m", "'m", "\u2019s", "'s", "\u2019re", "'re", "\u2019ve", "'ve", "\u2019d", "'d"}


def source_phrase(subj: Token) -> Span:
    """The whole noun phrase of the speaker, without a trailing relative clause or quote."""
    doc = subj.doc
    if subj.text in CLITICS:
        # 'I’m told': the small model reads a curly-apostrophe clitic as the subject
        pron = next((c for c in subj.lefts if c.pos_ == "PRON"), None)
        if pron is not None:
            return doc[pron.i:pron.i + 1]
    start, end = subj.left_edge.i, subj.right_edge.i + 1
    for child in subj.rights:
        if child.dep_ == "punct" and _named_appos_follows(subj, child):
            continue  # 'Her deputy, Carl Ostrowski,': the name is part of the source
        if child.dep_ == "appos" and (child.pos_ == "PROPN" or child.ent_type_ == "PERSON"):
            end = max(end, child.right_edge.i + 1) if child.right_edge.i + 1 <= end else end
            continue
        if child.dep_ in {"relcl", "acl", "aux", "auxpass"} or child.text in QUOTE_CHARS or child.dep_ == "punct":
            end = min(end, child.left_edge.i)
            break
    end = max(end, subj.i + 1)
    span = doc[start:end]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    return span


def _named_appos_follows(subj: Token, punct: Token) -> bool:
    return any(
        c.dep_ == "appos" and c.i > punct.i and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON")
        for c in subj.rights
    )


def clause_content(verb: Token) -> tuple[Span | None, str]:
    """What the cue reports, and which relation gave it: the first of the finders that answers,
    in order from the surest (a complement clause) to the loosest (the clause the cue interrupts)."""
    for find in CONTENT_FINDERS:
        found = find(verb)
        if found is not None:
            return found
    return None, Evidence.NONE


def complement_clause(verb: Token) -> tuple[Span, str] | None:
    """'said that ...', 'urged them to ...', a clause before the cue ('X is wrong, she said')."""
    label_after = any(c.dep_ == "oprd" and c.i > verb.i for c in verb.children)
    for dep in CONTENT_DEPS:
        for child in verb.children:
            if label_after and child.i < verb.i:
                continue  # '... – Schneider calls it "Kremlinology"': the label is what is said
            if child.dep_ != dep or child.i <= verb.i - CONTENT_MAX_DISTANCE or _clause_break_between(verb, child):
                continue
            if dep == "parataxis" and (child.i > verb.i or _parenthetical(child)):
                # '..., he said, adding ...' is not its content; nor is 'The bishop, it was
                # claimed, had known', a parenthetical
                continue
            return subtree_span(child), dep
    return None


def clause_on_hearer(verb: Token) -> tuple[Span, str] | None:
    """'told a meeting of leaders that few understood', 'tell a room how the police ...': the
    parser often hangs the clause on the hearer as if it were a relative clause."""
    for child in verb.children:
        if child.dep_ not in {"dobj", "dative"} or child.i <= verb.i:
            continue
        for tok in child.subtree:
            if tok.dep_ in {"relcl", "acl"} and (
                any(g.dep_ == "mark" and g.lower_ == "that" for g in tok.children)
                or tok.left_edge.lower_ in {"how", "why", "whether", "what"}
            ):
                return subtree_span(tok), Evidence.CCOMP
    return None


def label_content(verb: Token) -> tuple[Span, str] | None:
    """'she called him a liar', 'which she calls "absurd"': the label is the claim; 'it is
    called X' gives a name, not a view."""
    oprd = next((c for c in verb.children if c.dep_ == "oprd" and c.i > verb.i), None)
    if oprd is None or is_passive(verb):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    span = subtree_span(oprd)
    if obj is not None and obj.tag_ not in {"WDT", "WP"}:
        span = verb.doc[subtree_span(obj).start:span.end]
    return span, Evidence.OPRD


def object_content(verb: Token) -> tuple[Span, str] | None:
    """'the study found a rise in ...', 'denied the charge': the object is what was said."""
    for child in verb.children:
        if (
            child.dep_ == "dobj"
            and child.pos_ in {"NOUN", "PRON", "PROPN"}
            and verb.lemma_ not in {"tell", "ask"}
            and child.lower_ not in EMPTY_OBJECTS
        ):
            return subtree_span(child), Evidence.DOBJ
    return None


def topic_content(verb: Token) -> tuple[Span, str] | None:
    """'warned about ...', 'railed against ...': what the report was about."""
    child = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS), None)
    return (subtree_span(child), Evidence.PREP) if child is not None else None


def misattached_clause(verb: Token) -> tuple[Span, str] | None:
    """'Hawaii, as an adviser pointed out, normally does not get ...': the small model often
    hangs the reported clause on the cue as an adverbial clause."""
    child = next((c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i and _full_clause(c)), None)
    return (subtree_span(child), Evidence.ADVCL) if child is not None else None


def says_so(verb: Token) -> tuple[Span, str] | None:
    """'One man says not', 'she said so': the claim is the one just discussed."""
    for child in verb.children:
        if child.dep_ in {"neg", "advmod"} and child.i == verb.i + 1 and child.lower_ in {"not", "so"} and _clause_ends_after(child):
            return verb.doc[child.i:child.i + 1], Evidence.DOBJ_EMPTY
    return None


def referring_object(verb: Token) -> tuple[Span, str] | None:
    """'said as much', 'released it': the claim is elsewhere, but a report was made."""
    child = next((c for c in verb.children if c.i > verb.i and _refers_back(c)), None)
    if child is None:
        return None
    span = subtree_span(child) if child.dep_ == "dobj" else verb.doc[child.i - 1:child.i + 1]
    return span, Evidence.DOBJ_EMPTY


def _refers_back(tok: Token) -> bool:
    """'as much' (which the parser may hang on the verb as an adverb), 'the same (thing)', 'it'."""
    if tok.dep_ == "dobj":
        return tok.lower_ in REFERRING_OBJECTS or any(c.dep_ == "amod" and c.lower_ == "same" for c in tok.children)
    return tok.dep_ == "advmod" and tok.lower_ == "much" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "as"


def host_clause(verb: Token) -> tuple[Span, str] | None:
    """'The museum, Mr Obama said, would make ...': the clause the cue interrupts is the claim,
    and, as with a split quote, the attributing words sit inside it. Not a circumstance
    ('when he found out, ...'), and it stops at its own colon ('X, he says, did one thing: "..."')."""
    if verb.dep_ not in {"parataxis", "advcl"} or verb.head is verb or any(
        c.dep_ in CONTENT_DEPS or (c.dep_ in {"mark", "advmod"} and c.lower_ in CIRCUMSTANCE_MARKS) for c in verb.children
    ):
        return None
    host = subtree_span(verb.head)
    cut = next((t.i for t in host if t.i > verb.i and t.text in {":", ";"}), None)
    if cut is not None:
        host = _trim(host.doc[host.start:cut]) or host
    if host.end - host.start > (verb.right_edge.i - verb.left_edge.i + 2):
        return host, Evidence.HOST
    return None


CONTENT_FINDERS = (
    complement_clause, clause_on_hearer, label_content, object_content, topic_content,
    misattached_clause, says_so, referring_object, host_clause,
)


def passive_content(verb: Token) -> Span | None:
    """'The minister is said to have resigned': the subject and its infinitive are the claim."""
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    xcomp = next((c for c in verb.children if c.dep_ in {"xcomp", "ccomp"}), None)
    if subj is None or xcomp is None:
        return None
    if subj.lower_ in AGENTLESS_EXPLETIVES:
        return subtree_span(xcomp)
    doc = verb.doc
    start = subj.left_edge.i
    end = xcomp.right_edge.i + 1
    span = doc[start:end]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    return span


def adjacent_quotes(doc: Doc, quotes: list[Quote], left: int, right: int) -> tuple[Quote | None, Quote | None]:
    """The quote ending just before the attributing clause and the one starting just after it.

    Only punctuation and spaces ('," said', ': "') may stand between; quotes are in
    reading order, so the scan stops at the first quote past the clause.
    """
    text = text_of(doc)
    before = last_quote_ending_by(quotes, left)
    if before is not None:
        gap = text[before.end:left]
        if not (len(gap) <= 4 and all(ch in GLUE for ch in gap) and gap.count("\n") < 2):
            before = None  # a quotation in the paragraph before is not beside this clause
    after = first_quote_starting_from(quotes, right)
    if after is not None:
        gap = text[right:after.start]
        if not (len(gap) <= 4 and all(ch in GLUE for ch in gap)):
            after = None
    return before, after


def according_to(cand: CueCandidate) -> tuple[Span | None, Span | None]:
    """'According to X, ...' / '..., according to X': source is X, content the rest of the clause."""
    doc = cand.head.doc
    last = doc[cand.end - 1]
    obj = next((c for c in last.children if c.dep_ == "pobj"), None)
    if obj is None:
        obj = next((c for c in doc[cand.start].subtree if c.dep_ == "pobj"), None)
    source = source_phrase(obj) if obj is not None else None
    phrase_start = cand.start
    phrase_end = max(cand.end, (obj.right_edge.i + 1) if obj is not None else cand.end)
    sent = doc[cand.start].sent
    if obj is None:
        # 'according to show insiders': the parser read a noun as a verb and left no object;
        # the words up to the next punctuation mark name the source
        j = cand.end
        while j < sent.end and j - cand.end < 12 and not (doc[j].is_punct or doc[j].is_space):
            j += 1
        if j > cand.end:
            source, phrase_end = doc[cand.end:j], j
    left = doc[sent.start:phrase_start]
    right = doc[phrase_end:sent.end]
    before = text_of(doc)[:doc[phrase_start].idx].rstrip()
    if before.endswith((".", "!", "?")) and _trim(right) is not None:
        # 'sold for £9.2m. According to an audit, they were worth twice that': the small
        # model missed the sentence break; the phrase opens its own sentence
        return source, _trim(right)
    content = _trim(right) if len(_trim(right) or ()) >= len(_trim(left) or ()) else _trim(left)
    return source, content


def _trim(span: Span) -> Span | None:
    while len(span) and (span[0].is_punct or span[0].is_space) and span[0].text not in QUOTE_CHARS:
        span = span[1:]
    while len(span) and (span[-1].is_punct or span[-1].is_space) and span[-1].text not in QUOTE_CHARS:
        span = span[:-1]
    return span if len(span) else None


def nominal_content(noun: Token) -> tuple[Span | None, Span | None]:
    """'the claim that ...', 'his statement that ...': content is the clause, source the possessor."""
    source = None
    for c in noun.children:
        if c.dep_ == "poss":
            source = source_phrase(c)
        elif c.dep_ == "prep" and c.lower_ in {"by", "from"}:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                source = source_phrase(obj)
    for c in noun.children:
        if c.dep_ in NOUN_CONTENT_DEPS and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children):
            return source, subtree_span(c)
    return source, None


def widen_to_quotes(start: int, end: int, quotes: list[Quote], cue_at: int = -1) -> tuple[int, int]:
    """Let a content span take in the whole of any quotation it cuts through.

    Not the quotation the cue itself stands in: that is a nested attribution ('"My lawyer
    says we have a case," he said'), whose content ends where its clause does.
    """
    for q in quotes_overlapping(quotes, start, end):  # quotations never overlap: one pass is all
        if q.start <= cue_at < q.end:
            continue
        start, end = min(start, q.start), max(end, q.end)
    return start, end


def build_attribution(
    cand: CueCandidate, quotes: list[Quote], hearer_verbs: frozenset[str] = HEARER_VERBS
) -> FoundAttribution | None:
    """Turn one cue into an attribution, or None when the parse gives no claim to attach."""
    verb = cand.head
    cue_span = verb.doc[cand.start:cand.end]
    if cand.kind == CueKind.PREPOSITIONAL:
        source, content = according_to(cand)
        evidence = 1.0 if source is not None and content is not None else 0.0
        return _finish_span(cand, cue_span, source, content, evidence, False, quotes, Evidence.ACCORDING)
    if cand.kind == CueKind.NOMINAL or verb.pos_ == "NOUN":
        source, content = nominal_content(verb)
        evidence = 0.8 if content is not None else 0.0
        return _finish_span(cand, cue_span, source, content, evidence, False, quotes, Evidence.NOMINAL)
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    return _verbal_attribution(cand, cue_span, quotes, hearer_verbs)


def _verbal_attribution(cand: CueCandidate, cue_span: Span, quotes: list[Quote], hearer_verbs) -> FoundAttribution | None:
    """A reporting verb: its speaker, and what it reports (a clause, or a quotation beside it)."""
    verb = cand.head
    subj = speaker_subject(verb, quotes, cue_span.start_char)
    if is_passive(verb):
        source, content, how, agentless = passive_source_and_content(verb, subj, hearer_verbs)
    else:
        source = source_phrase(subj) if subj is not None else name_beside_quote(verb.doc, cue_span, quotes)
        content, how, agentless = None, Evidence.NONE, False
    if content is None:
        content, how = clause_content(verb)
    if content is None and source is not None:
        content = _clause_before_final_cue(verb, source)
        how = Evidence.FINAL if content is not None else how
    if content is None:
        content = paragraph_after_colon(verb)
        how = Evidence.BLOCK_QUOTE if content is not None else how
    quote = quotation_beside(verb, cue_span, source, quotes)
    if quote is not None and (content is None or _inside(content, quote) or how == Evidence.HOST):
        # direct speech: the quotation right before or after the clause that carries the cue
        evidence = 1.0 if (source is not None or agentless) else 0.7
        how = Evidence.QUOTE_BEFORE if quote[0] < cue_span.start_char else Evidence.QUOTE_AFTER
        if quote[0] < cue_span.start_char < quote[1]:
            how = Evidence.QUOTE_SPLIT
        return _finish(cand, cue_span, source, quote, evidence, agentless, quotes, how)
    evidence = (1.0 if content is not None else 0.0) * (0.5 if source is None and not agentless else 1.0)
    return _finish_span(cand, cue_span, source, content, evidence, agentless, quotes, how)


def speaker_subject(verb: Token, quotes: list[Quote], cue_at: int) -> Token | None:
    """The verb's subject, unless it stands in a quotation the cue is not in: in '"..., it will at
    some point," said James Acton' the first subject the parser found is the quote's own."""
    subj = find_subject(verb)
    if subj is not None and _in_other_quote(subj, quotes, cue_at):
        subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and not _in_other_quote(c, quotes, cue_at)), None)
    return subj


def passive_source_and_content(verb: Token, subj: Token | None, hearer_verbs) -> tuple[Span | None, Span | None, str, bool]:
    """A passive cue: (source, content, evidence, agentless). 'was told by a senior aide',
    'is said to have resigned', 'the plan was rejected', and the writer's own 'I am told'."""
    agent = find_agent(verb)
    source = source_phrase(agent) if agent is not None else None
    agentless = agent is None
    content, how = passive_content(verb), Evidence.PASSIVE
    if content is None and _reported_subject(verb, subj) and (agent is not None or verb.lemma_ not in hearer_verbs):
        # 'The nominee has been endorsed by dozens of papers', 'how offshore profits are reported'
        content, how = subtree_span(subj), Evidence.PASSIVE_SUBJECT
    if subj is not None and subj.lower_ not in AGENTLESS_EXPLETIVES and verb.lemma_ in hearer_verbs and agent is None:
        # 'Reporters were told': the subject is the hearer, not the speaker. But the writer's
        # own 'I am told' is how British copy signals the author as source.
        if subj.lower_ in {"i", "we"}:
            source, agentless = source_phrase(subj), False
            content, how = clause_content(verb)
    return source, content, how, agentless


def quotation_beside(verb: Token, cue_span: Span, source: Span | None, quotes: list[Quote]) -> Offsets | None:
    """The quotation the attributing clause signs: before it, after it, or both halves of a split
    quote ('"A," she said, "B."'). Only punctuation may stand between ('," said', 'told reporters:')."""
    doc = verb.doc
    left = min(cue_span.start_char, source.start_char if source is not None else cue_span.start_char)
    right = max(cue_span.end_char, source.end_char if source is not None else cue_span.end_char)
    for c in verb.children:
        if c.dep_ in {"dobj", "dative", "npadvmod"} and c.i > verb.i and c.right_edge.i - verb.i <= 4:
            right = max(right, c.right_edge.idx + len(c.right_edge))  # 'told reporters:'
    before, after = adjacent_quotes(doc, quotes, left, right)
    if before is not None and after is not None and _continues(text_of(doc), right, after, before):
        return before.start, after.end
    if before is not None and _ends_clause(doc, verb, right):
        return before.start, before.end
    if after is not None:
        return after.start, after.end
    if before is not None:
        return before.start, before.end
    return None


def _finish_span(cand, cue_span, source, content: Span | None, evidence, agentless, quotes, how) -> FoundAttribution | None:
    if content is None:
        return None
    start, end = widen_to_quotes(content.start_char, content.end_char, quotes, cue_span.start_char)
    return _finish(cand, cue_span, source, (start, end), evidence, agentless, quotes, how)


CIRCUMSTANCE_MARKS = {
    "because", "if", "when", "while", "after", "before", "since", "although", "though", "as",
    "unless", "until", "once", "whether", "so", "than", "where", "whereas",
}


def _clause_ends_after(tok: Token) -> bool:
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is None or nxt.text in {";", ".", ",", "!", "?", ":"} or nxt.is_space


CLAUSE_BREAKS = {";", ":", ".", "!", "?", "(", ")"}


def _clause_break_between(verb: Token, child: Token) -> bool:
    """'We get off; another man offers me ...': the parser hangs the clause before a semicolon,
    or the sentence after a full stop it missed, on the verb; a reported clause never lies
    across such a break from its cue (a quotation's own marks aside)."""
    doc = verb.doc
    if child.i < verb.i:
        between = doc[child.right_edge.i + 1:verb.i]
    else:
        between = doc[verb.i + 1:child.left_edge.i]
    return any(t.text in CLAUSE_BREAKS and not _opens_quote(t) for t in between)


def _opens_quote(tok: Token) -> bool:
    """'told reporters: "We have ..."': a colon that opens a quotation joins, it does not break."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    while nxt is not None and nxt.is_space and nxt.i + 1 < len(tok.doc):
        nxt = tok.doc[nxt.i + 1]
    return tok.text == ":" and nxt is not None and nxt.text in QUOTE_CHARS | {"\u2018", "'"}


def _full_clause(tok: Token) -> bool:
    """A clause with its own subject that is not a circumstance ('because ...', 'when ...')."""
    children = list(tok.children)
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in children) and not any(
        c.dep_ == "mark" and c.lower_ in CIRCUMSTANCE_MARKS for c in children
    )


def _reported_subject(verb: Token, subj: Token | None) -> bool:
    """The passive subject is the thing reported on ('the plan was rejected'), not a name
    being given ('it is called The World Transformed') or a pronoun standing for it."""
    if subj is None or subj.pos_ == "PRON" or subj.lower_ in AGENTLESS_EXPLETIVES:
        return False
    return not any(c.dep_ in {"oprd", "attr", "xcomp", "ccomp"} for c in verb.children)


def _parenthetical(tok: Token) -> bool:
    """The clause is set off by a comma before it: an aside inside the sentence."""
    first = tok.left_edge
    return first.text == "," or (first.i > 0 and tok.doc[first.i - 1].text == ",")


def _clause_before_final_cue(verb: Token, source: Span) -> Span | None:
    """'Language unclear on whether mothers are covered, experts say.': the cue and its
    speaker close the sentence after a comma, and everything before the comma is the claim."""
    sent = verb.sent
    rest = [t for t in verb.doc[verb.i + 1:sent.end] if not (t.is_punct or t.is_space)]
    if rest or source.start <= sent.start or source.end > verb.i:
        return None
    comma = verb.doc[source.start - 1]
    if comma.text != "," or comma.i - sent.start < 3:
        return None
    return _trim(verb.doc[sent.start:comma.i])


def paragraph_after_colon(verb: Token) -> Span | None:
    """'The governor added:' at the end of a line, and the words in the next paragraph: a block
    quotation, as transcripts and interviews set them."""
    doc = verb.doc
    j = verb.i + 1
    while j < len(doc) and j - verb.i <= 3 and doc[j].text != ":" and not doc[j].is_space:
        j += 1
    if j >= len(doc) - 1 or doc[j].text != ":" or "\n" not in doc[j + 1].text_with_ws + doc[j].whitespace_:
        return None
    start = j + 1
    while start < len(doc) and doc[start].is_space:
        start += 1
    end = start
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None  # a quotation keeps its own full stop


def _in_other_quote(tok: Token, quotes: list[Quote], cue_at: int) -> bool:
    """The token stands in a quotation that does not also hold the cue."""
    q = quote_at(quotes, tok.idx)
    return q is not None and not (q.start <= cue_at < q.end)


def name_beside_quote(doc: Doc, cue_span: Span, quotes: list[Quote]) -> Span | None:
    """The speaker when the parse lost the subject: '”, Tulsa police Chief Chuck Jordan said' or
    '," said James Acton'. Only a short run of name-like words right between a closing
    quotation mark and the cue (or right after a cue that follows a quotation) qualifies."""
    text = text_of(doc)
    closing = [q for q in quotes if q.end <= cue_span.start_char and cue_span.start_char - q.end <= 60]
    if not closing:
        return None
    q_end = closing[-1].end
    before = [t for t in doc[max(cue_span.start - 9, 0):cue_span.start] if t.idx >= q_end]
    words = [t for t in before if not (t.is_punct or t.is_space)]
    if words and len(words) <= 7 and all(t.pos_ in NAME_POS for t in words) and any(t.pos_ == "PROPN" for t in words):
        if text[q_end:words[0].idx].strip(" ,\n\u2014\u2013-") == "":
            return doc[words[0].i:words[-1].i + 1]
        return None
    if text[q_end:cue_span.start_char].strip(" ,\n") != "":
        return None
    after = []
    for t in doc[cue_span.end:cue_span.end + 8]:
        if t.pos_ in NAME_POS and not t.is_punct:
            after.append(t)
        else:
            break
    if after and any(t.pos_ == "PROPN" for t in after):
        return doc[after[0].i:after[-1].i + 1]
    return None


def _inside(span: Span, offs: tuple[int, int]) -> bool:
    return offs[0] <= span.start_char and span.end_char <= offs[1]




def _continues(text: str, right: int, after: Quote, before: Quote) -> bool:
    """'"A," she said, "B."': the quote resumes in the same sentence after the cue."""
    tail = text[before.start:before.end].rstrip("\"\u201d\u00bb ").rstrip()
    gap = text[right:after.start]
    return "," in gap or ":" in gap or tail.endswith(",") or tail.endswith("\u2014")


def _ends_clause(doc: Doc, verb: Token, right: int) -> bool:
    text = text_of(doc)
    rest = text[right:right + 3].lstrip()
    return not rest or rest[0] in ".!?\n" or rest[0] in QUOTE_CHARS


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it neither starts nor ends inside a word: 're-elected', 'don't', 'O'Neill'."""
    def inside(i: int) -> bool:  # is the boundary at i between two parts of one word?
        if i <= 0 or i >= len(text):
            return False
        a, b = text[i - 1], text[i]
        if a.isalnum() and b.isalnum():
            return True
        if b in WORD_JOINERS and i + 1 < len(text) and a.isalnum() and text[i + 1].isalnum():
            return True
        return a in WORD_JOINERS and i >= 2 and text[i - 2].isalnum() and b.isalnum()

    while inside(end):
        end += 1
    while inside(start):
        start -= 1
    return start, end


WORD_JOINERS = "-\u2010\u2011'\u2019"


def _finish(cand, cue_span, source, content, evidence, agentless, quotes, how) -> FoundAttribution | None:
    if evidence <= 0 or content[1] <= content[0]:
        return None
    content = whole_words(text_of(cue_span.doc), *content)
    src = char_span(source) if source is not None else None
    if src is not None and content[0] <= src[0] and src[1] <= content[1]:
        # the 'source' sits inside the content: only right for split quotes, where the
        # clause 'she said' lies between the two halves; otherwise the parse misled us
        if any(q.start <= src[0] < q.end for q in quotes):
            return None
    return FoundAttribution(
        cue=char_span(cue_span),
        source=src,
        content=content,
        score=round(min(1.0, cand.weight * evidence), 3),
        cue_kind=cand.kind,
        evidence=how,
        source_type="agentless" if (agentless and source is None) else None,
    )
