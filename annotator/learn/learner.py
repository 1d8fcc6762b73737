"""Learn from parsed, reviewed documents: the lexicon first, then the cue scorer on top of it.

Two passes of the rules over the training documents. The first runs a permissive lexicon
(every complement licensed, a provisional line for each reviewed cue no line matches), to
see what reviewers did with the candidates the real lexicon would drop, and settles the
lexicon changes (:mod:`annotator.learn.lexicon`), and whether the scorer should also judge the
constructions whose lexicon prior stands in the shipped model (nested reports, agentless
passives: kept by the guideline, left out by PolNeAR). The second runs the changed lexicon as it
will ship, and its candidates, labelled kept or deleted, re-fit the scorer
(:mod:`annotator.learn.scorer`). The detector is left as it was found; the caller applies the
result with ``AttributionDetector.replace_model``. Callers that train many times on the same
documents (``benchmarks/learning.py``) parse once and call this with the units.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..detect.scoring import CueScorer
from ..detect.tuning import LEARN
from ..pipeline import AttributionDetector
from . import lexicon
from .candidates import Candidate, Unit, collect
from .scorer import refit

CUES = "reporting_cues"


@dataclass
class Learned:
    lines: list[dict]  # the whole reporting-cue lexicon as learned
    scorer: CueScorer
    summary: dict  # what changed and on how many examples, for the model's meta

    @property
    def learned_lines(self) -> list[dict]:
        return lexicon.learned_lines(self.lines)

    def apply(self, detector: AttributionDetector) -> None:
        detector.replace_model({CUES: self.lines}, self.scorer)


def judges_everything(seen: list[Candidate], base: CueScorer | None, tuning: Mapping) -> tuple[bool, dict]:
    """Whether the scorer should judge the constructions whose lexicon prior stands (a nested
    report, an agentless passive): yes once reviewers delete most of those they are shown."""
    shown = [c for c in seen if not c.scored and c.shown and c.label is not None]
    kept = sum(c.label for c in shown)
    tally = {"kept": kept, "deleted": len(shown) - kept}
    if base is not None and base.judges_all:
        return True, tally
    return len(shown) - kept >= tuning["judge_all_min_deleted"] and kept <= tuning["judge_all_max_share"] * len(shown), tally


def learn(
    detector: AttributionDetector,
    units: list[Unit],
    tuning: Mapping = LEARN,
    advance: Callable[[], None] = lambda: None,
) -> Learned:
    """What ``units`` teach the detector; ``advance`` is called once per unit and pass (twice per unit)."""
    base_lines = detector.lexicons[CUES]
    base_scorer = detector.scorer
    by_id = {e["id"]: e for e in base_lines}
    provisional = lexicon.propose_new_cues(detector, units, by_id, tuning["new_cue_max_words"])
    try:
        detector.replace_model({CUES: lexicon.permissive(base_lines, provisional)})
        seen = collect(detector, units, by_id, advance)
        changes = lexicon.decide(seen, by_id, {p["id"]: p for p in provisional}, tuning)
        lines = lexicon.apply(base_lines, changes)
        judges_all, unscored = judges_everything(seen, base_scorer, tuning)
        start = copy.copy(base_scorer or CueScorer({}, 0.0))
        start.judges_all = judges_all
        detector.replace_model({CUES: lines}, start)
        examples = [(c.features, c.label) for c in collect(detector, units, None, advance) if c.scored and c.label is not None]
        scorer, fit = refit(start, examples, tuning)
    finally:
        detector.replace_model({CUES: base_lines}, base_scorer)
    labelled = [c for c in seen if c.label is not None]
    summary = {
        "candidates": {"seen": len(seen), "kept": sum(c.label for c in labelled), "deleted": sum(1 - c.label for c in labelled),
                       "optional": len(seen) - len(labelled)},
        "proposed_new_cues": len(provisional),
        "lexicon": changes.to_dict(),
        "scorer": {**fit, "judges_all": judges_all, "unscored_shown": unscored},
    }
    return Learned(lines, scorer, summary)
