"""The cue scorer (annotator/detect/scoring.py): clean reports pass its cut, and what a study
found is not also a report by the people in it. tools/mutation_rules.json says why the
scorer's nesting and headline features have no test of their own (no_sensible_test)."""

import pytest


@pytest.mark.parametrize(
    "text, cue, content",
    [
        pytest.param("A survey published on Tuesday found that most tenants opposed the rent rise.", "found",
                     "that most tenants opposed the rent rise", id="survey-found"),
        pytest.param("The mayor said that the library would close in June.", "said",
                     "that the library would close in June", id="said-that"),
    ],
)
def test_only_the_outer_cue(annotated, text, cue, content):
    doc = annotated(text)
    assert [(a.cue.text, a.content.text) for a in doc.attributions] == [(cue, content)]


def test_builtin_scorer_is_readable_weights():
    from annotator.detect.scoring import CueScorer

    scorer = CueScorer.builtin()
    assert scorer is not None and scorer.weights
    assert all(isinstance(k, str) and isinstance(v, float) for k, v in list(scorer.weights.items())[:50])
    assert 0.0 < scorer({"bias": 1.0}) < 1.0


def test_a_cue_inside_the_quotation_of_a_split_quote_is_nested():
    """'"A," she said, "my lawyer says B."': the lawyer's cue stands in the quotation that holds
    its own cue ('said'), so it is a report inside a report; 'she said' itself is not nested."""
    from annotator.detect.found import FoundAttribution
    from annotator.detect.quotes import Quote
    from annotator.detect.scoring import mark_nested

    quotes = [Quote(0, 10, True), Quote(20, 60, True)]
    outer = FoundAttribution(cue=(12, 16), source=(11, 12), content=(0, 60), evidence="quote_split", features={})
    inner = FoundAttribution(cue=(30, 34), source=(21, 29), content=(35, 59), evidence="ccomp", features={})
    mark_nested([outer, inner], quotes)
    assert "nested" in inner.features and "nested" not in outer.features


def test_a_headline_cue_is_marked_as_such(nlp):
    """A line with no closing full stop is a headline or caption; the scorer weighs it."""
    from annotator.detect.found import FoundAttribution
    from annotator.detect.scoring import cue_features

    text = "Mayor says bridge will close"
    doc = nlp(text)
    att = FoundAttribution(cue=(6, 10), source=(0, 5), content=(11, len(text)), evidence="ccomp")
    assert "headline" in cue_features(doc, att, [], 0.8)
    doc2 = nlp("The mayor says the bridge will close.")
    att2 = FoundAttribution(cue=(10, 14), source=(0, 9), content=(15, 36), evidence="ccomp")
    assert "headline" not in cue_features(doc2, att2, [], 0.8)
