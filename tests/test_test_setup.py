"""What README.md promises about running the tests: what they need, that nothing is skipped
silently, and that they write nowhere but their temporary folders."""

import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_pytest_reports_every_skip_with_its_reason():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    chars = re.findall(r"-r(\w+)", options.get("addopts", ""))
    assert chars, "addopts sets no -r summary"
    shown = set(chars[-1])
    everything = bool(shown & {"a", "A"})
    assert everything or {"s", "f", "E"} <= shown  # skips, and pytest's default failures and errors


def test_readme_says_what_the_browser_tests_need_and_where_ci_installs_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    assert "chromium" in setup and "/usr/bin/chromium" in setup and ".ci/run" in setup
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install -y -q chromium" in ci
    report_tests = (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert '"/usr/bin/chromium"' in report_tests and "ANNOTATOR_CHROMIUM" in setup


def test_readme_keeps_exactly_two_set_up_commands():
    setup = (ROOT / "README.md").read_text(encoding="utf-8").split("## Set up", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"```bash\n", setup)) == 2


def test_the_session_gives_user_folders_of_its_own():
    temporary = Path(tempfile.gettempdir()).resolve()
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        assert temporary in Path(os.environ[name]).resolve().parents


def test_starting_label_studio_leaves_nothing_in_the_users_home(tmp_path, monkeypatch):
    """Label Studio loads its settings, making its data folders, before it reads --data-dir;
    the start must point them at the data dir. Run that first step with the environment our
    launch gives the server, a fresh HOME and no XDG folders, as on a user's machine."""
    pytest.importorskip("label_studio")
    from annotator.labelstudio import server

    given = {}

    def popen(command, env, **options):
        given.update(command=command, env=env)

    monkeypatch.setattr(server, "subprocess", SimpleNamespace(Popen=popen, DEVNULL=subprocess.DEVNULL))
    data_dir = tmp_path / "data"
    credentials = server.Credentials("u@example.org", "pw", "t" * 40)
    server.launch(data_dir, "127.0.0.1", server.free_port(), credentials, tmp_path / "server.log")
    # the server runs through our wrapper, which imports label_studio.server first thing
    assert given["command"][1:3] == ["-m", "annotator.labelstudio.ls_main"]
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in given["env"].items() if not k.startswith("XDG_")} | {"HOME": str(home)}
    loaded = subprocess.run(
        [sys.executable, "-c", "import label_studio.server"], env=env, cwd=data_dir, capture_output=True, text=True,
        timeout=300,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert sorted(p.name for p in home.rglob("*")) == []
    assert (data_dir / "media").is_dir()


def test_test_files_have_unique_names():
    """The test folders are not packages, so pytest imports each file by its bare name: two
    files of one name in different folders stop the whole run at collection."""
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
