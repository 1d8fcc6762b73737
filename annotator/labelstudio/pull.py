"""Bring reviewed tasks back from Label Studio as ``Document`` records with their review state.

One JSON export (not JSON_MIN, which drops region ids and relations; not paging
the task list, which is more than twice as slow) gives every task with all its
annotations. Whether a reviewer changed anything is judged against what they saw:
the prediction Label Studio stores on annotations made through the API or UI, else
the description of push's prediction in the task's data; all predictions are
fetched (one more request) only when neither will do.
When a task has several annotations, a policy picks
the one the record is built from:

* ``ground-truth`` (default): an annotation flagged ground truth wins; among
  several, the latest. Otherwise the latest submitted (not skipped) annotation.
* ``latest``: the latest submitted annotation, ground-truth flags ignored.
* ``first``: the earliest submitted annotation (the first reviewer's word).

Under every policy a task whose only annotations are skips comes back as
``skipped``, built from its latest prediction. "Latest" is by ``updated_at``,
then annotation id. Regions whose offsets do not match their text are
re-anchored when the text sits unambiguously nearby, else reported and left
out (see ``tasks.anchor_span``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.io import atomic_write_lines
from annotator.records import Document, Review, ReviewStatus

from . import client as LS
from .tasks import Problem, annotation_to_document, needs_predictions, prediction_for, prediction_to_document

POLICIES = ("ground-truth", "latest", "first")


@dataclass
class PullSummary:
    written: int = 0
    statuses: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)


def _when(annotation: dict[str, Any]) -> tuple[str, int]:
    return str(annotation.get("updated_at") or annotation.get("created_at") or ""), annotation.get("id") or 0


def choose_annotation(annotations: list[dict[str, Any]], policy: str = "ground-truth") -> dict[str, Any] | None:
    """The annotation a task's record is built from, under ``policy`` (see the module docstring)."""
    if policy not in POLICIES:
        raise AnnotatorError(f"unknown policy {policy!r}: choose one of {', '.join(POLICIES)}")
    submitted = [a for a in annotations if not a.get("was_cancelled")]
    if not submitted:
        return max(annotations, key=_when, default=None)
    if policy == "first":
        return min(submitted, key=_when)
    if policy == "ground-truth":
        flagged = [a for a in submitted if a.get("ground_truth")]
        if flagged:
            return max(flagged, key=_when)
    return max(submitted, key=_when)


def task_to_document(
    task: dict[str, Any], policy: str = "ground-truth", users: dict[int, str] | None = None
) -> tuple[Document, list[Problem]]:
    """The record for one exported task: its chosen annotation, or its prediction if nobody reviewed it."""
    chosen = choose_annotation(task.get("annotations") or [], policy)
    if chosen is None:
        return prediction_to_document(task)
    if chosen.get("was_cancelled"):
        doc, problems = prediction_to_document(task, prediction_for(task, chosen))
        skipped, _ = annotation_to_document(task, chosen, users)
        doc.review = skipped.review
        return doc, problems
    return annotation_to_document(task, chosen, users)


def pull_documents(
    client, project_id: int, *, policy: str = "ground-truth", only_reviewed: bool = True
) -> tuple[list[Document], list[Problem]]:
    tasks = LS.export_tasks(client, project_id, all_tasks=not only_reviewed, with_predictions=False)
    if only_reviewed:
        tasks = [t for t in tasks if t.get("annotations")]
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
