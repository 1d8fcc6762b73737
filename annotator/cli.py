"""The ``annotator`` command: parse arguments, call the modules, report errors in one line."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console

from . import __version__
from .cli_options import Command, CsvRows, ExportFormat, Group, ImportFormat, Policy, PushClaims, PushOrder
from .errors import AnnotatorError

app = typer.Typer(
    cls=Group,
    add_completion=False,
    no_args_is_help=True,
    help="Find who says what in news text, and how sure they are.",
)
ANNOTATE = "Annotate"
EXPORT = "Export and report"
REVIEW = "Review in Label Studio"
DEVELOP = "For developers of annotator (run from a source checkout)"
# Messages name the user's paths, which may hold brackets ("[draft].jsonl") rich would read as
# markup, and must stay one line however long: no markup, no wrapping.
err = Console(stderr=True, markup=False, soft_wrap=True)
SAMPLE_ID = "sample"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a user's mistake into one line on stderr and exit status 2."""
    try:
        yield
    except AnnotatorError as e:
        print(f"annotator: error: {e}", file=sys.stderr)
        raise typer.Exit(2)
    except KeyboardInterrupt:
        print("annotator: interrupted; no output written", file=sys.stderr)
        raise typer.Exit(130)


def warn(message: str) -> None:
    print(f"annotator: warning: {message}", file=sys.stderr)


def print_version(value: bool) -> None:
    if value:
        print(f"annotator {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=print_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Find who says what in news text, and how sure they are."""


def sample_documents():
    from .io import InputDocument

    text = (resources.files("annotator") / "data" / "sample.txt").read_text(encoding="utf-8")
    title = text.splitlines()[0].strip()
    yield InputDocument(SAMPLE_ID, text, {"title": title, "source": "built-in sample"}, "sample.txt")


@app.command(cls=Command, rich_help_panel=ANNOTATE)
def annotate(
    paths: List[str] = typer.Argument(None, help="Text files, JSONL files, folders, or - for stdin."),
    output: str = typer.Option("-", "-o", "--output", help="Records file to write (JSONL); - for stdout."),
    model: str = typer.Option(None, "--model", "-m", envvar="ANNOTATOR_MODEL", help="spaCy pipeline to load (name or path); 'blank:en' runs without a parser."),
    n_process: int = typer.Option(1, "--n-process", help="Processes for nlp.pipe."),
    batch_size: int = typer.Option(32, "--batch-size", help="Documents per nlp.pipe batch."),
    sample: bool = typer.Option(False, "--sample", help="Annotate the built-in sample article."),
    show: bool = typer.Option(False, "--show", help="Also print each document highlighted."),
    lexicon: List[Path] = typer.Option([], "--lexicon", help="Extra lexicon JSONL file (repeatable)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr for large inputs."),
    reannotate: bool = typer.Option(
        False, "--reannotate", help="Annotate the texts of a records file again; its earlier findings are replaced."
    ),
    dask: Optional[str] = typer.Option(
        None, "--dask", metavar="ADDRESS|local[:N]",
        help="Partition the input over a Dask cluster: a scheduler address, or local:N worker processes here. Resumable: run it again to finish.",
    ),
    parts: bool = typer.Option(False, "--parts", help="With --dask: write -o FOLDER of part files plus a manifest, not one file."),
    partition_size: float = typer.Option(4.0, "--partition-size", metavar="MB", help="With --dask: input per partition (MB); bounds each worker's memory."),
) -> None:
    """Find attributed claims and hedges and write one Document record per line."""
    if dask is not None:
        return _annotate_on_dask(paths, output, dask, parts=parts, partition_size=partition_size, model=model,
                                 lexicon=lexicon, batch_size=batch_size, progress=progress, reannotate=reannotate,
                                 sample=sample, show=show, n_process=n_process)
    if parts:
        with user_errors():
            raise AnnotatorError("--parts applies with --dask only")
    from .annotate import annotate_documents
    from .controls import warn_once
    from .io import atomic_write_lines, read_documents
    from .pipeline import DEFAULT_MODEL, load_pipeline
    from .progress import AnnotateProgress
    from .show import print_document

    with user_errors():
        if sample and paths:
            raise AnnotatorError("give either --sample or paths, not both")
        if not sample and not paths:
            raise AnnotatorError("nothing to annotate: give paths, - for stdin, or --sample")
        nlp = load_pipeline(model or DEFAULT_MODEL, extra_lexicons=[str(p) for p in lexicon])
        docs = sample_documents() if sample else warn_once(read_documents(paths, reannotate=reannotate), warn)
        shown = AnnotateProgress(err, enabled=progress)
        records = annotate_documents(nlp, docs, batch_size=batch_size, n_process=n_process, on_piece=shown.piece)
        records = shown.records(records)
        console = Console(stderr=output == "-") if show else None

        def lines():
            for record in records:
                if console is not None:
                    print_document(record, console)
                yield record.model_dump_json()

        if show and output == "-" and sample:
            for _ in lines():
                pass
            return
        count = atomic_write_lines(output, lines())
        if output != "-":
            err.print(f"annotator: wrote {count} document(s) to {output}")


def _annotate_on_dask(paths, output, cluster, *, parts, partition_size, model, lexicon, batch_size, progress,
                      reannotate, sample, show, n_process) -> None:
    from .progress import PartitionProgress
    from .scale.run import Interrupted, annotate_on_dask

    with user_errors():
        if sample or show or n_process != 1:
            flag = "--sample" if sample else "--show" if show else "--n-process"
            raise AnnotatorError(f"{flag} does not apply with --dask (each worker is one process; see the records with show)")
        from .pipeline import DEFAULT_MODEL

        try:
            s = annotate_on_dask(
                list(paths or []), output, cluster=cluster, parts=parts, model=model or DEFAULT_MODEL,
                lexicons=[str(p) for p in lexicon], batch_size=batch_size,
                partition_bytes=int(partition_size * 1024 * 1024), reannotate=reannotate,
                progress=PartitionProgress(err, enabled=progress), warn=warn,
            )
        except Interrupted as e:
            print(f"annotator: {e}", file=sys.stderr)
            raise typer.Exit(130)
        skipped = f", {s.skipped} of them done by an earlier run" if s.skipped else ""
        err.print(f"annotator: wrote {s.documents} document(s) to {s.output} "
                  f"({s.partitions} partition(s) on {s.workers} Dask worker(s){skipped})")


@app.command("show", cls=Command, rich_help_panel=ANNOTATE)
def show_cmd(
    records: Path = typer.Argument(..., help="A records JSONL file, or a parts folder (annotate --dask --parts)."),
    doc_id: Optional[str] = typer.Option(None, "--id", help="Show only this document."),
) -> None:
    """Print documents with cues, sources, contents and hedges highlighted."""
    from .records_file import read_documents
    from .show import print_document

    with user_errors():
        shown = 0
        for doc in read_documents(records):
            if doc_id is not None and doc.id != doc_id:
                continue
            print_document(doc)
            shown += 1
        if shown == 0:
            raise AnnotatorError(f"no document {doc_id!r}" if doc_id else "no documents", path=str(records))


@app.command("eval", cls=Command, rich_help_panel=ANNOTATE)
def eval_cmd(
    gold: Path = typer.Argument(..., help="Gold records JSONL."),
    pred: Optional[Path] = typer.Argument(None, help="Predicted records; annotates the gold texts when omitted."),
    model: str = typer.Option(None, "--model", "-m", envvar="ANNOTATOR_MODEL"),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    errors: int = typer.Option(0, "--errors", help="Also list this many missed and false cues."),
    n_process: int = typer.Option(1, "--n-process"),
) -> None:
    """Precision, recall and F1 of attributions and hedges against a gold file."""
    from .evaluate import load_records, score_documents

    with user_errors():
        if pred is None:
            from .annotate import annotate_documents
            from .io import InputDocument
            from .pipeline import DEFAULT_MODEL, load_pipeline

            nlp = load_pipeline(model or DEFAULT_MODEL)
            inputs = (
                InputDocument(d["id"], d["text"], d.get("meta") or {}, f"{gold}")
                for d in load_records(gold)
            )
            predicted = [r.model_dump(mode="json") for r in annotate_documents(nlp, inputs, n_process=n_process)]
        else:
            predicted = list(load_records(pred))
        report = score_documents(load_records(gold), predicted)
        if as_json:
            print(json.dumps(report.to_dict(), indent=2))
        else:
            print(report.format_table())
        for e in report.errors[:errors]:
            print(f"{e.kind}\t{e.layer}\t{e.doc_id}\t{e.start}\t{e.text!r}")


# ============================================================================ export, import, report
# Issue 4: thin commands over annotator/export/, annotator/importers/ and annotator/report/.


@app.command("export", cls=Command, rich_help_panel=EXPORT)
def export_cmd(
    records: Path = typer.Argument(..., help="A records JSONL file, or a parts folder (annotate --dask --parts)."),
    fmt: ExportFormat = typer.Option(
        ExportFormat.jsonl, "--format", "-f",
        help="jsonl (records), csv (a spreadsheet), spacy (a DocBin), conll (IOB columns), brat (a folder of standoff files) or labelstudio (task JSON).",
    ),
    output: Path = typer.Option(..., "-o", "--output", help="File to write (a folder for brat); - for stdout."),
    rows: Optional[CsvRows] = typer.Option(None, "--rows", help="csv only: one row per attribution (default), per hedge or per claim."),
) -> None:
    """Write records as JSONL, CSV, a spaCy DocBin, CoNLL columns, brat standoff or Label Studio tasks."""
    from .export import WRITERS
    from .records_file import read_documents

    with user_errors():
        writer = _named(WRITERS, fmt.value, "format")
        options = {}
        if rows is not None:
            if fmt is not ExportFormat.csv:
                raise AnnotatorError("--rows applies to --format csv only")
            options["rows"] = rows.value
        count = writer(read_documents(records), output, **options)
        err.print(f"annotator: wrote {count} document(s) to {output}")


@app.command("import", cls=Command, rich_help_panel=EXPORT)
def import_cmd(
    path: Path = typer.Argument(..., help="A brat folder or .ann file, a Label Studio JSON export, or a records JSONL file."),
    fmt: ImportFormat = typer.Option(..., "--format", "-f", help="brat (a folder or .ann file), jsonl (records) or labelstudio (a JSON export)."),
    output: str = typer.Option("-", "-o", "--output", help="Records file to write (JSONL); - for stdout."),
) -> None:
    """Bring an annotated corpus in as records, to evaluate against, review or export again."""
    from .importers import READERS
    from .io import atomic_write_lines

    with user_errors():
        reader = _named(READERS, fmt.value, "format")
        count = atomic_write_lines(output, (d.model_dump_json() for d in reader(path)))
        if output != "-":
            err.print(f"annotator: wrote {count} document(s) to {output}")


@app.command("report", cls=Command, rich_help_panel=EXPORT)
def report_cmd(
    records: Path = typer.Argument(..., help="A records JSONL file, or a parts folder (annotate --dask --parts)."),
    output: Path = typer.Option(..., "-o", "--output", help="HTML file to write; - for stdout."),
    title: str = typer.Option("Sourcing report", "--title", help="Heading of the page."),
) -> None:
    """One self-contained HTML page: who is quoted, how, how surely; every document highlighted."""
    from .records_file import read_documents
    from .report import write_report

    with user_errors():
        count = write_report(read_documents(records), output, title=title)
        err.print(f"annotator: wrote a report of {count} document(s) to {output}")


def _named(registry: dict, name: str, what: str):
    if name not in registry:
        raise AnnotatorError(f"unknown {what} {name!r}; choose from {', '.join(registry)}")
    return registry[name]


# ============================================================================ end of export, import, report


# =========================================================================== Label Studio review loop
# Thin parsers over annotator/labelstudio/; the SDK and server are imported inside those modules.

labelstudio_app = typer.Typer(cls=Group, no_args_is_help=True, help="Run a local Label Studio server for reviewers.")
app.add_typer(labelstudio_app, name="labelstudio", rich_help_panel=REVIEW)


@labelstudio_app.command("start", cls=Command)
def labelstudio_start(
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Label Studio's data folder (default: under your user data folder)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8080, "--port", min=1, max=65535, help="Port to listen on; refused if taken."),
) -> None:
    """Start Label Studio; the first start creates a user and API token and stores them owner-only."""
    from .labelstudio import server

    with user_errors():
        err.print("annotator: starting Label Studio (a first start sets up its database: about a minute)")
        info = server.start(data_dir, host, port)
        print(f"Label Studio is running at {info['url']} (pid {info['pid']})")
        print(f"log in as {info['username']}; password and API token are in {info['config']}")


@labelstudio_app.command("stop", cls=Command)
def labelstudio_stop() -> None:
    """Stop the Label Studio that `annotator labelstudio start` started."""
    from .labelstudio import server

    with user_errors():
        info = server.stop()
        print("stopped Label Studio" if info["stopped"] else "Label Studio was not running")


@labelstudio_app.command("status", cls=Command)
def labelstudio_status() -> None:
    """Say where Label Studio is, whether it answers and takes the API key; exit 1 if not."""
    from .labelstudio import server

    with user_errors():
        info = server.status()
        if not info["url"]:
            print(f"no Label Studio configured ({info['config']} does not exist)")
            raise typer.Exit(1)
        state = "not answering"
        if info["answering"]:
            state = {
                "accepted": "answering",
                "refused": f"answering, but it refuses the API key from {info['key_origin']} (check LABEL_STUDIO_API_KEY or the settings file)",
                "none": "answering, but no API key is set (run `annotator labelstudio start` or set LABEL_STUDIO_API_KEY)",
            }.get(info["key"], "answering, but the API key could not be checked")
        pid = f", pid {info['pid']}" if info["pid"] else ""
        print(f"Label Studio at {info['url']}: {state}{pid}; settings in {info['config']}")
        if not (info["answering"] and info["key"] == "accepted"):
            raise typer.Exit(1)


@labelstudio_app.command("backend", cls=Command)
def labelstudio_backend(
    model: str = typer.Option(None, "--model", "-m", envvar="ANNOTATOR_MODEL", help="spaCy pipeline to serve (name or MODEL_DIR)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(9090, "--port", min=1, max=65535, help="Port to listen on; refused if taken."),
    retrain_every: Optional[int] = typer.Option(None, "--retrain-every", min=1, help="Train in the background after every N submitted annotations in a project."),
    train_command: Optional[str] = typer.Option(None, "--train-command", envvar="ANNOTATOR_TRAIN_COMMAND", help="Command that trains (default: annotator train); gets RECORDS -o MODEL_DIR [--base M]."),
    work_dir: Optional[Path] = typer.Option(None, "--work-dir", help="Folder for training runs (default: under your user data folder)."),
    fresh: bool = typer.Option(False, "--fresh", help="Serve --model itself, not the model an earlier run of the backend trained from it."),
) -> None:
    """Serve pre-annotations to Label Studio as an ML backend (connect it with `labelstudio connect`)."""
    from .labelstudio.backend.app import Backend, log_to_stderr, make_server
    from .labelstudio.backend.models import ModelSlot
    from .labelstudio.backend.training import Trainer, resumable, train_command as resolve_train_command
    from .pipeline import DEFAULT_MODEL

    with user_errors():
        command = resolve_train_command(train_command)
        if retrain_every is not None:
            from .labelstudio import client as LS

            LS.connection_settings()  # training pulls reviews: refuse now, not at the Nth annotation
        slot = ModelSlot(failure="the model is still loading")
        origin = model or DEFAULT_MODEL
        if Path(origin).exists():  # a folder: the same one from any working directory
            origin = str(Path(origin).resolve())
        trainer = Trainer(slot, every=retrain_every, command=command, work_dir=work_dir, log=log_to_stderr, origin=origin)
        from .labelstudio.backend.auth import credentials_from_env

        credentials = credentials_from_env()
        server = make_server(Backend(slot, trainer, credentials=credentials), host, port)  # a taken port fails before the slow load
        resume = None if fresh else resumable(work_dir, origin)
        if resume is not None and slot.load(resume["model"]):
            err.print(f"annotator: resuming the model trained from {origin} on project {resume.get('project')} "
                      f"at {resume.get('trained')} ({resume['model']}); --fresh serves {origin} itself")
        else:
            if resume is not None:
                warn(f"the model trained earlier ({resume['model']}) does not load: serving {origin}")
            slot.load(origin)
        if credentials is not None:
            err.print("annotator: every request must carry basic auth (ANNOTATOR_BACKEND_USER and ANNOTATOR_BACKEND_PASSWORD)")
        elif host not in ("127.0.0.1", "localhost", "::1"):
            warn(f"listening on {host}: anyone who reaches it can ask for predictions and start training; "
                 "set ANNOTATOR_BACKEND_USER and ANNOTATOR_BACKEND_PASSWORD to require basic auth")
        url = f"http://{host}:{server.server_address[1]}"
        if slot.failure:
            warn(f"{slot.failure}; the backend answers Label Studio with this error until restarted with another --model")
        else:
            err.print(f"annotator: serving {slot.current().version}")
        retrain = f"; retraining every {retrain_every} submitted annotation(s)" if retrain_every else ""
        print(f"ML backend for Label Studio at {url}{retrain}; connect a project with "
              f"`annotator labelstudio connect --project NAME --backend-url {url}`", flush=True)
        import signal

        def stop(signum, frame):  # `kill` (a backend started with `&` ignores Ctrl-C) stops it as Ctrl-C does
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            err.print("annotator: stopping the ML backend")
        finally:
            signal.signal(signal.SIGTERM, previous)
            trainer.close()
            server.server_close()


@labelstudio_app.command("connect", cls=Command)
def labelstudio_connect(
    project: str = typer.Option(..., "--project", help="Project title; created with annotator's config if missing."),
    backend_url: str = typer.Option("http://127.0.0.1:9090", "--backend-url", help="Where Label Studio reaches `annotator labelstudio backend`."),
) -> None:
    """Register the ML backend with a project and turn on its live predictions."""
    from .labelstudio.connect import connect

    with user_errors():
        s = connect(project, backend_url)
        where = "a new project" if s.project_created else f"project {s.project_id}"
        verb = "registered" if s.backend_created else "updated"
        print(f"{project!r} ({where}): {verb} the ML backend {backend_url.rstrip('/')} (id {s.backend_id}, "
              f"serving {s.model_version}); Label Studio now asks it for predictions of tasks without them")
        if s.webhook_created:
            print(f"created the webhook {backend_url.rstrip('/')}/webhook for retraining")
        for w in s.warnings:
            warn(w)


@app.command("push", cls=Command, rich_help_panel=REVIEW)
def push_cmd(
    records: Path = typer.Argument(..., help="Records JSONL (or a parts folder) to send as pre-annotated tasks."),
    project: str = typer.Option(..., "--project", help="Project title; created with annotator's config if missing."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be created, updated and skipped; send nothing."),
    order: PushOrder = typer.Option(PushOrder.input, "--order", help="Import new tasks as given, or the least confident documents first (the prediction score)."),
    claims: PushClaims = typer.Option(PushClaims.checkworthy, "--claims", help="Which claims new predictions show as CLAIM regions: the check-worthy ones, or all (docs/guidelines.md, 11)."),
    batch_size: int = typer.Option(1000, "--batch-size", min=1, help="Tasks per import request."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr."),
) -> None:
    """Send records to Label Studio as tasks with predictions; re-running never duplicates a task."""
    from .labelstudio.push import push_records

    with user_errors():
        try:
            s = push_records(
                records, project, dry_run=dry_run, order=order.value, claims=claims.value, batch_size=batch_size,
                progress=progress and err.is_terminal,
            )
        except KeyboardInterrupt:
            print("annotator: interrupted; run the same push again to finish (imported tasks are skipped)", file=sys.stderr)
            raise typer.Exit(130)
        verb = "would create" if s.dry_run else "created"
        where = "a new project" if s.project_created else f"project {s.project_id}"
        print(
            f"{project!r} ({where}): {verb} {s.created} task(s), "
            f"{'would add' if s.dry_run else 'added'} {s.predicted} prediction(s) to existing tasks, skipped {s.skipped}"
        )
        if s.instructions_set:
            print(f"{'would set' if s.dry_run else 'set'} the project's instructions to the guideline (docs/guidelines.md)")
        if s.view_updated:
            print(f"{'would update' if s.dry_run else 'updated'} the project's labeling view to the current layout (same labels and choices)")
        if s.first:
            shown = ", ".join(f"{doc_id!r} ({confidence:.3f})" for doc_id, confidence in s.first)
            print(f"least confident first: {shown}{', ...' if s.created > len(s.first) else ''}")
        if s.duplicates_in_project:
            print(f"annotator: warning: {len(s.duplicates_in_project)} document id(s) are on several tasks already, e.g. {s.duplicates_in_project[0]!r}")


@app.command("pull", cls=Command, rich_help_panel=REVIEW)
def pull_cmd(
    project: str = typer.Option(..., "--project", help="Project title."),
    output: str = typer.Option(..., "-o", "--output", help="Records JSONL to write (atomically); - for stdout."),
    policy: Policy = typer.Option(Policy.ground_truth, "--policy", help="Which annotation a task's record comes from: the ground truth (else the latest submitted), the latest or the first."),
    only_reviewed: bool = typer.Option(True, "--only-reviewed/--all", help="Leave out tasks nobody has annotated."),
) -> None:
    """Fetch reviewed tasks back as records with their review status."""
    from .labelstudio.pull import pull_records

    with user_errors():
        s = pull_records(project, output, policy=policy.value, only_reviewed=only_reviewed)
        for problem in s.problems:
            print(f"annotator: warning: {problem}", file=sys.stderr)
        counts = ", ".join(f"{k} {v}" for k, v in sorted(s.statuses.items())) or "none"
        print(f"annotator: wrote {s.written} record(s) to {output} ({counts}); {len(s.problems)} region(s) left out", file=sys.stderr)


@app.command("review-stats", cls=Command, rich_help_panel=REVIEW)
def review_stats_cmd(
    reviewed: Optional[Path] = typer.Argument(None, help="Pulled records; or use --project."),
    predictions: Optional[Path] = typer.Option(None, "--predictions", help="The records that were pushed (with REVIEWED)."),
    project: Optional[str] = typer.Option(None, "--project", help="Read everything from this Label Studio project."),
    policy: Policy = typer.Option(Policy.ground_truth, "--policy", help="Which annotation of a task counts, as for pull."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """How good were the pre-annotations? P/R/F1 against what reviewers kept, and their agreement."""
    from .labelstudio import review_stats

    with user_errors():
        if (project is None) == (reviewed is None):
            raise AnnotatorError("give either --project or a pulled records file (with --predictions)")
        if project is not None:
            from .labelstudio import client as LS

            conn = LS.connection_settings()
            client = LS.make_client(conn)
            with LS.server_errors(conn):
                found = LS.require_our_project(client, project)
                tasks = LS.export_tasks(client, found.id, all_tasks=False)
                report = review_stats.stats_from_tasks(tasks, policy.value, LS.user_names(client))
        else:
            from .labelstudio.push import load_documents

            if predictions is None:
                raise AnnotatorError("--predictions RECORDS.jsonl is needed to score pulled records")
            report = review_stats.stats_from_files(load_documents(reviewed), load_documents(predictions))
        print(json.dumps(report, indent=2) if as_json else review_stats.format_table(report))


@app.command("train", cls=Command, rich_help_panel=REVIEW)
def train_cmd(
    records: List[str] = typer.Argument(..., help="Pulled records (verified and corrected ones count), gold files or brat folders."),
    output: Path = typer.Option(..., "-o", "--output", help="Model folder to write (a spaCy pipeline; give it to annotate --model)."),
    base: Optional[str] = typer.Option(None, "--base", help="Pipeline to start from: the shipped one by default, or an earlier MODEL_DIR."),
    eval_gold: Optional[Path] = typer.Option(None, "--eval", help="Gold file to score the base and the trained model on (saved in the meta)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing model folder."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr."),
) -> None:
    """Learn from reviewed records: new cue words, which complements make a report, re-fitted cue weights."""
    from .learn import train_model

    with user_errors():
        meta = train_model(
            records, output, base=base, eval_gold=str(eval_gold) if eval_gold else None, force=force,
            progress=progress and err.is_terminal,
        )
        docs = meta["documents"]
        left = ", ".join(f"{s} {n}" for s, n in docs["left_out"].items())
        used = ", ".join(f"{s} {n}" for s, n in docs["by_status"].items() if s not in docs["left_out"])
        lex = meta["lexicon"]
        err.print(
            f"annotator: trained {meta['model']} on {docs['used']} document(s) ({used})"
            + (f"; left out {left}" if left else "")
            + f"; {len(lex['new_cues'])} new cue line(s), {len(lex['reports_widened']) + len(lex['reports_widened_for_kinds'])} "
            f"complement(s) added, {len(lex['reports_narrowed'])} removed; wrote {output}"
        )
        if meta["eval"]:
            b, t = meta["eval"]["base"]["cue"], meta["eval"]["trained"]["cue"]
            print(f"cue F1 on {meta['eval']['gold']}: base {_figure(b['f1'])}, trained {_figure(t['f1'])}")


def _figure(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"

# =========================================================================== end of Label Studio block


# =========================================================================== developer commands
# Listed last, in their own panel of the help: they regenerate files in a source checkout.


@app.command(cls=Command, rich_help_panel=DEVELOP)
def schema(
    out_dir: Path = typer.Option(Path("schemas"), "--out-dir", help="Folder to write the schema files into."),
) -> None:
    """Write the JSON Schema and the Label Studio labeling config (derived from the pydantic models),
    and render docs/guidelines.md into the package as the Label Studio instructions."""
    from .guidelines import SOURCE, write_guideline_html
    from .schema import write_schemas

    with user_errors():
        for path in write_schemas(out_dir):
            err.print(f"annotator: wrote {path}")
        written = write_guideline_html()
        if written is None:
            err.print(f"annotator: {SOURCE} not found (not a source checkout): the shipped guidelines.html is kept")
        else:
            err.print(f"annotator: wrote {written}")


@app.command("export-examples", cls=Command, rich_help_panel=DEVELOP)
def export_examples_cmd(
    out_dir: Path = typer.Option(Path("exports"), "--out-dir", help="Folder for the examples."),
    model: str = typer.Option(None, "--model", "-m", envvar="ANNOTATOR_MODEL"),
) -> None:
    """Annotate the built-in sample and write it in every format plus its report (exports/)."""
    from .annotate import annotate_documents
    from .export.examples import write_examples
    from .pipeline import DEFAULT_MODEL, load_pipeline

    with user_errors():
        (doc,) = annotate_documents(load_pipeline(model or DEFAULT_MODEL), sample_documents())
        for path in write_examples(doc, out_dir):
            err.print(f"annotator: wrote {path}")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
