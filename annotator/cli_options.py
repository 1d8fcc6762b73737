"""What the command line accepts, written so that ``--help`` shows it.

Choices are enums, so the help lists them and a typo is refused before any work starts;
the values are spelled out here rather than read from the registries, because importing
the writers (spaCy among them) would make ``annotator --help`` take seconds. A test keeps
the two in step.

Typer's help prints a type next to every option, so a flag reads ``--dry-run <bool>`` as
if it took a value; the command classes below blank that label for flags.
"""

from __future__ import annotations

from enum import Enum

import typer.core


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    spacy = "spacy"
    conll = "conll"
    brat = "brat"
    labelstudio = "labelstudio"


class ImportFormat(str, Enum):
    brat = "brat"
    jsonl = "jsonl"
    labelstudio = "labelstudio"


class CsvRows(str, Enum):
    attributions = "attributions"
    hedges = "hedges"
    claims = "claims"


class PushOrder(str, Enum):
    input = "input"
    uncertain = "uncertain"


class PushClaims(str, Enum):
    all = "all"
    checkworthy = "checkworthy"


class Policy(str, Enum):
    ground_truth = "ground-truth"
    latest = "latest"
    first = "first"


def _plain_flags(params: list) -> list:
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""  # shown as the type label; empty reads as a plain switch
    return params


class Command(typer.core.TyperCommand):
    """A command whose help shows flags as switches."""

    def get_params(self, ctx):
        return _plain_flags(super().get_params(ctx))


class Group(typer.core.TyperGroup):
    """A command group whose help shows flags (``--help``, ``--version``) as switches."""

    def get_params(self, ctx):
        return _plain_flags(super().get_params(ctx))
