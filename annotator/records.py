"""The one definition of an annotation record.

Everything downstream (JSON Schema, Label Studio config, CSV columns, exports)
derives from these models, so a field added here shows up everywhere. Offsets
are character offsets into ``Document.text`` with an exclusive end, the
convention of Python slicing, spaCy's ``char_span`` and Label Studio.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

# 2: attributions carry ``speaker``. Version 1 files read as they are (no speaker).
# 3: documents carry ``claims``. Version 1 and 2 files read as they are (no claims).
SCHEMA_VERSION = 3


class SourceType(StrEnum):
    """Who stands behind a claim: what a fact-checker asks first."""

    named_person = "named_person"
    named_organisation = "named_organisation"
    anonymous = "anonymous"
    agentless = "agentless"
    author = "author"
    document = "document"
    pronoun = "pronoun"


class QuoteType(StrEnum):
    """Whether the claim is in the source's own words."""

    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


class HedgeKind(StrEnum):
    """What grammatical device weakens the assertion; reviewers treat them differently."""

    modal = "modal"
    evidential = "evidential"
    speculative_verb = "speculative_verb"
    adverb = "adverb"
    adjective = "adjective"


class ClaimKind(StrEnum):
    """What sort of fact a claim asserts: a fact-checker checks a figure differently from a forecast."""

    statistic = "statistic"  # numbers, percentages, money
    comparison = "comparison"  # more than, the largest, fewer
    causal = "causal"  # because, led to, due to
    prediction = "prediction"  # will, expected to, forecast
    record = "record"  # what someone did, or said they did
    other = "other"


class ReviewStatus(StrEnum):
    """What a reviewer did with the machine's pre-annotation of a document."""

    verified = "verified"  # accepted as predicted
    corrected = "corrected"
    rejected = "rejected"
    skipped = "skipped"
    unreviewed = "unreviewed"


class Span(BaseModel):
    """A stretch of the document; ``text`` is kept so a record is readable without its document."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"span text has {len(self.text)} characters but offsets {self.start}:{self.end} "
                f"cover {self.end - self.start}"
            )
        return self


class Attribution(BaseModel):
    """A claim linked to the cue that introduces it and the source it is attributed to."""

    model_config = ConfigDict(extra="forbid")

    id: str
    cue: Span
    source: Span | None = Field(
        default=None, description="Null when there is no speaker, as in agentless 'it is said'."
    )
    content: Span | None = None
    source_type: SourceType | None = None
    quote_type: QuoteType | None = None
    resolved_source: Span | None = Field(
        default=None,
        description="For a pronoun, relative pronoun or short-name source, the mention of who it refers to.",
    )
    speaker: str | None = Field(
        default=None,
        description="Canonical name of who really spoke ('Jon Lansman' for 'he', 'Lansman', 'Mr Lansman'); "
        "null when the text never names them. Reports and statistics group by it.",
    )
    hedge_ids: list[str] = Field(
        default_factory=list, description="Hedges whose cue lies in this attribution's cue or content."
    )
    score: float = Field(default=1.0, ge=0.0, le=1.0)


class Hedge(BaseModel):
    """A cue that weakens an assertion, with the stretch of text it weakens."""

    model_config = ConfigDict(extra="forbid")

    id: str
    cue: Span
    scope: Span | None = None
    kind: HedgeKind
    score: float = Field(default=1.0, ge=0.0, le=1.0)


class Claim(BaseModel):
    """A sentence or clause that asserts a fact, how worth checking it is, and who (if anyone) is its source."""

    model_config = ConfigDict(extra="forbid")

    id: str
    span: Span
    score: float = Field(default=0.0, ge=0.0, le=1.0, description="Check-worthiness, the model's probability.")
    checkworthy: bool = Field(default=False, description="score at or above the component's claim threshold.")
    kind: ClaimKind = ClaimKind.other
    attribution_ids: list[str] = Field(
        default_factory=list,
        description="Attributions whose content holds the claim; empty: unsourced, the author's own assertion.",
    )


class Review(BaseModel):
    """Who checked a document in Label Studio and what they decided; absent on pre-annotations."""

    model_config = ConfigDict(extra="forbid")

    status: ReviewStatus
    annotators: list[str] = Field(default_factory=list, description="Reviewers' e-mails or names.")
    annotation_ids: list[int] = Field(
        default_factory=list, description="Label Studio annotation ids the record was built from."
    )
    updated_at: str | None = Field(default=None, description="ISO 8601 time of the chosen annotation.")
    lead_time: float | None = Field(default=None, description="Seconds the reviewer spent, as Label Studio reports.")
    note: str | None = Field(default=None, description="The reviewer's free-text note.")


class Document(BaseModel):
    """One text with everything found in it; one JSON line in every records file."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    id: str
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)
    attributions: list[Attribution] = Field(default_factory=list)
    hedges: list[Hedge] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    annotator_version: str | None = None
    model: str | None = None
    review: Review | None = Field(
        default=None, description="Set on records pulled back from Label Studio; null on pre-annotations."
    )

    @model_validator(mode="after")
    def _spans_match_text(self) -> "Document":
        if self.schema_version > SCHEMA_VERSION:
            raise ValueError(
                f"record has schema version {self.schema_version}; this annotator reads "
                f"up to {SCHEMA_VERSION}: upgrade annotator"
            )
        check_spans(self.text, ((f"{kind} {item.id}", span) for kind, item, span in self.iter_spans()))
        hedge_ids = {h.id for h in self.hedges}
        for a in self.attributions:
            missing = [h for h in a.hedge_ids if h not in hedge_ids]
            if missing:
                raise ValueError(f"attribution {a.id} names unknown hedges {missing}")
        attribution_ids = {a.id for a in self.attributions}
        for c in self.claims:
            missing = [a for a in c.attribution_ids if a not in attribution_ids]
            if missing:
                raise ValueError(f"claim {c.id} names unknown attributions {missing}")
        ids = [a.id for a in self.attributions] + [h.id for h in self.hedges] + [c.id for c in self.claims]
        if len(ids) != len(set(ids)):
            raise ValueError("attribution, hedge and claim ids must be unique within a document")
        return self

    def iter_spans(self):
        """Every (kind, item, span) in the document, for checks that treat all spans alike."""
        for a in self.attributions:
            for name in ("cue", "source", "content", "resolved_source"):
                span = getattr(a, name)
                if span is not None:
                    yield f"attribution {name}", a, span
        for h in self.hedges:
            yield "hedge cue", h, h.cue
            if h.scope is not None:
                yield "hedge scope", h, h.scope
        for c in self.claims:
            yield "claim span", c, c.span


def check_spans(text: str, spans) -> None:
    """Every (what, span) lies inside ``text`` and its ``text`` is the slice it names; records
    and gold files share this, so a hand-edited offset is caught wherever it is read."""
    for what, span in spans:
        if span.end > len(text):
            raise ValueError(f"{what}: span {span.start}:{span.end} falls outside the text ({len(text)} characters)")
        if text[span.start : span.end] != span.text:
            raise ValueError(
                f"{what}: span text {span.text!r} does not match the document "
                f"slice {text[span.start:span.end]!r} at {span.start}:{span.end}"
            )


def make_span(text: str, start: int, end: int) -> Span:
    """Build a span from offsets so its text can never disagree with the document."""
    return Span(start=start, end=end, text=text[start:end])
