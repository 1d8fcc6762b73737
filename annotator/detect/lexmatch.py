"""Match lexicon patterns against a Doc, fast.

Nearly every lexicon line is one token ('say' as a verb): spaCy's Matcher walks
all patterns over all tokens, which cost more than the rest of the detector.
Single-token patterns that test only LEMMA, LOWER, ORTH, POS or TAG are looked
up in a dict by word instead; the rest go to a Matcher. Results are the same as
a Matcher holding every pattern (a test checks it).
"""

from __future__ import annotations

from collections import defaultdict

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ..errors import AnnotatorError

INDEXABLE = {"LEMMA", "LOWER", "ORTH", "POS", "TAG"}
WORD_KEYS = ("LEMMA", "LOWER", "ORTH")


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

    def __call__(self, doc: Doc) -> list[tuple[int, int, dict]]:
        found = []
        index = self.index
        for tok in doc:
            for word_key, word in (("LEMMA", tok.lemma_), ("LOWER", tok.lower_), ("ORTH", tok.text)):
                for tests, entry in index.get((word_key, word), ()):
                    if all(_attr(tok, k) in vals for k, vals in tests.items()):
                        found.append((tok.i, tok.i + 1, entry))
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc):
                found.append((start, end, self.entries[match_id]))
        return found
