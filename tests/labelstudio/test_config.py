import xml.etree.ElementTree as ET

import pytest

from annotator.formats.labelstudio import config as C
from annotator.records import ClaimKind, HedgeKind, QuoteType, ReviewStatus, SourceType
from ls_helpers import older_layout


def _choices(xml: str, name: str) -> list[str]:
    root = ET.fromstring(xml)
    (node,) = [c for c in root.iter("Choices") if c.get("name") == name]
    return [c.get("value") for c in node.iter("Choice")]


def test_choices_are_the_record_enums():
    xml = C.labeling_config()
    assert _choices(xml, "source_type") == [s.value for s in SourceType]
    assert _choices(xml, "quote_type") == [q.value for q in QuoteType]
    assert _choices(xml, "hedge_kind") == [k.value for k in HedgeKind]
    assert _choices(xml, "review") == ["verified", "corrected", "rejected"]
    assert set(_choices(xml, "review")) < {s.value for s in ReviewStatus}


def test_claims_are_a_label_with_per_region_choices_shown_for_claims_only():
    """Issue 11: a reviewer corrects a claim's check-worthiness and kind on its CLAIM region."""
    root = ET.fromstring(C.labeling_config())
    xml = C.labeling_config()
    assert _choices(xml, "claim_checkworthy") == ["check-worthy", "not check-worthy"]
    assert _choices(xml, "claim_kind") == [k.value for k in ClaimKind]
    for name in ("claim_checkworthy", "claim_kind"):
        (node,) = [c for c in root.iter("Choices") if c.get("name") == name]
        assert {k: node.get(k) for k in ("perRegion", "choice", "visibleWhen", "whenLabelValue")} == {
            "perRegion": "true", "choice": "single", "visibleWhen": "region-selected", "whenLabelValue": "CLAIM",
        }
    assert C.span_fields(C.CLAIM) == ("span",) and C.span_label(C.CLAIM, "span") == "CLAIM"


def test_a_yes_no_field_reads_back_as_the_bool_it_showed():
    enum = C.choice_fields(C.CLAIM)["checkworthy"]
    assert [C.to_choice(enum, v) for v in (True, False, None)] == ["check-worthy", "not check-worthy", None]
    assert [C.from_choice(enum, c) for c in ("check-worthy", "not check-worthy")] == [True, False]
    with pytest.raises(ValueError):
        C.from_choice(enum, "maybe")
    kind = C.choice_fields(C.CLAIM)["kind"]
    assert C.from_choice(kind, "statistic") is ClaimKind.statistic and C.to_choice(kind, ClaimKind.causal) == "causal"


def test_claims_are_overlined_not_filled():
    """200 claims in a long article: a fill would paint the whole text (docs/guidelines.md, 11)."""
    assert '.htx-highlight[data-label$=":CLAIM"] { background-color: transparent !important; border-top: 1px dashed' in C.view_style()


def test_span_labels_and_relations_come_from_span_fields():
    root = ET.fromstring(C.labeling_config())
    labels = [label.get("value") for label in root.iter("Label")]
    assert labels == ["CUE", "SOURCE", "CONTENT", "RESOLVED_SOURCE", "HEDGE", "HEDGE_SCOPE", "CLAIM"]
    relations = [r.get("value") for r in root.iter("Relation")]
    assert relations == ["source", "content", "resolved_source", "scope", "hedge", "sourced_by"]
    assert sorted(t.get("name") for t in root.iter("TextArea")) == ["note", "speaker"]


def test_the_speaker_is_a_text_field_on_the_source_region():
    """Shown (and submitted) only for a selected SOURCE region, one entry, editable in place."""
    root = ET.fromstring(C.labeling_config())
    (speaker,) = [t for t in root.iter("TextArea") if t.get("name") == "speaker"]
    assert {k: speaker.get(k) for k in ("toName", "perRegion", "visibleWhen", "whenLabelValue", "maxSubmissions", "editable")} == {
        "toName": "text", "perRegion": "true", "visibleWhen": "region-selected", "whenLabelValue": "SOURCE",
        "maxSubmissions": "1", "editable": "true",
    }
    assert C.all_text_fields() == (("speaker", "attribution", "speaker", "source"),)
    (note,) = [t for t in root.iter("TextArea") if t.get("name") == "note"]
    assert note.get("perRegion") is None  # the note is about the whole document


def test_a_new_text_field_would_reach_the_config(monkeypatch):
    """Derived from the models: a free-text field on a hedge would show on the HEDGE region."""
    from pydantic import create_model

    from annotator.records import Hedge

    WithComment = create_model("WithComment", __base__=Hedge, comment=(str | None, None))
    monkeypatch.setitem(C.MODELS, C.HEDGE, WithComment)
    for cached in (C.text_fields, C.all_text_fields, C.span_fields, C.all_span_labels, C.all_choices):
        cached.cache_clear()
    try:
        root = ET.fromstring(C.labeling_config())
        (comment,) = [t for t in root.iter("TextArea") if t.get("name") == "hedge_comment"]
        assert comment.get("whenLabelValue") == "HEDGE" and comment.get("placeholder") == "Comment"
    finally:
        monkeypatch.undo()
        for cached in (C.text_fields, C.all_text_fields, C.span_fields, C.all_span_labels, C.all_choices):
            cached.cache_clear()
    assert "hedge_comment" not in C.labeling_config()


def test_a_new_enum_value_would_reach_the_config(monkeypatch):
    """Derived, not hand-typed: extend the enum the config is read from and the config follows."""
    from enum import Enum

    Extended = Enum("Extended", {**{m.name: m.value for m in QuoteType}, "paraphrase": "paraphrase"}, type=str)
    monkeypatch.setattr(C, "choice_fields", lambda kind: {"quote_type": Extended} if kind == C.ATTRIBUTION else {})
    C.all_choices.cache_clear()
    try:
        assert "paraphrase" in _choices(C.labeling_config(), "quote_type")
    finally:
        monkeypatch.undo()
        C.all_choices.cache_clear()
    assert "paraphrase" not in _choices(C.labeling_config(), "quote_type")


def test_config_is_valid_for_the_sdk():
    interface = pytest.importorskip("label_studio_sdk.label_interface")
    li = interface.LabelInterface(C.labeling_config())
    li.validate()
    assert {c.name for c in li.controls} == {
        "label", "source_type", "quote_type", "hedge_kind", "claim_checkworthy", "claim_kind", "speaker", "review", "note",
    }


def test_same_config_ignores_whitespace_but_not_content():
    xml = C.labeling_config()
    for same in (C.same_config, C.same_view):
        assert same(xml, xml.replace("\n  ", "\n    "))
        assert not same(xml, xml.replace('"HEDGE_SCOPE"', '"SCOPE"'))
        assert not same(xml, "<View><Text name='text' value='$text'/></View>")
    assert not C.same_view(xml, older_layout(xml))


# --------------------------------------------------------------------------- the view of a long article


def test_verdict_note_and_region_controls_come_before_the_text():
    """A reviewer of a 4,000-word article must not scroll to its end to give the verdict, nor to
    see the choices of a region picked at the top: all controls are in a bar above the text."""
    root = ET.fromstring(C.labeling_config())
    order = [el.get("name") for el in root.iter() if el.get("name")]
    assert order.index(C.TEXT) == len(order) - 1  # the Text is the last named tag
    assert order[:2] == [C.REVIEW, C.NOTE]
    (bar,) = [v for v in root.iter("View") if v.get("className") == C.CONTROLS_CLASS]
    in_bar = {el.get("name") for el in bar.iter() if el.get("name")}
    assert in_bar == {
        C.REVIEW, C.NOTE, C.LABELS, "source_type", "quote_type", "hedge_kind", "claim_checkworthy", "claim_kind", "speaker",
    }
    assert f".{C.CONTROLS_CLASS} {{ position: sticky; top: 0;" in C.view_style()  # stays in view while scrolling


def test_region_labels_are_not_drawn_over_the_text():
    (text,) = ET.fromstring(C.labeling_config()).iter("Text")
    assert text.get("showLabels") == "false"  # overrides the reviewer's "show labels" setting


def test_claim_spans_are_underlined_and_relation_arrows_hidden_unless_pointed_at():
    css = C.view_style()
    assert '.htx-highlight[data-label$=":CONTENT"] { background-color: transparent !important; border-bottom: 2px solid #e9c46a' in css
    assert '.htx-highlight[data-label$=":HEDGE_SCOPE"] { background-color: transparent !important; border-bottom: 2px dotted #6d6875' in css
    assert '":CUE"' not in css and '":SOURCE"' not in css  # short spans keep their fill
    assert ".relations-overlay [class*=relationItem] { display: none; }" in css
    assert ".relations-overlay [class*=relationItem][class*=_highlighted] { display: inline; }" in css
    # Label Studio puts the Style's text through an HTML sanitiser: no markup characters in it
    assert not set(css) & set("<>&")


def test_hotkeys_are_the_ones_label_studio_gave_before_the_verdict_moved_up():
    root = ET.fromstring(C.labeling_config())
    keys = {(c.get("value")): c.get("hotkey") for c in root.iter() if c.tag in ("Label", "Choice")}
    assert [keys[label] for label in ("CUE", "SOURCE", "CONTENT", "RESOLVED_SOURCE", "HEDGE", "HEDGE_SCOPE")] == list("123456")
    assert [keys[v] for v in ("verified", "corrected", "rejected")] == list("cvb")
    assert [keys[v] for v in ("named_person", "direct", "modal")] == ["7", "t", "d"]
    # the claim's label and choices came later: keys after the verdict's, none of the old ones moved
    assert [keys[v] for v in ("CLAIM", "check-worthy", "not check-worthy", "statistic", "other")] == list("yiopm")
    assert len(set(keys.values())) == len(keys)  # no key does two things
    assert None not in keys.values()  # every label and choice has one


def test_same_config_ignores_the_layout_but_not_the_controls():
    """A project made with the older view is still annotator's (push updates its view, pull reads it)."""
    xml = C.labeling_config()
    old = older_layout(xml)
    assert C.same_config(old, xml)
    assert not C.same_config(old.replace('value="mixed"', 'value="blended"'), xml)
    assert not C.same_config(old.replace('name="speaker"', 'name="who"'), xml)
    assert not C.same_config(old.replace('whenLabelValue="SOURCE"', 'whenLabelValue="CUE"'), xml)
    before_speaker = ET.fromstring(old)
    before_speaker.remove([t for t in before_speaker if t.get("name") == "speaker"][0])
    assert not C.same_config(ET.tostring(before_speaker, encoding="unicode"), xml)
    assert not C.is_annotators(ET.tostring(before_speaker, encoding="unicode"))  # refused, as before
    assert not C.same_config("<View", xml) and not C.is_annotators("<View")


def test_a_config_from_before_claims_is_annotators_but_not_todays():
    """Pull reads such a project as it is; push adds the claim controls (check_config says stale)."""
    (before,) = C.earlier_configs()
    root = ET.fromstring(before)
    assert [lab.get("value") for lab in root.iter("Label")] == ["CUE", "SOURCE", "CONTENT", "RESOLVED_SOURCE", "HEDGE", "HEDGE_SCOPE"]
    assert not [c for c in root.iter("Choices") if (c.get("name") or "").startswith("claim_")]
    assert "sourced_by" not in [r.get("value") for r in root.iter("Relation")]
    assert C.is_annotators(before) and C.is_annotators(older_layout(before))
    assert not C.same_config(before, C.labeling_config())
    assert not C.is_annotators(before.replace('value="HEDGE_SCOPE"', 'value="SCOPE"'))


def test_schema_and_engine_do_not_import_the_sdk():
    """The SDK and server are optional extras: deriving the config must not need them."""
    import subprocess
    import sys

    code = (
        "import sys; from annotator.schema import render_schemas; import annotator.cli; "
        "assert 'labeling_config.xml' in render_schemas(); "
        "print(sorted(m for m in sys.modules if m.startswith(('label_studio', 'httpx'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
