"""What reviewers' choices say about the lexicon: new cue words, and complements that make a report.

Two things the cue scorer cannot learn, because the candidates never reach it:

- a cue word no lexicon line holds (a newsroom's 'vouched', 'conceded in a memo'): a reviewed
  cue that no line matches becomes a provisional line, licensing every complement, and the
  complements reviewers kept it with become its ``reports`` if they kept enough of its
  occurrences;
- a complement a line does not license (the lexicon follows docs/guidelines.md, where 'backed
  the plan' is a stance, not a report): when reviewers consistently keep a word's candidates
  built from that complement, it is added to the line's ``reports``; when they keep such
  candidates of several words of one kind (speech, cognitive, ...), it is added for every word
  of the kind, since a newsroom's convention ('stances are reports here') reaches words the
  reviews have not met yet; when they consistently delete those of a licensed complement, it
  is taken out. Only candidates the scorer would show count: what reviewers think of one it
  keeps out anyway changes nothing.

To see the candidates the lexicon would drop, the training documents are run once on a
permissive copy of it (every complement licensed, the provisional lines added); each
candidate says which line it came from, its complement and whether the real line licenses
it (:mod:`annotator.learn.candidates`). How much evidence a change needs is
``tuning.LEARN``. Changed and new lines carry ``learned``: the kept and deleted counts behind
the change, so a person can read and undo it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Span

from ..detect.licensing import reports_of
from ..detect.vocabulary import Complement, CueKind
from ..lexicons import NOT_A_CUE
from .candidates import Candidate, Unit, covered_tokens

ALL_COMPLEMENTS = [c.value for c in Complement]
PROVISIONAL_WEIGHT = 0.5  # the lexicon prior of a provisional line, only while its evidence is counted
SKIPPED_DEPS = {"aux", "auxpass", "neg"}  # 'has said', 'was told': the reporting word is the verb


@dataclass
class Changes:
    widened: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)  # line -> complement -> (kept, deleted)
    # kind -> complement -> (kept, deleted, lines): a convention of the newsroom's for every word
    # of a kind ('backed the plan', 'wants to' are reports here), not one word's habit
    widened_kinds: dict[str, dict[str, tuple[int, int, int]]] = field(default_factory=dict)
    narrowed: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    new: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        def rows(d):
            return [
                {"line": line, "complement": comp, "kept": k, "deleted": n}
                for line, comps in sorted(d.items()) for comp, (k, n) in sorted(comps.items())
            ]

        return {
            "new_cues": [
                {"line": e["id"], "kind": e["kind"], "reports": e["reports"], "kept": e["learned"]["kept"], "deleted": e["learned"]["deleted"]}
                for e in self.new
            ],
            "reports_widened": rows(self.widened),
            "reports_widened_for_kinds": [
                {"kind": kind, "complement": comp, "kept": k, "deleted": n, "lines": lines}
                for kind, comps in sorted(self.widened_kinds.items()) for comp, (k, n, lines) in sorted(comps.items())
            ],
            "reports_narrowed": rows(self.narrowed),
        }


def propose_new_cues(detector, units: Iterable[Unit], known_ids: Iterable[str], max_words: int) -> list[dict]:
    """Provisional lines for the reviewed cues no lexicon line matches, one per word or phrase."""
    taken = set(known_ids)
    proposals: dict[str, dict] = {}
    for unit in units:
        covered = covered_tokens(detector, unit.doc)
        for start, end in unit.source.cues:
            start, end = start - unit.offset, end - unit.offset
            if start < 0 or end > len(unit.doc.text):
                continue  # in another piece of a long document
            span = unit.doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span) or any(t.i in covered for t in span):
                continue
            line = cue_line(span, max_words)
            if line is None:
                continue
            key = line["id"]
            if key in taken and key not in proposals:
                line["id"] = key = f"{key} ({line['kind']})"
            proposals.setdefault(key, line)
    return list(proposals.values())


def cue_line(span: Span, max_words: int) -> dict | None:
    """A lexicon line for the words of a marked cue: a verb's lemma (any form of it), a noun's,
    or a phrase of words in a row; None for punctuation, or for what no line can stand for."""
    words = [t for t in span if not (t.is_punct or t.is_space or t.dep_ in SKIPPED_DEPS)]
    if not words or len(words) > max_words or any(b.i - a.i != 1 for a, b in zip(words, words[1:])):
        return None
    if len(words) == 1:
        t = words[0]
        if t.pos_ == "VERB":
            pattern, kind = [{"LEMMA": t.lemma_, "POS": {"IN": ["VERB", "AUX"]}}], CueKind.SPEECH
        elif t.pos_ == "NOUN":
            pattern, kind = [{"LEMMA": t.lemma_, "POS": "NOUN"}], CueKind.NOMINAL
        else:
            return None
    else:
        head = span.root
        if words[0].pos_ == "ADP":
            kind = CueKind.PREPOSITIONAL
        elif head.pos_ == "VERB":
            kind = CueKind.SPEECH
        elif head.pos_ == "NOUN":
            kind = CueKind.NOMINAL
        else:
            return None
        pattern = [{"LEMMA": t.lemma_} if t.pos_ == "VERB" else {"LOWER": t.lower_} for t in words]
    name = " ".join(t.lemma_.lower() if t.pos_ in {"VERB", "NOUN"} else t.lower_ for t in words)
    return {
        "label": "CUE", "id": name, "kind": kind.value, "weight": PROVISIONAL_WEIGHT,
        "pattern": pattern, "reports": ALL_COMPLEMENTS,
    }


def permissive(lines: Iterable[dict], provisional: Iterable[dict]) -> list[dict]:
    """The lexicon with every line licensing every complement, plus the provisional lines."""
    out = [e if e.get("kind") == NOT_A_CUE else {**e, "reports": ALL_COMPLEMENTS} for e in lines]
    return out + list(provisional)


def decide(cands: Iterable[Candidate], lines: Mapping[str, dict], provisional: Mapping[str, dict], tuning: Mapping) -> Changes:
    """The lexicon changes the kept and deleted candidates support (thresholds: ``tuning.LEARN``)."""
    unlicensed: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    listed: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    cands = list(cands)
    for c in cands:
        if c.line is None or c.label is None or c.complement is None:
            continue
        if c.line in provisional:
            unlicensed[(c.line, c.complement)][1 - c.label] += 1
        elif not c.shown:
            continue  # the scorer keeps it out either way: what reviewers think of it changes nothing
        elif not c.licensed:
            unlicensed[(c.line, c.complement)][1 - c.label] += 1
        elif c.complement in reports_of(lines[c.line]):
            listed[(c.line, c.complement)][1 - c.label] += 1
    changes = Changes()
    new: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for (line, comp), (kept, deleted) in sorted(unlicensed.items()):
        share = kept / (kept + deleted)
        if line in provisional:
            if kept >= tuning["new_cue_min_kept"] and share >= tuning["new_cue_min_share"]:
                new[line][comp] = (kept, deleted)
        elif kept >= tuning["widen_min_kept"] and share >= tuning["widen_min_share"]:
            changes.widened.setdefault(line, {})[comp] = (kept, deleted)
    by_kind: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, set()])
    for (line, comp), (kept, deleted) in unlicensed.items():
        if line not in provisional:
            tally = by_kind[(lines[line].get("kind", CueKind.SPEECH), comp)]
            tally[0] += kept
            tally[1] += deleted
            if kept:
                tally[2].add(line)
    for (kind, comp), (kept, deleted, kept_lines) in sorted(by_kind.items()):
        if (
            kept >= tuning["widen_kind_min_kept"] and len(kept_lines) >= tuning["widen_kind_min_lines"]
            and kept / (kept + deleted) >= tuning["widen_kind_min_share"]
        ):
            changes.widened_kinds.setdefault(kind, {})[comp] = (kept, deleted, len(kept_lines))
    for (line, comp), (kept, deleted) in sorted(listed.items()):
        if deleted >= tuning["narrow_min_deleted"] and kept / (kept + deleted) <= tuning["narrow_max_share"]:
            changes.narrowed.setdefault(line, {})[comp] = (kept, deleted)
    for line, comps in new.items():
        kept = sum(k for k, _ in comps.values())
        deleted = sum(d for _, d in comps.values())
        entry = dict(provisional[line])
        entry["reports"] = [c for c in ALL_COMPLEMENTS if c in comps]
        entry["weight"] = round((kept + 1) / (kept + deleted + 2), 3)  # how often it is a cue, smoothed
        entry["learned"] = {"new": True, "kept": kept, "deleted": deleted}
        changes.new.append(entry)
    return changes


def apply(lines: Iterable[dict], changes: Changes) -> list[dict]:
    """The lexicon with the changed lines rewritten and the new ones at the end."""
    out = []
    for e in lines:
        added = dict(changes.widened.get(e["id"], {}))
        if e.get("kind") != NOT_A_CUE:
            licensed = {r.value for r in reports_of(e)}
            for comp, (kept, deleted, _) in changes.widened_kinds.get(e.get("kind", CueKind.SPEECH), {}).items():
                if comp not in licensed:
                    added.setdefault(comp, (kept, deleted))
        removed = changes.narrowed.get(e["id"], {})
        if added or removed:
            reports = (set(r.value for r in reports_of(e)) | set(added)) - set(removed)
            note = dict(e.get("learned") or {})
            if added:
                note["reports_added"] = {**note.get("reports_added", {}), **{c: list(v) for c, v in added.items()}}
            if removed:
                note["reports_removed"] = {**note.get("reports_removed", {}), **{c: list(v) for c, v in removed.items()}}
            e = {**e, "reports": [c for c in ALL_COMPLEMENTS if c in reports], "learned": note}
        out.append(e)
    return out + changes.new


def learned_lines(lines: Iterable[dict]) -> list[dict]:
    """The lines training wrote or rewrote: a user lexicon another pipeline can take with --lexicon."""
    return [e for e in lines if e.get("learned")]
