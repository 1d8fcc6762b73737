"""A real Label Studio for the integration tests, started as cheaply as the server allows.

The first start of a fresh data dir migrates the database (about 30-60 s); a copy of
an initialised dir starts in a few seconds. So one data dir is initialised per
label-studio version, through ``annotator labelstudio start`` itself, and cached in
pytest's cache folder; each test module gets its own copy on a free loopback port,
stopped by pid when the module ends.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from ls_helpers import HAVE_SERVER


@dataclass
class LabelStudioServer:
    url: str
    api_key: str
    username: str
    data_dir: Path
    pid: int

    def client(self):
        from label_studio_sdk import LabelStudio

        return LabelStudio(base_url=self.url, api_key=self.api_key)


def _annotator(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args], env=env, capture_output=True, text=True, timeout=400
    )


@pytest.fixture(scope="session")
def initialised_label_studio(request, tmp_path_factory) -> tuple[Path, dict]:
    """(data dir, saved settings) of a Label Studio initialised once and cached between sessions."""
    if not HAVE_SERVER:
        pytest.skip("label-studio is not installed (pip install -e '.[dev,server]')")
    try:
        ls_version = version("label-studio")
    except PackageNotFoundError:  # pragma: no cover
        ls_version = "unknown"
    cache = getattr(request.config, "cache", None)
    # "-2": initialised by the start that keeps the data folder owner-only (issue 9), not an older one
    base = Path(cache.mkdir(f"label-studio-{ls_version}-2")) if cache else tmp_path_factory.mktemp("ls-cache")
    data_dir, settings_path, ready = base / "data", base / "settings.json", base / "ready"
    if not ready.exists():
        shutil.rmtree(data_dir, ignore_errors=True)
        settings_path.unlink(missing_ok=True)
        from annotator.labelstudio.server import free_port

        env = {**os.environ, "ANNOTATOR_CONFIG": str(settings_path)}
        env.pop("LABEL_STUDIO_URL", None)
        env.pop("LABEL_STUDIO_API_KEY", None)
        started = _annotator(
            "labelstudio", "start", "--data-dir", str(data_dir), "--port", str(free_port()), env=env
        )
        stopped = _annotator("labelstudio", "stop", env=env)
        assert started.returncode == 0, started.stderr
        assert stopped.returncode == 0, stopped.stderr
        ready.write_text(ls_version)
    return data_dir, json.loads(settings_path.read_text())


def start_copy(initialised, target: Path) -> LabelStudioServer:
    from annotator.labelstudio.server import Credentials, free_port, launch, wait_until_up

    source, settings = initialised
    shutil.copytree(source, target)
    credentials = Credentials(settings["username"], settings["password"], settings["api_key"])
    port = free_port()
    log = target / "annotator-server.log"
    process = launch(target, "127.0.0.1", port, credentials, log)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, credentials, process=process, timeout=180, log_path=log)
    return LabelStudioServer(url, credentials.token, credentials.username, target, process.pid)


@pytest.fixture(scope="module")
def label_studio(initialised_label_studio, tmp_path_factory):
    """A running server of this module's own, on a free port."""
    from annotator.labelstudio.server import stop_process

    server = start_copy(initialised_label_studio, tmp_path_factory.mktemp("ls") / "data")
    try:
        yield server
    finally:
        stop_process(server.pid)


@pytest.fixture
def ls_env(label_studio, monkeypatch, tmp_path):
    """Point annotator at the module's server through the environment, as a user would."""
    monkeypatch.setenv("LABEL_STUDIO_URL", label_studio.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", label_studio.api_key)
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(tmp_path / "no-settings.json"))
    return label_studio
