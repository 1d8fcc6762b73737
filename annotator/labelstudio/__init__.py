"""The review loop with Label Studio: pre-annotations out as predictions, reviewed records back.

Everything here that needs the SDK or the server imports it inside functions, so
the engine (and ``annotator schema``) works without the optional extras.
"""
