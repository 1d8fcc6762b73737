"""push sets the guideline as the project's instructions, against a fake SDK client (no server)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from annotator.errors import AnnotatorError
from annotator.guidelines import guideline_html
from annotator.labelstudio import client as LS
from annotator.formats.labelstudio import config as C
from annotator.labelstudio.push import push_records
from annotator.formats.labelstudio.tasks import content_hash
from ls_helpers import small_document, write_records

pytest.importorskip("label_studio_sdk")  # push's error handling imports the SDK's error type


class FakeProjects:
    """The slice of ``client.projects`` push uses, recording every call that writes."""

    def __init__(self, projects=(), tasks=()):
        self.projects = list(projects)
        self.tasks = list(tasks)
        self.writes: list[tuple] = []
        self.exports = SimpleNamespace(download_sync=lambda project_id, **kw: [json.dumps(self.tasks).encode()])

    def list(self, title, page_size, page=1):
        """One page, as the SDK's pager holds it: Label Studio's filter is 'title contains'."""
        found = [p for p in self.projects if title.lower() in p.title.lower()]
        return _page(found[(page - 1) * page_size : page * page_size], more=len(found) > page * page_size)

    def get(self, id):
        return next(p for p in self.projects if p.id == id)

    def create(self, **fields):
        self.writes.append(("create", fields))
        project = SimpleNamespace(id=len(self.projects) + 1, **fields)
        self.projects.append(project)
        return project

    def update(self, id, **fields):
        self.writes.append(("update", id, fields))
        vars(self.get(id)).update(fields)

    def import_tasks(self, id, request, request_options):
        self.writes.append(("import_tasks", id, len(request)))

    def import_predictions(self, id, request, request_options):
        self.writes.append(("import_predictions", id, len(request)))


def _page(items, more=False):
    return SimpleNamespace(items=items, response=SimpleNamespace(next="next-page-url" if more else None))


def _project(instructions, **extra):
    return SimpleNamespace(
        id=7, title="demo", label_config=C.labeling_config(), expert_instruction=instructions, show_instruction=False,
        **extra,
    )


@pytest.fixture
def fake(monkeypatch, tmp_path):
    """Point push at a fake client; the test fills in its projects and tasks."""
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://fake.invalid")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "not-a-real-key")
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "none.json"))
    projects = FakeProjects()
    monkeypatch.setattr(LS, "make_client", lambda conn, **kw: SimpleNamespace(projects=projects))
    records = tmp_path / "r.jsonl"
    write_records(records, [small_document(1)])
    return projects, records


def _kinds(writes):
    return [w[0] for w in writes]


def test_a_new_project_is_created_with_the_guideline_shown(fake):
    projects, records = fake
    summary = push_records(records, "demo")
    assert _kinds(projects.writes) == ["create", "import_tasks"]
    created = projects.writes[0][1]
    assert created["expert_instruction"] == guideline_html() and created["show_instruction"] is True
    assert "<h2>3. Source types</h2>" in created["expert_instruction"]
    assert summary.instructions_set and summary.project_created


def test_older_instructions_are_replaced_by_one_patch(fake):
    projects, records = fake
    projects.projects.append(_project("<p>an old guideline</p>"))
    summary = push_records(records, "demo")
    assert _kinds(projects.writes) == ["update", "import_tasks"]
    assert projects.writes[0][1:] == (7, {"expert_instruction": guideline_html(), "show_instruction": True})
    assert summary.instructions_set and not summary.project_created


def test_current_instructions_are_left_alone(fake):
    projects, records = fake
    projects.projects.append(_project(guideline_html()))
    summary = push_records(records, "demo")
    assert _kinds(projects.writes) == ["import_tasks"]
    assert not summary.instructions_set
    assert projects.get(7).show_instruction is False  # a manager's choice to hide them stands


def test_instructions_missing_from_the_list_are_read_from_the_project(fake, monkeypatch):
    projects, records = fake
    listed = SimpleNamespace(id=7, title="demo", label_config=C.labeling_config())  # no expert_instruction field
    full = _project(guideline_html())
    monkeypatch.setattr(projects, "list", lambda title, page_size, page: _page([listed]))
    monkeypatch.setattr(projects, "get", lambda id: full)
    assert not push_records(records, "demo").instructions_set


def test_dry_run_reports_stale_instructions_and_sends_nothing(fake):
    projects, records = fake
    projects.projects.append(_project(""))
    summary = push_records(records, "demo", dry_run=True)
    assert projects.writes == [] and summary.instructions_set and summary.dry_run


def test_a_refused_push_does_not_touch_the_instructions_either(fake):
    projects, records = fake
    projects.projects.append(_project("<p>old</p>"))
    projects.tasks.append(
        {"id": 1, "data": {"doc_id": "doc-1", "content_hash": content_hash("another text"), "model_version": "x"}}
    )
    with pytest.raises(AnnotatorError, match="different text"):
        push_records(records, "demo")
    assert projects.writes == []


def test_push_command_says_it_set_the_instructions(fake):
    from typer.testing import CliRunner

    from annotator.cli import app

    _, records = fake
    result = CliRunner().invoke(app, ["push", str(records), "--project", "demo", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "set the project's instructions to the guideline" in result.stdout
