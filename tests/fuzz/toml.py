"""Plain values written as TOML, for mutated copies of site.toml (the standard library only reads TOML).

A None has no TOML form: its key is left out, as a removed field.
"""

from __future__ import annotations

import json
import math
import re

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def dump_toml(data: dict) -> str:
    return "\n".join(_table((), data)) + "\n"


def _table(path: tuple[str, ...], table: dict) -> list[str]:
    lines = [f"[{'.'.join(_key(part) for part in path)}]"] if path else []
    subtables = []
    for key, value in table.items():
        if isinstance(value, dict) and value:
            subtables.append((key, value))
        elif value is not None:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in subtables:
        lines.extend(["", *_table((*path, str(key)), value)])
    return lines


def _key(key: object) -> str:
    text = str(key)
    return text if _BARE_KEY.fullmatch(text) else _string(text)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value if item is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(key)} = {_value(item)}" for key, item in value.items() if item is not None) + "}"
    raise TypeError(f"no TOML for {value!r}")


def _float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but TOML wants DEL escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
