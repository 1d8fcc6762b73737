"""Learn the check-worthiness model (annotator/data/claim_scorer.npz) from ClaimBuster sentences.

Each sentence is parsed by the product's pipeline and turned into the features detection
uses (annotator.detect.claims.claim_features), hashed into 2**CLAIM_HASH_BITS weights; an L2
logistic regression (plain numpy: full-batch gradient descent with Adam, no sklearn) learns
them. It prints stratified 5-fold cross-validated precision, recall and F1 of the check-worthy
class on the training file. The penalty and the threshold are chosen inside each training fold
(on a stratified fifth of it held out), so the figure is not tuned on the sentences it scores;
it also prints the best single cut over all folds, which is what CLAIM_THRESHOLD should be.
Then it trains on everything with the penalty most folds chose and writes the model. Parsed
features are cached under /tmp; a fixed seed makes reruns equal.

    python tools/train_claims.py ../shared/eval/claimbuster-train.jsonl [--out annotator/data/claim_scorer.npz]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from annotator.detect.claim_scorer import ClaimScorer, feature_index
from annotator.detect.claims import claim_features
from annotator.detect.tuning import CLAIM_HASH_BITS, CLAIM_THRESHOLD
from annotator.pipeline import DEFAULT_MODEL, load_pipeline

L2_GRID = (1e-5, 3e-6)  # per-example penalties on the weights tried inside each fold (1e-4 and 0 lost in CV)
STEPS = 600
LEARNING_RATE = 0.05
FOLDS = 5
SEED = 11


def featurise(path: Path, model: str) -> tuple[list[list[str]], np.ndarray]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    key = hashlib.sha1(path.read_bytes() + model.encode() + Path(__file__).parent.parent.joinpath(
        "annotator/detect/claims.py").read_bytes() + Path(__file__).parent.parent.joinpath(
        "annotator/data/claim_words.json").read_bytes()).hexdigest()[:16]
    cache = Path(f"/tmp/claim_features_{key}.json")
    if cache.exists():
        feats = json.loads(cache.read_text())
    else:
        nlp = load_pipeline(model)
        with nlp.select_pipes(disable=["attribution_detector"]):
            feats = [claim_features(doc[:]) for doc in nlp.pipe((r["text"] for r in rows), batch_size=64)]
        cache.write_text(json.dumps(feats))
    return feats, np.array([bool(r["checkworthy"]) for r in rows], dtype=np.float64)


def design(feats: list[list[str]], bits: int):
    """COO triples (row, column, value) with each row scaled by 1/sqrt(its feature count)."""
    rows, cols, vals = [], [], []
    for i, fs in enumerate(feats):
        scale = 1.0 / np.sqrt(len(fs) or 1)
        for f in fs:
            rows.append(i)
            cols.append(feature_index(f, bits))
            vals.append(scale)
    return np.array(rows), np.array(cols), np.array(vals)


def train(X, y: np.ndarray, dim: int, l2: float) -> tuple[np.ndarray, float]:
    rows, cols, vals = X
    n = len(y)
    w = np.zeros(dim)
    b = 0.0
    m, v = np.zeros(dim), np.zeros(dim)
    mb = vb = 0.0
    for step in range(1, STEPS + 1):
        z = np.bincount(rows, weights=w[cols] * vals, minlength=n) + b
        p = 1.0 / (1.0 + np.exp(-z))
        err = (p - y) / n
        g = np.bincount(cols, weights=err[rows] * vals, minlength=dim) + l2 * w
        gb = err.sum()
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        mb = 0.9 * mb + 0.1 * gb
        vb = 0.999 * vb + 0.001 * gb * gb
        c1, c2 = 1 - 0.9**step, 1 - 0.999**step
        w -= LEARNING_RATE * (m / c1) / (np.sqrt(v / c2) + 1e-8)
        b -= LEARNING_RATE * (mb / c1) / (np.sqrt(vb / c2) + 1e-8)
    return w, b


def predict(X, n: int, w: np.ndarray, b: float) -> np.ndarray:
    rows, cols, vals = X
    return 1.0 / (1.0 + np.exp(-(np.bincount(rows, weights=w[cols] * vals, minlength=n) + b)))


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = float((pred & (y > 0)).sum())
    p = tp / max(pred.sum(), 1)
    r = tp / max((y > 0).sum(), 1)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def stratified_folds(y: np.ndarray, folds: int = FOLDS, seed: int = SEED) -> list[np.ndarray]:
    """Test indices of each fold: each class shuffled (fixed seed) and dealt round-robin."""
    rng = np.random.default_rng(seed)
    out = [[] for _ in range(folds)]
    for cls in (False, True):
        idx = rng.permutation(np.flatnonzero((y > 0) == cls))
        for k in range(folds):
            out[k].extend(idx[k::folds])
    return [np.sort(np.array(f)) for f in out]


def best_cut(y: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """(F1, threshold) of the best cut on a 0.01 grid."""
    return max((prf(y, scores >= t)[2], round(float(t), 2)) for t in np.arange(0.10, 0.80, 0.01))


def choose(feats, y: np.ndarray, train_idx: np.ndarray, bits: int) -> tuple[float, float]:
    """Penalty and threshold for one training fold, judged on a stratified fifth of it held out."""
    held = train_idx[stratified_folds(y[train_idx], seed=SEED + 1)[0]]
    fit = np.setdiff1d(train_idx, held)
    Xfit, Xheld = design(subset(feats, fit), bits), design(subset(feats, held), bits)
    best = None
    for l2 in L2_GRID:
        w, b = train(Xfit, y[fit], 1 << bits, l2)
        f, cut = best_cut(y[held], predict(Xheld, len(held), w, b))
        if best is None or f > best[0]:
            best = (f, l2, cut)
    return best[1], best[2]


def subset(feats, idx):
    return [feats[i] for i in idx]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("--out", type=Path, default=Path("annotator/data/claim_scorer.npz"))
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args(argv)
    bits = CLAIM_HASH_BITS
    feats, y = featurise(args.train, args.model)
    scores = np.zeros(len(y))
    pred = np.zeros(len(y), dtype=bool)
    chosen = []
    for test in stratified_folds(y):
        train_idx = np.setdiff1d(np.arange(len(y)), test)
        l2, cut = choose(feats, y, train_idx, bits)
        chosen.append(l2)
        w, b = train(design(subset(feats, train_idx), bits), y[train_idx], 1 << bits, l2)
        scores[test] = predict(design(subset(feats, test), bits), len(test), w, b)
        pred[test] = scores[test] >= cut
        print(f"  fold {len(chosen)}: L2 {l2:g}, threshold {cut:.2f}", flush=True)
    p, r, f = prf(y, pred)
    print(f"{FOLDS}-fold CV, check-worthy class, penalty and threshold chosen inside each fold: P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    p, r, f = prf(y, scores >= CLAIM_THRESHOLD)
    print(f"at the shipped threshold {CLAIM_THRESHOLD}: P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    best = best_cut(y, scores)
    print(f"best single cut over the folds: {best[1]:.2f} (F1 {best[0]:.3f}); CLAIM_THRESHOLD in annotator/detect/tuning.py sets the shipped one")
    l2 = max(set(chosen), key=lambda v: (chosen.count(v), v))
    w, b = train(design(feats, bits), y, 1 << bits, l2)
    ClaimScorer(w, b, bits).save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB), {len(y)} sentences, {int(y.sum())} check-worthy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
