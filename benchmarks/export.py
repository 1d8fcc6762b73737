"""How long exporting and reporting a large corpus takes, and how big the report gets.

Builds a records file of N documents (default 10,000) by replicating the
committed ``exports/sample.jsonl`` record with new ids (no annotation, so only
export cost is measured), then times each export format and the report, each
run through the same path as the CLI (read + validate + write). Prints seconds
per format and the report's size. Asserts nothing.

Run: ``python benchmarks/export.py [--docs 10000] [--formats jsonl,csv,...] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.export import WRITERS  # noqa: E402
from annotator.records_file import read_documents  # noqa: E402
from annotator.report import write_report  # noqa: E402

SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "spacy": ".spacy", "conll": ".conll", "brat": "-brat"}


def make_corpus(path: Path, docs: int) -> None:
    (seed,) = read_documents(ROOT / "exports" / "sample.jsonl")
    with open(path, "w", encoding="utf-8") as out:
        for n in range(docs):
            doc = seed.model_copy(update={"id": f"sample-{n:06}", "meta": {**seed.meta, "title": f"{seed.meta['title']} ({n})"}})
            out.write(doc.model_dump_json() + "\n")


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--formats", default=",".join(WRITERS), help="comma-separated export formats")
    parser.add_argument("--keep", type=Path, help="write outputs here instead of a temporary folder")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        records = work / "corpus.jsonl"
        t0 = time.perf_counter()
        make_corpus(records, args.docs)
        print(f"corpus: {args.docs:,} documents, {size_of(records) / 1e6:.1f} MB of records ({time.perf_counter() - t0:.1f} s to build)")
        for fmt in args.formats.split(","):
            out = work / f"out{SUFFIX.get(fmt, '.' + fmt)}"
            t0 = time.perf_counter()
            WRITERS[fmt](read_documents(records), out)
            print(f"export {fmt:6} {time.perf_counter() - t0:7.1f} s   {size_of(out) / 1e6:8.1f} MB")
        out = work / "report.html"
        t0 = time.perf_counter()
        write_report(read_documents(records), out)
        print(f"report        {time.perf_counter() - t0:7.1f} s   {size_of(out) / 1e6:8.1f} MB  ({out})")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
