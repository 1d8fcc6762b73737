"""The review loop against a real Label Studio: push, review through the API, pull, stats."""

from __future__ import annotations

import copy
import json
import signal
import subprocess
import sys
import time

import httpx
import pytest

from annotator.errors import AnnotatorError
from annotator.guidelines import guideline_html
from annotator.labelstudio import client as LS
from annotator.formats.labelstudio import config as C
from annotator.labelstudio.pull import pull_records
from annotator.labelstudio.push import push_records
from annotator.records import Document
from ls_helpers import claimed_document, needs_server, small_document, write_records

pytestmark = needs_server


def _tasks(server, title):
    client = server.client()
    project = LS.find_project(client, title)
    return LS.export_tasks(client, project.id, all_tasks=True)


def _doc_ids(tasks):
    return sorted(t["data"]["doc_id"] for t in tasks)


def _cli(*args, env_extra=None):
    """The CLI in-process (stdout and stderr kept apart), with the environment a user would set."""
    from typer.testing import CliRunner

    from annotator.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], env=env_extra, catch_exceptions=False)


# --------------------------------------------------------------------------- push


def test_push_is_idempotent_and_new_model_versions_add_predictions(ls_env, tmp_path):
    docs = [small_document(n) for n in range(6)]
    records = tmp_path / "r.jsonl"
    write_records(records, docs)

    dry = push_records(records, "idem", dry_run=True)
    assert (dry.created, dry.project_created) == (6, True)
    assert LS.find_project(ls_env.client(), "idem") is None  # a dry run sends nothing

    first = push_records(records, "idem")
    assert (first.created, first.predicted, first.skipped) == (6, 0, 0)
    project = LS.find_project(ls_env.client(), "idem")
    assert C.same_config(ls_env.client().projects.get(project.id).label_config, C.labeling_config())
    tasks = _tasks(ls_env, "idem")
    assert _doc_ids(tasks) == sorted(d.id for d in docs)
    assert all(len(t["predictions"]) == 1 for t in tasks)
    assert tasks[0]["predictions"][0]["model_version"] == "9.9.9/test-model"

    # A reviewer's annotation on one task must survive everything below untouched.
    client = ls_env.client()
    target = tasks[0]
    annotation = client.annotations.create(id=target["id"], result=target["predictions"][0]["result"], lead_time=3.0)

    again = push_records(records, "idem")
    assert (again.created, again.predicted, again.skipped) == (0, 0, 6)

    write_records(records, [small_document(n, model="better-model") for n in range(6)])
    assert push_records(records, "idem", dry_run=True).predicted == 6
    newer = push_records(records, "idem")
    assert (newer.created, newer.predicted) == (0, 6)
    tasks = _tasks(ls_env, "idem")
    assert len(tasks) == 6
    assert all(
        sorted(p["model_version"] for p in t["predictions"]) == ["9.9.9/better-model", "9.9.9/test-model"] for t in tasks
    )
    (kept,) = [t for t in tasks if t["id"] == target["id"]][0]["annotations"]
    assert kept["id"] == annotation.id and kept["result"] == target["predictions"][0]["result"]


def test_push_shows_the_guideline_and_refreshes_older_instructions(ls_env, tmp_path):
    records = tmp_path / "r.jsonl"
    write_records(records, [small_document(n) for n in range(2)])
    first = push_records(records, "instructions")
    client = ls_env.client()
    project = client.projects.get(first.project_id)
    assert first.instructions_set and project.show_instruction
    assert "<h2>3. Source types</h2>" in project.expert_instruction
    # the server's sanitiser stores our HTML unchanged, so a re-push finds nothing to update
    assert not push_records(records, "instructions").instructions_set

    task = _tasks(ls_env, "instructions")[0]
    annotation = client.annotations.create(id=task["id"], result=task["predictions"][0]["result"])
    client.projects.update(project.id, expert_instruction="<p>last year's rules</p>", show_instruction=False)
    refreshed = push_records(records, "instructions")
    assert refreshed.instructions_set and (refreshed.created, refreshed.skipped) == (0, 2)
    project = client.projects.get(project.id)
    assert project.expert_instruction == guideline_html() and project.show_instruction
    (kept,) = [t for t in _tasks(ls_env, "instructions") if t["id"] == task["id"]][0]["annotations"]
    assert kept["id"] == annotation.id and kept["result"] == task["predictions"][0]["result"]


def test_changed_text_is_refused_before_anything_is_sent(ls_env, tmp_path):
    records = tmp_path / "r.jsonl"
    write_records(records, [small_document(n) for n in range(3)])
    push_records(records, "changed")
    changed = [small_document(n, model="m2") for n in range(3)] + [small_document(9)]
    changed[1] = small_document(1, model="m2", text="Grace Hopper said that plan 1 may well fail.")
    write_records(records, changed)
    with pytest.raises(AnnotatorError, match="different text.*doc-1"):
        push_records(records, "changed")
    tasks = _tasks(ls_env, "changed")
    assert len(tasks) == 3 and all(len(t["predictions"]) == 1 for t in tasks)


def test_interrupted_push_resumes_with_one_task_per_document(ls_env, tmp_path):
    docs = [small_document(n) for n in range(50)]
    records = tmp_path / "r.jsonl"
    write_records(records, docs)

    def die_after_two_batches(created):
        if created >= 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        push_records(records, "resume", batch_size=10, on_batch=die_after_two_batches)
    assert len(_tasks(ls_env, "resume")) == 20
    summary = push_records(records, "resume", batch_size=10)
    assert (summary.created, summary.skipped) == (30, 20)
    assert _doc_ids(_tasks(ls_env, "resume")) == sorted(d.id for d in docs)


def test_batch_whose_response_is_lost_is_not_imported_twice(ls_env, tmp_path, monkeypatch):
    """The server stores the batch but the answer never arrives: the retry must not duplicate it."""
    from label_studio_sdk.projects.client import ProjectsClient

    docs = [small_document(n) for n in range(30)]
    records = tmp_path / "r.jsonl"
    write_records(records, docs)
    real = ProjectsClient.import_tasks
    calls = []

    def import_then_lose_the_answer(self, *args, **kwargs):
        calls.append(kwargs.get("request_options"))
        response = real(self, *args, **kwargs)
        if len(calls) == 2:
            raise httpx.ReadTimeout("simulated lost response")
        return response

    monkeypatch.setattr(ProjectsClient, "import_tasks", import_then_lose_the_answer)
    summary = push_records(records, "lost", batch_size=10)
    assert all(options == {"max_retries": 0} for options in calls)
    assert summary.created == 20  # the lost batch was already there, so it is not counted as created again
    assert _doc_ids(_tasks(ls_env, "lost")) == sorted(d.id for d in docs)


def test_killed_push_process_resumes_with_one_task_per_document(ls_env, tmp_path):
    docs = [small_document(n) for n in range(200)]
    records = tmp_path / "r.jsonl"
    write_records(records, docs)
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator.cli", "push", str(records), "--project", "killed", "--batch-size", "5",
         "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    client = ls_env.client()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        project = LS.find_project(client, "killed")
        if project is not None and (client.projects.get(project.id).task_number or 0) >= 25:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    before = len(_tasks(ls_env, "killed"))
    result = _cli("push", str(records), "--project", "killed", "--no-progress")
    assert result.exit_code == 0, result.stderr
    assert 0 < before < 200, "the push was not killed half-way"
    assert f"created {200 - before} task(s)" in result.stdout
    assert _doc_ids(_tasks(ls_env, "killed")) == sorted(d.id for d in docs)


# --------------------------------------------------------------------------- review and pull


def _result_without(result, region_id):
    return [r for r in result if r.get("id") != region_id and r.get("to_id") != region_id and r.get("from_id") != region_id]


def _verdict(value):
    return {"type": "choices", "from_name": "review", "to_name": "text", "value": {"choices": [value]}}


def test_review_through_the_api_then_pull(ls_env, tmp_path):
    docs = [small_document(n) for n in range(6)]
    records = tmp_path / "r.jsonl"
    write_records(records, docs)
    push_records(records, "review")
    client = ls_env.client()
    by_doc = {t["data"]["doc_id"]: t for t in _tasks(ls_env, "review")}

    def predicted(doc_id):
        return copy.deepcopy(by_doc[doc_id]["predictions"][0]["result"])

    def annotate(doc_id, result, **extra):
        return client.annotations.create(id=by_doc[doc_id]["id"], result=result, **extra).id

    note = {"type": "textarea", "from_name": "note", "to_name": "text", "value": {"text": ["source is wrong"]}}
    accepted = annotate("doc-0", predicted("doc-0") + [_verdict("verified")], lead_time=4.0)
    corrected_result = _result_without(predicted("doc-1"), "a1-source") + [note]
    for r in corrected_result:
        if r.get("from_name") == "source_type":
            r["value"]["choices"] = ["anonymous"]
    corrected = annotate("doc-1", corrected_result)
    rejected = annotate("doc-2", [_verdict("rejected")])
    skipped = annotate("doc-3", [], was_cancelled=True)
    # doc-4: two reviewers; the earlier one is flagged ground truth
    gt = annotate("doc-4", predicted("doc-4"), ground_truth=True)
    time.sleep(1.1)
    later = annotate("doc-4", _result_without(predicted("doc-4"), "h1-cue"))
    # doc-5 is never touched

    out = tmp_path / "v.jsonl"
    summary = pull_records("review", out)
    pulled = {d.id: d for d in (Document.model_validate_json(line) for line in out.read_text().splitlines())}
    assert summary.written == 5 and "doc-5" not in pulled and summary.problems == []
    status = {k: d.review.status.value for k, d in pulled.items()}
    assert status == {"doc-0": "verified", "doc-1": "corrected", "doc-2": "rejected", "doc-3": "skipped", "doc-4": "verified"}
    assert pulled["doc-0"].review.annotation_ids == [accepted]
    assert pulled["doc-0"].review.annotators == [ls_env.username]
    assert pulled["doc-0"].review.lead_time == 4.0
    assert pulled["doc-0"].attributions[0].cue == docs[0].attributions[0].cue
    one = pulled["doc-1"]
    assert one.review.annotation_ids == [corrected] and one.review.note == "source is wrong"
    assert one.attributions[0].source is None and one.attributions[0].source_type.value == "anonymous"
    assert pulled["doc-2"].attributions == [] and pulled["doc-2"].review.annotation_ids == [rejected]
    assert pulled["doc-3"].review.annotation_ids == [skipped]
    assert pulled["doc-4"].review.annotation_ids == [gt] and len(pulled["doc-4"].hedges) == 1

    pull_records("review", out, policy="latest")
    latest = {d.id: d for d in (Document.model_validate_json(line) for line in out.read_text().splitlines())}
    assert latest["doc-4"].review.annotation_ids == [later]
    assert latest["doc-4"].review.status.value == "corrected" and latest["doc-4"].hedges == []

    everything = tmp_path / "all.jsonl"
    pull_records("review", everything, only_reviewed=False)
    rows = [json.loads(line) for line in everything.read_text().splitlines()]
    assert len(rows) == 6
    untouched = [r for r in rows if r["id"] == "doc-5"][0]
    assert untouched["review"]["status"] == "unreviewed"
    assert untouched["attributions"][0]["score"] == 0.9  # the model's score, since nobody judged it

    stats = _cli("review-stats", "--project", "review", "--json")
    assert stats.exit_code == 0, stats.stderr
    report = json.loads(stats.stdout)
    assert report["documents"]["judged"] == 4  # verified, corrected, rejected, verified (ground truth)
    assert report["by_label"]["SOURCE"]["fp"] == 2  # dropped on doc-1, everything dropped on doc-2
    assert report["by_label"]["CUE"]["tp"] == 3
    assert report["agreement"]["tasks"] == 1 and report["agreement"]["span_f1"] < 1
    files = _cli("review-stats", str(out), "--predictions", str(records))
    assert files.exit_code == 0 and "SOURCE" in files.stdout


def _with_speaker(doc, speaker):
    doc.attributions[0].speaker = speaker
    return doc


def test_reviewers_see_and_correct_the_speaker(ls_env, tmp_path):
    docs = [_with_speaker(small_document(0), "Ada Lovelace"), _with_speaker(small_document(1), "Grace Hopper"),
            small_document(2)]
    records = tmp_path / "r.jsonl"
    write_records(records, docs)
    push_records(records, "speakers")
    by_doc = {t["data"]["doc_id"]: t for t in _tasks(ls_env, "speakers")}
    stored = [r for r in by_doc["doc-0"]["predictions"][0]["result"] if r.get("from_name") == "speaker"]
    assert stored == [{"id": "a1-source", "from_name": "speaker", "to_name": "text", "type": "textarea",
                       "value": {"start": 0, "end": 12, "text": ["Ada Lovelace"]}}]
    client = ls_env.client()

    def review(doc_id, speaker):
        result = copy.deepcopy(by_doc[doc_id]["predictions"][0]["result"])
        result = [r for r in result if r.get("from_name") != "speaker"]
        if speaker is not None:
            source = next(r for r in result if r.get("id") == "a1-source")
            result.append({"id": "a1-source", "from_name": "speaker", "to_name": "text", "type": "textarea",
                           "value": {"start": source["value"]["start"], "end": source["value"]["end"], "text": [speaker]}})
        client.annotations.create(id=by_doc[doc_id]["id"], result=result)

    review("doc-0", "Ada Lovelace")  # kept as predicted
    review("doc-1", "Rear Admiral Grace Hopper")  # corrected
    review("doc-2", "Alan Turing")  # the machine named nobody
    out = tmp_path / "v.jsonl"
    summary = pull_records("speakers", out)
    assert summary.problems == []
    pulled = {d.id: d for d in (Document.model_validate_json(line) for line in out.read_text().splitlines())}
    assert {k: (d.review.status.value, d.attributions[0].speaker) for k, d in pulled.items()} == {
        "doc-0": ("verified", "Ada Lovelace"),
        "doc-1": ("corrected", "Rear Admiral Grace Hopper"),
        "doc-2": ("corrected", "Alan Turing"),
    }
    stats = _cli("review-stats", "--project", "speakers", "--json")
    assert stats.exit_code == 0, stats.stderr
    by_speaker = {k: (v["tp"], v["fp"], v["fn"]) for k, v in json.loads(stats.stdout)["by_speaker"].items()}
    assert by_speaker == {
        "Ada Lovelace": (1, 0, 0), "Alan Turing": (0, 0, 1), "Grace Hopper": (0, 1, 0),
        "Rear Admiral Grace Hopper": (0, 0, 1), "(unnamed)": (0, 1, 0),
    }
    table = _cli("review-stats", "--project", "speakers")
    assert "speaker: Rear Admiral Grace Hopper" in table.stdout


def test_reviewers_correct_claims_and_pull_brings_them_back(ls_env, tmp_path):
    """Issue 11: a claim's check-worthiness flipped, one deleted, one drawn; a re-push touches none of it."""
    docs = [claimed_document(0), claimed_document(1)]
    records = tmp_path / "r.jsonl"
    write_records(records, docs)
    push_records(records, "claims")
    by_doc = {t["data"]["doc_id"]: t for t in _tasks(ls_env, "claims")}
    predicted = by_doc["doc-0"]["predictions"][0]["result"]
    assert sorted(r["id"] for r in predicted if r.get("value", {}).get("labels") == ["CLAIM"]) == ["c1-span", "c2-span"]
    assert {"from_id": "c1-span", "to_id": "a1-cue"}.items() <= next(
        r for r in predicted if r["type"] == "relation" and r.get("labels") == ["sourced_by"]
    ).items()

    result = _result_without(copy.deepcopy(predicted), "c2-span")
    for r in result:
        if r.get("id") == "c1-span" and r.get("from_name") == "claim_checkworthy":
            r["value"]["choices"] = ["not check-worthy"]
    text = docs[0].text
    start = text.index("It was")
    value = {"start": start, "end": len(text) - 1, "text": text[start:-1]}
    result += [
        {"id": "rv1", "from_name": "label", "to_name": "text", "type": "labels", "value": {**value, "labels": ["CLAIM"]}},
        {"id": "rv1", "from_name": "claim_kind", "to_name": "text", "type": "choices", "value": {**value, "choices": ["record"]}},
    ]
    client = ls_env.client()
    annotation = client.annotations.create(id=by_doc["doc-0"]["id"], result=result)
    client.annotations.create(id=by_doc["doc-1"]["id"], result=copy.deepcopy(by_doc["doc-1"]["predictions"][0]["result"]))

    reviewed = client.annotations.get(annotation.id).result
    again = push_records(records, "claims")
    assert (again.created, again.predicted, again.skipped) == (0, 0, 2)
    assert len(_tasks(ls_env, "claims")) == 2
    assert client.annotations.get(annotation.id).result == reviewed
    out = tmp_path / "v.jsonl"
    summary = pull_records("claims", out)
    assert summary.problems == []
    pulled = {d.id: d for d in (Document.model_validate_json(line) for line in out.read_text().splitlines())}
    assert pulled["doc-0"].review.status.value == "corrected"
    assert {c.id: (c.span.text, c.checkworthy, c.kind.value, c.attribution_ids, c.score) for c in pulled["doc-0"].claims} == {
        "c1": ("that plan 0 may fail", False, "prediction", ["a1"], 0.0),
        "rv1": ("It was a grey day", True, "record", [], 1.0),
    }
    assert pulled["doc-1"].review.status.value == "verified"
    assert [(c.id, c.checkworthy, c.kind, c.attribution_ids) for c in pulled["doc-1"].claims] == [
        (c.id, c.checkworthy, c.kind, c.attribution_ids) for c in docs[1].claims if c.checkworthy
    ]

    push_records(records, "every claim", claims="all")
    (task,) = [t for t in _tasks(ls_env, "every claim") if t["data"]["doc_id"] == "doc-0"]
    assert sum(r.get("value", {}).get("labels") == ["CLAIM"] for r in task["predictions"][0]["result"]) == 3


def test_a_schema_1_file_pushes_as_before(ls_env, tmp_path):
    from pathlib import Path

    v1 = Path(__file__).resolve().parents[1] / "compat" / "schema_v1.jsonl"
    dry = _cli("push", str(v1), "--project", "old-records", "--dry-run", "--no-progress")
    assert dry.exit_code == 0, dry.stderr
    assert "would create 2 task(s)" in dry.stdout and LS.find_project(ls_env.client(), "old-records") is None
    assert _cli("push", str(v1), "--project", "old-records", "--no-progress").exit_code == 0
    tasks = _tasks(ls_env, "old-records")
    assert sorted(t["data"]["doc_id"] for t in tasks) == ["sample", "v1-doc"]
    assert not any(r.get("from_name") == "speaker" for t in tasks for r in t["predictions"][0]["result"])
    out = tmp_path / "all.jsonl"
    pull_records("old-records", out, only_reviewed=False)
    pulled = [Document.model_validate_json(line) for line in out.read_text().splitlines()]
    assert len(pulled) == 2 and all(a.speaker is None for d in pulled for a in d.attributions)


def test_pull_reanchors_utf16_offsets_and_reports_what_it_cannot_place(ls_env, tmp_path):
    text = "Crowds 😀😀 cheered. Officials said it was fine. Officials said so."
    from annotator.records import Attribution, make_span

    cue = text.index("said")
    doc = Document(id="emoji", text=text, attributions=[Attribution(id="a1", cue=make_span(text, cue, cue + 4), source=make_span(text, cue - 10, cue - 1))])
    records = tmp_path / "r.jsonl"
    write_records(records, [doc])
    push_records(records, "emoji")
    (task,) = _tasks(ls_env, "emoji")
    result = copy.deepcopy(task["predictions"][0]["result"])
    for r in result:
        if r.get("type") == "labels":  # what a UTF-16 client would send: 2 units per emoji
            r["value"]["start"] += 2
            r["value"]["end"] += 2
    stray = {"id": "stray", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": 0, "end": 4, "text": "Officials said", "labels": ["CONTENT"]}}
    ls_env.client().annotations.create(id=task["id"], result=result + [stray])
    out = tmp_path / "v.jsonl"
    summary = pull_records("emoji", out)
    (pulled,) = [Document.model_validate_json(line) for line in out.read_text().splitlines()]
    assert pulled.attributions[0].cue == doc.attributions[0].cue
    assert pulled.attributions[0].source == doc.attributions[0].source
    assert [p.region_id for p in summary.problems] == ["stray"]


# --------------------------------------------------------------------------- errors


def test_bad_spans_stop_the_push_before_anything_is_sent(ls_env, tmp_path):
    good = small_document(1).model_dump(mode="json")
    bad = small_document(2).model_dump(mode="json")
    bad["attributions"][0]["cue"]["start"] += 1
    bad["attributions"][0]["cue"]["end"] += 1
    records = tmp_path / "bad.jsonl"
    records.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    result = _cli("push", str(records), "--project", "bad-spans")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"{records}:2:" in result.stderr
    assert LS.find_project(ls_env.client(), "bad-spans") is None


def test_foreign_project_is_refused(ls_env, tmp_path):
    ls_env.client().projects.create(title="theirs", label_config='<View><Text name="text" value="$text"/><Choices name="c" toName="text"><Choice value="x"/></Choices></View>')
    records = tmp_path / "r.jsonl"
    write_records(records, [small_document(1)])
    for args in (["push", str(records)], ["pull", "-o", str(tmp_path / "o.jsonl")]):
        result = _cli(*args, "--project", "theirs")
        assert result.exit_code == 2 and "not annotator's" in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "o.jsonl").exists()
    project = LS.find_project(ls_env.client(), "theirs")
    assert (ls_env.client().projects.get(project.id).task_number or 0) == 0


def test_bad_token_and_unreachable_server_are_one_line_errors(ls_env, tmp_path):
    records = tmp_path / "r.jsonl"
    write_records(records, [small_document(1)])
    out = tmp_path / "o.jsonl"
    out.write_text("previous good output\n")
    wrong = "0" * 40
    result = _cli("push", str(records), "--project", "x", env_extra={"LABEL_STUDIO_API_KEY": wrong})
    assert result.exit_code == 2 and "refused the API key" in result.stderr and wrong not in result.stderr + result.stdout
    assert result.stderr.count("\n") == 1
    from annotator.labelstudio.server import free_port

    closed = f"http://127.0.0.1:{free_port()}"
    result = _cli("pull", "--project", "x", "-o", str(out), env_extra={"LABEL_STUDIO_URL": closed})
    assert result.exit_code == 2 and "cannot reach Label Studio" in result.stderr and result.stderr.count("\n") == 1
    assert ls_env.api_key not in result.stderr
    assert out.read_text() == "previous good output\n"


# --------------------------------------------------------------------------- edges (issue 9)


def _bad_task(doc, **options):
    """A task whose prediction names a label the config lacks: the server refuses the import."""
    from annotator.formats.labelstudio.tasks import document_to_task

    task = document_to_task(doc, **options)
    task["predictions"][0]["result"][0]["value"]["labels"] = ["NO_SUCH_LABEL"]
    return task


def test_a_push_whose_first_import_fails_leaves_no_new_project(ls_env, tmp_path, monkeypatch):
    """Issue 9, item 5: the failed push left a new, empty project; a project that was
    there before is never deleted."""
    from annotator.labelstudio import push as P

    records = tmp_path / "r.jsonl"
    write_records(records, [small_document(1)])
    assert _cli("push", records, "--project", "was-there", "--no-progress").exit_code == 0
    monkeypatch.setattr(P, "document_to_task", _bad_task)
    write_records(records, [small_document(2)])
    for title in ("new-and-failed", "was-there"):
        result = _cli("push", records, "--project", title, "--no-progress")
        assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "HTTP 400" in result.stderr
    assert LS.find_project(ls_env.client(), "new-and-failed") is None
    assert _doc_ids(_tasks(ls_env, "was-there")) == ["doc-1"]


def _pushed_and_reviewed(title, tmp_path):
    records = tmp_path / "r.jsonl"
    write_records(records, [small_document(n) for n in range(3)])
    push_records(records, title)
    return records


def test_an_export_cut_short_is_fetched_again(ls_env, tmp_path, monkeypatch):
    """Issue 9, item 5: a connection cut while the export downloads was a RemoteProtocolError traceback."""
    from ls_proxy import CuttingProxy

    monkeypatch.setattr(LS, "READ_BACKOFF", 0.01, raising=False)
    _pushed_and_reviewed("cut-once", tmp_path)
    out = tmp_path / "all.jsonl"
    with CuttingProxy(ls_env.url, "/export", cuts=1) as proxy:
        result = _cli("pull", "--project", "cut-once", "--all", "-o", out, env_extra={"LABEL_STUDIO_URL": proxy.url})
    assert result.exit_code == 0, result.stderr
    assert proxy.seen == 2 and len(out.read_text().splitlines()) == 3


def test_an_export_cut_every_time_is_one_line_and_status_2(ls_env, tmp_path, monkeypatch):
    from ls_proxy import CuttingProxy

    monkeypatch.setattr(LS, "READ_BACKOFF", 0.01, raising=False)
    _pushed_and_reviewed("cut-always", tmp_path)
    out = tmp_path / "all.jsonl"
    out.write_text("previous good output\n")
    with CuttingProxy(ls_env.url, "/export", cuts=float("inf")) as proxy:
        for args in (["pull", "--project", "cut-always", "--all", "-o", out], ["review-stats", "--project", "cut-always"]):
            proxy.seen = 0
            result = _cli(*args, env_extra={"LABEL_STUDIO_URL": proxy.url})
            assert result.exit_code == 2, result.stderr
            (line,) = result.stderr.strip().splitlines()
            assert proxy.url in line and "the export of project" in line and "RemoteProtocolError" in line
            assert proxy.seen == LS.READ_TRIES and ls_env.api_key not in result.stderr + result.stdout
    assert out.read_text() == "previous good output\n"


def test_the_server_log_holds_each_line_once_and_no_invalid_page(ls_env):
    """Issue 9, item 10: every line was logged twice, and each project lookup made the server log
    an 'Invalid page' traceback (the SDK's pager asked for the page after the last). Last in this
    module, so every lookup the tests above made is in the log."""
    import uuid

    client = ls_env.client()
    LS.find_project(client, "was-there")
    LS.find_project(client, "no-such-project")
    marker = f"nope-{uuid.uuid4().hex}"
    assert httpx.get(f"{ls_env.url}/api/{marker}", headers={"Authorization": f"Token {ls_env.api_key}"}).status_code == 404
    log = (ls_env.data_dir / "annotator-server.log").read_text()
    assert "Invalid page" not in log
    assert len([line for line in log.splitlines() if "Not Found" in line and marker in line]) == 1
    assert ls_env.api_key not in log
