"""What annotator's push and pull cost over the raw SDK calls they wrap, on a real local server.

In one run, against one Label Studio:

* raw import: ``client.projects.import_tasks`` of N ready-made tasks (with predictions)
  in one call, into a fresh project;
* ``annotator push``: the whole command path (read and validate the records file,
  read the project's state, build tasks, import in batches without SDK retries)
  into another fresh project;
* raw export: one JSON export (``download_sync``) of N reviewed tasks, parsed;
* ``annotator pull``: the whole command path on the same project (export, the
  predictions request, records with review state, atomic write).

The reviewed project is filled by importing tasks together with an annotation
each, which is how reviewed data would look after review. Target: push and pull
each at least 0.8x of raw.

Run: ``python benchmarks/labelstudio.py [--docs 10000]``. Uses ``LABEL_STUDIO_URL`` /
``LABEL_STUDIO_API_KEY`` if set; otherwise starts a throwaway server (from the test
suite's cached data dir when there is one, else a fresh one: about a minute more).
Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.labelstudio import client as LS  # noqa: E402
from annotator.formats.labelstudio import config as C  # noqa: E402
from annotator.labelstudio import server  # noqa: E402
from annotator.labelstudio.pull import pull_records  # noqa: E402
from annotator.labelstudio.push import push_records  # noqa: E402
from annotator.formats.labelstudio.tasks import document_to_task  # noqa: E402
from annotator.records import Attribution, Document, Hedge, HedgeKind, QuoteType, SourceType, make_span  # noqa: E402

NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"]


def small_documents(n: int) -> list[Document]:
    """Short one-claim articles with an attribution and a hedge: about the size of a news brief."""
    docs = []
    for i in range(n):
        name = NAMES[i % len(NAMES)]
        text = f"{name} said that plan {i} may fail. The council has not replied to questions about plan {i}."
        cue, content, hedge = text.index("said"), text.index("that"), text.index("may")
        end = text.index(".")
        docs.append(Document(
            id=f"bench-{i}", text=text, meta={"n": i},
            attributions=[Attribution(
                id="a1", cue=make_span(text, cue, cue + 4), source=make_span(text, 0, len(name)),
                content=make_span(text, content, end), source_type=SourceType.named_person,
                quote_type=QuoteType.indirect, hedge_ids=["h1"], score=0.9)],
            hedges=[Hedge(id="h1", cue=make_span(text, hedge, hedge + 3), scope=make_span(text, content + 5, end),
                          kind=HedgeKind.modal, score=0.8)],
            annotator_version="bench", model="bench-model",
        ))
    return docs


def _throwaway_server(workdir: Path):
    cached = sorted((ROOT / ".pytest_cache" / "d").glob("label-studio-*/ready"))
    data_dir = workdir / "data"
    if cached:
        base = cached[-1].parent
        shutil.copytree(base / "data", data_dir)
        saved = json.loads((base / "settings.json").read_text())
        credentials = server.Credentials(saved["username"], saved["password"], saved["api_key"])
    else:
        print("starting a fresh Label Studio (first start migrates its database) ...", file=sys.stderr)
        credentials = server.Credentials.new()
    port = server.free_port()
    process = server.launch(data_dir, "127.0.0.1", port, credentials, workdir / "server.log")
    url = f"http://127.0.0.1:{port}"
    server.wait_until_up(url, credentials, process=process, timeout=server.FIRST_START_TIMEOUT)
    return url, credentials.token, process.pid


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:8.0f} tasks/s  ({seconds:6.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2, help="Export/pull rounds; the best of each is reported.")
    args = parser.parse_args()
    n = args.docs
    with tempfile.TemporaryDirectory(prefix="ls-bench-") as tmp:
        work = Path(tmp)
        pid = None
        if not (os.environ.get(LS.URL_ENV) and os.environ.get(LS.KEY_ENV)):
            url, key, pid = _throwaway_server(work)
            os.environ[LS.URL_ENV], os.environ[LS.KEY_ENV] = url, key
        os.environ[LS.CONFIG_ENV] = str(work / "no-settings.json")
        try:
            run(n, work, args.rounds)
        finally:
            if pid is not None:
                server.stop_process(pid)


def run(n: int, work: Path, rounds: int) -> None:
    conn = LS.connection_settings()
    client = LS.make_client(conn)
    stamp = time.strftime("%H%M%S")
    docs = small_documents(n)
    records = work / "records.jsonl"
    records.write_text("".join(d.model_dump_json() + "\n" for d in docs), encoding="utf-8")
    tasks = [document_to_task(d) for d in docs]

    raw_project = client.projects.create(title=f"bench-raw-import-{stamp}", label_config=C.labeling_config())
    t0 = time.perf_counter()
    client.projects.import_tasks(raw_project.id, request=tasks, request_options=LS.NO_RETRY)
    raw_import = time.perf_counter() - t0

    t0 = time.perf_counter()
    summary = push_records(records, f"bench-push-{stamp}")
    push = time.perf_counter() - t0
    assert summary.created == n, summary

    reviewed = client.projects.create(title=f"bench-reviewed-{stamp}", label_config=C.labeling_config())
    with_annotations = [
        {**t, "annotations": [{"result": t["predictions"][0]["result"], "lead_time": 5.0}]} for t in tasks
    ]
    client.projects.import_tasks(reviewed.id, request=with_annotations, request_options=LS.NO_RETRY)

    # Export time swings with the machine's load, so raw and pull alternate, best of ``rounds``.
    out = work / "verified.jsonl"
    raw_export = pull = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        exported = json.loads(b"".join(client.projects.exports.download_sync(reviewed.id, export_type="JSON")))
        raw_export = min(raw_export, time.perf_counter() - t0)
        assert len(exported) == n, len(exported)
        t0 = time.perf_counter()
        pulled = pull_records(f"bench-reviewed-{stamp}", out)
        pull = min(pull, time.perf_counter() - t0)
        assert pulled.written == n and not pulled.problems, (pulled.written, pulled.problems[:3])

    print(f"Label Studio at {conn.url}, {n} small documents (1 attribution + 1 hedge each), best of {rounds} for export")
    print(f"raw SDK import       {_rate(n, raw_import)}")
    print(f"annotator push       {_rate(n, push)}   {raw_import / push:5.2f}x raw")
    print(f"raw JSON export      {_rate(n, raw_export)}")
    print(f"annotator pull       {_rate(n, pull)}   {raw_export / pull:5.2f}x raw")
    print(f"pull statuses: {dict(pulled.statuses)}")


if __name__ == "__main__":
    main()
