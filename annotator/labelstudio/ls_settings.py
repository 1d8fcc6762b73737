"""Label Studio's own Django settings, with its logging fixed, for the server ``start`` runs.

Label Studio hands the ``django`` logger the console handler and lets it propagate to
the root logger, which holds the same handler, so every request line reached the log
twice; and ``--log-level`` never reached ``django.*``, which stayed at Django's INFO.
This module is the child process's ``DJANGO_SETTINGS_MODULE`` (see ``server.py``): it
is imported only inside that process, after Label Studio has put its own folder on
``sys.path`` as its settings expect.
"""

from label_studio.core.settings.label_studio import *  # noqa: F401,F403
from label_studio.core.settings.label_studio import LOGGING

for _logger in LOGGING["loggers"].values():
    if _logger.get("handlers"):  # written by its own handler: the root's would write it again
        _logger["propagate"] = False
LOGGING["loggers"]["django"]["level"] = LOGGING["root"]["level"]
