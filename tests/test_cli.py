"""The command line as a user meets it: outputs, exit codes, one-line errors, nothing half-written."""

import json

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.records import Document

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def read_records(path):
    return [Document.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_sample_is_annotated_with_every_span_matching_its_slice(tmp_path):
    out = tmp_path / "s.jsonl"
    result = run("annotate", "--sample", "-o", str(out))
    assert result.exit_code == 0, result.output
    (doc,) = read_records(out)
    assert doc.id == "sample"
    assert len(doc.attributions) >= 10 and len(doc.hedges) >= 5
    kinds = {a.source_type.value for a in doc.attributions}
    assert {"named_person", "anonymous", "agentless"} <= kinds
    for _, _, span in doc.iter_spans():
        assert doc.text[span.start:span.end] == span.text


def test_txt_and_jsonl_inputs_keep_order_and_ids(tmp_path):
    (tmp_path / "a.txt").write_text("Ms Rahman said the plan had failed.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "b1", "text": "“It is over,” said Mr Hale.", "meta": {"title": "T"}}) + "\n"
        + json.dumps({"id": "b2", "text": "Nothing to see."}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = run("annotate", str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"), "-o", str(out))
    assert result.exit_code == 0, result.output
    docs = read_records(out)
    assert [d.id for d in docs] == ["a", "b1", "b2"]
    assert docs[1].meta == {"title": "T"}
    assert docs[1].attributions[0].quote_type.value == "direct"
    assert docs[2].attributions == []


def test_stdin_plain_text(tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("annotate", "-", "-o", str(out), input="Officials said the bridge was unsafe.\n")
    assert result.exit_code == 0, result.output
    (doc,) = read_records(out)
    assert doc.id == "stdin"
    assert doc.attributions[0].source.text == "Officials"


@pytest.mark.parametrize(
    "name,content,needle",
    [
        ("bad.jsonl", '{"id": "x", "text": "fine"}\n{"id": "y", "text": \n', "bad.jsonl:2"),
        ("notext.jsonl", '{"id": "x", "title": "no text"}\n', "notext.jsonl:1"),
        ("dup.jsonl", '{"id": "x", "text": "one"}\n{"id": "x", "text": "two"}\n', "dup.jsonl:2"),
        ("empty.txt", "   \n", "empty.txt"),
        ("latin1.txt", b"caf\xe9 said so", "latin1.txt:1"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_keeps_previous_output(tmp_path, name, content, needle):
    bad = tmp_path / name
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    result = run("annotate", str(bad), "-o", str(out))
    assert result.exit_code == 2
    lines = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out.jsonl"])


def test_missing_path_and_empty_folder(tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("annotate", str(tmp_path / "nope.txt"), "-o", str(out))
    assert result.exit_code == 2 and "nope.txt" in result.stderr
    (tmp_path / "empty").mkdir()
    result = run("annotate", str(tmp_path / "empty"), "-o", str(out))
    assert result.exit_code == 2 and "empty" in result.stderr
    assert not out.exists()


def test_unknown_model_is_a_user_error(tmp_path):
    result = run("annotate", "--sample", "--model", "no_such_pipeline_xyz", "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 2
    assert "no_such_pipeline_xyz" in result.stderr


def test_show_prints_claims_table(tmp_path):
    out = tmp_path / "s.jsonl"
    run("annotate", "-", "-o", str(out), input="“It is over,” said Mr Hale.")
    result = run("show", str(out))
    assert result.exit_code == 0
    assert "Mr Hale" in result.stdout and "named_person" in result.stdout and "direct" in result.stdout


def test_show_names_the_speaker_of_a_pronoun(tmp_path):
    text = "Jon Lansman said no. He said yes."
    doc = {"id": "jl", "text": text, "attributions": [
        {"id": "a1", "cue": {"start": 12, "end": 16, "text": "said"}, "source": {"start": 0, "end": 11, "text": "Jon Lansman"},
         "speaker": "Jon Lansman"},
        {"id": "a2", "cue": {"start": 24, "end": 28, "text": "said"}, "source": {"start": 21, "end": 23, "text": "He"},
         "resolved_source": {"start": 0, "end": 11, "text": "Jon Lansman"}, "speaker": "Jon Lansman"},
    ]}
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    result = run("show", str(path))
    assert result.exit_code == 0, result.output
    assert "He (= Jon Lansman)" in result.stdout and "Jon Lansman (= Jon Lansman)" not in result.stdout


def test_eval_scores_a_perfect_prediction_as_one(tmp_path):
    out = tmp_path / "s.jsonl"
    run("annotate", "--sample", "-o", str(out))
    result = run("eval", str(out), str(out), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["attribution"]["cue"]["f1"] == 1.0
    assert figures["attribution"]["source_accuracy"]["value"] == 1.0


def small_records(folder):
    path = folder / "r.jsonl"
    path.write_text(json.dumps({"id": "r", "text": "Ms Rahman said so."}) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name, message",
    [("full", "cannot write: No space left on device"), ("folder", "is a folder"), ("missing/out.jsonl", "does not exist")],
)
def test_an_output_that_cannot_be_written_is_one_line_exit_2(tmp_path, char_device, name, message):
    (tmp_path / "folder").mkdir()
    out = char_device("full") if name == "full" else tmp_path / name
    result = run("import", str(small_records(tmp_path)), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"annotator: error: {out}: ") and message in lines[0], result.stderr
    assert not result.exception or isinstance(result.exception, SystemExit)


def test_a_device_output_stays_a_device(tmp_path, char_device):
    import stat

    null = char_device("null")
    result = run("import", str(small_records(tmp_path)), "--format", "jsonl", "-o", str(null))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)


def test_show_prints_brackets_in_the_text_as_they_are(tmp_path):
    text = 'Labour [the Blairites] said the vote was "a farce [sic]" and [bold red]unfair[/bold red].'
    content = (28, len(text) - 1)
    doc = {"id": "[b]d1", "text": text, "attributions": [
        {"id": "a1", "cue": {"start": 23, "end": 27, "text": "said"}, "source": {"start": 0, "end": 22, "text": text[:22]},
         "content": {"start": content[0], "end": content[1], "text": text[content[0]:content[1]]}}]}
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["show", str(path)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    table = [line for line in result.stdout.splitlines() if " a1 " in line]
    assert len(table) == 1 and "Labour [the Blairites]" in table[0], result.stdout
    assert '"a farce [sic]" and [bold red]unfair[/bold red]' in table[0]
    assert "[b]d1" in result.stdout.splitlines()[0]


def test_show_keeps_highlights_on_their_words_after_carriage_returns_and_control_characters():
    from annotator.show import STYLES, render_document

    text = "Budget\r\nday\x1b[31m\x00\r\nMs Rahman said so."
    cue = text.index("said")
    doc = Document.model_validate({"id": "d", "text": text, "attributions": [
        {"id": "a1", "cue": {"start": cue, "end": cue + 4, "text": "said"}}]})
    rendered = render_document(doc)
    (span,) = [s for s in rendered.spans if s.style == STYLES["cue"]]
    assert rendered.plain[span.start:span.end] == "said"
    assert "\x1b" not in rendered.plain and "\x00" not in rendered.plain


def test_control_characters_are_read_as_spaces_with_one_warning_naming_the_first(tmp_path):
    first = tmp_path / "a.txt"
    first.write_bytes("Budget day.\nOfficials said\x00 the road would close.".encode())
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps({"id": "b", "text": "Ms Rahman said\x01 it was unsafe."}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("annotate", str(first), str(second), "-o", str(out))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"annotator: warning: {first}:2: control character U+0000 at column 15 is read as a space "
        "(offsets unchanged, the record keeps the text as given); further ones are not reported"
    ]
    a, b = read_records(out)
    assert a.text == "Budget day.\nOfficials said\x00 the road would close." and b.text == "Ms Rahman said\x01 it was unsafe."
    assert [x.source.text for x in a.attributions] == ["Officials"]
    assert [x.source.text for x in b.attributions] == ["Ms Rahman"]


def test_a_control_character_in_jsonl_is_placed_by_line_and_character(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n" + json.dumps({"id": "b", "text": "Ms Rahman said\x1b it was unsafe."}) + "\n", encoding="utf-8")
    result = run("annotate", str(path), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    assert f'{path}:2: control character U+001B at character 14 of "text" is read as a space' in result.stderr


def test_messages_print_paths_as_they_are_on_one_line(tmp_path):
    folder = tmp_path / ("long" * 30)
    folder.mkdir()
    out = folder / "[draft] out.jsonl"
    result = run("import", str(small_records(tmp_path)), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"annotator: wrote 1 document(s) to {out}\n"


def test_a_records_file_given_to_annotate_is_named_not_buried_in_meta(tmp_path):
    first = tmp_path / "first.jsonl"
    (tmp_path / "a.txt").write_text("Ms Rahman said the plan had failed.", encoding="utf-8")
    assert run("annotate", str(tmp_path / "a.txt"), "-o", str(first)).exit_code == 0
    again = tmp_path / "again.jsonl"
    result = run("annotate", str(first), "-o", str(again))
    assert result.exit_code == 2 and not again.exists()
    assert f"{first}:1:" in result.output and "records file" in result.output and "--reannotate" in result.output
    result = run("annotate", "--reannotate", str(first), "-o", str(again))
    assert result.exit_code == 0, result.output
    (doc,) = read_records(again)
    assert doc.id == "a" and [a.cue.text for a in doc.attributions] == ["said"]
    assert not {"attributions", "hedges", "schema_version", "model"} & doc.meta.keys()


def test_show_marks_unsourced_checkworthy_claims_apart_from_sourced_ones(tmp_path):
    from annotator.show import STYLES, render_document

    text = "Ms Rahman said rents rose 9 percent. Rents rose 9 percent."
    span = lambda s, e: {"start": s, "end": e, "text": text[s:e]}
    doc = Document.model_validate({"id": "d", "text": text, "attributions": [
        {"id": "a1", "cue": span(10, 14), "source": span(0, 9), "content": span(15, 35)}],
        "claims": [
            {"id": "c1", "span": span(15, 35), "score": 0.9, "checkworthy": True, "kind": "statistic", "attribution_ids": ["a1"]},
            {"id": "c2", "span": span(37, 57), "score": 0.9, "checkworthy": True, "kind": "statistic"},
        ]})
    styled = [(s.start, s.end, s.style) for s in render_document(doc).spans]
    assert (15, 35, STYLES["claim"]) in styled and (37, 57, STYLES["unsourced"]) in styled
    assert (15, 35, STYLES["unsourced"]) not in styled and (37, 57, STYLES["claim"]) not in styled
    path = tmp_path / "r.jsonl"
    path.write_text(doc.model_dump_json() + "\n", encoding="utf-8")
    result = runner.invoke(app, ["show", str(path)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "2 check-worthy claims, 1 unsourced" in result.stdout
    assert [line for line in result.stdout.splitlines() if " c2 " in line and "UNSOURCED" in line]
