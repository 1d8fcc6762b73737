"""How good the machine's first pass was, judged by what reviewers kept.

This is the product's real-world quality figure, so it is deliberately plain:
a predicted span is right when a reviewed record has a span with the same label
and exactly the same offsets (reviewers who nudge a boundary are telling us the
boundary was wrong). Per source type, an attribution is right when its cue
offsets and its source type both match. Per speaker, likewise with the
speaker: a claim the machine credited to Jon Lansman is a true positive for
him when the reviewed record has that cue credited to him too, a false
positive when the reviewer dropped the claim or named someone else, and a
claim reviewers credit to him that the machine missed or gave to another is a
false negative; so a newsroom sees whose quotes the machine gets wrong. Names
are matched case- and space-insensitively and shown as reviewers spelled them;
attributions without a speaker count under ``(unnamed)``. Only documents whose review status is
verified, corrected or rejected count; skipped and unreviewed ones say nothing. A rejected
document's pre-annotation is wrong as a whole (docs/guidelines.md, 9), so every prediction
in it is a false positive, whether or not the reviewer also deleted its regions; regions the
reviewer drew there besides are false negatives.

Agreement between annotators, where a task has several submitted annotations:
span F1 pooled over every pair of annotations on a task, and Cohen's kappa on
the document verdict (verified / corrected / rejected) over the same pairs,
each pair counted in both orders so the figure does not depend on who came first.
Kappa is undefined (``None``, shown as n/a) when chance agreement is total (every verdict the
same: no variance) or when fewer than two tasks have a pair: chance agreement is estimated
from the verdicts themselves, so on one task any disagreement would read as -1.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from typing import Any

from annotator.evaluate import Counts
from annotator.records import Document, ReviewStatus

from annotator.formats.labelstudio import config as C

JUDGED = {ReviewStatus.verified, ReviewStatus.corrected, ReviewStatus.rejected}


def span_set(doc: Document) -> set[tuple[str, int, int]]:
    """(label, start, end) for every span, labelled as the labeling config labels it."""
    found = set()
    for kind, items in ((C.ATTRIBUTION, doc.attributions), (C.HEDGE, doc.hedges)):
        for item in items:
            for field in C.span_fields(kind):
                span = getattr(item, field)
                if span is not None:
                    found.add((C.span_label(kind, field), span.start, span.end))
    return found


def _typed_cues(doc: Document) -> set[tuple[str, int, int]]:
    return {
        (a.source_type.value if a.source_type else "none", a.cue.start, a.cue.end) for a in doc.attributions
    }


UNNAMED = "(unnamed)"
NA = "n/a"  # an undefined figure (no predictions, no reference, no variance), never a number
SPEAKER_ROWS = 15  # speakers in the plain-text table, most errors first; --json has them all


def _speaker_key(speaker: str | None) -> str:
    name = " ".join((speaker or "").split())
    return name.casefold() if name else UNNAMED


def _speaker_cues(doc: Document, spellings: dict[str, Counter]) -> set[tuple[str, int, int]]:
    """(speaker key, cue start, cue end) per attribution; each key's spellings are tallied on the way."""
    found = set()
    for a in doc.attributions:
        key = _speaker_key(a.speaker)
        spellings.setdefault(key, Counter())[" ".join(a.speaker.split()) if key != UNNAMED else UNNAMED] += 1
        found.add((key, a.cue.start, a.cue.end))
    return found


def _judged(gold: set, pred: set, status: ReviewStatus) -> set:
    """What the reviewer kept: in a rejected document, nothing the machine predicted."""
    return gold - pred if status is ReviewStatus.rejected else gold


def _count(gold: set, pred: set, table: dict[str, Counts]) -> None:
    for label, *_ in gold | pred:
        table.setdefault(label, Counts())
    for item in pred:
        table[item[0]].tp += item in gold
        table[item[0]].fp += item not in gold
    for item in gold - pred:
        table[item[0]].fn += 1


def compare(pairs: Iterable[tuple[Document, Document]]) -> dict[str, Any]:
    """P/R/F1 of predicted records against reviewed ones, for (predicted, reviewed) pairs."""
    by_label: dict[str, Counts] = {}
    by_source_type: dict[str, Counts] = {}
    by_speaker: dict[str, Counts] = {}
    reviewed_spellings: dict[str, Counter] = {}
    predicted_spellings: dict[str, Counter] = {}
    statuses: Counter = Counter()
    judged = 0
    for predicted, reviewed in pairs:
        status = reviewed.review.status if reviewed.review else ReviewStatus.unreviewed
        statuses[status.value] += 1
        if status not in JUDGED:
            continue
        judged += 1
        for gold, pred, table in (
            (span_set(reviewed), span_set(predicted), by_label),
            (_typed_cues(reviewed), _typed_cues(predicted), by_source_type),
            (_speaker_cues(reviewed, reviewed_spellings), _speaker_cues(predicted, predicted_spellings), by_speaker),
        ):
            _count(_judged(gold, pred, status), pred, table)
    total = Counts()
    for c in by_label.values():
        total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn

    def shown(key: str) -> str:
        tally = reviewed_spellings.get(key) or predicted_spellings[key]
        return sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    speakers = {shown(k): v.to_dict() for k, v in by_speaker.items()}
    return {
        "documents": {"judged": judged, "by_status": dict(sorted(statuses.items()))},
        "spans": total.to_dict(),
        "by_label": {k: v.to_dict() for k, v in sorted(by_label.items())},
        "by_source_type": {k: v.to_dict() for k, v in sorted(by_source_type.items())},
        "by_speaker": dict(sorted(speakers.items(), key=lambda kv: (kv[0] == UNNAMED, kv[0].casefold(), kv[0]))),
    }


MIN_KAPPA_TASKS = 2  # chance agreement estimated from one task's verdicts is that task's own


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Kappa for two raters' labels; None when chance agreement is total (nothing to measure)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def agreement(per_task: Iterable[list[Document]]) -> dict[str, Any]:
    """Span F1 and verdict kappa between the submitted annotations of each task."""
    overlap = sizes = pair_count = tasks = 0
    verdicts: list[tuple[str, str]] = []
    for docs in per_task:
        docs = [d for d in docs if d.review and d.review.status in JUDGED]
        if len(docs) < 2:
            continue
        tasks += 1
        for a, b in itertools.combinations(docs, 2):
            sa, sb = span_set(a), span_set(b)
            overlap += 2 * len(sa & sb)
            sizes += len(sa) + len(sb)
            pair_count += 1
            verdicts += [(a.review.status.value, b.review.status.value), (b.review.status.value, a.review.status.value)]
    return {
        "tasks": tasks,
        "pairs": pair_count,
        "span_f1": (overlap / sizes if sizes else (1.0 if pair_count else None)),
        "verdict_kappa": cohen_kappa(verdicts) if tasks >= MIN_KAPPA_TASKS else None,
    }


def stats_from_tasks(tasks: list[dict[str, Any]], policy: str = "ground-truth", users=None) -> dict[str, Any]:
    """Both figures from one project export: the chosen annotation (as pull would choose it)
    against the prediction that reviewer started from."""
    from .pull import choose_annotation, task_to_document
    from annotator.formats.labelstudio.tasks import annotation_to_document, prediction_for, prediction_to_document

    pairs = []
    per_task = []
    for task in tasks:
        chosen = choose_annotation(task.get("annotations") or [], policy)
        if chosen is None:
            continue
        try:
            reviewed, _ = task_to_document(task, policy, users)
            parent = prediction_for(task, chosen)
            predicted, _ = prediction_to_document({**task, "predictions": [parent] if parent else []})
            submitted = [a for a in task["annotations"] if not a.get("was_cancelled")]
            per_task.append([annotation_to_document(task, a, users)[0] for a in submitted])
        except ValueError:
            continue  # not a task annotator pushed (no doc_id); pull reports those
        pairs.append((predicted, reviewed))
    report = compare(pairs)
    report["agreement"] = agreement(per_task)
    return report


def stats_from_files(reviewed: Iterable[Document], predicted: Iterable[Document]) -> dict[str, Any]:
    """Figures from pulled records and the records file that was pushed; agreement needs the server."""
    by_id = {d.id: d for d in predicted}
    pairs = [(by_id[d.id], d) for d in reviewed if d.id in by_id]
    report = compare(pairs)
    report["agreement"] = None
    return report


def format_table(report: dict[str, Any]) -> str:
    """A plain-text table, for people; ``--json`` is for machines."""
    from io import StringIO

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    def pct(x):
        return NA if x is None else f"{100 * x:.1f}"

    table = Table(title=f"Pre-annotations vs reviewed ({report['documents']['judged']} document(s) judged)")
    for col in ("", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if not col else "right")
    rows = [("all spans", report["spans"])] + list(report["by_label"].items())
    rows += [(f"source type: {k}", v) for k, v in report["by_source_type"].items()]
    speakers = report.get("by_speaker") or {}
    worst = sorted(speakers.items(), key=lambda kv: (-(kv[1]["fp"] + kv[1]["fn"]), -kv[1]["tp"], kv[0]))
    rows += [(f"speaker: {escape(k)}", v) for k, v in worst[:SPEAKER_ROWS]]  # names are data, not markup
    for name, c in rows:
        table.add_row(name, pct(c["precision"]), pct(c["recall"]), pct(c["f1"]), str(c["tp"]), str(c["fp"]), str(c["fn"]))
    out = StringIO()
    console = Console(file=out, width=100, no_color=True)
    console.print(table)
    if len(worst) > SPEAKER_ROWS:
        console.print(f"speakers: the {SPEAKER_ROWS} with the most errors of {len(worst)}; --json lists them all")
    statuses = ", ".join(f"{k} {v}" for k, v in report["documents"]["by_status"].items())
    console.print(f"review status: {statuses or 'none'}")
    agree = report.get("agreement")
    if agree is not None:
        kappa = NA if agree["verdict_kappa"] is None else f"{agree['verdict_kappa']:.3f}"
        console.print(
            f"agreement: {agree['tasks']} task(s) with several annotations, {agree['pairs']} pair(s), "
            f"span F1 {pct(agree['span_f1'])}, verdict kappa {kappa}"
        )
    return out.getvalue().rstrip("\n")
