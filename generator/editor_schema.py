"""JSON Schema of the content files, generated from the pydantic models of `schema`.

Editors use them for completion and checking while an author types (see the README). They
declare draft-07, the draft the YAML language server implements; what pydantic emits for
these models stays within it.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .schema import SCHEMAS

SCHEMA_DIR = "schemas"
DRAFT = "http://json-schema.org/draft-07/schema#"


def schema_text(model: type[BaseModel]) -> str:
    schema = {"$schema": DRAFT, **model.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """One `<kind>.schema.json` a content kind in `folder`; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, model in SCHEMAS.items():
        path = folder / f"{kind.value}.schema.json"
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
