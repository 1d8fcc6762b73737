from pathlib import Path

from annotator.schema import render_schemas

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_checked_in_schemas_are_current():
    """Regenerate with `annotator schema` when the models change."""
    for name, content in render_schemas().items():
        path = SCHEMAS / name
        assert path.exists(), f"{path} missing: run `annotator schema`"
        assert path.read_text(encoding="utf-8") == content, f"{path} is stale: run `annotator schema`"


def test_schema_names_every_source_type():
    import json

    schema = json.loads(render_schemas()["document.schema.json"])
    enum = schema["$defs"]["SourceType"]["enum"]
    assert set(enum) == {"named_person", "named_organisation", "anonymous", "agentless", "author", "document", "pronoun"}
