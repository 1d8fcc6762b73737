"""Bring reviewed tasks back from Label Studio as ``Document`` records with their review state.

One JSON export (not JSON_MIN, which drops region ids and relations; not paging
the task list, which is more than twice as slow) gives every task with all its
annotations. Whether a reviewer changed anything is judged against what they saw:
the prediction Label Studio stores on annotations made through the API or UI, else
the description of push's prediction in the task's data; all predictions are
fetched (one more request) only when neither will do.
When a task has several annotations, a policy picks the one the record is built from
(``annotator.formats.labelstudio.policy``). Regions whose offsets do not match their text are
re-anchored when the text sits unambiguously nearby, else reported and left
out (see ``tasks.anchor_span``).
A task imported as plain text (``{"text": ...}``, pre-annotated by the ML backend
rather than pushed) has no document id of ours; its record is named ``task-<task id>``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.formats.labelstudio import config as C
from annotator.formats.labelstudio.policy import choose_annotation, task_to_document
from annotator.formats.labelstudio.tasks import Problem, needs_predictions
from annotator.io import atomic_write_lines
from annotator.records import Document, Review, ReviewStatus

from . import client as LS

@dataclass
class PullSummary:
    written: int = 0
    statuses: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)


def pull_documents(
    client, project_id: int, *, policy: str = "ground-truth", only_reviewed: bool = True
) -> tuple[list[Document], list[Problem]]:
    tasks = LS.export_tasks(client, project_id, all_tasks=not only_reviewed, with_predictions=False)
    if only_reviewed:
        tasks = [t for t in tasks if t.get("annotations")]
    for task in tasks:
        name_plain_task(task)
    if any(needs_predictions(t, choose_annotation(t.get("annotations") or [], policy)) for t in tasks):
        LS.attach_predictions(client, project_id, tasks)
    users = LS.user_names(client)
    docs: list[Document] = []
    problems: list[Problem] = []
    for task in sorted(tasks, key=lambda t: t.get("id") or 0):
        try:
            doc, found = task_to_document(task, policy, users)
        except ValueError as e:
            problems.append(Problem(str((task.get("data") or {}).get("doc_id")), None, f"task {task.get('id')}: {e}"))
            continue
        docs.append(doc)
        problems.extend(found)
    return docs, problems


def name_plain_task(task: dict) -> None:
    """Give a task imported as plain text the document id ``task-<id>``; pushed tasks keep theirs."""
    data = task.get("data")
    if isinstance(data, dict) and isinstance(data.get(C.TEXT), str) and data.get("doc_id") is None:
        data["doc_id"] = f"task-{task.get('id')}"


def pull_records(
    title: str, output: str | Path, *, policy: str = "ground-truth", only_reviewed: bool = True
) -> PullSummary:
    """Write the project's reviewed records to ``output``; the old file survives any failure."""
    choose_annotation([], policy)  # refuse a bad policy before touching the network
    conn = LS.connection_settings()
    client = LS.make_client(conn)
    with LS.server_errors(conn):
        project = LS.require_our_project(client, title)
        docs, problems = pull_documents(client, project.id, policy=policy, only_reviewed=only_reviewed)
    summary = PullSummary(problems=problems)
    summary.written = atomic_write_lines(output, (d.model_dump_json() for d in docs))
    summary.statuses = Counter((d.review or Review(status=ReviewStatus.unreviewed)).status.value for d in docs)
    return summary
