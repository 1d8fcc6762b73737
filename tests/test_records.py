import pytest
from pydantic import ValidationError

from annotator.records import Attribution, Document, Hedge, Span, make_span

TEXT = "Ms Rahman said the plan may fail."


def test_span_text_must_match_offsets_length():
    with pytest.raises(ValidationError):
        Span(start=0, end=3, text="Ms")


def test_span_end_before_start_is_rejected():
    with pytest.raises(ValidationError):
        Span(start=5, end=2, text="")


def _doc(**overrides):
    data = dict(
        id="d",
        text=TEXT,
        attributions=[
            Attribution(
                id="a1",
                cue=make_span(TEXT, 10, 14),
                source=make_span(TEXT, 0, 9),
                content=make_span(TEXT, 15, 32),
                source_type="named_person",
                quote_type="indirect",
                hedge_ids=["h1"],
            )
        ],
        hedges=[Hedge(id="h1", cue=make_span(TEXT, 24, 27), kind="modal")],
    )
    data.update(overrides)
    return data


def test_valid_document_round_trips_through_json():
    doc = Document.model_validate(_doc())
    again = Document.model_validate_json(doc.model_dump_json())
    assert again == doc
    assert again.attributions[0].content.text == "the plan may fail"


def test_span_text_must_equal_document_slice():
    data = _doc()
    data["hedges"] = [Hedge(id="h1", cue=Span(start=24, end=27, text="can"), kind="modal")]
    with pytest.raises(ValidationError, match="does not match"):
        Document.model_validate(data)


def test_span_outside_text_is_rejected():
    data = _doc(hedges=[Hedge(id="h1", cue=Span(start=30, end=40, text="x" * 10), kind="modal")])
    with pytest.raises(ValidationError, match="outside the text"):
        Document.model_validate(data)


def test_unknown_hedge_id_is_rejected():
    data = _doc(hedges=[])
    with pytest.raises(ValidationError, match="unknown hedges"):
        Document.model_validate(data)


def test_newer_schema_version_is_refused():
    with pytest.raises(ValidationError, match="schema version"):
        Document.model_validate(_doc(schema_version=99))


@pytest.mark.parametrize("field,value", [("source_type", "celebrity"), ("quote_type", "paraphrase")])
def test_closed_vocabularies(field, value):
    data = _doc()
    att = data["attributions"][0].model_dump()
    att[field] = value
    data["attributions"] = [att]
    with pytest.raises(ValidationError):
        Document.model_validate(data)
