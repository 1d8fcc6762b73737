"""docs/guidelines.md, its rendering into annotator/data/guidelines.html, and the renderer itself."""

import re

import pytest

from annotator import guidelines as G
from annotator.records import HedgeKind, QuoteType, SourceType

REGENERATE = "run `annotator schema`"


def test_shipped_html_is_current():
    """push sends annotator/data/guidelines.html; it must say what docs/guidelines.md says."""
    assert G.RENDERED.exists(), f"{G.RENDERED} missing: {REGENERATE}"
    assert G.RENDERED.read_text(encoding="utf-8") == G.render_guideline(), f"{G.RENDERED} is stale: {REGENERATE}"
    assert G.guideline_html() == G.RENDERED.read_text(encoding="utf-8")


def test_guideline_names_every_label_a_reviewer_chooses():
    text = G.SOURCE.read_text(encoding="utf-8")
    for enum in (SourceType, QuoteType, HedgeKind):
        missing = [m.value for m in enum if f"`{m.value}`" not in text]
        assert not missing, f"docs/guidelines.md does not explain {missing}"


def test_installed_package_without_docs_keeps_the_shipped_html(tmp_path, monkeypatch):
    monkeypatch.setattr(G, "SOURCE", tmp_path / "docs" / "guidelines.md")
    monkeypatch.setattr(G, "RENDERED", tmp_path / "guidelines.html")
    assert G.write_guideline_html() is None
    assert not (tmp_path / "guidelines.html").exists()


def test_schema_command_writes_the_guideline_html(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from annotator.cli import app

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guidelines.md").write_text("# Rules\n\nBe *kind*.\n", encoding="utf-8")
    monkeypatch.setattr(G, "SOURCE", tmp_path / "docs" / "guidelines.md")
    monkeypatch.setattr(G, "RENDERED", tmp_path / "out" / "guidelines.html")
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(app, ["schema", "--out-dir", str(tmp_path / "schemas")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "guidelines.html").read_text() == "<h1>Rules</h1>\n<p>Be <em>kind</em>.</p>\n"


@pytest.mark.parametrize(
    "markdown, html",
    [
        ("# Title\n\n## Part 2 ##", "<h1>Title</h1>\n<h2>Part 2</h2>\n"),
        ("one line\nand the next\n\nnew para", "<p>one line and the next</p>\n<p>new para</p>\n"),
        ("- a\n  continued\n- b\n  - b1\n  - b2\n- c", "<ul>\n<li>a continued</li>\n<li>b<ul>\n<li>b1</li>\n<li>b2</li>\n</ul></li>\n<li>c</li>\n</ul>\n"),
        ("1. first\n2. second", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"),
        ("- a\n\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
        ("text\n- item", "<p>text</p>\n<ul>\n<li>item</li>\n</ul>\n"),
        (
            "| A | B |\n|---|:-:|\n| `x` | y \\| z |\n| short |",
            "<table>\n<thead>\n<tr><th>A</th><th>B</th></tr>\n</thead>\n<tbody>\n"
            "<tr><td><code>x</code></td><td>y | z</td></tr>\n<tr><td>short</td><td></td></tr>\n</tbody>\n</table>\n",
        ),
        ("```\n<b>x</b> & *y*\n```", "<pre><code>&lt;b&gt;x&lt;/b&gt; &amp; *y*</code></pre>\n"),
        ("---", "<hr>\n"),
    ],
)
def test_blocks(markdown, html):
    assert G.markdown_to_html(markdown) == html


@pytest.mark.parametrize(
    "text, html",
    [
        ("*a* and **b**", "<em>a</em> and <strong>b</strong>"),
        ("*a **b** c*", "<em>a <strong>b</strong> c</em>"),
        ("defiant**:** yes", "defiant<strong>:</strong> yes"),
        ("`*not* <em>`", "<code>*not* &lt;em&gt;</code>"),
        ("2 * 3 and a lone *star", "2 * 3 and a lone *star"),
        ("*a **b* c**", "*a <strong>b* c</strong>"),  # would cross: one star stays literal, tags nest
        (r"\*literal\* and a\_b", "*literal* and a_b"),
        ("Q&A <i>", "Q&amp;A &lt;i&gt;"),
        ('"quotes" and \u2018curly\u2019 stay', '"quotes" and \u2018curly\u2019 stay'),
    ],
)
def test_inline(text, html):
    assert G.inline(text) == html


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "# <script>alert(1)</script>",
        "- <script>alert(1)</script>",
        "| h |\n|---|\n| <script>alert(1)</script> |",
        "`<script>alert(1)</script>`",
        "**<script>alert(1)</script>**",
        '<img src=x onerror="alert(1)">',
    ],
)
def test_raw_html_comes_out_escaped(markdown):
    html = G.markdown_to_html(markdown)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html


def test_output_tags_carry_no_attributes():
    """Label Studio's sanitiser keeps bare tags as they are, so the stored text equals ours."""
    html = G.guideline_html()
    assert not re.search(r"<[a-z0-9]+\s", html)
    assert set(re.findall(r"</?([a-z0-9]+)", html)) <= {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
        "pre", "code", "em", "strong", "hr",
    }


def test_label_studio_sanitiser_stores_the_guideline_unchanged():
    """Label Studio bleach-cleans expert_instruction on save; an unchanged guideline must compare equal."""
    bleach = pytest.importorskip("bleach")
    constants = pytest.importorskip("label_studio.constants")
    html = G.guideline_html()
    assert bleach.clean(html, tags=constants.SAFE_HTML_TAGS, attributes=constants.SAFE_HTML_ATTRIBUTES) == html
