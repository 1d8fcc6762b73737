"""annotate --dask: the same records as plain annotate, parts and manifest, resumable runs.

One real Dask cluster (two single-threaded worker processes on 127.0.0.1) serves the whole
session; each worker loads the pipeline once, however many runs connect to it.
"""

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.errors import AnnotatorError
from annotator.io import DocumentChecks, expand_paths
from annotator.scale.partition import iter_partitions

runner = CliRunner()
SMALL = "0.002"  # MB per partition: a few documents each, so a small corpus makes many partitions

SENTENCES = [
    "Ms Okafor said the bridge would reopen in spring.",
    "“We were never told,” a resident of Dunmore Street said.",
    "The report suggests the budget may have been too small.",
    "According to the harbour authority, the ferry will probably run twice a day.",
    "Councillors voted on Tuesday to close the old depot.",
    "Mr Lindqvist, the transport minister, denied that the contract had been rushed.",
]


def article(i: int, length: int = 5) -> str:
    return " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(length))


def write_corpus(folder: Path, jsonl_docs: int = 40, prefix: str = "n") -> list[str]:
    """Two .txt files in a folder (one nested), a JSONL file long enough for several partitions,
    and a small second JSONL file; returns the paths to give annotate, in order."""
    texts = folder / "texts"
    (texts / "2019").mkdir(parents=True)
    (texts / "a.txt").write_text(article(1), encoding="utf-8")
    (texts / "2019" / "b.txt").write_text(article(2, 8), encoding="utf-8")
    lines = [json.dumps({"id": f"{prefix}{i}", "text": article(i), "meta": {"n": i}}) for i in range(jsonl_docs)]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "more.jsonl").write_text(json.dumps({"id": f"{prefix}-last", "text": article(5, 2)}) + "\n", encoding="utf-8")
    return [str(texts), str(folder / "news.jsonl"), str(folder / "more.jsonl")]


@pytest.fixture(scope="session")
def dask_address():
    from distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0", silence_logs=logging.ERROR,
    )
    yield cluster.scheduler_address
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus and what plain annotate writes for it (the reference every run is held to)."""
    folder = tmp_path_factory.mktemp("corpus")
    paths = write_corpus(folder)
    plain = folder / "plain.jsonl"
    result = runner.invoke(app, ["annotate", *paths, "-o", str(plain), "--no-progress"])
    assert result.exit_code == 0, result.output
    return paths, plain.read_bytes()


def dask_run(address, *args):
    return runner.invoke(app, ["annotate", *args, "--dask", address, "--partition-size", SMALL, "--no-progress"])


def test_dask_writes_exactly_what_plain_annotate_writes(dask_address, corpus, tmp_path):
    paths, plain = corpus
    out = tmp_path / "records.jsonl"
    result = dask_run(dask_address, *paths, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == plain  # same records, same order, same bytes
    assert "on 2 Dask worker(s)" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["records.jsonl"]  # the staging folder is gone


def test_parts_folder_holds_whole_partitions_and_reads_as_one_records_file(dask_address, corpus, tmp_path):
    paths, plain = corpus
    folder = tmp_path / "parts"
    result = dask_run(dask_address, *paths, "-o", str(folder), "--parts")
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["complete"] and manifest["partitions"] >= 4
    assert manifest["settings"]["model"].startswith("en_core_web_sm")
    cuts = [seg for entry in manifest["parts"].values() for seg in entry["input"] if seg["path"].endswith("news.jsonl")]
    assert len(cuts) >= 3 and cuts[1]["start"] == cuts[0]["end"]  # the big JSONL is cut into byte ranges
    joined = b"".join((folder / manifest["parts"][str(i)]["part"]).read_bytes() for i in range(manifest["partitions"]))
    assert joined == plain
    assert sum(e["documents"] for e in manifest["parts"].values()) == plain.count(b"\n")

    exported = tmp_path / "all.jsonl"
    assert runner.invoke(app, ["export", str(folder), "-o", str(exported)]).exit_code == 0
    assert exported.read_bytes() == plain
    table = tmp_path / "all.csv"
    result = runner.invoke(app, ["export", str(folder), "-f", "csv", "-o", str(table)])
    assert result.exit_code == 0, result.output
    assert "n39" in table.read_text(encoding="utf-8")
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(folder), "-o", str(page)])
    count = plain.count(b"\n")
    assert result.exit_code == 0 and f"of {count} document(s)" in result.output


def test_a_parts_folder_that_is_not_whole_is_refused_in_one_line(dask_address, corpus, tmp_path):
    paths, _ = corpus
    folder = tmp_path / "parts"
    assert dask_run(dask_address, *paths, "-o", str(folder), "--parts").exit_code == 0
    first = folder / "part-000001.jsonl"
    first.write_bytes(first.read_bytes().replace(b'"meta":{', b'"meta": {', 1))  # still valid records, not the same part
    result = runner.invoke(app, ["export", str(folder), "-o", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 2 and f"{first}: changed since annotate wrote it" in result.output
    assert not (tmp_path / "x.jsonl").exists()

    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["complete"] = False
    (folder / "manifest.json").write_text(json.dumps(manifest))
    result = runner.invoke(app, ["report", str(folder), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "the parts are incomplete" in result.output
    assert result.output.count("\n") == 1

    (folder / "manifest.json").unlink()
    result = runner.invoke(app, ["export", str(folder), "-o", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 2 and "a folder without manifest.json" in result.output


def test_an_interrupted_run_keeps_whole_parts_and_the_next_run_skips_them(dask_address, tmp_path):
    """A real Ctrl-C (SIGINT to the client's process group) once some parts exist; then the same
    command again: the finished partitions are skipped (their part files are not rewritten) and
    every document is in the output once, in input order."""
    paths = write_corpus(tmp_path, jsonl_docs=400, prefix="r")
    out = tmp_path / "records.jsonl"
    staging = tmp_path / ".records.jsonl.parts"
    args = ["annotate", *paths, "-o", str(out), "--dask", dask_address, "--partition-size", SMALL, "--no-progress"]
    child = subprocess.Popen(
        [sys.executable, "-c", "from annotator.cli import app; app()", *args],
        start_new_session=True, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 120
    while len(list(staging.glob("part-*.jsonl"))) < 2 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert stderr.count("\n") == 1 and "interrupted;" in stderr and "run the same command again" in stderr, stderr
    assert not out.exists()
    manifest = json.loads((staging / "manifest.json").read_text())
    done = {e["part"]: (staging / e["part"]).stat().st_mtime_ns for e in manifest["parts"].values()}
    assert len(done) >= 2 and not manifest["complete"], manifest

    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{len(done)} of them done by an earlier run" in result.output
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["2019/b", "a", *(f"r{i}" for i in range(400)), "r-last"]
    assert not staging.exists()


def test_a_resumed_run_redoes_a_partition_whose_input_changed(dask_address, tmp_path):
    paths = write_corpus(tmp_path, jsonl_docs=12)
    folder = tmp_path / "parts"
    assert dask_run(dask_address, *paths, "-o", str(folder), "--parts").exit_code == 0
    (tmp_path / "more.jsonl").write_text(json.dumps({"id": "changed", "text": article(3, 2)}) + "\n", encoding="utf-8")
    result = dask_run(dask_address, *paths, "-o", str(folder), "--parts")
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert f"{manifest['partitions'] - 1} of them done by an earlier run" in result.output
    last = (folder / manifest["parts"][str(manifest["partitions"] - 1)]["part"]).read_text(encoding="utf-8")
    assert '"id":"changed"' in last


def test_a_bad_input_line_in_a_later_partition_names_its_file_and_line(dask_address, tmp_path):
    paths = write_corpus(tmp_path, jsonl_docs=30)
    news = tmp_path / "news.jsonl"
    lines = news.read_text(encoding="utf-8").splitlines()
    lines[24] = '{"id": "broken" "text": "no comma"}'
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = dask_run(dask_address, *paths, "-o", str(out))
    assert result.exit_code == 2
    assert f"annotator: error: {news}:25: invalid JSON" in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert not out.exists()


def test_without_dask_the_option_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    (tmp_path / "a.txt").write_text(article(0), encoding="utf-8")
    result = runner.invoke(app, ["annotate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), "--dask", "local:2"])
    assert result.exit_code == 2
    assert result.output == "annotator: error: --dask needs Dask: pip install 'annotator[dask]'\n"


def test_a_local_cluster_of_its_own_runs_a_blank_pipeline(tmp_path):
    """``local:1`` starts (and stops) a cluster of its own; blank:en loads in no time."""
    (tmp_path / "a.jsonl").write_text(
        "".join(json.dumps({"id": f"b{i}", "text": article(i)}) + "\n" for i in range(6)), encoding="utf-8"
    )
    plain, spread = tmp_path / "plain.jsonl", tmp_path / "spread.jsonl"
    assert runner.invoke(app, ["annotate", str(tmp_path / "a.jsonl"), "-o", str(plain), "-m", "blank:en"]).exit_code == 0
    result = runner.invoke(app, ["annotate", str(tmp_path / "a.jsonl"), "-o", str(spread), "-m", "blank:en",
                                 "--dask", "local:1", "--partition-size", "0.001", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert spread.read_bytes() == plain.read_bytes()
    assert "on 1 Dask worker(s)" in result.output


@pytest.mark.parametrize("args, message", [
    (["-o", "-"], "give -o"),
    (["--sample"], "--sample does not apply with --dask"),
    (["-o", "o.jsonl", "--n-process", "2"], "--n-process does not apply"),
])
def test_options_that_do_not_apply_are_refused_before_any_cluster_starts(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    paths = [] if "--sample" in args else [str(write_corpus(tmp_path, 2)[1])]
    result = runner.invoke(app, ["annotate", *paths, *args, "--dask", "local:1"])
    assert result.exit_code == 2 and message in result.output, result.output


def test_partitions_are_cut_at_line_boundaries_and_number_lines_from_the_file(tmp_path):
    paths = write_corpus(tmp_path, jsonl_docs=20)
    parts = list(iter_partitions(expand_paths(paths), DocumentChecks(), size=1000))
    assert len(parts) >= 4
    news = (tmp_path / "news.jsonl").read_bytes()
    ranges = [(s.start, s.end) for p in parts for s in p.segments if s.path.endswith("news.jsonl")]
    assert ranges[0][0] == 0 and ranges[-1][1] == len(news)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    assert all(news[end - 1:end] == b"\n" for _, end in ranges)  # every cut at a line's end
    origins = [d.origin for p in parts for d in p.documents if d.origin.startswith(str(tmp_path / "news.jsonl"))]
    assert origins == [f"{tmp_path / 'news.jsonl'}:{i}" for i in range(1, 21)]

    # the same cuts for a file that grew at its end: its earlier partitions are found again
    with (tmp_path / "news.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "late", "text": article(4)}) + "\n")
    again = list(iter_partitions(expand_paths(paths), DocumentChecks(), size=1000))
    assert [p.fingerprint() for p in again[:len(parts) - 2]] == [p.fingerprint() for p in parts[:-2]]


def test_a_duplicate_id_in_another_partition_is_caught_as_in_one_file(tmp_path):
    paths = write_corpus(tmp_path, jsonl_docs=20)
    (tmp_path / "more.jsonl").write_text(json.dumps({"id": "n3", "text": "Again."}) + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"more.jsonl:1: duplicate document id 'n3' \(first seen at .*news.jsonl:4\)"):
        list(iter_partitions(expand_paths(paths), DocumentChecks(), size=500))


def test_a_local_clusters_workers_do_not_trim_malloc_after_every_free(monkeypatch):
    """Dask's MALLOC_TRIM_THRESHOLD_ made the parser 7% slower; local workers go without it,
    and this process's environment is left as it was (Dask's nanny writes into it)."""
    import os

    from annotator.scale.run import _cluster

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)  # another cluster in this process left it
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    with _cluster("local:1") as client:
        seen = client.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS")))
        assert "MALLOC_TRIM_THRESHOLD_" not in os.environ and "OMP_NUM_THREADS" not in os.environ
    assert list(seen.values()) == [(None, "1")]  # the rest of Dask's worker environment stays
