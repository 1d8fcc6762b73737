"""Learning from reviewers: ``annotator train`` and what the Label Studio backend retrains with.

``train_model`` reads reviewed records, gold or brat corpora (:mod:`.inputs`), parses them once
(:mod:`.parsed`), learns lexicon changes and re-fits the cue scorer (:mod:`.learner`, over
:mod:`.candidates`, :mod:`.lexicon` and :mod:`.scorer`) and writes a spaCy pipeline folder
(:mod:`.model_dir`) that ``annotate --model`` loads.
"""

from .train import train_model

__all__ = ["train_model"]
