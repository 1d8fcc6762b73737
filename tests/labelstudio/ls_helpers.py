"""Small records built from offsets, so tests need neither spaCy nor the sample article."""

from __future__ import annotations

import importlib.util

import pytest

from annotator.records import Attribution, Claim, ClaimKind, Document, Hedge, HedgeKind, QuoteType, SourceType, make_span

HAVE_SERVER = importlib.util.find_spec("label_studio") is not None
needs_server = pytest.mark.skipif(
    not HAVE_SERVER, reason="label-studio is not installed (pip install -e '.[dev,server]')"
)
NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"]


def small_document(n: int, *, model: str = "test-model", version: str = "9.9.9", text: str | None = None) -> Document:
    """'<name> said that plan <n> may fail.' with one attribution and one hedge."""
    name = NAMES[n % len(NAMES)]
    text = text or f"{name} said that plan {n} may fail."
    cue_at = text.index("said")
    content_at = text.index("that")
    hedge_at = text.index("may")
    hedge = Hedge(
        id="h1", cue=make_span(text, hedge_at, hedge_at + 3), scope=make_span(text, content_at + 5, len(text) - 1),
        kind=HedgeKind.modal, score=0.8,
    )
    attribution = Attribution(
        id="a1", cue=make_span(text, cue_at, cue_at + 4), source=make_span(text, 0, len(name)),
        content=make_span(text, content_at, len(text) - 1), source_type=SourceType.named_person,
        quote_type=QuoteType.indirect, hedge_ids=["h1"], score=0.9,
    )
    return Document(
        id=f"doc-{n}", text=text, meta={"n": n}, attributions=[attribution], hedges=[hedge],
        annotator_version=version, model=model,
    )


def claimed_document(n: int, **kw) -> Document:
    """:func:`small_document` plus a second sentence and three claims: ``c1`` the attributed content
    (check-worthy, sourced by a1), ``c2`` an unsourced figure (check-worthy), ``c3`` not check-worthy."""
    name = NAMES[n % len(NAMES)]
    text = f"{name} said that plan {n} may fail. Costs rose by 40 per cent. It was a grey day."
    doc = small_document(n, text=text, **kw)
    content = make_span(text, text.index("that"), text.index("."))
    doc.attributions[0].content = content
    doc.hedges[0].scope = make_span(text, content.start + 5, content.end)
    figure = text.index("Costs")
    grey = text.index("It was")
    doc.claims = [
        Claim(id="c1", span=content, score=0.7, checkworthy=True, kind=ClaimKind.prediction, attribution_ids=["a1"]),
        Claim(id="c2", span=make_span(text, figure, text.index(".", figure)), score=0.9, checkworthy=True,
              kind=ClaimKind.statistic),
        Claim(id="c3", span=make_span(text, grey, len(text) - 1), score=0.1, checkworthy=False),
    ]
    return Document.model_validate(doc.model_dump())


def write_records(path, docs) -> None:
    path.write_text("".join(d.model_dump_json() + "\n" for d in docs), encoding="utf-8")


def older_layout(xml: str) -> str:
    """The config as it was before issue 10: no Style, no bar, labels first, verdict and note last."""
    import xml.etree.ElementTree as ET

    from annotator.formats.labelstudio import config as C

    root = ET.fromstring(xml)
    controls = []

    def unwrap(el):
        for child in el:
            if child.tag == "View":
                unwrap(child)
            elif child.tag != "Style":
                controls.append(child)

    unwrap(root)
    for el in controls:
        for node in el.iter():
            for attr in ("hotkey", "rows", "showLabels"):
                node.attrib.pop(attr, None)
    order = {"Labels": 0, "Text": 1, "Relations": 2}
    controls.sort(key=lambda el: (order.get(el.tag, 3), el.get("name") in (C.REVIEW, C.NOTE)))
    old = ET.Element("View")
    old.extend(controls)
    return ET.tostring(old, encoding="unicode")
