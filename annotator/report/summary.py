"""Corpus figures a desk editor asks for, gathered in one streaming pass.

Who counts as "most quoted": the attribution's ``speaker`` when it has one, so
"he", "Lansman" and "Mr Lansman" all count as "Jon Lansman". Without a speaker,
the source as written, except that a pronoun (or other resolved) source counts
as the earlier mention it was resolved to ("she" -> "Margaret Ellery");
unresolved pronouns and agentless claims have no one to count. Names are
grouped case- and space-insensitively and shown as the speaker is spelled
(its most frequent spelling), else as the mentions most often are.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from annotator.records import Attribution, ClaimKind, Document, QuoteType, SourceType

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
LEANING_TYPES = (SourceType.anonymous, SourceType.agentless)
UNTYPED = "untyped"
# where a document's meta names its publication, first found wins ('source' is what the sample uses)
PUBLICATION_KEYS = ("publication", "publisher", "outlet", "source")
NO_PUBLICATION = "(not given)"


def publication(doc: Document) -> str:
    """The publication a document's meta names, for grouping unsourced claims by outlet."""
    for key in PUBLICATION_KEYS:
        value = doc.meta.get(key)
        if isinstance(value, str) and value.strip():
            return _SPACE.sub(" ", value).strip()
    return NO_PUBLICATION


@dataclass
class Sourcing:
    """Check-worthy claims in a group, and how many of them nobody is quoted for."""

    checkworthy: int = 0
    unsourced: int = 0

    @property
    def unsourced_share(self) -> float:
        return self.unsourced / self.checkworthy if self.checkworthy else 0.0


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _clean(name: str | None) -> str | None:
    return (_SPACE.sub(" ", name).strip() or None) if name is not None else None


def speaker_name(a: Attribution) -> str | None:
    """The attribution's canonical speaker, whitespace tidied; None when it has none."""
    return _clean(a.speaker)


def quoted_name(a: Attribution) -> str | None:
    """The name a claim is credited to, for counting; None when there is no one to credit."""
    speaker = speaker_name(a)
    if speaker is not None:
        return speaker
    if a.source_type is SourceType.pronoun or (a.resolved_source is not None):
        span = a.resolved_source
    else:
        span = a.source
    return _clean(span.text) if span is not None else None


@dataclass
class DocumentFigures:
    index: int
    id: str
    title: str
    claims: int
    leaning: int  # anonymous or agentless claims

    @property
    def leaning_share(self) -> float:
        return self.leaning / self.claims if self.claims else 0.0


@dataclass
class CorpusSummary:
    documents: int = 0
    words: int = 0
    claims: int = 0
    hedged_claims: int = 0
    hedges: int = 0
    reviewed: Counter = field(default_factory=Counter)
    source_types: Counter = field(default_factory=Counter)
    quote_types: Counter = field(default_factory=Counter)
    _names: Counter = field(default_factory=Counter)
    _spellings: dict = field(default_factory=lambda: defaultdict(Counter))
    _speaker_spellings: dict = field(default_factory=lambda: defaultdict(Counter))
    _name_types: dict = field(default_factory=lambda: defaultdict(Counter))
    per_document: list[DocumentFigures] = field(default_factory=list)
    checkworthy: Sourcing = field(default_factory=Sourcing)
    by_publication: dict = field(default_factory=lambda: defaultdict(Sourcing))
    by_kind: dict = field(default_factory=lambda: defaultdict(Sourcing))

    def add(self, doc: Document) -> None:
        self._add_claims(doc)
        self.documents += 1
        self.words += word_count(doc.text)
        self.claims += len(doc.attributions)
        self.hedges += len(doc.hedges)
        self.reviewed[doc.review.status.value if doc.review else "not reviewed"] += 1
        leaning = 0
        for a in doc.attributions:
            self.source_types[a.source_type.value if a.source_type else UNTYPED] += 1
            self.quote_types[a.quote_type.value if a.quote_type else UNTYPED] += 1
            self.hedged_claims += bool(a.hedge_ids)
            leaning += a.source_type in LEANING_TYPES
            name = quoted_name(a)
            if name is not None:
                key = name.casefold()
                self._names[key] += 1
                self._spellings[key][name] += 1
                if speaker_name(a) is not None:
                    self._speaker_spellings[key][name] += 1
                if a.source_type is not None and a.source_type is not SourceType.pronoun:
                    self._name_types[key][a.source_type.value] += 1
        title = doc.meta.get("title")
        self.per_document.append(
            DocumentFigures(self.documents - 1, doc.id, title if isinstance(title, str) else "", len(doc.attributions), leaning)
        )

    def _add_claims(self, doc: Document) -> None:
        outlet = publication(doc)
        for c in doc.claims:
            if not c.checkworthy:
                continue
            for group in (self.checkworthy, self.by_publication[outlet], self.by_kind[c.kind.value]):
                group.checkworthy += 1
                group.unsourced += not c.attribution_ids

    def unsourced_by_publication(self) -> list[tuple[str, Sourcing]]:
        """Publications with check-worthy claims, the largest share unsourced first."""
        return sorted(self.by_publication.items(), key=lambda kv: (-kv[1].unsourced_share, -kv[1].checkworthy, kv[0]))

    def unsourced_by_kind(self) -> list[tuple[str, Sourcing]]:
        return [(k.value, self.by_kind[k.value]) for k in ClaimKind if k.value in self.by_kind]

    @property
    def claims_per_1000_words(self) -> float:
        return 1000 * self.claims / self.words if self.words else 0.0

    @property
    def hedged_share(self) -> float:
        return self.hedged_claims / self.claims if self.claims else 0.0

    def quote_shares(self) -> dict[str, int]:
        return {q: self.quote_types.get(q, 0) for q in [*(t.value for t in QuoteType), UNTYPED] if self.quote_types.get(q)}

    def source_type_counts(self) -> list[tuple[str, int]]:
        order = [*(t.value for t in SourceType), UNTYPED]
        return [(t, self.source_types[t]) for t in order if self.source_types.get(t)]

    def most_quoted(self, n: int = 15) -> list[tuple[str, int, str]]:
        """(name, claims, usual source type), most claims first, ties by name for a stable page."""
        top = sorted(self._names.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        out = []
        for key, count in top:
            spellings = self._speaker_spellings.get(key) or self._spellings[key]
            spelling = sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            types = self._name_types.get(key)
            kind = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if types else ""
            out.append((spelling, count, kind))
        return out

    def leaning_documents(self, n: int = 10) -> list[DocumentFigures]:
        """Documents with the largest share of anonymous or agentless claims (then the most such claims)."""
        found = [d for d in self.per_document if d.leaning]
        return sorted(found, key=lambda d: (-d.leaning_share, -d.leaning, d.index))[:n]
