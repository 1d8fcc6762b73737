"""`annotator labelstudio start|status|stop` on a copy of the cached, initialised data dir."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys

from ls_helpers import needs_server

pytestmark = needs_server


def _cli(*args, env):
    return subprocess.run([sys.executable, "-m", "annotator.cli", *args], env=env, capture_output=True, text=True, timeout=300)


def test_start_status_stop(initialised_label_studio, tmp_path):
    from annotator.labelstudio.server import free_port

    source, saved = initialised_label_studio
    data_dir = tmp_path / "data"
    shutil.copytree(source, data_dir)
    settings = tmp_path / "conf" / "labelstudio.json"
    settings.parent.mkdir()
    settings.write_text(json.dumps({**saved, "data_dir": str(data_dir.resolve()), "pid": None}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env["ANNOTATOR_CONFIG"] = str(settings)

    # A port someone else holds is refused, not silently swapped for the next one, and the
    # settings still name the server they named (issue 9, item 4).
    before = settings.read_bytes()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        refused = _cli("labelstudio", "start", "--data-dir", str(data_dir), "--port", str(busy), env=env)
    assert refused.returncode == 2 and f"port {busy}" in refused.stderr
    assert settings.read_bytes() == before

    port = free_port()
    started = _cli("labelstudio", "start", "--data-dir", str(data_dir), "--port", str(port), env=env)
    try:
        assert started.returncode == 0, started.stderr
        assert f"http://127.0.0.1:{port}" in started.stdout and saved["username"] in started.stdout
        output = started.stdout + started.stderr
        assert saved["api_key"] not in output and saved["password"] not in output
        assert stat.S_IMODE(os.stat(settings).st_mode) == 0o600
        written = json.loads(settings.read_text())
        assert written["url"] == f"http://127.0.0.1:{port}" and written["pid"]

        status = _cli("labelstudio", "status", env=env)
        assert status.returncode == 0 and "answering" in status.stdout and saved["api_key"] not in status.stdout
        assert "refuse" not in status.stdout
        _assert_owner_only(data_dir)
        log = (data_dir / "annotator-server.log").read_text()
        assert "Invalid page" not in log and saved["api_key"] not in log
        again = _cli("labelstudio", "start", "--data-dir", str(data_dir), "--port", str(free_port()), env=env)
        assert again.returncode == 2 and "already running" in again.stderr
    finally:
        stopped = _cli("labelstudio", "stop", env=env)
    assert stopped.returncode == 0 and "stopped Label Studio" in stopped.stdout
    try:
        os.killpg(written["pid"], 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive and json.loads(settings.read_text())["pid"] is None
    down = _cli("labelstudio", "status", env=env)
    assert down.returncode == 1 and "not answering" in down.stdout


def test_start_refuses_a_data_dir_whose_login_it_does_not_know(initialised_label_studio, tmp_path):
    source, _ = initialised_label_studio
    data_dir = tmp_path / "data"
    shutil.copytree(source, data_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env["ANNOTATOR_CONFIG"] = str(tmp_path / "fresh.json")
    result = _cli("labelstudio", "start", "--data-dir", str(data_dir), env=env)
    assert result.returncode == 2 and "does not know" in result.stderr
    assert not (tmp_path / "fresh.json").exists()


def _assert_owner_only(data_dir):
    """The data folder holds the API token (in its sqlite file): nobody else may read a byte."""
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o700
    loose = []
    for root, dirs, files in os.walk(data_dir):
        for name in dirs + files:
            mode = stat.S_IMODE(os.lstat(os.path.join(root, name)).st_mode)
            if mode & 0o077:
                loose.append((os.path.relpath(os.path.join(root, name), data_dir), oct(mode)))
    assert not loose


def test_a_server_that_moves_to_another_port_changes_no_settings(initialised_label_studio, tmp_path):
    """Label Studio checks 'localhost' and moves on when the port is busy there; asked to listen on
    127.0.0.2 with that port taken on 127.0.0.1, it would serve elsewhere: the start fails fast and
    the settings keep the server they had (issue 9, item 4)."""
    source, saved = initialised_label_studio
    data_dir = tmp_path / "data"
    shutil.copytree(source, data_dir)
    settings = tmp_path / "labelstudio.json"
    settings.write_text(json.dumps({**saved, "data_dir": str(data_dir.resolve()), "pid": None}))
    before = settings.read_bytes()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env["ANNOTATOR_CONFIG"] = str(settings)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        moved = _cli("labelstudio", "start", "--data-dir", str(data_dir), "--host", "127.0.0.2", "--port", str(busy), env=env)
    assert moved.returncode == 2 and "taken on localhost" in moved.stderr, moved.stderr
    assert "Traceback" not in moved.stderr and moved.stderr.strip().splitlines()[-1].startswith("annotator: error: ")
    assert settings.read_bytes() == before


def test_a_first_start_records_nothing_until_the_server_answers(tmp_path):
    """A first start refused before the server runs leaves no settings file behind."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env["ANNOTATOR_CONFIG"] = str(tmp_path / "labelstudio.json")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        refused = _cli("labelstudio", "start", "--data-dir", str(tmp_path / "fresh"), "--port", str(busy), env=env)
    assert refused.returncode == 2 and f"port {busy}" in refused.stderr
    assert not (tmp_path / "labelstudio.json").exists()


def test_status_says_when_the_key_is_refused(label_studio, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env.update(ANNOTATOR_CONFIG=str(tmp_path / "none.json"), LABEL_STUDIO_URL=label_studio.url,
               LABEL_STUDIO_API_KEY="0" * 40)
    refused = _cli("labelstudio", "status", env=env)
    assert refused.returncode == 1 and "refuses the API key from the environment" in refused.stdout
    assert "0" * 40 not in refused.stdout + refused.stderr and not refused.stderr
    env["LABEL_STUDIO_API_KEY"] = label_studio.api_key
    good = _cli("labelstudio", "status", env=env)
    assert good.returncode == 0 and "answering" in good.stdout and "refuse" not in good.stdout


def test_a_first_start_leaves_an_owner_only_folder_a_tidy_log_and_no_pending_login(initialised_label_studio):
    """The cached folder is what a first ``annotator labelstudio start`` made (conftest.py)."""
    from annotator.labelstudio.datadir import PENDING_LOGIN

    data_dir, saved = initialised_label_studio
    _assert_owner_only(data_dir)
    assert not (data_dir / PENDING_LOGIN).exists() and saved["api_key"] and saved["pid"] is None
    records = [line for line in (data_dir / "annotator-server.log").read_text().splitlines() if line.startswith("[")]
    assert not [a for a, b in zip(records, records[1:]) if a == b]  # each log line once
    assert not [line for line in records if "[INFO]" in line]  # --log-level WARNING reaches django.*
