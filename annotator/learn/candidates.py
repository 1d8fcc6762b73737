"""Every cue candidate the rules find in the training documents, labelled by what people kept.

A candidate is one attribution the rules built, before the score cut-off, with the scorer's
features. Its label is 1 when a reviewed (or gold) cue overlaps it, 0 when none does (the
reviewer deleted it, or it was never shown because it scored low and nobody added it), and
None when it only meets an optional gold item. To learn the lexicon, each candidate also
says which lexicon line it came from, what complement it was built from ('clause',
'object', ...) and whether that line, as it stands, licenses that complement there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..detect.filters import keeps_lexicon_score
from ..detect.licensing import complement_class, is_licensed, reports_of
from ..detect.text import forget_text, text_of
from ..pipeline import AttributionDetector
from .inputs import TrainingDoc


@dataclass
class Unit:
    """One parsed piece of a training document, with its cues in the piece's offsets."""

    doc: Doc
    source: TrainingDoc
    offset: int

    def label(self, cue: tuple[int, int]) -> int | None:
        return self.source.label((cue[0] + self.offset, cue[1] + self.offset))


@dataclass
class Candidate:
    features: dict | None
    label: int | None
    scored: bool  # the scorer judges it (some constructions keep their lexicon prior)
    line: str | None = None  # the lexicon line's id; None for a punctuation cue (a dash, a colon)
    complement: str | None = None
    licensed: bool = True  # by the line as the lexicon that is being learned from has it
    shown: bool = True  # scored above the cut-off: a reviewer saw it (a prediction), or would once licensed
    lemma: str = ""


def units_of(docs: Iterable[TrainingDoc], parsed: Iterable[list[tuple[int, Doc]]]) -> list[Unit]:
    return [Unit(doc, source, offset) for source, pieces in zip(docs, parsed) for offset, doc in pieces]


def collect(
    detector: AttributionDetector,
    units: list[Unit],
    lines: Mapping[str, dict] | None = None,
    advance: Callable[[], None] = lambda: None,
) -> list[Candidate]:
    """The labelled candidates of every unit. With ``lines`` (line id -> the lexicon line as it
    stands), each also says where it came from and whether that line licenses it: the detector
    is then expected to run on a permissive lexicon that licenses everything."""
    out: list[Candidate] = []
    for unit in units:
        doc = unit.doc
        try:
            found = detector.find(doc, True, keep_all=True)
            heads = _heads(detector, doc) if lines is not None else {}
            for att in found.attributions:
                if att.features is None:
                    continue
                scored = detector.scorer.judges(att, text_of(doc)) if detector.scorer else not keeps_lexicon_score(att, text_of(doc))
                c = Candidate(
                    att.features, unit.label(att.cue), scored,
                    shown=att.score >= detector.min_cue_score,
                )
                if lines is not None:
                    _explain(c, doc, att, heads, lines, detector)
                out.append(c)
        finally:
            forget_text(doc)
        advance()
    return out


def _heads(detector: AttributionDetector, doc: Doc) -> dict[int, tuple[Token, object]]:
    """Character offset of each candidate's head word -> (head, candidate)."""
    return {cand.head.idx: (cand.head, cand) for cand in detector.candidates(doc)}


def _explain(c: Candidate, doc: Doc, att, heads, lines: Mapping[str, dict], detector: AttributionDetector) -> None:
    hit = next((hc for at, hc in heads.items() if att.cue[0] <= at < att.cue[1]), None)
    if hit is None:
        return  # a punctuation cue: no lexicon line to learn about
    head, cand = hit
    line = lines.get(cand.line)
    c.line = cand.line
    c.lemma = head.lemma_.lower()
    cls = complement_class(doc, att, head)
    c.complement = cls.value if cls is not None else None
    c.licensed = line is not None and is_licensed(
        doc, att, head, reports_of(line), cand.kind, detector.words, detector.document_lemmas
    )


def covered_tokens(detector: AttributionDetector, doc: Doc) -> set[int]:
    """Token indices some lexicon line matches (idioms held back from every cue included)."""
    return {i for start, end, _ in detector.cue_matcher(doc) for i in range(start, end)}
