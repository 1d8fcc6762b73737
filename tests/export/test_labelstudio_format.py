"""Label Studio task JSON out and back in: lossless for our records; real exports read as pull reads them."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.errors import AnnotatorError
from annotator.export.labelstudio_json import write_labelstudio
from annotator.importers.labelstudio_json import read_labelstudio
from annotator.formats.labelstudio.tasks import document_to_task
from annotator.records import Review, ReviewStatus

from .documents import corpora, doc_from_parts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Label Studio has no empty regions, and shows a speaker on its source: see the refusals below
@given(corpora(allow_empty=False, speaker_needs_source=True, with_claims=True))
def test_records_survive_a_labelstudio_round_trip(docs):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tasks.json"
        assert write_labelstudio(docs, path) == len(docs)
        back = {d.id: d for d in read_labelstudio(path)}
        assert back == {d.id: d for d in docs}
        for doc in back.values():
            for _, _, span in doc.iter_spans():
                assert doc.text[span.start : span.end] == span.text


def _doc(**fields):
    text = "Ms Rahman said the bridge may close. 👍🏽"
    return doc_from_parts(
        text,
        attributions=[((10, 14), (0, 9), (15, 35))],
        hedges=[((26, 29), (15, 35), "modal")],
        **fields,
    )


def test_the_file_is_what_push_sends_plus_reviews(tmp_path):
    doc = _doc(review=Review(status=ReviewStatus.corrected, annotators=["ana@example.org"], note="fixed the source"))
    path = tmp_path / "tasks.json"
    write_labelstudio([doc], path)
    (task,) = json.loads(path.read_text(encoding="utf-8"))
    pushed = document_to_task(doc)
    assert task["predictions"] == pushed["predictions"]
    assert {k: task["data"][k] for k in pushed["data"]} == pushed["data"]
    (annotation,) = task["annotations"]
    choices = [r for r in annotation["result"] if r["type"] == "choices" and r["from_name"] == "review"]
    assert choices[0]["value"]["choices"] == ["corrected"]
    assert any(r["type"] == "textarea" and r["value"]["text"] == ["fixed the source"] for r in annotation["result"])


def test_a_plain_export_without_our_record_fields_reads_as_pull_does(tmp_path):
    doc = _doc()
    task = document_to_task(doc)
    # a reviewer accepted the prediction unchanged, as Label Studio's export shows it
    task["annotations"] = [{"id": 7, "result": task["predictions"][0]["result"], "completed_by": {"email": "r@x.org"},
                            "prediction": task["predictions"][0], "updated_at": "2026-11-20T10:00:00Z"}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    (back,) = read_labelstudio(path)
    assert back.review.status == ReviewStatus.verified
    assert back.review.annotators == ["r@x.org"]
    assert back.review.annotation_ids == [7]
    assert [a.cue.text for a in back.attributions] == ["said"]


def test_another_projects_export_is_refused_by_task_number(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps([{"data": {"image": "x.png"}, "annotations": []}]), encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"task 1: .*not pushed by annotator"):
        list(read_labelstudio(path))


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "tasks.json"
    write_labelstudio([_doc()], path)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    tasks[0]["data"]["annotator_record"]["schema_version"] = 99
    path.write_text(json.dumps(tasks), encoding="utf-8")
    with pytest.raises(AnnotatorError, match="schema version 99"):
        list(read_labelstudio(path))


def test_a_span_off_its_text_is_reported_not_kept(tmp_path):
    task = document_to_task(_doc())
    for r in task["predictions"][0]["result"]:
        if r["type"] == "labels":
            r["value"]["text"] = "nowhere to be found"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    with pytest.raises(AnnotatorError, match="task 1"):
        list(read_labelstudio(path))


def test_an_empty_span_is_refused_at_export(tmp_path):
    doc = doc_from_parts("It may.", hedges=[((3, 3), None, "modal")], id="d9")
    path = tmp_path / "tasks.json"
    with pytest.raises(AnnotatorError, match=r"d9.*h1.*empty"):
        write_labelstudio([doc], path)
    assert not path.exists()


def test_a_speaker_without_a_source_is_refused_at_export(tmp_path):
    doc = doc_from_parts("It is said so.", [((3, 10), None, None, {"speaker": "Jon Lansman"})], id="d8")
    path = tmp_path / "tasks.json"
    with pytest.raises(AnnotatorError, match=r"d8.*a1 has a speaker but no source.*SOURCE region"):
        write_labelstudio([doc], path)
    assert not path.exists()


def _lansman():
    text = "Jon Lansman said no. He said yes."
    return doc_from_parts(
        text,
        [((12, 16), (0, 11), None, {"speaker": "Jon Lansman"}),
         ((24, 28), (21, 23), None, {"speaker": "Jon Lansman", "resolved_source": (0, 11)})],
        id="jl",
    )


def test_the_speaker_is_shown_on_its_source_region_and_read_back(tmp_path):
    doc = _lansman()
    path = tmp_path / "tasks.json"
    write_labelstudio([doc], path)
    (task,) = json.loads(path.read_text(encoding="utf-8"))
    speakers = [r for r in task["predictions"][0]["result"] if r.get("from_name") == "speaker"]
    assert speakers == [
        {"id": "a1-source", "from_name": "speaker", "to_name": "text", "type": "textarea",
         "value": {"start": 0, "end": 11, "text": ["Jon Lansman"]}},
        {"id": "a2-source", "from_name": "speaker", "to_name": "text", "type": "textarea",
         "value": {"start": 21, "end": 23, "text": ["Jon Lansman"]}},
    ]
    (back,) = read_labelstudio(path)
    assert back == doc


def test_a_reviewer_correcting_the_speaker_in_an_export_is_read_as_a_correction(tmp_path):
    doc = _lansman()
    task = document_to_task(doc)
    result = json.loads(json.dumps(task["predictions"][0]["result"]))
    for r in result:
        if r.get("id") == "a2-source" and r.get("from_name") == "speaker":
            r["value"]["text"] = ["Ms Okafor"]
    task["annotations"] = [{"id": 3, "result": result, "prediction": task["predictions"][0]}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    (back,) = read_labelstudio(path)
    assert back.review.status == ReviewStatus.corrected
    assert [a.speaker for a in back.attributions] == ["Jon Lansman", "Ms Okafor"]
