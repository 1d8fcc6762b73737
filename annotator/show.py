"""Print a document with its annotations highlighted, for a journalist at a terminal.

Everything taken from a document goes to rich as ``Text``, never as a markup string:
news text is full of brackets ("[sic]", "[the Blairites]") that rich would read as
styles and drop, and a hostile text could restyle the screen.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .records import Document

STYLES = {
    "content": "green",
    "hedge_scope": "italic",
    "source": "bold cyan",
    "cue": "bold black on yellow",
    "hedge": "bold white on magenta",
    "claim": "underline",  # a check-worthy claim with a source
    "unsourced": "underline red",  # a check-worthy claim nobody is quoted for: what a fact-checker asks about
}
LEGEND = [
    ("source", "who"), ("cue", "says"), ("content", "what"), ("hedge", "hedge"),
    ("claim", "check-worthy"), ("unsourced", "check-worthy, unsourced"),
]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str, style: str = "") -> Text:
    """``text`` as literal characters, control characters (CR, escapes, NUL) shown as spaces:
    rich would drop some of them, shifting every highlight after them, and a terminal would
    obey the rest."""
    return Text(_CONTROL.sub(" ", text), style=style)


def render_document(doc: Document) -> Text:
    """The text with layered styles; later layers (cues, hedges) sit on top of contents."""
    text = plain(doc.text)
    for c in doc.claims:
        if c.checkworthy:
            text.stylize(STYLES["claim" if c.attribution_ids else "unsourced"], c.span.start, c.span.end)
    for a in doc.attributions:
        if a.content:
            text.stylize(STYLES["content"], a.content.start, a.content.end)
    for a in doc.attributions:
        if a.source:
            text.stylize(STYLES["source"], a.source.start, a.source.end)
        text.stylize(STYLES["cue"], a.cue.start, a.cue.end)
    for h in doc.hedges:
        text.stylize(STYLES["hedge"], h.cue.start, h.cue.end)
    return text


def claims_table(doc: Document) -> Table:
    table = Table(title=f"{len(doc.attributions)} attributed claims, {len(doc.hedges)} hedges", show_lines=False)
    for col in ("#", "source", "type", "cue", "quote", "claim", "hedged"):
        table.add_column(col, overflow="fold")
    for a in doc.attributions:
        source = a.source.text if a.source else "-"
        if a.speaker and a.speaker != source:  # who really spoke, as the report shows it
            source += f" (= {a.speaker})"
        elif a.resolved_source and not a.speaker:
            source += f" (= {a.resolved_source.text})"
        claim = a.content.text if a.content else ""
        if len(claim) > 90:
            claim = claim[:87] + "..."
        table.add_row(
            plain(a.id),
            plain(source),
            a.source_type.value if a.source_type else "",
            plain(a.cue.text),
            a.quote_type.value if a.quote_type else "",
            plain(claim),
            "yes" if a.hedge_ids else "",
        )
    return table


def checkworthy_table(doc: Document) -> Table:
    """The check-worthy claims, unsourced ones named as such: the list a fact-checker works down."""
    worthy = [c for c in doc.claims if c.checkworthy]
    unsourced = sum(1 for c in worthy if not c.attribution_ids)
    table = Table(title=f"{len(worthy)} check-worthy claims, {unsourced} unsourced", show_lines=False)
    for col in ("#", "kind", "score", "source", "claim"):
        table.add_column(col, overflow="fold")
    for c in worthy:
        claim = c.span.text if len(c.span.text) <= 90 else c.span.text[:87] + "..."
        table.add_row(
            plain(c.id), c.kind.value, f"{c.score:.2f}",
            Text(", ".join(c.attribution_ids)) if c.attribution_ids else Text("UNSOURCED", style=STYLES["unsourced"]),
            plain(claim),
        )
    return table


def print_document(doc: Document, console: Console | None = None) -> None:
    console = console or Console()
    legend = Text("  ").join(Text(label, style=STYLES[key]) for key, label in LEGEND)
    console.rule(plain(doc.id, "bold"))
    console.print(legend)
    console.print(render_document(doc))
    console.print(claims_table(doc))
    if doc.claims:
        console.print(checkworthy_table(doc))
