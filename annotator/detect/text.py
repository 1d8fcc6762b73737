"""One copy of a Doc's text per detector run.

``Doc.text`` joins every token each time it is read; the rules read it hundreds
of times a document, which cost more than the rules themselves. The detector
caches it for the length of one call and drops it afterwards.
"""

from spacy.tokens import Doc

TEXT_KEY = "annotator_text_cache"


def text_of(doc: Doc) -> str:
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def forget_text(doc: Doc) -> None:
    doc.user_data.pop(TEXT_KEY, None)
