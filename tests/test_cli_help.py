"""The help as a new user reads it: every choice listed, flags as switches, developer commands apart."""

import re

import pytest
import typer.main
from typer.testing import CliRunner

from annotator import __version__
from annotator.cli import app
from annotator.cli_options import CsvRows, ExportFormat, ImportFormat, Policy, PushOrder

runner = CliRunner()
WIDE = {"COLUMNS": "220"}


def help_of(*command):
    result = runner.invoke(app, [*command, "--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.stdout


def all_commands():
    def walk(group, path):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from walk(command, (*path, name))
            else:
                yield (*path, name)

    yield ()
    yield ("labelstudio",)
    yield from walk(typer.main.get_command(app), ())


def test_version_is_printed():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"annotator {__version__}\n"


def test_choices_are_the_ones_the_code_supports():
    from annotator.export import WRITERS
    from annotator.export.csv_table import ROW_KINDS
    from annotator.importers import READERS
    from annotator.formats.labelstudio.policy import POLICIES
    from annotator.labelstudio.push import ORDERS

    assert [f.value for f in ExportFormat] == list(WRITERS)
    assert [f.value for f in ImportFormat] == list(READERS)
    assert [r.value for r in CsvRows] == list(ROW_KINDS)
    assert [p.value for p in Policy] == list(POLICIES)
    assert [o.value for o in PushOrder] == list(ORDERS)


@pytest.mark.parametrize(
    "command, listed",
    [
        (("export",), "<jsonl|csv|spacy|conll|brat|labelstudio>"),
        (("export",), "<attributions|hedges>"),
        (("import",), "<brat|jsonl|labelstudio>"),
        (("pull",), "<ground-truth|latest|first>"),
        (("review-stats",), "<ground-truth|latest|first>"),
        (("push",), "<input|uncertain>"),
    ],
)
def test_choices_are_listed_in_the_help(command, listed):
    assert listed in help_of(*command)


def test_an_unknown_choice_is_refused_before_any_work(tmp_path):
    result = runner.invoke(app, ["export", str(tmp_path / "missing.jsonl"), "--format", "xml", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "xml" in result.output and "jsonl" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", list(all_commands()), ids=lambda c: " ".join(c) or "annotator")
def test_flags_read_as_switches_not_as_options_taking_a_value(command):
    text = help_of(*command)
    assert "<bool>" not in text
    assert re.search(r"--help\s+Show this message", text)


@pytest.mark.parametrize("command", ["annotate", "export", "import", "report", "pull"])
def test_dash_as_output_is_documented(command):
    output_line = next(line for line in help_of(command).splitlines() if "--output" in line)
    assert "- for stdout" in output_line


def test_export_summary_names_all_six_formats():
    (line,) = [line for line in help_of().splitlines() if re.search(r"│ export\s", line)]
    for name in ("JSONL", "CSV", "DocBin", "CoNLL", "brat", "Label Studio"):
        assert name in line


def test_developer_commands_sit_in_their_own_panel_and_still_run():
    text = help_of()
    panels = re.split(r"╭─ ", text)
    developer = [p for p in panels if p.startswith("For developers")]
    assert len(developer) == 1
    for name in ("schema", "export-examples"):
        assert re.search(rf"│ {name}\s", developer[0])
        assert not any(re.search(rf"│ {name}\s", p) for p in panels if not p.startswith("For developers"))
        assert re.search(rf"Usage: \S+ {name} ", help_of(name))


def test_a_folder_format_refuses_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a writer that took "-" for a folder name makes it here
    records = tmp_path / "r.jsonl"
    records.write_text('{"id": "r", "text": "Hi."}\n', encoding="utf-8")
    result = runner.invoke(app, ["export", str(records), "--format", "brat", "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr.startswith("annotator: error: -: this format writes a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.jsonl"]
