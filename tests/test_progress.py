"""Progress of a long annotate run: on stderr only, for huge documents even off a terminal."""

import io

from rich.console import Console
from typer.testing import CliRunner

from annotator.annotate import MAX_CHUNK_CHARS
from annotator.cli import app
from annotator.progress import HANDFUL, AnnotateProgress
from annotator.records import Document

PARAGRAPH = (
    "“The pier is closing,” said the harbour master. Fishermen said that the repairs may take a year, "
    "and the council could sell the site.\n\n"
)


def test_off_a_terminal_a_huge_document_logs_a_line_every_tenth():
    out = io.StringIO()
    shown = AnnotateProgress(Console(file=out, force_terminal=False))
    for done in range(0, 1001, 25):
        shown.piece("big", done, 1000)
    assert list(shown.records(range(3 * HANDFUL))) == list(range(3 * HANDFUL))  # no count off a terminal
    lines = out.getvalue().splitlines()
    assert lines == [f"annotator: big: {p}% of 1,000 characters" for p in range(0, 101, 10)]


def test_disabled_progress_says_nothing():
    out = io.StringIO()
    shown = AnnotateProgress(Console(file=out, force_terminal=True), enabled=False)
    shown.piece("big", 10, 1000)
    list(shown.records(range(3 * HANDFUL)))
    assert out.getvalue() == ""


def test_on_a_terminal_bars_follow_documents_and_pieces_and_stop():
    out = io.StringIO()
    shown = AnnotateProgress(Console(file=out, force_terminal=True, width=100))

    def records():
        for n in range(2 * HANDFUL):
            for done in (500, 1000):
                shown.piece(f"doc{n}", done, 1000)
            yield n

    assert list(shown.records(records())) == list(range(2 * HANDFUL))
    assert shown._bar is None  # the live display is stopped when the records end
    assert "doc0" in out.getvalue()


def test_cli_reports_a_huge_document_on_stderr_and_writes_only_records_to_stdout(tmp_path):
    text = PARAGRAPH * (MAX_CHUNK_CHARS // len(PARAGRAPH) + 10)  # two pieces
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["annotate", str(tmp_path / "big.txt"), "--model", "blank:en", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    (doc,) = [Document.model_validate_json(line) for line in result.stdout.splitlines()]
    assert doc.text == text and len(doc.attributions) > 500
    progress = [line for line in result.stderr.splitlines() if line.startswith("annotator: big: ")]
    assert progress[-1] == f"annotator: big: 100% of {len(text):,} characters"
    assert len(progress) == 2  # a line per piece here, the first nearly all of the text

    quiet = CliRunner().invoke(app, ["annotate", str(tmp_path / "big.txt"), "--model", "blank:en", "-o", "-", "--no-progress"])
    assert quiet.exit_code == 0
    assert "annotator: big: " not in quiet.stderr
