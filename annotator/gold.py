"""The model of a gold file: records as the product writes them, plus what only gold says.

Gold comes from other people (PolNeAR, Szeged, ClaimBuster conversions) and from the team,
often edited by hand. ``eval`` scores against it, so a tampered span must be an error with
file and line, not a silently wrong figure: every span is checked against the text exactly
as a record's is. What gold adds to a record: ``optional`` items (finding them is not an
error, missing them is not either), ``no_attribution_gold`` / ``no_hedge_gold`` (the layer is
not annotated there, so it is not scored), ``speaker`` (who really spoke) and, for sentence
sets, ``checkworthy``. Other people's gold uses its own hedge kinds (Szeged's
``speculation_modal_probable``), so a gold hedge's kind is free text.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .records import QuoteType, SourceType, Span, check_spans


class GoldAttribution(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    cue: Span
    source: Span | None = None
    content: Span | None = None
    resolved_source: Span | None = None
    source_type: SourceType | None = None
    quote_type: QuoteType | None = None
    speaker: str | None = None
    optional: bool = False


class GoldHedge(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    cue: Span
    scope: Span | None = None
    kind: str | None = None
    optional: bool = False


class GoldDocument(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)
    attributions: list[GoldAttribution] = Field(default_factory=list)
    hedges: list[GoldHedge] = Field(default_factory=list)
    no_attribution_gold: bool = False
    no_hedge_gold: bool = False
    checkworthy: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _layers_not_given(cls, data: Any) -> Any:
        """Sentence-level gold ({"id", "text", "checkworthy"}, as ClaimBuster's) annotates no
        attributions or hedges: a layer whose key is absent there is not scored, rather than
        every prediction in it counted false."""
        if isinstance(data, dict) and "checkworthy" in data:
            data = dict(data)
            if "attributions" not in data:
                data.setdefault("no_attribution_gold", True)
            if "hedges" not in data:
                data.setdefault("no_hedge_gold", True)
        return data

    @model_validator(mode="after")
    def _spans_match_text(self) -> "GoldDocument":
        check_spans(self.text, self.iter_spans())
        return self

    def iter_spans(self):
        for n, a in enumerate(self.attributions, 1):
            for name in ("cue", "source", "content", "resolved_source"):
                span = getattr(a, name)
                if span is not None:
                    yield f"attribution {a.id or n} {name}", span
        for n, h in enumerate(self.hedges, 1):
            for name in ("cue", "scope"):
                span = getattr(h, name)
                if span is not None:
                    yield f"hedge {h.id or n} {name}", span
