"""The learning curve: how much reviewing k documents improves the detector on the rest.

Reviewers are simulated with gold documents from places the shipped model did not learn
its conventions from: the long-form feature (``../shared/eval/feature-2017.jsonl``, one
article, cut into sections at paragraph breaks that no gold item spans), the team's gold
(``tests/gold/*.jsonl``, one unit per document) and PolNeAR dev (one unit per article: the
shipped lexicon follows docs/guidelines.md, which leaves out the stances and aims PolNeAR
marks, so PolNeAR is a newsroom with its own convention). For each set, over several
random orders of its units, the first k are "reviewed" (``annotator.learn.learn`` on them,
exactly what ``annotator train`` does) and the model is scored on the units not trained on;
the shipped model is scored on the same held-out units, so each gain is paired. The models
trained on non-PolNeAR units are also scored on the whole of PolNeAR dev: learning one
newsroom must not cost the general case.

Each set is parsed once and the Docs cached under /tmp (parsing dominates; the rules and
the fit take seconds), so only the rules re-run per model. Writes ``benchmarks/out/
learning.json`` and ``learning.svg`` (a chart written by hand: no plotting dependency).

    python benchmarks/learning.py [--orders 3] [--ks 0,5,10,20,40] [--only polnear]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import random
import statistics
import sys
import time
from pathlib import Path

from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.annotate import build_document, model_name  # noqa: E402
from annotator.evaluate import score_documents  # noqa: E402
from annotator.learn.candidates import units_of  # noqa: E402
from annotator.learn.inputs import TrainingDoc, training_doc  # noqa: E402
from annotator.learn.learner import learn  # noqa: E402
from annotator.learn.parsed import detect, parse  # noqa: E402
from annotator.gold import GoldDocument  # noqa: E402
from annotator.pipeline import DEFAULT_MODEL, load_pipeline  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
OUT = ROOT / "benchmarks" / "out"
SECTIONS = 60  # cut points asked for; items that run over paragraph breaks leave about 38 units the long-form article is cut into


# --------------------------------------------------------------------------- the units


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sections(doc: dict, n: int) -> list[dict]:
    """The article cut at paragraph breaks into about ``n`` units. No cut falls inside an item:
    an attribution's cue, source and content (a hedge's cue and scope) stay in one unit; a
    resolved source in an earlier unit is dropped (the gold speaker name stays)."""
    text = doc["text"]
    blocks = []
    for a in doc["attributions"]:
        spans = [a[k] for k in ("cue", "source", "content") if a.get(k)]
        blocks.append((min(s["start"] for s in spans), max(s["end"] for s in spans)))
    for h in doc["hedges"]:
        spans = [s for s in (h["cue"], h.get("scope")) if s]
        blocks.append((min(s["start"] for s in spans), max(s["end"] for s in spans)))
    breaks = [i + 2 for i in range(len(text) - 1) if text[i:i + 2] == "\n\n" and text[i + 2:i + 3] not in ("\n", "")]
    free = [p for p in breaks if not any(s < p < e for s, e in blocks)]
    size = len(text) / n
    cuts, last = [0], 0
    for p in free:
        if p - last >= size:
            cuts.append(p)
            last = p
    if len(text) - cuts[-1] < size / 2 and len(cuts) > 1:
        cuts.pop()
    cuts.append(len(text))
    units = []
    for i, (a, b) in enumerate(zip(cuts, cuts[1:])):
        def inside(s):
            return s is not None and a <= s["start"] and s["end"] <= b

        def shift(s):
            return None if not inside(s) else {"start": s["start"] - a, "end": s["end"] - a, "text": s["text"]}

        atts = []
        for att in doc["attributions"]:
            if inside(att["cue"]):
                atts.append({**att, **{k: shift(att.get(k)) for k in ("cue", "source", "content", "resolved_source")}})
        hedges = [{**h, "cue": shift(h["cue"]), "scope": shift(h.get("scope"))} for h in doc["hedges"] if inside(h["cue"])]
        units.append({"id": f"{doc['id']}#{i + 1}", "text": text[a:b], "attributions": atts, "hedges": hedges,
                      "no_hedge_gold": doc.get("no_hedge_gold", False)})
    return units


def unit_sets(only: list[str] | None) -> dict[str, list[dict]]:
    sets = {}
    feature = SHARED / "feature-2017.jsonl"
    if feature.exists():
        sets["feature-2017"] = [u for d in read_gold(feature) for u in sections(d, SECTIONS)]
    sets["team-gold"] = [d for p in sorted((ROOT / "tests" / "gold").glob("*.jsonl")) for d in read_gold(p)]
    polnear = SHARED / "polnear-dev.jsonl"
    if polnear.exists():
        sets["polnear-dev"] = read_gold(polnear)
    if only:
        sets = {k: v for k, v in sets.items() if any(k.startswith(o) for o in only) or k == "polnear-dev"}
    return sets


# --------------------------------------------------------------------------- parses, cached


def cached_parse(nlp, name: str, units: list[dict]) -> list[list[tuple[int, Doc]]]:
    key = hashlib.sha1(
        (model_name(nlp) + "\0".join(u["text"] for u in units)).encode()
    ).hexdigest()[:12]
    cache = Path(f"/tmp/annotator-learning-{name}-{key}.pickle")
    if cache.exists():
        data = pickle.loads(cache.read_bytes())
        return [[(off, Doc(nlp.vocab).from_bytes(b)) for off, b in pieces] for pieces in data]
    t0 = time.perf_counter()
    parsed = parse(nlp, [u["text"] for u in units])
    cache.write_bytes(pickle.dumps([[(off, d.to_bytes(exclude=["user_data"])) for off, d in p] for p in parsed]))
    print(f"  parsed {name}: {len(units)} units in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return parsed


# --------------------------------------------------------------------------- scoring


def per_unit(nlp, gold: list[dict], parsed) -> list[dict]:
    """Each unit's cue counts and speaker hits under the pipeline as it stands."""
    model = model_name(nlp)
    out = []
    for g, pieces in zip(gold, parsed):
        pred = build_document(g["id"], g["text"], {}, detect(nlp, pieces), model).model_dump(mode="json")
        r = score_documents([g], [pred])
        a = r.attribution
        out.append({"tp": a.tp, "fp": a.fp, "fn": a.fn, "sp": r.speaker_accuracy.total, "spn": r.speaker_accuracy.n})
    return out


def pooled(rows: list[dict]) -> tuple[float, float | None]:
    """(micro cue F1, speaker accuracy) over units."""
    tp, fp, fn = (sum(r[k] for r in rows) for k in ("tp", "fp", "fn"))
    sp, spn = sum(r["sp"] for r in rows), sum(r["spn"] for r in rows)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return f1, (sp / spn if spn else None)


def mean_sd(xs: list[float]) -> tuple[float, float]:
    xs = [x for x in xs if x is not None]
    if not xs:
        return float("nan"), float("nan")
    return statistics.fmean(xs), (statistics.stdev(xs) if len(xs) > 1 else 0.0)


# --------------------------------------------------------------------------- the curve


def curve(nlp, name, gold, parsed, ks, orders, polnear) -> list[dict]:
    detector = nlp.get_pipe("attribution_detector")
    docs: list[TrainingDoc] = [training_doc(GoldDocument.model_validate(g), name, "gold") for g in gold]
    base_rows = per_unit(nlp, gold, parsed)
    polnear_base = pooled(per_unit(nlp, *polnear))[0] if polnear else None
    rows = []
    for k in ks:
        if k >= len(gold):
            continue
        runs = []
        for seed in range(orders):
            order = list(range(len(gold)))
            random.Random(seed).shuffle(order)
            train, test = order[:k], order[k:]
            base_f1, base_sp = pooled([base_rows[i] for i in test])
            t0 = time.perf_counter()
            if k == 0:
                f1, sp, seconds, pn = base_f1, base_sp, 0.0, polnear_base
                summary = {}
            else:
                learned = learn(detector, units_of([docs[i] for i in train], [parsed[i] for i in train]))
                seconds = time.perf_counter() - t0
                base_state = (detector.lexicons["reporting_cues"], detector.scorer)
                learned.apply(detector)
                try:
                    f1, sp = pooled(per_unit(nlp, [gold[i] for i in test], [parsed[i] for i in test]))
                    pn = pooled(per_unit(nlp, *polnear))[0] if polnear else None
                finally:
                    detector.replace_model({"reporting_cues": base_state[0]}, base_state[1])
                summary = learned.summary["lexicon"]
            runs.append({"seed": seed, "f1": f1, "base_f1": base_f1, "gain": f1 - base_f1, "speaker": sp,
                         "base_speaker": base_sp, "polnear_f1": pn, "train_seconds": seconds,
                         "new_cues": len(summary.get("new_cues", [])), "widened": len(summary.get("reports_widened", [])),
                         "narrowed": len(summary.get("reports_narrowed", []))})
            print(f"  {name} k={k} order {seed}: F1 {base_f1:.3f} -> {f1:.3f}"
                  + (f", PolNeAR dev {pn:.3f}" if pn is not None and polnear else "")
                  + f" ({seconds:.1f}s)", file=sys.stderr)
        row = {"set": name, "k": k, "units": len(gold), "runs": runs}
        for key in ("f1", "base_f1", "gain", "speaker", "base_speaker", "polnear_f1", "train_seconds"):
            row[key] = mean_sd([r[key] for r in runs])
        row["polnear_base_f1"] = polnear_base
        rows.append(row)
    return rows


def table(rows: list[dict]) -> str:
    def ms(v, signed=False):
        m, sd = v
        if m != m:  # nan: no speaker gold in this set
            return "-"
        return f"{m:+.3f} ± {sd:.3f}" if signed else f"{m:.3f} ± {sd:.3f}"

    head = f"{'set':<13} {'k':>3} {'held out':>8}  {'cue F1':<14} {'shipped':>7}  {'gain':<15} {'speaker acc':<14} {'shipped':>7}  PolNeAR dev F1 (shipped)"
    out = [head, "-" * len(head)]
    for r in rows:
        held = r["units"] - r["k"]
        pn = "" if r["polnear_base_f1"] is None else f"{ms(r['polnear_f1'])} ({r['polnear_base_f1']:.3f})"
        sp_base = "-" if r["base_speaker"][0] != r["base_speaker"][0] else f"{r['base_speaker'][0]:.3f}"
        out.append(
            f"{r['set']:<13} {r['k']:>3} {held:>8}  {ms(r['f1']):<14} {r['base_f1'][0]:>7.3f}  {ms(r['gain'], True):<15} "
            f"{ms(r['speaker']):<14} {sp_base:>7}  {pn}"
        )
    return "\n".join(out)


# --------------------------------------------------------------------------- the chart


COLOURS = {"feature-2017": "#1b6ca8", "team-gold": "#2e8b57", "polnear-dev": "#c0392b"}


def svg(rows: list[dict], ks: list[int], target: float = 0.05) -> str:
    """Gain in cue F1 over the shipped model, on the same held-out units, against reviewed
    units: one line per set, bars one sd over the orders, the target dashed."""
    w, h, left, right, top, bottom = 660, 400, 60, 170, 44, 50
    lo = min(-0.02, min(r["gain"][0] - r["gain"][1] for r in rows))
    hi = max(target + 0.01, max(r["gain"][0] + r["gain"][1] for r in rows))
    lo, hi = _floor(lo), _ceil(hi)
    kmax = max(ks)

    def x(k):
        return left + (w - left - right) * k / kmax

    def y(v):
        return top + (h - top - bottom) * (hi - v) / (hi - lo)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{left}" y="18" font-size="14">Cue F1 gain on held-out units after reviewing k units</text>',
        f'<text x="{left}" y="34" fill="#555">over the shipped model on the same units; mean of random orders, bar = 1 sd</text>',
    ]
    steps = round((hi - lo) / 0.01)
    for n in range(steps + 1):
        v = lo + n * 0.01
        colour = "#999" if abs(v) < 1e-9 else "#e5e5e5"
        parts.append(f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{colour}"/>')
        if n % 2 == 0 or steps <= 8:
            parts.append(f'<text x="{left - 8}" y="{y(v) + 4:.1f}" text-anchor="end">{v:+.2f}</text>')
    parts.append(f'<line x1="{left}" x2="{w - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" stroke="#888" stroke-dasharray="6 4"/>')
    parts.append(f'<text x="{w - right - 4}" y="{y(target) - 5:.1f}" text-anchor="end" fill="#555">target +{target:.2f} at k = 20</text>')
    for k in ks:
        parts.append(f'<text x="{x(k):.1f}" y="{h - bottom + 18}" text-anchor="middle">{k}</text>')
    parts.append(f'<text x="{(left + w - right) / 2:.0f}" y="{h - 12}" text-anchor="middle">reviewed units (k)</text>')
    for n, name in enumerate(dict.fromkeys(r["set"] for r in rows)):
        colour = COLOURS.get(name, "#555")
        pts = [r for r in rows if r["set"] == name]
        path = " ".join(f"{x(r['k']):.1f},{y(r['gain'][0]):.1f}" for r in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for r in pts:
            m, sd = r["gain"]
            parts.append(f'<line x1="{x(r["k"]):.1f}" x2="{x(r["k"]):.1f}" y1="{y(m + sd):.1f}" y2="{y(m - sd):.1f}" stroke="{colour}"/>')
            parts.append(f'<circle cx="{x(r["k"]):.1f}" cy="{y(m):.1f}" r="3" fill="{colour}"/>')
        ly = top + 20 + 22 * n
        parts.append(f'<line x1="{w - right + 15}" x2="{w - right + 35}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{w - right + 40}" y="{ly + 4}">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _floor(v: float) -> float:
    return math.floor(v * 100 - 1e-9) / 100


def _ceil(v: float) -> float:
    return math.ceil(v * 100 + 1e-9) / 100


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=3)
    ap.add_argument("--ks", default="0,5,10,20,40")
    ap.add_argument("--only", action="append", help="run only sets whose name starts with this")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    ks = [int(k) for k in args.ks.split(",")]
    nlp = load_pipeline(args.model)
    sets = unit_sets(args.only)
    parsed = {name: cached_parse(nlp, name, units) for name, units in sets.items()}
    polnear = (sets["polnear-dev"], parsed["polnear-dev"]) if "polnear-dev" in sets else None
    rows = []
    for name, units in sets.items():
        if args.only and not any(name.startswith(o) for o in args.only):
            continue
        rows += curve(nlp, name, units, parsed[name], ks, args.orders, polnear if name != "polnear-dev" else None)
    print(table(rows))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "learning.json").write_text(json.dumps({"orders": args.orders, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    (args.out / "learning.svg").write_text(svg(rows, ks), encoding="utf-8")
    print(f"wrote {args.out / 'learning.json'} and {args.out / 'learning.svg'}", file=sys.stderr)


if __name__ == "__main__":
    main()
