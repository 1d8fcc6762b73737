"""The published check-worthiness baseline, measured the way we measure our own model.

ClaimBuster's paper reports a TF-IDF linear SVM (word 1-2-grams) at about 0.80 F1 of the
check-worthy class on its held-out test split, which we do not have. Running that baseline in
the same stratified 5-fold CV as tools/train_claims.py (same seed, same folds) tells how our CV
figure maps to that test: a model beating the SVM in CV by some margin should beat it on test
by about as much. C is chosen inside each training fold (3-fold inner CV), so the figure is not
tuned on the fold it reports.

Needs scikit-learn, which is no dependency of the product (``pip install scikit-learn``).

    python benchmarks/claims_svm_baseline.py ../shared/eval/claimbuster-train.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from train_claims import FOLDS, prf, stratified_folds  # noqa: E402

C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path)
    args = ap.parse_args(argv)
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.model_selection import GridSearchCV, StratifiedKFold
        from sklearn.pipeline import make_pipeline
        from sklearn.svm import LinearSVC
    except ImportError:
        print("scikit-learn is not installed (pip install scikit-learn); this baseline needs it", file=sys.stderr)
        return 2
    try:
        rows = [json.loads(line) for line in args.train.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts = [r["text"] for r in rows]
        y = np.array([bool(r["checkworthy"]) for r in rows])
    except (OSError, ValueError, KeyError) as exc:
        print(f"{args.train}: cannot read training sentences ({exc})", file=sys.stderr)
        return 2
    pred = np.zeros(len(y), dtype=bool)
    chosen = []
    for test in stratified_folds(y):
        train = np.setdiff1d(np.arange(len(y)), test)
        pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1), LinearSVC())
        grid = GridSearchCV(pipe, {"linearsvc__C": C_GRID}, scoring="f1",
                            cv=StratifiedKFold(3, shuffle=True, random_state=0))
        grid.fit([texts[i] for i in train], y[train])
        chosen.append(grid.best_params_["linearsvc__C"])
        pred[test] = grid.predict([texts[i] for i in test])
    p, r, f = prf(y.astype(float), pred)
    print(f"TF-IDF word 1-2-gram LinearSVC, {FOLDS}-fold CV (C per fold {chosen}): P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print("reported on ClaimBuster's held-out test: F1 0.80")
    return 0


if __name__ == "__main__":
    sys.exit(main())
