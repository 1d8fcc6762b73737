import pytest


def attribution_with_cue(doc, cue: str, nth: int = 1):
    """The nth attribution whose cue reads ``cue``; fails naming the cues there are."""
    found = [a for a in doc.attributions if a.cue.text == cue]
    assert len(found) >= nth, f"no attribution #{nth} with cue {cue!r}: {[a.cue.text for a in doc.attributions]}"
    return found[nth - 1]


@pytest.fixture(scope="session")
def by_cue():
    return attribution_with_cue
