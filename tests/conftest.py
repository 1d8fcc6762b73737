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
