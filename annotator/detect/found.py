"""What detection finds, in character offsets, before it becomes a record.

Kept as plain tuples and dicts so a Doc carrying them survives ``nlp.pipe``
with several processes (Doc.user_data is serialised with msgpack).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

Offsets = tuple[int, int]


@dataclass
class FoundAttribution:
    cue: Offsets
    source: Offsets | None
    content: Offsets | None
    source_type: str | None = None
    quote_type: str | None = None
    resolved_source: Offsets | None = None
    speaker: str | None = None  # canonical name of who spoke, when the text names them
    score: float = 1.0
    cue_kind: str = "speech"
    evidence: str = ""  # which relation gave the content: ccomp, quote_before, according, ...
    features: dict | None = None  # what the scorer weighed; kept only when training it

    def to_data(self) -> dict:
        return _shallow(self)


@dataclass
class FoundHedge:
    cue: Offsets
    scope: Offsets | None
    kind: str
    score: float = 1.0

    def to_data(self) -> dict:
        return _shallow(self)


def _shallow(item) -> dict:
    """The fields as a dict: every value is already plain data (tuples, strings, numbers, a flat
    dict of features), so the deep copy ``dataclasses.asdict`` makes would only cost time."""
    out = {f.name: getattr(item, f.name) for f in fields(item)}
    if out.get("features") is not None:
        out["features"] = dict(out["features"])
    return out


@dataclass
class Findings:
    attributions: list[FoundAttribution] = field(default_factory=list)
    hedges: list[FoundHedge] = field(default_factory=list)

    def to_data(self) -> dict:
        return {
            "attributions": [a.to_data() for a in self.attributions],
            "hedges": [h.to_data() for h in self.hedges],
        }

    @classmethod
    def from_data(cls, data: dict) -> "Findings":
        def offs(v):
            return None if v is None else (int(v[0]), int(v[1]))

        atts = []
        for a in data.get("attributions", []):
            a = dict(a)
            for k in ("cue", "source", "content", "resolved_source"):
                a[k] = offs(a.get(k))
            atts.append(FoundAttribution(**a))
        hedges = []
        for h in data.get("hedges", []):
            h = dict(h)
            for k in ("cue", "scope"):
                h[k] = offs(h.get(k))
            hedges.append(FoundHedge(**h))
        return cls(atts, hedges)
