import pytest

from annotator.records_file import read_documents

from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "exports" / "sample.jsonl"


@pytest.fixture(scope="session")
def sample_doc():
    """The annotated built-in sample as committed: a real article's worth of overlapping spans."""
    (doc,) = read_documents(SAMPLE)
    return doc
