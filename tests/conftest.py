import os
import stat
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The full pipeline with the detector, loaded once: loading spaCy is the slow part."""
    from annotator.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def annotate_text(nlp):
    """Annotate one text and return its Document record."""
    from annotator.annotate import annotate_documents
    from annotator.io import InputDocument

    def run(text: str, doc_id: str = "t"):
        return next(annotate_documents(nlp, [InputDocument(doc_id, text, {}, "test")]))

    return run


@pytest.fixture(scope="session")
def annotated(annotate_text):
    """Like annotate_text, but each text is annotated once per session however many tests ask."""
    cache = {}

    def run(text: str):
        if text not in cache:
            cache[text] = annotate_text(text)
        return cache[text]

    return run


@pytest.fixture(scope="session")
def blank_nlp():
    """The detector without a parser: the lexical fallback."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("attribution_detector")
    return nlp


@pytest.fixture
def char_device(tmp_path):
    """A character device like /dev/null or /dev/full. As root, a copy made in tmp_path: a test
    run against a writer that renames over its target must never replace the machine's own."""
    minors = {"null": 3, "full": 7}

    def make(name: str) -> Path:
        if os.name != "posix":
            pytest.skip("character devices")
        if os.geteuid() != 0:
            return Path(f"/dev/{name}")
        path = tmp_path / name
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minors[name]))
        try:
            path.open("wb").close()
        except OSError:
            pytest.skip("device nodes cannot be opened in the temporary folder (nodev)")
        return path

    return make
