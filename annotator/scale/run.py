"""``annotate --dask``: partitions out to the cluster, parts back into a folder, one file at the end.

The client reads each partition as it is about to be sent (:mod:`.partition`) and keeps about
two partitions per worker thread in flight, so its memory, the scheduler's and each worker's
are bounded by the partition size, not the corpus. Each finished partition is written as a
part file (temporary name and rename) into the parts folder and then named in the manifest;
for a single output file the parts folder is a hidden ``.OUT.parts/`` beside it, concatenated
in input order into OUT (atomically) once every part is there, then removed. So a run that
is interrupted, loses its client or hits a bad input line keeps the parts it finished, the
output is never half written, and the same command run again skips what is done. Dask
re-runs a partition whose worker was lost (and ``RETRIES`` times one that raised); a part
is whole or absent, so every document is in the output exactly once.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import signal
import tarfile
import zlib
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .. import __version__
from ..errors import AnnotatorError
from ..io import DocumentChecks, atomic_output, atomic_write_bytes, expand_paths
from . import manifest as M
from .partition import PARTITION_BYTES, Partition, input_size, iter_partitions

INSTALL = "--dask needs Dask: pip install 'annotator[dask]'"
IN_FLIGHT_PER_THREAD = 2  # partitions queued per worker thread: one running, one ready to start
RETRIES = 2  # re-runs of a partition whose task raised (a lost worker is re-run by the scheduler)
CONNECT_TIMEOUT = "10s"
_LOCAL = re.compile(r"local(?::(\d+))?")


class Interrupted(Exception):
    """Ctrl-C during a run, after the cluster was cleaned up; the message says what was kept."""


@dataclass
class Summary:
    documents: int
    partitions: int
    skipped: int  # partitions found complete from an earlier run
    output: str
    workers: int
    peak_rss_mb: dict[str, float]  # per worker, as the tasks reported it


def import_distributed():
    try:
        import distributed
    except ImportError:
        raise AnnotatorError(INSTALL) from None
    return distributed


def annotate_on_dask(
    paths: list[str],
    output: str,
    *,
    cluster: str,
    parts: bool = False,
    model: str,
    lexicons: list[str] = (),
    batch_size: int = 32,
    partition_bytes: int = PARTITION_BYTES,
    reannotate: bool = False,
    progress=None,
    warn: Callable[[str], None] = lambda message: None,
) -> Summary:
    """Annotate ``paths`` on the cluster ``cluster`` (``local``, ``local:N`` or a scheduler address)."""
    import_distributed()
    if partition_bytes < 1:
        raise AnnotatorError("--partition-size must be more than 0")
    if not paths or any(p == "-" for p in paths):
        raise AnnotatorError("--dask reads files and folders, not standard input or --sample")
    folder, final = _output_places(output, parts)
    sources = expand_paths(paths)  # every path checked before the cluster starts
    model_archive = _model_archive(model)
    lexicon_files = [_lexicon_file(p) for p in lexicons]
    with _cluster(cluster) as client:
        plugin_name = _register_pipeline(client, model, model_archive, lexicon_files)
        model_name, has_parser = _check_workers(client, plugin_name, warn)
        if not has_parser:
            from ..pipeline import _warn_no_parser

            _warn_no_parser()
        settings = {
            "annotator_version": __version__,
            "model": model_name,
            "model_archive_sha256": None if model_archive is None else hashlib.sha256(model_archive).hexdigest(),
            "lexicons_sha256": [hashlib.sha256(data).hexdigest() for _, data in lexicon_files],
            "reannotate": reannotate,
        }
        book = _open_folder(folder, settings, partition_bytes)
        checks = DocumentChecks(reannotate=reannotate)
        if progress is not None:
            progress.start(input_size(sources))
        try:
            summary = _run(client, plugin_name, book, iter_partitions(sources, checks, partition_bytes),
                           batch_size, progress, warn)
        except BaseException as e:
            if final is not None and not book.manifest["parts"]:
                shutil.rmtree(folder, ignore_errors=True)  # nothing finished: leave nothing behind
            if not isinstance(e, KeyboardInterrupt):
                raise
            done = len(book.manifest["parts"])
            if not done:
                raise Interrupted("interrupted; no output written") from None
            raise Interrupted(
                f"interrupted; {done} finished partition(s) are kept in {folder}: run the same command again to go on"
                + ("" if parts else f" ({output} is not written)")
            ) from None
        finally:
            if progress is not None:
                progress.stop()
    if final is not None:
        _concatenate(folder, final)
        shutil.rmtree(folder, ignore_errors=True)
    summary.output = output
    return summary


# --------------------------------------------------------------------------- the cluster


PRE_SPAWN_ENVIRON = "distributed.nanny.pre-spawn-environ"  # what Dask's nanny sets before it starts a worker
# Dask sets MALLOC_TRIM_THRESHOLD_=65536 in every worker so that freed memory goes back to the
# OS; spaCy allocates and frees a great deal per batch, and that trimming cost 7% of the
# whole run (paired runs of plain annotate with and without it: sys time 2.2 s against 0.2 s).
# A worker's memory is bounded by its partition anyway, so a local cluster goes without it.
NOT_FOR_LOCAL_WORKERS = {"MALLOC_TRIM_THRESHOLD_"}


def local_worker_environ(environ: dict) -> dict:
    """The environment Dask would give each local worker, less what slows the parser down
    (None: Dask's nanny leaves a variable out rather than setting it)."""
    return {k: (None if k in NOT_FOR_LOCAL_WORKERS else v) for k, v in environ.items()}


@contextmanager
def _cluster(spec: str):
    """A client of the cluster ``spec`` names, closed (and a local cluster shut down) on the way out.

    A local cluster's worker processes are started with Ctrl-C ignored: the terminal sends it
    to the whole process group, and the client, not each worker, is who should answer it.
    """
    distributed = import_distributed()
    import dask

    logging.getLogger("distributed").setLevel(logging.ERROR)  # its warnings are not the user's business
    local = _LOCAL.fullmatch(spec.strip())
    cluster = None
    if local is not None:
        n = int(local.group(1)) if local.group(1) else (os.cpu_count() or 1)
        if n < 1:
            raise AnnotatorError(f"--dask {spec}: a local cluster needs at least 1 worker")
        environ = dask.config.get(PRE_SPAWN_ENVIRON, {})
        before = {k: os.environ.get(k) for k in environ}
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            with dask.config.set({PRE_SPAWN_ENVIRON: local_worker_environ(environ)}):
                cluster = distributed.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=":0", silence_logs=logging.CRITICAL,  # errors reach the client as one line
                )
        finally:
            signal.signal(signal.SIGINT, previous)
            # the nanny sets its workers' environment in this process's own (os.environ.update) and
            # leaves it there: put back what was, so this process and its children are as they were
            for k, v in before.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        client = distributed.Client(cluster)
    else:
        try:
            client = distributed.Client(spec, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as e:
            raise AnnotatorError(f"cannot reach the Dask scheduler at {spec}: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    try:
        yield client
    finally:
        with suppress(Exception, KeyboardInterrupt):
            client.close()
        if cluster is not None:
            with suppress(Exception, KeyboardInterrupt):
                cluster.close()


def _model_archive(model: str) -> bytes | None:
    """A model folder, packed for workers that cannot see the client's disk; a name is sent as it is."""
    path = Path(model)
    if model.startswith("blank:") or not path.is_dir():
        return None
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as tar:
        tar.add(path, arcname="model")
    return buffer.getvalue()


def _lexicon_file(path: str) -> tuple[str, bytes]:
    from ..lexicons import read_patterns

    p = Path(path)
    if not p.is_file():
        raise AnnotatorError("lexicon file not found", path=str(path))
    read_patterns(p)  # a bad line is named here, with the user's path, not a worker's copy
    return p.name, p.read_bytes()


def _register_pipeline(client, model: str, archive: bytes | None, lexicons: list[tuple[str, bytes]]) -> str:
    """Register the pipeline plugin under a name that says what it loads, unless the workers
    have it already (a long-lived cluster keeps it between runs: no reload per run)."""
    from .worker import PLUGIN_PREFIX, PipelinePlugin

    key = hashlib.sha256(repr((__version__, model, archive, lexicons)).encode()).hexdigest()[:16]
    name = PLUGIN_PREFIX + key
    have = client.run(_has_plugin, name)
    if have and all(have.values()):
        return name
    try:
        client.register_plugin(PipelinePlugin(name, model, archive, lexicons), name=name)
    except AnnotatorError as e:
        with suppress(Exception):
            client.unregister_worker_plugin(name)  # or every worker that joins later fails the same way
        raise AnnotatorError(f"a Dask worker cannot load the pipeline: {e}") from None
    return name


def _has_plugin(name: str, dask_worker=None) -> bool:
    return name in dask_worker.plugins


def _check_workers(client, plugin_name: str, warn) -> tuple[str, bool]:
    """Every worker runs this annotator version with the same model, or nothing is sent."""
    from .worker import describe_worker

    if not client.scheduler_info().get("workers"):
        warn("no Dask worker has joined the scheduler yet; waiting for one")
        client.wait_for_workers(1)
    found = client.run(describe_worker, plugin_name)
    models = {info["model"] for info in found.values()}
    for address, info in found.items():
        if info["annotator_version"] != __version__:
            raise AnnotatorError(
                f"Dask worker {address} runs annotator {info['annotator_version']}, this is {__version__}: "
                "install the same version on every machine"
            )
    if len(models) != 1 or None in models:
        raise AnnotatorError(f"the Dask workers loaded different pipelines ({', '.join(sorted(map(str, models)))})")
    return models.pop(), all(info["has_parser"] for info in found.values())


# --------------------------------------------------------------------------- the parts folder


@dataclass
class _Book:
    """The parts folder and its manifest, kept in step: a part is written, then named."""

    folder: Path
    manifest: dict

    def finished(self, part: Partition) -> bool:
        entry = self.manifest["parts"].get(str(part.index))
        return entry is not None and entry["input"] == part.fingerprint() and _part_intact(self.folder / entry["part"], entry)

    def record(self, part: Partition, data: bytes, documents: int, sha256: str) -> None:
        name = M.part_name(part.index)
        atomic_write_bytes(self.folder / name, data)
        self.manifest["parts"][str(part.index)] = {
            "part": name, "input": part.fingerprint(), "documents": documents, "bytes": len(data), "sha256": sha256,
        }
        M.save(self.folder, self.manifest)

    def close(self, count: int) -> None:
        """All ``count`` partitions are done: forget parts of an earlier, longer input."""
        self.manifest["parts"] = {k: v for k, v in self.manifest["parts"].items() if int(k) < count}
        self.manifest.update(partitions=count, complete=True)
        M.save(self.folder, self.manifest)
        keep = {v["part"] for v in self.manifest["parts"].values()}
        for stale in self.folder.glob("part-*.jsonl"):
            if stale.name not in keep:
                stale.unlink()


def _output_places(output: str, parts: bool) -> tuple[Path, Path | None]:
    """(parts folder, final file or None): ``-o FOLDER --parts``, or ``-o FILE`` with a hidden
    parts folder beside it."""
    if output == "-":
        raise AnnotatorError("--dask writes a file or, with --parts, a folder: give -o")
    path = Path(output)
    if parts:
        if path.exists() and not path.is_dir():
            raise AnnotatorError("is not a folder; --parts writes a folder of part files", path=output)
        if not path.parent.is_dir():
            raise AnnotatorError(f"folder {str(path.parent)!r} does not exist", path=output)
        if path.is_dir() and M.load(path) is None and any(path.iterdir()):
            raise AnnotatorError(f"a folder with files but no {M.MANIFEST}: give a new or empty folder for the parts", path=output)
        return path, None
    if path.is_dir():
        raise AnnotatorError("is a folder; give a file name, or --parts to write a folder of parts", path=output)
    if path.exists() and not path.is_file():
        raise AnnotatorError("--dask writes a regular file (parts are staged beside it), not a device or pipe", path=output)
    if not path.parent.is_dir():
        raise AnnotatorError(f"folder {str(path.parent)!r} does not exist", path=output)
    return path.parent / f".{path.name}.parts", path


def _open_folder(folder: Path, settings: dict, partition_bytes: int) -> _Book:
    """The parts folder, with its manifest if it was written by the same annotator and model
    (its parts may be skipped), else emptied of parts and started afresh."""
    folder.mkdir(exist_ok=True)
    found = M.load(folder)
    if found is None or found.get("settings") != settings:
        for stale in folder.glob("part-*.jsonl"):
            stale.unlink()
        found = M.new_manifest(settings)
    found.update(complete=False, partitions=None, partition_bytes=partition_bytes)
    M.save(folder, found)  # not complete while this run goes on: nobody reads half a corpus
    return _Book(folder, found)


def _part_intact(path: Path, entry: dict) -> bool:
    try:
        if path.stat().st_size != entry["bytes"]:
            return False
        return _file_sha256(path) == entry["sha256"]
    except OSError:
        return False


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _concatenate(folder: Path, final: Path) -> None:
    with atomic_output(final, "wb") as out:
        for path, entry in M.complete_parts(folder):
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != entry["sha256"]:
                raise AnnotatorError(f"changed while the run was finishing (sha256 differs from {M.MANIFEST})", path=str(path))


# --------------------------------------------------------------------------- the loop


def _run(client, plugin_name: str, book: _Book, partitions: Iterator[Partition], batch_size: int, progress, warn) -> Summary:
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from ..controls import CONTROL, describe
    from .worker import annotate_partition, pack_documents

    pending: dict = {}
    done = as_completed()
    count = skipped = 0
    exhausted = False
    warned_control = False
    rss: dict[str, float] = {}

    def fill() -> None:
        nonlocal count, skipped, exhausted, warned_control
        window = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
        while not exhausted and len(pending) < window:
            part = next(partitions, None)
            if part is None:
                exhausted = True
                return
            count += 1
            if not warned_control:
                for doc in part.documents:
                    found = CONTROL.search(doc.text)
                    if found is not None:
                        warn(describe(doc, found.start()))
                        warned_control = True
                        break
            if book.finished(part):
                skipped += 1
                if progress is not None:
                    progress.advance(part.size, book.manifest["parts"][str(part.index)]["documents"], skipped=True)
                continue
            future = client.submit(
                annotate_partition, plugin_name, pack_documents(part.documents), batch_size,
                pure=False, retries=RETRIES, key=f"annotator-partition-{part.index}-{os.urandom(4).hex()}",
            )
            part.documents = []  # sent: the client keeps only where the partition came from
            pending[future] = part
            done.add(future)

    try:
        fill()
        for future in done:
            part = pending.pop(future)
            try:
                result = future.result()
            except KilledWorker as e:
                raise AnnotatorError(f"{part.describe()} was lost with its worker again and again ({e}); "
                                     "a smaller --partition-size needs less memory per worker") from None
            future.release()
            data = zlib.decompress(result.pop("data"))
            if hashlib.sha256(data).hexdigest() != result["sha256"] or result["model"] != book.manifest["settings"]["model"]:
                raise AnnotatorError(f"{part.describe()} came back damaged or from another pipeline")
            book.record(part, data, result["documents"], result["sha256"])
            rss[result["worker"]] = max(rss.get(result["worker"], 0.0), result["peak_rss_mb"])
            if progress is not None:
                progress.advance(part.size, result["documents"])
            fill()
    finally:
        if pending:
            client.cancel(list(pending), force=True)
    book.close(count)
    documents = sum(entry["documents"] for entry in book.manifest["parts"].values())
    return Summary(documents, count, skipped, "", len(client.nthreads()), rss)
