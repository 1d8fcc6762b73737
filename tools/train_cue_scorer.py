"""Learn the cue scorer's weights (annotator/data/cue_scorer.json) from annotated attributions.

Every candidate the rules produce on the training documents becomes one example,
labelled by whether its cue overlaps a gold cue; a logistic regression with an L2
penalty (plain numpy, full-batch gradient descent with Adam: ``annotator.learn.scorer.fit``,
which ``annotator train`` re-fits a newsroom's weights with) learns one weight
per named feature. Parsed documents are cached under /tmp so re-training after
a rule change only re-runs the rules.

    python tools/train_cue_scorer.py ../shared/eval/polnear-train.jsonl [--out annotator/data/cue_scorer.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import pickle

from spacy.tokens import Doc

from annotator.learn.scorer import fit
from annotator.pipeline import DEFAULT_MODEL, load_pipeline

MIN_FEATURE_COUNT = 3


def parsed_docs(nlp, gold: list[dict], cache: Path):
    """Parsed documents with their tok2vec tensors (DocBin drops tensors, so Doc.to_bytes)."""
    if cache.exists():
        blobs = pickle.loads(cache.read_bytes())
        return [Doc(nlp.vocab).from_bytes(b) for b in blobs]
    with nlp.select_pipes(disable=["attribution_detector"]):
        docs = list(nlp.pipe((d["text"] for d in gold), batch_size=16, n_process=2))
    cache.write_bytes(pickle.dumps([d.to_bytes(exclude=["user_data"]) for d in docs]))
    return docs


def overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def examples(nlp, gold, docs):
    detector = nlp.get_pipe("attribution_detector")
    for g, doc in zip(gold, docs):
        cues = [(a["cue"]["start"], a["cue"]["end"]) for a in g["attributions"] if not a.get("optional")]
        for att in detector.find(doc, True, keep_all=True).attributions:
            if att.features is not None:
                yield att.features, int(any(overlaps(att.cue, c) for c in cues))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("train", type=Path)
    ap.add_argument("--out", type=Path, default=Path("annotator/data/cue_scorer.json"))
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--l2", type=float, default=10.0)
    ap.add_argument("--tensor", action="store_true",
                    help="also learn weights for the pipeline's token vectors (ties the scorer to that pipeline; "
                    "+0.002 F1 on PolNeAR dev when measured)")
    args = ap.parse_args()

    gold = [json.loads(l) for l in args.train.read_text(encoding="utf-8").splitlines() if l.strip()]
    nlp = load_pipeline(args.model, cue_scorer="")
    detector = nlp.get_pipe("attribution_detector")
    detector.train_with_tensor = detector.with_tensor = args.tensor
    model = f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"
    key = hashlib.sha1((args.model + str(args.train.resolve()) + str(len(gold))).encode()).hexdigest()[:12]
    docs = parsed_docs(nlp, gold, Path(f"/tmp/annotator-parse-{key}.pickle"))
    feats, labels = zip(*examples(nlp, gold, docs))
    counts: dict[str, int] = {}
    for f in feats:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    names = sorted(k for k, n in counts.items() if n >= MIN_FEATURE_COUNT)
    index = {k: i for i, k in enumerate(names)}
    rows = [[(index[k], v) for k, v in f.items() if k in index] for f in feats]
    w, b, loss = fit(rows, labels, len(names), l2=args.l2, steps=600, lr=0.1)
    weights = {k: round(float(w[i]), 4) for k, i in index.items() if abs(w[i]) >= 0.01}
    out = {
        "about": "Logistic-regression weights for attribution candidates; see annotator/detect/scoring.py. "
        "Re-learn with tools/train_cue_scorer.py.",
        "trained_on": f"{args.train.name}: {len(gold)} documents, {len(labels)} candidates, "
        f"{sum(labels)} positive",
        "tensor_model": model if args.tensor else None,
        "bias": round(float(b), 4),
        "weights": dict(sorted(weights.items(), key=lambda kv: -abs(kv[1]))),
    }
    args.out.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(labels)} candidates ({sum(labels)} positive), {len(weights)} weights, loss {loss:.3f} -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
