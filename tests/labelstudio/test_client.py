import os
import stat

import pytest

from annotator.errors import AnnotatorError
from annotator.labelstudio import client as LS
from annotator.labelstudio.server import Credentials


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    path = tmp_path / "conf" / "labelstudio.json"
    monkeypatch.setenv("ANNOTATOR_CONFIG", str(path))
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    return path


def test_settings_file_is_owner_only_and_env_overrides_it(settings_file, monkeypatch):
    LS.write_config({"url": "http://127.0.0.1:9/", "api_key": "file-key-123"})
    assert stat.S_IMODE(os.stat(settings_file).st_mode) == 0o600
    conn = LS.connection_settings()
    assert (conn.url, conn.api_key, conn.origin) == ("http://127.0.0.1:9", "file-key-123", str(settings_file))
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "env-key-456")
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://example.invalid:1")
    conn = LS.connection_settings()
    assert (conn.url, conn.api_key, conn.origin) == ("http://example.invalid:1", "env-key-456", "the environment")


def test_no_settings_says_what_to_do(settings_file):
    with pytest.raises(AnnotatorError, match="annotator labelstudio start"):
        LS.connection_settings()


def test_secrets_stay_out_of_reprs():
    conn = LS.Connection("http://h", "sekrit-token-value", "env")
    creds = Credentials("u@example.org", "pw-value-1", "sekrit-token-value")
    assert "sekrit" not in repr(conn) and "sekrit" not in repr(creds) and "pw-value" not in repr(creds)


def test_auth_error_message_names_the_fix_not_the_key():
    conn = LS.Connection("http://h:1", "sekrit-token-value", "the environment")

    class Fake(Exception):
        status_code = 401
        body = {"detail": "Invalid token."}

    message = LS.describe_api_error(Fake(), conn)
    assert "LABEL_STUDIO_API_KEY" in message and "401" in message and "sekrit" not in message
    assert "\n" not in message


def test_new_credentials_fit_label_studio_token_column():
    creds = Credentials.new()
    assert len(creds.token) == 40 and creds.token != Credentials.new().token


BAD_URLS = ["not-a-url", "ftp://x", "http://[::1", "http://h:99999", "http://", "http://127.0.0.1:8080 /x"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_malformed_url_is_one_line_naming_it(settings_file, monkeypatch, url):
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "sekrit-token-value")
    with pytest.raises(AnnotatorError) as e:
        LS.connection_settings()
    message = str(e.value)
    assert "LABEL_STUDIO_URL" in message and repr(url) in message and "\n" not in message
    assert "sekrit" not in message


def test_a_login_in_the_url_is_refused_and_never_echoed(settings_file, monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://me:pa55word@127.0.0.1:8080")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "k")
    with pytest.raises(AnnotatorError, match="never in the URL") as e:
        LS.connection_settings()
    assert "pa55word" not in str(e.value)


def test_a_malformed_url_in_the_settings_file_names_the_file(settings_file):
    LS.write_config({"url": "localhost:8080", "api_key": "k"})
    with pytest.raises(AnnotatorError, match=f"the url in {settings_file}"):
        LS.connection_settings()


def test_good_urls_pass_without_their_trailing_slash():
    assert LS.checked_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert LS.checked_url("https://ls.example.org/label-studio") == "https://ls.example.org/label-studio"
    assert LS.checked_url("http://[::1]:8080") == "http://[::1]:8080"


@pytest.mark.parametrize("url", ["not-a-url", "ftp://x", "http://[::1"])
@pytest.mark.parametrize("command", ["push", "pull", "review-stats", "status"])
def test_every_command_gives_one_line_and_status_2_for_a_malformed_url(settings_file, tmp_path, url, command):
    """Issue 9, item 5: these raised httpx's UnsupportedProtocol / InvalidURL as tracebacks."""
    pytest.importorskip("label_studio_sdk")
    from typer.testing import CliRunner

    from annotator.cli import app
    from ls_helpers import small_document, write_records

    records = tmp_path / "r.jsonl"
    write_records(records, [small_document(1)])
    args = {
        "push": ["push", str(records), "--project", "p", "--no-progress"],
        "pull": ["pull", "--project", "p", "-o", str(tmp_path / "out.jsonl")],
        "review-stats": ["review-stats", "--project", "p"],
        "status": ["labelstudio", "status"],
    }[command]
    env = {"LABEL_STUDIO_URL": url, "LABEL_STUDIO_API_KEY": "sekrit-token-value"}
    result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: error: LABEL_STUDIO_URL is ")
    assert "sekrit" not in result.output and not (tmp_path / "out.jsonl").exists()
