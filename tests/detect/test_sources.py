"""Who stands behind a claim (annotator/detect/sources.py): the type of the source, the
antecedent of a relative pronoun, and whether the claim's words are quoted."""

import pytest


@pytest.mark.parametrize(
    "text, cue, source, source_type",
    [
        pytest.param("Officials said the bridge would reopen on Monday.", "said", "Officials", "anonymous",
                     id="officials"),
        pytest.param("A senior minister said the talks had stalled.", "said", "A senior minister", "anonymous",
                     id="a-senior-minister"),
        pytest.param("The fire service said the blaze was under control.", "said", "The fire service",
                     "named_organisation", id="the-fire-service"),
        pytest.param("The report found that the river was polluted.", "found", "The report", "document",
                     id="a-report"),
        pytest.param("Sales appear to be falling, Mr Vance said.", "said", "Mr Vance", "named_person",
                     id="titled-name"),
        pytest.param("I am told that the chairman will resign before Christmas.", "told", "I", "author",
                     id="the-writer"),
        pytest.param("It is said that the old mill was haunted.", "It is said", None, "agentless",
                     id="agentless"),
        pytest.param("“Two coffees,” he says.", "says", "he", "pronoun", id="pronoun"),
    ],
)
def test_source_type(annotated, by_cue, text, cue, source, source_type):
    att = by_cue(annotated(text), cue)
    assert (att.source.text if att.source else None) == source
    assert att.source_type == source_type


@pytest.mark.parametrize(
    "text, cue, quote_type",
    [
        pytest.param("“The budget is balanced,” the treasurer said.", "said", "direct", id="direct"),
        pytest.param("The treasurer said the budget was balanced.", "said", "indirect", id="indirect"),
        pytest.param("The treasurer said the budget was “balanced and fair”.", "said", "mixed", id="mixed"),
    ],
)
def test_quote_type(annotated, by_cue, text, cue, quote_type):
    assert by_cue(annotated(text), cue).quote_type == quote_type


def test_relative_pronoun_points_at_its_antecedent(by_cue, annotated):
    att = by_cue(annotated("The auditors, who said the accounts were sound, have resigned."), "said")
    assert att.source.text == "who"
    assert att.resolved_source is not None and att.resolved_source.text == "The auditors"
    assert att.source_type == "anonymous"



def test_quoted_i_is_the_quoted_speaker_not_the_writer():
    """'"I told them the truth," Ms Obi said': inside the quotation 'I' is Ms Obi."""
    from annotator.detect.found import FoundAttribution
    from annotator.detect.quotes import Quote
    from annotator.detect.sources import _quoted_first_person

    quotes = [Quote(0, 27, True)]
    outer = FoundAttribution(cue=(35, 39), source=(28, 34), content=(0, 27), source_type="named_person")
    inner = FoundAttribution(cue=(3, 8), source=(1, 2), content=(9, 25), source_type="author")
    _quoted_first_person([outer, inner], quotes)
    assert inner.source_type == "pronoun" and inner.resolved_source == (28, 34)
