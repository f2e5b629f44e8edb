"""The Nu Html Checker (vnu), run once over many files in one JVM."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

ERROR_TYPES = {"error", "non-document-error"}


@dataclass(frozen=True, slots=True)
class VnuMessage:
    kind: str  # "error", "non-document-error" or "info" (subtype "warning" or none)
    path: str
    line: int | None
    text: str

    @classmethod
    def from_json(cls, message: dict) -> VnuMessage:
        return cls(
            kind=message["type"] if "subType" not in message else f"{message['type']} {message['subType']}",
            path=unquote(urlparse(message.get("url", "")).path),
            line=message.get("lastLine"),
            text=message["message"],
        )

    @property
    def is_error(self) -> bool:
        return self.kind.split()[0] in ERROR_TYPES

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.text}"


def validate(files: Sequence[Path], java: str, jar: Path) -> list[VnuMessage]:
    """Every message vnu has about `files`: HTML, and CSS and SVG files by their extension."""
    command = [java, "-jar", str(jar), "--format", "json", "--stdout", "--also-check-css", "--also-check-svg"]
    result = subprocess.run([*command, *map(str, files)], check=False, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu gave no report (exit {result.returncode}): {result.stderr or result.stdout}") from None
    return [VnuMessage.from_json(message) for message in report["messages"]]
