import pytest

from annotator.errors import AnnotatorError
from annotator.labelstudio.push import ExistingTask, load_documents, plan_push
from annotator.formats.labelstudio.tasks import content_hash, model_version_of
from ls_helpers import small_document, write_records


def test_plan_sorts_records_into_create_predict_skip_refuse():
    same, newer, changed, fresh = small_document(1), small_document(2, model="v2"), small_document(3), small_document(4)
    existing = {
        "doc-1": ExistingTask(11, content_hash(same.text), {model_version_of(same)}),
        "doc-2": ExistingTask(12, content_hash(newer.text), {"9.9.9/test-model"}),
        "doc-3": ExistingTask(13, content_hash("an older text"), {model_version_of(changed)}),
    }
    plan = plan_push([same, newer, changed, fresh], existing)
    assert plan.skip == ["doc-1"]
    assert [(t, d.id) for t, d in plan.predict] == [(12, "doc-2")]
    assert plan.refuse == ["doc-3"]
    assert [d.id for d in plan.create] == ["doc-4"]


def test_load_documents_names_file_and_line(tmp_path):
    path = tmp_path / "r.jsonl"
    write_records(path, [small_document(1), small_document(1)])
    with pytest.raises(AnnotatorError, match=r"r.jsonl:2: document id 'doc-1' appears again \(first on line 1\)"):
        load_documents(path)
    path.write_text(small_document(1).model_dump_json() + "\n\n{not json\n")
    with pytest.raises(AnnotatorError, match=r"r.jsonl:3: not valid JSON"):
        load_documents(path)
