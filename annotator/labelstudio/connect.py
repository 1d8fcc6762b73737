"""``annotator labelstudio connect``: make a project ask annotator's ML backend for predictions.

Label Studio 1.23 asks a project's ML backend for predictions when a task without
predictions is opened (``show_collab_predictions``), when the Data Manager lists tasks
without predictions (``evaluate_predictions_automatically``), on the "Retrieve
predictions" action, and, in the labeling stream, whenever the project's
``model_version`` is the backend's title: that is the "live model" setting, and it is
what makes a retrained backend's new version reach reviewers. So connecting is:

1. the project (created with annotator's labeling config and guideline if missing,
   as ``push`` would; refused if its config is not ours);
2. the backend registered (``POST /api/ml``; Label Studio checks ``/health`` and
   ``/setup`` itself and refuses a backend that fails them), or re-pointed if this
   project already has one of ours: the title ``annotator`` marks ours, and an old
   registration at another address is removed (Label Studio asks only the first);
3. the prediction settings above turned on; ``is_interactive`` stays off, since the
   backend predicts from the text alone and our config has no smart tools;
4. the webhook Label Studio creates with a backend (``<url>/webhook``, every event)
   checked, and created if Label Studio could not (retraining counts on it).

Label Studio refuses ML backends and webhooks on loopback and private addresses
(its SSRF protection) unless told otherwise; ``annotator labelstudio start`` allows
loopback only (``server.LOOPBACK_SETTINGS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from annotator.errors import AnnotatorError
from annotator.formats.labelstudio import config as C
from annotator.guidelines import guideline_html

from . import client as LS
from .backend import auth
from .backend.app import ANNOTATION_EVENTS, DEFAULT_HOST, DEFAULT_PORT

BACKEND_TITLE = "annotator"  # marks a project's ML backend as ours (and names the live model)
DEFAULT_BACKEND_URL = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"
CONNECTED = "CO"  # Label Studio's MLBackendState.CONNECTED
PREDICTION_SETTINGS = {"show_collab_predictions": True, "evaluate_predictions_automatically": True}
WEBHOOK_ACTIONS = list(ANNOTATION_EVENTS)  # START_TRAINING is no webhook: Label Studio posts it to /webhook itself
REFUSAL_MAX = 600  # characters of Label Studio's reason for refusing a backend shown in the one line


@dataclass
class ConnectSummary:
    project_id: int
    project_created: bool
    backend_id: int
    backend_created: bool
    model_version: str | None
    webhook_created: bool
    warnings: list[str] = field(default_factory=list)


def checked_backend_url(url: str) -> str:
    """``url`` without its trailing slash, or one line saying what is wrong with it."""
    problem = LS.url_problem(url)
    if problem is not None:
        why = {
            "not a URL": "is not a URL",
            "scheme": "is not an http:// or https:// URL with a host",
            "host": "is not an http:// or https:// URL with a host",
            "login": "has a login, query or fragment in it",
            "query": "has a login, query or fragment in it",
        }[problem[0]] + (f" ({problem[1]})" if problem[1] else "")
        raise AnnotatorError(f"--backend-url {url!r} {why}: give the backend's address, like {DEFAULT_BACKEND_URL}")
    return url.rstrip("/")


def _same_url(a: str | None, b: str) -> bool:
    return (a or "").rstrip("/") == b


def refusal(e: Any) -> str:
    """What Label Studio said when it refused the backend: its validation messages, without HTML."""
    body = getattr(e, "body", None)
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(body.get("validation_errors") or body.get("detail") if isinstance(body, dict) else body)
    text = " ".join(re.sub(r"<[^>]+>", "", " ".join(found)).split())
    return text[:REFUSAL_MAX] or f"HTTP {getattr(e, 'status_code', '?')}"


def connect(title: str, backend_url: str = DEFAULT_BACKEND_URL) -> ConnectSummary:
    url = checked_backend_url(backend_url)
    credentials = auth.credentials_from_env()
    conn = LS.connection_settings()
    client = LS.make_client(conn)
    with LS.server_errors(conn):
        project = LS.find_project(client, title)
        created = project is None
        if created:
            project = client.projects.create(
                title=title, label_config=C.labeling_config(), expert_instruction=guideline_html(), show_instruction=True
            )
        else:
            LS.check_config(client, project)
        try:
            backend, backend_created, warnings = _register(client, project.id, url, conn, credentials)
            # the hook first: the settings change below is itself an event the hook is sent
            webhook_created = _ensure_webhook(client, project.id, f"{url}/webhook", conn, credentials)
            client.projects.update(project.id, model_version=BACKEND_TITLE, **PREDICTION_SETTINGS)
        except BaseException:
            if created:  # a connect that fails leaves no project behind
                _discard_project(client, project.id)
            raise
    return ConnectSummary(project.id, created, backend.id, backend_created, backend.model_version, webhook_created, warnings)


def _auth_settings(credentials: auth.Credentials | None) -> dict[str, str]:
    """The ML backend fields that make Label Studio send basic auth (or stop sending it)."""
    if credentials is None:
        return {"auth_method": "NONE"}
    return {"auth_method": "BASIC_AUTH", "basic_auth_user": credentials[0], "basic_auth_pass": credentials[1]}


def _register(client, project_id: int, url: str, conn, credentials: auth.Credentials | None = None) -> tuple[Any, bool, list[str]]:
    """(the backend as Label Studio now sees it, whether it is a new registration, warnings)."""
    from label_studio_sdk.core.api_error import ApiError

    access = _auth_settings(credentials)
    registered = client.ml.list(project=project_id)
    ours = [b for b in registered if _same_url(b.url, url)]
    for old in registered:
        if old.title == BACKEND_TITLE and not _same_url(old.url, url):
            client.ml.delete(old.id)  # an earlier connect of ours, at an address no longer used
    try:
        if ours:  # Label Studio checks /health and /setup again on every change, so url and project go too
            backend = client.ml.update(
                ours[0].id, project=project_id, url=url, title=BACKEND_TITLE, is_interactive=False, auto_update=True, **access
            )
        else:
            backend = client.ml.create(
                project=project_id, url=url, title=BACKEND_TITLE, is_interactive=False, auto_update=True,
                description="annotator's pre-annotations (annotator labelstudio backend)", **access,
            )
    except ApiError as e:
        if e.status_code not in (400, 403) or not isinstance(e.body, dict):
            raise
        why = refusal(e)
        raise AnnotatorError(f"Label Studio at {conn.url} refused the ML backend {url}: {why}{_ssrf_hint(why)}") from None
    backend = client.ml.get(backend.id)  # asks the backend again: the state it is in now
    if backend.state != CONNECTED:
        why = " ".join(str(backend.error_message or "no reason given").split())[:REFUSAL_MAX]
        raise AnnotatorError(
            f"Label Studio registered the ML backend {url} but it is {backend.readable_state or backend.state}: {why}"
        )
    warnings = [
        f"the project also has the ML backend {other.title!r} at {other.url} (id {other.id}): Label Studio asks "
        "only one of them; remove it in Settings > Model if annotator's predictions do not show"
        for other in registered
        if other.title != BACKEND_TITLE and not _same_url(other.url, url)
    ]
    return backend, not ours, warnings


def _discard_project(client, project_id: int) -> None:
    """Best effort: the failure being reported is the one that matters."""
    try:
        client.projects.delete(project_id)
    except Exception:
        pass


def _ensure_webhook(client, project_id: int, hook_url: str, conn, credentials: auth.Credentials | None = None) -> bool:
    """The webhook retraining counts on: Label Studio makes one with the backend, unless its
    SSRF check refused the address (silently); then it is made here, or refused in one line.
    With basic auth, the hook carries the ``Authorization`` header (Label Studio's own hook
    has none, and the backend would refuse it)."""
    from label_studio_sdk.core.api_error import ApiError

    headers = {"Authorization": auth.header(credentials)} if credentials is not None else {}
    hooks = [h for h in client.webhooks.list(project=str(project_id)) if _same_url(h.url, hook_url) and h.project == project_id]
    if hooks:
        for hook in hooks:
            had = dict(hook.headers or {})
            wanted = {**{k: v for k, v in had.items() if k.lower() != "authorization"}, **headers}
            if had != wanted:
                client.webhooks.update(hook.id, headers=wanted)
        return False
    try:
        client.webhooks.create(
            url=hook_url, project=project_id, send_payload=True, send_for_all_actions=False, actions=WEBHOOK_ACTIONS,
            headers=headers,
        )
    except ApiError as e:
        if e.status_code != 400:
            raise
        raise AnnotatorError(
            f"Label Studio at {conn.url} refused the webhook {hook_url} (so --retrain-every would count nothing): "
            f"{refusal(e)}{_ssrf_hint(refusal(e))}"
        ) from None
    return True


def _ssrf_hint(message: str) -> str:
    if "reserved network address" not in message and "URL resolves" not in message:
        return ""
    return (
        " (Label Studio blocks local addresses: a server started by `annotator labelstudio start` allows "
        "loopback; for your own server set USE_DEFAULT_BANNED_SUBNETS=false and USER_ADDITIONAL_BANNED_SUBNETS "
        "as in annotator.labelstudio.server.LOOPBACK_SETTINGS)"
    )
