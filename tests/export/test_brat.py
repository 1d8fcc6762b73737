"""brat standoff out and back in: lossless for our records, readable for PolNeAR's."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.errors import AnnotatorError
from annotator.export.brat import annotation_lines, file_stem, write_brat
from annotator.importers.brat import read_brat
from annotator.records import SourceType

from .documents import corpora, doc_from_parts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_records_survive_a_brat_round_trip(docs):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "brat"
        write_brat(docs, folder)
        back = {d.id: d for d in read_brat(folder)}
        assert back == {d.id: d for d in docs}
        for doc in back.values():
            for _, _, span in doc.iter_spans():
                assert doc.text[span.start : span.end] == span.text


def test_offsets_count_code_points_and_crlf_is_kept(tmp_path):
    text = "😀 “Hi,”\r\nsaid Ann."
    doc = doc_from_parts(text, [((9, 13), (14, 17), (2, 7))])
    write_brat([doc], tmp_path / "b")
    assert (tmp_path / "b" / "d.txt").read_bytes() == text.encode("utf-8")
    lines = (tmp_path / "b" / "d.ann").read_text(encoding="utf-8").splitlines()
    # 9 code points before 'said': the emoji counts one (not two UTF-16 units), CR and LF one each
    assert lines[:2] == ["T1\tCue 9 13\tsaid", "T2\tSource 14 17\tAnn"]


def test_a_span_across_a_line_break_stays_on_one_ann_line():
    text = "“One.\r\nTwo,” she said."
    doc = doc_from_parts(text, [((text.index("said"), text.index("said") + 4), None, (0, 12))])
    content = next(line for line in annotation_lines(doc) if "\tContent " in line)
    assert content == "T2\tContent 0 12\t“One.  Two,”"


@pytest.mark.parametrize(
    "doc_id, expected",
    [("sample", "sample"), ("a/b", None), ("../x", None), ("", None), ("x" * 150, None), ("Ünï", None)],
)
def test_file_names_are_safe(doc_id, expected):
    stem = file_stem(doc_id, set())
    if expected:
        assert stem == expected
    assert stem and "/" not in stem and not stem.startswith(".") and len(stem) <= 100


def test_ids_differing_only_in_case_get_distinct_files():
    taken: set[str] = set()
    assert file_stem("Doc", taken).lower() != file_stem("doc", taken).lower()


POLNEAR_TXT = "The Post reports that Clinton left early.\n\nIt was, sources said, a setback.\nRead the rest here."
POLNEAR_ANN = """T1\tSource 0 8\tThe Post
T2\tCue 9 16\treports
T3\tContent 17 41\tthat Clinton left early.
T4\tAttribution 9 16\treports
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 43 49;65 74\tIt was a setback
T6\tSource 51 58\tsources
T7\tCue 59 63\tsaid
T8\tAttribution 59 63\tsaid
E2\tAttribution:T8 Cue:T7 Source:T6 Content:T5
T9\tDiscard 76 95\tRead the rest here.
"""


def write_pair(folder: Path, name: str, text: str, ann: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8", newline="")


def test_polnear_events_become_attributions(tmp_path):
    write_pair(tmp_path / "p", "nyt_2016", POLNEAR_TXT, POLNEAR_ANN)
    (doc,) = read_brat(tmp_path / "p")
    assert doc.id == "nyt_2016"
    got = [(a.cue.text, a.source.text, a.content.text) for a in doc.attributions]
    assert got == [
        ("reports", "The Post", "that Clinton left early."),
        # the discontinuous content becomes the stretch from its first to its last fragment
        ("said", "sources", "It was, sources said, a setback"),
    ]
    assert doc.hedges == [] and all(a.source_type is None for a in doc.attributions)


def lansman_doc(**fields):
    """Three claims by one man, named three ways; the last has no source (a speaker all the same)."""
    text = "Jon Lansman said no. Lansman added more. He said yes. It was confirmed, as expected."
    he = text.index("He")
    return doc_from_parts(
        text,
        [
            ((12, 16), (0, 11), None, {"speaker": "Jon Lansman"}),
            ((29, 34), (21, 28), None, {"speaker": "Jon Lansman"}),
            ((he + 3, he + 7), (he, he + 2), None, {"speaker": "Jon Lansman", "resolved_source": (21, 28),
                                                   "source_type": SourceType.pronoun}),
            ((text.index("confirmed"), text.index("confirmed") + 9), None, None, {"speaker": "Jon Lansman"}),
        ],
        **fields,
    )


def test_speaker_rides_in_the_source_note_or_the_cue_note_and_comes_back(tmp_path):
    doc = lansman_doc(id="l")
    lines = annotation_lines(doc)
    source_notes = [line for line in lines if line.startswith("#") and '"speaker"' in line]
    assert source_notes[0] == '#1\tAnnotatorNotes T2\t{"speaker": "Jon Lansman"}'  # T2 is the first Source
    assert len(source_notes) == 4 and '"id": "a4"' in source_notes[-1]  # no source: on the cue, with the id
    write_brat([doc], tmp_path / "b")
    (back,) = read_brat(tmp_path / "b")
    assert back == doc and [a.speaker for a in back.attributions] == ["Jon Lansman"] * 4


def test_bare_cue_and_our_links_are_read(tmp_path):
    text = "It is said the deal collapsed."
    ann = "T1\tCue 3 10\tis said\nT2\tContent 11 29\tthe deal collapsed\nR1\tContent Arg1:T1 Arg2:T2\nA1\tSourceType T1 agentless\n"
    write_pair(tmp_path / "b", "x", text, ann)
    (doc,) = read_brat(tmp_path / "b")
    (a,) = doc.attributions
    assert (a.id, a.cue.text, a.source, a.content.text, a.source_type) == (
        "a1", "is said", None, "the deal collapsed", SourceType.agentless
    )


@pytest.mark.parametrize(
    "ann, message",
    [
        ("T1\tCue 3 99\tsaid\n", "x.ann:1: cannot read this line: offsets 3:99 fall outside the text"),
        ("T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsays\n", "x.ann:2: cannot read this line: entity text 'says' does not match"),
        ("T1\tCue 0 3\tAnn\nR1\tSource Arg1:T1 Arg2:T7\n", "x.ann:2: refers to T7, which is not an entity"),
        ("T1\tCue x y\tAnn\n", "x.ann:1: cannot read this line: bad offsets"),
        ("T1\tHedge 0 3\tAnn\n", "x.ann:1: hedge T1 has no HedgeKind attribute"),
        ("T1\tCue 4 8\tsaid\n\tstray line\n", "x.ann:2: cannot read this line: '' is not a brat annotation id"),
    ],
)
def test_bad_ann_lines_name_file_and_line(tmp_path, ann, message):
    write_pair(tmp_path / "b", "x", "Ann said so.", ann)
    with pytest.raises(AnnotatorError) as e:
        list(read_brat(tmp_path / "b"))
    assert message in str(e.value)


def test_an_ann_without_its_txt_is_refused_before_reading(tmp_path):
    write_pair(tmp_path / "b", "a", "Ann said so.", "T1\tCue 4 8\tsaid\n")
    (tmp_path / "b" / "z.ann").write_text("T1\tCue 0 1\tx\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"z\.ann: has no text file z\.txt"):
        next(read_brat(tmp_path / "b"))


def test_a_failed_export_leaves_the_previous_folder(tmp_path):
    good = doc_from_parts("Ann said so.", [((4, 8), (0, 3), None)])
    write_brat([good], tmp_path / "b")
    before = sorted(p.name for p in (tmp_path / "b").iterdir())

    def failing():
        yield good.model_copy(update={"id": "other"})
        raise AnnotatorError("bad record", path="in.jsonl", line=2)

    with pytest.raises(AnnotatorError):
        write_brat(failing(), tmp_path / "b")
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["b"]  # no temporary folder left behind


def test_a_folder_of_other_files_is_never_replaced(tmp_path):
    home = tmp_path / "Documents"
    home.mkdir()
    (home / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(AnnotatorError, match="holds files this export did not write"):
        write_brat([doc_from_parts("Ann said so.", [((4, 8), (0, 3), None)])], home)
    assert (home / "thesis.docx").read_bytes() == b"precious"


def test_claims_survive_a_brat_round_trip_with_kind_checkworthiness_and_sources(tmp_path):
    from annotator.records import Claim, make_span

    text = "Ann said rents rose 9%. Rents fell."
    doc = doc_from_parts(text, [((4, 8), (0, 3), (9, 22))])
    doc.claims = [
        Claim(id="c1", span=make_span(text, 9, 22), score=0.9, checkworthy=True, kind="statistic", attribution_ids=["a1"]),
        Claim(id="c2", span=make_span(text, 24, 34), score=0.2, checkworthy=False, kind="comparison"),
    ]
    lines = annotation_lines(doc)
    assert "T4\tClaim 9 22\trents rose 9%" in lines and any(l.endswith("\tCheckworthy T4") for l in lines)
    assert any(l.endswith("\tClaimSource Arg1:T4 Arg2:T1") for l in lines)
    assert not any(l.endswith("Checkworthy T5") for l in lines)
    write_brat([doc], tmp_path / "b")
    (back,) = read_brat(tmp_path / "b")
    assert back.claims == doc.claims
    assert "Claim" in (tmp_path / "b" / "annotation.conf").read_text(encoding="utf-8")


def test_a_claim_source_link_must_end_at_a_cue(tmp_path):
    (tmp_path / "d.txt").write_text("Rents fell.", encoding="utf-8")
    (tmp_path / "d.ann").write_text("T1\tClaim 0 10\tRents fell\nT2\tHedge 0 5\tRents\nR1\tClaimSource Arg1:T1 Arg2:T2\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="ClaimSource link goes from a Claim to a Cue"):
        list(read_brat(tmp_path))
