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
