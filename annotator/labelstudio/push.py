"""Send pre-annotated records to a Label Studio project as tasks with predictions, idempotently.

A push may be re-run any number of times, after a crash or with a newer model,
and must never leave two tasks for one document nor touch a reviewer's work.
So the project's current tasks are read first (one export), and each record is
planned as: create a task, add a prediction (new model version, same text),
skip (already there), or refuse (same id, different text: old annotations would
point at the wrong characters). Any refusal stops the push before anything is
sent. Imports go in large batches with the SDK's automatic retries off, because
a retried POST whose first attempt did land duplicates every task in it; a
failed batch is retried here only after re-reading which documents arrived.

Reviewers must see the convention they are checking against, so the project's
instructions are the annotation guideline (``docs/guidelines.md``, shipped rendered
as ``annotator/data/guidelines.html``): set when the project is created, and set
again, after the same refusal checks, whenever the project shows another text.
The same goes for the labeling view: a project whose config holds annotator's controls
in an older layout is brought up to the current one (``config.same_config`` / ``same_view``).

``--order uncertain`` imports new tasks least confident first (``confidence.py``), so
task ids, and with them Label Studio's default sequential sampling, follow the doubt:
reviewers meet the documents the machine is least sure of first. It orders one push's
new tasks; tasks already in the project keep their place.

``--claims`` says which claims the predictions it adds show: the check-worthy ones (default;
nearly every sentence of an article holds a claim, and marking them all marks nothing) or all.
It applies to new predictions only: like any push, it never touches a task's annotations.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.guidelines import guideline_html
from annotator.records import Document

from . import client as LS
from annotator.formats.labelstudio import config as C
from annotator.formats.labelstudio.confidence import document_confidence, least_confident_first
from annotator.formats.labelstudio.tasks import (
    CLAIM_SETS, DEFAULT_CLAIMS, content_hash, document_to_prediction, document_to_task, model_version_of,
)

BATCH_SIZE = 1000
RETRIES = 3
ORDERS = ("input", "uncertain")  # the order new tasks are imported in: as given, or least confident first
FIRST_SHOWN = 5  # how many of the first tasks to import a summary names, with their confidence


@dataclass
class ExistingTask:
    task_id: int
    content_hash: str | None
    model_versions: set[str]


@dataclass
class PushPlan:
    """What a push will do; ``--dry-run`` prints it and stops."""

    create: list[Document] = field(default_factory=list)
    predict: list[tuple[int, Document]] = field(default_factory=list)  # (task id, record)
    skip: list[str] = field(default_factory=list)
    refuse: list[str] = field(default_factory=list)
    duplicates_in_project: list[str] = field(default_factory=list)


@dataclass
class PushSummary:
    project_id: int | None
    project_created: bool
    created: int
    predicted: int
    skipped: int
    duplicates_in_project: list[str]
    dry_run: bool
    instructions_set: bool = False  # the guideline was (or, on a dry run, would be) written to the project
    view_updated: bool = False  # the project's labeling view was (would be) brought up to the current layout
    first: list[tuple[str, float]] = field(default_factory=list)  # (doc id, confidence) of the first tasks imported


def load_documents(path: str | Path) -> list[Document]:
    """Every record, validated before anything is sent: a bad span on the last line must
    stop the push before the first task is imported."""
    from annotator.records_file import read_numbered_documents

    return [doc for _, doc in read_numbered_documents(path)]  # the reader refuses a duplicate id


def existing_tasks(client, project_id: int) -> tuple[dict[str, ExistingTask], list[str]]:
    """doc id -> the task holding it, and the ids found on more than one task (kept: the oldest).

    A task with only the prediction push imported names its model version in its data;
    the predictions themselves are fetched only when some task has more than that.
    """
    tasks = LS.export_tasks(client, project_id, all_tasks=True, with_predictions=False)
    if any(len(t.get("predictions") or []) > 1 or not (t.get("data") or {}).get("model_version") for t in tasks):
        LS.attach_predictions(client, project_id, tasks)
    found: dict[str, ExistingTask] = {}
    duplicates: list[str] = []
    for task in sorted(tasks, key=lambda t: t.get("id") or 0):
        data = task.get("data") or {}
        doc_id = data.get("doc_id")
        if not isinstance(doc_id, str):
            continue
        predictions = task.get("predictions") or []
        if predictions and not isinstance(predictions[0], dict):
            versions = {data["model_version"]}
        else:
            versions = {p.get("model_version") for p in predictions if p.get("model_version")}
        if doc_id in found:
            duplicates.append(doc_id)
            found[doc_id].model_versions |= versions
            continue
        found[doc_id] = ExistingTask(task["id"], data.get("content_hash"), versions)
    return found, duplicates


def plan_push(docs: Iterable[Document], existing: dict[str, ExistingTask], order: str = "input") -> PushPlan:
    """Sort each record into create / predict / skip / refuse; ``order`` says in which order
    the new tasks are imported (one of ``ORDERS``)."""
    if order not in ORDERS:
        raise AnnotatorError(f"unknown push order {order!r}: expected one of {', '.join(ORDERS)}")
    plan = PushPlan()
    for doc in docs:
        task = existing.get(doc.id)
        if task is None:
            plan.create.append(doc)
        elif task.content_hash != content_hash(doc.text):
            plan.refuse.append(doc.id)
        elif model_version_of(doc) in task.model_versions:
            plan.skip.append(doc.id)
        else:
            plan.predict.append((task.task_id, doc))
    if order == "uncertain":
        plan.create = least_confident_first(plan.create)
    return plan


def push_records(
    path: str | Path,
    title: str,
    *,
    dry_run: bool = False,
    order: str = "input",
    claims: str = DEFAULT_CLAIMS,
    batch_size: int = BATCH_SIZE,
    progress: bool = False,
    on_batch: Callable[[int], None] | None = None,
) -> PushSummary:
    """Push a records file to project ``title`` (created with our config and instructions if missing)."""
    if claims not in CLAIM_SETS:
        raise AnnotatorError(f"unknown claim set {claims!r}: expected one of {', '.join(CLAIM_SETS)}")
    docs = load_documents(path)
    instructions = guideline_html()
    conn = LS.connection_settings()
    client = LS.make_client(conn)
    with LS.server_errors(conn):
        project = LS.find_project(client, title)
        created_project = False
        if project is not None:
            stale_view = LS.check_config(client, project)
            stale_instructions = LS.instructions_differ(client, project, instructions)
            existing, duplicates = existing_tasks(client, project.id)
        else:
            stale_instructions, stale_view = True, False
            existing, duplicates = {}, []
        plan = plan_push(docs, existing, order)
        plan.duplicates_in_project = duplicates
        if plan.refuse:
            first = plan.refuse[0]
            raise AnnotatorError(
                f"{len(plan.refuse)} document(s) already in project {title!r} with a different text "
                f"(first: {first!r}); nothing was pushed. Give changed documents new ids, or push to a new project",
                path=str(path),
            )
        first = [(d.id, document_confidence(d)) for d in plan.create[:FIRST_SHOWN]] if order == "uncertain" else []
        if dry_run:
            return PushSummary(
                project.id if project else None, project is None, len(plan.create), len(plan.predict),
                len(plan.skip), duplicates, True, stale_instructions, stale_view, first,
            )
        if project is None:
            project = client.projects.create(
                title=title, label_config=C.labeling_config(), expert_instruction=instructions, show_instruction=True
            )
            created_project = True
        else:
            if stale_instructions:
                LS.set_instructions(client, project.id, instructions)
            if stale_view:
                LS.set_labeling_config(client, project.id)
        with _progress_bar(len(plan.create) + len(plan.predict), progress) as advance:
            landed = []  # batches imported so far: a project created here and left with none is removed

            def batch_done(n: int) -> None:
                landed.append(n)
                if on_batch is not None:
                    on_batch(n)

            try:
                created = _import_tasks(client, project.id, plan.create, batch_size, advance, batch_done, claims)
            except BaseException:
                if created_project and not landed:
                    _discard_new_project(client, project.id)
                raise
            predicted = _import_predictions(client, project.id, plan.predict, batch_size, advance, claims)
    return PushSummary(
        project.id, created_project, created, predicted, len(plan.skip), duplicates, False, stale_instructions,
        stale_view, first,
    )


def _discard_new_project(client, project_id: int) -> None:
    """Delete the project this push created when its first import failed, so a failed push
    leaves nothing behind; only ever called for a project created in the same push. Best
    effort: the import's own error is the one to report."""
    try:
        client.projects.delete(project_id)
    except Exception:
        pass


def _import_tasks(client, project_id, docs, batch_size, advance, on_batch, claims=DEFAULT_CLAIMS) -> int:
    """Import new tasks batch by batch; a failed batch is re-planned against what the server holds."""
    created = 0
    for start in range(0, len(docs), batch_size):
        batch = _send_with_retries(
            docs[start : start + batch_size],
            send=lambda batch: client.projects.import_tasks(
                project_id, request=[document_to_task(d, claims=claims) for d in batch], request_options=LS.NO_RETRY
            ),
            still_missing=lambda batch, present: [d for d in batch if d.id not in present],
            present=lambda: existing_tasks(client, project_id)[0],
        )
        created += len(batch)
        advance(len(docs[start : start + batch_size]))
        if on_batch is not None:
            on_batch(created)
    return created


def _import_predictions(client, project_id, pairs, batch_size, advance, claims=DEFAULT_CLAIMS) -> int:
    """Add a prediction to tasks that already exist; annotations are never read or written here."""
    added = 0
    for start in range(0, len(pairs), batch_size):
        batch = _send_with_retries(
            pairs[start : start + batch_size],
            send=lambda batch: client.projects.import_predictions(
                project_id,
                request=[{"task": task_id, **document_to_prediction(doc, claims=claims)} for task_id, doc in batch],
                request_options=LS.NO_RETRY,
            ),
            still_missing=lambda batch, present: [
                (t, d) for t, d in batch
                if d.id not in present or model_version_of(d) not in present[d.id].model_versions
            ],
            present=lambda: existing_tasks(client, project_id)[0],
        )
        added += len(batch)
        advance(len(pairs[start : start + batch_size]))
    return added


def _send_with_retries(batch: list, *, send, still_missing, present) -> list:
    """Send one batch with our own retries (the SDK's are off: a retried POST can import twice).
    After a transient failure the batch is cut to what the server does not hold yet, since the
    failed request may have landed. Returns what this call sent and the server now holds."""
    for attempt in range(RETRIES + 1):
        try:
            send(batch)
            return batch
        except Exception as e:
            if attempt == RETRIES or not _transient(e):
                raise
            time.sleep(2**attempt)
            batch = still_missing(batch, present())
            if not batch:
                return batch
    return batch


def _transient(e: Exception) -> bool:
    """Worth a retry: the connection broke or the server failed, not a request it rejected."""
    import httpx

    status = getattr(e, "status_code", None)
    if isinstance(status, int):
        return status >= 500 or status in (408, 429)
    return isinstance(e, (httpx.TransportError,))


class _progress_bar:
    """A rich bar on stderr while tasks are sent; silent when not wanted (tests, pipes)."""

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled and total > 0
        self.progress: Any = None

    def __enter__(self):
        if not self.enabled:
            return lambda n: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("pushing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=Console(stderr=True), transient=True,
        )
        self.progress.start()
        task = self.progress.add_task("push", total=self.total)
        return lambda n: self.progress.advance(task, n)

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()
        return False
