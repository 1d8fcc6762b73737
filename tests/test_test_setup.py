"""What README.md promises about running the tests: what they need, and that nothing is skipped silently."""

import re
import tomllib
from pathlib import Path

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
    report_tests = (ROOT / "tests" / "export" / "test_report.py").read_text(encoding="utf-8")
    assert '"/usr/bin/chromium"' in report_tests and "ANNOTATOR_CHROMIUM" in setup


def test_readme_keeps_exactly_two_set_up_commands():
    setup = (ROOT / "README.md").read_text(encoding="utf-8").split("## Set up", 1)[1].split("\n## ", 1)[0]
    assert len(re.findall(r"```bash\n", setup)) == 2
