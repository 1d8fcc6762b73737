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

    # A port someone else holds is refused, not silently swapped for the next one.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        refused = _cli("labelstudio", "start", "--data-dir", str(data_dir), "--port", str(busy), env=env)
    assert refused.returncode == 2 and f"port {busy}" in refused.stderr

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
