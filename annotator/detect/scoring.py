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
from bisect import bisect_right
from itertools import accumulate
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token

from .filters import keeps_lexicon_score
from .found import FoundAttribution
from .quotes import Quote, quote_at
from .text import text_of
from .vocabulary import CueKind, Evidence, Feature


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


def feature(name: Feature, value=None, *more: tuple[Feature, object]) -> str:
    """A feature key: 'neg', 'lemma=say', 'lemma=say&ev=ccomp' (names are Feature members)."""
    parts = [name.value if value is None else f"{name.value}={value}"]
    parts += [f"{n.value}={v}" for n, v in more]
    return "&".join(parts)


def cue_features(
    doc: Doc, att: FoundAttribution, quotes: list[Quote], prior: float, with_tensor: bool = False
) -> dict[str, float]:
    """Named evidence about one candidate; names are stable strings so weights stay readable."""
    cue = doc.char_span(att.cue[0], att.cue[1], alignment_mode="expand")
    head = cue.root if cue is not None and len(cue) else None
    lemma = (head.lemma_.lower() if head is not None else text_of(doc)[att.cue[0]:att.cue[1]]) or "?"
    if att.cue_kind == CueKind.PREPOSITIONAL and cue is not None:
        lemma = cue.text.lower()
    f = _candidate_features(att, lemma, prior)
    if head is not None:
        f.update(_head_features(doc, head, lemma, att.evidence))
    f.update(_source_features(doc, att))
    if with_tensor and head is not None:
        f.update(tensor_features(doc, head.i))
    f.update(_context_features(doc, att, quotes))
    return f


def _candidate_features(att: FoundAttribution, lemma: str, prior: float) -> dict[str, float]:
    """What the lexicon and the rules said: the word, its kind, the evidence, the source type."""
    ev, stype = att.evidence, att.source_type
    return {
        feature(Feature.BIAS): 1.0,
        feature(Feature.PRIOR): prior,
        feature(Feature.LEMMA, lemma): 1.0,
        feature(Feature.KIND, att.cue_kind): 1.0,
        feature(Feature.EV, ev): 1.0,
        feature(Feature.STYPE, stype): 1.0,
        feature(Feature.QTYPE, att.quote_type): 1.0,
        feature(Feature.LEMMA, lemma, (Feature.EV, ev)): 1.0,
        feature(Feature.LEMMA, lemma, (Feature.STYPE, stype)): 1.0,
        feature(Feature.EV, ev, (Feature.STYPE, stype)): 1.0,
    }


def _head_features(doc: Doc, head: Token, lemma: str, ev: str) -> dict[str, float]:
    """The cue word's syntax: 'called for' against 'called him', 'declined to comment'."""
    f = {
        feature(Feature.DEP, head.dep_): 1.0,
        feature(Feature.TAG, head.tag_): 1.0,
        feature(Feature.LEMMA, lemma, (Feature.TAG, head.tag_)): 1.0,
        feature(Feature.LEMMA, lemma, (Feature.DEP, head.dep_)): 1.0,
        feature(Feature.EV, ev, (Feature.DEP, head.dep_)): 1.0,
    }
    if head.i == head.sent.root.i:
        f[feature(Feature.SENT_ROOT)] = 1.0
    children = {c.dep_ for c in head.children}
    if "neg" in children:
        f[feature(Feature.NEG)] = 1.0
    if any(c.tag_ == "MD" for c in head.children):
        f[feature(Feature.MODAL_AUX)] = 1.0
    if head.tag_ == "VB" and not children & {"nsubj", "nsubjpass", "aux", "auxpass", "mark"} and head.dep_ in {
        "ROOT", "conj", "ccomp", "parataxis"
    }:
        f[feature(Feature.IMPERATIVE)] = 1.0  # 'Now tell us ...', 'Imagine that ...': nobody is reported
    if "dative" in children or any(c.dep_ == "dobj" and c.pos_ in {"PRON", "PROPN"} for c in head.children):
        f[feature(Feature.HAS_HEARER)] = 1.0
    gov = head.head
    if gov is not head:
        f[feature(Feature.GOV, gov.lemma_.lower())] = 1.0  # 'declined to comment', 'refused to say'
        f[feature(Feature.GOV_DEP, gov.dep_, (Feature.DEP, head.dep_))] = 1.0
    prev = doc[head.i - 1] if head.i > 0 else None
    if prev is not None:
        f[feature(Feature.PREV, prev.lower_ if prev.is_alpha else prev.pos_)] = 1.0
    if _in_headline(doc, head):
        f[feature(Feature.HEADLINE)] = 1.0
    return f


def _in_headline(doc: Doc, tok: Token) -> bool:
    """No closing full stop: a headline or caption."""
    sent = tok.sent
    last = sent[-1]
    while last.is_space and last.i > sent.start:
        last = doc[last.i - 1]
    return not last.is_punct


def _source_features(doc: Doc, att: FoundAttribution) -> dict[str, float]:
    if att.source is None:
        return {feature(Feature.NO_SOURCE): 1.0}
    src = doc.char_span(att.source[0], att.source[1], alignment_mode="expand")
    if src is None or not len(src):
        return {}
    return {
        feature(Feature.SRC_ENT, src.root.ent_type_ or "-"): 1.0,
        feature(Feature.SRC_LEMMA, src.root.lemma_.lower()): 1.0,
        feature(Feature.SRC_LEN, content_length_bucket(len(src))): 1.0,
    }


def _context_features(doc: Doc, att: FoundAttribution, quotes: list[Quote]) -> dict[str, float]:
    """Where the cue stands (in a quotation, on a transcript label) and how long its content is."""
    f: dict[str, float] = {}
    if att.evidence == Evidence.SPEAKER_LABEL:
        # 'WALLACE: ...', 'Warren: ...': transcripts often open every line with a quotation
        # mark, so being inside a quote says nothing here; the label's own form does
        label = text_of(doc)[att.source[0]:att.source[1]] if att.source else ""
        f[feature(Feature.LABEL_UPPER)] = float(label.isupper())
        f[feature(Feature.LABEL_WORDS, min(len(label.split()), 4))] = 1.0
    elif quote_at(quotes, att.cue[0]) is not None:
        f[feature(Feature.CUE_IN_QUOTE)] = 1.0
    if att.content is not None:
        words = text_of(doc)[att.content[0]:att.content[1]].split()
        f[feature(Feature.CLEN, content_length_bucket(len(words)))] = 1.0
        if words and words[0].lower() == "that":
            f[feature(Feature.CONTENT_THAT)] = 1.0
    return f


# contents that are a noun phrase: a cue inside one is what is reported on ('denied the
# claim that ...'), not a report inside a report
PHRASE_CONTENT = {"dobj", "dobj_empty", "oprd", "prep", "passive_subject", "nominal"}


def _in_quote(at: int, quotes: list[Quote]) -> bool:
    return quote_at(quotes, at) is not None


def mark_nested(atts: list[FoundAttribution], quotes: list[Quote]) -> None:
    """Flag cues that sit inside another candidate's content ('X said that Y told Z ...'):
    annotators of news sourcing mark some and skip others, so the scorer weighs it. A
    content that holds its own cue (a parenthetical 'the museum, he said, would ...', a split
    quote) holds its siblings too, not nested reports, unless they stand in the quotation."""
    hosts = sorted(
        ((o.content[0], o.content[1], n, o) for n, o in enumerate(atts)
         if o.content is not None and o.evidence not in PHRASE_CONTENT),
        key=lambda h: h[0],
    )
    starts = [h[0] for h in hosts]
    reach = list(accumulate((h[1] for h in hosts), max))  # the furthest content end among hosts[:j + 1]
    for att in atts:
        host = _host_of(att, hosts, starts, reach, quotes)
        if host is not None and att.features is not None:
            att.features[feature(Feature.NESTED)] = 1.0
            att.features[f"{Feature.NESTED.value}&{feature(Feature.EV, att.evidence)}"] = 1.0
            att.features[f"{Feature.NESTED.value}&{feature(Feature.HOST_EV, host.evidence)}"] = 1.0


def _host_of(att: FoundAttribution, hosts: list, starts: list[int], reach: list[int], quotes: list[Quote]):
    """The first candidate (in the order found) whose content holds ``att``'s cue; contents
    are searched from the nearest start back, stopping once none earlier reaches the cue."""
    at, best = att.cue[0], None
    j = bisect_right(starts, at) - 1
    while j >= 0 and reach[j] > at:
        start, end, n, o = hosts[j]
        if o is not att and at < end and (not start <= o.cue[0] < end or _in_quote(at, quotes)):
            if best is None or n < best[0]:
                best = (n, o)
        j -= 1
    return best[1] if best is not None else None


class CueScorer:
    def __init__(
        self, weights: dict[str, float], bias: float = 0.0, tensor_model: str | None = None, judges_all: bool = False
    ):
        self.weights = weights
        self.bias = bias
        self.tensor_model = tensor_model  # the pipeline whose vectors the 'vec*' weights were learned on
        # PolNeAR, which the shipped weights learned from, leaves out nested reports and agentless
        # passives, so their lexicon prior stands (filters.keeps_lexicon_score); weights re-fitted
        # on reviews that delete them judge those too
        self.judges_all = judges_all

    def judges(self, att, text: str) -> bool:
        return self.judges_all or not keeps_lexicon_score(att, text)

    def to_data(self) -> dict:
        data = {"bias": self.bias, "weights": self.weights, "tensor_model": self.tensor_model}
        if self.judges_all:
            data["judges_all"] = True
        return data

    @classmethod
    def from_file(cls, path: str | Path) -> "CueScorer":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data.get("bias", 0.0), data.get("tensor_model"), bool(data.get("judges_all", False)))

    def uses_tensor_of(self, model: str) -> bool:
        return self.tensor_model is not None and self.tensor_model == model

    @classmethod
    def builtin(cls) -> "CueScorer | None":
        path = Path(str(resources.files("annotator") / "data" / "cue_scorer.json"))
        return cls.from_file(path) if path.exists() else None

    def __call__(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
