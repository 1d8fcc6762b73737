"""Score predicted records against gold records.

Everything here works on plain record dicts (one JSON document per line), not on
:class:`annotator.records.Document`: gold files carry keys the product model forbids
(``optional`` on items, ``no_hedge_gold`` / ``no_attribution_gold`` on documents) and
hedge ``kind`` values from other annotation schemes.

Matching, per document and per layer: a predicted item matches a gold item when their
cue spans share at least one character (offsets are end-exclusive). Matching is one to
one and is a maximum bipartite matching (augmenting paths), so no gold item is "stolen"
by a prediction that had another option. Non-optional gold items are matched first, so
the number of true positives is as large as possible, and then optional gold items absorb
what predictions they can, so the number of false positives is as small as possible.
Among equally large matchings, larger cue overlaps are tried first (a preference, not a
guarantee of maximum total overlap).

A prediction matched to an ``optional`` gold item counts neither as TP nor FP; an
unmatched optional gold item is not a FN.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from os import PathLike
from typing import Any

from annotator.errors import AnnotatorError
from annotator.records_file import read_gold

ATTRIBUTION = "attribution"
HEDGE = "hedge"
_LAYER_KEYS = {ATTRIBUTION: "attributions", HEDGE: "hedges"}
_SKIP_FLAGS = {ATTRIBUTION: "no_attribution_gold", HEDGE: "no_hedge_gold"}
_TOKEN = re.compile(r"\w+")


# --------------------------------------------------------------------------- report types


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


@dataclass
class Counts:
    """True positives, false positives and false negatives for one layer's cues."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        # 2PR/(P+R) written so it stays defined when only one of P and R is.
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class Mean:
    """A running mean (accuracy when every value is 0 or 1); ``value`` is None when n is 0."""

    total: float = 0.0
    n: int = 0

    def add(self, value: float) -> None:
        self.total += value
        self.n += 1

    @property
    def value(self) -> float | None:
        return _ratio(self.total, self.n)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "n": self.n}


@dataclass
class Recall:
    """How many gold items of one type were matched."""

    found: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return _ratio(self.found, self.total)

    def to_dict(self) -> dict[str, Any]:
        return {"recall": self.value, "found": self.found, "total": self.total}


@dataclass(frozen=True)
class EvalError:
    """One false positive or false negative, for error analysis."""

    doc_id: str
    layer: str  # "attribution" or "hedge"
    kind: str  # "fp" or "fn"
    text: str  # the cue text
    start: int
    end: int


@dataclass
class EvalReport:
    """Scores for a set of documents; build it with :func:`score_documents`."""

    documents: int = 0
    attribution_documents: int = 0
    hedge_documents: int = 0
    attribution: Counts = field(default_factory=Counts)
    source_accuracy: Mean = field(default_factory=Mean)
    content_f1: Mean = field(default_factory=Mean)
    source_type_accuracy: Mean = field(default_factory=Mean)
    quote_type_accuracy: Mean = field(default_factory=Mean)
    resolved_source_accuracy: Mean = field(default_factory=Mean)
    speaker_accuracy: Mean = field(default_factory=Mean)
    recall_by_source_type: dict[str, Recall] = field(default_factory=dict)
    hedge: Counts = field(default_factory=Counts)
    recall_by_hedge_kind: dict[str, Recall] = field(default_factory=dict)
    # sentence-level gold (ClaimBuster): a document is predicted check-worthy when any claim in it is
    checkworthy_documents: int = 0
    checkworthy: Counts = field(default_factory=Counts)
    errors: list[EvalError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": {
                "total": self.documents,
                "attribution_scored": self.attribution_documents,
                "hedge_scored": self.hedge_documents,
            },
            "attribution": {
                "cue": self.attribution.to_dict(),
                "source_accuracy": self.source_accuracy.to_dict(),
                "content_f1": self.content_f1.to_dict(),
                "source_type_accuracy": self.source_type_accuracy.to_dict(),
                "quote_type_accuracy": self.quote_type_accuracy.to_dict(),
                "resolved_source_accuracy": self.resolved_source_accuracy.to_dict(),
                "speaker_accuracy": self.speaker_accuracy.to_dict(),
                "recall_by_source_type": {
                    k: v.to_dict() for k, v in sorted(self.recall_by_source_type.items())
                },
            },
            "hedge": {
                "cue": self.hedge.to_dict(),
                "recall_by_kind": {
                    k: v.to_dict() for k, v in sorted(self.recall_by_hedge_kind.items())
                },
            },
            "checkworthy": {"documents": self.checkworthy_documents, **self.checkworthy.to_dict()},
            "errors": [asdict(e) for e in self.errors],
        }

    def rows(self) -> list[tuple[str, float | int | str | None, int]]:
        """(metric, value, n) rows, as printed by :meth:`format_table`."""
        out: list[tuple[str, float | int | str | None, int]] = [
            ("documents", self.documents, self.documents),
            ("documents scored: attributions", self.attribution_documents, self.documents),
            ("documents scored: hedges", self.hedge_documents, self.documents),
        ]
        if self.attribution_documents:
            out += _cue_rows("attribution", self.attribution)
            out += [
                ("attribution source accuracy", self.source_accuracy.value, self.source_accuracy.n),
                ("attribution speaker accuracy", self.speaker_accuracy.value, self.speaker_accuracy.n),
                ("attribution content token F1", self.content_f1.value, self.content_f1.n),
                (
                    "attribution source_type accuracy",
                    self.source_type_accuracy.value,
                    self.source_type_accuracy.n,
                ),
                (
                    "attribution quote_type accuracy",
                    self.quote_type_accuracy.value,
                    self.quote_type_accuracy.n,
                ),
                (
                    "attribution resolved_source accuracy",
                    self.resolved_source_accuracy.value,
                    self.resolved_source_accuracy.n,
                ),
            ]
            for name, r in sorted(self.recall_by_source_type.items()):
                out.append((f"  recall source_type={name}", r.value, r.total))
        if self.hedge_documents:
            out += _cue_rows("hedge", self.hedge)
            for name, r in sorted(self.recall_by_hedge_kind.items()):
                out.append((f"  recall hedge kind={name}", r.value, r.total))
        if self.checkworthy_documents:
            c = self.checkworthy
            out += [
                ("check-worthy documents precision", c.precision, c.tp + c.fp),
                ("check-worthy documents recall", c.recall, c.tp + c.fn),
                ("check-worthy documents F1", c.f1, c.tp + c.fn),
                ("check-worthy documents TP/FP/FN", f"{c.tp}/{c.fp}/{c.fn}", self.checkworthy_documents),
            ]
        return out

    def format_table(self) -> str:
        """A plain-text table (metric, value, n) for the command line."""

        def show(v: float | int | str | None) -> str:
            if v is None:
                return "-"
            if isinstance(v, float):
                return f"{v:.3f}"
            return str(v)

        rows = [("metric", "value", "n")] + [(m, show(v), str(n)) for m, v, n in self.rows()]
        w0 = max(len(r[0]) for r in rows)
        w1 = max(len(r[1]) for r in rows)
        w2 = max(len(r[2]) for r in rows)
        lines = [f"{m:<{w0}}  {v:>{w1}}  {n:>{w2}}" for m, v, n in rows]
        lines.insert(1, "-" * len(lines[0]))
        return "\n".join(lines)


# --------------------------------------------------------------------------- loading


def _cue_rows(layer: str, c: Counts) -> list[tuple[str, float | int | str | None, int]]:
    return [
        (f"{layer} cue precision", c.precision, c.tp + c.fp),
        (f"{layer} cue recall", c.recall, c.tp + c.fn),
        (f"{layer} cue F1", c.f1, c.tp + c.fn),
        (f"{layer} cue TP/FP/FN", f"{c.tp}/{c.fp}/{c.fn}", c.tp + c.fp + c.fn),
    ]


def load_records(path: str | PathLike[str]) -> Iterator[dict]:
    """Yield the documents of a gold or records file one by one, as plain data for the scorer.

    Read through the one reader of records (:mod:`annotator.records_file`) with the gold
    model, so a span whose offsets do not match its text, a duplicate id or a line that is
    not JSON raises :class:`AnnotatorError` naming ``path:line`` instead of being scored.
    """
    for doc in read_gold(path):
        yield doc.model_dump(mode="json")


# --------------------------------------------------------------------------- span helpers


def _bounds(span: Any, what: str, doc_id: str) -> tuple[int, int] | None:
    if span is None:
        return None
    try:
        start, end = span["start"], span["end"]
    except (TypeError, KeyError):
        raise AnnotatorError(f"document {doc_id!r}: {what} is not a span with start and end")
    if not isinstance(start, int) or not isinstance(end, int) or end < start or start < 0:
        raise AnnotatorError(f"document {doc_id!r}: {what} has bad offsets {start!r}:{end!r}")
    return start, end


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    """Number of characters two end-exclusive spans share (0 if either is missing)."""
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _tokens(text: str, span: tuple[int, int]) -> set[tuple[int, int]]:
    """Word tokens inside a span, as document character positions."""
    start, end = span
    return {(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])}


def content_token_f1(text: str, gold: tuple[int, int] | None, pred: tuple[int, int] | None) -> float:
    """Token-overlap F1 of two content spans of ``text``, tokens compared by position.

    Both missing scores 1.0, one missing 0.0.
    """
    if gold is None and pred is None:
        return 1.0
    if gold is None or pred is None:
        return 0.0
    g, p = _tokens(text, gold), _tokens(text, pred)
    if not g and not p:
        return 1.0
    return 2 * len(g & p) / (len(g) + len(p))


# --------------------------------------------------------------------------- matching


def match_spans(
    gold: list[tuple[int, int]],
    pred: list[tuple[int, int]],
    optional: list[bool] | None = None,
) -> dict[int, int]:
    """One-to-one matching of overlapping spans: ``{gold index: pred index}``.

    Gold items are added one at a time with augmenting paths (Kuhn's algorithm), all
    non-optional ones before any optional one. A gold item once matched stays matched as
    later ones are added, so the result matches as many non-optional gold items as any
    matching can, and as many items in total as any such matching can. Candidates are tried
    in order of decreasing overlap so larger overlaps are preferred.
    """
    optional = optional or [False] * len(gold)
    edges: list[list[int]] = []
    for g in gold:
        cands = [(_overlap(g, p), j) for j, p in enumerate(pred)]
        cands = [c for c in cands if c[0] > 0]
        cands.sort(key=lambda c: (-c[0], c[1]))
        edges.append([j for _, j in cands])

    def best(i: int) -> int:
        return _overlap(gold[i], pred[edges[i][0]]) if edges[i] else 0

    order = sorted(range(len(gold)), key=lambda i: (optional[i], -best(i), i))
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in order:
        if edges[i]:
            augment(i, set())
    return {i: j for j, i in owner.items()}


# --------------------------------------------------------------------------- scoring


def _as_dict(doc: Any) -> dict:
    if isinstance(doc, dict):
        return doc
    dump = getattr(doc, "model_dump", None)  # accept annotator.records.Document too
    if dump is not None:
        return dump(mode="json")
    raise AnnotatorError(f"expected a document record, got {type(doc).__name__}")


def _doc_id(doc: dict, side: str) -> str:
    doc_id = doc.get("id")
    if not isinstance(doc_id, str):
        raise AnnotatorError(f"{side} document without a string 'id'")
    if not isinstance(doc.get("text"), str):
        raise AnnotatorError(f"{side} document {doc_id!r} has no string 'text'")
    return doc_id


def _cue_text(text: str, item: dict, span: tuple[int, int]) -> str:
    cue = item.get("cue") or {}
    return cue.get("text") if isinstance(cue.get("text"), str) else text[span[0] : span[1]]


def _score_layer(report: EvalReport, layer: str, doc_id: str, text: str, gold_doc: dict, pred_doc: dict) -> None:
    key = _LAYER_KEYS[layer]
    gold_items = gold_doc.get(key) or []
    pred_items = pred_doc.get(key) or []
    gold_cues = [_bounds(g.get("cue"), f"gold {layer} cue", doc_id) for g in gold_items]
    pred_cues = [_bounds(p.get("cue"), f"predicted {layer} cue", doc_id) for p in pred_items]
    if None in gold_cues or None in pred_cues:
        raise AnnotatorError(f"document {doc_id!r}: a {layer} has no cue")
    optional = [bool(g.get("optional", False)) for g in gold_items]
    matches = match_spans(gold_cues, pred_cues, optional)  # type: ignore[arg-type]
    counts = report.attribution if layer == ATTRIBUTION else report.hedge
    matched_preds = set(matches.values())

    for i, g in enumerate(gold_items):
        j = matches.get(i)
        if optional[i]:
            continue  # neutral either way
        # breakdowns of recall by gold type
        if layer == ATTRIBUTION:
            typ = g.get("source_type")
            breakdown = report.recall_by_source_type
        else:
            typ = g.get("kind")
            breakdown = report.recall_by_hedge_kind
        if typ is not None:
            r = breakdown.setdefault(str(typ), Recall())
            r.total += 1
            r.found += j is not None
        if j is None:
            counts.fn += 1
            s, e = gold_cues[i]  # type: ignore[misc]
            report.errors.append(EvalError(doc_id, layer, "fn", _cue_text(text, g, (s, e)), s, e))
            continue
        counts.tp += 1
        if layer == ATTRIBUTION:
            _score_attribution_pair(report, doc_id, text, g, pred_items[j])

    for j, p in enumerate(pred_items):
        if j not in matched_preds:
            counts.fp += 1
            s, e = pred_cues[j]  # type: ignore[misc]
            report.errors.append(EvalError(doc_id, layer, "fp", _cue_text(text, p, (s, e)), s, e))


def _score_attribution_pair(report: EvalReport, doc_id: str, text: str, g: dict, p: dict) -> None:
    g_src = _bounds(g.get("source"), "gold source", doc_id)
    p_src = _bounds(p.get("source"), "predicted source", doc_id)
    if g_src is None:
        report.source_accuracy.add(float(p_src is None))
    else:
        report.source_accuracy.add(float(_overlap(g_src, p_src) > 0))
    report.content_f1.add(
        content_token_f1(
            text,
            _bounds(g.get("content"), "gold content", doc_id),
            _bounds(p.get("content"), "predicted content", doc_id),
        )
    )
    for name, acc in (("source_type", report.source_type_accuracy), ("quote_type", report.quote_type_accuracy)):
        if g.get(name) is not None:
            acc.add(float(p.get(name) == g.get(name)))
    g_res = _bounds(g.get("resolved_source"), "gold resolved_source", doc_id)
    if g_res is not None:
        # a pronoun's referent: right when the predicted referent overlaps the gold mention
        p_res = _bounds(p.get("resolved_source"), "predicted resolved_source", doc_id)
        report.resolved_source_accuracy.add(float(_overlap(g_res, p_res) > 0))
    speaker = g.get("speaker")
    if isinstance(speaker, str) and speaker.strip():
        report.speaker_accuracy.add(float(names_speaker(text, p, speaker)))


def names_speaker(text: str, pred: dict, speaker: str) -> bool:
    """Whether the prediction points at who really spoke: the mention it resolves its source
    to (else the source itself) holds the last word of the gold speaker's name, as
    ``../shared/eval/README.md`` scores it. 'he' resolved to 'Lansman' names 'Jon Lansman'."""
    span = pred.get("resolved_source") or pred.get("source")
    if not isinstance(span, dict) or not isinstance(span.get("start"), int) or not isinstance(span.get("end"), int):
        return False
    last = speaker.split()[-1].lower()
    return last in {w.lower() for w in _TOKEN.findall(text[span["start"]:span["end"]])}


def _score_checkworthy(report: EvalReport, gold: bool, pdoc: dict) -> None:
    """Sentence-level gold: the document is predicted check-worthy when any of its claims is."""
    claims = pdoc.get("claims") or []
    predicted = any(isinstance(c, dict) and c.get("checkworthy") is True for c in claims)
    report.checkworthy_documents += 1
    if predicted and gold:
        report.checkworthy.tp += 1
    elif predicted:
        report.checkworthy.fp += 1
    elif gold:
        report.checkworthy.fn += 1


def score_documents(gold: Iterable[Any], pred: Iterable[Any]) -> EvalReport:
    """Score predicted documents against gold documents, paired by ``id``.

    A gold document with no prediction counts as predicting nothing; a predicted document
    with no gold, duplicate ids or differing texts raise :class:`AnnotatorError`.
    """
    predicted: dict[str, dict] = {}
    for doc in pred:
        doc = _as_dict(doc)
        doc_id = _doc_id(doc, "predicted")
        if doc_id in predicted:
            raise AnnotatorError(f"predicted document id {doc_id!r} appears more than once")
        predicted[doc_id] = doc

    report = EvalReport()
    seen: set[str] = set()
    for gdoc in gold:
        gdoc = _as_dict(gdoc)
        doc_id = _doc_id(gdoc, "gold")
        if doc_id in seen:
            raise AnnotatorError(f"gold document id {doc_id!r} appears more than once")
        seen.add(doc_id)
        text = gdoc["text"]
        pdoc = predicted.get(doc_id, {"id": doc_id, "text": text})
        if pdoc["text"] != text:
            raise AnnotatorError(
                f"document {doc_id!r}: predicted text differs from the gold text "
                f"({len(pdoc['text'])} vs {len(text)} characters)"
            )
        report.documents += 1
        for layer in (ATTRIBUTION, HEDGE):
            if gdoc.get(_SKIP_FLAGS[layer]):
                continue
            if layer == ATTRIBUTION:
                report.attribution_documents += 1
            else:
                report.hedge_documents += 1
            _score_layer(report, layer, doc_id, text, gdoc, pdoc)
        if gdoc.get("checkworthy") is not None:
            _score_checkworthy(report, bool(gdoc["checkworthy"]), pdoc)

    unknown = sorted(set(predicted) - seen)
    if unknown:
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        raise AnnotatorError(
            f"{len(unknown)} predicted document(s) have no gold: "
            + ", ".join(repr(u) for u in unknown[:3])
            + more
        )
    return report
