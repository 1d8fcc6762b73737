"""export, import and report as a user meets them: every format written, bad input refused in one line."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from pathlib import Path

from annotator.cli import app
from annotator.export import WRITERS
from annotator.records import SCHEMA_VERSION, Document

from .documents import doc_from_parts

runner = CliRunner()
OUTPUT_NAMES = {"jsonl": "out.jsonl", "csv": "out.csv", "spacy": "out.spacy", "conll": "out.conll", "brat": "out-brat", "labelstudio": "out.json", "report": "out.html"}


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def records(tmp_path):
    text = "“It’s over 👋,” said Ms Rahman. It is said the deal may fail."
    doc = doc_from_parts(text, [((15, 19), (20, 29), (0, 13)), ((31, 41), None, (42, 60))], id="r1", meta={"title": "T"})
    path = tmp_path / "in.jsonl"
    path.write_text(doc.model_dump_json() + "\n", encoding="utf-8")
    return path, doc


def command_for(fmt, source, out):
    if fmt == "report":
        return ("report", source, "-o", out)
    return ("export", source, "--format", fmt, "-o", out)


@pytest.mark.parametrize("fmt", [*WRITERS, "report"])
def test_every_format_is_written(tmp_path, records, fmt):
    source, _ = records
    out = tmp_path / OUTPUT_NAMES[fmt]
    result = run(*command_for(fmt, source, out))
    assert result.exit_code == 0, result.output
    assert out.exists() and (out.is_dir() or out.stat().st_size > 0)


@pytest.mark.parametrize("fmt, name", [("brat", "b"), ("labelstudio", "tasks.json")])
def test_export_then_import_gives_the_records_back(tmp_path, records, fmt, name):
    source, doc = records
    assert run("export", source, "--format", fmt, "-o", tmp_path / name).exit_code == 0
    result = run("import", tmp_path / name, "--format", fmt, "-o", tmp_path / "back.jsonl")
    assert result.exit_code == 0, result.output
    (line,) = (tmp_path / "back.jsonl").read_text(encoding="utf-8").splitlines()
    assert Document.model_validate_json(line) == doc


def bad_records(doc: Document) -> dict[str, str]:
    data = doc.model_dump(mode="json")
    newer = {**data, "schema_version": 99}
    outside = json.loads(json.dumps(data))
    outside["attributions"][0]["cue"] = {"start": 200, "end": 204, "text": "said"}
    mismatch = json.loads(json.dumps(data))
    mismatch["attributions"][0]["cue"]["text"] = "says"
    return {
        "newer schema": (newer, f"in.jsonl:2: record 'r1' has schema version 99; this annotator reads up to {SCHEMA_VERSION}"),
        "outside text": (outside, "in.jsonl:2: record 'r1': attribution cue a1: span 200:204 falls outside the text"),
        "text mismatch": (mismatch, "in.jsonl:2: record 'r1': attribution cue a1: span text 'says' does not match"),
    }


@pytest.mark.parametrize("case", ["newer schema", "outside text", "text mismatch"])
@pytest.mark.parametrize("fmt", [*WRITERS, "report"])
def test_bad_records_fail_in_one_line_with_no_output(tmp_path, records, fmt, case):
    _, doc = records
    good = doc.model_copy(update={"id": "r0"}).model_dump_json()
    bad, message = bad_records(doc)[case]
    source = tmp_path / "in.jsonl"
    source.write_text(good + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    out = tmp_path / OUTPUT_NAMES[fmt]
    result = run(*command_for(fmt, source, out))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: error: ") and message in lines[0], result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"], "no output, not even a temporary file"


def test_import_of_an_ann_without_txt_fails_with_no_output(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "x.ann").write_text("T1\tCue 0 4\tsaid\n", encoding="utf-8")
    result = run("import", folder, "--format", "brat", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2
    assert "x.ann: has no text file x.txt beside it" in result.output
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (("--format", "pdf"), "'pdf' is not one of 'jsonl', 'csv', 'spacy', 'conll',"),
        (("--format", "conll", "--rows", "hedges"), "--rows applies to --format csv only"),
        (("--format", "csv", "--rows", "quotes"), "'quotes' is not one of 'attributions', 'hedges', 'claims'"),
    ],
)
def test_bad_options_are_named(tmp_path, records, args, message):
    source, _ = records
    result = run("export", source, *args, "-o", tmp_path / "x")
    unboxed = " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())  # a usage error comes in a wrapped box
    assert result.exit_code == 2 and message in unboxed


def test_import_jsonl_validates_and_normalises(tmp_path, records):
    source, doc = records
    source.write_text("\ufeff" + doc.model_dump_json(indent=None) + "\n\n", encoding="utf-8")
    result = run("import", source, "--format", "jsonl", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == doc.model_dump_json() + "\n"


V1_RECORDS = Path(__file__).resolve().parents[1] / "compat" / "schema_v1.jsonl"  # written before speaker existed


@pytest.mark.parametrize("fmt", [*WRITERS, "report"])
def test_a_schema_1_file_without_speakers_still_exports_and_reports(tmp_path, fmt):
    lines = V1_RECORDS.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["schema_version"] == 1 and "speaker" not in line for line in lines)
    out = tmp_path / OUTPUT_NAMES[fmt]
    result = run(*command_for(fmt, V1_RECORDS, out))
    assert result.exit_code == 0, result.output
    assert out.exists() and (out.is_dir() or out.stat().st_size > 0)
    if fmt in ("brat", "labelstudio"):
        back = tmp_path / "back.jsonl"
        assert run("import", out, "--format", fmt, "-o", back).exit_code == 0
        docs = [Document.model_validate_json(line) for line in back.read_text(encoding="utf-8").splitlines()]
        assert sorted(d.id for d in docs) == ["sample", "v1-doc"]  # brat reads its folder sorted by name
        assert all(a.speaker is None for d in docs for a in d.attributions)
    if fmt == "jsonl":  # read as version 1, written as it was
        assert [json.loads(line)["schema_version"] for line in out.read_text(encoding="utf-8").splitlines()] == [1, 1]


def test_export_csv_rows_claims_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from annotator.cli import app

    text = "Rents rose 9 percent last year."
    record = {"id": "r1", "text": text, "claims": [
        {"id": "c1", "span": {"start": 0, "end": 30, "text": text[:30]}, "score": 0.8, "checkworthy": True, "kind": "statistic"}]}
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out = tmp_path / "c.csv"
    result = CliRunner().invoke(app, ["export", str(src), "--format", "csv", "--rows", "claims", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("doc_id,title,review_status,reviewers,claim_id,span,span_start,span_end,score")
    assert lines[1].endswith(",statistic,,yes,") and "Rents rose 9 percent last year" in lines[1]
