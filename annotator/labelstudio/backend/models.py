"""The pipeline the backend serves, and how a retrained one replaces it.

Label Studio may ask for predictions at any moment, retraining included, so the
model in service is one reference swapped in a single assignment: a prediction
already running finishes on the model it started with, the next one gets the new
model, and nothing waits for a model to load. Predictions run one at a time (the
detector keeps per-document state and was not written for concurrent calls); the
swap never takes that lock, so a new model is ready the moment it has loaded.

A model that cannot be loaded does not stop the backend: it answers every request
that needs a model with the reason, so Label Studio shows it and the user can act.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from annotator import __version__
from annotator.errors import AnnotatorError
from annotator.formats.labelstudio import config as C
from annotator.formats.labelstudio.tasks import document_to_prediction

LOAD_ERROR_MAX = 200  # characters of spaCy's first error line kept when a model folder will not load


class ModelUnavailable(Exception):
    """No model to predict with; the message says why (the load error)."""


@dataclass(frozen=True)
class ServedModel:
    """A loaded pipeline, what it was loaded from (``--model``: a name or a folder), and the
    ``model_version`` its predictions carry: the same ``<annotator version>/<model>`` that
    ``push`` gives records annotated with it, so Label Studio sees one version either way."""

    nlp: Any = field(repr=False)
    source: str
    version: str


def model_version(nlp) -> str:
    from annotator.annotate import model_name

    return f"{__version__}/{model_name(nlp)}"


def load_model(source: str) -> ServedModel:
    """Load ``source`` as ``annotate --model`` would; any failure is one line (AnnotatorError)."""
    from annotator.pipeline import load_pipeline

    try:
        nlp = load_pipeline(source)
    except AnnotatorError:
        raise
    except Exception as e:  # a broken folder raises whatever spaCy or thinc raise on it
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise AnnotatorError(f"cannot load spaCy pipeline {source!r}: {first[:LOAD_ERROR_MAX]}") from None
    return ServedModel(nlp, source, model_version(nlp))


class ModelSlot:
    """The model in service (or why there is none), swappable while predictions run."""

    def __init__(self, served: ServedModel | None = None, failure: str | None = None):
        self._served = served
        self._failure = failure if served is None else None
        self._versions = [served.version] if served is not None else []  # newest first
        self._swap_lock = threading.Lock()
        self._predict_lock = threading.Lock()

    def load(self, source: str) -> bool:
        """Serve ``source``; if it does not load, keep the reason to answer with. True if loaded."""
        try:
            self.swap(load_model(source))
        except AnnotatorError as e:
            with self._swap_lock:
                if self._served is None:
                    self._failure = str(e)
            return False
        return True

    def current(self) -> ServedModel:
        with self._swap_lock:
            if self._served is None:
                raise ModelUnavailable(self._failure or "no model loaded")
            return self._served

    @property
    def failure(self) -> str | None:
        return self._failure

    def swap(self, new: ServedModel) -> ServedModel | None:
        """Serve ``new`` from the next prediction on; returns the model it replaces."""
        with self._swap_lock:
            old, self._served, self._failure = self._served, new, None
            self._versions = [new.version, *(v for v in self._versions if v != new.version)]
            return old

    def versions(self) -> list[str]:
        """Every model version this backend has served, the current one first."""
        with self._swap_lock:
            return list(self._versions)

    def predict(self, tasks: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
        """(model version, one entry per task): a prediction, or ``{"error": ...}`` for a task
        without text, which Label Studio skips (an entry without ``result``) and logs."""
        with self._predict_lock:
            served = self.current()  # taken once it is our turn: a request that waited gets a model swapped in meanwhile
            return served.version, predict_tasks(served, tasks)


def task_text(task: Any) -> str | None:
    """The text our labeling config shows (``data.text``), or None when the task has none."""
    data = task.get("data") if isinstance(task, dict) else None
    text = data.get(C.TEXT) if isinstance(data, dict) else None
    return text if isinstance(text, str) else None


def predict_tasks(served: ServedModel, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Annotate each task's text and show the findings as push does (``document_to_prediction``)."""
    from annotator.annotate import annotate_documents
    from annotator.io import InputDocument

    inputs = []
    for n, task in enumerate(tasks):
        text = task_text(task)
        if text is None:
            continue
        data = task["data"]
        task_id = task.get("id")
        doc_id = data.get("doc_id")
        if not isinstance(doc_id, str):  # a task imported as plain text; pull names it the same way
            doc_id = f"task-{task_id if task_id is not None else n}"
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        inputs.append(InputDocument(doc_id, text, meta, f"task {task_id}"))
    docs = iter(annotate_documents(served.nlp, inputs))
    out = []
    for task in tasks:
        if task_text(task) is None:
            task_id = task.get("id") if isinstance(task, dict) else None
            out.append({"error": f"task {task_id} has no {C.TEXT!r} in its data: nothing to annotate"})
            continue
        out.append(document_to_prediction(next(docs)))
    return out
