"""``python -m annotator.labelstudio.ls_main start ...``: Label Studio's server, its log tidied.

Label Studio hands the ``django`` logger the console handler and lets it propagate to
the root logger, which holds the same handler, so every request line reached the log
twice; and ``--log-level`` never reached ``django.*``, which stayed at Django's INFO.
Its settings module cannot be wrapped (it reads ``django.conf.settings`` while it is
being imported), so the logging settings are tidied on their way into Django's
``configure_logging`` instead. Runs only in the server's own process (see ``server.py``).
"""

from __future__ import annotations

from typing import Any


def tidy_logging(settings: dict[str, Any]) -> dict[str, Any]:
    """A logger with handlers of its own stops propagating (the root would write each line
    again), and ``django`` logs at the root's level, the one ``--log-level`` set."""
    loggers = {name: dict(logger) for name, logger in (settings.get("loggers") or {}).items()}
    settings = {**settings, "loggers": loggers}
    for logger in loggers.values():
        if logger.get("handlers"):
            logger["propagate"] = False
    level = (settings.get("root") or {}).get("level")
    if level and "django" in loggers:
        loggers["django"]["level"] = level
    return settings


def main() -> None:
    import django.utils.log

    configure = django.utils.log.configure_logging

    def configure_tidily(logging_config, logging_settings):
        configure(logging_config, tidy_logging(logging_settings) if logging_settings else logging_settings)

    django.utils.log.configure_logging = configure_tidily  # django.setup() looks it up when called
    from label_studio.server import main as label_studio_main

    label_studio_main()


if __name__ == "__main__":
    main()
