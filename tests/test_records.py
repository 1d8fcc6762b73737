import pytest
from pydantic import ValidationError

from annotator.records import Attribution, Claim, ClaimKind, Document, Hedge, Span, make_span

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


def _claim(**overrides):
    data = dict(id="c1", span=make_span(TEXT, 0, 32), score=0.7, checkworthy=True, kind="record", attribution_ids=[])
    data.update(overrides)
    return Claim(**data)


def test_claim_round_trips_and_names_its_attribution():
    doc = Document.model_validate(_doc(claims=[_claim(span=make_span(TEXT, 15, 32), attribution_ids=["a1"])]))
    again = Document.model_validate_json(doc.model_dump_json())
    assert again.claims[0].span.text == "the plan may fail"
    assert again.claims[0].kind == ClaimKind.record and again.claims[0].attribution_ids == ["a1"]


def test_claim_span_is_checked_against_the_text():
    bad = _claim(span=Span(start=0, end=9, text="Mr Rahman"))
    with pytest.raises(ValidationError, match="claim span c1"):
        Document.model_validate(_doc(claims=[bad]))


def test_claim_naming_unknown_attribution_is_rejected():
    with pytest.raises(ValidationError, match="unknown attributions"):
        Document.model_validate(_doc(claims=[_claim(attribution_ids=["a9"])]))


def test_claim_ids_must_not_clash_with_hedges():
    with pytest.raises(ValidationError, match="unique"):
        Document.model_validate(_doc(claims=[_claim(id="h1")]))


def test_claim_kind_is_a_closed_vocabulary():
    with pytest.raises(ValidationError):
        _claim(kind="rumour")


def test_version_2_record_reads_without_claims():
    data = Document.model_validate(_doc()).model_dump(mode="json")
    del data["claims"]
    data["schema_version"] = 2
    doc = Document.model_validate(data)
    assert doc.claims == [] and doc.schema_version == 2
