"""The sourcing report: one self-contained HTML page a journalist opens offline.

Documents are streamed once: figures accumulate in a ``CorpusSummary`` while
each page of documents is written, as JSON, to a temporary spool; the page is
then assembled (summary first) into the atomically written output. Only the
page of documents on screen is ever rendered into the DOM, which is what lets a
10,000-document report open.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from html import escape
from pathlib import Path

from annotator.io import atomic_output
from annotator.records import Document

from .document_data import document_data, script_json
from .page import asset, documents_section, head, summary_section
from .summary import CorpusSummary

PAGE_SIZE = 10


def write_report(documents: Iterable[Document], path: Path, *, title: str = "Sourcing report", page_size: int = PAGE_SIZE) -> int:
    summary = CorpusSummary()
    index: list[list] = []
    pages = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        batch: list[dict] = []

        def flush() -> None:
            nonlocal pages
            spool.write(f'<script type="application/json" class="doc-page" data-page="{pages}">{script_json(batch)}</script>\n')
            pages += 1
            batch.clear()

        for doc in documents:
            summary.add(doc)
            batch.append(document_data(doc, len(index)))
            index.append([doc.id, batch[-1]["title"], len(doc.attributions)])
            if len(batch) == page_size:
                flush()
        if batch:
            flush()
        spool.seek(0)
        with atomic_output(path, "w") as out:
            out.write(head(title))
            out.write(f'<body data-page-size="{page_size}"><header class="page"><h1>{escape(title)}</h1>')
            out.write(f'<p class="muted">{summary.documents:,} documents · {summary.claims:,} attributed claims · {summary.hedges:,} hedges</p></header>\n<main>')
            out.write(summary_section(summary))
            out.write(documents_section(summary.documents, pages))
            out.write('</main><aside id="detail" hidden></aside>\n')
            out.write(f'<script type="application/json" id="doc-index">{script_json(index)}</script>\n')
            shutil.copyfileobj(spool, out)
            out.write(f"<script>{asset('report.js')}</script>\n</body></html>\n")
    return summary.documents
