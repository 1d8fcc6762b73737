"""exports/ holds the built-in sample annotated by the current code, in every export format plus its
report; regenerate all of it with `annotator export-examples` when detection or an exporter changes."""

from pathlib import Path

import pytest

from annotator.annotate import annotate_documents
from annotator.cli import sample_documents
from annotator.export.examples import write_examples

EXPORTS = Path(__file__).resolve().parent.parent / "exports"
REGENERATE = "run: annotator export-examples"


@pytest.fixture(scope="module")
def sample_record(nlp):
    (doc,) = annotate_documents(nlp, sample_documents())
    return doc


def test_sample_records_are_current(sample_record):
    path = EXPORTS / "sample.jsonl"
    assert path.exists(), REGENERATE
    assert path.read_text(encoding="utf-8") == sample_record.model_dump_json() + "\n", (
        f"exports/sample.jsonl is stale: {REGENERATE}"
    )


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_export_and_the_report_are_current(sample_record, tmp_path):
    write_examples(sample_record, tmp_path)
    fresh, committed = files_under(tmp_path), files_under(EXPORTS)
    missing = sorted(fresh.keys() - committed.keys())
    assert not missing, f"exports/ lacks {missing}: {REGENERATE}"
    stale = sorted(name for name in fresh if fresh[name] != committed[name])
    assert not stale, f"exports/ is stale ({', '.join(stale)}): {REGENERATE}"
    leftover = sorted(committed.keys() - fresh.keys())
    assert not leftover, f"exports/ has files the command no longer writes: {leftover}"
