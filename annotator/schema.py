"""Write the files derived from the record models: JSON Schema and the Label Studio config.

The checked-in copies in ``schemas/`` let people outside Python validate our
records and set up a Label Studio project by hand; a test regenerates them and
fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from .io import atomic_write_text
from .records import Document


def document_schema() -> dict:
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "annotator/document.schema.json"
    return schema


def render_schemas() -> dict[str, str]:
    """File name -> file content, for writing and for the staleness test alike."""
    from .formats.labelstudio.config import labeling_config  # plain XML: needs neither the SDK nor the server

    return {
        "document.schema.json": json.dumps(document_schema(), indent=2, ensure_ascii=False) + "\n",
        "labeling_config.xml": labeling_config(),
    }


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render_schemas().items():
        path = out_dir / name
        atomic_write_text(path, content)
        written.append(path)
    return written
