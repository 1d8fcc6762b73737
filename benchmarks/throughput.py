"""How much the detector and record building cost over bare ``nlp.pipe``, and whether memory stays flat.

Builds a corpus of at least 1 MB of news-like text (the built-in sample and the
shared corpus article, repeated with varied ids), then in one run measures:

* bare ``nlp.pipe`` of the same pipeline without the detector (the baseline);
* the full ``annotate`` path: the pipeline with the detector plus record building
  and JSON serialisation;
* peak RSS while streaming a JSONL of 1x and of 10x a smaller corpus (--mem-mb) through the
  ``annotator annotate`` command in a subprocess each (flat memory: 10x should
  cost about the same as 1x).

Run: ``python benchmarks/throughput.py [--mb 1] [--model NAME]``. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_texts(min_bytes: int) -> list[str]:
    seeds = [(resources.files("annotator") / "data" / "sample.txt").read_text(encoding="utf-8")]
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        seeds += [p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.txt"))]
    # cut into article-sized pieces (paragraph groups) so batching looks like real use
    pieces = []
    for seed in seeds:
        paras = [p for p in seed.split("\n\n") if p.strip()]
        for i in range(0, len(paras), 4):
            pieces.append("\n\n".join(paras[i : i + 4]))
    texts, size = [], 0
    while size < min_bytes:
        for p in pieces:
            texts.append(p)
            size += len(p.encode("utf-8"))
    return texts


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def peak_rss_of_cli(jsonl: Path, model: str) -> float:
    """Peak RSS (MB) of a child process running the real command on the file."""
    code = (
        "import resource, sys; from annotator.cli import app; "
        "sys.argv=['annotator','annotate',sys.argv[1],'-o',sys.argv[2],'--model',sys.argv[3],'--no-progress'];"
        "\ntry:\n  app()\nexcept SystemExit:\n  pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = Path(tempfile.mkdtemp()) / "out.jsonl"
    res = subprocess.run(
        [sys.executable, "-c", code, str(jsonl), str(out), model], capture_output=True, text=True, check=True
    )
    return int(res.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0, help="corpus size in MB (at least 1)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--mem-mb", type=float, default=0.3, help="JSONL size for the 1x memory run (10x is 10 times it)")
    args = ap.parse_args()

    import spacy

    from annotator.annotate import annotate_documents
    from annotator.io import InputDocument
    from annotator.pipeline import DEFAULT_MODEL, load_pipeline

    model = args.model or DEFAULT_MODEL
    texts = corpus_texts(int(max(args.mb, 1.0) * 1_000_000))
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)

    bare = spacy.load(model)
    full = load_pipeline(model)
    n_tokens = sum(len(d) for d in bare.tokenizer.pipe(texts))
    list(bare.pipe(texts[:20]))  # warm up both
    list(full.pipe(texts[:20]))

    def run_bare():
        for _ in bare.pipe(texts, batch_size=32):
            pass

    def run_full():
        docs = (InputDocument(f"d{i}", t, {}, "bench") for i, t in enumerate(texts))
        for record in annotate_documents(full, docs, batch_size=32):
            record.model_dump_json()

    # alternate the two, twice, and keep each one's best: the machine's noise hits both alike
    t_bare = min(timed(run_bare), timed(run_bare))
    t_full = min(timed(run_full), timed(run_full))
    print(f"corpus: {len(texts)} documents, {n_bytes / 1e6:.2f} MB, {n_tokens} tokens, model {model}")
    print(f"bare nlp.pipe:          {n_tokens / t_bare:10.0f} tokens/s  ({t_bare:.2f} s)")
    print(f"annotate (full path):   {n_tokens / t_full:10.0f} tokens/s  ({t_full:.2f} s)")
    print(f"overhead of detector + records: {100 * (t_full / t_bare - 1):.1f}% (target <= 15%)")

    if not args.skip_memory:
        tmp = Path(tempfile.mkdtemp())
        base = corpus_texts(int(args.mem_mb * 1_000_000))
        for factor in (1, 10):
            path = tmp / f"corpus{factor}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for r in range(factor):
                    for i, t in enumerate(base):
                        fh.write(json.dumps({"id": f"r{r}-{i}", "text": t}) + "\n")
            rss = peak_rss_of_cli(path, model)
            size = path.stat().st_size / 1e6
            print(f"peak RSS streaming {size:6.1f} MB JSONL ({factor:2d}x): {rss:7.0f} MB")
    print(f"(this process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
