"""Fit the cue scorer's weights: logistic regression with an L2 pull towards a prior.

The shipped weights were learned from thousands of PolNeAR candidates; a newsroom's
reviews are a few hundred. Re-fitting from zero on those would forget what the thousands
taught, so the refit starts from the base weights and its penalty pulls each weight towards
its base value rather than towards zero: a weight moves only as far as the new examples
insist (``tuning.LEARN['l2']``; with the penalty against the summed loss, ten examples move it
a little, a thousand a lot). A feature the base never saw starts at zero. The bias of the
base stays; the ``bias`` feature, which every candidate has, moves instead, under the same pull.

Plain numpy, full-batch Adam on a sparse design matrix: a few thousand candidates take well
under a second. ``tools/train_cue_scorer.py`` fits the shipped weights with the same function
(prior zero, bias learned).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from ..detect.scoring import CueScorer

Row = list[tuple[int, float]]  # (feature index, value) pairs of one example


def fit(
    rows: Sequence[Row],
    labels: Sequence[int],
    n_features: int,
    *,
    l2: float,
    steps: int,
    lr: float,
    prior: np.ndarray | None = None,
    bias: float = 0.0,
    learn_bias: bool = True,
) -> tuple[np.ndarray, float, float]:
    """(weights, bias, final mean log-loss) minimising the summed log-loss plus
    ``l2/2 * |w - prior|^2`` (the gradient is taken per example, so ``lr`` does not depend on n)."""
    y = np.asarray(labels, dtype=float)
    n = len(y)
    r, c, val = _design(rows)
    w0 = np.zeros(n_features) if prior is None else np.asarray(prior, dtype=float)
    w = w0.copy()
    b = float(bias)
    m = np.zeros(n_features); v = np.zeros(n_features); mb = vb = 0.0
    for t in range(1, steps + 1):
        p = _probabilities(r, c, val, w, b, n)
        g = p - y
        gw = np.bincount(c, weights=g[r] * val, minlength=n_features) / n + l2 * (w - w0) / n
        m = 0.9 * m + 0.1 * gw; v = 0.999 * v + 0.001 * gw**2
        w -= lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        if learn_bias:
            gb = g.mean()
            mb = 0.9 * mb + 0.1 * gb; vb = 0.999 * vb + 0.001 * gb**2
            b -= lr * (mb / (1 - 0.9**t)) / (np.sqrt(vb / (1 - 0.999**t)) + 1e-8)
    return w, b, log_loss(rows, labels, w, b)


def log_loss(rows: Sequence[Row], labels: Sequence[int], w: np.ndarray, b: float) -> float:
    y = np.asarray(labels, dtype=float)
    if not len(y):
        return 0.0
    r, c, val = _design(rows)
    p = _probabilities(r, c, val, w, b, len(y))
    return float(-np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)))


def _design(rows: Sequence[Row]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sparse design matrix as (row, column, value) arrays."""
    r = np.array([i for i, f in enumerate(rows) for _ in f], dtype=int)
    c = np.array([k for f in rows for k, _ in f], dtype=int)
    val = np.array([x for f in rows for _, x in f], dtype=float)
    return r, c, val


def _probabilities(r, c, val, w, b, n) -> np.ndarray:
    z = np.bincount(r, weights=w[c] * val, minlength=n) + b
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def refit(base: CueScorer | None, examples: Sequence[tuple[Mapping[str, float], int]], tuning: Mapping) -> tuple[CueScorer, dict]:
    """The base scorer moved towards ``examples`` ((features, label) pairs); and a summary."""
    base = base or CueScorer({}, 0.0)
    counts = Counter(k for f, _ in examples for k in f)
    names = sorted(k for k, n in counts.items() if n >= tuning["min_examples"])
    index = {k: i for i, k in enumerate(names)}
    rows = [[(index[k], float(v)) for k, v in f.items() if k in index] for f, _ in examples]
    labels = [y for _, y in examples]
    prior = np.array([base.weights.get(k, 0.0) for k in names])
    summary = {"examples": len(labels), "kept": int(sum(labels)), "features": len(names), "l2": tuning["l2"]}
    if not labels:
        return CueScorer(dict(base.weights), base.bias, base.tensor_model, base.judges_all), {**summary, "weights_moved": 0}
    before = log_loss(rows, labels, prior, base.bias)
    w, _, after = fit(
        rows, labels, len(names), l2=tuning["l2"], steps=tuning["fit_steps"], lr=tuning["fit_learning_rate"],
        prior=prior, bias=base.bias, learn_bias=False,
    )
    weights = dict(base.weights)
    moved = 0
    for k, i in index.items():
        new = round(float(w[i]), 4)
        if abs(new - base.weights.get(k, 0.0)) >= 1e-4:
            moved += 1
        if k in base.weights or abs(new) >= 1e-3:
            weights[k] = new
    summary.update({"weights_moved": moved, "loss_before": round(before, 4), "loss_after": round(after, 4)})
    return CueScorer(weights, base.bias, base.tensor_model, base.judges_all), summary
