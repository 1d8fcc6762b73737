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
