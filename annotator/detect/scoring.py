"""How sure we are that a candidate is an attribution: a small, readable linear model.

The lexicon says how often a word is a cue; whether this occurrence is one
depends on its syntax too ('called for' vs 'called him', 'release' of a
statement vs of a prisoner). A logistic model over a handful of named
features (cue word, where the content came from, source type, tense, ...)
weighs that evidence. Its weights are a JSON file of feature -> weight that a
person can read, and ``tools/train_cue_scorer.py`` re-learns them from
annotated data. Without the file the lexicon prior alone is the score.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

from .found import FoundAttribution
from .quotes import Quote
from .text import text_of


def content_length_bucket(n: int) -> str:
    for limit, name in ((1, "1"), (3, "2-3"), (8, "4-8"), (20, "9-20")):
        if n <= limit:
            return name
    return "21+"


def tensor_features(doc: Doc, i: int) -> dict[str, float]:
    """The pipeline's own contextual vector of the cue word: tells 'called for' from 'called him'.

    Only meaningful for the pipeline the weights were learned with; the detector checks that.
    """
    t = doc.tensor
    if t is None or len(t.shape) != 2 or t.shape[0] != len(doc):
        return {}
    return {f"vec{k}": float(x) for k, x in enumerate(t[i])}


def cue_features(
    doc: Doc, att: FoundAttribution, quotes: list[Quote], prior: float, with_tensor: bool = False
) -> dict[str, float]:
    """Named evidence about one candidate; names are stable strings so weights stay readable."""
    cue = doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand")
    head = cue.root if cue is not None and len(cue) else None
    lemma = (head.lemma_.lower() if head is not None else text_of(doc)[att.cue[0]:att.cue[1]]) or "?"
    if att.cue_kind == "prepositional" and cue is not None:
        lemma = cue.text.lower()
    f: dict[str, float] = {
        "bias": 1.0,
        "prior": prior,
        f"lemma={lemma}": 1.0,
        f"kind={att.cue_kind}": 1.0,
        f"ev={att.evidence}": 1.0,
        f"stype={att.source_type}": 1.0,
        f"qtype={att.quote_type}": 1.0,
        f"lemma={lemma}&ev={att.evidence}": 1.0,
        f"lemma={lemma}&stype={att.source_type}": 1.0,
        f"ev={att.evidence}&stype={att.source_type}": 1.0,
    }
    if head is not None:
        f[f"dep={head.dep_}"] = 1.0
        f[f"tag={head.tag_}"] = 1.0
        f[f"lemma={lemma}&tag={head.tag_}"] = 1.0
        f[f"lemma={lemma}&dep={head.dep_}"] = 1.0
        f[f"ev={att.evidence}&dep={head.dep_}"] = 1.0
        if head.i == head.sent.root.i:
            f["sent_root"] = 1.0
        children = {c.dep_ for c in head.children}
        if "neg" in children:
            f["neg"] = 1.0
        if any(c.tag_ == "MD" for c in head.children):
            f["modal_aux"] = 1.0
        if head.tag_ == "VB" and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "mark"} for c in head.children) and head.dep_ in {"ROOT", "conj", "ccomp", "parataxis"}:
            f["imperative"] = 1.0  # 'Now tell us ...', 'Imagine that ...': nobody is reported
        if "dative" in children or any(c.dep_ == "dobj" and c.pos_ in {"PRON", "PROPN"} for c in head.children):
            f["has_hearer"] = 1.0
        gov = head.head
        if gov is not head:
            f[f"gov={gov.lemma_.lower()}"] = 1.0  # 'declined to comment', 'refused to say'
            f[f"gov_dep={gov.dep_}&dep={head.dep_}"] = 1.0
        prev = doc[head.i - 1] if head.i > 0 else None
        if prev is not None:
            f[f"prev={prev.lower_ if prev.is_alpha else prev.pos_}"] = 1.0
        sent = head.sent
        last = sent[-1]
        while last.is_space and last.i > sent.start:
            last = doc[last.i - 1]
        if not last.is_punct:
            f["headline"] = 1.0  # no closing full stop: a headline or caption
    if att.source is not None:
        src = doc.char_span(att.source[0], att.source[1], alignment_mode="expand")
        if src is not None and len(src):
            f[f"src_ent={src.root.ent_type_ or '-'}"] = 1.0
            f[f"src_lemma={src.root.lemma_.lower()}"] = 1.0
            f[f"src_len={content_length_bucket(len(src))}"] = 1.0
    else:
        f["no_source"] = 1.0
    if with_tensor and head is not None:
        f.update(tensor_features(doc, head.i))
    if att.evidence == "speaker_label":
        # 'WALLACE: ...', 'Warren: ...': transcripts often open every line with a quotation
        # mark, so being inside a quote says nothing here; the label's own form does
        label = text_of(doc)[att.source[0]:att.source[1]] if att.source else ""
        f["label_upper"] = float(label.isupper())
        f[f"label_words={min(len(label.split()), 4)}"] = 1.0
    elif any(q.start <= att.cue[0] < q.end for q in quotes):
        f["cue_in_quote"] = 1.0
    if att.content is not None:
        words = text_of(doc)[att.content[0]:att.content[1]].split()
        f[f"clen={content_length_bucket(len(words))}"] = 1.0
        if words and words[0].lower() == "that":
            f["content_that"] = 1.0
    return f


# contents that are a noun phrase: a cue inside one is what is reported on ('denied the
# claim that ...'), not a report inside a report
PHRASE_CONTENT = {"dobj", "dobj_empty", "oprd", "prep", "passive_subject", "nominal"}


def _in_quote(at: int, quotes: list[Quote]) -> bool:
    return any(q.start <= at < q.end for q in quotes)


def mark_nested(atts: list[FoundAttribution], quotes: list[Quote]) -> None:
    """Flag cues that sit inside another candidate's content ('X said that Y told Z ...'):
    annotators of news sourcing mark some and skip others, so the scorer weighs it. A
    content that holds its own cue (a parenthetical 'the museum, he said, would ...', a split
    quote) holds its siblings too, not nested reports, unless they stand in the quotation."""
    for att in atts:
        host = next(
            (
                o for o in atts
                if o is not att and o.content is not None and o.evidence not in PHRASE_CONTENT
                and o.content[0] <= att.cue[0] < o.content[1]
                and (not o.content[0] <= o.cue[0] < o.content[1] or _in_quote(att.cue[0], quotes))
            ),
            None,
        )
        if host is not None and att.features is not None:
            att.features["nested"] = 1.0
            att.features[f"nested&ev={att.evidence}"] = 1.0
            att.features[f"nested&host_ev={host.evidence}"] = 1.0


class CueScorer:
    def __init__(self, weights: dict[str, float], bias: float = 0.0, tensor_model: str | None = None):
        self.weights = weights
        self.bias = bias
        self.tensor_model = tensor_model  # the pipeline whose vectors the 'vec*' weights were learned on

    @classmethod
    def from_file(cls, path: str | Path) -> "CueScorer":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data.get("bias", 0.0), data.get("tensor_model"))

    def uses_tensor_of(self, model: str) -> bool:
        return self.tensor_model is not None and self.tensor_model == model

    @classmethod
    def builtin(cls) -> "CueScorer | None":
        path = Path(str(resources.files("annotator") / "data" / "cue_scorer.json"))
        return cls.from_file(path) if path.exists() else None

    def __call__(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
