"""CoNLL-style IOB columns, one per layer, aligned to spaCy tokens.

Each document is a block: ``# doc_id = ...`` and ``# columns = ...`` comment
lines, then one row per non-space token (``TOKEN START END`` and one IOB column
per layer), then a blank line. IOB tags come from spaCy's
``offsets_to_biluo_tags`` and ``biluo_to_iob``. Spans of one layer may overlap
(a quote inside a longer content); one column cannot hold both, so a layer
gets as many columns as its deepest overlap (``CONTENT``, ``CONTENT_2``...),
each span going to the first column where it fits. The ``# columns`` line says
which a block has. Spans are widened to whole tokens first (see ``layers``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.io import atomic_write_lines
from annotator.records import Document

from .layers import LAYERS, snap_to_tokens, tokenizer_nlp


def layer_tiers(spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Split one layer's spans into lists of non-overlapping spans, longest-first at each start."""
    tiers: list[list[tuple[int, int]]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        for tier in tiers:
            if tier[-1][1] <= start:
                tier.append((start, end))
                break
        else:
            tiers.append([(start, end)])
    return tiers


def conll_block(doc: Document) -> Iterator[str]:
    from spacy.training import biluo_to_iob, offsets_to_biluo_tags

    sdoc = tokenizer_nlp().make_doc(doc.text)
    by_layer: dict[str, list[tuple[int, int]]] = {layer: [] for layer in LAYERS}
    for s in snap_to_tokens(sdoc, doc):
        by_layer[s.span.layer].append((s.char_start, s.char_end))
    names, columns = [], []
    for layer in LAYERS:
        tiers = layer_tiers(by_layer[layer]) or [[]]
        for n, tier in enumerate(tiers, 1):
            label = layer.upper()
            names.append(label if n == 1 else f"{label}_{n}")
            if tier:
                columns.append(biluo_to_iob(offsets_to_biluo_tags(sdoc, [(s, e, label) for s, e in tier])))
            else:  # an empty layer: no need to walk the tokens
                columns.append(["O"] * len(sdoc))
    yield f"# doc_id = {doc.id}".replace("\n", " ").replace("\r", " ")
    yield "# columns = " + " ".join(["TOKEN", "START", "END", *names])
    for token in sdoc:
        if token.is_space:
            continue
        tags = [column[token.i] for column in columns]
        yield "\t".join([token.text, str(token.idx), str(token.idx + len(token)), *tags])
    yield ""


def write_conll(documents: Iterable[Document], path: Path) -> int:
    count = 0

    def lines() -> Iterator[str]:
        nonlocal count
        for doc in documents:
            yield from conll_block(doc)
            count += 1

    atomic_write_lines(path, lines())
    return count
