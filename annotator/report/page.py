"""The report page: summary markup written here, documents as JSON rendered by the page's script.

Everything from the corpus is escaped (``html.escape`` for markup, script-safe
JSON for data) and a Content-Security-Policy forbids any network access, so a
hostile article can neither run code nor make the page phone home.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from .charts import bar_chart
from .summary import CorpusSummary, Sourcing

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
SOURCE_COLOURS = {
    "named_person": "#4c78a8", "named_organisation": "#72b7b2", "anonymous": "#e45756", "agentless": "#f58518",
    "author": "#54a24b", "document": "#b279a2", "pronoun": "#9d9da1", "untyped": "#c7c7c7",
}
QUOTE_COLOURS = {"direct": "#4c78a8", "indirect": "#72b7b2", "mixed": "#eeca3b", "untyped": "#c7c7c7"}
LEGEND = [("source", "who"), ("cue", "says"), ("content", "what"), ("hedge", "hedge"), ("scope", "hedged stretch")]


def asset(name: str) -> str:
    return (resources.files("annotator") / "data" / "report" / name).read_text(encoding="utf-8")


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{asset('report.css')}</style></head>\n"
    )


def summary_section(s: CorpusSummary) -> str:
    direct = s.quote_types.get("direct", 0)
    figures = [
        ("documents", f"{s.documents:,}"),
        ("attributed claims", f"{s.claims:,}"),
        ("claims per 1,000 words", f"{s.claims_per_1000_words:.1f}"),
        ("words", f"{s.words:,}"),
        ("claims hedged", _pct(s.hedged_claims, s.claims)),
        ("direct quotes", _pct(direct, s.claims)),
        ("anonymous or agentless", _pct(s.source_types.get("anonymous", 0) + s.source_types.get("agentless", 0), s.claims)),
        ("hedges", f"{s.hedges:,}"),
        ("check-worthy claims", f"{s.checkworthy.checkworthy:,}"),
        ("check-worthy claims unsourced", _pct(s.checkworthy.unsourced, s.checkworthy.checkworthy)),
    ]
    parts = ['<section id="summary"><h2>Corpus summary</h2><dl class="figures">']
    parts += [f'<div data-figure="{escape(k)}"><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>' for k, v in figures]
    parts.append("</dl><div class=\"charts\">")
    charts = [
        ("Sources by type", bar_chart("Sources by type", s.source_type_counts(), total=s.claims, colours=SOURCE_COLOURS)),
        ("Direct and indirect quotes", bar_chart("Quote types", list(s.quote_shares().items()), total=s.claims, colours=QUOTE_COLOURS)),
        ("Hedged claims", bar_chart("Hedged claims", [("hedged", s.hedged_claims), ("not hedged", s.claims - s.hedged_claims)], total=s.claims, colours={"hedged": "#c2409a", "not hedged": "#c7c7c7"})),
        ("Review state", bar_chart("Review state", sorted(s.reviewed.items()), total=s.documents)),
        ("Most quoted sources", bar_chart("Most quoted sources", [(n, c) for n, c, _ in s.most_quoted(10)], total=s.claims)),
    ]
    parts += [f"<figure><figcaption>{escape(c)}</figcaption>{svg}</figure>" for c, svg in charts]
    parts.append('</div><div class="tables">')
    parts.append('<table id="most-quoted"><caption>Most quoted sources</caption><thead><tr><th>source</th><th>type</th><th>claims</th></tr></thead><tbody>')
    parts += [
        f'<tr><td>{escape(name)}</td><td>{escape(kind)}</td><td class="num">{count}</td></tr>'
        for name, count, kind in s.most_quoted(15)
    ]
    parts.append("</tbody></table>")
    parts.append('<table id="leaning"><caption>Documents leaning most on anonymous or agentless sources</caption><thead><tr><th>document</th><th>claims</th><th>anonymous or agentless</th><th>share</th></tr></thead><tbody>')
    parts += [
        f'<tr><td><a href="#doc-{d.index}" data-doc="{d.index}">{escape(d.title or d.id)}</a></td>'
        f'<td class="num">{d.claims}</td><td class="num">{d.leaning}</td><td class="num">{_pct(d.leaning, d.claims)}</td></tr>'
        for d in s.leaning_documents(10)
    ]
    parts.append("</tbody></table>")
    parts.append(_sourcing_table("unsourced-by-publication", "Check-worthy claims with no source, by publication", "publication", s.unsourced_by_publication()))
    parts.append(_sourcing_table("unsourced-by-kind", "Check-worthy claims with no source, by kind", "kind", s.unsourced_by_kind()))
    parts.append("</div></section>\n")
    return "".join(parts)


def _sourcing_table(table_id: str, caption: str, group: str, rows: list[tuple[str, Sourcing]]) -> str:
    head = (
        f'<table id="{table_id}"><caption>{escape(caption)}</caption><thead><tr><th>{escape(group)}</th>'
        "<th>check-worthy</th><th>unsourced</th><th>share</th></tr></thead><tbody>"
    )
    body = "".join(
        f'<tr><td>{escape(name)}</td><td class="num">{g.checkworthy}</td><td class="num">{g.unsourced}</td>'
        f'<td class="num">{_pct(g.unsourced, g.checkworthy)}</td></tr>'
        for name, g in rows
    )
    return head + body + "</tbody></table>"


def documents_section(documents: int, pages: int) -> str:
    legend = "".join(f'<span class="hl {cls}">{escape(text)}</span>' for cls, text in LEGEND)
    return (
        f'<section id="documents"><h2>Documents</h2><p class="legend">{legend}'
        '<span class="muted">hover a highlight for its source and claim; click it (or a claim in the list) for details</span></p>'
        '<nav class="pager"><button type="button" id="prev">previous</button>'
        f'<span id="page-label">page 1 of {max(pages, 1)}</span>'
        '<button type="button" id="next">next</button>'
        '<form id="find-form"><input id="find" placeholder="document id" aria-label="go to document id">'
        '<button type="submit">go</button> <span id="find-status" class="muted"></span></form>'
        f'<span class="muted">{documents:,} documents</span></nav>'
        '<div id="doc-list"></div></section>\n'
    )
