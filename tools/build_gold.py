"""Build the hand-written gold set in tests/gold/*.jsonl from readable markup in tests/gold/src/*.txt.

Usage:  python tools/build_gold.py           # write tests/gold/<name>.jsonl for every src/<name>.txt
        python tools/build_gold.py --check   # fail if a .jsonl file is missing or out of date

Markup (one file per output; tests/gold/src/traps.txt -> tests/gold/traps.jsonl):

    # a comment (only outside a text block)
    @doc attr-says-01 pattern=says_that [no_hedge_gold] [no_attribution_gold]
    > Ms Rahman said that the council may raise taxes.
    >
    > A second paragraph (a lone ">" is an empty line; lines are joined with "\\n").
    A a1 cue=said | src=Ms Rahman | content=that the council ~~ taxes | type=person | quote=indirect
    A a2 cue=said#2 | src=she | type=pronoun | resolved=Ms Rahman | content=“We ~~ no.” | quote=direct | optional
    H h1 cue=may | scope=the council may raise taxes | kind=modal [| optional]

Nothing is ever written as an offset. A span is given by its text and located in the document:
  * ``said``        the text must occur exactly once as a whole word (a match may not begin or end
                    inside a word) -- an ambiguous or missing span is an error, never a guess;
  * ``said#2``      the 2nd whole-word occurrence (1-based);
  * ``A ~~ B``      from the start of A to the end of the first B that begins after A ends
                    (``B#n`` counts only occurrences after A) -- for long quotes and contents;
  * ``resolved=``   with several matches and no ``#n``, the last one that ends before the source.
Attribution keys: cue (required), src, content, type, quote, resolved; a missing key means null.
type: person | org | anon | agentless | author | doc | pronoun (or the full SourceType value);
quote: direct | indirect | mixed. Hedge keys: cue, scope, kind (modal | evidential |
speculative_verb | adverb | adjective). ``optional`` marks a debatable item (not scored).
hedge_ids are computed, never written: every hedge whose cue lies inside the attribution's cue or
content span. Each document is validated with ``annotator.records.Document`` after the
``optional``/``no_*_gold`` keys are stripped, plus the consistency checks in ``check_doc``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

PRONOUN_SOURCES = {"he", "she", "it", "they", "him", "her", "them", "who", "which", "that", "i", "we"}

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.records import Document  # noqa: E402

SRC_DIR = ROOT / "tests" / "gold" / "src"
OUT_DIR = ROOT / "tests" / "gold"

SOURCE_TYPES = {
    "person": "named_person",
    "org": "named_organisation",
    "anon": "anonymous",
    "agentless": "agentless",
    "author": "author",
    "doc": "document",
    "pronoun": "pronoun",
}
SOURCE_TYPES.update({v: v for v in list(SOURCE_TYPES.values())})
QUOTE_TYPES = {"direct", "indirect", "mixed"}
HEDGE_KINDS = {"modal", "evidential", "speculative_verb", "adverb", "adjective"}
DOC_FLAGS = {"no_hedge_gold", "no_attribution_gold"}
A_KEYS = {"cue", "src", "content", "type", "quote", "resolved"}
H_KEYS = {"cue", "scope", "kind"}
DOUBLE_QUOTES = "\"“”"
OPEN_QUOTES = "\"“‘'"
CLOSE_QUOTES = "\"”’'"


class MarkupError(Exception):
    pass


# --------------------------------------------------------------------------- span lookup


def _occurrences(text: str, lit: str, lo: int = 0) -> list[int]:
    """Start offsets of whole-word occurrences of ``lit`` in ``text`` at or after ``lo``."""
    if not lit:
        raise MarkupError("empty span text")
    out = []
    i = text.find(lit, lo)
    while i != -1:
        j = i + len(lit)
        ok_left = not (lit[0].isalnum() and i > 0 and text[i - 1].isalnum())
        ok_right = not (lit[-1].isalnum() and j < len(text) and text[j].isalnum())
        if ok_left and ok_right:
            out.append(i)
        i = text.find(lit, i + 1)
    return out


def _split_n(spec: str) -> tuple[str, int | None]:
    m = re.fullmatch(r"(.*?)#(\d+)", spec, flags=re.S)
    if m:
        return m.group(1), int(m.group(2))
    return spec, None


def _pick(text: str, spec: str, lo: int = 0, first: bool = False, before: int | None = None) -> int:
    lit, n = _split_n(spec.strip())
    occ = _occurrences(text, lit, lo)
    if not occ:
        raise MarkupError(f"span {lit!r} not found" + (f" after offset {lo}" if lo else ""))
    if n is not None:
        if n < 1 or n > len(occ):
            raise MarkupError(f"span {lit!r}#{n}: only {len(occ)} occurrence(s)")
        return occ[n - 1]
    if first:
        return occ[0]
    if before is not None and len(occ) > 1:
        earlier = [i for i in occ if i + len(lit) <= before]
        if earlier:
            return earlier[-1]
    if len(occ) > 1:
        raise MarkupError(f"span {lit!r} is ambiguous ({len(occ)} occurrences): add #n")
    return occ[0]


def locate(text: str, spec: str, before: int | None = None) -> dict:
    """Resolve a span spec to ``{"start", "end", "text"}``."""
    if " ~~ " in spec:
        a, b = spec.split(" ~~ ", 1)
        start = _pick(text, a)
        a_lit, _ = _split_n(a.strip())
        b_lit, _ = _split_n(b.strip())
        # B counts from the end of A; #n on B counts occurrences after A.
        b_start = _pick(text, b, lo=start + len(a_lit), first=True)
        end = b_start + len(b_lit)
    else:
        start = _pick(text, spec, before=before)
        end = start + len(_split_n(spec.strip())[0])
    return {"start": start, "end": end, "text": text[start:end]}


# --------------------------------------------------------------------------- parsing


def _fields(rest: str, allowed: set[str], where: str) -> tuple[dict[str, str], bool]:
    fields: dict[str, str] = {}
    optional = False
    for part in rest.split(" | "):
        part = part.strip()
        if not part:
            continue
        if part == "optional":
            optional = True
            continue
        if "=" not in part:
            raise MarkupError(f"{where}: field {part!r} has no '='")
        key, value = part.split("=", 1)
        key = key.strip()
        if key not in allowed:
            raise MarkupError(f"{where}: unknown key {key!r} (allowed: {sorted(allowed)})")
        if key in fields:
            raise MarkupError(f"{where}: key {key!r} given twice")
        fields[key] = value.strip()
    return fields, optional


def parse_file(path: Path) -> list[dict]:
    docs: list[dict] = []
    cur: dict | None = None
    text_lines: list[str] = []
    items: list[tuple[int, str]] = []

    def finish() -> None:
        if cur is None:
            return
        cur["text"] = "\n".join(text_lines)
        try:
            docs.append(build_doc(cur, items, path))
        except MarkupError as e:
            raise MarkupError(f"{path.name}:{cur['_line']} doc {cur['id']}: {e}") from None

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if line.startswith("@doc"):
            finish()
            parts = line.split()
            if len(parts) < 2:
                raise MarkupError(f"{path.name}:{lineno}: @doc needs an id")
            cur = {"id": parts[1], "meta": {}, "flags": set(), "_line": lineno}
            for p in parts[2:]:
                if "=" in p:
                    k, v = p.split("=", 1)
                    cur["meta"][k] = v
                elif p in DOC_FLAGS:
                    cur["flags"].add(p)
                else:
                    raise MarkupError(f"{path.name}:{lineno}: unknown doc flag {p!r}")
            if "pattern" not in cur["meta"]:
                raise MarkupError(f"{path.name}:{lineno}: doc {parts[1]} has no pattern=")
            text_lines, items = [], []
        elif line == ">" or line.startswith("> "):
            if cur is None or items:
                raise MarkupError(f"{path.name}:{lineno}: text line outside a doc or after its items")
            text_lines.append(line[2:])
        elif line.startswith(("A ", "H ")):
            if cur is None:
                raise MarkupError(f"{path.name}:{lineno}: item outside a doc")
            items.append((lineno, line))
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        else:
            raise MarkupError(f"{path.name}:{lineno}: cannot parse line {line!r}")
    finish()
    return docs


def build_doc(cur: dict, items: list[tuple[int, str]], path: Path) -> dict:
    text = cur["text"]
    if not text.strip():
        raise MarkupError("empty text")
    attributions: list[dict] = []
    hedges: list[dict] = []
    for lineno, line in items:
        where = f"{path.name}:{lineno}"
        kind, rest = line[0], line[2:].strip()
        item_id, _, rest = rest.partition(" ")
        try:
            if kind == "A":
                f, optional = _fields(rest, A_KEYS, where)
                if "cue" not in f:
                    raise MarkupError("attribution has no cue")
                src = locate(text, f["src"]) if "src" in f else None
                a = {
                    "id": item_id,
                    "cue": locate(text, f["cue"]),
                    "source": src,
                    "content": locate(text, f["content"]) if "content" in f else None,
                    "source_type": SOURCE_TYPES[f["type"]] if "type" in f else None,
                    "quote_type": f.get("quote"),
                    "resolved_source": (
                        locate(text, f["resolved"], before=src["start"] if src else None)
                        if "resolved" in f
                        else None
                    ),
                    "hedge_ids": [],
                    "score": 1.0,
                }
                if a["quote_type"] is not None and a["quote_type"] not in QUOTE_TYPES:
                    raise MarkupError(f"bad quote type {a['quote_type']!r}")
                if optional:
                    a["optional"] = True
                attributions.append(a)
            else:
                f, optional = _fields(rest, H_KEYS, where)
                if "cue" not in f or "kind" not in f:
                    raise MarkupError("hedge needs cue and kind")
                if f["kind"] not in HEDGE_KINDS:
                    raise MarkupError(f"bad hedge kind {f['kind']!r}")
                h = {
                    "id": item_id,
                    "cue": locate(text, f["cue"]),
                    "scope": locate(text, f["scope"]) if "scope" in f else None,
                    "kind": f["kind"],
                    "score": 1.0,
                }
                if optional:
                    h["optional"] = True
                hedges.append(h)
        except KeyError as e:
            raise MarkupError(f"{where}: unknown value {e}") from None
        except MarkupError as e:
            raise MarkupError(f"{where} item {item_id}: {e}") from None

    for a in attributions:
        spans = [s for s in (a["cue"], a["content"]) if s is not None]
        a["hedge_ids"] = [
            h["id"]
            for h in hedges
            if any(s["start"] <= h["cue"]["start"] and h["cue"]["end"] <= s["end"] for s in spans)
        ]

    doc = {"id": cur["id"], "text": text, "meta": cur["meta"], "attributions": attributions, "hedges": hedges}
    for flag in sorted(cur["flags"]):
        doc[flag] = True
    check_doc(doc)
    return doc


# --------------------------------------------------------------------------- checks


def strip_extras(doc: dict) -> dict:
    """The document as a plain ``Document`` record: gold-only keys removed."""
    out = {k: v for k, v in doc.items() if k not in DOC_FLAGS}
    out["attributions"] = [{k: v for k, v in a.items() if k != "optional"} for a in doc["attributions"]]
    out["hedges"] = [{k: v for k, v in h.items() if k != "optional"} for h in doc["hedges"]]
    return out


def check_doc(doc: dict) -> None:
    """Schema validation plus the annotation conventions, so a slip in the markup fails loudly."""
    Document.model_validate(strip_extras(doc))
    for a in doc["attributions"]:
        tag = f"attribution {a['id']}"
        st, qt, src, content = a["source_type"], a["quote_type"], a["source"], a["content"]
        if st is None or qt is None or content is None:
            raise MarkupError(f"{tag}: type, quote and content are required in this gold set")
        if st == "agentless" and src is not None:
            raise MarkupError(f"{tag}: agentless but has a source")
        if st != "agentless" and src is None:
            raise MarkupError(f"{tag}: no source but type {st}")
        if a["resolved_source"] is not None and src["text"].lower() not in PRONOUN_SOURCES:
            # the guideline: a pronoun whose referent is named takes the referent's type, so the
            # type no longer says 'pronoun'; the source's own words still must be one
            raise MarkupError(f"{tag}: resolved_source goes only with a pronoun or relative-pronoun source")
        if a["resolved_source"] is not None and a["resolved_source"]["end"] > src["start"]:
            raise MarkupError(f"{tag}: resolved_source must come before the pronoun")
        c = content["text"]
        if qt == "direct" and not (c[0] in OPEN_QUOTES and c.rstrip(",.")[-1] in CLOSE_QUOTES):
            raise MarkupError(f"{tag}: direct content must run from quote mark to quote mark: {c!r}")
        if qt == "indirect" and any(q in c for q in DOUBLE_QUOTES):
            raise MarkupError(f"{tag}: indirect content contains a quotation mark: {c!r}")
        if qt == "mixed" and not any(q in c for q in DOUBLE_QUOTES + "‘"):
            raise MarkupError(f"{tag}: mixed content has no quoted part: {c!r}")
        if c != c.strip() or (qt == "indirect" and c.endswith((".", ","))):
            raise MarkupError(f"{tag}: content has stray whitespace or end punctuation: {c!r}")
        for name in ("cue", "source"):
            s = a[name]
            if s is not None and s["text"] != s["text"].strip():
                raise MarkupError(f"{tag}: {name} has stray whitespace")
    for h in doc["hedges"]:
        sc, cue = h["scope"], h["cue"]
        if sc is None:
            raise MarkupError(f"hedge {h['id']}: scope is required in this gold set")
        if not (sc["start"] <= cue["start"] and cue["end"] <= sc["end"]):
            raise MarkupError(f"hedge {h['id']}: cue {cue['text']!r} is outside its scope {sc['text']!r}")
        if sc["text"].endswith((".", ",", ";", " ")):
            raise MarkupError(f"hedge {h['id']}: scope ends with punctuation: {sc['text']!r}")


# --------------------------------------------------------------------------- main


def render(docs: list[dict]) -> str:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def summary(name: str, docs: list[dict]) -> str:
    def n(items, opt):
        return sum(1 for i in items if bool(i.get("optional")) == opt)

    atts = [a for d in docs for a in d["attributions"]]
    hed = [h for d in docs for h in d["hedges"]]
    lines = [
        f"{name}: {len(docs)} texts, {n(atts, False)} attributions (+{n(atts, True)} optional), "
        f"{n(hed, False)} hedges (+{n(hed, True)} optional)"
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="verify the .jsonl files are up to date")
    ap.add_argument("--stats", action="store_true", help="print counts per pattern, type and kind")
    args = ap.parse_args(argv)

    all_docs: list[dict] = []
    stale = []
    seen_ids: set[str] = set()
    for src in sorted(SRC_DIR.glob("*.txt")):
        try:
            docs = parse_file(src)
        except MarkupError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        for d in docs:
            if d["id"] in seen_ids:
                print(f"error: duplicate doc id {d['id']}", file=sys.stderr)
                return 1
            seen_ids.add(d["id"])
        out = OUT_DIR / f"{src.stem}.jsonl"
        content = render(docs)
        if args.check:
            if not out.exists() or out.read_text(encoding="utf-8") != content:
                stale.append(out.name)
        else:
            out.write_text(content, encoding="utf-8")
        print(summary(out.name, docs))
        all_docs.extend(docs)
    print(summary("total", all_docs))
    if args.stats:
        atts = [a for d in all_docs for a in d["attributions"]]
        hed = [h for d in all_docs for h in d["hedges"]]
        for label, counter in (
            ("pattern (texts)", Counter(d["meta"]["pattern"] for d in all_docs)),
            ("source_type", Counter(a["source_type"] for a in atts)),
            ("quote_type", Counter(a["quote_type"] for a in atts)),
            ("hedge kind", Counter(h["kind"] for h in hed)),
            ("hedge cue", Counter(h["cue"]["text"].lower() for h in hed)),
        ):
            print(f"\n{label}:")
            for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
                print(f"  {v:4d}  {k}")
    if stale:
        print(f"out of date: {', '.join(stale)} (run tools/build_gold.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
