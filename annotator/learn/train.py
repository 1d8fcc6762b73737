"""``annotator train``: reviewed documents in, a spaCy pipeline folder that learned from them out.

The order matters for "nothing written on bad input": the target folder and every input
file are checked (and read) before the pipeline is loaded, the gold for ``--eval`` too, so a
mistake costs a second, not a parse; the model is written last, atomically
(:mod:`annotator.learn.model_dir`). The meta (returned, and saved in the folder's
``meta.json`` under ``annotator_training``) says what it was trained on, when, on what base,
what it changed, and its figures on the ``--eval`` gold beside the base's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .. import __version__
from ..annotate import model_name
from ..detect.tuning import LEARN
from ..errors import AnnotatorError
from ..evaluate import load_records
from ..pipeline import DEFAULT_MODEL, load_pipeline
from .candidates import units_of
from .inputs import read_inputs, require_some
from .learner import learn
from .model_dir import check_target, name_model, write_model
from .parsed import DETECTOR, figures, parse, score_parsed

META_KEY = "annotator_training"
LEARNED_LEXICON = "learned_lexicon.jsonl"  # the lines training wrote, as a user lexicon (--lexicon)


def train_model(
    inputs: list[str],
    out_dir: str | Path,
    base: str | None = None,
    eval_gold: str | None = None,
    force: bool = False,
    progress: bool = False,
) -> dict:
    """Learn from ``inputs`` (records, gold files, brat folders) on top of ``base`` (a pipeline
    name or an earlier MODEL_DIR) and write the pipeline to ``out_dir``; return its meta."""
    out = Path(out_dir)
    check_target(out, force)
    if not inputs:
        raise AnnotatorError("nothing to train on: give records, gold or brat files")
    docs, summary = read_inputs([str(p) for p in inputs])
    require_some(docs, summary, inputs)
    gold = list(load_records(eval_gold)) if eval_gold else None
    started = datetime.now(timezone.utc)
    nlp = load_pipeline(base or DEFAULT_MODEL)
    detector = nlp.get_pipe(DETECTOR)
    if not detector.has_parser:
        raise AnnotatorError(f"cannot train {base!r}: it has no dependency parser, and the rules learn from parses")
    base_name = model_name(nlp)
    with _progress(progress) as stage:
        parsed = parse(nlp, [d.text for d in docs], stage("parsing reviewed documents", len(docs)))
        units = units_of(docs, parsed)
        learned = learn(detector, units, LEARN, stage("learning from the reviews", 2 * len(units)))
        evaluation = None
        if gold is not None:
            gold_parsed = parse(nlp, [g["text"] for g in gold], stage("parsing the --eval gold", len(gold)))
            evaluation = {"gold": str(eval_gold), "base": figures(score_parsed(nlp, gold, gold_parsed))}
            learned.apply(detector)
            evaluation["trained"] = figures(score_parsed(nlp, gold, gold_parsed))
        else:
            learned.apply(detector)
    meta = {
        "trained_at": started.isoformat(timespec="seconds"),
        "annotator_version": __version__,
        "base": {"given": base or DEFAULT_MODEL, "model": base_name},
        "documents": summary.to_dict(),
        "units": len(units),
        **learned.summary,
        "tuning": dict(LEARN),
        "eval": evaluation,
    }
    name_model(nlp, {"lines": learned.learned_lines, "weights": learned.scorer.weights}, started)
    meta["model"] = model_name(nlp)
    if learned.scorer.tensor_model == base_name:
        learned.scorer.tensor_model = meta["model"]  # the same token vectors, under the new name
    nlp.meta[META_KEY] = meta
    nlp.meta["description"] = (
        f"{nlp.meta.get('description', '')} Trained by annotator train on {summary.used} reviewed document(s)."
    ).strip()
    write_model(nlp, out, {LEARNED_LEXICON: _lexicon_text(learned.learned_lines, meta)})
    return meta


def _lexicon_text(lines: list[dict], meta: dict) -> str:
    head = (
        f"// Learned by annotator train at {meta['trained_at']} from {meta['documents']['used']} reviewed "
        f"document(s) on {meta['base']['model']}: new cue lines and lines whose 'reports' changed ('learned' "
        "says on what evidence). Pass it with --lexicon to use them in another pipeline.\n"
    )
    return head + "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int], Callable[[], None]]]:
    """``stage(description, total)`` -> a function to call once per step; a bar on stderr when enabled."""
    if not enabled:
        yield lambda description, total: (lambda: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    )

    def stage(description: str, total: int) -> Callable[[], None]:
        task = bar.add_task(description, total=total)
        return lambda: bar.advance(task)

    with bar:
        yield stage
