"""The ML backend without Label Studio: the protocol over real HTTP on a free port, with a fake
or a tiny model, and the retraining loop with a fake pull and stand-in train commands."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from annotator.formats.labelstudio import config as C
from annotator.labelstudio.backend.app import NOT_OURS, Backend, make_server, reason_phrase
from annotator.labelstudio.backend.models import ModelSlot, ModelUnavailable, ServedModel
from annotator.labelstudio.backend.training import Trainer, train_command
from annotator.errors import AnnotatorError

httpx = pytest.importorskip("httpx")  # the SDK's HTTP client; the backend itself needs only the standard library

TEXT = "Ada Lovelace said that plan 1 may fail."


class FakeSlot:
    """Stands in for ModelSlot: answers with a fixed version, or fails the way it is told to."""

    def __init__(self, version="9.9.9/fake-1.0", failure=None, predict_error=None):
        self.version, self.failure, self.predict_error = version, failure, predict_error
        self.seen: list[list] = []

    def current(self):
        if self.failure:
            raise ModelUnavailable(self.failure)
        return ServedModel(None, "fake", self.version)

    def predict(self, tasks):
        self.current()
        if self.predict_error:
            raise self.predict_error
        self.seen.append(tasks)
        return self.version, [
            {"result": [], "score": 1.0, "model_version": self.version} if isinstance(t.get("data", {}).get("text"), str)
            else {"error": f"task {t.get('id')} has no 'text' in its data: nothing to annotate"}
            for t in tasks
        ]

    def versions(self):
        return [self.version]


class FakeTrainer:
    def __init__(self):
        self.counted: list[tuple[int, int]] = []
        self.started: list[int] = []

    def annotations_submitted(self, project_id, count):
        self.counted.append((project_id, count))
        return False

    def start(self, project_id):
        self.started.append(project_id)
        return True

    def state(self):
        return {"running": False}


def serve(backend: Backend):
    server = make_server(backend, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def running():
    """Start a backend around a slot (and trainer); yields its URL and what it logged."""
    servers = []

    def start(slot, trainer=None):
        log: list[str] = []
        server, url = serve(Backend(slot, trainer, log=log.append))
        servers.append(server)
        return url, log

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A blank English pipeline with a sentencizer and the detector, saved: it loads in a second."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("attribution_detector")
    path = tmp_path_factory.mktemp("model") / "model-0"
    nlp.to_disk(path)
    return path


# --------------------------------------------------------------------------- protocol


def test_health_and_setup_answer_with_the_model_version(running):
    url, _ = running(FakeSlot())
    for path in ("/health", "/"):
        answer = httpx.get(url + path)
        assert answer.status_code == 200
        assert answer.json()["status"] == "UP" and answer.json()["model_version"] == "9.9.9/fake-1.0"
    setup = httpx.post(url + "/setup", json={"project": "1.1700000000", "schema": C.labeling_config(), "access_token": "x"})
    assert (setup.status_code, setup.json()) == (200, {"model_version": "9.9.9/fake-1.0"})
    assert httpx.get(url + "/versions").json() == {"versions": ["9.9.9/fake-1.0"]}


def test_predictions_are_what_push_sends_one_per_task_in_order(running, tiny_model):
    from annotator.annotate import annotate_documents
    from annotator.formats.labelstudio.tasks import document_to_prediction, model_version_of
    from annotator.io import InputDocument

    slot = ModelSlot()
    assert slot.load(str(tiny_model))
    url, log = running(slot)
    other = "Grace Hopper said that the ship is ready."
    answer = httpx.post(url + "/predict", json={
        "tasks": [{"id": 7, "data": {"text": TEXT}}, {"id": 8, "data": {"text": other, "doc_id": "d8"}}],
        "label_config": C.labeling_config(), "project": "1.1700000000",
    })
    assert answer.status_code == 200
    body = answer.json()
    served = slot.current()
    expected = [
        document_to_prediction(d)
        for d in annotate_documents(served.nlp, [InputDocument("x", TEXT, {}, "t"), InputDocument("y", other, {}, "t")])
    ]
    assert body["results"] == expected
    assert body["model_version"] == served.version == expected[0]["model_version"]
    assert served.version == model_version_of(next(annotate_documents(served.nlp, [InputDocument("x", TEXT, {}, "t")])))
    assert {r["id"] for r in body["results"][0]["result"] if "id" in r} >= {"a1-cue", "a1-source", "a1-content"}
    assert len(log) == 1 and log[0].startswith(f"predicted 2 task(s) with {served.version} in ")


def test_a_task_without_text_costs_only_itself_and_the_backend_keeps_serving(running):
    slot = FakeSlot()
    url, log = running(slot)
    mixed = httpx.post(url + "/predict", json={"tasks": [{"id": 1, "data": {"text": TEXT}}, {"id": 2, "data": {"image": "x"}}]})
    assert mixed.status_code == 200
    first, second = mixed.json()["results"]
    assert "result" in first
    assert "result" not in second and "task 2 has no 'text'" in second["error"]  # Label Studio skips it

    alone = httpx.post(url + "/predict", json={"tasks": [{"id": 3, "data": {}}, {"id": 4}]})
    assert alone.status_code == 422
    assert alone.json() == {"status": "error", "error": "task 3 has no 'text' in its data: nothing to annotate (and 1 more task(s) like it)"}
    assert alone.reason_phrase == alone.json()["error"]
    assert httpx.get(url + "/health").status_code == 200
    assert any("task 3 has no 'text'" in line for line in log)


def test_a_labeling_config_not_ours_is_refused_as_label_studio_reports_it(running):
    requests = pytest.importorskip("requests")  # Label Studio's own HTTP client: its error text is what users see
    url, _ = running(FakeSlot())
    theirs = '<View><Image name="img" value="$image"/></View>'
    for path, body in (("/setup", {"schema": theirs}), ("/predict", {"tasks": [{"data": {"text": TEXT}}], "label_config": theirs})):
        answer = requests.post(url + path, json=body)
        assert answer.status_code == 400
        assert answer.json() == {"status": "error", "error": NOT_OURS}
        with pytest.raises(requests.HTTPError) as raised:
            answer.raise_for_status()
        assert f"400 Client Error: {NOT_OURS} for url" in str(raised.value)
    # Label Studio may re-indent a stored config: the same XML is still ours
    reindented = C.labeling_config().replace("\n  ", "\n\t")
    assert requests.post(url + "/setup", json={"schema": reindented}).status_code == 200


def test_a_dead_model_is_reported_and_the_backend_keeps_running(running):
    slot = ModelSlot()
    assert not slot.load("/nonexistent/model")
    url, _ = running(slot)
    health = httpx.get(url + "/health")
    assert health.status_code == 200 and "cannot load spaCy pipeline '/nonexistent/model'" in health.json()["model_error"]
    for path, body in (("/setup", {"schema": C.labeling_config()}), ("/predict", {"tasks": [{"data": {"text": TEXT}}]})):
        answer = httpx.post(url + path, json=body)
        assert answer.status_code == 503
        assert answer.json()["error"].startswith("no model to predict with: cannot load spaCy pipeline '/nonexistent/model'")
        assert "\n" not in answer.reason_phrase
    assert httpx.get(url + "/health").status_code == 200


def test_a_failing_model_is_a_500_in_one_line_and_the_next_request_is_served(running):
    slot = FakeSlot(predict_error=RuntimeError("the parser fell over\nwith a second line"))
    url, log = running(slot)
    answer = httpx.post(url + "/predict", json={"tasks": [{"data": {"text": TEXT}}]})
    assert answer.status_code == 500
    assert answer.json()["error"] == "RuntimeError: the parser fell over\nwith a second line"
    assert answer.reason_phrase == "RuntimeError: the parser fell over with a second line"
    assert log == ["POST /predict failed: RuntimeError: the parser fell over with a second line"]
    slot.predict_error = None
    assert httpx.post(url + "/predict", json={"tasks": [{"data": {"text": TEXT}}]}).status_code == 200


@pytest.mark.parametrize(
    "method, path, body, status, error",
    [
        ("POST", "/predict", b"{not json", 400, "the request body is not JSON"),
        ("POST", "/predict", b"[1, 2]", 400, "the request body is not a JSON object"),
        ("POST", "/predict", b'{"tasks": 3}', 400, "the request has no list of tasks"),
        ("GET", "/nothing", None, 404, "no GET /nothing here"),
        ("GET", "/predict", None, 405, "no GET /predict here"),
        ("POST", "/train", b'{"project": "x"}', 400, "the training request names no project"),
    ],
)
def test_malformed_requests_are_errors_in_json(running, method, path, body, status, error):
    url, _ = running(FakeSlot())
    answer = httpx.request(method, url + path, content=body)
    assert (answer.status_code, answer.json()) == (status, {"status": "error", "error": error})


def test_reason_phrase_is_one_short_latin1_line():
    assert reason_phrase("a\r\nb\tc") == "a b c"
    assert reason_phrase("naïve “quotes”") == "naïve ?quotes?"
    assert len(reason_phrase("x" * 1000)) == 300


def test_webhooks_count_submitted_annotations_and_start_training(running):
    trainer = FakeTrainer()
    url, _ = running(FakeSlot(), trainer)

    def hook(action, **payload):
        return httpx.post(url + "/webhook", json={"action": action, "project": {"id": 5, "label_config": C.labeling_config()}, **payload})

    assert hook("ANNOTATION_CREATED", annotation={"id": 1, "was_cancelled": False}).json() == {"status": "ok", "counted": 1, "training": False}
    assert hook("ANNOTATION_UPDATED", annotation={"id": 1}).json()["counted"] == 1
    assert hook("ANNOTATION_CREATED", annotation={"id": 2, "was_cancelled": True}).json()["counted"] == 0  # a skip
    assert hook("ANNOTATIONS_CREATED", annotation=[{"id": 3}, {"id": 4}, {"id": 5, "was_cancelled": True}]).json()["counted"] == 2
    assert trainer.counted == [(5, 1), (5, 1), (5, 2)]
    assert hook("TASKS_CREATED", tasks=[{"id": 1}]).json() == {"status": "ignored", "action": "TASKS_CREATED"}
    assert hook("START_TRAINING").json() == {"status": "ok", "training": True}
    assert httpx.post(url + "/train", json={"project": "5.1700000000"}).status_code == 201
    assert trainer.started == [5, 5]
    theirs = httpx.post(url + "/webhook", json={"action": "ANNOTATION_CREATED", "project": {"id": 6, "label_config": "<View/>"}, "annotation": {"id": 9}})
    assert theirs.status_code == 400 and trainer.counted[-1] == (5, 2)


def test_without_a_trainer_webhooks_are_ignored(running):
    url, _ = running(FakeSlot())
    answer = httpx.post(url + "/webhook", json={"action": "ANNOTATION_CREATED", "project": {"id": 1}, "annotation": {"id": 1}})
    assert answer.status_code == 200 and answer.json()["status"] == "ignored"


# --------------------------------------------------------------------------- retraining

STAND_IN = textwrap.dedent(
    """
    # stand-in for `annotator train RECORDS -o MODEL_DIR --base M`: optionally wait for a gate
    # file, then copy M with its version bumped; say what it was given in <script>.calls
    import json, os, shutil, sys, time
    args = sys.argv[1:]
    records, out, base = args[0], args[args.index("-o") + 1], args[args.index("--base") + 1]
    gate = os.environ.get("STAND_IN_GATE")
    while gate and not os.path.exists(gate):
        time.sleep(0.05)
    shutil.copytree(base, out)
    meta = json.load(open(out + "/meta.json"))
    n = int(meta["version"].rsplit(".", 1)[1]) + 1
    meta["version"] = meta["version"].rsplit(".", 1)[0] + f".{n}"
    json.dump(meta, open(out + "/meta.json", "w"))
    call = {"records": sum(1 for l in open(records) if l.strip()), "base": base,
            "key_in_env": "LABEL_STUDIO_API_KEY" in os.environ}
    open(sys.argv[0] + ".calls", "a").write(json.dumps(call) + "\\n")
    """
)


@pytest.fixture
def stand_in(tmp_path):
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    return script


def one_record_pull(project_id: int, output: Path) -> int:
    output.write_text('{"id": "d1"}\n', encoding="utf-8")
    return 1


def calls_of(script: Path) -> list[dict]:
    path = Path(f"{script}.calls")
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_every_n_annotations_train_and_the_next_predictions_carry_the_new_version(tiny_model, stand_in, tmp_path, monkeypatch, running):
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "secret-key")
    slot = ModelSlot()
    slot.load(str(tiny_model))
    log: list[str] = []
    trainer = Trainer(slot, every=3, command=[sys.executable, str(stand_in)], work_dir=tmp_path / "runs",
                      log=log.append, pull=one_record_pull)
    url, _ = running(slot, trainer)
    before = slot.current().version

    def annotate(project=1):
        return httpx.post(url + "/webhook", json={"action": "ANNOTATION_CREATED", "project": {"id": project}, "annotation": {"id": 1}}).json()

    assert [annotate()["training"] for _ in range(2)] == [False, False]
    assert annotate(project=2)["training"] is False  # counted per project
    assert annotate()["training"] is True
    assert trainer.wait(60)
    after = slot.current().version
    assert before.endswith("-0.0.0") and after.endswith("-0.0.1")
    assert httpx.post(url + "/setup", json={}).json() == {"model_version": after}
    predicted = httpx.post(url + "/predict", json={"tasks": [{"id": 1, "data": {"text": TEXT}}]}).json()
    assert predicted["model_version"] == after and predicted["results"][0]["model_version"] == after
    assert httpx.get(url + "/versions").json() == {"versions": [after, before]}
    (call,) = calls_of(stand_in)
    assert call == {"records": 1, "base": str(tiny_model), "key_in_env": False}  # the key stays with the pull
    assert len(log) == 1 and log[0].startswith("trained on 1 reviewed record(s) of project 1") and after in log[0]
    assert "secret-key" not in " ".join(log)
    assert trainer.state()["counted"] == {1: 0, 2: 1}


def test_predictions_go_on_with_the_old_model_while_training_runs(tiny_model, stand_in, tmp_path, monkeypatch, running):
    gate = tmp_path / "gate"
    monkeypatch.setenv("STAND_IN_GATE", str(gate))
    slot = ModelSlot()
    slot.load(str(tiny_model))
    trainer = Trainer(slot, every=1, command=[sys.executable, str(stand_in)], work_dir=tmp_path / "runs", pull=one_record_pull)
    url, _ = running(slot, trainer)
    before = slot.current().version
    assert trainer.start(1)
    assert trainer.start(1) and trainer.start(1)  # asked twice more during the run: one more run after it
    for _ in range(3):
        started = time.monotonic()
        answer = httpx.post(url + "/predict", json={"tasks": [{"id": 1, "data": {"text": TEXT}}]}, timeout=10)
        assert answer.json()["model_version"] == before
        assert time.monotonic() - started < 5
    assert httpx.get(url + "/health").json()["training"]["running"] is True
    gate.touch()
    assert trainer.wait(60)
    assert slot.current().version.endswith("-0.0.2")  # the queued run trained on the first run's model
    assert [c["base"].endswith("model") for c in calls_of(stand_in)] == [False, True]
    assert trainer.state()["runs"] == 2


def test_a_failed_training_leaves_the_model_serving_and_logs_one_line(tiny_model, tmp_path):
    slot = ModelSlot()
    slot.load(str(tiny_model))
    before = slot.current().version
    log: list[str] = []
    failing = [sys.executable, "-c", "import sys; sys.stderr.write('Traceback...\\nannotator: error: no reviewed document\\n'); sys.exit(2)"]
    trainer = Trainer(slot, every=1, command=failing, work_dir=tmp_path / "runs", log=log.append, pull=one_record_pull)
    assert trainer.annotations_submitted(4, 1)
    assert trainer.wait(60)
    assert slot.current().version == before
    assert log == [
        f"training on project 4 failed: the train command exited with status 2: annotator: error: no reviewed document; "
        f"still serving {before}"
    ]
    assert trainer.state()["failures"] == 1 and trainer.state()["last"] == log[0]
    assert list((tmp_path / "runs").iterdir()) == []  # the failed run's folder is gone


@pytest.mark.parametrize(
    "pull, command, message",
    [
        (lambda p, out: 0, None, "project 4 has no reviewed documents yet"),
        (one_record_pull, ["/nonexistent/train"], "cannot run the train command '/nonexistent/train'"),
        (one_record_pull, [sys.executable, "-c", "pass"], "the train command succeeded but wrote no model folder"),
        (one_record_pull, [sys.executable, "-c", "import sys, os; os.makedirs(sys.argv[sys.argv.index('-o') + 1])"], "cannot load spaCy pipeline"),
    ],
)
def test_every_way_a_run_can_fail_is_one_line_and_changes_nothing(tiny_model, tmp_path, pull, command, message):
    slot = ModelSlot()
    slot.load(str(tiny_model))
    before = slot.current().version
    log: list[str] = []
    trainer = Trainer(slot, command=command or [sys.executable, "-c", "pass"], work_dir=tmp_path / "runs", log=log.append, pull=pull)
    trainer.start(4)
    assert trainer.wait(60)
    assert len(log) == 1 and message in log[0] and log[0].endswith(f"still serving {before}")
    assert slot.current().version == before


def test_the_train_command_comes_from_the_option_the_environment_or_annotator(monkeypatch):
    monkeypatch.delenv("ANNOTATOR_TRAIN_COMMAND", raising=False)
    assert train_command() == [sys.executable, "-m", "annotator.cli", "train"]
    monkeypatch.setenv("ANNOTATOR_TRAIN_COMMAND", "python3 'my trainer.py' --fast")
    assert train_command() == ["python3", "my trainer.py", "--fast"]
    assert train_command("other") == ["other"]
    with pytest.raises(AnnotatorError, match="not shell words"):
        train_command("'unclosed")
    with pytest.raises(AnnotatorError, match="empty"):
        train_command("  ")


def test_old_runs_are_pruned_but_the_serving_model_is_kept(tiny_model, stand_in, tmp_path, monkeypatch):
    from annotator.labelstudio.backend import training

    monkeypatch.setattr(training, "KEEP_RUNS", 1)
    slot = ModelSlot()
    slot.load(str(tiny_model))
    trainer = Trainer(slot, command=[sys.executable, str(stand_in)], work_dir=tmp_path / "runs", pull=one_record_pull)
    for _ in range(training.KEEP_RUNS + 3):
        trainer.start(1)
        assert trainer.wait(60)
        time.sleep(0.02)  # distinct mtimes
    runs = [p for p in (tmp_path / "runs").iterdir() if (p / training.RUN_MARKER).exists()]
    assert len(runs) == training.KEEP_RUNS + 1
    assert Path(slot.current().source).parent in runs
    assert trainer.state()["runs"] == training.KEEP_RUNS + 3


def _resuming_trainer(tiny_model, stand_in, runs: Path) -> tuple[ModelSlot, Trainer]:
    """A slot serving the tiny model and a trainer that writes down what it swaps in."""
    slot = ModelSlot()
    slot.load(str(tiny_model))
    return slot, Trainer(slot, command=[sys.executable, str(stand_in)], work_dir=runs, pull=one_record_pull,
                         origin=str(tiny_model))


def test_the_model_in_service_is_written_down_for_a_restart_of_the_same_origin(tiny_model, stand_in, tmp_path):
    from annotator.labelstudio.backend.training import SERVING_FILE, resumable

    slot, trainer = _resuming_trainer(tiny_model, stand_in, runs := tmp_path / "runs")
    assert resumable(runs, str(tiny_model)) is None  # nothing trained yet
    trainer.start(7)
    assert trainer.wait(60)
    note = resumable(runs, str(tiny_model))
    assert note is not None and note["model"] == slot.current().source and note["project"] == 7
    assert note["version"] == slot.current().version
    assert resumable(runs, "en_core_web_sm") is None  # trained from another --model: not resumed
    shutil.rmtree(note["model"])
    assert resumable(runs, str(tiny_model)) is None  # its folder is gone: serve the origin
    (runs / SERVING_FILE).write_text("{not json", encoding="utf-8")
    assert resumable(runs, str(tiny_model)) is None


def _serve_backend(*args):
    """Run the backend command until its first stdout line; (process, url)."""
    import os
    import subprocess

    from annotator.labelstudio.server import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator.cli", "labelstudio", "backend", "--port", str(port), *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    line = process.stdout.readline()
    url = f"http://127.0.0.1:{port}"
    assert line.startswith(f"ML backend for Label Studio at {url};"), (line, process.stderr.read() if process.poll() is not None else "")
    return process, url


def _stop(process) -> str:
    import signal

    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    return err


def test_a_restarted_backend_resumes_the_model_it_trained_unless_fresh(tiny_model, stand_in, tmp_path):
    slot, trainer = _resuming_trainer(tiny_model, stand_in, runs := tmp_path / "runs")
    trainer.start(1)
    assert trainer.wait(60)
    trained = slot.current().version
    assert trained.endswith("-0.0.1")
    process, url = _serve_backend("--model", tiny_model, "--work-dir", runs)
    try:
        assert httpx.post(url + "/setup", json={}).json() == {"model_version": trained}
    finally:
        err = _stop(process)
    assert "resuming the model trained from" in err and "--fresh" in err
    process, url = _serve_backend("--model", tiny_model, "--work-dir", runs, "--fresh")
    try:
        origin = httpx.post(url + "/setup", json={}).json()["model_version"]
    finally:
        _stop(process)
    assert origin != trained and origin.endswith("-0.0.0")


# --------------------------------------------------------------------------- the command


def _cli(*args, env=None):
    from typer.testing import CliRunner

    from annotator.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)


def test_the_backend_command_serves_errors_for_a_model_that_does_not_load(tmp_path):
    process, url = _serve_backend("--model", tmp_path / "missing")
    try:
        assert httpx.get(url + "/health").status_code == 200
        setup = httpx.post(url + "/setup", json={"schema": C.labeling_config()})
        assert setup.status_code == 503 and "cannot load spaCy pipeline" in setup.json()["error"]
        assert httpx.get(url + "/health").status_code == 200  # still there
    finally:
        err = _stop(process)  # SIGTERM: what `kill` sends a backend started with `&`
    assert process.returncode == 0
    assert "annotator: warning: cannot load spaCy pipeline" in err and "stopping the ML backend" in err


def test_the_backend_command_refuses_a_taken_port_and_training_without_label_studio(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _cli("labelstudio", "backend", "--port", port, "--model", tmp_path / "never-loaded")
    assert result.exit_code == 2
    assert result.output.strip() == f"annotator: error: port {port} on 127.0.0.1 is taken: give another --port"
    nowhere = {"LABEL_STUDIO_URL": None, "LABEL_STUDIO_API_KEY": None, "ANNOTATOR_CONFIG": str(tmp_path / "none.json")}
    result = _cli("labelstudio", "backend", "--retrain-every", 5, env=nowhere)
    assert result.exit_code == 2 and "no Label Studio to talk to" in result.output
    assert _cli("labelstudio", "backend", "--retrain-every", 0).exit_code == 2


# --------------------------------------------------------------------------- pieces around the backend


def test_plain_text_tasks_are_named_by_their_task_id_when_pulled():
    from annotator.labelstudio.pull import name_plain_task

    plain, pushed, other = {"id": 12, "data": {"text": "x"}}, {"id": 13, "data": {"text": "y", "doc_id": "a"}}, {"id": 14, "data": {"image": "z"}}
    for task in (plain, pushed, other):
        name_plain_task(task)
    assert (plain["data"]["doc_id"], pushed["data"]["doc_id"], "doc_id" in other["data"]) == ("task-12", "a", False)


def test_backend_urls_are_checked_before_anything_is_sent():
    from annotator.labelstudio.connect import checked_backend_url

    assert checked_backend_url("http://127.0.0.1:9090/") == "http://127.0.0.1:9090"
    for bad in ("127.0.0.1:9090", "ftp://h", "http://u:p@h:1", "http://h:99999", "http://h/?q=1", "http:// h"):
        with pytest.raises(AnnotatorError, match="--backend-url"):
            checked_backend_url(bad)


def test_label_studios_refusal_is_read_without_its_html():
    from annotator.labelstudio.connect import _ssrf_hint, refusal

    class Refused:
        status_code = 400
        body = {"validation_errors": {"non_field_errors": [
            "Can't connect to ML backend http://x, health check failed. <a href=\"https://labelstud.io/guide/ml.html\">Learn more</a> about it."
        ]}}

    assert refusal(Refused()) == "Can't connect to ML backend http://x, health check failed. Learn more about it."
    assert "USE_DEFAULT_BANNED_SUBNETS" in _ssrf_hint("URL resolves to a reserved network address (block: 127.0.0.0/8)")
    assert _ssrf_hint("health check failed") == ""


def test_the_local_server_bans_every_network_label_studio_bans_but_loopback():
    import importlib.util
    import re

    from annotator.labelstudio.server import BANNED_BUT_LOOPBACK, LOOPBACK_SETTINGS, SERVER_SETTINGS

    spec = importlib.util.find_spec("label_studio")
    if spec is None:
        pytest.skip("label-studio is not installed (pip install -e '.[dev,server]')")
    source = (Path(spec.origin).parent / "core" / "utils" / "io.py").read_text(encoding="utf-8")
    block = source[source.index("default_banned_subnets = ["): source.index("]", source.index("default_banned_subnets = ["))]
    theirs = re.findall(r"'([0-9a-f:./]+)'", block)
    assert set(theirs) - set(BANNED_BUT_LOOPBACK) == {"127.0.0.0/8", "::1/128"}
    assert set(BANNED_BUT_LOOPBACK) <= set(theirs)
    assert SERVER_SETTINGS["USER_ADDITIONAL_BANNED_SUBNETS"] == LOOPBACK_SETTINGS["USER_ADDITIONAL_BANNED_SUBNETS"]


# --------------------------------------------------------------------------- basic auth


def test_basic_auth_lets_in_only_the_right_user_and_password(monkeypatch):
    from annotator.labelstudio.backend import auth

    creds = ("desk", "pä:ss word")
    assert auth.authorized(auth.header(creds), creds)
    assert not auth.authorized(auth.header(("desk", "wrong")), creds)
    assert not auth.authorized(None, creds) and not auth.authorized("Bearer x", creds)
    assert not auth.authorized("Basic not-base64!", creds)
    assert auth.authorized(None, None)  # no credentials set: open, as bound to loopback
    monkeypatch.delenv(auth.USER_ENV, raising=False)
    monkeypatch.delenv(auth.PASSWORD_ENV, raising=False)
    assert auth.credentials_from_env() is None
    monkeypatch.setenv(auth.USER_ENV, "desk")
    with pytest.raises(AnnotatorError, match=auth.PASSWORD_ENV):
        auth.credentials_from_env()
    monkeypatch.setenv(auth.PASSWORD_ENV, "s3cret")
    assert auth.credentials_from_env() == ("desk", "s3cret")


def test_a_backend_with_credentials_refuses_requests_without_them(tiny_model):
    from annotator.labelstudio.backend import auth

    slot = ModelSlot()
    slot.load(str(tiny_model))
    creds = ("desk", "s3cret")
    server, url = serve(Backend(slot, log=lambda m: None, credentials=creds))
    try:
        refused = httpx.get(url + "/health")
        assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Basic")
        assert "basic auth" in refused.json()["error"]
        assert httpx.post(url + "/predict", json={"tasks": []}, auth=("desk", "nope")).status_code == 401
        assert httpx.get(url + "/health", auth=creds).json()["status"] == "UP"
        answer = httpx.post(url + "/predict", headers={"Authorization": auth.header(creds)},
                            json={"tasks": [{"id": 1, "data": {"text": TEXT}}]})
        assert answer.status_code == 200 and answer.json()["results"]
    finally:
        server.shutdown()
        server.server_close()
