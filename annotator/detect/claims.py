"""Claims: which sentences (or reported clauses) assert a fact, of what kind, and who is its source.

A fact-checker wants the sentences worth checking and, among them, the ones the writer gives
no source for. We already know every attribution, so the second question is a lookup: a claim
inside an attribution's content is sourced; a claim outside every content is the author's own.

This module holds the rules (which spans are claims, their kind, their sources) and the
features the check-worthiness model reads; the model itself is
:mod:`annotator.detect.claim_scorer`, and ``tools/train_claims.py`` learns it from the same
features, so training and detection cannot drift apart.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span

from ..lexicons import builtin_words
from .found import FoundAttribution, FoundClaim
from .quotes import find_quotes, quote_at
from .text import text_of
from .tuning import CLAIM_MIN_WORDS, CLAIM_SOURCE_OVERLAP

# entity labels whose numbers are not statistics ('in 2017', 'the first', 'at 9am')
_NOT_STATISTIC = {"DATE", "TIME", "ORDINAL"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_NAMED = {"PERSON", "ORG", "GPE", "NORP"}


# lists that say what is no claim at all, not features of one
META_LISTS = {"about_the_article"}


@lru_cache(maxsize=1)
def claim_words() -> dict[str, frozenset[str]]:
    """The hand-curated word lists of ``annotator/data/claim_words.json``, by name."""
    data = json.loads(resources.files("annotator").joinpath("data/claim_words.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items() if k != "about"}


def _ngrams(words: list[str], n: int = 3) -> set[str]:
    out = set(words)
    for k in range(2, n + 1):
        out.update(" ".join(words[i : i + k]) for i in range(len(words) - k + 1))
    return out


def _has_number(span: Span) -> bool:
    return any((t.like_num or t.is_currency) and t.ent_type_ not in _NOT_STATISTIC and not _not_a_count(t) for t in span)


def _not_a_count(tok) -> bool:
    """'One of them ...', 'one says': the numeral stands for a person or thing, it counts nothing."""
    if tok.lower_ != "one":
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return (nxt is not None and nxt.lower_ == "of") or tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}


def _has_record(span: Span) -> bool:
    """A past action with a subject: 'the council sold the homes', 'she has voted against it'."""
    for t in span:
        if t.pos_ not in ("VERB", "AUX") or t.dep_ not in ("ROOT", "ccomp", "conj", "xcomp"):
            continue
        past = t.tag_ == "VBD" or (t.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had") for c in t.children))
        if past and t.lemma_ != "be" and any(c.dep_ in _SUBJECTS for c in t.children):
            return True
    return False


class ClaimLexis:
    """What the rules and the model both read from a span's words: computed once per span.

    ``ents`` are the span's entities when the caller has them: ``Span.ents`` walks the whole
    Doc's entities on every call, which made the claim step cost a third of the parse.
    """

    def __init__(self, span: Span, ents: list[Span] | None = None):
        self.ents = list(span.ents) if ents is None else ents
        words = [t.lower_ for t in span if not t.is_space]
        self.grams = _ngrams(words)
        lists = claim_words()
        self.hits = {name: bool(self.grams & ws) for name, ws in lists.items() if name not in META_LISTS}
        self.number = _has_number(span)
        self.comparative = any(t.tag_ in ("JJR", "RBR") for t in span)
        self.superlative = any(t.tag_ in ("JJS", "RBS") for t in span)
        self.modal_future = any(t.tag_ == "MD" and t.lower_ in ("will", "'ll", "would", "shall") for t in span)
        self.record = _has_record(span)
        self.statistic = self.number or self.hits["percent"] or any(e.label_ in ("PERCENT", "MONEY", "QUANTITY") for e in self.ents)


def claim_kind(span: Span, lexis: ClaimLexis | None = None) -> str:
    """The first kind that fits, in the order a fact-checker would check them (a ClaimKind value)."""
    x = lexis or ClaimLexis(span)
    if x.statistic:
        return "statistic"
    if x.comparative or x.superlative or "than" in x.grams:
        return "comparison"
    if x.hits["causal"]:
        return "causal"
    if x.modal_future or x.hits["prediction"]:
        return "prediction"
    if x.record:
        return "record"
    return "other"


def claim_features(span: Span, lexis: ClaimLexis | None = None) -> list[str]:
    """Feature names of one span, for the hashed linear model.

    Words and bigrams carry the debate data's vocabulary; the rest (numbers, entity types, tags,
    the kind cues) are what makes a sentence check-worthy in any domain, so the model carries
    over from presidential debates to news prose.
    """
    x = lexis or ClaimLexis(span)
    toks = [t for t in span if not t.is_space]
    feats = ["bias"]
    words = ["<num>" if t.like_num else t.lower_ for t in toks if not t.is_punct]
    feats += [f"w={w}" for w in words]
    feats += [f"b={a}_{b}" for a, b in zip(["<s>", *words], [*words, "</s>"])]
    tags = [t.tag_ for t in toks]
    feats += [f"t={t}" for t in tags]
    feats += [f"tb={a}_{b}" for a, b in zip(tags, tags[1:])]
    feats += [f"w3={a}_{b}_{c}" for a, b, c in zip(words, words[1:], words[2:])]
    feats += [f"tt={a}_{b}_{c}" for a, b, c in zip(tags, tags[1:], tags[2:])]
    feats += _syntax_features(toks)
    feats += [f"e={e.label_}" for e in x.ents]
    if x.ents:
        feats.append("has_ent")
    if any(e.label_ in _NAMED for e in x.ents):
        feats.append("named_ent")
    feats += [f"list={name}" for name, hit in x.hits.items() if hit]
    for name in ("number", "comparative", "superlative", "modal_future", "record", "statistic"):
        if getattr(x, name):
            feats.append(f"lex={name}")
    feats.append(f"kind={claim_kind(span, x)}")
    n = len(words)
    feats.append("len=" + ("<5" if n < 5 else "<10" if n < 10 else "<20" if n < 20 else "<35" if n < 35 else "35+"))
    if any(t.lower_ in ("i", "we", "you", "me", "my", "our") for t in toks):
        feats.append("person12")
    return feats


# dependents whose lemma, paired with the relation, says what the sentence does ('rate nsubj')
_LEXICAL_DEPS = {"ROOT", "nsubj", "nsubjpass", "dobj", "pobj", "aux", "neg", "advmod", "amod", "compound"}


def _syntax_features(toks) -> list[str]:
    """The parse as features: each relation, the lemma in the relations that carry the
    sentence's content, and each word paired with its head ('unemployment>rise'). The parse is
    already paid for; such pairs survive rewording that breaks n-grams (in CV on ClaimBuster
    they, word trigrams and tag trigrams together gave +0.008 F1)."""
    out = [f"d={t.dep_}" for t in toks]
    for t in toks:
        if t.is_punct:
            continue
        lemma = t.lemma_.lower()
        if t.dep_ in _LEXICAL_DEPS:
            out.append(f"dl={t.dep_}_{lemma}")
        if not t.head.is_punct:  # the root is its own head: 'rise>rise' marks the main verb
            out.append(f"dh={lemma}>{t.head.lemma_.lower()}")
    return out


def _is_assertion(sent: Span, text: str) -> bool:
    """A sentence that asserts something: not a question, not a headline or byline.

    A headline is a verbless line, or a line above more text, without a full stop ('Questions
    mount over the sale'): it announces what the story asserts, and the story says it again.
    """
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    if len(words) < CLAIM_MIN_WORDS:
        return False
    last = [t for t in sent if not t.is_space and t.text not in ("”", '"', "’", "'", ")")]
    if last and last[-1].text == "?":
        return False
    if last and last[-1].text not in (".", "!", ":", ";", "…"):
        after = text[last[-1].idx + len(last[-1]) :].lstrip(" \t")
        before = text[: sent[0].idx].rstrip(" \t")
        if after[:1] == "\n" and (not before or before[-1] == "\n"):
            return False
    return any(t.pos_ in ("VERB", "AUX") for t in words)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Offsets without the surrounding spaces and the sentence's closing full stop."""
    text = text_of(doc)  # cached: doc.text would rebuild the whole text per sentence
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".;"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def claim_spans(doc: Doc, atts: list[FoundAttribution]) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, cues of its sources) for each claim, one per asserting sentence.

    Where an attribution's content lies in the sentence, the claim is that content (clipped to
    the sentence), not the 'she said' around it; a sentence that is only a wrapper ('she said.')
    asserts nothing. Sources are the attributions whose content covers most of the claim.
    """
    out = []
    contents = [(a.content, a.cue) for a in atts if a.content is not None]
    wrappers = [o for a in atts for o in (a.cue, a.source) if o is not None]
    text = text_of(doc)
    quotes = find_quotes(text)
    for sent in doc.sents:
        if not _is_assertion(sent, text):
            continue
        s = (sent.start_char, sent.end_char)
        inside = [(c, cue) for c, cue in contents if _overlap(c, s)]
        if inside:
            content = max(inside, key=lambda p: _overlap(p[0], s))[0]
            start, end = _trimmed(doc, max(content[0], s[0]), min(content[1], s[1]))
        else:
            words = [t for t in sent if not (t.is_punct or t.is_space)]
            if words and all(any(w[0] <= t.idx < w[1] for w in wrappers) for t in words):
                continue
            start, end = _trimmed(doc, *s)
        if end - start < 2:
            continue
        if _meta_text(text, sent, start, end):
            continue
        sources = [cue for c, cue in contents if _overlap(c, (start, end)) >= CLAIM_SOURCE_OVERLAP * (end - start)]
        if not sources:
            sources = _turn_continued(text, quotes, contents, start)
        out.append((start, end, sorted(sources)))
    return out


def _meta_text(text: str, sent: Span, start: int, end: int) -> bool:
    """Words about the article, not claims in it: an editorial label line ('Correction: ...')
    or a note on where it appeared ('This article first appeared in ...')."""
    line = text[sent.start_char:end].lower()
    head = line.split(":", 1)[0].strip() if ":" in line[:30] else ""
    if head and head in builtin_words()["editorial_label"]:
        return True
    return any(p in line for p in claim_words()["about_the_article"])


def _turn_continued(text: str, quotes, contents, at: int) -> list[tuple[int, int]]:
    """A claim inside a quotation no attribution holds is still the quoted speaker's, not the
    author's: '"X," he says. "Y."' or a quotation paragraph after one (the guideline's turn
    continuation). The source is the attribution whose quoted content comes last before it in
    the same or the previous paragraph."""
    q = quote_at(quotes, at)
    if q is None:
        return []
    before = [(c, cue) for c, cue in contents if c[1] <= q.start and quote_at(quotes, max(c[0], c[1] - 2)) is not None]
    if not before:
        return []
    content, cue = max(before, key=lambda p: p[0][1])
    return [cue] if text.count("\n\n", content[1], q.start) <= 1 else []


def find_claims(doc: Doc, atts: list[FoundAttribution], scorer, threshold: float) -> list[FoundClaim]:
    """Claims of a parsed (or sentence-split) doc, scored by ``scorer`` (features -> probability)."""
    claims = []
    ents = list(doc.ents)
    ent_starts = [e.start for e in ents]
    for start, end, sources in claim_spans(doc, atts):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        first = bisect_left(ent_starts, span.start)
        inside = [e for e in ents[first : bisect_left(ent_starts, span.end)] if e.end <= span.end]
        lexis = ClaimLexis(span, inside)
        score = round(scorer(claim_features(span, lexis)), 3) if scorer is not None else 0.0
        claims.append(FoundClaim((start, end), score, score >= threshold, claim_kind(span, lexis), sources))
    return claims
