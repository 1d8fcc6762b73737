"""Inline SVG bar charts: no script, no fonts to fetch, readable when printed or saved.

Labels are escaped here because they come from the corpus (source names).
"""

from __future__ import annotations

from html import escape

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 190
BAR_WIDTH = 320
VALUE_WIDTH = 90


def bar_chart(title: str, items: list[tuple[str, int]], *, total: int | None = None, colours: dict[str, str] | None = None) -> str:
    """Horizontal bars, one per (label, count), with the count and its share of ``total``."""
    total = total if total is not None else sum(v for _, v in items)
    biggest = max((v for _, v in items), default=0) or 1
    height = max(len(items), 1) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    if not items:
        parts.append(f'<text x="0" y="{BAR_HEIGHT - 6}" class="chart-empty">nothing to show</text>')
    for n, (label, value) in enumerate(items):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = round(BAR_WIDTH * value / biggest, 1)
        share = f" ({100 * value / total:.0f}%)" if total else ""
        colour = (colours or {}).get(label, "#4c78a8")
        shown = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{value}">'
            f'<title>{escape(label)}: {value}{share}</title>'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 7}" text-anchor="end">{escape(shown)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" rx="3" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT - 7}">{value}{share}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
