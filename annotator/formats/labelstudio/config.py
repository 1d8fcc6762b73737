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

from annotator.records import Attribution, Claim, Hedge, ReviewStatus, Span

TEXT = "text"  # the <Text> object tag and the task data key holding the document
LABELS = "label"  # the one <Labels> control for every span
REVIEW = "review"  # the document-level verdict
NOTE = "note"  # the reviewer's free-text note
ATTRIBUTION = "attribution"
HEDGE = "hedge"
CLAIM = "claim"
ANCHOR = "cue"  # every attribution and hedge has a cue; its region carries the item's choices
# A claim has no cue: its one span is its anchor, and carries its choices (check-worthy, kind).
ANCHORS: dict[str, str] = {CLAIM: "span"}
HEDGE_RELATION = "hedge"  # an attribution's ``hedge_ids``, as relations from its cue to each hedge
# A claim's ``attribution_ids``, as relations from the CLAIM to the CUE of each attribution whose
# content holds it: an item is its anchor region, as for ``hedge_ids`` (and brat's Claim_source).
CLAIM_RELATION = "sourced_by"
# A yes/no field is a two-choice per-region control; these are the words reviewers see.
FLAG_CHOICES: dict[tuple[str, str], tuple[str, str]] = {(CLAIM, "checkworthy"): ("check-worthy", "not check-worthy")}
# What a reviewer can say about a whole document; skipped and unreviewed are what Label Studio
# itself records (a skipped task, no annotation), not choices.
REVIEW_CHOICES = tuple(s.value for s in ReviewStatus if s not in (ReviewStatus.skipped, ReviewStatus.unreviewed))
MODELS: dict[str, type[BaseModel]] = {ATTRIBUTION: Attribution, HEDGE: Hedge, CLAIM: Claim}
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


def anchor_field(kind: str) -> str:
    """The span field whose region is the item: ``cue`` for attributions and hedges, ``span`` for claims."""
    return ANCHORS.get(kind, ANCHOR)


@lru_cache(maxsize=None)  # read on every region of every task: derive once
def span_fields(kind: str) -> tuple[str, ...]:
    """The Span-valued fields of an item, anchor (``cue``, a claim's ``span``) first."""
    names = [n for n, f in MODELS[kind].model_fields.items() if Span in _unwrap(f.annotation)]
    return tuple(sorted(names, key=lambda n: n != anchor_field(kind)))


@lru_cache(maxsize=None)  # one class per field, so a choice read back is the same enum pushed
def flag_enum(kind: str, field: str) -> type[Enum]:
    """A yes/no field as a two-member enum (``yes`` first): its values are the choice words."""
    yes, no = FLAG_CHOICES.get((kind, field), (field.replace("_", " "), f"not {field.replace('_', ' ')}"))
    enum = Enum(f"{kind}_{field}", {"yes": yes, "no": no}, type=str)
    _FLAGS.add(enum)
    return enum


_FLAGS: set = set()


def to_choice(enum: type[Enum], value) -> str | None:
    """The choice a field's value shows as (None: no choice); yes/no fields read their flag enum."""
    if enum in _FLAGS:
        return None if value is None else (enum["yes"] if value else enum["no"]).value
    return None if value is None else enum(value).value


def from_choice(enum: type[Enum], choice: str):
    """The field value a picked choice means; ValueError for a word the config does not offer."""
    member = enum(choice)
    return member.name == "yes" if enum in _FLAGS else member


def choice_fields(kind: str) -> dict[str, type[Enum]]:
    """Enum-valued and yes/no fields of an item: they become per-region choices on its anchor."""
    found = {}
    for name, f in MODELS[kind].model_fields.items():
        members = _unwrap(f.annotation)
        enums = [a for a in members if isinstance(a, type) and issubclass(a, Enum)]
        if enums:
            found[name] = enums[0]
        elif members == (bool,):
            found[name] = flag_enum(kind, name)
    return found


@lru_cache(maxsize=None)
def text_fields(kind: str) -> tuple[str, ...]:
    """The free-text fields of an attribution or hedge (``speaker``): per-region TextAreas."""
    return tuple(n for n, f in MODELS[kind].model_fields.items() if n != "id" and _unwrap(f.annotation) == (str,))


def text_region(kind: str, field: str) -> str:
    """The span field whose region carries a text field: ``source`` for the speaker, else the anchor."""
    return TEXT_FIELD_REGIONS.get((kind, field), anchor_field(kind))


def span_label(kind: str, field: str) -> str:
    """CUE, SOURCE, CONTENT, RESOLVED_SOURCE for attributions; HEDGE, HEDGE_SCOPE for hedges;
    CLAIM for a claim's span."""
    if kind == ATTRIBUTION:
        return field.upper()
    return kind.upper() if field == anchor_field(kind) else f"{kind.upper()}_{field.upper()}"


def choice_name(kind: str, field: str) -> str:
    """Control names are global in a config, so the hedge's ``kind`` becomes ``hedge_kind``,
    the claim's ``claim_kind``. (Every per-region control is named so, choices and text fields alike.)"""
    return field if kind == ATTRIBUTION else f"{kind}_{field}"


def relation_labels() -> list[str]:
    """One relation per non-anchor span field (from the cue), plus cue -> hedge for ``hedge_ids``
    and claim -> cue for a claim's ``attribution_ids``."""
    names = [f for kind in MODELS for f in span_fields(kind) if f != anchor_field(kind)]
    return list(dict.fromkeys(names + [HEDGE_RELATION, CLAIM_RELATION]))


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


# --------------------------------------------------------------------------- the view
#
# A 4,000-word feature holds hundreds of regions and relations, and Label Studio draws every
# relation as an arrow with a label box over the text, and shows controls where the config
# declares them. So (issue 10): the verdict, the note, the label buttons and the per-region
# controls come first, in a bar that stays in view while the article scrolls (a region picked
# halfway down shows its choices at the top of the screen, not under the whole article); region
# labels are never drawn over the text (``showLabels="false"`` on the Text, which also overrides
# the reviewer's "show labels" setting), the long spans that hold a claim are underlined rather
# than filled, so the sentences under them stay readable; and relation arrows are hidden
# except the one the reviewer points at in the Relations panel. Label Studio 1.23 has an
# attribute for neither of the last two, so they are CSS in a ``<Style>``, keyed on names its
# editor renders (``relations-overlay``, ``relationItem``, ``data-label="N:LABEL"``); the browser
# test in tests/labelstudio/test_review_order_and_view.py notices when an upgrade renames them.

CONTROLS_CLASS = "annotator-controls"  # the bar above the text
REVIEW_CLASS = "annotator-review"  # verdict and note, side by side
# Spans that hold a whole claim or hedged assertion: often a sentence or more, and under other
# regions. They are underlined in their label's colour (solid, dotted) instead of filled.
UNDERLINED: dict[tuple[str, str], str] = {(ATTRIBUTION, "content"): "solid", (HEDGE, "scope"): "dotted"}
# Claims cover most of an article's sentences (206 of them, 42 check-worthy, in a 3,500-word
# feature), on top of the contents they lie in: a fill or a second underline would paint the
# whole text. So a CLAIM is drawn as a thin dashed line over its words, which leaves the
# underlines and fills of attributions and hedges readable and still shows where each claim
# starts and ends (docs/guidelines.md, 11).
OVERLINED: dict[tuple[str, str], str] = {(CLAIM, "span"): "dashed"}
# The keys Label Studio gives controls that name none, in its order (its ``makeComb``). Every label
# and choice gets its key explicitly, as Label Studio numbered them when labels came first and
# the verdict last, so moving the verdict to the top does not renumber what reviewers know.
HOTKEYS = "1234567890qwetasdfgzxcvbyiopjklnm"
STYLE = """
.{controls} {{ position: sticky; top: 0; z-index: 300; background: #fff; border-bottom: 1px solid #ddd; padding: 2px 0 4px; }}
.{controls} .lsf-choice__item, .{controls} .lsf-choice__checkbox {{ min-height: 0; height: auto; line-height: 22px; }}
.{controls} .lsf-choices {{ margin: 0; }}
.{controls} .lsf-labels {{ margin: 2px 0; }}
.{review} {{ display: flex; align-items: center; gap: 12px; }}
.{review} .lsf-text-area {{ flex: 1; margin: 0; }}
.{review} .ant-form-item {{ margin: 0; }}
.relations-overlay [class*=relationItem] {{ display: none; }}
.relations-overlay [class*=relationItem][class*=_highlighted] {{ display: inline; }}
"""


def label_colour(label: str) -> str:
    """Each span label's colour, in display order."""
    labels = [lab for lab, _, _ in all_span_labels()]
    return _COLOURS[labels.index(label) % len(_COLOURS)]


# Kinds whose keys were given before the verdict's; a kind added later (claims) takes the keys
# after it, so no key a reviewer learnt changes meaning.
KEYED_BEFORE_VERDICT = (ATTRIBUTION, HEDGE)


def hotkeys() -> dict[tuple[str, str], str]:
    """(control name, value) -> key for every label and choice: labels, then per-region
    choices, then the verdict, numbered in Label Studio's own sequence; then the labels and
    choices of kinds added since (``KEYED_BEFORE_VERDICT``), while keys last."""

    def of(kinds) -> list[tuple[str, str]]:
        values = [(LABELS, label) for label, kind, _ in all_span_labels() if kind in kinds]
        return values + [(name, m.value) for name, kind, _, enum in all_choices() if kind in kinds for m in enum]

    later = [k for k in MODELS if k not in KEYED_BEFORE_VERDICT]
    values = of(KEYED_BEFORE_VERDICT) + [(REVIEW, value) for value in REVIEW_CHOICES] + of(later)
    return {value: key for value, key in zip(values, HOTKEYS)}


def view_style() -> str:
    """The CSS of the view: the bar, hidden relation arrows, underlined claim spans."""
    css = STYLE.format(controls=CONTROLS_CLASS, review=REVIEW_CLASS)
    for (kind, field), line in UNDERLINED.items():
        label = span_label(kind, field)
        css += (
            f'.htx-highlight[data-label$=":{label}"] {{ background-color: transparent !important; '
            f"border-bottom: 2px {line} {label_colour(label)} !important; }}\n"
        )
    for (kind, field), line in OVERLINED.items():
        label = span_label(kind, field)
        css += (
            f'.htx-highlight[data-label$=":{label}"] {{ background-color: transparent !important; '
            f"border-top: 1px {line} {label_colour(label)} !important; }}\n"
        )
    return css


def _key(control: str, value: str) -> str:
    key = hotkeys().get((control, value))
    return f" hotkey={quoteattr(key)}" if key else ""


def labeling_config() -> str:
    """The XML Label Studio shows reviewers; stable text, so a project's config can be compared to it."""
    lines = ["<View>", f"  <Style>{view_style()}  </Style>", f'  <View className="{CONTROLS_CLASS}">']
    lines.append(f'    <View className="{REVIEW_CLASS}">')
    lines.append(f'      <Choices name="{REVIEW}" toName="{TEXT}" choice="single" showInline="true">')
    for value in REVIEW_CHOICES:
        lines.append(f"        <Choice value={quoteattr(value)}{_key(REVIEW, value)}/>")
    lines.append("      </Choices>")
    lines.append(
        f'      <TextArea name="{NOTE}" toName="{TEXT}" maxSubmissions="1" editable="true" rows="1" placeholder="Note"/>'
    )
    lines.append("    </View>")
    lines.append(f'    <Labels name="{LABELS}" toName="{TEXT}">')
    for label, _, _ in all_span_labels():
        lines.append(
            f"      <Label value={quoteattr(label)} background={quoteattr(label_colour(label))}{_key(LABELS, label)}/>"
        )
    lines.append("    </Labels>")
    for name, kind, _, enum in all_choices():
        anchor = span_label(kind, anchor_field(kind))
        lines.append(
            f'    <Choices name="{name}" toName="{TEXT}" perRegion="true" choice="single" showInline="true" '
            f'visibleWhen="region-selected" whenLabelValue="{anchor}">'
        )
        for member in enum:
            lines.append(f"      <Choice value={quoteattr(member.value)}{_key(name, member.value)}/>")
        lines.append("    </Choices>")
    for name, kind, field, region in all_text_fields():
        # TextArea's own perRegion + whenLabelValue decide when it shows (a region with that label
        # selected) and which regions' values are submitted; visibleWhen says the same for readers.
        label = span_label(kind, region)
        hint = TEXT_FIELD_HINTS.get((kind, field), field.replace("_", " ").capitalize())
        lines.append(
            f'    <TextArea name="{name}" toName="{TEXT}" perRegion="true" visibleWhen="region-selected" '
            f'whenLabelValue="{label}" maxSubmissions="1" editable="true" placeholder={quoteattr(hint)}/>'
        )
    lines.append("  </View>")
    lines.append(f'  <Text name="{TEXT}" value="${TEXT}" showLabels="false"/>')
    lines.append("  <Relations>")
    for label in relation_labels():
        lines.append(f"    <Relation value={quoteattr(label)}/>")
    lines.append("  </Relations>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


def _canon(xml: str) -> str | None:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return None
    for el in root.iter():
        el.text = (el.text or "").strip() or None
        el.tail = None
    return ET.tostring(root, encoding="unicode")


def same_view(a: str, b: str) -> bool:
    """The same controls in the same layout: Label Studio may re-indent a stored config, so the
    XML is compared, not the whitespace."""
    return (_canon(a) or a) == (_canon(b) or b)


# Tags and attributes that only arrange or decorate the view: results never name them.
LAYOUT_TAGS = frozenset({"View", "Style", "Header"})
LAYOUT_ATTRIBUTES = frozenset({"style", "className", "showInline", "showLabels", "hotkey", "rows", "placeholder", "background"})


def controls_of(xml: str) -> list | None:
    """What a config's results are made of: every control and object tag with its meaningful
    attributes and its options, in no particular order; None if it is not XML."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(xml)
    except ET.ParseError:
        return None

    def meaning(el) -> tuple:
        attrs = tuple(sorted((k, v) for k, v in el.attrib.items() if k not in LAYOUT_ATTRIBUTES))
        return (el.tag, attrs, tuple(meaning(child) for child in el if child.tag not in LAYOUT_TAGS))

    found = []

    def walk(el) -> None:
        for child in el:
            if child.tag in LAYOUT_TAGS:
                walk(child)
            else:
                found.append(meaning(child))

    walk(root)
    return sorted(found)


def same_config(a: str, b: str) -> bool:
    """Whether two configs make the same results (same controls, names, labels and choices),
    whatever their layout: what "this project is annotator's" means. A project made with an
    older view of annotator's config is still annotator's, and pull reads it as it reads the
    current one (``same_view`` tells the layouts apart)."""
    ca, cb = controls_of(a), controls_of(b)
    return ca is not None and ca == cb


# Controls annotator's config had before a kind was added, newest last: a project made then is
# still annotator's (its results are a subset of today's), pull reads it as it is and push adds
# the new controls, which Label Studio accepts over the annotations a project holds, since no
# label they use goes away. (Before ``speaker`` is not among them: that config is refused.)
ADDED_SINCE: tuple[tuple[str, ...], ...] = ((CLAIM,),)


def _without_kinds(xml: str, kinds: tuple[str, ...]) -> str:
    """The current config minus the labels, choices and relations of ``kinds``."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml)
    labels = {span_label(k, f) for k in kinds for f in span_fields(k)}
    controls = {name for name, k, _, _ in all_choices() if k in kinds}
    controls |= {name for name, k, _, _ in all_text_fields() if k in kinds}
    relations = {CLAIM_RELATION} if CLAIM in kinds else set()
    for parent in list(root.iter()):
        for child in list(parent):
            if (
                (child.tag == "Label" and child.get("value") in labels)
                or (child.get("name") in controls)
                or (child.tag == "Relation" and child.get("value") in relations)
            ):
                parent.remove(child)
    return ET.tostring(root, encoding="unicode")


def earlier_configs() -> list[str]:
    """annotator's configs from before each of ``ADDED_SINCE``, in today's layout."""
    added: tuple[str, ...] = ()
    found = []
    for kinds in reversed(ADDED_SINCE):
        added += kinds
        found.append(_without_kinds(labeling_config(), added))
    return found


def is_annotators(xml: str) -> bool:
    """Whether a project's config makes annotator's results: today's controls, or an earlier
    set of them (``ADDED_SINCE``), in any layout."""
    return same_config(xml, labeling_config()) or any(same_config(xml, old) for old in earlier_configs())

