import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

USER_FOLDERS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
_PRIVATE = pytest.StashKey[tuple[Path, dict]]()


def pytest_configure(config):
    """Tests write only under temporary folders. Anything that falls back on the user's own
    data, config, cache or state folder (Label Studio's settings, platformdirs defaults, in
    this process or a subprocess) gets a private one for the session instead of ~/.local."""
    base = Path(tempfile.mkdtemp(prefix="annotator-tests-"))
    config.stash[_PRIVATE] = (base, {name: os.environ.get(name) for name in USER_FOLDERS})
    for name in USER_FOLDERS:
        os.environ[name] = str(base / name.lower())


def pytest_unconfigure(config):
    base, before = config.stash.get(_PRIVATE, (None, {}))
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if base is not None:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def nlp():
    """The full pipeline with the detector, loaded once: loading spaCy is the slow part."""
    from annotator.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def annotate_text(nlp):
    """Annotate one text and return its Document record."""
    from annotator.annotate import annotate_documents
    from annotator.io import InputDocument

    def run(text: str, doc_id: str = "t"):
        return next(annotate_documents(nlp, [InputDocument(doc_id, text, {}, "test")]))

    return run


@pytest.fixture(scope="session")
def annotated(annotate_text):
    """Like annotate_text, but each text is annotated once per session however many tests ask."""
    cache = {}

    def run(text: str):
        if text not in cache:
            cache[text] = annotate_text(text)
        return cache[text]

    return run


@pytest.fixture(scope="session")
def blank_nlp():
    """The detector without a parser: the lexical fallback."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("attribution_detector")
    return nlp


@pytest.fixture
def char_device(tmp_path):
    """A character device like /dev/null or /dev/full. As root, a copy made in tmp_path: a test
    run against a writer that renames over its target must never replace the machine's own."""
    minors = {"null": 3, "full": 7}

    def make(name: str) -> Path:
        if os.name != "posix":
            pytest.skip("character devices")
        if os.geteuid() != 0:
            return Path(f"/dev/{name}")
        path = tmp_path / name
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minors[name]))
        try:
            path.open("wb").close()
        except OSError:
            pytest.skip("device nodes cannot be opened in the temporary folder (nodev)")
        return path

    return make


# The report and labeling-view tests open pages in Debian's Chromium (driven by playwright, no
# browser download): .ci/run installs it; ANNOTATOR_CHROMIUM names another.
CHROMIUM = os.environ.get("ANNOTATOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if executable is None:
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
