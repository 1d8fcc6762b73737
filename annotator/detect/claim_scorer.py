"""The check-worthiness model: logistic regression over hashed claim features.

Hashing keeps the shipped model a fixed, small array (2**CLAIM_HASH_BITS float16 weights, about 1 MB compressed)
whatever the vocabulary, with no word list to ship beside it; ``zlib.crc32`` is stable
across runs and platforms, unlike Python's ``hash``. ``tools/train_claims.py`` writes the
file; detection only reads it, offline, on CPU.
"""

from __future__ import annotations

import math
import zlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

BUILTIN = "data/claim_scorer.npz"


def feature_index(name: str, bits: int) -> int:
    return zlib.crc32(name.encode("utf-8")) & ((1 << bits) - 1)


class ClaimScorer:
    """features -> probability that the span is check-worthy."""

    def __init__(self, weights: np.ndarray, bias: float, bits: int):
        self.weights = weights.astype(np.float32)
        self.bias = float(bias)
        self.bits = bits

    def __call__(self, features: list[str]) -> float:
        idx = [feature_index(f, self.bits) for f in features]
        z = self.bias + float(self.weights[idx].sum()) / math.sqrt(len(idx) or 1)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_file(cls, path) -> "ClaimScorer":
        with np.load(Path(path)) as data:
            return cls(data["weights"], float(data["bias"]), int(data["bits"]))

    @classmethod
    def builtin(cls) -> "ClaimScorer":
        return _builtin()

    def save(self, path) -> None:
        with open(path, "wb") as fh:
            np.savez_compressed(fh, weights=self.weights.astype(np.float16), bias=np.float32(self.bias), bits=np.int32(self.bits))


@lru_cache(maxsize=1)
def _builtin() -> ClaimScorer:
    return ClaimScorer.from_file(resources.files("annotator").joinpath(BUILTIN))
