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
