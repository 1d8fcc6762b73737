"""HTTP basic auth between Label Studio and the ML backend, for a backend others can reach.

Bound to 127.0.0.1 (the default) only this machine reaches the backend; on any other
address anyone who can reach it could ask for predictions and start training. Label
Studio's ML backends support basic auth (``auth_method: BASIC_AUTH``, sent on every
/health, /setup, /predict and /train), and its webhooks carry any headers they are given.
So one user and password, from the environment (never argv: a secret on a command line is
in every ``ps`` listing), are what ``labelstudio backend`` demands and what ``labelstudio
connect`` gives Label Studio for both.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os

from annotator.errors import AnnotatorError

USER_ENV = "ANNOTATOR_BACKEND_USER"
PASSWORD_ENV = "ANNOTATOR_BACKEND_PASSWORD"
REALM = "annotator ML backend"

Credentials = tuple[str, str]


def credentials_from_env() -> Credentials | None:
    """(user, password) when both are set, None when neither is; one alone is a mistake."""
    user, password = os.environ.get(USER_ENV) or None, os.environ.get(PASSWORD_ENV) or None
    if user is None and password is None:
        return None
    if user is None or password is None:
        missing = USER_ENV if user is None else PASSWORD_ENV
        raise AnnotatorError(f"basic auth for the ML backend needs both {USER_ENV} and {PASSWORD_ENV}: set {missing} too")
    if ":" in user:
        raise AnnotatorError(f"{USER_ENV} cannot hold ':' (basic auth puts one between user and password)")
    return user, password


def header(credentials: Credentials) -> str:
    """The ``Authorization`` header value that carries ``credentials``."""
    token = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode("utf-8")).decode("ascii")
    return f"Basic {token}"


def authorized(value: str | None, credentials: Credentials | None) -> bool:
    """Whether a request's ``Authorization`` header value lets it in (always, without credentials)."""
    if credentials is None:
        return True
    if not value or not value.startswith("Basic "):
        return False
    try:
        given = base64.b64decode(value[6:].strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = f"{credentials[0]}:{credentials[1]}".encode("utf-8")
    return hmac.compare_digest(given, expected)  # no timing hint of how much of it matched
