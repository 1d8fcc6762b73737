"""Control characters in a text: the parser sees spaces, the record keeps the text as given.

A stray NUL, escape or other control character (left by a PDF extraction, a database dump,
a bad copy and paste) glues the words on either side into one token, and the attribution
in that sentence is lost without a word. Rejecting the document would stop a run of
millions over one invisible byte, so the parser is shown each control character as a
space instead: the same length, so every offset into the original text stays exact. The
record keeps the text exactly as given, so nothing is changed behind the user's back, and
the command line says once on stderr where the first one was.

Tab, newline, carriage return, vertical tab and form feed are ordinary whitespace to the
tokenizer and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from .io import InputDocument

CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_GIVEN = re.compile(r":\d+$")


def for_parser(text: str) -> str:
    """``text`` with each control character replaced by one space (same length, same offsets)."""
    return CONTROL.sub(" ", text)


def warn_once(docs: Iterable[InputDocument], warn: Callable[[str], None]) -> Iterator[InputDocument]:
    """Pass ``docs`` through unchanged, calling ``warn`` with one line about the first control
    character found; after that it stops looking, so a corpus full of them costs nothing."""
    warned = False
    for doc in docs:
        if not warned:
            found = CONTROL.search(doc.text)
            if found is not None:
                warn(describe(doc, found.start()))
                warned = True
        yield doc


def describe(doc: InputDocument, position: int) -> str:
    """Where the character is, as the user's editor counts: a JSONL origin already names the
    line, so the place in its ``text`` is given; a text file gets its line and column."""
    code = f"U+{ord(doc.text[position]):04X}"
    if _LINE_GIVEN.search(doc.origin):
        place = f'{doc.origin}: control character {code} at character {position} of "text"'
    else:
        line_start = doc.text.rfind("\n", 0, position) + 1
        line = doc.text.count("\n", 0, position) + 1
        place = f"{doc.origin}:{line}: control character {code} at column {position - line_start + 1}"
    return f"{place} is read as a space (offsets unchanged, the record keeps the text as given); further ones are not reported"
