"""Writing brat standoff: a ``.txt`` and ``.ann`` pair per document (the format and the decisions
that make it lossless are in :mod:`annotator.formats.brat`)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

from annotator.formats.brat import (
    A_CHECKWORTHY, A_CLAIM_KIND, A_HEDGE_KIND, A_QUOTE_TYPE, A_SOURCE_TYPE, ATTRIBUTION_ROLES, CLAIM, CLAIM_SOURCE, CONTENT, CUE, HEDGE, HEDGE_SCOPE, HEDGED,
    NOTES, RELATION_FOR_ROLE, RESOLVED, SCOPE, SOURCE, shown_text,
)
from annotator.records import ClaimKind, Document, HedgeKind, QuoteType, SourceType, Span

from .folder import atomic_folder

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_stem(doc_id: str, taken: set[str]) -> str:
    """A file name for the id that is safe on every OS and unique even on case-insensitive disks."""
    stem = doc_id
    if not _SAFE_NAME.fullmatch(doc_id) or doc_id.lower() in taken:
        slug = _SLUG_UNSAFE.sub("-", doc_id).strip("-.")[:60] or "doc"
        stem = f"{slug}-{hashlib.sha1(doc_id.encode('utf-8')).hexdigest()[:10]}"
        n = 1
        while stem.lower() in taken:
            n += 1
            stem = f"{slug}-{hashlib.sha1(f'{doc_id}#{n}'.encode('utf-8')).hexdigest()[:10]}"
    taken.add(stem.lower())
    return stem


def annotation_lines(doc: Document) -> list[str]:
    """The ``.ann`` lines for one document, attributions first, in record order."""
    lines: list[str] = []
    counters = {"T": 0, "R": 0, "A": 0, "#": 0}

    def new(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    def entity(label: str, span: Span) -> str:
        tid = new("T")
        lines.append(f"{tid}\t{label} {span.start} {span.end}\t{shown_text(span.text)}")
        return tid

    def relation(label: str, arg1: str, arg2: str) -> None:
        lines.append(f"{new('R')}\t{label} Arg1:{arg1} Arg2:{arg2}")

    def attribute(label: str, target: str, value: str) -> None:
        lines.append(f"{new('A')}\t{label} {target} {value}")

    def note(target: str, data: dict) -> None:
        lines.append(f"{new('#')}\t{NOTES} {target}\t{json.dumps(data, ensure_ascii=False)}")

    hedge_tids: dict[str, str] = {}
    cue_tids: dict[str, str] = {}
    for h in doc.hedges:
        tid = entity(HEDGE, h.cue)
        hedge_tids[h.id] = tid
        attribute(A_HEDGE_KIND, tid, h.kind.value)
        note(tid, {"id": h.id, "score": h.score})
        if h.scope is not None:
            relation(HEDGE_SCOPE, tid, entity(SCOPE, h.scope))
    for a in doc.attributions:
        cue = entity(CUE, a.cue)
        cue_tids[a.id] = cue
        for field, label in ATTRIBUTION_ROLES.items():
            span = getattr(a, field)
            if span is not None:
                target = entity(label, span)
                relation(RELATION_FOR_ROLE[label], cue, target)
                if label == SOURCE and a.speaker is not None:
                    note(target, {"speaker": a.speaker})
        if a.source_type is not None:
            attribute(A_SOURCE_TYPE, cue, a.source_type.value)
        if a.quote_type is not None:
            attribute(A_QUOTE_TYPE, cue, a.quote_type.value)
        for hid in a.hedge_ids:
            relation(HEDGED, cue, hedge_tids[hid])
        extra = {"speaker": a.speaker} if a.speaker is not None and a.source is None else {}
        note(cue, {"id": a.id, "score": a.score, **extra})
    for c in doc.claims:
        tid = entity(CLAIM, c.span)
        attribute(A_CLAIM_KIND, tid, c.kind.value)
        if c.checkworthy:
            lines.append(f"{new('A')}\t{A_CHECKWORTHY} {tid}")
        for aid in c.attribution_ids:
            relation(CLAIM_SOURCE, tid, cue_tids[aid])
        note(tid, {"id": c.id, "score": c.score})
    return lines


def sidecar(doc: Document) -> dict:
    """Document-level fields brat has no place for."""
    return doc.model_dump(mode="json", include={"schema_version", "id", "meta", "annotator_version", "model", "review"})


def annotation_conf() -> str:
    """brat's schema for the folder, so a brat server shows the export without setup."""
    entities = [CUE, SOURCE, CONTENT, RESOLVED, HEDGE, SCOPE, CLAIM]
    relations = [
        f"Source\tArg1:{CUE}, Arg2:{SOURCE}",
        f"Content\tArg1:{CUE}, Arg2:{CONTENT}",
        f"ResolvedSource\tArg1:{CUE}, Arg2:{RESOLVED}",
        f"{HEDGED}\tArg1:{CUE}, Arg2:{HEDGE}",
        f"{HEDGE_SCOPE}\tArg1:{HEDGE}, Arg2:{SCOPE}",
        f"{CLAIM_SOURCE}\tArg1:{CLAIM}, Arg2:{CUE}",
    ]
    attributes = [
        f"{A_SOURCE_TYPE}\tArg:{CUE}, Value:{'|'.join(s.value for s in SourceType)}",
        f"{A_QUOTE_TYPE}\tArg:{CUE}, Value:{'|'.join(q.value for q in QuoteType)}",
        f"{A_HEDGE_KIND}\tArg:{HEDGE}, Value:{'|'.join(k.value for k in HedgeKind)}",
        f"{A_CLAIM_KIND}\tArg:{CLAIM}, Value:{'|'.join(k.value for k in ClaimKind)}",
        f"{A_CHECKWORTHY}\tArg:{CLAIM}",
    ]
    sections = ["[entities]", *entities, "", "[relations]", *relations, "", "[events]", "", "[attributes]", *attributes]
    return "\n".join(sections) + "\n"


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def looks_like_brat_export(folder: Path) -> bool:
    """Only plain files of the kinds this module writes: safe to replace with a new export."""
    return all(p.is_file() and p.suffix in (".txt", ".ann", ".json", ".conf") for p in folder.iterdir())


def write_brat(documents: Iterable[Document], path: Path) -> int:
    taken: set[str] = set()
    count = 0
    with atomic_folder(path, replaceable=looks_like_brat_export) as folder:
        _write(folder / "annotation.conf", annotation_conf())
        for doc in documents:
            stem = file_stem(doc.id, taken)
            _write(folder / f"{stem}.txt", doc.text)
            _write(folder / f"{stem}.ann", "".join(line + "\n" for line in annotation_lines(doc)))
            _write(folder / f"{stem}.json", json.dumps(sidecar(doc), ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count
