"""What runs on a Dask worker: the pipeline, loaded once per worker, and one partition's work.

The pipeline is a :class:`distributed.WorkerPlugin`, so each worker loads it once when it
joins (a worker that replaces a lost one loads it too), not once per task. Workers need no
shared filesystem: the plugin carries the user's lexicon files and, when ``--model`` is a
folder (a model ``annotator train`` wrote), that folder as an archive, and unpacks them into
a temporary folder of its own. A task gets its partition's documents from the client and
returns the partition's JSONL, compressed, with its sha256 and document count.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import resource
import shutil
import sys
import tarfile
import tempfile
import zlib
from pathlib import Path

from distributed import WorkerPlugin, get_worker

from .. import __version__

PLUGIN_PREFIX = "annotator-pipeline-"


class PipelinePlugin(WorkerPlugin):
    """Loads ``model`` (a name, ``blank:xx``, or a folder sent as ``model_archive``) with the
    extra lexicons, each given as (file name, bytes)."""

    def __init__(self, name: str, model: str, model_archive: bytes | None, lexicons: list[tuple[str, bytes]]):
        self.name = name
        self.model = model
        self.model_archive = model_archive
        self.lexicons = lexicons
        self.nlp = None
        self.folder: str | None = None

    def setup(self, worker=None):
        from ..annotate import model_name
        from ..pipeline import load_pipeline

        self.folder = tempfile.mkdtemp(prefix="annotator-worker-")
        model = self.model
        if self.model_archive is not None:
            with tarfile.open(fileobj=io.BytesIO(self.model_archive), mode="r:gz") as tar:
                tar.extractall(self.folder, filter="data")
            model = str(Path(self.folder) / "model")
        paths = []
        for i, (file_name, data) in enumerate(self.lexicons):
            path = Path(self.folder) / f"lexicon-{i}" / file_name
            path.parent.mkdir()
            path.write_bytes(data)
            paths.append(str(path))
        self.nlp = load_pipeline(model, extra_lexicons=paths)
        self.model_name = model_name(self.nlp)
        self.has_parser = self.nlp.get_pipe("attribution_detector").has_parser

    def teardown(self, worker=None):
        self.nlp = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def describe_worker(plugin_name: str, dask_worker=None) -> dict:
    """What the client checks of every worker before sending work (``Client.run``, which passes
    ``dask_worker``): same annotator, same model."""
    plugin = dask_worker.plugins.get(plugin_name)
    return {
        "annotator_version": __version__,
        "python": sys.version.split()[0],
        "model": getattr(plugin, "model_name", None),
        "has_parser": getattr(plugin, "has_parser", None),
    }


def pack_documents(documents) -> bytes:
    """A partition's documents as the task's one argument: plain tuples, compressed."""
    return zlib.compress(pickle.dumps([tuple(d) for d in documents], protocol=pickle.HIGHEST_PROTOCOL), 1)


def annotate_partition(plugin_name: str, packed: bytes, batch_size: int) -> dict:
    """One partition's records as JSONL bytes, exactly as plain ``annotate`` writes them."""
    from ..annotate import annotate_documents
    from ..io import InputDocument

    plugin = get_worker().plugins[plugin_name]
    documents = [InputDocument(*d) for d in pickle.loads(zlib.decompress(packed))]
    del packed
    out = io.BytesIO()
    count = 0
    for record in annotate_documents(plugin.nlp, documents, batch_size=batch_size):
        out.write(record.model_dump_json().encode("utf-8"))
        out.write(b"\n")
        count += 1
    data = out.getvalue()
    return {
        "data": zlib.compress(data, 1),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "documents": count,
        "model": plugin.model_name,
        "worker": get_worker().address,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
