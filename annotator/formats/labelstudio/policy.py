"""Which annotation of a task its record is built from (``pull --policy``), and that record.

* ``ground-truth`` (default): an annotation flagged ground truth wins; among
  several, the latest. Otherwise the latest submitted (not skipped) annotation.
* ``latest``: the latest submitted annotation, ground-truth flags ignored.
* ``first``: the earliest submitted annotation (the first reviewer's word).

Under every policy a task whose only annotations are skips comes back as
``skipped``, built from its latest prediction. "Latest" is by ``updated_at``,
then annotation id.
"""

from __future__ import annotations

from typing import Any

from annotator.errors import AnnotatorError
from annotator.records import Document

from .tasks import Problem, annotation_to_document, prediction_for, prediction_to_document

POLICIES = ("ground-truth", "latest", "first")


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
