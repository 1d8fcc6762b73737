"""pytest plugin for tools/mutation_check.py: switch one detector rule off for a whole test run.

Loaded with ``-p mutation_plugin`` (tools/ on the path). Inert unless ``ANNOTATOR_MUTATION``
names a function, as ``module:qualname``; ``ANNOTATOR_MUTATION_OFF`` says what the switched-off
function returns (see ``stub_source``). The function object keeps its identity and only its
``__code__`` is replaced, so every reference to it, ``from x import f`` copies included, runs
the stub. ``ANNOTATOR_MUTATION_REPORT`` names a JSON file that gets how often the stub ran and
the first failing test.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import types

TARGET_ENV = "ANNOTATOR_MUTATION"
OFF_ENV = "ANNOTATOR_MUTATION_OFF"
REPORT_ENV = "ANNOTATOR_MUTATION_REPORT"
CALLS = "_annotator_mutation_calls"  # counter the stub bumps, kept in the target's module globals

_KEYWORDS = {
    "false": "False",
    "true": "True",
    "none": "None",
    "[]": "[]",
    # the first list argument, as given: a filter that drops nothing
    "unchanged": "next(a for a in args if isinstance(a, list))",
}
_ARG = re.compile(r"arg(\d)$")
_STRING = re.compile(r"'[A-Za-z_ -]*'$")


def _expr(word: str) -> str:
    word = word.strip()
    if word in _KEYWORDS:
        return _KEYWORDS[word]
    m = _ARG.match(word)
    if m:
        return f"args[{m.group(1)}]"
    if _STRING.match(word):
        return word
    raise ValueError(
        f"unknown switch-off value {word!r}: use false, true, none, [], unchanged, argN, "
        "a 'string', or a tuple of those such as (none, none)"
    )


def stub_source(off: str) -> str:
    """The source of the stub for one switch-off value: 'false', '(none, none)', '(arg0, arg1)'."""
    off = off.strip()
    if off.startswith("(") and off.endswith(")"):
        parts = [p for p in off[1:-1].split(",") if p.strip()]
        body = "(" + ", ".join(_expr(p) for p in parts) + ("," if len(parts) == 1 else "") + ")"
    else:
        body = _expr(off)
    return f"def _off(*args, **kwargs):\n    {CALLS}[0] += 1\n    return {body}\n"


def lookup(target: str) -> tuple[types.ModuleType, object]:
    """The module and the object that ``module:qualname`` names; a clear error when there is none."""
    if ":" not in target:
        raise LookupError(f"{target!r}: name a rule as module:function")
    mod_name, qualname = target.split(":", 1)
    try:
        module = importlib.import_module(mod_name)
    except ImportError as e:
        raise LookupError(f"{target!r}: cannot import {mod_name} ({e})") from None
    obj = module
    for part in qualname.split("."):
        if not hasattr(obj, part):
            raise LookupError(f"{target!r}: {mod_name} has no {qualname} (renamed or removed?)")
        obj = getattr(obj, part)
    return module, obj


def resolve(target: str) -> tuple[types.ModuleType, types.FunctionType]:
    """The module and the plain function that ``module:qualname`` names; a clear error otherwise."""
    module, obj = lookup(target)
    if not isinstance(obj, types.FunctionType):
        raise LookupError(f"{target!r} is a {type(obj).__name__}, not a plain function")
    if obj.__code__.co_freevars:
        raise LookupError(f"{target!r} is a closure; only module-level functions and methods can be switched")
    return module, obj


def switch_off(target: str, off: str) -> types.FunctionType:
    """Replace the function's code with a stub returning what ``off`` says; returns the function."""
    _, func = resolve(target)
    namespace: dict = {}
    exec(compile(stub_source(off), f"<switched off: {target}>", "exec"), {}, namespace)
    code = namespace["_off"].__code__.replace(co_name=func.__code__.co_name, co_qualname=func.__code__.co_qualname)
    func.__globals__.setdefault(CALLS, [0])
    func.__code__ = code
    return func


_state: dict = {"target": None, "off": None, "func": None, "first_failure": None, "message": None}


def pytest_configure(config):
    target = os.environ.get(TARGET_ENV)
    if not target:
        return
    off = os.environ.get(OFF_ENV, "none")
    _state.update(target=target, off=off, func=switch_off(target, off))


def pytest_report_header(config):
    if _state["target"]:
        return f"mutation: {_state['target']} switched off (returns {_state['off']})"
    return None


def pytest_runtest_logreport(report):
    if report.failed and _state["first_failure"] is None:
        _state["first_failure"] = report.nodeid
        crash = getattr(report.longrepr, "reprcrash", None)
        message = crash.message if crash is not None else str(report.longrepr)
        _state["message"] = message.splitlines()[0][:200] if message else ""


def pytest_collectreport(report):
    if report.failed and _state["first_failure"] is None:
        _state["first_failure"] = report.nodeid or "<collection>"
        _state["message"] = str(report.longrepr).splitlines()[-1][:200] if report.longrepr else ""


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get(REPORT_ENV)
    if not path:
        return
    func = _state["func"]
    calls = func.__globals__.get(CALLS, [0])[0] if func is not None else None
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(
            {
                "target": _state["target"],
                "off": _state["off"],
                "exitstatus": int(exitstatus),
                "calls": calls,
                "first_failure": _state["first_failure"],
                "message": _state["message"],
            },
            fh,
        )
