"""Cut the input into partitions and read each one, on the client, in input order.

A partition is a run of consecutive input: whole .txt files (many small ones grouped) and
byte ranges of JSONL files, cut at line boundaries, until it holds ``PARTITION_BYTES`` of
input. The cuts depend only on the input, never on the cluster, so a re-run with more or
fewer workers finds the same partitions, and a JSONL archive that grows at its end keeps
its earlier partitions (they are skipped, not redone).

The client reads a partition only when it is about to be sent, so its memory is bounded by
the partitions in flight, and it reads it with the same parser and the same
:class:`~annotator.io.DocumentChecks` as plain ``annotate``: a bad line is the usual error
naming file and line, and a duplicate id across partitions is caught as it is in one file.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..io import DocumentChecks, InputDocument, parse_jsonl, read_input_bytes, txt_document

# Input bytes per partition: a worker holds one partition's documents and its records (some
# times the input) besides the pipeline, so this bounds a worker's memory whatever the corpus;
# at about 50 KB of news text per second and core, 4 MB is a minute or two of work.
PARTITION_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Segment:
    """One file's share of a partition: a whole .txt file or a byte range of a JSONL file."""

    path: str
    folder: str | None  # the folder given, which names a .txt file's document id
    start: int
    end: int
    sha256: str

    def fingerprint(self) -> dict:
        return {"path": self.path, "folder": self.folder, "start": self.start, "end": self.end, "sha256": self.sha256}


@dataclass
class Partition:
    index: int
    segments: list[Segment] = field(default_factory=list)
    documents: list[InputDocument] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(s.end - s.start for s in self.segments)

    def fingerprint(self) -> list[dict]:
        """What the partition's records depend on in the input: a re-run skips it only if equal."""
        return [s.fingerprint() for s in self.segments]

    def describe(self) -> str:
        first, last = self.segments[0], self.segments[-1]
        more = f" .. {last.path}" if last.path != first.path else ""
        return f"partition {self.index} ({first.path}{more}, {self.size:,} bytes)"


def input_size(sources: list[tuple[Path | str, Path | None]]) -> int:
    """Bytes of input, for the progress bar."""
    total = 0
    for source, _ in sources:
        try:
            total += Path(source).stat().st_size
        except OSError:
            pass  # reading it names the problem
    return total


def iter_partitions(
    sources: list[tuple[Path | str, Path | None]], checks: DocumentChecks, size: int = PARTITION_BYTES
) -> Iterator[Partition]:
    """Partitions of ``sources`` (from :func:`annotator.io.expand_paths`), read lazily, in order."""
    if size < 1:
        raise ValueError(f"size must be at least 1 byte, not {size}")
    part = Partition(0)
    for source, folder in sources:
        path = Path(source)
        folder_name = None if folder is None else str(folder)
        if path.suffix.lower() == ".jsonl":
            start, line = 0, 1
            while True:
                data = read_input_bytes(path, start, max(size - part.size, 1), whole_lines=True)
                if not data:
                    break
                part.segments.append(Segment(str(path), folder_name, start, start + len(data), _sha(data)))
                part.documents += [checks(*item) for item in parse_jsonl(io.BytesIO(data), str(path), line)]
                start, line = start + len(data), line + data.count(b"\n")
                if part.size >= size:
                    yield part
                    part = Partition(part.index + 1)
        else:
            data = read_input_bytes(path)
            part.segments.append(Segment(str(path), folder_name, 0, len(data), _sha(data)))
            part.documents.append(checks(*txt_document(path, folder, data)))
            if part.size >= size:
                yield part
                part = Partition(part.index + 1)
    if part.segments:
        yield part


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
