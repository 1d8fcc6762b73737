"""Hand-made and generated documents for the export tests.

The generated ones are the hard cases for standoff formats: overlapping spans,
astral characters (emoji), combining marks, curly quotes, CRLF and other line
breaks, markup characters, and ids that are not safe file names.
"""

from __future__ import annotations

from hypothesis import strategies as st

from annotator.records import (
    Attribution,
    Claim,
    ClaimKind,
    Document,
    Hedge,
    HedgeKind,
    QuoteType,
    Review,
    ReviewStatus,
    SourceType,
    make_span,
)

PIECES = [
    "a", "Z", "said", " ", " ", ".", ",", "\n", "\r\n", "\r", "\t", "😀", "👍🏽", "e\u0301", "n\u0303",
    "“", "”", "‘", "’", "«", "—", "\u2028", "\x85", "<", ">", "&", "'", '"', "=", "中文", "\u200d",
]


def doc_from_parts(text: str, attributions=(), hedges=(), **fields) -> Document:
    """Build a valid document from offsets: (cue, source, content) triples and (cue, scope, kind) hedges."""
    hs = [
        Hedge(id=f"h{i}", cue=make_span(text, *cue), scope=make_span(text, *scope) if scope else None, kind=kind)
        for i, (cue, scope, kind) in enumerate(hedges, 1)
    ]
    atts = []
    for i, item in enumerate(attributions, 1):
        cue, source, content, *rest = item
        extra = dict(rest[0]) if rest else {}
        if "resolved_source" in extra:
            extra["resolved_source"] = make_span(text, *extra["resolved_source"])
        atts.append(
            Attribution(
                id=f"a{i}",
                cue=make_span(text, *cue),
                source=make_span(text, *source) if source else None,
                content=make_span(text, *content) if content else None,
                **extra,
            )
        )
    return Document(id=fields.pop("id", "d"), text=text, attributions=atts, hedges=hs, **fields)


@st.composite
def spans_in(draw, text: str, *, allow_empty: bool = True):
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(0, len(text)))
    start, end = min(a, b), max(a, b)
    if not allow_empty and start == end:
        if end < len(text):
            end += 1
        elif start > 0:
            start -= 1
    return start, end


SPEAKERS = st.sampled_from(["Jon Lansman", "Ms O’Neill", "=cmd", "中文 名字"]) | st.text(min_size=1, max_size=12)


@st.composite
def documents(
    draw, doc_id=st.text(min_size=1, max_size=12), allow_empty: bool = True, speaker_needs_source: bool = False,
    with_claims: bool = False,
):
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40)))
    text += draw(st.text(st.characters(exclude_categories=("Cs",)), max_size=5))
    optional = lambda: st.none() | spans_in(text, allow_empty=allow_empty)  # noqa: E731
    hedges = []
    for i in range(1, draw(st.integers(0, 3)) + 1):
        cue = draw(spans_in(text, allow_empty=allow_empty))
        scope = draw(optional())
        hedges.append(
            Hedge(
                id=f"h{i}",
                cue=make_span(text, *cue),
                scope=make_span(text, *scope) if scope else None,
                kind=draw(st.sampled_from(HedgeKind)),
                score=draw(st.floats(0, 1)),
            )
        )
    atts = []
    for i in range(1, draw(st.integers(0, 4)) + 1):
        span = lambda offs: make_span(text, *offs) if offs else None  # noqa: E731
        cue = make_span(text, *draw(spans_in(text, allow_empty=allow_empty)))
        source = span(draw(optional()))
        atts.append(
            Attribution(
                id=f"a{i}",
                cue=cue,
                source=source,
                content=span(draw(optional())),
                resolved_source=span(draw(optional())),
                source_type=draw(st.none() | st.sampled_from(SourceType)),
                quote_type=draw(st.none() | st.sampled_from(QuoteType)),
                speaker=None if speaker_needs_source and source is None else draw(st.none() | SPEAKERS),
                hedge_ids=draw(st.lists(st.sampled_from([h.id for h in hedges]), unique=True)) if hedges else [],
                score=draw(st.floats(0, 1)),
            )
        )
    claims = []
    for i in range(1, (draw(st.integers(0, 3)) if with_claims else 0) + 1):
        claims.append(
            Claim(
                id=f"c{i}",
                span=make_span(text, *draw(spans_in(text, allow_empty=allow_empty))),
                score=draw(st.floats(0, 1)),
                checkworthy=draw(st.booleans()),
                kind=draw(st.sampled_from(ClaimKind)),
                attribution_ids=draw(st.lists(st.sampled_from([a.id for a in atts]), unique=True)) if atts else [],
            )
        )
    review = draw(
        st.none()
        | st.builds(
            Review,
            status=st.sampled_from(ReviewStatus),
            annotators=st.lists(st.text(max_size=8), max_size=2),
            note=st.none() | st.text(max_size=10),
        )
    )
    return Document(
        id=draw(doc_id),
        text=text,
        meta={"title": draw(st.text(max_size=10))},
        attributions=atts,
        hedges=hedges,
        claims=claims,
        review=review,
        model="test-model",
    )


def corpora(max_size: int = 3, allow_empty: bool = True, speaker_needs_source: bool = False, with_claims: bool = False):
    """Lists of generated documents; ``speaker_needs_source`` for Label Studio, which shows a
    speaker on its SOURCE region and so refuses one without a source; ``with_claims`` for the
    formats that carry claims exactly."""
    return st.lists(
        documents(allow_empty=allow_empty, speaker_needs_source=speaker_needs_source, with_claims=with_claims),
        min_size=1, max_size=max_size, unique_by=lambda d: d.id,
    )
