"""What ``annotator train`` learns from: the documents whose cues a person vouches for.

Three kinds of input say which cues are right, each in its own way:

- records pulled from Label Studio carry a ``review``: ``verified`` and ``corrected`` documents
  are ground truth (every attribution in them is one the reviewer kept or added, so a
  prediction that is missing was deleted); ``rejected``, ``skipped`` and ``unreviewed`` ones
  say nothing reliable and are left out, counted;
- gold files, as ``annotator eval`` reads them: ``optional`` items count neither way, and a
  document marked ``no_attribution_gold`` is left out;
- corpora imported from brat (a records file ``annotator import --format brat`` wrote, or the
  brat folder itself): people's annotations, with no review and no ``model``.

A record with no review but a ``model`` is the machine's own pre-annotation: nobody checked it,
so it is left out as ``unreviewed``. A document id given again in a later file replaces the
earlier one (a newer pull of the same project).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..detect.found import Offsets
from ..errors import AnnotatorError
from ..gold import GoldDocument
from ..records import Document, ReviewStatus
from ..records_file import read_records_or_gold

GOLD = "gold"
IMPORTED = "imported"  # a corpus read from brat (or written by hand): people's annotation, no review
NOT_ANNOTATED = "not_annotated"  # a gold document whose attributions were never annotated
GROUND_TRUTH = (ReviewStatus.verified.value, ReviewStatus.corrected.value, GOLD, IMPORTED)
LEFT_OUT = (ReviewStatus.rejected.value, ReviewStatus.skipped.value, ReviewStatus.unreviewed.value, NOT_ANNOTATED)


@dataclass
class TrainingDoc:
    """One document a person vouches for: the cues to find, and the ones that count neither way."""

    id: str
    text: str
    path: str
    status: str
    cues: list[Offsets]
    optional: list[Offsets]
    record: dict  # as eval reads it (items with ``optional``), for scoring held-out documents

    def label(self, cue: Offsets) -> int | None:
        """1 when a candidate's cue is one of the document's cues, None when it is only an
        optional one (neither kept nor deleted), else 0: a reviewer deleted it or never wanted it."""
        if any(_overlaps(cue, c) for c in self.cues):
            return 1
        if any(_overlaps(cue, c) for c in self.optional):
            return None
        return 0


@dataclass
class InputSummary:
    """What was read and what of it was used, for the model's meta and the command's summary."""

    files: list[dict] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)  # every document read, by status
    replaced: int = 0

    @property
    def used(self) -> int:
        return sum(self.statuses[s] for s in GROUND_TRUTH)

    @property
    def left_out(self) -> dict[str, int]:
        return {s: self.statuses[s] for s in LEFT_OUT if self.statuses[s]}

    def to_dict(self) -> dict:
        return {
            "files": self.files,
            "used": self.used,
            "by_status": dict(sorted(self.statuses.items())),
            "left_out": self.left_out,
            "replaced_by_a_later_file": self.replaced,
        }


def read_inputs(paths: list[str]) -> tuple[list[TrainingDoc], InputSummary]:
    """Every ground-truth document of ``paths`` in order, and the counts of all that were read."""
    summary = InputSummary()
    chosen: dict[str, tuple[str, TrainingDoc | None]] = {}  # id -> (status, the document if used)
    for path in paths:
        counts: Counter = Counter()
        for doc in _read_file(path):
            status = status_of(doc)
            counts[status] += 1
            if doc.id in chosen:
                summary.replaced += 1
                del chosen[doc.id]
            chosen[doc.id] = (status, training_doc(doc, str(path), status) if status in GROUND_TRUTH else None)
        summary.files.append({"path": str(path), "documents": sum(counts.values()), "by_status": dict(sorted(counts.items()))})
    summary.statuses = Counter(status for status, _ in chosen.values())
    return [d for _, d in chosen.values() if d is not None], summary


def _read_file(path: str):
    p = Path(path)
    if p.is_dir() or p.suffix == ".ann":
        from ..importers.brat import read_brat

        yield from read_brat(p)
        return
    for _, doc in read_records_or_gold(p):
        yield doc


def status_of(doc: Document | GoldDocument) -> str:
    if isinstance(doc, GoldDocument):
        return NOT_ANNOTATED if doc.no_attribution_gold else GOLD
    if doc.review is not None:
        return doc.review.status.value
    return ReviewStatus.unreviewed.value if doc.model else IMPORTED


def training_doc(doc: Document | GoldDocument, path: str, status: str) -> TrainingDoc:
    cues, optional = [], []
    for a in doc.attributions:
        (optional if getattr(a, "optional", False) else cues).append((a.cue.start, a.cue.end))
    return TrainingDoc(doc.id, doc.text, path, status, cues, optional, doc.model_dump(mode="json"))


def require_some(docs: list[TrainingDoc], summary: InputSummary, paths: list[str]) -> None:
    """Refuse to train on nothing: one line naming the files and what they held instead."""
    if docs:
        return
    held = ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items())) or "no documents"
    raise AnnotatorError(
        f"no reviewed document to learn from ({held}); train needs verified or corrected records, "
        "a gold file or an imported corpus",
        path=", ".join(str(p) for p in paths),
    )


def _overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]
