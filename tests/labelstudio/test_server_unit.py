import time

import pytest

from annotator.errors import AnnotatorError
from annotator.labelstudio import server


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
