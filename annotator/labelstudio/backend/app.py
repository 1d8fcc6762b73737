"""The ML backend protocol of Label Studio 1.23, over the standard library's HTTP server.

What Label Studio sends and expects (``label_studio/ml/api_connector.py`` and
``ml/models.py`` in the server; ``label_studio_ml/api.py`` in HumanSignal's
label-studio-ml-backend):

* ``GET /health`` (and ``/``): any 200 means "up"; Label Studio waits 1 s for it.
* ``POST /setup`` ``{project, schema, hostname, access_token, extra_params}``, before
  every batch of predictions (3 s timeout): answer ``{"model_version": ...}``. Label
  Studio skips tasks that already hold a prediction of that version, so a retrained
  model's new version is what makes it predict again.
* ``POST /predict`` ``{tasks, project, label_config, params}``: answer
  ``{"results": [...]}``, one entry per task, in order; an entry is a prediction
  (``result``, ``score``, ``model_version``). An entry without ``result`` is skipped
  and logged, which is how one task without text does not cost the whole batch.
* ``POST /webhook`` ``{action, project, annotation, task}``: the webhook Label Studio
  creates with the ML backend sends every event; ``START_TRAINING`` is the UI's
  "Start training" button.
* ``POST /train`` (the older way to start training) and ``GET /versions``.

Errors are a JSON body ``{"status": "error", "error": message}`` with a 4xx/5xx status.
Label Studio reports a failed call by the text of ``requests``' HTTPError, which is
"<status> Client Error: <reason> for url: ...", so the message is also the status
line's reason phrase: that is what a user sees in the project's Model settings.
The access token ``/setup`` carries is never read, kept or logged.
"""

from __future__ import annotations

import errno
import json
import sys
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from annotator.errors import AnnotatorError
from annotator.formats.labelstudio import config as C

from .auth import REALM, authorized
from .models import ModelSlot, ModelUnavailable

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9090  # the port Label Studio's ML backend docs and examples use
MAX_REQUEST_BYTES = 256 * 2**20  # a "retrieve predictions" of thousands of long articles is one request
REASON_MAX = 300  # characters of an error message repeated in the HTTP status line
LOG_MAX = 500  # characters of an unexpected failure in its one log line
ANNOTATION_EVENTS = ("ANNOTATION_CREATED", "ANNOTATION_UPDATED", "ANNOTATIONS_CREATED")
START_TRAINING = "START_TRAINING"
NOT_OURS = (
    "the project's labeling config is not annotator's: this backend pre-annotates projects made by "
    "`annotator push` or `annotator labelstudio connect` (or paste schemas/labeling_config.xml into "
    "the project's Settings > Labeling Interface)"
)


class BackendError(Exception):
    """A request the backend answers with an error status and a message for the user."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def log_to_stderr(message: str) -> None:
    print(f"annotator backend: {message}", file=sys.stderr, flush=True)


class Backend:
    """The protocol without HTTP: each handler takes the request's JSON and returns the answer's.

    ``trainer`` (see ``training.py``) is told of submitted annotations and asked to train;
    without one, the backend predicts and ignores webhooks.
    """

    def __init__(self, slot: ModelSlot, trainer=None, log: Callable[[str], None] = log_to_stderr, credentials=None):
        self.slot = slot
        self.trainer = trainer
        self.log = log
        self.credentials = credentials  # (user, password): every request must carry them (auth.py)

    # ------------------------------------------------------------------ endpoints

    def health(self, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """Up as long as the process answers; a dead model is said here and refused by /setup,
        so Label Studio shows the project's backend in error with the reason."""
        info: dict[str, Any] = {"status": "UP", "model_class": "annotator"}
        try:
            info["model_version"] = self.slot.current().version
        except ModelUnavailable as e:
            info["model_error"] = str(e)
        if self.trainer is not None:
            info["training"] = self.trainer.state()
        return info

    def setup(self, body: dict[str, Any]) -> dict[str, Any]:
        self._check_config(body.get("schema"))
        return {"model_version": self._served().version}

    def predict(self, body: dict[str, Any]) -> dict[str, Any]:
        tasks = body.get("tasks")
        if not isinstance(tasks, list):
            raise BackendError(400, "the request has no list of tasks")
        self._check_config(body.get("label_config"))
        if not tasks:
            return {"results": []}
        started = time.monotonic()
        try:
            version, results = self.slot.predict(tasks)
        except ModelUnavailable as e:
            raise BackendError(503, f"no model to predict with: {e}") from None
        failed = [r["error"] for r in results if "result" not in r]
        if len(failed) == len(results):
            more = f" (and {len(failed) - 1} more task(s) like it)" if len(failed) > 1 else ""
            raise BackendError(422, failed[0] + more)
        note = f"; {len(failed)} without text" if failed else ""
        self.log(f"predicted {len(results) - len(failed)} task(s) with {version} in {time.monotonic() - started:.1f} s{note}")
        return {"results": results, "model_version": version}

    def webhook(self, body: dict[str, Any]) -> dict[str, Any]:
        action = body.get("action")
        if action not in (*ANNOTATION_EVENTS, START_TRAINING):
            return {"status": "ignored", "action": action}
        project = body.get("project") if isinstance(body.get("project"), dict) else {}
        project_id = project.get("id")
        if not isinstance(project_id, int):
            raise BackendError(400, f"the {action} event names no project id")
        self._check_config(project.get("label_config"))
        if self.trainer is None:
            return {"status": "ignored", "action": action, "reason": "this backend does not train"}
        if action == START_TRAINING:
            return {"status": "ok", "training": self.trainer.start(project_id)}
        submitted = submitted_annotations(body.get("annotation"))
        started = self.trainer.annotations_submitted(project_id, submitted) if submitted else False
        return {"status": "ok", "counted": submitted, "training": started}

    def train(self, body: dict[str, Any]) -> dict[str, Any]:
        """The pre-webhook way to start training: ``project`` is ``"<id>.<created timestamp>"``."""
        try:
            project_id = int(str(body.get("project")).split(".", 1)[0])
        except ValueError:
            raise BackendError(400, "the training request names no project") from None
        self._check_config(body.get("label_config"))
        if self.trainer is None:
            raise BackendError(501, "this backend does not train")
        return {"training": self.trainer.start(project_id)}

    def versions(self, body: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"versions": self.slot.versions()}

    def metrics(self, body: dict[str, Any] | None = None) -> dict[str, Any]:
        return {}

    # ------------------------------------------------------------------ helpers

    def _served(self):
        try:
            return self.slot.current()
        except ModelUnavailable as e:
            raise BackendError(503, f"no model to predict with: {e}") from None

    @staticmethod
    def _check_config(config: Any) -> None:
        if isinstance(config, str) and config.strip() and not C.is_annotators(config):
            raise BackendError(400, NOT_OURS)


def submitted_annotations(annotation: Any) -> int:
    """How many submitted (not skipped) annotations an event carries: one, or a list of them."""
    items = annotation if isinstance(annotation, list) else [annotation]
    return sum(1 for a in items if isinstance(a, dict) and not a.get("was_cancelled"))


ROUTES: dict[tuple[str, str], str] = {
    ("GET", "/"): "health",
    ("GET", "/health"): "health",
    ("POST", "/setup"): "setup",
    ("POST", "/predict"): "predict",
    ("POST", "/webhook"): "webhook",
    ("POST", "/train"): "train",
    ("GET", "/versions"): "versions",
    ("GET", "/metrics"): "metrics",
}
CREATED = {"train": 201}  # what label-studio-ml answers these with


def reason_phrase(message: str) -> str:
    """``message`` fit for an HTTP status line: one line of Latin-1, not too long."""
    line = " ".join(message.split())
    if len(line) > REASON_MAX:
        line = line[: REASON_MAX - 3] + "..."
    return line.encode("latin-1", "replace").decode("latin-1")


def make_handler(backend: Backend) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: Label Studio's requests session reuses connections
        server_version = "annotator-ml-backend"

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def _dispatch(self, method: str) -> None:
            path = self.path.split("?", 1)[0].rstrip("/") or "/"
            name = ROUTES.get((method, path))
            try:
                if not authorized(self.headers.get("Authorization"), backend.credentials):
                    self.close_connection = True
                    raise BackendError(401, "this ML backend needs basic auth: give Label Studio its user and password (labelstudio connect does)")
                body = self._body() if method == "POST" else {}
                if name is None:
                    known = any(p == path for _, p in ROUTES)
                    raise BackendError(405 if known else 404, f"no {method} {path} here")
                answer = getattr(backend, name)(body)
                self._send(CREATED.get(name, 200), answer)
            except BackendError as e:
                backend.log(f"{method} {path}: {e}")
                self._send(e.status, {"status": "error", "error": str(e)}, reason=reason_phrase(str(e)))
            except Exception as e:  # a bug: say so in one line and keep serving
                message = f"{type(e).__name__}: {e}"
                backend.log(f"{method} {path} failed: {' '.join(message.split())[:LOG_MAX]}")
                self._send(500, {"status": "error", "error": message}, reason=reason_phrase(message))

        def _body(self) -> dict[str, Any]:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                raise BackendError(400, "Content-Length is not a number") from None
            if length > MAX_REQUEST_BYTES:
                self.close_connection = True
                raise BackendError(413, f"the request is larger than {MAX_REQUEST_BYTES // 2**20} MiB: ask for fewer tasks at once")
            raw = self.rfile.read(length) if length else b""
            if not raw.strip():
                return {}
            try:
                body = json.loads(raw)
            except ValueError:
                raise BackendError(400, "the request body is not JSON") from None
            if not isinstance(body, dict):
                raise BackendError(400, "the request body is not a JSON object")
            return body

        def _send(self, status: int, answer: Any, *, reason: str | None = None) -> None:
            data = json.dumps(answer).encode("utf-8")
            self.send_response(status, reason or HTTPStatus(status).phrase)
            self.send_header("Content-Type", "application/json")
            if status == 401:
                self.send_header("WWW-Authenticate", f'Basic realm="{REALM}", charset="UTF-8"')
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_request(self, code="-", size="-") -> None:
            """Quiet: Label Studio calls /health and /setup before every prediction; the backend
            logs what it did (predictions, training, errors) instead."""

        def log_error(self, format: str, *args) -> None:
            backend.log(format % args)

    return Handler


class BackendServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client never keeps the process from exiting


def make_server(backend: Backend, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> BackendServer:
    """Bind ``host:port`` (port 0: any free one); a taken port is one line, not a traceback."""
    if not 0 <= port <= 65535:
        raise AnnotatorError(f"--port {port} is not a port: give one from 1 to 65535")
    try:
        return BackendServer((host, port), make_handler(backend))
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise AnnotatorError(f"port {port} on {host} is taken: give another --port") from None
        raise AnnotatorError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
