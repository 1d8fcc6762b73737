"""tools/mutation_plugin.py: a switched-off function returns what its rule entry says, through
every reference to it, and a name that no longer exists is an error, not a silent pass."""

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from mutation_plugin import CALLS, resolve, stub_source, switch_off  # noqa: E402


@pytest.fixture
def module(tmp_path, monkeypatch):
    (tmp_path / "mutation_target.py").write_text(textwrap.dedent("""
        def keep(doc, items):
            return [i for i in items if i > 1]

        def pair(start, end, quotes):
            return start - 1, end + 1

        def _make():
            x = 1
            def inner():
                return x
            return inner

        closure = _make()
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    import mutation_target

    yield mutation_target
    sys.modules.pop("mutation_target", None)


@pytest.mark.parametrize(
    "off, args, expected",
    [
        ("false", ("doc", [1, 2]), False),
        ("true", ("doc", [1, 2]), True),
        ("none", ("doc", [1, 2]), None),
        ("[]", ("doc", [1, 2]), []),
        ("unchanged", ("doc", [1, 2]), [1, 2]),
        ("arg0", ("doc", [1, 2]), "doc"),
        ("(none, 'none')", ("doc", [1, 2]), (None, "none")),
    ],
)
def test_stub_returns_what_the_entry_says(module, off, args, expected):
    copy = module.keep  # what 'from x import keep' holds
    switch_off("mutation_target:keep", off)
    assert copy(*args) == expected
    assert module.keep is copy
    assert module.__dict__[CALLS] == [1]


def test_pair_of_arguments(module):
    switch_off("mutation_target:pair", "(arg0, arg1)")
    assert module.pair(3, 7, []) == (3, 7)


@pytest.mark.parametrize(
    "target, message",
    [
        ("mutation_target:gone", "renamed or removed"),
        ("mutation_target", "module:function"),
        ("no_such_module_here:f", "cannot import"),
        ("mutation_target:keep.inner", "renamed or removed"),
        ("mutation_target:closure", "closure"),
    ],
)
def test_missing_rule_is_an_error(module, target, message):
    with pytest.raises(LookupError, match=message):
        resolve(target)


def test_bad_value_is_an_error():
    with pytest.raises(ValueError, match="unknown switch-off value"):
        stub_source("maybe")
