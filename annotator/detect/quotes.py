"""Find quoted stretches of text by their quotation marks.

Works on characters, not tokens, so a quote can run over several sentences and
paragraphs. News leaves a quote open at a paragraph end when the next paragraph
goes on quoting, and writers mix straight and curly marks; an unbalanced mark
must never make us give up on the rest of the document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

OPENING = {"\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb"}
CLOSING = {"\u201d", "\u00bb"}
MARK = re.compile("``|''|[\"\u201c\u201d\u201e\u00ab\u00bb]")
# A quote longer than this with no closing mark is almost surely a missing mark, not a quote.
MAX_UNCLOSED_QUOTE = 3000


class Quote(NamedTuple):
    start: int  # offset of the opening mark
    end: int  # offset just past the closing mark (or the last quoted character)
    closed: bool


def _straight_is_opening(text: str, i: int, width: int = 1) -> bool:
    """Decide whether a straight double quote opens, from what stands before it."""
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + width] if i + width < len(text) else "\n"
    if prev.isspace() or prev in "([{-\u2014\u2013:;,":
        return not nxt.isspace()
    return False


def find_quotes(text: str) -> list[Quote]:
    """Return the quotations in reading order, paragraph-spanning quotes merged into one."""
    marks: list[tuple[int, str, int]] = []  # (offset, 'open'|'close', width)
    for m in MARK.finditer(text):
        i, mark = m.start(), m.group()
        if mark in OPENING or mark == "``":
            marks.append((i, "open", len(mark)))
        elif mark in CLOSING:
            # a closing mark that starts a line is an opening one typed wrong ('”Mr Trump ...')
            marks.append((i, "open" if _starts_line(text, i) else "close", len(mark)))
        else:  # '"' or the typewriter pair "''" that some wire copy uses for both
            opening = _straight_is_opening(text, i, len(mark))
            marks.append((i, "open" if opening else "close", len(mark)))

    quotes: list[Quote] = []
    open_at: int | None = None  # where the current quote began
    segment_at = 0  # its latest opening mark (a continued quote re-opens each paragraph)
    for i, kind, width in marks:
        if open_at is not None and "\n" in text[segment_at:i]:
            if kind == "open" and _starts_line(text, i):
                # News convention: a quote that goes on into the next paragraph leaves the
                # first one unclosed and re-opens the next. One quote, still open.
                segment_at = i
                continue
            line_end = text.index("\n", segment_at)
            quotes.append(Quote(open_at, _trim_end(text, open_at, line_end), False))
            open_at = None
        if kind == "open":
            if open_at is not None:
                quotes.append(Quote(open_at, _trim_end(text, open_at, i), False))
            open_at = segment_at = i
        elif open_at is not None:
            quotes.append(Quote(open_at, i + width, True))
            open_at = None
        # a closing mark with nothing open is a stray mark: ignore it
    if open_at is not None:
        nl = text.find("\n", segment_at)
        end = len(text) if nl < 0 else nl
        end = min(end, open_at + MAX_UNCLOSED_QUOTE)
        quotes.append(Quote(open_at, _trim_end(text, open_at, end), False))
    return quotes


def _starts_line(text: str, i: int) -> bool:
    """True when the mark at i is the first non-space character of its line."""
    j = i - 1
    while j >= 0 and text[j] in " \t\r":
        j -= 1
    return j < 0 or text[j] == "\n"


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


# Quotations come out of find_quotes in reading order and never overlap, so their starts and
# their ends are both sorted: the rules ask "which quotation holds this offset" for every
# candidate, and on a long feature a scan of every quotation each time was the detector's
# largest cost.


def quote_at(quotes: list[Quote], at: int) -> Quote | None:
    """The quotation holding offset ``at`` (start inclusive, end exclusive), if any."""
    i = bisect_right(quotes, at, key=lambda q: q.start) - 1
    return quotes[i] if i >= 0 and at < quotes[i].end else None


def quotes_overlapping(quotes: list[Quote], start: int, end: int) -> list[Quote]:
    """The quotations sharing at least one character with ``[start, end)``, in reading order."""
    i = bisect_right(quotes, start, key=lambda q: q.end)
    out = []
    while i < len(quotes) and quotes[i].start < end:
        out.append(quotes[i])
        i += 1
    return out


def last_quote_ending_by(quotes: list[Quote], at: int) -> Quote | None:
    i = bisect_right(quotes, at, key=lambda q: q.end) - 1
    return quotes[i] if i >= 0 else None


def first_quote_starting_from(quotes: list[Quote], at: int) -> Quote | None:
    i = bisect_left(quotes, at, key=lambda q: q.start)
    return quotes[i] if i < len(quotes) else None
