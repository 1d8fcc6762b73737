"""Progress of an annotate run on stderr, never on stdout (stdout may be the records).

Two things take long: many documents, and one huge document (5 MB took minutes
with no sign of life, issue 9). On a terminal a live bar counts documents once
there are more than a handful, and a second bar follows each document cut into
pieces. Off a terminal (a log, CI) only the huge documents are reported, as a
plain line every tenth of the way, so a log shows the run is alive without a
line per document.
"""

from __future__ import annotations

from typing import Iterable, Iterator, TypeVar

from rich.console import Console

HANDFUL = 5  # documents before the count appears: a short run stays quiet
LOG_STEPS = 10  # plain progress lines per huge document off a terminal

T = TypeVar("T")


class AnnotateProgress:
    """``records`` wraps the record stream; ``piece`` is the ``on_piece`` callback of ``annotate_documents``."""

    def __init__(self, console: Console, enabled: bool = True):
        self.console = console
        self.enabled = enabled
        self.live = enabled and console.is_terminal
        self._bar = None
        self._docs_task = None
        self._piece_task = None
        self._piece_doc: str | None = None
        self._logged_step = -1

    def records(self, items: Iterable[T]) -> Iterator[T]:
        try:
            for n, item in enumerate(items, 1):
                if self.live and n > HANDFUL:
                    bar = self._start()
                    if self._docs_task is None:
                        self._docs_task = bar.add_task("documents", total=None, completed=n - 1)
                    bar.advance(self._docs_task)
                yield item
        finally:
            if self._bar is not None:
                self._bar.stop()
                self._bar = None

    def piece(self, doc_id: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if not self.live:
            self._log(doc_id, done, total)
            return
        bar = self._start()
        if self._piece_doc != doc_id:
            if self._piece_task is not None:
                bar.remove_task(self._piece_task)
            self._piece_doc = doc_id
            self._piece_task = bar.add_task(_short(doc_id), total=total)
        bar.update(self._piece_task, completed=done)
        if done >= total:
            bar.remove_task(self._piece_task)
            self._piece_task = self._piece_doc = None

    def _log(self, doc_id: str, done: int, total: int) -> None:
        step = done * LOG_STEPS // max(total, 1)
        if done < total and step == self._logged_step:
            return
        self._logged_step = -1 if done >= total else step
        line = f"annotator: {doc_id}: {100 * done // max(total, 1)}% of {total:,} characters"
        print(line, file=self.console.file, flush=True)

    def _start(self):
        if self._bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=self.console, transient=True,
            )
            self._bar.start()
        return self._bar


def _short(doc_id: str, width: int = 30) -> str:
    from rich.markup import escape

    return escape(doc_id if len(doc_id) <= width else "…" + doc_id[-(width - 1):])


class PartitionProgress:
    """Progress of ``annotate --dask``, in input bytes, as the cluster's partitions finish.

    On a terminal a bar of bytes with the count of documents; off a terminal a plain line
    every tenth of the way, as for a huge document, so a log shows the run is alive.
    """

    def __init__(self, console: Console, enabled: bool = True):
        self.console = console
        self.enabled = enabled
        self.live = enabled and console.is_terminal
        self._bar = None
        self._task = None
        self.total = self.done = self.documents = self.partitions = self.skipped = 0
        self._logged_step = 0

    def start(self, total_bytes: int) -> None:
        self.total = max(total_bytes, 1)
        if self.live:
            from rich.progress import BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                TimeElapsedColumn(), console=self.console, transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("partitions", total=self.total)

    def advance(self, size: int, documents: int, skipped: bool = False) -> None:
        self.done += size
        self.documents += documents
        self.partitions += 1
        self.skipped += skipped
        if not self.enabled:
            return
        what = f"{self.partitions} partition(s), {self.documents:,} document(s)"
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, description=what)
            return
        step = min(self.done * LOG_STEPS // self.total, LOG_STEPS)
        if step > self._logged_step:
            self._logged_step = step
            skipped = f", {self.skipped} done before" if self.skipped else ""
            print(f"annotator: {100 * self.done // self.total}% of {self.total:,} input bytes ({what}{skipped})",
                  file=self.console.file, flush=True)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
