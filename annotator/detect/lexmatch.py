"""Match lexicon patterns against a Doc, fast.

Nearly every lexicon line is one token ('say' as a verb): spaCy's Matcher walks
all patterns over all tokens, which cost more than the rest of the detector.
Single-token patterns that test only LEMMA, LOWER, ORTH, POS or TAG are looked
up in a dict by word instead; the rest go to a Matcher. That Matcher, still the
larger cost, runs only over the sentences holding one of its patterns' anchor words
(the word a match cannot do without: 'statement' in 'in a statement'), each
sentence taken with as many tokens after it as the longest pattern has, since a match
may run on past a sentence's end ('said:' and the quotation of the next paragraph). Results are the same as a Matcher holding every
pattern over the whole Doc (a test checks it).
"""

from __future__ import annotations

from collections import defaultdict

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ..errors import AnnotatorError

INDEXABLE = {"LEMMA", "LOWER", "ORTH", "POS", "TAG"}
WORD_KEYS = ("LEMMA", "LOWER", "ORTH")
# how many tokens a repeated pattern token ('be ADV* said') is allowed past a sentence's end
REPEAT_ALLOWANCE = 8
# words too common to anchor a pattern on: a sentence without them is rare, so they would
# select nearly every sentence ('in' of 'in a statement', 'be' of 'is said')
COMMON_WORDS = {"in", "a", "an", "the", "be", "is", "was", "are", "it", "to", "of", "that", "on", "for", "make",
                "go", "take", "have", "do", "not", "no", "or", "and", "up", "out", "off", "back", "with", "my",
                "his", "her", "their", "our", "your", "its", "you", "i", "we", "he", "she", "they", "one", "all",
                "first", "so", "this", "as", "at", "by", "from", "but", "if", "than", "then", "there", "what",
                "who", "which", "when"}


def _values(v) -> set[str] | None:
    if isinstance(v, str):
        return {v}
    if isinstance(v, dict) and set(v) == {"IN"} and all(isinstance(x, str) for x in v["IN"]):
        return set(v["IN"])
    return None


def _attr(tok: Token, key: str) -> str:
    return {"LEMMA": tok.lemma_, "LOWER": tok.lower_, "ORTH": tok.text, "POS": tok.pos_, "TAG": tok.tag_}[key]


class LexiconMatcher:
    def __init__(self, vocab: Vocab, name: str):
        self.name = name
        self.matcher = Matcher(vocab, validate=True)
        self._check = Matcher(vocab, validate=True)
        self.vocab = vocab
        self.index: dict[tuple[str, str], list[tuple[dict, dict]]] = defaultdict(list)
        self.entries: dict[int, dict] = {}
        self.anchors: set[tuple[str, str]] = set()  # (key, word) one of which each Matcher match holds
        self.unanchored = False  # a Matcher pattern with no anchor word: run over the whole Doc
        self.longest = 0  # tokens in the longest Matcher pattern

    def add(self, key: str, pattern: list[dict], entry: dict) -> None:
        try:
            self._check.add(key, [pattern])  # validates the pattern like spaCy would
        except (ValueError, TypeError) as e:
            raise AnnotatorError(f"bad pattern in {self.name} entry {entry.get('id')!r}: {e}") from None
        self._check.remove(key)
        tests = self._indexable(pattern)
        if tests is None:
            self.matcher.add(key, [pattern])
            self.entries[self.vocab.strings[key]] = entry
            anchor = self._anchor(pattern)
            self.longest = max(self.longest, len(pattern) + REPEAT_ALLOWANCE * sum(t.get("OP") in {"*", "+"} for t in pattern))
            if anchor is None:
                self.unanchored = True
            else:
                self.anchors |= anchor
            return
        word_key = next(k for k in WORD_KEYS if k in tests)
        for word in tests[word_key]:
            self.index[(word_key, word)].append((tests, entry))

    @staticmethod
    def _indexable(pattern: list[dict]) -> dict[str, set[str]] | None:
        if len(pattern) != 1 or not pattern[0] or not set(pattern[0]) <= INDEXABLE:
            return None
        tests = {}
        for k, v in pattern[0].items():
            vals = _values(v)
            if vals is None:
                return None
            tests[k] = vals
        return tests if any(k in tests for k in WORD_KEYS) else None

    @staticmethod
    def _anchor(pattern: list[dict]) -> set[tuple[str, str]] | None:
        """The (key, word) pairs of the pattern's least common required token, or None."""
        best = None
        for tok in pattern:
            if "OP" in tok:
                continue
            for key in WORD_KEYS:
                vals = _values(tok.get(key))
                if vals is None:
                    continue
                pairs = {(key, v) for v in vals}
                rare = not any(v.lower() in COMMON_WORDS for v in vals)
                if best is None or (rare and not best[0]):
                    best = (rare, pairs)
        return best[1] if best is not None else None

    def __call__(self, doc: Doc) -> list[tuple[int, int, dict]]:
        found = []
        index = self.index
        anchors = self.anchors
        anchored: list[int] = []
        for tok in doc:
            for word_key, word in (("LEMMA", tok.lemma_), ("LOWER", tok.lower_), ("ORTH", tok.text)):
                if (word_key, word) in anchors:
                    anchored.append(tok.i)
                for tests, entry in index.get((word_key, word), ()):
                    if all(_attr(tok, k) in vals for k, vals in tests.items()):
                        found.append((tok.i, tok.i + 1, entry))
        if len(self.matcher):
            for match_id, start, end in self._matcher_matches(doc, anchored):
                found.append((start, end, self.entries[match_id]))
        return found

    def _matcher_matches(self, doc: Doc, anchored: list[int]) -> list[tuple[int, int, int]]:
        """The Matcher's matches, from only the sentences that hold an anchor word."""
        if self.unanchored or not doc.has_annotation("SENT_START"):
            return self.matcher(doc)
        if not anchored:
            return []
        regions: list[list[int]] = []  # runs of consecutive anchored sentences, [start, end)
        hits = iter(anchored)
        nxt = next(hits)
        for sent in doc.sents:
            if nxt >= sent.end:
                continue
            if nxt >= sent.start:
                if regions and regions[-1][1] == sent.start:
                    regions[-1][1] = sent.end
                else:
                    regions.append([sent.start, sent.end])
            nxt = next((h for h in hits if h >= sent.end), None)
            if nxt is None:
                break
        out = []
        for start, end in regions:
            window = doc[start:min(len(doc), end + self.longest)]
            out.extend((m, start + s, start + e) for m, s, e in self.matcher(window) if s < end - start)
        return out
