"""Where Label Studio is, how to log in to it, and what its failures mean to a person.

Settings come from ``LABEL_STUDIO_URL`` / ``LABEL_STUDIO_API_KEY`` or from the
owner-only config file ``annotator labelstudio start`` writes, never from the
command line: a key in argv ends up in shell history and ``ps``. No message
here ever contains the key.
"""

from __future__ import annotations

import json
import os
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from annotator.errors import AnnotatorError

from annotator.formats.labelstudio import config as C

CONFIG_ENV = "ANNOTATOR_CONFIG"
URL_ENV = "LABEL_STUDIO_URL"
KEY_ENV = "LABEL_STUDIO_API_KEY"
NO_RETRY = {"max_retries": 0}  # for imports: a retried POST whose first try landed duplicates tasks
PAGE_SIZE = 100  # projects per page when looking one up by title
READ_TRIES = 3  # a GET whose connection breaks mid-body (the export) is tried this often
READ_BACKOFF = 0.5  # seconds before the second try, doubled for each further one


def config_path() -> Path:
    """``$ANNOTATOR_CONFIG``, else ``labelstudio.json`` in the user's config folder."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    try:
        from platformdirs import user_config_dir

        return Path(user_config_dir("annotator")) / "labelstudio.json"
    except ImportError:
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return Path(base) / "annotator" / "labelstudio.json"


def read_config() -> dict[str, Any]:
    path = config_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise AnnotatorError(f"cannot read the Label Studio settings: {e}", path=str(path)) from None


def write_config(settings: dict[str, Any]) -> Path:
    """Owner-only from the first byte: the file is created 0600, never chmod-ed after writing."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(settings, out, indent=2)
        out.write("\n")
    os.replace(tmp, path)
    return path


@dataclass(frozen=True)
class Connection:
    """A server address and key; ``repr`` leaves the key out so a traceback cannot leak it."""

    url: str
    api_key: str
    origin: str  # where the settings came from, for messages

    def __repr__(self) -> str:
        return f"Connection(url={self.url!r}, origin={self.origin!r})"


def connection_settings() -> Connection:
    """Environment first (CI, remote servers), then the file ``start`` wrote."""
    saved = read_config()
    url = os.environ.get(URL_ENV) or saved.get("url")
    key = os.environ.get(KEY_ENV) or saved.get("api_key")
    origin = "the environment" if os.environ.get(KEY_ENV) else str(config_path())
    if not url or not key:
        raise AnnotatorError(
            f"no Label Studio to talk to: run `annotator labelstudio start`, or set {URL_ENV} and {KEY_ENV}"
        )
    return Connection(checked_url(url), key, origin)


def url_origin() -> str:
    """Where the server address comes from, for messages about a bad one."""
    return URL_ENV if os.environ.get(URL_ENV) else f"the url in {config_path()}"


def checked_url(url: str) -> str:
    """``url`` without its trailing slash, or a one-line error: httpx would raise its own
    exception types (not transport errors) deep inside the first request, as a traceback."""
    problem = url_problem(url)
    if problem is not None:
        why = {
            "not a URL": "which is not a URL",
            "scheme": "which is not an http:// or https:// URL",
            "host": "which names no host",
            "login": f"with a login in it: the key goes in {KEY_ENV}, never in the URL",
            "query": "with a query or fragment",
        }[problem[0]] + (f" ({problem[1]})" if problem[1] else "")
        raise AnnotatorError(
            f"{url_origin()} is {_shown(url)!r}, {why}: give the server's address, like http://127.0.0.1:8080"
        )
    return url.rstrip("/")


def url_problem(url: Any) -> tuple[str, str] | None:
    """What makes ``url`` unusable as a server address ('not a URL', 'scheme', 'host', 'login',
    'query', with a detail), or None: the server's and the ML backend's addresses alike."""
    from urllib.parse import urlsplit

    if not isinstance(url, str) or any(ch.isspace() for ch in url):
        return "not a URL", ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what raises on 'http://h:99999'
    except ValueError as e:
        return "not a URL", str(e)
    if parts.scheme not in ("http", "https"):
        return "scheme", ""
    if not parts.hostname:
        return "host", ""
    if parts.username is not None or parts.password is not None:
        return "login", ""
    if parts.query or parts.fragment:
        return "query", ""
    return None


def _shown(url: Any) -> str:
    """A URL fit for a message: a login in it (``user:secret@``) is masked."""
    text = str(url)
    scheme, sep, rest = text.partition("://")
    if sep and "@" in rest.split("/", 1)[0]:
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return text


def make_client(conn: Connection, *, timeout: float = 300.0):
    """An SDK client; the SDK is imported here because it is an optional, heavy extra."""
    try:
        from label_studio_sdk import LabelStudio
    except ImportError:
        raise AnnotatorError(
            "the Label Studio SDK is not installed: pip install 'annotator[labelstudio]'"
        ) from None
    return LabelStudio(base_url=conn.url, api_key=conn.api_key, timeout=timeout)


@contextmanager
def server_errors(conn: Connection) -> Iterator[None]:
    """Turn transport and HTTP failures into one line that says what to do."""
    import httpx

    try:
        from label_studio_sdk.core.api_error import ApiError
    except ImportError:  # pragma: no cover - make_client already refused
        ApiError = ()  # type: ignore[assignment]
    try:
        yield
    except (httpx.ConnectError, httpx.ConnectTimeout) as e:
        raise AnnotatorError(
            f"cannot reach Label Studio at {conn.url} ({type(e).__name__}): "
            "is it running? (`annotator labelstudio status`)"
        ) from None
    except httpx.TimeoutException:
        raise AnnotatorError(f"Label Studio at {conn.url} did not answer in time") from None
    except httpx.TransportError as e:  # the connection broke mid-answer, a proxy failed, ...
        raise AnnotatorError(
            f"the connection to Label Studio at {conn.url} broke ({type(e).__name__}): try again"
        ) from None
    except httpx.InvalidURL:
        raise AnnotatorError(f"{url_origin()} is not a URL httpx can use: {conn.url!r}") from None
    except ApiError as e:  # type: ignore[misc]
        raise AnnotatorError(describe_api_error(e, conn)) from None


def describe_api_error(e: Any, conn: Connection) -> str:
    status = getattr(e, "status_code", None)
    if status in (401, 403):
        return (
            f"Label Studio at {conn.url} refused the API key from {conn.origin} (HTTP {status}): "
            f"check {KEY_ENV} or the settings file; a personal access token needs legacy tokens "
            "enabled in the organisation"
        )
    body = getattr(e, "body", None)
    detail = body.get("detail") or body.get("validation_errors") if isinstance(body, dict) else body
    text = " ".join(str(detail).split())[:300]
    return f"Label Studio at {conn.url} answered HTTP {status}: {text}"


def find_project(client, title: str):
    """The one project with this exact title, or None; two with the same title is the user's to resolve."""
    found = [p for p in projects_titled(client, title) if p.title == title]
    if len(found) > 1:
        ids = ", ".join(str(p.id) for p in found)
        raise AnnotatorError(f"{len(found)} projects are titled {title!r} (ids {ids}): rename all but one")
    return found[0] if found else None


def projects_titled(client, title: str) -> Iterator[Any]:
    """Projects whose title contains ``title`` (the server's filter), page by page.

    The SDK's pager asks for one page past the last, which Label Studio answers with
    404 and an ``Invalid page`` traceback in its log on every lookup; so each page is
    requested by number, and the next only while the server says there is one.
    """
    page = 1
    while True:
        listed = client.projects.list(title=title, page_size=PAGE_SIZE, page=page)
        yield from listed.items or []
        if not getattr(listed.response, "next", None):
            return
        page += 1


def require_our_project(client, title: str):
    """A project we may read and write: it exists and shows our labeling config."""
    project = find_project(client, title)
    if project is None:
        raise AnnotatorError(f"no Label Studio project titled {title!r}")
    check_config(client, project)
    return project


def check_config(client, project) -> bool:
    """Refuse a project whose config lacks annotator's controls; return whether it shows them in
    another layout than the current one, or lacks the controls added since it was made (claims):
    push brings it up to date, pull does not care, since results are made of the controls alone."""
    config = getattr(project, "label_config", None)
    if config is None:
        config = client.projects.get(project.id).label_config
    ours = C.labeling_config()
    if not C.is_annotators(config or ""):
        raise AnnotatorError(
            f"project {project.title!r} (id {project.id}) has a labeling config that is not annotator's: "
            "push to a new project title, or, if annotator was upgraded, paste schemas/labeling_config.xml "
            "(or `annotator schema` output) into the project's Settings > Labeling Interface"
        )
    return not C.same_view(config or "", ours)


def set_labeling_config(client, project_id: int) -> None:
    """Show the current labeling view; only called for a config with the same controls or an
    earlier set of them (``config.ADDED_SINCE``), which Label Studio accepts over any annotations
    the project holds: no label they use goes away."""
    client.projects.update(project_id, label_config=C.labeling_config())


def instructions_differ(client, project, instructions: str) -> bool:
    """Whether the project's instructions are not (yet) the current guideline.

    Only the text counts: a project manager who turned ``show_instruction`` off keeps it off
    until the guideline changes.
    """
    stored = getattr(project, "expert_instruction", None)
    if stored is None:
        stored = client.projects.get(project.id).expert_instruction
    return (stored or "") != instructions


def set_instructions(client, project_id: int, instructions: str) -> None:
    """Show the guideline to annotators: one PATCH of the project, which leaves tasks and
    annotations alone."""
    client.projects.update(project_id, expert_instruction=instructions, show_instruction=True)


def export_tasks(client, project_id: int, *, all_tasks: bool, with_predictions: bool = True) -> list[dict[str, Any]]:
    """Every task in one JSON export, with its predictions in full if ``with_predictions``.

    The export is faster than paging the task list and, unlike JSON_MIN, keeps
    region ids and relations; but it lists predictions by id only, so they come
    from one more request, made while the export runs, and are put back on their tasks.
    """
    from concurrent.futures import ThreadPoolExecutor

    def download() -> bytes:
        chunks = client.projects.exports.download_sync(
            project_id, export_type="JSON", download_all_tasks=all_tasks, request_options={"max_retries": 2}
        )
        return b"".join(chunks)

    with ThreadPoolExecutor(max_workers=1) as pool:
        predictions = (
            pool.submit(read_with_retries, client, f"the predictions of project {project_id}",
                        lambda: predictions_by_task(client, project_id))
            if with_predictions else None
        )
        body = read_with_retries(client, f"the export of project {project_id}", download)
        try:
            tasks = json.loads(body) if body.strip() else []
        except ValueError:
            raise AnnotatorError(f"the export of project {project_id} is not JSON") from None
        if not isinstance(tasks, list):
            raise AnnotatorError(f"the export of project {project_id} is not a list of tasks")
        if predictions is not None:
            _attach(tasks, predictions.result())
    return tasks


def read_with_retries(client, what: str, read):
    """``read()``, tried again when the connection breaks (a GET may be repeated; the SDK
    retries only on error statuses, never on a body cut short); then one line, not a traceback."""
    import httpx

    for attempt in range(READ_TRIES):
        try:
            return read()
        except (httpx.ConnectError, httpx.ConnectTimeout):
            raise  # nobody there: server_errors says so, no point waiting
        except httpx.TransportError as e:
            if attempt + 1 == READ_TRIES:
                raise AnnotatorError(
                    f"the connection to Label Studio at {base_url(client)} broke while reading {what} "
                    f"({type(e).__name__}), {READ_TRIES} times: try again later"
                ) from None
            time.sleep(READ_BACKOFF * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def base_url(client) -> str:
    """The server a client talks to, for messages (a test's fake client may not know it)."""
    wrapper = getattr(client, "_client_wrapper", None)
    return wrapper.get_base_url() if wrapper is not None else "the server"


def attach_predictions(client, project_id: int, tasks: list[dict[str, Any]]) -> None:
    """Replace the prediction ids the export gave with the predictions themselves."""
    what = f"the predictions of project {project_id}"
    _attach(tasks, read_with_retries(client, what, lambda: predictions_by_task(client, project_id)))


def _attach(tasks: list[dict[str, Any]], by_task: dict[int, list[dict[str, Any]]]) -> None:
    for task in tasks:
        task["predictions"] = by_task.get(task.get("id"), [])


def predictions_by_task(client, project_id: int) -> dict[int, list[dict[str, Any]]]:
    """All of a project's predictions as plain dicts (parsing 10,000 into SDK models costs seconds)."""
    predictions = get_json(client, "api/predictions/", {"project": project_id})
    grouped: dict[int, list[dict[str, Any]]] = {}
    for p in predictions:
        grouped.setdefault(p.get("task"), []).append(p)
    return grouped


def get_json(client, path: str, params: dict[str, Any]) -> Any:
    """A GET through the SDK's own HTTP client (so its auth scheme applies), returning plain JSON."""
    from label_studio_sdk.core.api_error import ApiError

    response = client._client_wrapper.httpx_client.request(path, method="GET", params=params)
    if not 200 <= response.status_code < 300:
        try:
            body = response.json()
        except ValueError:
            body = response.text
        raise ApiError(status_code=response.status_code, headers=dict(response.headers), body=body)
    return response.json()


def user_names(client) -> dict[int, str]:
    """User id -> e-mail, since the export names annotators by id."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    try:
        return {u.id: (u.email or u.username or str(u.id)) for u in client.users.list()}
    except (ApiError, httpx.HTTPStatusError):  # a user not allowed to list users: ids still identify reviewers
        return {}
