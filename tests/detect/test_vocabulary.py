"""The detector's vocabulary is typed: every name the learned scorer and the lexicons use is an enum member."""

import json
from importlib import resources

import pytest

from annotator.detect.vocabulary import Complement, CueKind, Evidence, Feature, SourceType, complement_of
from annotator.lexicons import load_lexicon

SCORER = json.loads((resources.files("annotator") / "data" / "cue_scorer.json").read_text(encoding="utf-8"))
NAMES = {f.value for f in Feature}
VALUE_ENUMS = {Feature.EV: Evidence, Feature.KIND: CueKind, Feature.HOST_EV: Evidence}


def parts_of(key: str):
    for part in key.split("&"):
        name, _, value = part.partition("=")
        yield name, value


def bad_parts(key: str) -> list[str]:
    bad = []
    for name, value in parts_of(key):
        base = name.rstrip("0123456789") if name.startswith(Feature.VEC.value) else name
        if base not in NAMES:
            bad.append(f"{name!r} is not a Feature")
            continue
        enum = VALUE_ENUMS.get(Feature(base))
        if enum is not None and value not in enum._value2member_map_:
            bad.append(f"{value!r} is not a {enum.__name__}")
        if Feature(base) is Feature.STYPE and value != "None" and value not in SourceType._value2member_map_:
            bad.append(f"{value!r} is not a SourceType")
    return bad


def test_every_scorer_feature_names_a_member():
    wrong = {k: b for k in SCORER["weights"] if (b := bad_parts(k))}
    assert not wrong, f"{len(wrong)} scorer features name no vocabulary member, e.g. {list(wrong.items())[:3]}"


@pytest.mark.parametrize("key", ["ev=ccompp", "lemma=say&kind=spech", "colour=red", "stype=journalist"])
def test_a_misspelt_feature_is_caught(key):
    assert bad_parts(key)


def test_every_reporting_cue_line_has_a_kind_and_licensed_complements():
    for entry in load_lexicon("reporting_cues"):
        kind = CueKind(entry.get("kind", "speech"))
        if kind is CueKind.NOT_A_CUE:
            continue
        assert entry.get("reports"), f"{entry['id']}: no 'reports' list"
        for c in entry["reports"]:
            Complement(c)


def test_every_evidence_but_none_has_a_complement_class():
    for ev in Evidence:
        assert (complement_of(ev) is None) == (ev is Evidence.NONE), ev
