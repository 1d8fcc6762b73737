"""The Label Studio labeling config, derived from the record models.

A field or enum value added to ``annotator/records.py`` must reach reviewers
without anyone editing XML, so every label, choice and relation name below is
read from the pydantic models. ``tasks.py`` uses the same tables to turn records
into regions and back, which is what keeps the two sides from drifting apart.
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from functools import lru_cache
from xml.sax.saxutils import quoteattr

from pydantic import BaseModel

from annotator.records import Attribution, Hedge, ReviewStatus, Span

TEXT = "text"  # the <Text> object tag and the task data key holding the document
LABELS = "label"  # the one <Labels> control for every span
REVIEW = "review"  # the document-level verdict
NOTE = "note"  # the reviewer's free-text note
ATTRIBUTION = "attribution"
HEDGE = "hedge"
ANCHOR = "cue"  # every attribution and hedge has a cue; its region carries the item's choices
HEDGE_RELATION = "hedge"  # an attribution's ``hedge_ids``, as relations from its cue to each hedge
# What a reviewer can say about a whole document; skipped and unreviewed are what Label Studio
# itself records (a skipped task, no annotation), not choices.
REVIEW_CHOICES = tuple(s.value for s in ReviewStatus if s not in (ReviewStatus.skipped, ReviewStatus.unreviewed))
MODELS: dict[str, type[BaseModel]] = {ATTRIBUTION: Attribution, HEDGE: Hedge}
# A text field (``str | None``, not the id) becomes a per-region TextArea. It shows on the region of
# the span it is about: named here, else the item's cue. The speaker is who the SOURCE really is.
TEXT_FIELD_REGIONS: dict[tuple[str, str], str] = {(ATTRIBUTION, "speaker"): "source"}
TEXT_FIELD_HINTS: dict[tuple[str, str], str] = {(ATTRIBUTION, "speaker"): "Speaker: full name of who said it"}
_COLOURS = ("#f4a261", "#2a9d8f", "#e9c46a", "#8ab17d", "#b5838d", "#6d6875", "#e76f51", "#264653")


def _unwrap(annotation) -> tuple:
    """The non-None members of ``X | None`` (or ``(X,)``), so optional fields read like required ones."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return tuple(a for a in typing.get_args(annotation) if a is not type(None))
    return (annotation,)


@lru_cache(maxsize=None)  # read on every region of every task: derive once
def span_fields(kind: str) -> tuple[str, ...]:
    """The Span-valued fields of an attribution or hedge, anchor (``cue``) first."""
    names = [n for n, f in MODELS[kind].model_fields.items() if Span in _unwrap(f.annotation)]
    return tuple(sorted(names, key=lambda n: n != ANCHOR))


def choice_fields(kind: str) -> dict[str, type[Enum]]:
    """Enum-valued fields of an item: they become per-region choices on its cue."""
    found = {}
    for name, f in MODELS[kind].model_fields.items():
        enums = [a for a in _unwrap(f.annotation) if isinstance(a, type) and issubclass(a, Enum)]
        if enums:
            found[name] = enums[0]
    return found


@lru_cache(maxsize=None)
def text_fields(kind: str) -> tuple[str, ...]:
    """The free-text fields of an attribution or hedge (``speaker``): per-region TextAreas."""
    return tuple(n for n, f in MODELS[kind].model_fields.items() if n != "id" and _unwrap(f.annotation) == (str,))


def text_region(kind: str, field: str) -> str:
    """The span field whose region carries a text field: ``source`` for the speaker, else the cue."""
    return TEXT_FIELD_REGIONS.get((kind, field), ANCHOR)


def span_label(kind: str, field: str) -> str:
    """CUE, SOURCE, CONTENT, RESOLVED_SOURCE for attributions; HEDGE, HEDGE_SCOPE for hedges."""
    if kind == HEDGE:
        return "HEDGE" if field == ANCHOR else f"HEDGE_{field.upper()}"
    return field.upper()


def choice_name(kind: str, field: str) -> str:
    """Control names are global in a config, so the hedge's ``kind`` becomes ``hedge_kind``.
    (Every per-region control is named so, choices and text fields alike.)"""
    return field if kind == ATTRIBUTION else f"{kind}_{field}"


def relation_labels() -> list[str]:
    """One relation per non-anchor span field (from the cue), plus cue -> hedge for ``hedge_ids``."""
    names = [f for kind in MODELS for f in span_fields(kind) if f != ANCHOR]
    return list(dict.fromkeys(names + [HEDGE_RELATION]))


@lru_cache(maxsize=None)
def all_span_labels() -> tuple[tuple[str, str, str], ...]:
    """(label, kind, field) for every span label, in display order."""
    return tuple((span_label(kind, f), kind, f) for kind in MODELS for f in span_fields(kind))


@lru_cache(maxsize=None)
def all_choices() -> tuple[tuple[str, str, str, type[Enum]], ...]:
    """(control name, kind, field, enum) for every per-region choice."""
    return tuple((choice_name(kind, f), kind, f, enum) for kind in MODELS for f, enum in choice_fields(kind).items())


@lru_cache(maxsize=None)
def all_text_fields() -> tuple[tuple[str, str, str, str], ...]:
    """(control name, kind, field, span field of the region that carries it) for every text field."""
    return tuple((choice_name(kind, f), kind, f, text_region(kind, f)) for kind in MODELS for f in text_fields(kind))


def labeling_config() -> str:
    """The XML Label Studio shows reviewers; stable text, so a project's config can be compared to it."""
    lines = ["<View>"]
    lines.append(f'  <Labels name="{LABELS}" toName="{TEXT}">')
    for n, (label, _, _) in enumerate(all_span_labels()):
        lines.append(f"    <Label value={quoteattr(label)} background={quoteattr(_COLOURS[n % len(_COLOURS)])}/>")
    lines.append("  </Labels>")
    lines.append(f'  <Text name="{TEXT}" value="${TEXT}"/>')
    lines.append("  <Relations>")
    for label in relation_labels():
        lines.append(f"    <Relation value={quoteattr(label)}/>")
    lines.append("  </Relations>")
    for name, kind, _, enum in all_choices():
        anchor = span_label(kind, ANCHOR)
        lines.append(
            f'  <Choices name="{name}" toName="{TEXT}" perRegion="true" choice="single" showInline="true" '
            f'visibleWhen="region-selected" whenLabelValue="{anchor}">'
        )
        for member in enum:
            lines.append(f"    <Choice value={quoteattr(member.value)}/>")
        lines.append("  </Choices>")
    for name, kind, field, region in all_text_fields():
        # TextArea's own perRegion + whenLabelValue decide when it shows (a region with that label
        # selected) and which regions' values are submitted; visibleWhen says the same for readers.
        label = span_label(kind, region)
        hint = TEXT_FIELD_HINTS.get((kind, field), field.replace("_", " ").capitalize())
        lines.append(
            f'  <TextArea name="{name}" toName="{TEXT}" perRegion="true" visibleWhen="region-selected" '
            f'whenLabelValue="{label}" maxSubmissions="1" editable="true" placeholder={quoteattr(hint)}/>'
        )
    lines.append(f'  <Choices name="{REVIEW}" toName="{TEXT}" choice="single" showInline="true">')
    for value in REVIEW_CHOICES:
        lines.append(f"    <Choice value={quoteattr(value)}/>")
    lines.append("  </Choices>")
    lines.append(f'  <TextArea name="{NOTE}" toName="{TEXT}" maxSubmissions="1" editable="true" placeholder="Note"/>')
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def same_config(a: str, b: str) -> bool:
    """Label Studio may re-indent a stored config; compare the XML, not the whitespace."""
    import xml.etree.ElementTree as ET

    def canon(xml: str) -> str:
        try:
            root = ET.fromstring(xml)
        except ET.ParseError:
            return xml
        for el in root.iter():
            el.text = (el.text or "").strip() or None
            el.tail = None
        return ET.tostring(root, encoding="unicode")

    return canon(a) == canon(b)
