"""Records <-> Label Studio task JSON, as pure functions over plain dicts.

No SDK and no server here: push, pull, review-stats and any file format that
speaks Label Studio's task JSON share these conversions, and they can be tested
on literal dicts. The vocabulary (labels, choice names, relations) comes from
``config.py``, which reads it from the record models.

A prediction's regions are named ``<item id>-<field>`` (``a3-cue``, ``a3-source``),
so an item's id survives the round trip when a reviewer accepts it; regions a
reviewer draws get Label Studio's random ids and the item takes the cue's id.
When reading regions back, a relation's meaning comes from the labels of the
regions it joins (a CUE joined to a SOURCE is the source), not from the relation's
own label or direction, which reviewers often leave unset or reversed.
An attribution's ``speaker`` is a per-region TextArea on its SOURCE region
(``a3-source``), so a reviewer who redraws or relinks the source keeps or
fixes the speaker with it; a speaker with no source has nowhere to show.
When a SOURCE region is left out (offsets that cannot be placed), a source type that
typed it (``named_person`` ...) is left out with it, and reported: a record must not
type a source it does not have (see ``SOURCELESS_TYPES``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from annotator import __version__
from annotator.records import Attribution, Claim, Document, Hedge, Review, ReviewStatus, SourceType, Span

from . import config as C
from .confidence import document_confidence

ANCHOR_SUFFIX = f"-{C.ANCHOR}"
_WINDOW = 64  # how far (in characters) a mismatched span may have drifted and still be re-anchored


@dataclass(frozen=True)
class Problem:
    """A region that could not be turned into part of a record; pull reports these, never hides them."""

    doc_id: str
    region_id: str | None
    message: str

    def __str__(self) -> str:
        where = f" region {self.region_id}" if self.region_id else ""
        return f"document {self.doc_id}{where}: {self.message}"


# --------------------------------------------------------------------------- records -> tasks


def content_hash(text: str) -> str:
    """What identifies a document's text: a changed text must never meet old annotations."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_version_of(doc: Document) -> str:
    """``<annotator version>/<model>``: a new version or model earns a new prediction."""
    return f"{doc.annotator_version or __version__}/{doc.model or 'unknown'}"


def split_model_version(model_version: str | None) -> tuple[str | None, str | None]:
    """The inverse of :func:`model_version_of`, for records rebuilt from a prediction."""
    if not model_version or "/" not in model_version:
        return None, model_version or None
    version, model = model_version.split("/", 1)
    return version, model


def task_data(doc: Document, prediction: dict[str, Any]) -> dict[str, Any]:
    """The task's ``data``: the text the config shows, plus what push and pull need to know later.

    ``model_version`` and ``prediction_fingerprint`` describe the prediction imported with
    the task; while it is the task's only prediction, push and pull need not fetch it
    (fetching every prediction of a big project costs as much as a third of the export).
    """
    return {
        C.TEXT: doc.text, "doc_id": doc.id, "content_hash": content_hash(doc.text), "meta": doc.meta,
        "model_version": prediction["model_version"], "prediction_fingerprint": facts_fingerprint(prediction["result"]),
    }


CLAIM_SETS = ("all", "checkworthy")  # which claims a task shows: every one, or the check-worthy ones
# Pushed tasks and the ML backend's predictions show the check-worthy claims only: in a long
# article nearly every sentence holds a claim (206 in a 3,500-word feature, 42 check-worthy),
# and marking them all marks nothing. File exports show all, so a file round trip loses none.
DEFAULT_CLAIMS = "checkworthy"


def shown_claims(doc: Document, claims: str = DEFAULT_CLAIMS) -> list[Claim]:
    """The claims a task shows under ``claims`` (one of ``CLAIM_SETS``)."""
    if claims not in CLAIM_SETS:
        raise ValueError(f"unknown claim set {claims!r}: expected one of {', '.join(CLAIM_SETS)}")
    return [c for c in doc.claims if claims == "all" or c.checkworthy]


def document_to_result(doc: Document, claims: str = DEFAULT_CLAIMS) -> list[dict[str, Any]]:
    """The regions, per-region choices and relations that show ``doc``'s findings in Label Studio;
    ``claims`` says which claims (``CLAIM_SETS``)."""
    result: list[dict[str, Any]] = []
    kinds = ((C.ATTRIBUTION, doc.attributions), (C.HEDGE, doc.hedges), (C.CLAIM, shown_claims(doc, claims)))
    for kind, items in kinds:
        anchor = C.anchor_field(kind)
        for item in items:
            anchor_id = f"{item.id}-{anchor}"
            for field in C.span_fields(kind):
                span = getattr(item, field)
                if span is None:
                    continue
                region_id = f"{item.id}-{field}"
                result.append(_labels_region(region_id, span, C.span_label(kind, field), item.score))
                if field != anchor:
                    result.append(_relation(anchor_id, region_id, field))
            for name, _, field, enum in (c for c in C.all_choices() if c[1] == kind):
                value = C.to_choice(enum, getattr(item, field))
                if value is not None:
                    result.append(_choice_region(anchor_id, getattr(item, anchor), name, value))
            for name, _, field, region in (t for t in C.all_text_fields() if t[1] == kind):
                value, host = getattr(item, field), getattr(item, region)
                if value and host is not None:  # no region to show it on: the file export refuses such records
                    result.append(_text_region(f"{item.id}-{region}", host, name, value))
            for hedge_id in getattr(item, "hedge_ids", ()):
                result.append(_relation(anchor_id, f"{hedge_id}{ANCHOR_SUFFIX}", C.HEDGE_RELATION))
            for attribution_id in getattr(item, "attribution_ids", ()):
                result.append(_relation(anchor_id, f"{attribution_id}{ANCHOR_SUFFIX}", C.CLAIM_RELATION))
    return result


def document_to_prediction(doc: Document, model_version: str | None = None, claims: str = DEFAULT_CLAIMS) -> dict[str, Any]:
    """One prediction; its score is the document's confidence (``confidence.py``), so the data
    manager's "Prediction score" column sorts the most doubtful documents first."""
    return {
        "model_version": model_version or model_version_of(doc),
        "score": document_confidence(doc),
        "result": document_to_result(doc, claims),
    }


def document_to_task(doc: Document, model_version: str | None = None, claims: str = DEFAULT_CLAIMS) -> dict[str, Any]:
    """A task ready for bulk import: data plus one prediction."""
    prediction = document_to_prediction(doc, model_version, claims)
    return {"data": task_data(doc, prediction), "predictions": [prediction]}


def _value(span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _labels_region(region_id: str, span, label: str, score: float) -> dict[str, Any]:
    return {
        "id": region_id, "from_name": C.LABELS, "to_name": C.TEXT, "type": "labels",
        "value": {**_value(span), "labels": [label]}, "score": score,
    }


def _choice_region(region_id: str, span, name: str, value: str) -> dict[str, Any]:
    return {
        "id": region_id, "from_name": name, "to_name": C.TEXT, "type": "choices",
        "value": {**_value(span), "choices": [value]},
    }


def _text_region(region_id: str, span, name: str, value: str) -> dict[str, Any]:
    """A per-region TextArea's result: the region's offsets, and ``text`` is the list of entries
    (Label Studio overwrites the span's own ``text`` with it, so the span text is not repeated)."""
    return {
        "id": region_id, "from_name": name, "to_name": C.TEXT, "type": "textarea",
        "value": {"start": span.start, "end": span.end, "text": [value]},
    }


def _relation(from_id: str, to_id: str, label: str) -> dict[str, Any]:
    return {"from_id": from_id, "to_id": to_id, "type": "relation", "direction": "right", "labels": [label]}


# --------------------------------------------------------------------------- offsets


def utf16_to_codepoints(text: str, offset: int) -> int | None:
    """A UTF-16 code-unit offset as a Python string index (None if it splits a surrogate pair)."""
    units = 0
    for index, ch in enumerate(text):
        if units == offset:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > offset:
            return None
    return len(text) if units == offset else None


def anchor_span(text: str, start: Any, end: Any, expected: str | None) -> tuple[int, int] | str:
    """Offsets that really cover ``expected`` in ``text``, or a reason why there are none.

    Label Studio never checks offsets, and some versions counted UTF-16 code units
    (emoji shift everything after them); so a mismatch is first read as UTF-16,
    then looked for nearby, and accepted only if exactly one place fits.
    """
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return f"offsets {start!r}:{end!r} are not integers"
    if expected is None:
        if 0 <= start < end <= len(text):
            return start, end
        return f"offsets {start}:{end} fall outside the text ({len(text)} characters)"
    if not expected:
        return "the region is empty"
    if 0 <= start <= end <= len(text) and text[start:end] == expected:
        return start, end
    s16, e16 = utf16_to_codepoints(text, start), utf16_to_codepoints(text, end)
    if s16 is not None and e16 is not None and text[s16:e16] == expected:
        return s16, e16
    lo = max(0, min(start, len(text)) - _WINDOW)
    hi = min(len(text), max(end, 0) + _WINDOW)
    found = []
    at = text.find(expected, lo)
    while at != -1 and at + len(expected) <= hi:
        found.append(at)
        at = text.find(expected, at + 1)
    if len(found) == 1:
        return found[0], found[0] + len(expected)
    where = f"offsets {start}:{end} cover {text[max(0, start):max(0, end)]!r}, not {expected!r}"
    if not found:
        return f"{where}, and the text is not within {_WINDOW} characters"
    return f"{where}, and it occurs {len(found)} times nearby: cannot tell which is meant"


# --------------------------------------------------------------------------- results -> records


@dataclass
class _Region:
    id: str
    label: str
    start: int
    end: int
    score: float


@lru_cache(maxsize=None)
def _region_label_map() -> dict[str, tuple[str, str]]:
    return {label: (kind, field) for label, kind, field in C.all_span_labels()}


def result_to_items(
    text: str, result: list[dict[str, Any]], doc_id: str, *, keep_scores: bool = False
) -> tuple[list[Attribution], list[Hedge], list[Problem]]:
    """Attributions and hedges from a result (claims: :func:`result_to_findings`)."""
    found = result_to_findings(text, result, doc_id, keep_scores=keep_scores)
    return found.attributions, found.hedges, found.problems


@dataclass
class Findings:
    attributions: list[Attribution]
    hedges: list[Hedge]
    claims: list[Claim]
    problems: list[Problem]


def result_to_findings(
    text: str, result: list[dict[str, Any]], doc_id: str, *, keep_scores: bool = False
) -> Findings:
    """Attributions, hedges and claims from a prediction's or annotation's ``result``.

    Every region that cannot be placed (offsets that do not fit, a SOURCE with no
    cue, an unknown label, a speaker typed on a region that is not a linked SOURCE)
    comes back as a :class:`Problem` and is left out; the
    record never keeps a span whose text disagrees with the document.
    Scores are 1.0 (a person's judgement) unless ``keep_scores``; a claim's score is then the
    reviewer's check-worthiness verdict, 1.0 or 0.0 (see :func:`_claim_fields`).
    A claim is linked to the attributions whose content holds it by a relation from the CLAIM
    to the attribution's CUE, or to any other region of it (its CONTENT, most likely).
    """
    problems: list[Problem] = []
    labels = _region_label_map()
    text_controls = {name for name, *_ in C.all_text_fields()}
    regions: dict[str, _Region] = {}
    dropped: dict[str, str] = {}  # region id -> label, for regions whose offsets could not be placed
    choices: dict[str, dict[str, str]] = {}
    texts: dict[str, dict[str, list[str]]] = {}  # region id -> text control -> entries
    relations = []
    for r in result:
        kind = r.get("type")
        value = r.get("value") or {}
        if kind == "relation":
            relations.append(r)
        elif kind == "labels" and r.get("from_name") == C.LABELS:
            rid = str(r.get("id"))
            names = value.get("labels") or []
            if len(names) != 1 or names[0] not in labels:
                problems.append(Problem(doc_id, rid, f"unknown label(s) {names!r}"))
                continue
            placed = anchor_span(text, value.get("start"), value.get("end"), value.get("text"))
            if isinstance(placed, str):
                problems.append(Problem(doc_id, rid, f"{names[0]} {placed}"))
                dropped[rid] = names[0]
                continue
            score = float(r.get("score", 1.0)) if keep_scores and r.get("score") is not None else 1.0
            regions[rid] = _Region(rid, names[0], placed[0], placed[1], min(max(score, 0.0), 1.0))
        elif kind == "choices" and r.get("id") is not None and value.get("choices"):
            choices.setdefault(str(r["id"]), {})[r.get("from_name")] = value["choices"][0]
        elif kind == "textarea" and r.get("from_name") in text_controls and r.get("id") is not None:
            entries = _text_entries(value)
            if entries:
                texts.setdefault(str(r["id"]), {})[r["from_name"]] = entries

    anchors = {
        rid: labels[reg.label][0] for rid, reg in regions.items()
        if labels[reg.label][1] == C.anchor_field(labels[reg.label][0])
    }
    links: dict[str, dict[str, str]] = {rid: {} for rid in anchors}
    hedge_links: dict[str, list[str]] = {rid: [] for rid in anchors}
    claim_links: dict[str, list[str]] = {rid: [] for rid in anchors}  # claim -> regions of its attributions
    lost: dict[str, set[str]] = {rid: set() for rid in anchors}  # fields whose region was left out
    linked: set[str] = set()
    for rel in relations:
        a, b = str(rel.get("from_id")), str(rel.get("to_id"))
        if a not in regions or b not in regions:
            # a relation to a dropped region: that region's problem is already reported
            for anchor, other in ((a, b), (b, a)):
                if anchor in anchors and other in dropped and labels[dropped[other]][0] == anchors[anchor]:
                    lost[anchor].add(labels[dropped[other]][1])
            continue
        pair = _orient(a, b, anchors, regions, labels)
        if pair is None:
            problems.append(
                Problem(doc_id, a, f"relation between {regions[a].label} and {regions[b].label} means nothing here")
            )
            continue
        anchor, other, field = pair
        if field == C.CLAIM_RELATION:
            claim_links[anchor].append(other)  # not ``linked``: a CONTENT with no cue is still orphaned
            continue
        if field == C.HEDGE_RELATION:
            hedge_links[anchor].append(other)
        elif field in links[anchor]:
            problems.append(Problem(doc_id, other, f"a second {regions[other].label} for one cue; kept the first"))
            continue
        else:
            links[anchor][field] = other
        linked.add(other)
    unlinked = set()
    for rid, reg in regions.items():
        if rid not in anchors and rid not in linked:
            unlinked.add(rid)
            problems.append(Problem(doc_id, rid, f"{reg.label} is not linked to any cue; left out"))
    used_texts: set[tuple[str, str]] = set()

    def item_id(rid: str) -> str:
        suffix = f"-{C.anchor_field(anchors[rid])}"
        return rid[: -len(suffix)] if rid.endswith(suffix) and len(rid) > len(suffix) else rid

    def span(rid: str) -> Span:
        # anchor_span checked these offsets against the text; Document validates again at the end
        start, end = regions[rid].start, regions[rid].end
        return Span.model_construct(start=start, end=end, text=text[start:end])

    hedges: list[Hedge] = []
    attributions: list[Attribution] = []
    claims: list[Claim] = []
    attribution_of: dict[str, Attribution] = {}  # cue region -> its attribution
    claim_rids: list[str] = []
    ordered = sorted(anchors, key=lambda rid: (regions[rid].start, regions[rid].end, rid))
    for rid in ordered:
        kind = anchors[rid]
        fields: dict[str, Any] = {"id": item_id(rid), C.anchor_field(kind): span(rid), "score": regions[rid].score}
        for field, other in links[rid].items():
            fields[field] = span(other)
        for name, ckind, field, enum in C.all_choices():
            if ckind == kind and name in choices.get(rid, {}):
                try:
                    fields[field] = C.from_choice(enum, choices[rid][name])
                except ValueError:
                    problems.append(Problem(doc_id, rid, f"unknown {name} {choices[rid][name]!r}"))
        for name, tkind, field, region in C.all_text_fields():
            host = rid if region == C.anchor_field(kind) else links[rid].get(region)
            entries = texts.get(host, {}).get(name) if tkind == kind and host is not None else None
            if entries:
                used_texts.add((host, name))
                fields[field] = entries[0]
                if len(set(entries)) > 1:
                    problems.append(Problem(doc_id, host, f"{len(entries)} {name} entries; kept the first, {entries[0]!r}"))
        if kind == C.ATTRIBUTION and "source" in lost[rid] and _type_without_its_source(fields):
            problems.append(Problem(
                doc_id, rid, f"source_type {fields.pop('source_type').value} typed the SOURCE left out; "
                "left out with it",
            ))
        if kind == C.CLAIM:
            claims.append(Claim(**_claim_fields(fields, keep_scores)))
            claim_rids.append(rid)
        elif kind == C.HEDGE:
            if "kind" not in fields:
                problems.append(Problem(doc_id, rid, "HEDGE has no hedge_kind chosen; left out"))
                continue
            hedges.append(Hedge(**fields))
        else:
            attributions.append(Attribution(**fields))
            attribution_of[rid] = attributions[-1]
    for rid, by_name in texts.items():
        for name in by_name:
            if (rid, name) not in used_texts and rid in regions and rid not in unlinked:
                problems.append(Problem(doc_id, rid, f"a {name} on a {regions[rid].label} region means nothing here; left out"))
    kept_hedges = {h.id for h in hedges}
    hedge_id_of = {rid: item_id(rid) for rid in anchors if anchors[rid] == C.HEDGE}
    for a, rid in zip(attributions, [r for r in ordered if anchors[r] == C.ATTRIBUTION]):
        a.hedge_ids = [hedge_id_of[h] for h in hedge_links[rid] if hedge_id_of.get(h) in kept_hedges]
    _dedupe_ids(attributions, hedges, claims)
    # each attribution region belongs to the one cue linked to it; a region two cues share names neither
    owners: dict[str, set[str]] = {rid: {rid} for rid in attribution_of}
    for cue, fields_linked in links.items():
        if cue in attribution_of:
            for other in fields_linked.values():
                owners.setdefault(other, set()).add(cue)
    for claim, rid in zip(claims, claim_rids):
        ids = []
        for other in claim_links[rid]:
            owner = owners.get(other, set())
            if len(owner) != 1:
                problems.append(Problem(doc_id, rid, f"{C.CLAIM_RELATION} to a {regions[other].label} of no one attribution; left out"))
                continue
            aid = attribution_of[next(iter(owner))].id
            if aid not in ids:
                ids.append(aid)
        claim.attribution_ids = ids
    return Findings(attributions, hedges, claims, problems)


def _claim_fields(fields: dict[str, Any], keep_scores: bool) -> dict[str, Any]:
    """A claim from its region: a CLAIM a reviewer drew and left without a verdict is check-worthy
    (drawing it is saying so; docs/guidelines.md, 11), of kind ``other`` unless chosen. Outside a
    prediction the score is the reviewer's verdict, 1.0 or 0.0, as an attribution a person kept
    scores 1.0: ``Claim.score`` is a probability, never null, and 1.0 / 0.0 keeps
    ``checkworthy == (score >= threshold)`` true for every threshold."""
    fields.setdefault("checkworthy", True)
    if not keep_scores:
        fields["score"] = 1.0 if fields["checkworthy"] else 0.0
    return fields


# Source types that need no source span: ``agentless`` (nobody) and ``author`` (the writer,
# whose "I" the cue may hold: "I am told"). Every other type types a source, so without the
# SOURCE it typed it stays only beside a resolved source (a pronoun's referent).
SOURCELESS_TYPES = frozenset({SourceType.agentless, SourceType.author})


def _type_without_its_source(fields: dict[str, Any]) -> bool:
    """Whether an attribution that lost its SOURCE region would keep a source type with nobody
    to type. Only a lost region counts: a record may come without a source span and still be
    typed (a quote continuation, an implicit subject in the gold), and those round-trip as they are."""
    source_type = fields.get("source_type")
    return (
        source_type is not None and source_type not in SOURCELESS_TYPES
        and fields.get("source") is None and fields.get("resolved_source") is None
    )


def _text_entries(value: dict[str, Any]) -> list[str]:
    """A TextArea result's non-empty entries (``text`` is a list; a lone string is read as one entry)."""
    raw = value.get("text")
    if isinstance(raw, str):
        raw = [raw]
    return [t for t in raw or [] if isinstance(t, str) and t]


def _orient(a, b, anchors, regions, labels) -> tuple[str, str, str] | None:
    """(anchor region, other region, field) for a relation, whichever way it was drawn."""
    for x, y in ((a, b), (b, a)):
        if x not in anchors:
            continue
        kind = anchors[x]
        other_kind, other_field = labels[regions[y].label]
        if other_kind == kind and other_field != C.anchor_field(kind):
            return x, y, other_field
        if kind == C.ATTRIBUTION and y in anchors and anchors[y] == C.HEDGE:
            return x, y, C.HEDGE_RELATION
        if kind == C.CLAIM and other_kind == C.ATTRIBUTION:
            return x, y, C.CLAIM_RELATION
    return None


def _dedupe_ids(attributions: list[Attribution], hedges: list[Hedge], claims: list[Claim] = ()) -> None:
    """Reviewer-drawn region ids could collide with ours after stripping ``-cue``; keep ids unique.
    (A claim's ``attribution_ids`` are filled in afterwards, from the renamed attributions.)"""
    seen: set[str] = set()
    renamed: dict[str, str] = {}
    for item in [*attributions, *hedges, *claims]:
        new, n = item.id, 1
        while new in seen:
            n += 1
            new = f"{item.id}_{n}"
        seen.add(new)
        if new != item.id and isinstance(item, Hedge):
            renamed[item.id] = new
        item.id = new
    for a in attributions:
        a.hedge_ids = [renamed.get(h, h) for h in a.hedge_ids]


def review_choice(result: list[dict[str, Any]]) -> str | None:
    """The document-level verdict a reviewer picked, if any."""
    for r in result:
        if r.get("type") == "choices" and r.get("from_name") == C.REVIEW:
            picked = (r.get("value") or {}).get("choices") or []
            return picked[0] if picked else None
    return None


def review_note(result: list[dict[str, Any]]) -> str | None:
    for r in result:
        if r.get("type") == "textarea" and r.get("from_name") == C.NOTE:
            texts = (r.get("value") or {}).get("text") or []
            note = "\n".join(t for t in texts if t).strip()
            return note or None
    return None


def result_facts(result: list[dict[str, Any]]) -> frozenset:
    """What a result says, independent of region ids, order, scores and the verdict itself:
    two results with the same facts show the reviewer the same thing."""
    spans = {}
    facts = set()
    for r in result:
        value = r.get("value") or {}
        if r.get("type") == "labels":
            key = (tuple(value.get("labels") or ()), value.get("start"), value.get("end"))
            spans[str(r.get("id"))] = key
            facts.add(("span", key))
    for r in result:
        value = r.get("value") or {}
        if r.get("type") == "choices" and r.get("from_name") not in (C.REVIEW,) and str(r.get("id")) in spans:
            facts.add(("choice", spans[str(r["id"])], r.get("from_name"), tuple(value.get("choices") or ())))
        elif r.get("type") == "textarea" and str(r.get("id")) in spans and _text_entries(value):
            # a per-region text (the speaker on its SOURCE); the note has no region, so it is no fact
            facts.add(("text", spans[str(r["id"])], r.get("from_name"), tuple(_text_entries(value))))
        elif r.get("type") == "relation":
            ends = (spans.get(str(r.get("from_id"))), spans.get(str(r.get("to_id"))))
            facts.add(("relation", tuple(sorted(ends, key=repr))))
    return frozenset(facts)


def facts_fingerprint(result: list[dict[str, Any]]) -> str:
    """A digest of :func:`result_facts` that is the same in every process (unlike ``hash``)."""
    canonical = repr(sorted(result_facts(result), key=repr))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def annotation_status(annotation: dict[str, Any], prediction: dict[str, Any] | None) -> ReviewStatus:
    """Skipped if the reviewer skipped; rejected if they said so; otherwise the data decides:
    verified when the result shows exactly what the prediction showed, corrected when not."""
    if annotation.get("was_cancelled"):
        return ReviewStatus.skipped
    result = annotation.get("result") or []
    if review_choice(result) == ReviewStatus.rejected.value:
        return ReviewStatus.rejected
    if prediction is not None and "result" not in prediction and prediction.get("fingerprint"):
        same = facts_fingerprint(result) == prediction["fingerprint"]
    else:
        same = result_facts(result) == result_facts((prediction or {}).get("result") or [])
    return ReviewStatus.verified if same else ReviewStatus.corrected


def _annotator_name(completed_by: Any, users: dict[int, str]) -> str | None:
    if isinstance(completed_by, dict):
        return completed_by.get("email") or completed_by.get("username") or str(completed_by.get("id"))
    if completed_by is None:
        return None
    return users.get(completed_by, str(completed_by))


def _full_predictions(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The task's predictions if they were fetched; the export alone lists only their ids."""
    return [p for p in task.get("predictions") or [] if isinstance(p, dict)]


def latest_prediction(task: dict[str, Any]) -> dict[str, Any] | None:
    return max(
        _full_predictions(task), key=lambda p: (str(p.get("created_at") or ""), p.get("id") or 0), default=None
    )


def pushed_prediction(task: dict[str, Any]) -> dict[str, Any] | None:
    """While a task holds only the prediction push imported with it, its data describes that
    prediction: ``{"model_version", "fingerprint"}``, enough to tell verified from corrected."""
    data = task.get("data") or {}
    if len(task.get("predictions") or []) == 1 and data.get("prediction_fingerprint"):
        return {"model_version": data.get("model_version"), "fingerprint": data["prediction_fingerprint"]}
    return None


def prediction_for(task: dict[str, Any], annotation: dict[str, Any]) -> dict[str, Any] | None:
    """What the reviewer saw: the prediction Label Studio stored on the annotation when it was
    made through the API or UI; else ``parent_prediction`` or the latest of the fetched
    predictions; else the description push left in the task's data."""
    embedded = annotation.get("prediction")
    if isinstance(embedded, dict) and "result" in embedded:
        return embedded
    full = _full_predictions(task)
    parent = annotation.get("parent_prediction")
    for p in full:
        if parent is not None and p.get("id") == parent:
            return p
    return latest_prediction(task) if full else pushed_prediction(task)


def needs_predictions(task: dict[str, Any], annotation: dict[str, Any] | None) -> bool:
    """Whether building this task's record needs its predictions fetched."""
    if not task.get("predictions") or _full_predictions(task):
        return False
    if annotation is None or annotation.get("was_cancelled"):  # the record is the prediction's regions
        embedded = (annotation or {}).get("prediction")
        return not (isinstance(embedded, dict) and "result" in embedded)
    return prediction_for(task, annotation) is None


def _base_fields(task: dict[str, Any]) -> dict[str, Any]:
    data = task.get("data") or {}
    doc_id = data.get("doc_id")
    if not isinstance(doc_id, str) or not isinstance(data.get(C.TEXT), str):
        raise ValueError(f"task {task.get('id')} has no doc_id/text in its data: not pushed by annotator")
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    return {"id": doc_id, "text": data[C.TEXT], "meta": meta}


def annotation_to_document(
    task: dict[str, Any], annotation: dict[str, Any], users: dict[int, str] | None = None
) -> tuple[Document, list[Problem]]:
    """The record a reviewer's annotation describes, with its review state."""
    base = _base_fields(task)
    result = annotation.get("result") or []
    prediction = prediction_for(task, annotation)
    found = result_to_findings(base["text"], result, base["id"])
    version, model = split_model_version((prediction or {}).get("model_version"))
    name = _annotator_name(annotation.get("completed_by"), users or {})
    review = Review(
        status=annotation_status(annotation, prediction),
        annotators=[name] if name else [],
        annotation_ids=[annotation["id"]] if isinstance(annotation.get("id"), int) else [],
        updated_at=annotation.get("updated_at") or annotation.get("created_at"),
        lead_time=annotation.get("lead_time"),
        note=review_note(result),
    )
    doc = Document(
        **base, attributions=found.attributions, hedges=found.hedges, claims=found.claims,
        annotator_version=version, model=model, review=review,
    )
    return doc, found.problems


def prediction_to_document(
    task: dict[str, Any], prediction: dict[str, Any] | None = None
) -> tuple[Document, list[Problem]]:
    """A task as a prediction (by default its latest) shows it, scores kept; unreviewed."""
    base = _base_fields(task)
    prediction = prediction if prediction is not None and "result" in prediction else latest_prediction(task) or {}
    found = result_to_findings(base["text"], prediction.get("result") or [], base["id"], keep_scores=True)
    version, model = split_model_version(prediction.get("model_version"))
    doc = Document(
        **base, attributions=found.attributions, hedges=found.hedges, claims=found.claims,
        annotator_version=version, model=model, review=Review(status=ReviewStatus.unreviewed),
    )
    return doc, found.problems
