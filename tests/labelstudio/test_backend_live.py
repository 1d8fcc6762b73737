"""The ML backend against a real Label Studio: connect, raw tasks pre-annotated by Label Studio's
own calls, reviewers' annotations reaching the backend by webhook, a training run, a new version.

One server, one backend (in a thread of this process, on a free port), a tiny model (a blank
English pipeline with the detector, saved to a folder: it loads in a second) and a stand-in
train command that copies the base model and bumps its version, as ``annotator train`` would
write a new MODEL_DIR.
"""

from __future__ import annotations

import json
import sys
import textwrap
import threading
from contextlib import contextmanager

import pytest

from annotator.formats.labelstudio import config as C
from annotator.labelstudio import client as LS
from annotator.labelstudio.backend.app import Backend, make_server
from annotator.labelstudio.backend.models import ModelSlot
from annotator.labelstudio.backend.training import Trainer
from ls_helpers import needs_server

pytestmark = needs_server

TEXTS = [
    "Ada Lovelace said that plan 1 may fail.",
    "Grace Hopper said that the ship is ready.",
    "Alan Turing said that the machine might think.",
]
STAND_IN_TRAIN = textwrap.dedent(
    """
    # a stand-in for `annotator train RECORDS -o MODEL_DIR --base M`: copy M, bump its version
    import json, shutil, sys
    args = sys.argv[1:]
    records, out, base = args[0], args[args.index("-o") + 1], args[args.index("--base") + 1]
    lines = [json.loads(l) for l in open(records, encoding="utf-8") if l.strip()]
    assert lines and all(l["review"]["status"] in ("verified", "corrected") for l in lines), lines
    shutil.copytree(base, out)
    meta = json.load(open(out + "/meta.json"))
    major, minor, patch = meta["version"].split(".")
    meta["version"] = f"{major}.{minor}.{int(patch) + 1}"
    json.dump(meta, open(out + "/meta.json", "w"))
    open(sys.argv[0] + ".calls", "a").write(json.dumps({"records": len(lines), "base": base}) + "\\n")
    """
)


@pytest.fixture
def tiny_model(tmp_path):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("attribution_detector")
    path = tmp_path / "model-0"
    nlp.to_disk(path)
    return path


@contextmanager
def serving(tiny_model, tmp_path, every: int, credentials=None):
    """A retraining backend (every ``every`` annotations) serving on a free loopback port."""
    script = tmp_path / "stand_in_train.py"
    script.write_text(STAND_IN_TRAIN, encoding="utf-8")
    lines: list[str] = []
    slot = ModelSlot()
    assert slot.load(str(tiny_model))
    trainer = Trainer(slot, every=every, command=[sys.executable, str(script)], work_dir=tmp_path / "runs", log=lines.append)
    server = make_server(Backend(slot, trainer, log=lines.append, credentials=credentials), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_address[1]}", "slot": slot, "trainer": trainer,
               "log": lines, "calls": tmp_path / "stand_in_train.py.calls"}
    finally:
        trainer.close()
        server.shutdown()
        server.server_close()


@pytest.fixture
def backend(ls_env, tiny_model, tmp_path):
    with serving(tiny_model, tmp_path, every=2) as served:
        yield served


def _cli(*args):
    from typer.testing import CliRunner

    from annotator.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def _our_predictions(task_json, version):
    return [p for p in task_json["predictions"] if p["model_version"] == version]


def test_connected_backend_pre_annotates_raw_tasks_and_retrains_from_reviews(ls_env, backend):
    client = ls_env.client()
    first_version = backend["slot"].current().version

    connected = _cli("labelstudio", "connect", "--project", "live", "--backend-url", backend["url"])
    assert connected.exit_code == 0, connected.output
    assert "registered the ML backend" in connected.output and first_version in connected.output
    project = LS.find_project(client, "live")
    assert C.same_config(client.projects.get(project.id).label_config, C.labeling_config())
    settings = client.projects.get(project.id)
    assert settings.show_collab_predictions and settings.evaluate_predictions_automatically
    assert settings.model_version == "annotator"  # the live model: the label stream asks the backend
    (registered,) = client.ml.list(project=project.id)
    assert (registered.url, registered.state, registered.model_version) == (backend["url"], "CO", first_version)
    hooks = [h for h in client.webhooks.list(project=str(project.id)) if h.url == backend["url"] + "/webhook"]
    assert len(hooks) == 1  # Label Studio made it with the backend (loopback allowed by `start`'s settings)

    again = _cli("labelstudio", "connect", "--project", "live", "--backend-url", backend["url"] + "/")
    assert again.exit_code == 0, again.output
    assert "updated the ML backend" in again.output
    assert len(client.ml.list(project=project.id)) == 1
    # A webhook that went missing (deleted, or refused when the backend was created) is made again.
    client.webhooks.delete(hooks[0].id)
    rehooked = _cli("labelstudio", "connect", "--project", "live", "--backend-url", backend["url"])
    assert rehooked.exit_code == 0 and "created the webhook" in rehooked.output, rehooked.output
    (hook,) = [h for h in client.webhooks.list(project=str(project.id)) if h.url == backend["url"] + "/webhook"]
    assert hook.send_payload and set(hook.actions) >= {"ANNOTATION_CREATED", "ANNOTATION_UPDATED"}

    # Plain text, as a user imports it in the UI: no predictions, no doc_id.
    imported = client.projects.import_tasks(project.id, request=[{"text": t} for t in TEXTS], return_task_ids=True)
    ids = sorted(imported.task_ids)
    assert not any(t["predictions"] for t in LS.export_tasks(client, project.id, all_tasks=True))

    # Opening a task (the task API, as the Data Manager's labeling view does) makes Label Studio
    # ask the backend for that task's prediction.
    http = client._client_wrapper.httpx_client
    opened = http.request(f"api/tasks/{ids[0]}", method="GET").json()
    (prediction,) = _our_predictions(opened, first_version)
    regions = {r["id"]: r for r in prediction["result"] if "id" in r}
    assert regions["a1-cue"]["value"]["text"] == "said"
    assert regions["a1-source"]["value"]["text"] == "Ada Lovelace"
    assert any(r["type"] == "relation" for r in prediction["result"])
    assert 0 < prediction["score"] <= 1
    assert backend["log"][-1].startswith(f"predicted 1 task(s) with {first_version}")

    # Listing the tasks (evaluate_predictions_automatically) predicts the ones still without.
    listed = sorted(client.tasks.list(project=project.id), key=lambda t: t.id)
    assert [t.data["text"] for t in listed] == TEXTS
    assert backend["log"][-1].startswith(f"predicted 2 task(s) with {first_version}")
    for task_id in ids:
        shown = http.request(f"api/tasks/{task_id}", method="GET").json()
        assert len(_our_predictions(shown, first_version)) == 1, shown["predictions"]

    # Two reviewers' submissions (every=2) reach the backend by webhook and start one training run.
    for task_id in ids[:2]:
        shown = http.request(f"api/tasks/{task_id}", method="GET").json()
        (seen,) = _our_predictions(shown, first_version)
        result = seen["result"] + [{
            "id": "review", "from_name": C.REVIEW, "to_name": C.TEXT, "type": "choices",
            "value": {"choices": ["verified"]},
        }]
        client.annotations.create(id=task_id, result=result, parent_prediction=seen["id"], lead_time=2.0)
    assert backend["trainer"].wait(timeout=120), backend["log"]
    state = backend["trainer"].state()
    assert (state["runs"], state["failures"]) == (1, 0), backend["log"]
    new_version = backend["slot"].current().version
    assert new_version != first_version and new_version.endswith("-0.0.1")
    (call,) = [json.loads(line) for line in backend["calls"].read_text().splitlines()]
    assert call["records"] == 2  # both plain-text tasks came back as reviewed records (task-<id>)
    assert any("trained on 2 reviewed record(s)" in line for line in backend["log"])

    # Label Studio learns the new version from /setup, and its "Retrieve predictions" action
    # predicts every task again with it.
    client.actions.create(id="retrieve_tasks_predictions", project=project.id, selected_items={"all": True, "excluded": []})
    assert backend["log"][-1].startswith(f"predicted 3 task(s) with {new_version}")
    shown = http.request(f"api/tasks/{ids[2]}", method="GET").json()
    assert len(_our_predictions(shown, new_version)) == 1
    assert client.ml.get(registered.id).model_version == new_version
    # ... and the labeling stream (the live model) hands out the new version's prediction.
    following = http.request(f"api/projects/{project.id}/next", method="GET").json()
    assert following["id"] == ids[2]
    assert {p["model_version"] for p in following["predictions"]} == {new_version}


def test_connect_says_in_one_line_why_label_studio_refused_the_backend(ls_env):
    """Nobody at the address, and a backend whose model did not load: Label Studio checks both
    itself; the second shows that our error reaches its message (through the status line)."""
    from annotator.labelstudio.server import free_port

    nobody = _cli("labelstudio", "connect", "--project", "nobody", "--backend-url", f"http://127.0.0.1:{free_port()}")
    assert nobody.exit_code == 2
    assert "refused the ML backend" in nobody.output and "health check failed" in nobody.output
    assert "<a" not in nobody.output and len(nobody.output.strip().splitlines()) == 1

    dead = ModelSlot()
    assert not dead.load("/nonexistent/model")
    server = make_server(Backend(dead, log=lambda line: None), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        refused = _cli("labelstudio", "connect", "--project", "dead", "--backend-url", url)
    finally:
        server.shutdown()
        server.server_close()
    assert refused.exit_code == 2
    assert "doesn't look like a valid ML backend" in refused.output
    assert "503 Server Error: no model to predict with: cannot load spaCy pipeline '/nonexistent/model'" in refused.output
    client = ls_env.client()
    assert LS.find_project(client, "nobody") is None and LS.find_project(client, "dead") is None  # nothing left behind


def test_a_backend_behind_basic_auth_is_connected_with_it_and_label_studio_gets_in(ls_env, tiny_model, tmp_path, monkeypatch):
    from annotator.labelstudio.backend import auth

    creds = ("desk", "s3cret-pass")
    monkeypatch.setenv(auth.USER_ENV, creds[0])
    monkeypatch.setenv(auth.PASSWORD_ENV, creds[1])
    with serving(tiny_model, tmp_path, every=1, credentials=creds) as served:
        slot, trainer, lines, url = served["slot"], served["trainer"], served["log"], served["url"]
        client = ls_env.client()
        connected = _cli("labelstudio", "connect", "--project", "locked", "--backend-url", url)
        assert connected.exit_code == 0, connected.output
        assert creds[1] not in connected.output
        project = LS.find_project(client, "locked")
        (registered,) = client.ml.list(project=project.id)
        assert (registered.state, registered.auth_method) == ("CO", "BASIC_AUTH")  # /health and /setup got in
        (hook,) = [h for h in client.webhooks.list(project=str(project.id)) if h.url == url + "/webhook"]
        assert hook.headers == {"Authorization": auth.header(creds)}
        imported = client.projects.import_tasks(project.id, request=[{"text": TEXTS[0]}], return_task_ids=True)
        (task_id,) = imported.task_ids
        http = client._client_wrapper.httpx_client
        opened = http.request(f"api/tasks/{task_id}", method="GET").json()
        (prediction,) = _our_predictions(opened, slot.current().version)
        assert any(r.get("id") == "a1-cue" for r in prediction["result"])
        # the webhook carries the header too: a submitted annotation reaches the trainer
        result = prediction["result"] + [{"id": "review", "from_name": C.REVIEW, "to_name": C.TEXT, "type": "choices",
                                          "value": {"choices": ["verified"]}}]
        client.annotations.create(id=task_id, result=result, parent_prediction=prediction["id"], lead_time=1.0)
        assert trainer.wait(timeout=120), lines
        assert trainer.state()["runs"] == 1, lines
        assert not any("401" in line or "basic auth" in line for line in lines), lines
