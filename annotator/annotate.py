"""Stream documents through the pipeline and out as records.

Long documents are cut at paragraph breaks before parsing (the parser's memory
grows with length) and their findings shifted back, so offsets stay exact into
the original text. Control characters are shown to the parser as spaces of the
same length (:mod:`annotator.controls`), so a stray NUL does not swallow its
sentence; the record keeps the text as given. Everything is a generator: a
10 GB JSONL streams in flat memory, and ``nlp.pipe`` keeps its batching and
multiprocessing.

Memory is bounded per batch, not per document: ``nlp.pipe`` batches by count,
and 32 pieces of 100 KB parsed together took 10.8 GB (issue 9). So the stream
closes a batch early, with empty filler texts, before it would hold more than
``BATCH_CHARS`` characters; each piece's findings are shifted to document
offsets as it comes out and its Doc is dropped, so a document of any size costs
one batch of parsing plus its findings.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import Callable, Iterable, Iterator, NamedTuple

from spacy.language import Language

from . import __version__
from .controls import for_parser
from .detect.found import Findings
from .io import InputDocument, iter_pieces
from . import pipeline  # noqa: F401  (registers the component and Doc._.findings)
from .records import Attribution, Document, Hedge, make_span

MAX_CHUNK_CHARS = 100_000  # longest piece handed to the parser
# most text in one nlp.pipe batch: en_core_web_sm needs about 3.6 MB per 1,000 characters
# parsed at once, so one 100 KB piece peaks near 500 MB and 32 of them near 11 GB
BATCH_CHARS = 100_000

# called after each piece of a document cut into several: (document id, characters done, length)
PieceProgress = Callable[[str, int, int], None]


def _shift(offs, by: int):
    return None if offs is None else (offs[0] + by, offs[1] + by)


def shifted(findings: Findings, by: int) -> Findings:
    if by == 0:
        return findings
    atts = [
        replace(
            a,
            cue=_shift(a.cue, by),
            source=_shift(a.source, by),
            content=_shift(a.content, by),
            resolved_source=_shift(a.resolved_source, by),
        )
        for a in findings.attributions
    ]
    hedges = [replace(h, cue=_shift(h.cue, by), scope=_shift(h.scope, by)) for h in findings.hedges]
    return Findings(atts, hedges)


def build_document(
    doc_id: str, text: str, meta: dict, findings: Findings, model: str | None
) -> Document:
    """Turn findings into the typed record, numbering items in reading order."""
    hedges = []
    for i, h in enumerate(sorted(findings.hedges, key=lambda h: h.cue), 1):
        hedges.append(
            Hedge(
                id=f"h{i}",
                cue=make_span(text, *h.cue),
                scope=make_span(text, *h.scope) if h.scope else None,
                kind=h.kind,
                score=h.score,
            )
        )
    within = _hedges_within(hedges)
    atts = []
    for i, a in enumerate(sorted(findings.attributions, key=lambda a: a.cue), 1):
        inside = sorted(set(within(*a.cue)) | (set(within(*a.content)) if a.content is not None else set()))
        atts.append(
            Attribution(
                id=f"a{i}",
                cue=make_span(text, *a.cue),
                source=make_span(text, *a.source) if a.source else None,
                content=make_span(text, *a.content) if a.content else None,
                source_type=a.source_type,
                quote_type=a.quote_type,
                resolved_source=make_span(text, *a.resolved_source) if a.resolved_source else None,
                speaker=a.speaker,
                hedge_ids=[hedges[k].id for k in inside],
                score=a.score,
            )
        )
    return Document(
        id=doc_id,
        text=text,
        meta=meta,
        attributions=atts,
        hedges=hedges,
        annotator_version=__version__,
        model=model,
    )


def _hedges_within(hedges: list[Hedge]) -> Callable[[int, int], list[int]]:
    """Positions of the hedges whose cue lies inside ``start:end``, found by bisection.

    ``hedges`` are in reading order; a scan of them all for every attribution made a
    5 MB document quadratic (tens of thousands of each).
    """
    starts = [h.cue.start for h in hedges]

    def within(start: int, end: int) -> list[int]:
        lo, hi = bisect_left(starts, start), bisect_right(starts, end)
        return [k for k in range(lo, hi) if hedges[k].cue.end <= end]

    return within


def model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"


class Piece(NamedTuple):
    """Where a piece sits: its document's number, its offsets there, and whether it is the last."""

    doc: int
    start: int
    end: int
    last: bool


def feed_pieces(
    docs: Iterable[InputDocument],
    started: dict[int, InputDocument],
    *,
    batch_size: int,
    max_chunk_chars: int,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[tuple[str, Piece | None]]:
    """``(text, Piece)`` for ``nlp.pipe(as_tuples=True)``; ``started`` gets each document as it is cut.

    ``nlp.pipe`` cuts the stream into batches of ``batch_size`` items, so a piece
    that would take the current batch past ``batch_chars`` is preceded by empty
    fillers (context ``None``) that complete the batch: no batch holds more than
    ``batch_chars`` characters unless one piece alone does. Short documents are
    not affected and batch as before.
    """
    count = chars = 0
    for n, item in enumerate(docs):
        started[n] = item
        pieces = iter_pieces(for_parser(item.text), max_chunk_chars)  # same length: offsets hold
        ahead = next(pieces)
        while ahead is not None:
            (offset, text), ahead = ahead, next(pieces, None)
            if count and chars + len(text) > batch_chars:
                yield from (("", None) for _ in range(batch_size - count))
                count = chars = 0
            yield text, Piece(n, offset, offset + len(text), ahead is None)
            count, chars = count + 1, chars + len(text)
            if count == batch_size:
                count = chars = 0


def annotate_documents(
    nlp: Language,
    docs: Iterable[InputDocument],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
    batch_chars: int = BATCH_CHARS,
    on_piece: PieceProgress | None = None,
) -> Iterator[Document]:
    """Records for each input document, in input order.

    ``on_piece`` hears of every piece of a document cut into several, as it is done.
    """
    model = model_name(nlp)
    started: dict[int, InputDocument] = {}
    feed = feed_pieces(docs, started, batch_size=batch_size, max_chunk_chars=max_chunk_chars, batch_chars=batch_chars)
    atts: list = []
    hedges: list = []
    next_out = 0
    for doc, piece in nlp.pipe(feed, as_tuples=True, batch_size=batch_size, n_process=n_process):
        if piece is None:
            continue  # a filler
        # nlp.pipe keeps order, so pieces arrive in reading order and documents in input order
        assert piece.doc == next_out
        found = shifted(doc._.findings, piece.start)
        del doc  # only the findings are kept, not the piece's parse
        atts += found.attributions
        hedges += found.hedges
        item = started[piece.doc]
        if on_piece is not None and not (piece.last and piece.start == 0):
            on_piece(item.id, piece.end, len(item.text))
        if not piece.last:
            continue
        del started[piece.doc]
        next_out += 1
        yield build_document(item.id, item.text, item.meta, Findings(atts, hedges), model)
        atts, hedges = [], []
