"""The sourcing report: figures computed right, markup escaped, and the page working in a real Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.records import HedgeKind, Review, ReviewStatus, SourceType
from annotator.report import write_report
from annotator.report.document_data import utf16_offsets
from annotator.report.summary import CorpusSummary

from .documents import corpora, doc_from_parts

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
HOSTILE = "<img src=x onerror=\"window.pwned=1\">"


def pronoun_doc():
    text = "Ms Ellery said no. She added that she may resign. It is said the deal was sealed."
    return doc_from_parts(
        text,
        [
            ((10, 14), (0, 9), (15, 17), {"source_type": SourceType.named_person}),
            ((23, 28), (19, 22), (29, 48), {"source_type": SourceType.pronoun,
                                            "resolved_source": (0, 9), "hedge_ids": ["h1"]}),
            ((53, 60), None, (61, 80), {"source_type": SourceType.agentless}),
        ],
        [((38, 41), (29, 48), HedgeKind.modal)],
        id="p",
    )


def test_summary_credits_pronouns_to_who_they_refer_to():
    s = CorpusSummary()
    s.add(pronoun_doc())
    assert s.most_quoted() == [("Ms Ellery", 2, "named_person")]
    assert (s.claims, s.hedged_claims, s.words) == (3, 1, 17)
    assert round(s.claims_per_1000_words, 1) == 176.5
    assert [(d.id, d.leaning) for d in s.leaning_documents()] == [("p", 1)]


def lansman_doc():
    """One man quoted three times, as "Jon Lansman", "Lansman" and "he"; the detector names him on all."""
    text = "Jon Lansman said no. Lansman added that it may be so. Later he said yes. Ms Okafor said little."
    he = text.index("he said")
    return doc_from_parts(
        text,
        [
            ((12, 16), (0, 11), None, {"source_type": SourceType.named_person, "speaker": "Jon Lansman"}),
            ((29, 34), (21, 28), (35, 52), {"source_type": SourceType.named_person, "speaker": "Jon Lansman"}),
            ((he + 3, he + 7), (he, he + 2), None, {"source_type": SourceType.pronoun, "speaker": "Jon Lansman"}),
            ((text.index("said lit"), text.index("said lit") + 4), (text.index("Ms"), text.index("Ms") + 9), None,
             {"source_type": SourceType.named_person}),
        ],
        id="l",
    )


def test_most_quoted_counts_one_speaker_however_the_text_names_him(tmp_path):
    s = CorpusSummary()
    s.add(lansman_doc())
    assert s.most_quoted() == [("Jon Lansman", 3, "named_person"), ("Ms Okafor", 1, "named_person")]
    write_report([lansman_doc()], tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td class=\"num\">(\d+)</td></tr>", html)
    assert rows == [("Jon Lansman", "named_person", "3"), ("Ms Okafor", "named_person", "1")]
    assert '"spk":"Jon Lansman"' in html  # the claim list and details read it from the page data


def test_the_speaker_wins_over_the_resolved_mention_and_its_spelling_over_the_mentions():
    text = "JON LANSMAN said no. Lansman said so. He said yes."
    docs = [
        doc_from_parts(text, [((12, 16), (0, 11), None)], id="a"),  # no speaker: counted as written
        doc_from_parts(text, [((12, 16), (0, 11), None)], id="b"),
        doc_from_parts(text, [((29, 33), (21, 28), None, {"speaker": " Jon  Lansman "}),
                              ((41, 45), (38, 40), None, {"speaker": "Jon Lansman", "resolved_source": (21, 28),
                                                          "source_type": SourceType.pronoun})], id="c"),
    ]
    s = CorpusSummary()
    for d in docs:
        s.add(d)
    # "JON LANSMAN" (twice, no speaker) and the speaker are one person, shown as the speaker is spelled
    assert s.most_quoted() == [("Jon Lansman", 4, "")]


@pytest.mark.parametrize("text, at, expected", [("abc", 2, 2), ("😀bc", 1, 2), ("a😀b😀", 4, 6), ("e\u0301x", 2, 2)])
def test_offsets_convert_to_utf16_units(text, at, expected):
    assert utf16_offsets(text)(at) == expected


def hostile_doc():
    text = f"“{HOSTILE}</script><script>window.pwned=2</script> 👋🏽,” said Ann <b>."
    cue = text.index("said")
    return doc_from_parts(text, [((cue, cue + 4), (cue + 5, cue + 8), (0, cue - 1))], id="x<y>", meta={"title": HOSTILE})


def test_corpus_text_never_reaches_the_markup_unescaped(tmp_path):
    write_report([hostile_doc()], tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<img" not in html and "window.pwned=2</script>" not in html
    assert html.count("<script") == html.count("</script>") == 3  # the index, one page, the code


def test_pages_hold_page_size_documents(tmp_path):
    docs = [pronoun_doc().model_copy(update={"id": f"d{i}"}) for i in range(23)]
    write_report(docs, tmp_path / "r.html", page_size=10)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert re.findall(r'class="doc-page" data-page="(\d+)"', html) == ["0", "1", "2"]


# --------------------------------------------------------------------------- in Chromium (the browser fixture is in tests/conftest.py)


@pytest.fixture
def open_report(browser, tmp_path):
    pages = []

    def open_(docs, **options):
        path = tmp_path / "report.html"
        write_report(docs, path, **options)
        page = browser.new_page(viewport={"width": 1300, "height": 1600})
        problems: list[str] = []
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith("file:") else None)
        page.goto(path.as_uri())
        page.wait_for_selector("article.doc")
        pages.append(page)
        return page, problems

    yield open_
    for page in pages:
        page.close()


MARK_TEXTS = """() => {
  const out = {};
  for (const art of document.querySelectorAll('article.doc')) {
    const keys = {};
    for (const m of art.querySelectorAll('mark[data-key]')) {
      // a span crossing another is split into several marks: join its pieces, each counted once
      const own = Array.from(m.childNodes).map(n => n.nodeType === 3 ? n.textContent : (n.closest && n.dataset.key === m.dataset.key ? '' : n.textContent)).join('');
      keys[m.dataset.key] = (keys[m.dataset.key] || '') + own;
    }
    out[art.dataset.docId] = keys;
  }
  return out;
}"""


def expected_marks(doc):
    keys = {}
    for a in doc.attributions:
        for name, span in (("cue", a.cue), ("source", a.source), ("content", a.content)):
            if span is not None and span.text:
                keys[f"{a.id}.{name}"] = span.text
    for h in doc.hedges:
        if h.cue.text:
            keys[f"{h.id}.cue"] = h.cue.text
        if h.scope is not None and h.scope.text:
            keys[f"{h.id}.scope"] = h.scope.text
    return keys


def test_highlights_sit_on_the_record_spans_and_clicks_show_details(open_report, sample_doc):
    reviewed = pronoun_doc().model_copy(
        update={"review": Review(status=ReviewStatus.corrected, annotators=["ed@example.org"], note="fixed source")}
    )
    docs = [sample_doc, reviewed, hostile_doc(), lansman_doc()]
    page, problems = open_report(docs)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-top.png"))
    assert page.evaluate(MARK_TEXTS) == {d.id: expected_marks(d) for d in docs}

    a3 = sample_doc.attributions[2]
    page.click(f'article[data-doc-id="sample"] mark.cue[data-att="{a3.id}"]')
    detail = page.inner_text("#detail")
    assert page.is_visible("#detail")
    for expected in (a3.source.text, a3.source_type.value, a3.content.text, a3.cue.text):
        assert expected in detail
    assert "She (= Ms Ellery)" in page.inner_text('article[data-doc-id="p"] li[data-att="a2"]')
    assert "he (= Jon Lansman)" in page.inner_text('article[data-doc-id="l"] li[data-att="a3"]')
    assert "(=" not in page.inner_text('article[data-doc-id="l"] li[data-att="a1"]')  # the source is the speaker
    page.click("#detail button")  # close the open details: the panel covers this document's claims
    page.click('article[data-doc-id="l"] li[data-att="a3"]')
    detail = page.inner_text("#detail")
    assert "speaker\nJon Lansman" in detail and "source\nhe" in detail
    page.click('article[data-doc-id="p"] li[data-att="a2"]')
    assert "Ms Ellery" in page.inner_text("#detail") and "may (modal)" in page.inner_text("#detail")
    assert page.get_attribute('article[data-doc-id="p"] .badge', "data-review") == "corrected"
    assert page.inner_text('article[data-doc-id="p"] .reviewers') == "reviewed by ed@example.org"
    hostile = page.locator('article[data-doc-id="x<y>"]')
    assert HOSTILE in hostile.inner_text() and page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("window.pwned") is None
    cue_colour = page.evaluate("getComputedStyle(document.querySelector('mark.hl.cue')).backgroundColor")
    assert cue_colour == "rgb(255, 224, 102)"
    page.click(f'article[data-doc-id="sample"] mark.cue[data-att="{a3.id}"]')
    page.screenshot(path=str(ARTIFACTS / "report-sample.png"))
    assert (ARTIFACTS / "report-sample.png").stat().st_size > 20_000
    assert problems == []


def test_only_one_page_of_documents_is_in_the_page_at_a_time(open_report):
    docs = [pronoun_doc().model_copy(update={"id": f"d{i:02}"}) for i in range(25)]
    page, problems = open_report(docs, page_size=10)
    ids = lambda: page.eval_on_selector_all("article.doc", "els => els.map(e => e.dataset.docId)")  # noqa: E731
    assert ids() == [f"d{i:02}" for i in range(10)]
    page.click("#next")
    page.click("#next")
    assert ids() == [f"d{i:02}" for i in range(20, 25)] and page.inner_text("#page-label") == "page 3 of 3"
    page.fill("#find", "d07")
    page.click("#find-form button")
    assert "d07" in ids() and page.inner_text("#page-label") == "page 1 of 3"
    assert problems == []


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=corpora(max_size=5))
def test_any_overlap_of_spans_renders_onto_the_right_text(browser, docs):
    """Generated documents (emoji, combining marks, CRLF, nested and crossing spans) in one page each."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.html"
        write_report(docs, path)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_selector("article.doc")
        try:
            assert page.evaluate(MARK_TEXTS) == {d.id: expected_marks(d) for d in docs}
            texts = page.eval_on_selector_all("article.doc .text", "els => els.map(e => e.textContent)")
            assert texts == [d.text for d in docs]
            assert errors == []
        finally:
            page.close()


def claims_doc(doc_id, publication, claims):
    """A document of one sentence per claim: (text, kind, checkworthy, sourced)."""
    from annotator.records import Claim, make_span

    text = " ".join(t for t, *_ in claims)
    doc = doc_from_parts(text, [((0, 1), None, (0, len(claims[0][0])))], id=doc_id, meta={"publication": publication})
    start = 0
    for n, (t, kind, worthy, sourced) in enumerate(claims, 1):
        doc.claims.append(Claim(id=f"c{n}", span=make_span(text, start, start + len(t)), score=0.9 if worthy else 0.1,
                                checkworthy=worthy, kind=kind, attribution_ids=["a1"] if sourced else []))
        start += len(t) + 1
    return doc


CLAIM_DOCS = [
    claims_doc("g1", "Gazette", [("Rents rose 9%.", "statistic", True, True), ("Bus fares fell.", "comparison", True, False)]),
    claims_doc("g2", "Gazette", [("Jobs went up 4%.", "statistic", True, False), ("It rained.", "other", False, False)]),
    claims_doc("h1", "Herald", [("Tax fell by 2%.", "statistic", True, True)]),
]


def test_share_of_checkworthy_claims_with_no_source_by_publication_and_kind():
    s = CorpusSummary()
    for d in CLAIM_DOCS:
        s.add(d)
    assert (s.checkworthy.checkworthy, s.checkworthy.unsourced) == (4, 2)
    assert [(p, g.checkworthy, g.unsourced) for p, g in s.unsourced_by_publication()] == [("Gazette", 3, 2), ("Herald", 1, 0)]
    assert [(k, g.checkworthy, g.unsourced) for k, g in s.unsourced_by_kind()] == [("statistic", 3, 1), ("comparison", 1, 1)]


def test_report_tables_and_per_document_unsourced_claims(tmp_path):
    from annotator.report.document_data import document_data

    write_report(CLAIM_DOCS, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    table = html[html.index('<table id="unsourced-by-publication">'):]
    table = table[: table.index("</table>")]
    assert re.search(r"<td>Gazette</td><td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">67%</td>", table)
    assert '<table id="unsourced-by-kind">' in html
    data = document_data(CLAIM_DOCS[0], 0)
    assert [(u["id"], u["kind"]) for u in data["u"]] == [("c2", "comparison")]


def test_unsourced_claims_are_listed_under_their_document(open_report):
    page, problems = open_report(CLAIM_DOCS)
    items = page.locator('article[data-doc-id="g1"] section.unsourced li')
    assert items.count() == 1 and items.first.get_attribute("data-claim") == "c2"
    assert "Bus fares fell." in items.first.inner_text() and "comparison" in items.first.inner_text()
    assert page.locator('article[data-doc-id="h1"] section.unsourced').count() == 0
    assert problems == []
