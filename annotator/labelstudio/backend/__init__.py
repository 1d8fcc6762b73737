"""A Label Studio ML backend for annotator: Label Studio asks it for pre-annotations itself.

``models`` holds the pipeline being served and swaps in a new one without stopping
predictions; ``app`` speaks the HTTP protocol Label Studio 1.23 uses for ML backends
(``/health``, ``/setup``, ``/predict``, ``/webhook``); ``training`` counts reviewers'
annotations from the webhooks and retrains in the background. Connecting a project
to a running backend is ``annotator.labelstudio.connect``'s job.

Written on the standard library: the ``label-studio-ml`` package (1.0.9, the newest on
PyPI) pins Flask 1.1.2, Werkzeug 2.0.2, itsdangerous 2.0.1 and Jinja2 3.0.3 exactly, so
installing it would downgrade the Jinja2 that spaCy uses (3.1) for a protocol of five
small JSON endpoints.
"""
