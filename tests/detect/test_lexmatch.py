"""The fast lexicon matcher must agree with spaCy's Matcher holding the same patterns."""

import pytest
from spacy.matcher import Matcher

from annotator.detect.lexmatch import LexiconMatcher
from annotator.lexicons import load_lexicon

TEXT = (
    "According to a senior aide, the minister said she may resign. “No,” says one. "
    "The report suggests prices could rise, officials told reporters, pointing out that "
    "the claim was apparently false. She appears in court on Monday; it appears unlikely."
)


# matches that run past a sentence's end, idioms anchored on their rarer word, sentences with no anchor
ACROSS = (
    "The weather was mild. Nobody minded. The chair was blunt:\n\n“We will not move.”\n\n"
    "Truth be told, the plan is thought to be dead, you know. It is said that all told the cost was high."
)


@pytest.mark.parametrize("text", [TEXT, ACROSS], ids=["cues", "across-sentences"])
def test_same_matches_as_spacy_matcher(nlp, text):
    doc = nlp(text)
    for name in ("reporting_cues", "hedge_cues"):
        entries = load_lexicon(name)
        fast = LexiconMatcher(nlp.vocab, name)
        slow = Matcher(nlp.vocab)
        for i, e in enumerate(entries):
            fast.add(f"{name}:{i}", e["pattern"], e)
            slow.add(f"{name}:{i}", [e["pattern"]])
        got = sorted((s, e, entry["id"]) for s, e, entry in fast(doc))
        want = sorted((s, e, entries[int(nlp.vocab.strings[m].split(":")[1])]["id"]) for m, s, e in slow(doc))
        assert got == want
        assert got, f"{name} found nothing in a text full of cues"


def test_bad_pattern_names_the_entry(nlp):
    import pytest

    from annotator.errors import AnnotatorError

    m = LexiconMatcher(nlp.vocab, "reporting_cues")
    with pytest.raises(AnnotatorError, match="'oops'"):
        m.add("x", [{"LEMMA": {"NOPE": 1}}], {"id": "oops"})
