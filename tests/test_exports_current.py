"""exports/ holds the built-in sample annotated by the current code; regenerate with
`annotator annotate --sample -o exports/sample.jsonl` when detection changes."""

from pathlib import Path

from annotator.annotate import annotate_documents
from annotator.cli import sample_documents

EXPORTS = Path(__file__).resolve().parent.parent / "exports"


def test_sample_records_are_current(nlp):
    (doc,) = annotate_documents(nlp, sample_documents())
    path = EXPORTS / "sample.jsonl"
    assert path.exists(), "run: annotator annotate --sample -o exports/sample.jsonl"
    assert path.read_text(encoding="utf-8") == doc.model_dump_json() + "\n", (
        "exports/sample.jsonl is stale: run annotator annotate --sample -o exports/sample.jsonl"
    )
