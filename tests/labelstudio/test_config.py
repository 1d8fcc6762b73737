import xml.etree.ElementTree as ET

import pytest

from annotator.formats.labelstudio import config as C
from annotator.records import HedgeKind, QuoteType, ReviewStatus, SourceType


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


def test_span_labels_and_relations_come_from_span_fields():
    root = ET.fromstring(C.labeling_config())
    labels = [label.get("value") for label in root.iter("Label")]
    assert labels == ["CUE", "SOURCE", "CONTENT", "RESOLVED_SOURCE", "HEDGE", "HEDGE_SCOPE"]
    relations = [r.get("value") for r in root.iter("Relation")]
    assert relations == ["source", "content", "resolved_source", "scope", "hedge"]
    assert [t.get("name") for t in root.iter("TextArea")] == ["speaker", "note"]


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
    assert {c.name for c in li.controls} == {"label", "source_type", "quote_type", "hedge_kind", "speaker", "review", "note"}


def test_same_config_ignores_whitespace_but_not_content():
    xml = C.labeling_config()
    assert C.same_config(xml, xml.replace("\n  ", "\n    "))
    assert not C.same_config(xml, xml.replace('"HEDGE_SCOPE"', '"SCOPE"'))
    assert not C.same_config(xml, "<View><Text name='text' value='$text'/></View>")


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
