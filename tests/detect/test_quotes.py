import pytest

from annotator.detect.quotes import find_quotes


def quoted(text):
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ('He said "no way" twice.', ['"no way"']),
        ("She said “no way” twice.", ["“no way”"]),
        ("“One,” she said, “two.”", ["“One,”", "“two.”"]),
        ('"Straight," he said. "Again."', ['"Straight,"', '"Again."']),
        # a quote that carries on into the next paragraph re-opens without closing the first
        ("“First part.\n\n“Second part,” she said.", ["“First part.\n\n“Second part,”"]),
        # an unclosed quote stops at its paragraph end and does not swallow the next one
        ("He said: “never closed\nNext paragraph with “a quote” here.", ["“never closed", "“a quote”"]),
        ("It’s the council’s plan, not “ours”.", ["“ours”"]),
        ("No quotes at all.", []),
        # a closing mark at the start of a line is an opening one typed wrong
        ("”Wrong way round,” she said.", ["”Wrong way round,”"]),
        # straight marks open after a dash or a colon and close before one
        ('The motto—"never again"—stuck.', ['"never again"']),
        ('He said: "Go." Then "Stop."', ['"Go."', '"Stop."']),
        ('"Straight and unclosed\nNext line.', ['"Straight and unclosed']),
    ],
)
def test_find_quotes(text, expected):
    assert quoted(text) == expected
