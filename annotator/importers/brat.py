"""brat standoff in as records: PolNeAR's ``E`` events and this annotator's own ``R`` links.

PolNeAR marks an attribution as an event, ``E1 Attribution:T4 Cue:T2
Source:T1 Content:T3``; the export of ``annotator.export.brat`` links from the
cue with ``R`` lines and keeps ids, scores and document fields in notes and a
sidecar (the speaker in the note on the ``Source`` entity, or on the cue when
there is no source). Both are read here. A cue no event or link mentions still becomes a
claim on its own, rather than being lost. Discontinuous spans (``s e;s e``)
become the stretch from the first start to the last end, since a record span is
contiguous; ``Discard`` and other unknown entity types are skipped.

Offsets are code points into the ``.txt`` read with ``newline=""`` (no
translation), and every span's text is taken from that slice; the ``.ann``
text field only serves to catch offsets that do not fit the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from annotator.errors import AnnotatorError
from annotator.formats.brat import (
    A_CHECKWORTHY,
    A_CLAIM_KIND,
    A_HEDGE_KIND,
    A_QUOTE_TYPE,
    A_SOURCE_TYPE,
    CLAIM,
    CLAIM_SOURCE,
    CONTENT,
    CUE,
    HEDGE,
    HEDGE_SCOPE,
    HEDGED,
    NOTES,
    RELATION_FOR_ROLE,
    RESOLVED,
    SCOPE,
    SOURCE,
    shown_text,
)
from annotator.records_file import describe_validation_error
from annotator.records import Attribution, Claim, Document, Hedge, Span

_ROLE_FIELD = {SOURCE: "source", CONTENT: "content", RESOLVED: "resolved_source", CUE: "cue"}
_RELATION_FIELD = {name: _ROLE_FIELD[label] for label, name in RELATION_FOR_ROLE.items()}
_FRAGMENT = re.compile(r"(\d+) (\d+)")
_TRAILING_DIGITS = re.compile(r"\d+$")


@dataclass
class _Entity:
    label: str
    start: int
    end: int
    line: int


@dataclass
class _Ann:
    """The parsed ``.ann``: entities by id, and links kept as (line, kind, fields) for a second pass."""

    entities: dict[str, _Entity] = field(default_factory=dict)
    events: list[tuple[int, list[tuple[str, str]]]] = field(default_factory=list)
    relations: list[tuple[int, str, str, str]] = field(default_factory=list)
    attributes: list[tuple[int, str, str, str]] = field(default_factory=list)
    notes: dict[str, dict] = field(default_factory=dict)


def read_brat(path: Path) -> Iterator[Document]:
    """Documents from a folder of ``.ann`` files (sorted, recursively) or from one ``.ann`` file."""
    path = Path(path)
    if path.is_dir():
        anns = sorted(p for p in path.rglob("*.ann") if not any(x.startswith(".") for x in p.relative_to(path).parts))
        if not anns:
            raise AnnotatorError("folder has no .ann files", path=str(path))
    elif path.is_file() and path.suffix == ".ann":
        anns = [path]
    elif path.exists():
        raise AnnotatorError("give a brat folder or an .ann file", path=str(path))
    else:
        raise AnnotatorError("no such file or folder", path=str(path))
    missing = next((a for a in anns if not a.with_suffix(".txt").is_file()), None)
    if missing is not None:
        raise AnnotatorError(f"has no text file {missing.with_suffix('.txt').name} beside it", path=str(missing))
    seen: dict[str, Path] = {}
    for ann in anns:
        doc = read_brat_pair(ann)
        if doc.id in seen:
            raise AnnotatorError(f"duplicate document id {doc.id!r} (also {seen[doc.id]})", path=str(ann))
        seen[doc.id] = ann
        yield doc


def read_brat_pair(ann_path: Path) -> Document:
    txt_path = ann_path.with_suffix(".txt")
    try:
        with open(txt_path, encoding="utf-8", newline="") as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise AnnotatorError("invalid UTF-8; save the file as UTF-8", path=str(txt_path)) from None
    except OSError as e:
        raise AnnotatorError(f"cannot read: {e.strerror}", path=str(txt_path)) from e
    ann = _parse_ann(ann_path, text)
    fields = _sidecar(ann_path.with_suffix(".json"), ann_path.stem)
    attributions, hedges, claims = _build_items(ann, text, str(ann_path))
    try:
        return Document(**fields, text=text, attributions=attributions, hedges=hedges, claims=claims)
    except ValidationError as e:
        raise AnnotatorError(describe_validation_error(e), path=str(ann_path)) from None


def _sidecar(path: Path, stem: str) -> dict:
    if not path.is_file():
        return {"id": stem, "meta": {"path": str(path.with_suffix(".txt"))}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise AnnotatorError(f"not a valid document sidecar: {e}", path=str(path)) from None
    allowed = {"schema_version", "id", "meta", "annotator_version", "model", "review"}
    if not isinstance(data, dict) or not set(data) <= allowed or "id" not in data:
        raise AnnotatorError(f"a document sidecar must be an object with 'id' and only {sorted(allowed)}", path=str(path))
    return data


def _parse_ann(path: Path, text: str) -> _Ann:
    name = str(path)
    out = _Ann()
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            raw_lines = fh.read().split("\n")
    except UnicodeDecodeError:
        raise AnnotatorError("invalid UTF-8; save the file as UTF-8", path=name) from None
    except OSError as e:
        raise AnnotatorError(f"cannot read: {e.strerror}", path=name) from e
    for number, line in enumerate(raw_lines, 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            _parse_line(line, number, text, out)
        except (ValueError, IndexError, KeyError) as e:
            raise AnnotatorError(f"cannot read this line: {e}", path=name, line=number) from None
    return out


def _parse_line(line: str, number: int, text: str, out: _Ann) -> None:
    ident, _, rest = line.partition("\t")
    kind = ident[:1]
    if not ident or kind not in "TERAMN#*":
        raise ValueError(f"{ident!r} is not a brat annotation id (T1, R1, E1, A1, #1...)")
    if kind == "T":
        head, _, shown = rest.partition("\t")
        label, _, offsets = head.partition(" ")
        fragments = [_fragment(f) for f in offsets.split(";")]
        for start, end in fragments:
            if not 0 <= start <= end <= len(text):
                raise ValueError(f"offsets {start}:{end} fall outside the text ({len(text)} characters)")
        expected = " ".join(shown_text(text[s:e]) for s, e in fragments)
        if shown != expected and shown_text(shown) != expected:
            raise ValueError(f"entity text {shown!r} does not match the text at its offsets ({expected!r})")
        out.entities[ident] = _Entity(label, fragments[0][0], max(e for _, e in fragments), number)
    elif kind == "E":
        args = [tuple(a.split(":", 1)) for a in rest.split()]
        if any(len(a) != 2 for a in args):
            raise ValueError("event arguments must be Role:Id")
        out.events.append((number, args))
    elif kind == "R":
        label, arg1, arg2 = rest.split()
        out.relations.append((number, label, arg1.split(":", 1)[1], arg2.split(":", 1)[1]))
    elif kind in "AM":
        parts = rest.split()
        out.attributes.append((number, parts[0], parts[1], parts[2] if len(parts) > 2 else "true"))
    elif kind == "#":
        head, _, note = rest.partition("\t")
        label, _, target = head.partition(" ")
        if label == NOTES and note.startswith("{"):
            out.notes[target] = json.loads(note)
    # N (normalisation) and * (equivalence) lines say nothing records can hold


def _fragment(raw: str) -> tuple[int, int]:
    match = _FRAGMENT.fullmatch(raw.strip())
    if match is None:
        raise ValueError(f"bad offsets {raw!r}; expected 'start end'")
    return int(match.group(1)), int(match.group(2))


def _span(ann: _Ann, tid: str, text: str) -> Span:
    ent = ann.entities[tid]
    return Span(start=ent.start, end=ent.end, text=text[ent.start : ent.end])


def _build_items(ann: _Ann, text: str, name: str) -> tuple[list[Attribution], list[Hedge], list[Claim]]:
    def fail(message: str, line: int) -> AnnotatorError:
        return AnnotatorError(message, path=name, line=line)

    def known(tid: str, line: int) -> _Entity:
        if tid not in ann.entities:
            raise fail(f"refers to {tid}, which is not an entity in this file", line)
        return ann.entities[tid]

    # One claim per event (PolNeAR) and one per cue entity no event uses (this exporter, bare cues).
    claims: list[dict] = []
    by_cue: dict[str, dict] = {}
    for line, args in ann.events:
        claim: dict = {"line": line}
        for role, tid in args:
            ent = known(tid, line)
            role = _TRAILING_DIGITS.sub("", role)
            field_name = _ROLE_FIELD.get(role)
            if field_name is None:
                continue
            if field_name in claim:  # a discontinuous role given as two entities: take the stretch
                s, e = claim[field_name]
                claim[field_name] = (min(s, ent.start), max(e, ent.end))
            else:
                claim[field_name] = (ent.start, ent.end)
            if role == CUE:
                by_cue[tid] = claim
                claim["cue_tid"] = tid
            elif role == SOURCE:
                claim.setdefault("source_tid", tid)
        if "cue" not in claim:
            raise fail("an attribution event needs a Cue argument", line)
        claims.append(claim)
    for tid, ent in ann.entities.items():
        if ent.label == CUE and tid not in by_cue:
            claim = {"line": ent.line, "cue": (ent.start, ent.end), "tid": tid, "cue_tid": tid}
            by_cue[tid] = claim
            claims.append(claim)

    hedges: dict[str, dict] = {}
    for tid, ent in ann.entities.items():
        if ent.label == HEDGE:
            hedges[tid] = {"line": ent.line, "cue": (ent.start, ent.end), "tid": tid}
    found_claims: dict[str, dict] = {
        tid: {"line": ent.line, "span": (ent.start, ent.end), "cues": []}
        for tid, ent in ann.entities.items()
        if ent.label == CLAIM
    }

    for line, label, arg1, arg2 in ann.relations:
        known(arg1, line), known(arg2, line)
        if label in _RELATION_FIELD:
            if arg1 not in by_cue:
                raise fail(f"a {label} link must start at a Cue, not {arg1}", line)
            ent = ann.entities[arg2]
            by_cue[arg1][_RELATION_FIELD[label]] = (ent.start, ent.end)
            if _RELATION_FIELD[label] == "source":
                by_cue[arg1]["source_tid"] = arg2
        elif label == HEDGED:
            if arg1 not in by_cue or arg2 not in hedges:
                raise fail(f"a {HEDGED} link goes from a Cue to a Hedge", line)
            by_cue[arg1].setdefault("hedges", []).append(arg2)
        elif label == HEDGE_SCOPE:
            if arg1 not in hedges or ann.entities[arg2].label != SCOPE:
                raise fail(f"a {HEDGE_SCOPE} link goes from a Hedge to a {SCOPE}", line)
            ent = ann.entities[arg2]
            hedges[arg1]["scope"] = (ent.start, ent.end)
        elif label == CLAIM_SOURCE:
            if arg1 not in found_claims or arg2 not in by_cue:
                raise fail(f"a {CLAIM_SOURCE} link goes from a {CLAIM} to a Cue", line)
            found_claims[arg1]["cues"].append(arg2)

    for line, label, target, value in ann.attributes:
        known(target, line)
        if label in (A_SOURCE_TYPE, A_QUOTE_TYPE) and target in by_cue:
            by_cue[target][label] = value
        elif label == A_HEDGE_KIND and target in hedges:
            hedges[target]["kind"] = value
        elif label in (A_CLAIM_KIND, A_CHECKWORTHY) and target in found_claims:
            found_claims[target][label] = value

    for tid, note in ann.notes.items():
        if tid in by_cue:
            by_cue[tid]["note"] = note
        elif tid in hedges:
            hedges[tid]["note"] = note
        elif tid in found_claims:
            found_claims[tid]["note"] = note

    def span(offsets: tuple[int, int] | None) -> Span | None:
        return None if offsets is None else Span(start=offsets[0], end=offsets[1], text=text[offsets[0] : offsets[1]])

    hedge_ids: dict[str, str] = {}
    hedge_items = []
    for n, (tid, h) in enumerate(hedges.items(), 1):
        note = h.get("note", {})
        hedge_ids[tid] = note.get("id", f"h{n}")
        if "kind" not in h:
            raise fail(f"hedge {tid} has no {A_HEDGE_KIND} attribute", h["line"])
        try:
            hedge_items.append(
                Hedge(id=hedge_ids[tid], cue=span(h["cue"]), scope=span(h.get("scope")),
                      kind=h["kind"], score=note.get("score", 1.0))
            )
        except ValidationError as e:
            raise fail(describe_validation_error(e), h["line"]) from None
    atts = []
    attribution_of_cue: dict[str, str] = {}
    for n, c in enumerate(claims, 1):
        note = c.get("note", {})
        source_note = ann.notes.get(c.get("source_tid"), {}) if "source_tid" in c else {}
        speaker = source_note.get("speaker", note.get("speaker"))
        try:
            atts.append(
                Attribution(
                    id=note.get("id", f"a{n}"),
                    cue=span(c["cue"]),
                    source=span(c.get("source")),
                    content=span(c.get("content")),
                    resolved_source=span(c.get("resolved_source")),
                    source_type=c.get(A_SOURCE_TYPE),
                    quote_type=c.get(A_QUOTE_TYPE),
                    speaker=speaker,
                    hedge_ids=[hedge_ids[t] for t in c.get("hedges", [])],
                    score=note.get("score", 1.0),
                )
            )
        except ValidationError as e:
            raise fail(describe_validation_error(e), c["line"]) from None
        attribution_of_cue[c["cue_tid"]] = atts[-1].id
    claim_items = []
    for n, (tid, c) in enumerate(found_claims.items(), 1):
        note = c.get("note", {})
        try:
            claim_items.append(
                Claim(id=note.get("id", f"c{n}"), span=span(c["span"]), score=note.get("score", 0.0),
                      checkworthy=A_CHECKWORTHY in c, kind=c.get(A_CLAIM_KIND, "other"),
                      attribution_ids=[attribution_of_cue[t] for t in c["cues"]])
            )
        except ValidationError as e:
            raise fail(describe_validation_error(e), c["line"]) from None
    return atts, hedge_items, claim_items
