"""Score the detector on every development set at once, from cached parses.

A rule change must be checked on all dev sets together (long-form feature gold,
PolNeAR, Szeged hedges), not on the one it was written for. Parsing dominates the
time, and the rules do not change the parse, so each set is parsed once and kept
under /tmp; re-scoring after a rule change then takes seconds. The figures are
those ``annotator eval`` prints (same records, same scorer), one compact table.

    python tools/eval_all.py [../shared/eval] [--only feature-2017] [--errors N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from pathlib import Path

from spacy.tokens import Doc

from annotator.annotate import build_document, model_name
from annotator.evaluate import score_documents
from annotator.pipeline import DEFAULT_MODEL, FINDINGS_KEY, load_pipeline

# file -> the rows worth a glance for it (everything is in the JSON when --json)
SETS = {
    "feature-2017.jsonl": ("attribution", "hedge"),
    "polnear-dev.jsonl": ("attribution",),
    "szeged-wiki-hedges.jsonl": ("hedge",),
}


def cached_parses(nlp, path: Path, texts: list[str]) -> list[Doc]:
    key = hashlib.sha1(f"{nlp.meta['name']}{nlp.meta['version']}{path.resolve()}{path.stat().st_size}".encode()).hexdigest()[:12]
    cache = Path(f"/tmp/annotator-eval-{path.stem}-{key}.pickle")
    if cache.exists():
        return [Doc(nlp.vocab).from_bytes(b) for b in pickle.loads(cache.read_bytes())]
    with nlp.select_pipes(disable=["attribution_detector"]):
        docs = list(nlp.pipe(texts, batch_size=32))
    cache.write_bytes(pickle.dumps([d.to_bytes(exclude=["user_data"]) for d in docs]))
    return docs


def score_file(nlp, path: Path):
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = cached_parses(nlp, path, [g["text"] for g in gold])
    detector = nlp.get_pipe("attribution_detector")
    model = model_name(nlp)
    pred = []
    for g, doc in zip(gold, docs):
        doc.user_data.pop(FINDINGS_KEY, None)
        detector(doc)
        pred.append(build_document(g["id"], g["text"], {}, doc._.findings, model).model_dump(mode="json"))
    return score_documents(gold, pred)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", type=Path, default=Path("../shared/eval"))
    ap.add_argument("--only", action="append", help="score only sets whose name starts with this")
    ap.add_argument("--errors", type=int, default=0, help="list this many false and missed cues per set")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args()
    nlp = load_pipeline(args.model)
    for name, layers in SETS.items():
        if args.only and not any(name.startswith(o) for o in args.only):
            continue
        path = args.folder / name
        if not path.exists():
            print(f"{name}: not found", file=sys.stderr)
            continue
        report = score_file(nlp, path)
        rows = {m: (v, n) for m, v, n in report.rows()}
        print(f"== {name}")
        for metric, (v, n) in rows.items():
            if metric.startswith(layers) and v is not None:
                shown = f"{v:.3f}" if isinstance(v, float) else str(v)
                print(f"  {metric:<44} {shown:>14} {n:>6}")
        for e in report.errors[: args.errors]:
            print(f"  {e.kind}\t{e.start}\t{e.text!r}")


if __name__ == "__main__":
    main()
