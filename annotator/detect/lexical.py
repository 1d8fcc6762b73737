"""Detection without a parser: word forms, quotation marks and capitalised names.

Used when a pipeline has no dependency parse (a blank ``en`` pipeline). It finds
the common shapes ('"...," said Mr Hale', 'Ms Rahman said that ...') and
nothing subtle; the detector says once on stderr that quality is lower.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from .found import FoundAttribution
from .quotes import Quote
from .text import text_of
from ..lexicons import NOT_A_CUE

GLUE = set(" \t\r\n,:;-\u2013\u2014")


@lru_cache(maxsize=1)
def irregular_forms() -> dict[str, list[str]]:
    path = resources.files("annotator") / "data" / "lexicons" / "irregular_forms.json"
    forms = json.loads(path.read_text(encoding="utf-8"))
    forms.pop("about", None)  # what the file is, not a lemma
    return forms


def inflections(lemma: str) -> set[str]:
    """Surface forms of a verb lemma, for matching on text when there is no lemmatizer."""
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("s", "sh", "ch", "x")):
        forms.add(lemma + "es")
    forms.update(irregular_forms().get(lemma, []))
    return forms


def lexical_matcher_patterns(entry: dict) -> list[list[dict]]:
    """Rewrite a lemma/POS pattern as LOWER patterns a blank pipeline can match."""
    pattern = entry["pattern"]
    if isinstance(pattern, str):
        return [[{"LOWER": w} for w in pattern.lower().split()]]
    out: list[dict] = []
    for tok in pattern:
        new = {}
        if isinstance(tok.get("LEMMA"), str):
            new["LOWER"] = {"IN": sorted(inflections(tok["LEMMA"].lower()))}
        elif isinstance(tok.get("LEMMA"), dict) and "IN" in tok["LEMMA"]:
            forms = set()
            for lem in tok["LEMMA"]["IN"]:
                forms |= inflections(lem.lower())
            new["LOWER"] = {"IN": sorted(forms)}
        for key in ("LOWER", "ORTH", "TEXT", "OP", "IS_PUNCT"):
            if key in tok:
                new[key] = tok[key]
        if not new or set(new) == {"OP"}:
            return []  # the pattern leans on tags a blank pipeline lacks
        out.append(new)
    return [out]


NAME = re.compile(r"((?:[A-Z][\w'’.-]+\s){0,3}[A-Z][\w'’.-]+|[Hh]e|[Ss]he|[Tt]hey|I)\s*$")


def lexical_attributions(doc: Doc, matches: list[tuple[int, int, dict]], quotes: list[Quote]) -> list[FoundAttribution]:
    text = text_of(doc)
    found = []
    idioms = {i for s, e, entry in matches if entry.get("kind") == NOT_A_CUE for i in range(s, e)}
    for start, end, entry in matches:
        if any(i in idioms for i in range(start, end)):
            continue  # 'it goes without saying': no report
        cue = doc[start:end]
        c0, c1 = cue.start_char, cue.end_char
        content = None
        before = [q for q in quotes if q.end <= c0 and all(ch in GLUE for ch in text[q.end:c0][-30:]) and c0 - q.end <= 30]
        after = [q for q in quotes if q.start >= c1 and all(ch in GLUE for ch in text[c1:q.start]) and q.start - c1 <= 4]
        if after:
            content = (after[0].start, after[0].end)
        elif before:
            content = (before[-1].start, before[-1].end)
        elif text[c1:c1 + 6].lstrip().lower().startswith("that "):
            s = c1 + text[c1:].index("that")
            e = _sentence_end(text, s)
            content = (s, e)
        if content is None:
            continue
        source = None
        m = NAME.search(text[max(0, c0 - 60):c0])
        if m:
            s = max(0, c0 - 60) + m.start(1)
            source = (s, s + len(m.group(1)))
        else:
            m = re.match(r"\s*((?:[A-Z][\w'’.-]+\s?){1,4}|one|he|she|they)", text[c1:c1 + 60])
            if m and before:
                s = c1 + m.start(1)
                name = m.group(1).rstrip()
                if name.endswith(".") and len(name.split()[-1]) > 3:
                    name = name[:-1]  # the sentence's full stop, not an initial's
                source = (s, s + len(name))
        found.append(
            FoundAttribution(cue=(c0, c1), source=source, content=content, score=float(entry.get("weight", 1.0)), cue_kind=entry.get("kind", "speech"))
        )
    return found


def _sentence_end(text: str, i: int) -> int:
    m = re.search(r"[.!?](\s|$)", text[i:])
    return i + m.start() if m else len(text)
