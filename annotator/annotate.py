"""Stream documents through the pipeline and out as records.

Long documents are cut at paragraph breaks before parsing (the parser's memory
grows with length) and their findings shifted back, so offsets stay exact into
the original text. Control characters are shown to the parser as spaces of the
same length (:mod:`annotator.controls`), so a stray NUL does not swallow its
sentence; the record keeps the text as given. Everything is a generator: a
10 GB JSONL streams in flat memory, and ``nlp.pipe`` keeps its batching and
multiprocessing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Iterator

from spacy.language import Language

from . import __version__
from .controls import for_parser
from .detect.found import Findings
from .io import InputDocument, split_for_parser
from . import pipeline  # noqa: F401  (registers the component and Doc._.findings)
from .records import Attribution, Document, Hedge, make_span

MAX_CHUNK_CHARS = 100_000


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
    atts = []
    for i, a in enumerate(sorted(findings.attributions, key=lambda a: a.cue), 1):
        inside = [
            h.id for h in hedges
            if (a.cue[0] <= h.cue.start and h.cue.end <= a.cue[1])
            or (a.content is not None and a.content[0] <= h.cue.start and h.cue.end <= a.content[1])
        ]
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
                hedge_ids=inside,
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


def model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"


def annotate_documents(
    nlp: Language,
    docs: Iterable[InputDocument],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    max_chunk_chars: int = MAX_CHUNK_CHARS,
) -> Iterator[Document]:
    """Records for each input document, in input order."""
    model = model_name(nlp)
    pending: dict[int, tuple[InputDocument, int, list[Findings]]] = {}

    def chunks() -> Iterator[tuple[str, tuple[int, int]]]:
        for n, item in enumerate(docs):
            pieces = split_for_parser(for_parser(item.text), max_chunk_chars)
            pending[n] = (item, len(pieces), [])
            for offset, piece in pieces:
                yield piece, (n, offset)

    next_out = 0
    for doc, (n, offset) in nlp.pipe(chunks(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        item, total, parts = pending[n]
        parts.append(shifted(doc._.findings, offset))
        if len(parts) < total:
            continue
        # nlp.pipe keeps order, so documents complete in input order
        assert n == next_out
        del pending[n]
        next_out += 1
        merged = Findings(
            [a for p in parts for a in p.attributions], [h for p in parts for h in p.hedges]
        )
        yield build_document(item.id, item.text, item.meta, merged, model)
