"""How sure the machine is of a whole document: the prediction's ``score``, and what
``push --order uncertain`` sorts on.

Reviewers' time pays most where the machine doubts itself, so the least confident
documents go to them first (imported first, so Label Studio's default sequential
sampling hands them out first), and the same number is each prediction's top-level
``score``, which the data manager shows as "Prediction score" and can sort by.

A finding's score is the probability that it is right (the cue scorer's, or the hedge
lexicon's weight), so a document's confidence is read as the probability that what it
shows is right, from its *weakest* findings:

- the mean of the ``WEAKEST_FINDINGS`` lowest scores, not the minimum (one stray item
  would decide, and every long article would tie at the cut-off) and not the mean of
  all (a 4,000-word feature's hundred sure findings would hide its five doubtful ones).
  A document with three doubtful findings ranks before one with a single doubtful
  finding among sure ones: it holds more of the decisions a reviewer is needed for.
- a document with no findings: the scores say nothing about what was missed, and news
  prose almost always reports someone (PolNeAR's 924 articles have one attribution per
  31 words at the median and none without any; the sparsest have one per ~460 words).
  So its confidence is the chance that a text of its length really holds no
  attribution, if attributions came at one per ``WORDS_PER_ATTRIBUTION`` words (a
  Poisson rate, set three times sparser than PolNeAR's median so only real prose is
  doubted): a 20-word caption scores 0.82 and goes late; an empty 500-word article
  scores 0.007 and goes first, since it is most likely a miss, which is what a
  reviewer (and the training that learns from reviews) gains most from.
"""

from __future__ import annotations

import math

from annotator.records import Document

WEAKEST_FINDINGS = 3  # a document's confidence is the mean of this many of its lowest finding scores
WORDS_PER_ATTRIBUTION = 100.0  # expected prose words per attribution, for documents with no findings
DIGITS = 3  # the score is rounded, so exports and the data manager show a stable number


def document_confidence(doc: Document) -> float:
    """The probability that ``doc``'s findings (or their absence) are right: lower is reviewed first."""
    scores = sorted([a.score for a in doc.attributions] + [h.score for h in doc.hedges])
    if scores:
        weakest = scores[:WEAKEST_FINDINGS]
        return round(sum(weakest) / len(weakest), DIGITS)
    return round(math.exp(-len(doc.text.split()) / WORDS_PER_ATTRIBUTION), DIGITS)


def least_confident_first(docs: list[Document]) -> list[Document]:
    """``docs`` from the least to the most confident; ties keep their input order."""
    return sorted(docs, key=document_confidence)
