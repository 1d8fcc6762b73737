import os
import stat
import time

import pytest

from annotator.errors import AnnotatorError
from annotator.labelstudio import datadir, server


def test_a_server_that_moved_port_fails_fast(tmp_path):
    """Label Studio silently takes the next port when localhost holds ours: say so, do not wait."""
    log = tmp_path / "server.log"
    log.write_text("\n*** WARNING! ***\n* Port 8080 is in use.\n* Trying to start at 8081\n")
    url = f"http://127.0.0.1:{server.free_port()}"
    started = time.monotonic()
    with pytest.raises(AnnotatorError, match="taken on localhost"):
        server.wait_until_up(url, server.Credentials.new(), timeout=30, log_path=log)
    assert time.monotonic() - started < 5


def test_nothing_answering_times_out_with_the_url(tmp_path):
    url = f"http://127.0.0.1:{server.free_port()}"
    with pytest.raises(AnnotatorError, match=f"did not answer at {url}/health"):
        server.wait_until_up(url, server.Credentials.new(), timeout=0.5)


def test_server_environment_carries_settings_and_login_not_our_client_settings(monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "client-side-key")
    env = server.server_environment(server.Credentials("u@x.org", "pw", "t" * 40))
    assert env["LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN"] == "true" and env["SENTRY_DSN"] == ""
    assert env["fflag_feat_utc_210_prediction_validation_15082025"] == "true"
    assert env["LABEL_STUDIO_USER_TOKEN"] == "t" * 40 and "LABEL_STUDIO_API_KEY" not in env


# --------------------------------------------------------------------------- start records settings last


class _Process:
    pid = 424242


@pytest.fixture
def fake_start(tmp_path, monkeypatch):
    """start() with the server faked: the test decides whether it comes up."""
    from annotator.labelstudio import client as LS

    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "labelstudio.json"))
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    launched = []
    monkeypatch.setattr(server, "launch", lambda data_dir, host, port, creds, log: launched.append(creds) or _Process())
    monkeypatch.setattr(server, "stop_process", lambda pid: True)
    monkeypatch.setattr(server, "port_in_use", lambda host, port: False)
    return tmp_path / "labelstudio.json", launched, LS


def _fail(*args, **kwargs):
    raise AnnotatorError("the port of http://127.0.0.1:9001 is taken on localhost: give another --port")


def test_a_failed_start_leaves_the_settings_as_they_were(fake_start, monkeypatch, tmp_path):
    """Issue 9, item 4: the settings named the port of a start that never came up."""
    settings, _, LS = fake_start
    monkeypatch.setattr(server, "wait_until_up", lambda *a, **k: None)
    server.start(tmp_path / "data", port=9000)
    server.stop()
    before = settings.read_bytes()
    monkeypatch.setattr(server, "wait_until_up", _fail)
    with pytest.raises(AnnotatorError, match="taken on localhost"):
        server.start(tmp_path / "data", port=9001)
    assert settings.read_bytes() == before and LS.read_config()["url"] == "http://127.0.0.1:9000"


def test_a_failed_first_start_keeps_its_login_for_the_retry_and_writes_no_settings(fake_start, monkeypatch, tmp_path):
    settings, launched, LS = fake_start
    data_dir = tmp_path / "data"
    monkeypatch.setattr(server, "wait_until_up", _fail)
    with pytest.raises(AnnotatorError):
        server.start(data_dir, port=9001)
    assert not settings.exists()
    pending = data_dir / datadir.PENDING_LOGIN
    assert stat.S_IMODE(os.stat(pending).st_mode) == 0o600
    (data_dir / "label_studio.sqlite3").write_bytes(b"")  # the failed start got as far as creating the user
    monkeypatch.setattr(server, "wait_until_up", lambda *a, **k: None)
    info = server.start(data_dir, port=9002)
    assert launched[0] == launched[1]  # the same user and token both times
    saved = LS.read_config()
    assert saved["api_key"] == launched[0].token and saved["url"] == "http://127.0.0.1:9002" == info["url"]
    assert not pending.exists()


def test_a_taken_port_is_refused_before_anything_is_written(fake_start, monkeypatch, tmp_path):
    settings, launched, _ = fake_start
    monkeypatch.setattr(server, "port_in_use", lambda host, port: True)
    with pytest.raises(AnnotatorError, match="port 9003 on 127.0.0.1 is taken"):
        server.start(tmp_path / "data", port=9003)
    assert not settings.exists() and not launched and not (tmp_path / "data").exists()


# --------------------------------------------------------------------------- the data folder is private


def test_the_data_folder_is_created_owner_only(tmp_path):
    data_dir = tmp_path / "new" / "label-studio"
    datadir.make_private(data_dir)
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700


def test_an_old_world_readable_data_folder_is_closed(tmp_path):
    """Issue 9, item 10: an older annotator left the token's sqlite file 0644 in a 0755 folder."""
    data_dir = tmp_path / "data"
    (data_dir / "media" / "upload").mkdir(parents=True)
    for path in (data_dir / "label_studio.sqlite3", data_dir / "media" / "upload" / "x.json"):
        path.write_text("x")
        os.chmod(path, 0o644)
    for path in (data_dir, data_dir / "media", data_dir / "media" / "upload"):
        os.chmod(path, 0o755)
    datadir.make_private(data_dir)
    for root, dirs, files in os.walk(data_dir):
        for name in [".", *dirs, *files]:
            assert stat.S_IMODE(os.stat(os.path.join(root, name)).st_mode) & 0o077 == 0, name


def test_a_folder_without_a_database_keeps_its_files_modes(tmp_path):
    """Someone's own folder given as --data-dir: the folder closes, their files are not touched."""
    data_dir = tmp_path / "mine"
    data_dir.mkdir()
    (data_dir / "notes.txt").write_text("x")
    os.chmod(data_dir / "notes.txt", 0o644)
    datadir.make_private(data_dir)
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(data_dir / "notes.txt").st_mode) == 0o644


def test_the_server_runs_with_an_owner_only_umask_and_a_private_log(tmp_path, monkeypatch):
    import subprocess

    seen = {}

    def popen(command, **kwargs):
        seen.update(kwargs, command=command)
        return _Process()

    monkeypatch.setattr(server, "port_in_use", lambda host, port: False)
    monkeypatch.setattr(subprocess, "Popen", popen)
    log = tmp_path / "data" / "annotator-server.log"
    server.launch(tmp_path / "data", "127.0.0.1", 9, server.Credentials.new(), log)
    assert seen["umask"] == 0o077 and seen["command"][2] == server.SERVER_MODULE
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600


# --------------------------------------------------------------------------- the server's log


def test_label_studio_logging_writes_each_line_once_at_the_level_asked():
    """Issue 9, item 10: Label Studio's ``django`` logger and the root shared one handler, so
    every line was written twice, and django's INFO ignored --log-level WARNING. (The server
    test reads the real log.)"""
    from annotator.labelstudio.ls_main import tidy_logging

    settings = {  # the shape of label_studio/core/settings/base.py's LOGGING
        "version": 1, "disable_existing_loggers": False,
        "handlers": {"console": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {"django": {"handlers": ["console"]}, "faker": {"level": "WARNING", "propagate": False},
                    "asyncio": {"level": "WARNING"}},
    }
    tidied = tidy_logging(settings)
    assert tidied["loggers"]["django"] == {"handlers": ["console"], "propagate": False, "level": "WARNING"}
    assert tidied["loggers"]["asyncio"] == {"level": "WARNING"}  # no handler of its own: the root writes it, once
    assert tidied["root"] == settings["root"] and settings["loggers"]["django"] == {"handlers": ["console"]}


@pytest.mark.parametrize("host, port, message", [
    ("nohost.invalid", 8080, "--host 'nohost.invalid' is not an IPv4 address"),
    ("::1", 8080, "--host '::1' is not an IPv4 address"),
    ("127.0.0.1", 0, "--port 0 is not a port"),
    ("127.0.0.1", 99999, "--port 99999 is not a port"),
])
def test_a_bad_address_is_refused_before_anything_is_written(fake_start, host, port, message):
    """These were socket.gaierror / OverflowError tracebacks, and port 0 a four-minute wait."""
    settings, launched, _ = fake_start
    with pytest.raises(AnnotatorError, match=message):
        server.start(settings.parent / "data", host=host, port=port)
    assert not settings.exists() and not launched
