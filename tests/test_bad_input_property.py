"""Bad input, systematically: generated inputs drive the CLI in-process.

Whatever a user or the environment hands the annotator (random bytes, a truncated or
mutated records line, offsets shifted off their text, odd paths, hostile environment
values), every command ends with exit status 0 or 2, never a traceback, and an output
file that existed before a failed run is byte-identical after it.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import annotator.pipeline as pipeline_module
from annotator.cli import app

TEXT = "“The plan has failed,” said Asha Rahman. Officials said it may be revised."
RECORD = {
    "schema_version": 2, "id": "r1", "text": TEXT,
    "attributions": [{
        "id": "a1", "cue": {"start": 23, "end": 27, "text": "said"},
        "source": {"start": 28, "end": 39, "text": "Asha Rahman"},
        "content": {"start": 1, "end": 20, "text": "The plan has failed"},
        "source_type": "named_person", "quote_type": "direct", "speaker": "Asha Rahman",
    }],
    "hedges": [{"id": "h1", "cue": {"start": 62, "end": 65, "text": "may"},
                "scope": {"start": 62, "end": 73, "text": "may be revi"}, "kind": "epistemic"}],
}
GOOD_LINE = json.dumps(RECORD, ensure_ascii=False)
EXISTING = b"an earlier run's output, which a failure must leave as it was\n"
PROFILE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

runner = CliRunner()


@pytest.fixture(autouse=True, scope="module")
def one_pipeline_per_model():
    """Loading spaCy per generated case would take minutes; the same model is the same pipeline."""
    real = pipeline_module.load_pipeline
    cached = functools.lru_cache(maxsize=4)(lambda model, lexicons: real(model, extra_lexicons=list(lexicons)))
    pipeline_module.load_pipeline = lambda model=pipeline_module.DEFAULT_MODEL, extra_lexicons=(), **kw: (
        cached(model, tuple(extra_lexicons)) if not kw else real(model, extra_lexicons=extra_lexicons, **kw)
    )
    yield
    pipeline_module.load_pipeline = real


def check(args: list[str], output: Path | None = None, env: dict | None = None, input: bytes | None = None):
    """Run one command; the invariants hold whatever it was given."""
    if output is not None:
        output.write_bytes(EXISTING)
    result = runner.invoke(app, args, env=env, input=input)
    assert result.exit_code in (0, 2), (args, result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.strip(), "an error says what went wrong"
        if output is not None and output.exists():
            assert output.read_bytes() == EXISTING, "a failed run changed the existing output"
    return result


def mutated(line: str, how: str, at: int, char: str) -> str:
    at = at % (len(line) + 1)
    if how == "truncate":
        return line[:at]
    if how == "insert":
        return line[:at] + char + line[at:]
    if how == "delete":
        return line[:at] + line[at + 1:]
    return line[:at] + char + line[at + 1:]  # replace


mutations = st.tuples(
    st.sampled_from(["truncate", "insert", "delete", "replace"]),
    st.integers(min_value=0, max_value=len(GOOD_LINE)),
    st.sampled_from(list('{}[]",:0123456789 \\\n\x00é“') + ["\ufeff", "\ud800"]),
)


def shifted(record: dict, field: str, delta: int) -> str:
    rec = json.loads(json.dumps(record))
    span = rec["attributions"][0][field] if field != "hedge" else rec["hedges"][0]["cue"]
    span["start"] += delta
    span["end"] += delta
    return json.dumps(rec, ensure_ascii=False)


@PROFILE
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".jsonl"]))
def test_annotate_random_bytes(tmp_path, data, suffix):
    src = tmp_path / f"in{suffix}"
    src.write_bytes(data)
    check(["annotate", str(src), "-o", str(tmp_path / "out.jsonl")], tmp_path / "out.jsonl")


@PROFILE
@given(m=mutations, command=st.sampled_from(["annotate", "export", "eval", "show", "report"]))
def test_mutated_jsonl_line(tmp_path, m, command):
    src = tmp_path / "in.jsonl"
    src.write_text(GOOD_LINE + "\n" + mutated(GOOD_LINE, *m) + "\n", encoding="utf-8", errors="surrogatepass")
    out = tmp_path / ("out.html" if command == "report" else "out.jsonl")
    args = {
        "annotate": ["annotate", str(src), "-o", str(out)],
        "export": ["export", str(src), "-f", "csv", "-o", str(out)],
        "eval": ["eval", str(src), str(src)],
        "show": ["show", str(src)],
        "report": ["report", str(src), "-o", str(out)],
    }[command]
    check(args, out if command in {"annotate", "export", "report"} else None)


@PROFILE
@given(field=st.sampled_from(["cue", "source", "content", "hedge"]), delta=st.integers(-80, 80).filter(bool),
       command=st.sampled_from(["export", "eval", "show"]))
def test_shifted_offsets(tmp_path, field, delta, command):
    src = tmp_path / "in.jsonl"
    src.write_text(shifted(RECORD, field, delta) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = {"export": ["export", str(src), "-f", "csv", "-o", str(out)], "eval": ["eval", str(src), str(src)],
            "show": ["show", str(src)]}[command]
    result = check(args, out if command == "export" else None)
    assert result.exit_code == 2, "a span off its text is never read as if it were right"


ODD_NAMES = st.sampled_from([
    "missing.txt", "a folder", "space name.txt", "ünïcode.txt", "-dash.txt", ".hidden.jsonl", "x" * 200 + ".txt",
    "dir/", "nested/missing/out.jsonl",
])


@PROFILE
@given(name=ODD_NAMES, as_output=st.booleans())
def test_odd_paths(tmp_path, name, as_output):
    (tmp_path / "a folder").mkdir(exist_ok=True)
    (tmp_path / "dir").mkdir(exist_ok=True)
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    odd = tmp_path / name
    if as_output:
        check(["annotate", str(good), "-o", str(odd)])
    else:
        check(["annotate", str(odd), "-o", str(tmp_path / "out.jsonl")], tmp_path / "out.jsonl")


HOSTILE = st.fixed_dictionaries({}, optional={
    "ANNOTATOR_MODEL": st.sampled_from(["", "no_such_model", "blank:xx", "../../etc", "\x1b[31m", "blank:en"]),
    "LABEL_STUDIO_URL": st.sampled_from(["", "not-a-url", "ftp://x", "http://[::1", "http://127.0.0.1:1"]),
    "ANNOTATOR_LS_SETTINGS": st.sampled_from(["/nonexistent/settings.json", "/dev/null", ""]),
})


@PROFILE
@given(env=HOSTILE)
def test_hostile_environment(tmp_path, env):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    check(["annotate", str(good), "-o", str(out)], out, env={**env, "HOME": str(tmp_path)})


@PROFILE
@given(url=st.sampled_from(["not-a-url", "ftp://x", "http://[::1", "http://127.0.0.1:1", "http://user:pw@127.0.0.1:1", " http://x"]),
       key=st.sampled_from(["", "x", "a" * 300, "\x1b[2J"]),
       command=st.sampled_from(["pull", "review-stats", "push"]))
def test_hostile_label_studio_settings(tmp_path, url, key, command):
    """A server address or key from the environment that cannot work is one line, exit 2, nothing written."""
    out = tmp_path / "pulled.jsonl"
    records = tmp_path / "r.jsonl"
    records.write_text(GOOD_LINE + "\n", encoding="utf-8")
    args = {"pull": ["pull", "--project", "p", "-o", str(out)], "review-stats": ["review-stats", "--project", "p"],
            "push": ["push", str(records), "--project", "p"]}[command]
    env = {"LABEL_STUDIO_URL": url, "LABEL_STUDIO_API_KEY": key, "HOME": str(tmp_path),
           "ANNOTATOR_CONFIG": str(tmp_path / "none.json")}
    result = check(args, out if command == "pull" else None, env=env)
    assert result.exit_code == 2
    assert key not in result.output or len(key) < 2, "the key is never echoed"
