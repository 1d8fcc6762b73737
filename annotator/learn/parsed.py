"""Parse once, run the rules many times.

Learning runs the detector over the same documents several times (once to see what
reviewers kept of every candidate, once more with the lexicon it learned, then on the
held-out gold), and parsing costs far more than the rules. So texts are parsed once,
with the detector switched off, in the pieces ``annotate`` would cut them into, and the
rules are re-run on those Docs; findings are shifted back into the whole text's offsets,
so the records are the ones ``annotate`` would write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..annotate import MAX_CHUNK_CHARS, build_document, feed_pieces, model_name, shifted
from ..detect.found import Findings
from ..evaluate import EvalReport, score_documents
from ..io import InputDocument
from ..pipeline import FINDINGS_KEY

DETECTOR = "attribution_detector"
Pieces = list[tuple[int, Doc]]  # (offset into the text, parsed piece)


def parse(
    nlp: Language,
    texts: Iterable[str],
    advance: Callable[[], None] = lambda: None,
    batch_size: int = 16,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> list[Pieces]:
    """Each text parsed (without the detector) in the pieces ``annotate`` cuts it into, batched
    as ``annotate`` batches them (no batch past ``BATCH_CHARS``: the parse's memory stays bounded)."""
    out: list[Pieces] = []
    started: dict[int, InputDocument] = {}
    docs = (InputDocument(str(n), text, {}, "") for n, text in enumerate(texts))
    feed = feed_pieces(docs, started, batch_size=batch_size, max_chunk_chars=max_chunk_chars)
    with nlp.select_pipes(disable=[DETECTOR]):
        for doc, piece in nlp.pipe(feed, as_tuples=True, batch_size=batch_size):
            if piece is None:
                continue  # a filler that closes a batch early
            if piece.doc == len(out):
                out.append([])
            out[piece.doc].append((piece.start, doc))
            if piece.last:
                del started[piece.doc]
                advance()
    return out


def detect(nlp: Language, pieces: Pieces) -> Findings:
    """The detector's findings on one parsed text, in the text's offsets."""
    detector = nlp.get_pipe(DETECTOR)
    atts, hedges = [], []
    for offset, doc in pieces:
        doc.user_data.pop(FINDINGS_KEY, None)
        detector(doc)
        found = shifted(doc._.findings, offset)
        atts += found.attributions
        hedges += found.hedges
    return Findings(atts, hedges)


def score_parsed(nlp: Language, gold: list[dict], parsed: list[Pieces]) -> EvalReport:
    """``annotator eval``'s report for the pipeline as it stands, from parses made earlier."""
    model = model_name(nlp)
    pred = [
        build_document(g["id"], g["text"], {}, detect(nlp, pieces), model).model_dump(mode="json")
        for g, pieces in zip(gold, parsed)
    ]
    return score_documents(gold, pred)


def figures(report: EvalReport) -> dict:
    """The attribution figures a model is judged by, compact enough for its meta."""
    a = report.attribution
    return {
        "documents": report.attribution_documents,
        "cue": {"precision": _r(a.precision), "recall": _r(a.recall), "f1": _r(a.f1), "tp": a.tp, "fp": a.fp, "fn": a.fn},
        "source_accuracy": _r(report.source_accuracy.value),
        "speaker_accuracy": _r(report.speaker_accuracy.value),
        "speaker_n": report.speaker_accuracy.n,
        "content_token_f1": _r(report.content_f1.value),
    }


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 4)
