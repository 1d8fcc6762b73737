"""Load the word lists the detector runs on.

The lists are JSONL in spaCy's Matcher pattern format (as SpanRuler uses), plus
our own keys: ``kind`` (what sort of cue) and ``weight`` (how often the word is
really a cue, mined from development data). A newsroom extends them by adding
lines to a file of its own and naming it in the component's config, never by
editing code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

from .errors import AnnotatorError

LEXICON_NAMES = (
    "reporting_cues", "hedge_cues", "anonymous_sources", "document_sources", "organisation_sources", "word_lists",
)
REQUIRED_KEYS = ("label", "pattern")
# the kind of a reporting-cue line that holds its words back from every cue: an idiom that
# reports nobody ('it goes without saying')
NOT_A_CUE = "not_a_cue"


def builtin_lexicon_path(name: str) -> Path:
    return Path(str(resources.files("annotator") / "data" / "lexicons" / f"{name}.jsonl"))


def read_patterns(path: str | Path) -> list[dict]:
    """Read one pattern file, naming the file and line of any bad entry."""
    path = Path(path)
    if not path.exists():
        raise AnnotatorError("lexicon file not found", path=str(path))
    patterns = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as e:
                raise AnnotatorError(f"not valid JSON ({e.msg})", path=str(path), line=n) from None
            if not isinstance(entry, dict) or any(k not in entry for k in REQUIRED_KEYS):
                raise AnnotatorError(
                    "a pattern line needs 'label' and 'pattern' keys", path=str(path), line=n
                )
            if not isinstance(entry["pattern"], (list, str)):
                raise AnnotatorError("'pattern' must be a token list or a phrase string", path=str(path), line=n)
            entry.setdefault("id", _pattern_id(entry["pattern"]))
            entry.setdefault("weight", 1.0)
            patterns.append(entry)
    return patterns


def _pattern_id(pattern) -> str:
    if isinstance(pattern, str):
        return pattern.lower()
    words = []
    for tok in pattern:
        for key in ("LEMMA", "LOWER", "ORTH", "TEXT"):
            if isinstance(tok.get(key), str):
                words.append(tok[key].lower())
                break
    return " ".join(words) or json.dumps(pattern)


def load_lexicon(name: str, extra_paths: Iterable[str | Path] = ()) -> list[dict]:
    """The built-in list for ``name`` followed by the user's additions."""
    patterns = read_patterns(builtin_lexicon_path(name))
    for p in extra_paths:
        mine = [e for e in read_patterns(p) if _belongs(name, e)]
        # a user's line with the id of a built-in one replaces it ('thank' that also reports a person)
        replaced = {e["id"] for e in mine}
        patterns = [e for e in patterns if e["id"] not in replaced] + mine
    return patterns


LABEL_OF = {
    "reporting_cues": "CUE",
    "hedge_cues": "HEDGE",
    "anonymous_sources": "ANONYMOUS",
    "document_sources": "DOCUMENT",
    "organisation_sources": "ORGANISATION",
    "word_lists": "WORDS",
}

# The open-class word lists the rules read (word_lists.jsonl, label WORDS): one line per word,
# ``kind`` naming the list, ``pattern`` the word or phrase. No matcher ever sees these lines.
WORD_KINDS = {
    "editorial_label": "a label that opens a line and names no speaker ('Correction:', 'Update:')",
    "hearer_verb": "a verb whose passive subject is the hearer ('reporters were told'), not what was said",
    "negative_quantifier": "a source that is nobody ('no one knows'): it reports nothing",
    "impression_verb": "a verb of impression ('seem', 'appear') that quotes nobody unless a person is its subject",
    "title": "an honorific before a person's name ('Mr', 'Sister', 'Cllr')",
    "male_title": "a title that makes its bearer male ('Mr', 'Sir')",
    "female_title": "a title that makes its bearer female ('Ms', 'Dame')",
    "male_noun": "a noun for a man ('man', 'spokesman')",
    "female_noun": "a noun for a woman ('woman', 'spokeswoman')",
    "person_noun": "a noun for a person of no stated gender ('nurse', 'resident')",
    "male_name": "a given name that is usually a man's",
    "female_name": "a given name that is usually a woman's",
    "speech_act_noun": "a noun for something said: as a verb's object it makes the verb a report ('offered advice')",
    "quantity_noun": "a noun of amount whose 'of' phrase names the thing ('a flurry of tweets')",
    "speech_medium": "where words are said: an act 'in' or 'during' one is a report ('attacked him in a tweet')",
}


def _belongs(name: str, entry: dict) -> bool:
    """A user's file may mix kinds of pattern; each lexicon takes the lines with its label."""
    return entry["label"] == LABEL_OF[name]


def word_sets(entries: Iterable[dict]) -> dict[str, frozenset[str]]:
    """The word lists of WORDS lines, by kind, lower-cased; every known kind is present.

    A line's pattern is a word or phrase string ('no one'); a token list is read as its words."""
    out: dict[str, set[str]] = {k: set() for k in WORD_KINDS}
    for e in entries:
        kind = e.get("kind")
        if kind not in out:
            raise AnnotatorError(
                f"unknown kind {kind!r} in a WORDS line ({e.get('id')!r}); known kinds: {', '.join(WORD_KINDS)}"
            )
        pattern = e["pattern"]
        out[kind].add(" ".join(pattern.lower().split()) if isinstance(pattern, str) else _pattern_id(pattern))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def builtin_words() -> Mapping[str, frozenset[str]]:
    """The built-in word lists (read-only): the defaults for callers outside the component."""
    return MappingProxyType(word_sets(read_patterns(builtin_lexicon_path("word_lists"))))
