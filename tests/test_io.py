"""Input reading, atomic output and parser splitting, checked against tiny hand-written files."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.io import (
    InputDocument,
    atomic_output,
    atomic_write_bytes,
    atomic_write_lines,
    atomic_write_text,
    read_documents,
    split_for_parser,
)


def put(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def feed_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def read_all(*paths) -> list[InputDocument]:
    return list(read_documents([str(p) for p in paths]))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --------------------------------------------------------------------------- reading: kinds


def test_txt_file_is_one_document_with_text_kept_byte_exact(tmp_path):
    text = "Minister said:\r\n\r\n“It is likely.”\tEnd\n"
    path = put(tmp_path, "notes.txt", text)
    assert read_all(path) == [InputDocument("notes", text, {"path": str(path)}, str(path))]


@pytest.mark.parametrize("name", ["a.txt", "a.jsonl"])
def test_utf8_bom_is_stripped(tmp_path, name):
    body = jsonl({"id": "a", "text": "Hi"}) if name.endswith(".jsonl") else "Hi"
    [doc] = read_all(put(tmp_path, name, b"\xef\xbb\xbf" + body.encode()))
    assert doc.text == "Hi"


def test_jsonl_lines_become_documents_with_physical_line_origins(tmp_path):
    content = (
        '{"id": "one", "text": "First.\\r\\nSecond."}\r\n'
        "\n"
        "   \n"
        '{"id": "two", "text": "Two", "meta": {"lang": "en"}, "title": "T", "url": null}\n'
    )
    path = put(tmp_path, "in.jsonl", content)
    assert read_all(path) == [
        InputDocument("one", "First.\r\nSecond.", {}, f"{path}:1"),
        InputDocument("two", "Two", {"lang": "en", "title": "T", "url": None}, f"{path}:4"),
    ]


def test_empty_jsonl_file_yields_nothing(tmp_path):
    assert read_all(put(tmp_path, "empty.jsonl", "\n\n")) == []


def test_folder_is_read_recursively_in_path_order_ignoring_other_and_hidden_files(tmp_path):
    folder = tmp_path / "corpus"
    put(folder, "b.txt", "Bee")
    put(folder, "a.jsonl", jsonl({"id": "a1", "text": "A one"}, {"id": "a2", "text": "A two"}))
    put(folder, "sub/c.TXT", "Sea")
    put(folder, "readme.md", "not a document")
    put(folder, ".b.txt.swp.txt", b"\xff\xfe junk")
    put(folder, ".cache/d.txt", "hidden folder")
    assert [d.id for d in read_all(folder)] == ["a1", "a2", "b", "sub/c"]


def test_argument_order_is_preserved_across_kinds(tmp_path):
    folder = tmp_path / "f"
    put(folder, "z.txt", "Zed")
    late = put(tmp_path, "late.jsonl", jsonl({"id": "j", "text": "Jay"}))
    early = put(tmp_path, "early.txt", "Early")
    assert [d.id for d in read_all(late, folder, early)] == ["j", "z", "early"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (jsonl({"id": "x", "text": "Ex"}, {"id": "y", "text": "Why"}).encode(), [("x", "<stdin>:1"), ("y", "<stdin>:2")]),
        (b"\xef\xbb\xbf\n\n" + b'{"id": "x", "text": "Ex"}\n', [("x", "<stdin>:3")]),
        (b"  {\"id\": \"x\", \"text\": \"Ex\"}", [("x", "<stdin>:1")]),
    ],
    ids=["jsonl", "bom-and-blank-lines-first", "indented-no-final-newline"],
)
def test_stdin_starting_with_brace_is_jsonl(monkeypatch, data, expected):
    feed_stdin(monkeypatch, data)
    assert [(d.id, d.origin) for d in read_documents(["-"])] == expected


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"Plain news text.\r\nSecond line {with braces}.\n", "Plain news text.\r\nSecond line {with braces}.\n"),
        (b"\n\n  Indented after blank lines", "\n\n  Indented after blank lines"),
        (b"\xef\xbb\xbfBOM text", "BOM text"),
    ],
    ids=["crlf-kept", "leading-blank-lines-kept", "bom"],
)
def test_stdin_otherwise_is_one_plain_text_document(monkeypatch, data, text):
    feed_stdin(monkeypatch, data)
    assert list(read_documents(["-"])) == [InputDocument("stdin", text, {}, "<stdin>")]


def test_reading_is_lazy_so_earlier_documents_arrive_before_a_later_error(tmp_path):
    path = put(tmp_path, "in.jsonl", jsonl({"id": "ok", "text": "Fine"}) + "{broken\n")
    docs = read_documents([str(path)])
    assert next(docs).id == "ok"
    with pytest.raises(AnnotatorError, match=r"in\.jsonl:2: invalid JSON"):
        next(docs)


def test_all_paths_are_checked_before_the_first_document(tmp_path):
    good = put(tmp_path, "good.txt", "Good")
    docs = read_documents([str(good), str(tmp_path / "typo.txt")])
    with pytest.raises(AnnotatorError, match="typo.txt: no such file"):
        next(docs)


# --------------------------------------------------------------------------- reading: errors

ERROR_CASES = {
    "missing-path": ({}, ["nope.jsonl"], "nope.jsonl", None, "no such file or folder"),
    "folder-without-documents": ({"d/x.md": "x"}, ["d"], "d", None, "no .txt or .jsonl"),
    "unsupported-extension": ({"a.json": "{}"}, ["a.json"], "a.json", None, "unsupported file type '.json'"),
    "bad-utf8-jsonl": (
        {"a.jsonl": b'{"id": "1", "text": "ok"}\n\n{"id": "2", "text": "caf\xe9"}\n'},
        ["a.jsonl"], "a.jsonl", 3, "invalid UTF-8 (byte 0xe9)",
    ),
    "bad-utf8-txt": ({"a.txt": b"line one\r\nline \xff two\n"}, ["a.txt"], "a.txt", 2, "invalid UTF-8 (byte 0xff)"),
    "empty-txt": ({"a.txt": b""}, ["a.txt"], "a.txt", None, "empty document"),
    "whitespace-txt": ({"a.txt": " \r\n\t\n"}, ["a.txt"], "a.txt", None, "empty document"),
    "whitespace-jsonl-text": (
        {"a.jsonl": jsonl({"id": "1", "text": "ok"}, {"id": "2", "text": " \n "})},
        ["a.jsonl"], "a.jsonl", 2, "empty document",
    ),
    "malformed-json": ({"a.jsonl": '\n{"id": "1", "text": "x",}\n'}, ["a.jsonl"], "a.jsonl", 2, "invalid JSON"),
    "not-an-object": ({"a.jsonl": '["1", "x"]\n'}, ["a.jsonl"], "a.jsonl", 1, "got an array"),
    "missing-text": ({"a.jsonl": jsonl({"id": "1", "body": "x"})}, ["a.jsonl"], "a.jsonl", 1, 'missing "text"'),
    "text-not-string": ({"a.jsonl": jsonl({"id": "1", "text": 5})}, ["a.jsonl"], "a.jsonl", 1, '"text" must be a string, got a number'),
    "missing-id": ({"a.jsonl": jsonl({"text": "x"})}, ["a.jsonl"], "a.jsonl", 1, 'missing "id"'),
    "id-not-string": ({"a.jsonl": jsonl({"id": 7, "text": "x"})}, ["a.jsonl"], "a.jsonl", 1, '"id" must be a string, got a number'),
    "empty-id": ({"a.jsonl": jsonl({"id": "", "text": "x"})}, ["a.jsonl"], "a.jsonl", 1, '"id" must not be empty'),
    "meta-not-object": ({"a.jsonl": jsonl({"id": "1", "text": "x", "meta": [1]})}, ["a.jsonl"], "a.jsonl", 1, '"meta" must be an object'),
    "meta-key-clash": (
        {"a.jsonl": jsonl({"id": "1", "text": "x", "title": "A", "meta": {"title": "B"}})},
        ["a.jsonl"], "a.jsonl", 1, "'title' is given both",
    ),
    "lone-surrogate": ({"a.jsonl": '{"id": "1", "text": "ab\\ud800"}\n'}, ["a.jsonl"], "a.jsonl", 1, "unpaired surrogate \\ud800 at character 2"),
    "duplicate-id-across-files": (
        {"a.jsonl": jsonl({"id": "x", "text": "A"}), "b.jsonl": jsonl({"id": "y", "text": "B"}, {"id": "z", "text": "B"}, {"id": "x", "text": "C"})},
        ["a.jsonl", "b.jsonl"], "b.jsonl", 3, "duplicate document id 'x' (first seen at a.jsonl:1)",
    ),
    "duplicate-id-txt-and-jsonl": (
        {"x.txt": "T", "b.jsonl": jsonl({"id": "x", "text": "J"})},
        ["x.txt", "b.jsonl"], "b.jsonl", 1, "duplicate document id 'x' (first seen at x.txt)",
    ),
    "same-file-twice": ({"a.txt": "A"}, ["a.txt", "a.txt"], "a.txt", None, "given more than once"),
}


@pytest.mark.parametrize(
    ("files", "args", "path", "line", "message"), list(ERROR_CASES.values()), ids=list(ERROR_CASES)
)
def test_input_errors_name_the_file_and_line(tmp_path, monkeypatch, files, args, path, line, message):
    monkeypatch.chdir(tmp_path)
    for name, content in files.items():
        put(tmp_path, name, content)
    with pytest.raises(AnnotatorError) as caught:
        read_all(*args)
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert str(caught.value).startswith(where)
    assert message in str(caught.value)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert "\n" not in str(caught.value)


def test_stdin_cannot_be_read_twice(monkeypatch):
    feed_stdin(monkeypatch, b"text")
    with pytest.raises(AnnotatorError, match="given more than once"):
        list(read_documents(["-", "-"]))


def test_bad_utf8_on_stdin_jsonl_names_the_line(monkeypatch):
    feed_stdin(monkeypatch, b'{"id": "1", "text": "ok"}\n{"id": "2", "text": "\xc3("}\n')
    with pytest.raises(AnnotatorError, match=r"^<stdin>:2: invalid UTF-8"):
        list(read_documents(["-"]))


def test_text_files_in_subfolders_are_told_apart_by_their_path_inside_the_folder(tmp_path):
    put(tmp_path, "d/2017/a.txt", "First")
    put(tmp_path, "d/2018/a.txt", "Second")
    put(tmp_path, "d/2018/notes.v2.txt", "Third")
    single = put(tmp_path, "e/deep/b.txt", "Fourth")
    docs = read_all(tmp_path / "d", single)
    assert [d.id for d in docs] == ["2017/a", "2018/a", "2018/notes.v2", "b"]
    assert docs[0].meta == {"path": str(tmp_path / "d/2017/a.txt")}


def test_the_same_name_in_two_folders_given_names_both_files(tmp_path):
    put(tmp_path, "d/one/x.txt", "First")
    put(tmp_path, "d/two/x.txt", "Second")
    with pytest.raises(AnnotatorError) as caught:
        read_all(tmp_path / "d/one", tmp_path / "d/two")
    assert str(caught.value) == (
        f"{tmp_path / 'd/two/x.txt'}: duplicate document id 'x' (first seen at {tmp_path / 'd/one/x.txt'})"
    )


# --------------------------------------------------------------------------- atomic output


class Boom(Exception):
    pass


def lines_then(exc: BaseException):
    yield '{"n": 1}'
    yield '{"n": 2}'
    raise exc


@pytest.mark.parametrize("exc", [Boom("midway"), KeyboardInterrupt()], ids=["exception", "keyboard-interrupt"])
def test_failed_write_keeps_previous_file_and_leaves_no_temp_file(tmp_path, exc):
    target = put(tmp_path, "out.jsonl", "previous\n")
    with pytest.raises(type(exc)):
        atomic_write_lines(target, lines_then(exc))
    assert target.read_text() == "previous\n"
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_failed_write_to_a_new_path_creates_nothing(tmp_path):
    with pytest.raises(Boom):
        atomic_write_lines(tmp_path / "new.jsonl", lines_then(Boom()))
    assert list(tmp_path.iterdir()) == []


def test_write_lines_replaces_the_file_and_counts_lines(tmp_path):
    target = put(tmp_path, "out.jsonl", "old\n")
    assert atomic_write_lines(str(target), iter(["a", "b\r", "ü"])) == 3
    assert target.read_bytes() == "a\nb\r\nü\n".encode()
    assert leftovers(tmp_path) == []


def test_write_lines_accepts_an_empty_iterable(tmp_path):
    assert atomic_write_lines(tmp_path / "out.jsonl", []) == 0
    assert (tmp_path / "out.jsonl").read_bytes() == b""


def test_a_line_containing_a_newline_is_refused_without_touching_the_file(tmp_path):
    target = put(tmp_path, "out.jsonl", "previous\n")
    with pytest.raises(ValueError, match="line 2 contains a newline"):
        atomic_write_lines(target, ["ok", "two\nlines"])
    assert target.read_text() == "previous\n"
    assert leftovers(tmp_path) == []


def test_write_text_and_bytes_are_exact(tmp_path):
    atomic_write_text(tmp_path / "t.txt", "a\r\nb\n€")
    atomic_write_bytes(tmp_path / "b.bin", b"\x00\xff\r\n")
    assert (tmp_path / "t.txt").read_bytes() == "a\r\nb\n€".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff\r\n"


def test_atomic_output_rolls_back_on_error_inside_the_block(tmp_path):
    target = put(tmp_path, "data.bin", b"old")
    with pytest.raises(Boom), atomic_output(target, "wb") as out:
        out.write(b"new")
        raise Boom()
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_are_those_of_a_plain_open_or_the_previous_file(tmp_path):
    atomic_write_text(tmp_path / "new.txt", "x")
    (tmp_path / "plain.txt").write_text("x")
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == stat.S_IMODE((tmp_path / "plain.txt").stat().st_mode)
    kept = put(tmp_path, "kept.txt", "x")
    kept.chmod(0o640)
    atomic_write_text(kept, "y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_writing_through_a_symlink_updates_the_real_file(tmp_path):
    real = put(tmp_path, "real.txt", "old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing/out.jsonl", "does not exist"), ("existing_folder", "is a folder")],
)
def test_unwritable_targets_are_user_errors(tmp_path, name, message):
    (tmp_path / "existing_folder").mkdir()
    with pytest.raises(AnnotatorError, match=message):
        atomic_write_lines(tmp_path / name, ["x"])
    assert leftovers(tmp_path) == []


def test_dash_writes_lines_to_stdout(capsys):
    assert atomic_write_lines("-", ["one", "two"]) == 2
    assert capsys.readouterr().out == "one\ntwo\n"


def test_dash_writes_bytes_to_stdout(capsysbinary):
    atomic_write_bytes("-", b"\x00raw")
    assert capsysbinary.readouterr().out == b"\x00raw"


# --------------------------------------------------------------------------- devices, pipes, stale temp files


@pytest.mark.skipif(os.name != "posix", reason="devices")
def test_a_device_is_written_directly_and_stays_a_device(tmp_path, char_device):
    null = char_device("null")
    assert atomic_write_lines(null, ["one", "two"]) == 2
    atomic_write_bytes(null, b"raw")
    assert stat.S_ISCHR(null.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == (["null"] if null.parent == tmp_path else [])


@pytest.mark.skipif(os.name != "posix", reason="devices")
def test_a_device_that_refuses_writes_is_a_user_error_naming_it(char_device):
    full = char_device("full")
    with pytest.raises(AnnotatorError) as caught:
        atomic_write_lines(full, ("x" * 1000 for _ in range(100)))
    assert str(caught.value) == f"{full}: cannot write: No space left on device"
    assert stat.S_ISCHR(full.stat().st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_streamed_to_its_reader_and_stays_a_pipe(tmp_path):
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    try:
        assert atomic_write_lines(pipe, ["one", "two"]) == 2
    finally:
        if reader.is_alive():  # the writer failed before opening: let the reader go
            with open(pipe, "wb"):
                pass
        reader.join(10)
    assert received == [b"one\ntwo\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def killed_writer(target: Path) -> Path:
    """Start a writer to ``target`` in another process, kill it mid-write with SIGKILL, and
    return the temporary file it could not clean up."""
    import signal
    import subprocess

    code = (
        "import sys, time\n"
        "from annotator.io import atomic_output\n"
        "with atomic_output(sys.argv[1]) as out:\n"
        "    out.write('half'); out.flush(); print('writing', flush=True); time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "writing\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        child.stdout.close()
    (left,) = [p for p in target.parent.iterdir() if p.name.startswith(f".{target.name}.")]
    return left


@pytest.mark.skipif(os.name != "posix", reason="signals and pids")
def test_the_next_write_removes_what_a_killed_writer_left(tmp_path):
    target = put(tmp_path, "out.jsonl", "previous\n")
    left = killed_writer(target)
    assert left.name.endswith(".tmp") and target.read_text() == "previous\n"
    atomic_write_text(target, "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
    assert target.read_text() == "new\n"


@pytest.mark.skipif(os.name != "posix", reason="signals and pids")
def test_the_next_folder_export_removes_what_a_killed_writer_left(tmp_path):
    from annotator.export.folder import atomic_folder

    target = tmp_path / "brat"
    left = killed_writer(tmp_path / "brat.json")
    stale = tmp_path / left.name.replace(".brat.json.", ".brat.", 1)
    stale.mkdir()
    (stale / "a.txt").write_text("half")
    left.unlink()
    with atomic_folder(target) as folder:
        (folder / "a.txt").write_text("whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat"]


@pytest.mark.skipif(os.name != "posix", reason="signals and pids")
def test_stale_cleanup_spares_live_writers_and_files_it_did_not_make(tmp_path):
    from annotator import scratch

    target = put(tmp_path, "out.jsonl", "previous\n")
    live = tmp_path / f"{scratch.prefix(target).replace(str(os.getpid()), str(os.getppid()))}abc123.tmp"
    others = [live, tmp_path / ".out.jsonl.k2j4h5g6.tmp", tmp_path / ".out.jsonl.annotator-otherhost-1.x.tmp",
              tmp_path / ".other.jsonl.tmp"]
    for path in others:
        path.write_text("someone's")
    atomic_write_text(target, "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.jsonl", *(p.name for p in others)])


# --------------------------------------------------------------------------- splitting


def assert_exact_pieces(text: str, pieces: list[tuple[int, str]], max_chars: int) -> None:
    assert "".join(chunk for _, chunk in pieces) == text
    for offset, chunk in pieces:
        assert text[offset : offset + len(chunk)] == chunk
        assert len(chunk) <= max_chars
    assert [off for off, _ in pieces] == [sum(len(c) for _, c in pieces[:i]) for i in range(len(pieces))]


def test_five_megabyte_document_splits_at_paragraph_breaks():
    paragraph = " ".join(f"Sentence {i} says the minister, apparently." for i in range(40))
    text = "\n\n".join(f"{n}. {paragraph}" for n in range(3_000))
    assert len(text) > 5_000_000
    pieces = split_for_parser(text)
    assert_exact_pieces(text, pieces, 100_000)
    assert len(pieces) >= 50
    assert all(chunk.endswith("\n\n") for _, chunk in pieces[:-1])
    assert all(chunk[0].isdigit() for _, chunk in pieces)


@pytest.mark.parametrize(
    ("text", "max_chars", "chunks"),
    [
        ("Para one. More.\n\nPara two. Yes more", 24, ["Para one. More.\n\n", "Para two. Yes more"]),
        ("One. Two three four", 12, ["One. ", "Two three ", "four"]),
        ("line one\nline two x", 12, ["line one\n", "line two x"]),
        ("He said “Go.” Then left", 16, ["He said “Go.” ", "Then left"]),
        ("alpha beta gamma", 8, ["alpha ", "beta ", "gamma"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("short", 100, ["short"]),
        ("", 5, [""]),
    ],
    ids=["paragraph", "sentence", "newline", "closing-quote", "whitespace", "hard-cut", "short", "empty"],
)
def test_split_prefers_the_most_natural_break(text, max_chars, chunks):
    pieces = split_for_parser(text, max_chars)
    assert [chunk for _, chunk in pieces] == chunks
    assert_exact_pieces(text, pieces, max_chars)


def test_split_rejects_a_non_positive_limit():
    with pytest.raises(ValueError, match="at least 1"):
        split_for_parser("text", 0)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab.!? \n\r\t”é")), max_size=400), max_chars=st.integers(1, 60))
def test_split_pieces_cover_the_text_exactly(text, max_chars):
    assert_exact_pieces(text, split_for_parser(text, max_chars), max_chars)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300), max_chars=st.integers(1, 40))
def test_split_pieces_cover_any_unicode_text_exactly(text, max_chars):
    pieces = split_for_parser(text, max_chars)
    assert_exact_pieces(text, pieces, max_chars)
    assert all(chunk for _, chunk in pieces) or text == ""
