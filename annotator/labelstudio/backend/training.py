"""Retraining from reviewers' work while the backend keeps predicting.

Label Studio's webhooks tell the backend of every submitted annotation; every
``--retrain-every N`` of them in a project (or the UI's "Start training") starts one
run in a background thread:

1. pull the project's reviewed records (as ``annotator pull`` does) into a run folder;
2. run the train command (``annotator train RECORDS -o MODEL_DIR [--base CURRENT]``) as
   a subprocess, so training never holds this process's interpreter;
3. load the new MODEL_DIR and swap it in (``ModelSlot.swap``): the next predictions
   carry its model version.

The model in service keeps serving throughout; a run that fails anywhere leaves it
serving and logs one line. One run at a time: a request that arrives during a run is
remembered and started when it ends (several such requests make one run).

Each swap is written down in ``serving.json`` in the work folder (the model folder, the
``--model`` the backend was started from, when and on which project it was trained), so a
restarted backend with the same ``--model`` carries on with what its reviewers taught it
rather than the model it started from months ago (``--fresh`` to start over).

The train command is ``annotator train`` unless ``--train-command`` or
``ANNOTATOR_TRAIN_COMMAND`` names another (tests use a stand-in). It gets no API key:
only the pull talks to Label Studio, with the key from the environment or settings file.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from annotator.errors import AnnotatorError

from .models import ModelSlot, ModelUnavailable, ServedModel, load_model

TRAIN_COMMAND_ENV = "ANNOTATOR_TRAIN_COMMAND"
TRAIN_TIMEOUT = 6 * 3600.0  # seconds; a run longer than this is stuck, not learning
KEEP_RUNS = 3  # finished run folders kept besides the one serving (each holds a model copy)
RUN_MARKER = ".annotator-training-run"  # only folders holding this are ever pruned
SERVING_FILE = "serving.json"  # in the work folder: the trained model a restart resumes
STDERR_TAIL = 300  # characters of a failed train command's last stderr line in the log


def default_work_dir() -> Path:
    """Under the user's data folder, next to the Label Studio ``start`` runs."""
    try:
        from platformdirs import user_data_dir

        return Path(user_data_dir("annotator")) / "backend"
    except ImportError:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(base) / "annotator" / "backend"


def train_command(spec: str | None = None) -> list[str]:
    """The command that trains: ``spec`` (shell words), else ``$ANNOTATOR_TRAIN_COMMAND``,
    else this Python's ``annotator train``."""
    spec = spec if spec is not None else os.environ.get(TRAIN_COMMAND_ENV)
    if spec is None:
        return [sys.executable, "-m", "annotator.cli", "train"]
    try:
        words = shlex.split(spec)
    except ValueError as e:
        raise AnnotatorError(f"the train command {spec!r} is not shell words ({e})") from None
    if not words:
        raise AnnotatorError("the train command is empty")
    return words


def training_environment() -> dict[str, str]:
    """The train command's environment: ours without the API key it has no use for."""
    from annotator.labelstudio.client import KEY_ENV

    return {k: v for k, v in os.environ.items() if k != KEY_ENV}


def pull_reviewed(project_id: int, output: Path) -> int:
    """Write project ``project_id``'s reviewed records to ``output``; how many."""
    from annotator.io import atomic_write_lines
    from annotator.labelstudio import client as LS
    from annotator.labelstudio.pull import pull_documents

    conn = LS.connection_settings()
    client = LS.make_client(conn)
    with LS.server_errors(conn):
        project = client.projects.get(project_id)
        LS.check_config(client, project)
        docs, _ = pull_documents(client, project_id)
    return atomic_write_lines(output, (d.model_dump_json() for d in docs))


def resumable(work_dir: Path | None, origin: str) -> dict | None:
    """The last trained model written down in ``work_dir`` for a backend started from
    ``origin``, if its folder is still there; None otherwise (nothing trained yet, trained from
    another ``--model``, or an unreadable note: a restart then serves ``origin``)."""
    path = Path(work_dir if work_dir is not None else default_work_dir()) / SERVING_FILE
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(note, dict) or note.get("origin") != origin or not isinstance(note.get("model"), str):
        return None
    return note if Path(note["model"]).is_dir() else None


class Trainer:
    """Counts submitted annotations per project and runs training in the background."""

    def __init__(
        self,
        slot: ModelSlot,
        *,
        every: int | None = None,
        command: list[str] | None = None,
        work_dir: Path | None = None,
        log: Callable[[str], None] = lambda message: None,
        pull: Callable[[int, Path], int] = pull_reviewed,
        origin: str | None = None,
    ):
        if every is not None and every < 1:
            raise AnnotatorError(f"--retrain-every {every}: give a number of annotations, 1 or more")
        self.slot = slot
        self.every = every
        self.command = command if command is not None else train_command()
        self.work_dir = Path(work_dir) if work_dir is not None else default_work_dir()
        self.log = log
        self.pull = pull
        self.origin = origin  # the --model the backend was started from, for serving.json
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._counts: dict[int, int] = {}
        self._queued: int | None = None  # a project whose run waits for the current one
        self._child: subprocess.Popen | None = None
        self._closed = False
        self.runs = 0
        self.failures = 0
        self.last: str | None = None  # what the last run did, for /health

    # ------------------------------------------------------------------ what the webhooks call

    def annotations_submitted(self, project_id: int, count: int) -> bool:
        """Count ``count`` new annotations; True if that started (or queued) a run."""
        with self._lock:
            self._counts[project_id] = self._counts.get(project_id, 0) + count
            if self.every is None or self._counts[project_id] < self.every:
                return False
            self._counts[project_id] = 0
        return self.start(project_id)

    def start(self, project_id: int) -> bool:
        """Train on ``project_id`` now, or right after the run in progress."""
        with self._lock:
            if self._closed:
                return False
            if not self._idle.is_set():
                self._queued = project_id
                return True
            self._idle.clear()
        threading.Thread(target=self._work, args=(project_id,), name="annotator-training", daemon=True).start()
        return True

    def state(self) -> dict:
        with self._lock:
            return {
                "running": not self._idle.is_set(), "every": self.every, "runs": self.runs,
                "failures": self.failures, "last": self.last, "counted": dict(self._counts),
            }

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no run is going (tests and shutdown); False on timeout."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        """No new runs; a train command still running is stopped (it is our own child)."""
        with self._lock:
            self._closed = True
            self._queued = None
            child = self._child
        if child is not None and child.poll() is None:
            child.terminate()

    # ------------------------------------------------------------------ the run

    def _work(self, project_id: int) -> None:
        while True:
            self._run_logged(project_id)
            with self._lock:
                if self._queued is None or self._closed:
                    self._idle.set()
                    return
                project_id, self._queued = self._queued, None

    def _run_logged(self, project_id: int) -> None:
        started = time.monotonic()
        try:
            new, count = self.run_once(project_id)
        except Exception as e:  # AnnotatorError is the usual; anything else must not kill the thread either
            text = str(e) if isinstance(e, AnnotatorError) else f"{type(e).__name__}: {e}"
            try:
                serving = f"still serving {self.slot.current().version}"
            except ModelUnavailable:
                serving = "no model is serving"
            message = f"training on project {project_id} failed: {' '.join(text.split())}; {serving}"
            with self._lock:
                self.failures += 1
                self.last = message
            self.log(message)
            return
        message = (
            f"trained on {count} reviewed record(s) of project {project_id} in {time.monotonic() - started:.0f} s: "
            f"now serving {new.version} ({new.source})"
        )
        with self._lock:
            self.runs += 1
            self.last = message
        self.log(message)

    def run_once(self, project_id: int) -> tuple[ServedModel, int]:
        """One run, start to swap; raises on any failure, having swapped nothing."""
        try:
            base = self.slot.current()
        except ModelUnavailable as e:
            raise AnnotatorError(f"no model to train from ({e})") from None
        self.work_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        run_dir = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=self.work_dir))
        (run_dir / RUN_MARKER).write_text(f"project {project_id}\n", encoding="utf-8")
        try:
            records = run_dir / "records.jsonl"
            count = self.pull(project_id, records)
            if count == 0:
                raise AnnotatorError(f"project {project_id} has no reviewed documents yet")
            model_dir = run_dir / "model"
            self._train(records, model_dir, base)
            new = load_model(str(model_dir))
        except BaseException:
            shutil.rmtree(run_dir, ignore_errors=True)
            raise
        if new.version == base.version:
            self.log(f"the trained model names the same version as the one it replaces ({new.version}): "
                     "Label Studio will not ask it again for tasks that version predicted")
        self.slot.swap(new)
        self._note_serving(new, project_id)
        self._prune(keep=run_dir)
        return new, count

    def _note_serving(self, new: ServedModel, project_id: int) -> None:
        """Write down the model now serving, atomically, for a restart to resume."""
        if self.origin is None:
            return
        note = {"model": new.source, "version": new.version, "origin": self.origin, "project": project_id,
                "trained": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        path = self.work_dir / SERVING_FILE
        tmp = path.with_name(f".{SERVING_FILE}.tmp")
        try:
            tmp.write_text(json.dumps(note) + "\n", encoding="utf-8")
            os.replace(tmp, path)
        except OSError as e:
            self.log(f"cannot write {path} ({e.strerror or e}): a restart will serve {self.origin} again")

    def _train(self, records: Path, model_dir: Path, base: ServedModel) -> None:
        from annotator.pipeline import DEFAULT_MODEL

        command = [*self.command, str(records), "-o", str(model_dir)]
        if base.source != DEFAULT_MODEL:  # the train command's own default base is the shipped model
            command += ["--base", base.source]
        with self._lock:
            if self._closed:
                raise AnnotatorError("the backend is shutting down")
            try:
                self._child = subprocess.Popen(
                    command, env=training_environment(), stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace",
                )
            except OSError as e:
                raise AnnotatorError(f"cannot run the train command {command[0]!r}: {e.strerror or e}") from None
        child = self._child
        try:
            _, stderr = child.communicate(timeout=TRAIN_TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            raise AnnotatorError(f"the train command ran for more than {TRAIN_TIMEOUT / 3600:.0f} h and was stopped") from None
        finally:
            with self._lock:
                self._child = None
        if child.returncode != 0:
            lines = [line.strip() for line in (stderr or "").splitlines() if line.strip()]
            why = lines[-1][:STDERR_TAIL] if lines else "no message"
            raise AnnotatorError(f"the train command exited with status {child.returncode}: {why}")
        if not model_dir.is_dir():
            raise AnnotatorError(f"the train command succeeded but wrote no model folder at {model_dir}")

    def _prune(self, keep: Path) -> None:
        """Delete all but the newest ``KEEP_RUNS`` run folders (never ``keep`` nor the one serving)."""
        try:
            serving = Path(self.slot.current().source).resolve().parent
        except (ModelUnavailable, OSError):
            serving = None
        runs = sorted(
            (p for p in self.work_dir.iterdir() if (p / RUN_MARKER).is_file()),
            key=lambda p: p.stat().st_mtime, reverse=True,
        )
        for old in runs[KEEP_RUNS + 1:]:
            if old.resolve() not in (keep.resolve(), serving):
                shutil.rmtree(old, ignore_errors=True)
