"""Label Studio task JSON: what ``annotator push`` sends, as a file a project can import.

Each record becomes one task with the record's findings as a prediction (the same
conversion push uses), and, when the record carries a review, the reviewed
regions as an annotation with the verdict and note. The task's data also keeps
the record's own fields (``annotator_record``: versions and the full review) so
that records -> file -> records loses nothing; Label Studio stores data verbatim.
Like an empty span, a speaker on an attribution without a source is refused:
the speaker is shown and corrected on the SOURCE region.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.formats.labelstudio import RECORD_KEY
from annotator.io import atomic_output
from annotator.records import Document, ReviewStatus

def document_to_file_task(doc: Document) -> dict[str, Any]:
    from annotator.formats.labelstudio import config as C
    from annotator.formats.labelstudio.tasks import document_to_result, document_to_task

    for kind, item, span in doc.iter_spans():
        if span.start == span.end:
            raise AnnotatorError(
                f"record {doc.id!r}: {kind} of {item.id} is empty; Label Studio cannot show an empty region"
            )
    for _, kind, field, region in C.all_text_fields():
        for item in doc.attributions if kind == C.ATTRIBUTION else doc.hedges:
            if getattr(item, field) and getattr(item, region) is None:
                raise AnnotatorError(
                    f"record {doc.id!r}: {item.id} has a {field} but no {region}; Label Studio shows the "
                    f"{field} on the {C.span_label(kind, region)} region"
                )
    task = document_to_task(doc, claims="all")  # a file keeps every claim: records -> file -> records loses none
    task["data"][RECORD_KEY] = {
        "schema_version": doc.schema_version,
        "annotator_version": doc.annotator_version,
        "model": doc.model,
        "review": doc.review.model_dump(mode="json") if doc.review is not None else None,
        # an annotation has no scores: the machine's confidence in each item, for reviewed records
        "scores": {item.id: item.score for item in [*doc.attributions, *doc.hedges, *doc.claims]},
    }
    review = doc.review
    if review is not None and review.status != ReviewStatus.unreviewed:
        result = [] if review.status == ReviewStatus.skipped else document_to_result(doc, claims="all")
        if review.status.value in C.REVIEW_CHOICES:
            result.append({
                "id": "review", "from_name": C.REVIEW, "to_name": C.TEXT, "type": "choices",
                "value": {"choices": [review.status.value]},
            })
        if review.note:
            result.append({
                "id": "note", "from_name": C.NOTE, "to_name": C.TEXT, "type": "textarea",
                "value": {"text": [review.note]},
            })
        annotation: dict[str, Any] = {"result": result, "was_cancelled": review.status == ReviewStatus.skipped}
        if review.annotation_ids:
            annotation["id"] = review.annotation_ids[0]
        if review.updated_at:
            annotation["updated_at"] = review.updated_at
        if review.lead_time is not None:
            annotation["lead_time"] = review.lead_time
        task["annotations"] = [annotation]
    return task


def write_labelstudio(documents: Iterable[Document], path: Path) -> int:
    """One JSON array of tasks (Label Studio's import format), one task per line, streamed
    into a temporary file and renamed: a large corpus never sits in memory as one string."""
    count = 0
    with atomic_output(path, "w") as out:
        out.write("[")
        for doc in documents:
            out.write(",\n" if count else "\n")
            out.write(json.dumps(document_to_file_task(doc), ensure_ascii=False))
            count += 1
        out.write("\n]\n")
    return count
