"""The annotation guideline as HTML, for Label Studio's project instructions.

``docs/guidelines.md`` is the one source of the convention, but an installed package
holds only ``annotator/``; so ``annotator schema`` renders the Markdown into
``annotator/data/guidelines.html``, which ``push`` reads, and a test fails when that
file is stale.

The renderer knows only what the guideline uses (headings, paragraphs, nested bullet
and numbered lists, pipe tables, fenced code, rules, inline code and ``*``/``**``
emphasis) and escapes every other character: Label Studio's own sanitiser lets
``<script>`` through, so raw HTML in the Markdown must never reach a reviewer's
browser. It writes bare tags with no attributes, which that sanitiser keeps as they
are, so the instructions a project stores compare equal to ours until the guideline
changes.
"""

from __future__ import annotations

import html
import re
from importlib import resources
from pathlib import Path

from .errors import AnnotatorError
from .io import atomic_write_text

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE = PACKAGE_DIR.parent / "docs" / "guidelines.md"  # present in a source checkout only
RENDERED = PACKAGE_DIR / "data" / "guidelines.html"

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])\s+(?P<text>.*)$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?P<body>.+?)(?P=ticks))"
    r"|\\(?P<escaped>[\\`*_{}\[\]()#+\-.!|<>])"
    r"|(?P<delim>\*\*|\*)"
)
_EMPHASIS = {"*": "em", "**": "strong"}


def guideline_html() -> str:
    """The rendered guideline shipped with the package: what ``push`` sets as instructions."""
    path = resources.files("annotator") / "data" / "guidelines.html"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnnotatorError(f"{path} is missing: run `annotator schema` in a source checkout") from None


def render_guideline() -> str:
    """``docs/guidelines.md`` rendered afresh; for ``annotator schema`` and the staleness test."""
    if not SOURCE.exists():
        raise AnnotatorError(f"{SOURCE} not found: the guideline is rendered from a source checkout")
    return markdown_to_html(SOURCE.read_text(encoding="utf-8"))


def write_guideline_html() -> Path | None:
    """Regenerate the package's copy; None (nothing written) in an installed package, which has no docs/."""
    if not SOURCE.exists():
        return None
    atomic_write_text(RENDERED, render_guideline())
    return RENDERED


# --------------------------------------------------------------------------- blocks


def markdown_to_html(markdown: str) -> str:
    """HTML for the Markdown subset above; anything else comes out as escaped text."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        block, i = _block(lines, i)
        blocks.append(block)
    return "\n".join(blocks) + "\n"


def _block(lines: list[str], i: int) -> tuple[str, int]:
    """The block starting at line ``i`` and the index of the line after it."""
    line = lines[i]
    if _FENCE.match(line):
        return _code_block(lines, i)
    heading = _HEADING.match(line)
    if heading:
        level = len(heading.group(1))
        return f"<h{level}>{inline(heading.group(2))}</h{level}>", i + 1
    if _RULE.match(line):
        return "<hr>", i + 1
    if _starts_table(lines, i):
        return _table(lines, i)
    item = _ITEM.match(line)
    if item:
        return _list(lines, i, len(item.group("indent")))
    return _paragraph(lines, i)


def _starts_block(lines: list[str], i: int) -> bool:
    """Whether line ``i`` ends a paragraph by starting a block of its own."""
    line = lines[i]
    return bool(
        not line.strip() or _FENCE.match(line) or _HEADING.match(line) or _RULE.match(line)
        or _ITEM.match(line) or _starts_table(lines, i)
    )


def _paragraph(lines: list[str], i: int) -> tuple[str, int]:
    taken = [lines[i].strip()]
    i += 1
    while i < len(lines) and not _starts_block(lines, i):
        taken.append(lines[i].strip())
        i += 1
    return f"<p>{inline(' '.join(taken))}</p>", i


def _code_block(lines: list[str], i: int) -> tuple[str, int]:
    fence = _FENCE.match(lines[i]).group(1)
    body = []
    i += 1
    while i < len(lines) and not lines[i].strip().startswith(fence):
        body.append(lines[i])
        i += 1
    code = _escape("\n".join(body))
    return f"<pre><code>{code}</code></pre>", i + 1


def _list(lines: list[str], i: int, indent: int) -> tuple[str, int]:
    """A list whose markers stand ``indent`` spaces in; deeper markers open nested lists,
    deeper plain lines continue the item above them."""
    ordered = _ITEM.match(lines[i]).group("marker")[0].isdigit()
    tag = "ol" if ordered else "ul"
    items: list[str] = []
    while i < len(lines):
        item = _ITEM.match(lines[i])
        if not item or len(item.group("indent")) != indent or item.group("marker")[0].isdigit() != ordered:
            break
        text, nested = [item.group("text").strip()], []
        i += 1
        while i < len(lines):
            line = lines[i]
            deeper = len(line) - len(line.lstrip(" ")) > indent
            if not line.strip():
                if i + 1 < len(lines) and _continues_list(lines[i + 1], indent):
                    i += 1
                    continue
                break
            if not deeper:
                break
            if _ITEM.match(line):
                sub, i = _list(lines, i, len(_ITEM.match(line).group("indent")))
                nested.append(sub)
            else:
                text.append(line.strip())
                i += 1
        items.append(f"<li>{inline(' '.join(text))}{''.join(nested)}</li>")
    return f"<{tag}>\n" + "\n".join(items) + f"\n</{tag}>", i


def _continues_list(line: str, indent: int) -> bool:
    """After a blank line: another item of this list, or an indented line of its last item."""
    item = _ITEM.match(line)
    return bool(line.strip()) and (
        len(line) - len(line.lstrip(" ")) > indent or (item is not None and len(item.group("indent")) == indent)
    )


def _starts_table(lines: list[str], i: int) -> bool:
    return lines[i].lstrip().startswith("|") and i + 1 < len(lines) and bool(_TABLE_SEPARATOR.match(lines[i + 1]))


def _table(lines: list[str], i: int) -> tuple[str, int]:
    header = _cells(lines[i])
    rows = []
    i += 2
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        cells = _cells(lines[i])
        rows.append((cells + [""] * len(header))[: len(header)])
        i += 1
    head = "<tr>" + "".join(f"<th>{inline(c)}</th>" for c in header) + "</tr>"
    body = "\n".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>\n<thead>\n{head}\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>", i


def _cells(line: str) -> list[str]:
    """A table row's cells; ``\\|`` is a pipe inside a cell."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)]


# --------------------------------------------------------------------------- inline


def inline(text: str) -> str:
    """Code spans, backslash escapes and emphasis; every other character escaped.

    Emphasis opens on a ``*``/``**`` followed by a non-space and closes on the same
    delimiter preceded by one; a delimiter that would close across another open one,
    or never closes, stays a literal star, so the tags are always well nested.
    """
    pieces: list[str] = []
    opened: list[tuple[str, int]] = []  # (delimiter, index of its placeholder in pieces)
    pos = 0
    for m in _INLINE.finditer(text):
        pieces.append(_escape(text[pos : m.start()]))
        pos = m.end()
        if m.group("code"):
            pieces.append(f"<code>{_escape(m.group('body'))}</code>")
        elif m.group("escaped"):
            pieces.append(_escape(m.group("escaped")))
        else:
            _emphasis(m, text, pieces, opened)
    pieces.append(_escape(text[pos:]))
    return "".join(pieces)


def _emphasis(m: re.Match, text: str, pieces: list[str], opened: list[tuple[str, int]]) -> None:
    delim = m.group("delim")
    before = text[m.start() - 1] if m.start() > 0 else " "
    after = text[m.end()] if m.end() < len(text) else " "
    if opened and opened[-1][0] == delim and not before.isspace():
        _, at = opened.pop()
        pieces[at] = f"<{_EMPHASIS[delim]}>"
        pieces.append(f"</{_EMPHASIS[delim]}>")
    elif not after.isspace() and all(d != delim for d, _ in opened):
        opened.append((delim, len(pieces)))
        pieces.append(delim)  # stays a literal star unless a closing delimiter replaces it
    else:
        pieces.append(delim)


def _escape(text: str) -> str:
    """``&``, ``<`` and ``>`` only: quotes are harmless outside attributes, and leaving them
    keeps the text exactly as Label Studio's sanitiser will store it."""
    return html.escape(text, quote=False)
