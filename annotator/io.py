"""Getting documents in and results out without surprising the user.

Input: a run may cover millions of JSONL lines, so reading is a chain of
generators and memory stays flat (apart from the set of ids seen, which
duplicate detection cannot do without). Every problem with the input names the
file and line, because the person fixing it has a text editor, not a debugger.

Output: a long run that dies halfway must not leave a truncated file that looks
like a finished one, nor destroy the previous good result; so every file is
written to a temporary sibling and renamed over the target only on success.
Devices and pipes (``-o /dev/null``, a named pipe) cannot be replaced, so they
are written directly, like stdout.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any, NamedTuple

from annotator import scratch
from annotator.errors import AnnotatorError

STDIN = "-"
STDIN_NAME = "<stdin>"
STDOUT_NAME = "<stdout>"
INPUT_SUFFIXES = (".txt", ".jsonl")
_BOM = b"\xef\xbb\xbf"
_SURROGATE = re.compile("[\ud800-\udfff]")
_MISSING = object()


class InputDocument(NamedTuple):
    """One document as the user gave it; ``origin`` lets any later error point back to it."""

    id: str
    text: str
    meta: dict
    origin: str


class _Where(NamedTuple):
    """A place in the input, kept structured so errors carry ``path`` and ``line`` separately."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def error(self, message: str) -> AnnotatorError:
        return AnnotatorError(message, path=self.path, line=self.line)


# --------------------------------------------------------------------------- reading


# top-level keys only a records file has: given to annotate, its findings would be buried in meta
RECORD_KEYS = ("attributions", "hedges", "schema_version", "annotator_version", "review")


def read_documents(paths: Sequence[str], *, reannotate: bool = False) -> Iterator[InputDocument]:
    """Yield documents from files, folders and ``-`` (stdin) in the order given.

    All paths are checked before the first document is read, so a typo in the
    last argument fails at once rather than after hours of work. Errors found
    while reading surface lazily, possibly after earlier documents were
    yielded; callers write output atomically so that is harmless. A records
    file (lines with ``attributions``...) is refused unless ``reannotate``, which
    reads only its ids, texts and meta and lets the old findings go.
    """
    check = DocumentChecks(reannotate=reannotate)
    for item in itertools.chain.from_iterable(itertools.starmap(_read_source, expand_paths(paths))):
        yield check(*item)


class DocumentChecks:
    """The checks every input document passes, with the ids seen so far: one object for a whole
    run, so a reader that takes the input in pieces (:mod:`annotator.scale`) makes exactly the
    checks :func:`read_documents` makes, duplicates across pieces included."""

    def __init__(self, *, reannotate: bool = False):
        self.reannotate = reannotate
        self.seen: dict[str, _Where] = {}

    def __call__(self, where: _Where, doc_id: str, text: str, meta: dict) -> InputDocument:
        if not text.strip():
            raise where.error("empty document: the text is blank")
        meta = _without_findings(meta, where, self.reannotate)
        if doc_id in self.seen:
            raise where.error(f"duplicate document id {doc_id!r} (first seen at {self.seen[doc_id]})")
        self.seen[doc_id] = where
        return InputDocument(doc_id, text, meta, str(where))


def _without_findings(meta: dict, where: _Where, reannotate: bool) -> dict:
    found = [k for k in RECORD_KEYS if k in meta]
    if not found:
        return meta
    if not reannotate:
        raise where.error(
            f'this is a records file (it has "{found[0]}"), not input text: give it to show, export or '
            f"report, or pass --reannotate to annotate its texts again (its findings are replaced)"
        )
    return {k: v for k, v in meta.items() if k not in RECORD_KEYS and k != "model"}


def expand_paths(paths: Sequence[str]) -> list[tuple[Path | str, Path | None]]:
    """Turn arguments into a flat list of ``(file, folder it was found in or None)``,
    refusing anything that would be read twice."""
    sources: list[tuple[Path | str, Path | None]] = []
    given: dict[str, str] = {}
    for raw in paths:
        name = str(raw)
        found: list[Path | str] = [STDIN] if name == STDIN else _files_for(Path(name), name)
        folder = Path(name) if name != STDIN and Path(name).is_dir() else None
        for source in found:
            key = STDIN if source == STDIN else os.path.realpath(source)
            if key in given:
                what = "standard input" if source == STDIN else str(source)
                raise AnnotatorError(f"{what} is given more than once (also via {given[key]})", path=name)
            given[key] = name
            sources.append((source, folder))
    return sources


def _files_for(path: Path, name: str) -> list[Path]:
    if path.is_dir():
        found = _folder_files(path)
        if not found:
            raise AnnotatorError("folder has no .txt or .jsonl files", path=name)
        return found
    if path.is_file():
        if path.suffix.lower() not in INPUT_SUFFIXES:
            raise AnnotatorError(
                f"unsupported file type {path.suffix or '(no extension)'!r}: "
                "give .txt or .jsonl files, a folder, or - for standard input",
                path=name,
            )
        return [path]
    if path.exists():
        raise AnnotatorError("not a regular file or folder", path=name)
    raise AnnotatorError("no such file or folder", path=name)


def _folder_files(folder: Path) -> list[Path]:
    """Sorted so runs are reproducible; hidden entries skipped because editors and
    macOS litter folders with ``.#x.txt`` and ``._x.txt`` files that are not documents."""
    found = (
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in INPUT_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.is_file()
    )
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _read_source(source: Path | str, folder: Path | None) -> Iterator[tuple[_Where, str, str, dict]]:
    if source == STDIN:
        return _read_stdin()
    if source.suffix.lower() == ".jsonl":
        return _read_jsonl_file(source)
    return _read_txt_file(source, folder)


def text_file_id(path: Path, folder: Path | None = None) -> str:
    """A text file's document id: its path inside the folder given, without the extension and
    with ``/`` separators (``2017/a`` and ``2018/a`` stay apart), or its stem when it was
    given by itself."""
    if folder is None:
        return path.stem
    return path.relative_to(folder).with_suffix("").as_posix()


def _read_txt_file(path: Path, folder: Path | None = None) -> Iterator[tuple[_Where, str, str, dict]]:
    yield txt_document(path, folder, read_input_bytes(path))


def read_input_bytes(path: Path, start: int = 0, size: int = -1, *, whole_lines: bool = False) -> bytes:
    """``size`` bytes of an input file from ``start`` (all of it by default); ``whole_lines``
    reads on to the end of the line the last byte is in, so a JSONL file is cut between lines."""
    try:
        with path.open("rb") as fh:
            fh.seek(start)
            data = fh.read(size)
            if whole_lines and size >= 0 and data and not data.endswith(b"\n"):
                data += fh.readline()
            return data
    except OSError as e:
        raise AnnotatorError(f"cannot read: {e.strerror}", path=str(path)) from e


def txt_document(path: Path, folder: Path | None, data: bytes) -> tuple[_Where, str, str, dict]:
    """The one document a .txt file holds, from its bytes (for :class:`DocumentChecks`)."""
    name = str(path)
    return _Where(name), text_file_id(path, folder), _decode_whole(data, name), {"path": name}


def _read_jsonl_file(path: Path) -> Iterator[tuple[_Where, str, str, dict]]:
    name = str(path)
    try:
        stream = path.open("rb")
    except OSError as e:
        raise AnnotatorError(f"cannot read: {e.strerror}", path=name) from e
    with stream:
        yield from parse_jsonl(stream, name)


def _read_stdin() -> Iterator[tuple[_Where, str, str, dict]]:
    """Sniff only up to the first non-blank line, so JSONL on stdin still streams."""
    stream = sys.stdin.buffer
    head: list[bytes] = []
    for raw in stream:
        head.append(raw if head else raw.removeprefix(_BOM))
        if head[-1].strip():
            break
    if head and head[-1].lstrip().startswith(b"{"):
        yield from parse_jsonl(itertools.chain(head, stream), STDIN_NAME)
    else:
        yield _Where(STDIN_NAME), "stdin", _decode_whole(b"".join(head) + stream.read(), STDIN_NAME), {}


def _decode_whole(data: bytes, name: str) -> str:
    """Decode from bytes ourselves: text-mode reading would turn CRLF into LF and shift offsets."""
    data = data.removeprefix(_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _bad_utf8(e, _Where(name, data.count(b"\n", 0, e.start) + 1)) from None


def _bad_utf8(e: UnicodeDecodeError, where: _Where) -> AnnotatorError:
    return where.error(f"invalid UTF-8 (byte 0x{e.object[e.start]:02x}); save the file as UTF-8")


def parse_jsonl(lines: Iterable[bytes], name: str, first_line: int = 1) -> Iterator[tuple[_Where, str, str, dict]]:
    """Lines are split as bytes on ``\\n`` only, so line numbers match what an editor shows;
    ``first_line`` numbers a run of lines cut from the middle of a file (for :class:`DocumentChecks`)."""
    for number, raw in enumerate(lines, first_line):
        if number == 1:
            raw = raw.removeprefix(_BOM)
        if not raw.strip():
            continue
        where = _Where(name, number)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise _bad_utf8(e, where) from None
        yield (where, *_parse_record(line, where))


def _parse_record(line: str, where: _Where) -> tuple[str, str, dict]:
    """Unknown top-level keys (``title``, ``url``...) are kept in meta rather than
    rejected, because exports from other tools rarely match our shape exactly."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise where.error(f"invalid JSON: {e.msg} (column {e.colno})") from None
    if not isinstance(obj, dict):
        raise where.error(f'expected a JSON object like {{"id": ..., "text": ...}}, got {_json_type(obj)}')
    doc_id = _required_string(obj, "id", where)
    text = _required_string(obj, "text", where)
    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        raise where.error(f'"meta" must be an object, got {_json_type(meta)}')
    extra = {k: v for k, v in obj.items() if k not in ("id", "text", "meta")}
    clash = sorted(extra.keys() & meta.keys())
    if clash:
        raise where.error(f"key {clash[0]!r} is given both at the top level and inside \"meta\"")
    return doc_id, text, {**meta, **extra}


def _required_string(obj: dict, key: str, where: _Where) -> str:
    """Also rejects lone surrogates (JSON ``\\ud800``), which could never be written back as UTF-8."""
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        raise where.error(f'missing "{key}"')
    if not isinstance(value, str):
        raise where.error(f'"{key}" must be a string, got {_json_type(value)}')
    if key == "id" and not value:
        raise where.error('"id" must not be empty')
    bad = _SURROGATE.search(value)
    if bad:
        raise where.error(
            f'"{key}" has an unpaired surrogate \\u{ord(bad.group()):04x} at character {bad.start()}'
        )
    return value


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


# --------------------------------------------------------------------------- writing


@contextmanager
def atomic_output(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Yield a file that replaces ``path`` only if the block finishes without an exception.

    Any exception, KeyboardInterrupt included, deletes the temporary file and
    leaves the previous ``path`` untouched. Only a regular file (or a new name)
    is written that way: ``-`` (stdout), a device such as ``/dev/null`` or a
    named pipe is written directly, as a stream, because renaming over it would
    replace the device or pipe with a plain file. Text is written as UTF-8
    without newline translation, so JSONL is byte-identical on every platform.
    A write the system refuses (a full disk, ``/dev/full``) is an
    :class:`AnnotatorError` naming the path.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', not {mode!r}")
    name = str(path)
    if name == STDIN:
        stream = sys.stdout if mode == "w" else sys.stdout.buffer
        try:
            yield _Refusals(stream, STDOUT_NAME)
            _finish(stream, STDOUT_NAME, sync=False)
        except AnnotatorError:
            _discard_stdout()
            raise
        return
    target = _output_target(path)
    if target is None:
        stream = _open_stream(name, mode)
        try:
            yield _Refusals(stream, name)
            _finish(stream, name, sync=False)
        finally:
            _close_quietly(stream)
        return
    scratch.remove_stale(target)
    tmp = _temp_sibling(target, mode, name)
    try:
        try:
            yield _Refusals(tmp, name)
            _finish(tmp, name, sync=True)
        finally:
            _close_quietly(tmp)
        try:
            os.chmod(tmp.name, _mode_for(target))
            os.replace(tmp.name, target)
        except OSError as e:
            raise _cannot_write(e, name) from e
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp.name)
        raise
    _fsync_folder(target.parent)


def atomic_write_lines(path: str | Path, lines: Iterable[str]) -> int:
    """Write each string plus ``\\n``, atomically; a line containing ``\\n`` is a bug
    in the caller (it would corrupt JSONL), so it raises instead of being written."""
    count = 0
    with atomic_output(path, "w") as out:
        for line in lines:
            if "\n" in line:
                raise ValueError(f"line {count + 1} contains a newline; lines must be single lines")
            out.write(line)
            out.write("\n")
            count += 1
    return count


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` exactly (UTF-8, no newline translation), atomically."""
    with atomic_output(path, "w") as out:
        out.write(text)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` exactly, atomically."""
    with atomic_output(path, "wb") as out:
        out.write(data)


def _output_target(path: str | Path) -> Path | None:
    """The regular file to rename over, or None for a device, pipe or socket to write directly.

    Symlinks are followed, so the file they point to is updated rather than the link replaced.
    """
    name = str(path)
    try:
        kind = os.stat(path).st_mode
    except FileNotFoundError:
        kind = None
    except OSError as e:
        raise _cannot_write(e, name) from e
    if kind is not None and stat.S_ISDIR(kind):
        raise AnnotatorError("is a folder; give a file name to write to", path=name)
    if kind is not None and not stat.S_ISREG(kind):
        return None
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise AnnotatorError(f"folder {str(Path(path).parent)!r} does not exist", path=name)
    return target


def _open_stream(name: str, mode: str) -> IO[Any]:
    """Open a device or named pipe as it is (a pipe waits here for its reader, as ``>`` does)."""
    text_options = {"encoding": "utf-8", "newline": ""} if mode == "w" else {}
    try:
        return open(name, mode, **text_options)
    except OSError as e:
        raise _cannot_write(e, name) from e


def _temp_sibling(target: Path, mode: str, name: str) -> IO[Any]:
    """Same folder as the target, so ``os.replace`` is a rename and never a cross-device copy;
    named by :mod:`annotator.scratch`, so a run killed before the rename is cleaned up later."""
    text_options = {"encoding": "utf-8", "newline": ""} if mode == "w" else {}
    try:
        return tempfile.NamedTemporaryFile(
            mode, dir=target.parent, prefix=scratch.prefix(target), suffix=scratch.SUFFIX, delete=False,
            **text_options,
        )
    except OSError as e:
        raise _cannot_write(e, name) from e


class _Refusals:
    """The output file, with the system's refusals to write (ENOSPC, EIO, EPIPE...) turned
    into an :class:`AnnotatorError` naming the output, so the user sees one line, not a
    traceback, and an OSError of the caller's own (reading an input) is left as it is."""

    def __init__(self, stream: IO[Any], name: str):
        self._stream = stream
        self._name = name

    def write(self, data: Any) -> int:
        try:
            return self._stream.write(data)
        except OSError as e:
            raise _cannot_write(e, self._name) from e

    def writelines(self, lines: Iterable[Any]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        _finish(self._stream, self._name, sync=False)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._stream, attribute)


def _finish(stream: IO[Any], name: str, *, sync: bool) -> None:
    try:
        stream.flush()
        if sync:
            os.fsync(stream.fileno())
    except OSError as e:
        raise _cannot_write(e, name) from e


def _close_quietly(stream: IO[Any]) -> None:
    """Close after a refused write without raising it again (closing retries the flush);
    after a successful :func:`_finish` nothing is left to flush, so nothing is lost."""
    with suppress(OSError):
        stream.close()


def _discard_stdout() -> None:
    """Point stdout at the null device after a refused write, so Python's own flush at exit
    does not print a second, raw error (the recipe in Python's ``signal`` documentation)."""
    with suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _cannot_write(e: OSError, name: str) -> AnnotatorError:
    return AnnotatorError(f"cannot write: {e.strerror or e}", path=name)


def _mode_for(target: Path) -> int:
    """Temp files are created 0600; give the result the permissions a plain ``open`` would."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort, since not every platform allows it."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------- splitting

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*[ \t]+|\n")
_WHITESPACE = re.compile(r"\s+")


def split_for_parser(text: str, max_chars: int = 100_000) -> list[tuple[int, str]]:
    """Cut a long text into ``(offset, chunk)`` pieces the parser can digest.

    spaCy's memory grows with document length, so huge documents are parsed in
    pieces. Cuts fall at the last paragraph break that fits, else the last
    sentence end or newline, else whitespace, else exactly at ``max_chars``.
    Every character belongs to exactly one chunk (whitespace at a cut stays at
    the end of the earlier chunk), so ``text[off:off + len(chunk)] == chunk``
    and offsets found in a chunk map back by adding ``off``. A short or empty
    text comes back as the single piece ``[(0, text)]``.
    """
    return list(iter_pieces(text, max_chars))


def iter_pieces(text: str, max_chars: int = 100_000) -> Iterator[tuple[int, str]]:
    """The pieces of ``split_for_parser`` one at a time, so a huge text is never held twice."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    start = 0
    while len(text) - start > max_chars:
        end = start + _cut_point(text[start : start + max_chars])
        yield start, text[start:end]
        start = end
    yield start, text[start:]


def _cut_point(window: str) -> int:
    """The length of the next chunk: the end of the last, most natural break in ``window``."""
    for pattern in (_PARAGRAPH, _SENTENCE, _WHITESPACE):
        end = 0
        for match in pattern.finditer(window):
            end = match.end()
        if end:
            return end
    return len(window)
