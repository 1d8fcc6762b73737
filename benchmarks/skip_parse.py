"""Would skipping the parse of sentences that need none pay? (issue 12, "faster per core")

The idea: a sentence with no lexicon candidate (no cue or hedge anchor word), no quotation
mark and nothing a later source could refer to (no proper noun, no pronoun) needs no parse,
so the parser could run on the other sentences only. This script measures the two numbers
that bound the gain before anyone builds it:

1. each pipeline component's share of CPU time (warm, second pass), and
2. the share of tokens in sentences that could be skipped, under two readings: no candidate
   and no quotation mark; and also no proper noun or pronoun.

The speed-up can be at most ``1 / (1 - skipped_tokens * cost_share)``: printed for skipping
the parser alone and, as a ceiling nobody could reach (the entities decide what a source
refers to), the whole statistical pipeline. With claims on (the default) every sentence is a
claim candidate whose features come from its parse, so nothing is skippable at all; the bound
is for ``--no-claims``.

    python benchmarks/skip_parse.py [--polnear-articles 40]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.pipeline import DEFAULT_MODEL, load_pipeline  # noqa: E402

SHARED = ROOT.parent / "shared"
QUOTE_MARKS = set("\"“”‘’'«»")
REFERABLE = {"PROPN", "PRON"}


def corpora(polnear_articles: int) -> dict[str, list[str]]:
    sets = {"feature": [p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus").glob("*.txt"))]}
    polnear = SHARED / "eval" / "polnear-dev.jsonl"
    if polnear.exists():
        lines = polnear.read_text(encoding="utf-8").splitlines()[:polnear_articles]
        sets["polnear-dev"] = [json.loads(line)["text"] for line in lines if line.strip()]
    return sets


def component_shares(nlp, texts: list[str]) -> dict[str, float]:
    """CPU seconds per component on ``texts`` (second of two passes: the first warms up)."""
    for _ in range(2):
        spent = {}
        t0 = time.process_time()
        docs = [nlp.make_doc(t) for t in texts]
        spent["tokenizer"] = time.process_time() - t0
        for name, proc in nlp.pipeline:
            t0 = time.process_time()
            docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            spent[name] = time.process_time() - t0
    return spent


def skippable(nlp, texts: list[str]) -> tuple[int, int, int, int, int]:
    """(sentences, skippable sentences, tokens, tokens skippable, tokens skippable with nothing referable)."""
    detector = nlp.get_pipe("attribution_detector")
    n_sents = n_skip = tokens = skip = skip_unreferable = 0
    with nlp.select_pipes(disable=["attribution_detector"]):
        for doc in nlp.pipe(texts, batch_size=16):
            anchored = {doc[start].sent.start for start, _, _ in detector.cue_matcher(doc) + detector.hedge_matcher(doc)}
            for sent in doc.sents:
                n_sents += 1
                tokens += len(sent)
                if sent.start in anchored or any(ch in QUOTE_MARKS for ch in sent.text):
                    continue
                n_skip += 1
                skip += len(sent)
                if not any(t.pos_ in REFERABLE for t in sent):
                    skip_unreferable += len(sent)
    return n_sents, n_skip, tokens, skip, skip_unreferable


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--polnear-articles", type=int, default=40)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args()
    nlp = load_pipeline(args.model)
    for name, texts in corpora(args.polnear_articles).items():
        spent = component_shares(nlp, texts)
        total = sum(spent.values())
        parser = spent.get("parser", 0.0) / total
        statistical = sum(spent.get(k, 0.0) for k in ("tok2vec", "tagger", "parser", "ner")) / total
        n_sents, n_skip, tokens, skip, unref = skippable(nlp, texts)
        print(f"{name}: {len(texts)} text(s), {tokens:,} tokens, {n_sents:,} sentences")
        print("  CPU share: " + ", ".join(f"{k} {v / total:.0%}" for k, v in spent.items()))
        for label, share in (("no candidate, no quotation mark", skip / tokens),
                             ("... and no proper noun or pronoun", unref / tokens)):
            print(f"  skippable ({label}): {share:.1%} of tokens;"
                  f" speed-up at most {1 / (1 - share * parser):.3f}x skipping the parser,"
                  f" {1 / (1 - share * statistical):.3f}x skipping every statistical component")
        print(f"  ({n_skip} of {n_sents} sentences hold no candidate and no quotation mark)")


if __name__ == "__main__":
    main()
