"""The TOML position scanner of site.toml errors."""

from __future__ import annotations

from generator.config import TomlLocator
from generator.diagnostics import Position


def test_keys_and_values_inside_a_one_line_inline_table():
    locator = TomlLocator('[images]\nquality = { avif = 60, "jpeg" = 82 }\n')
    assert locator.key_position_of(("images", "quality", "avif")) == Position(2, 13)
    assert locator.position_of(("images", "quality", "avif")) == Position(2, 20)
    assert locator.key_position_of(("images", "quality", "jpeg")) == Position(2, 24)
    assert locator.position_of(("images", "quality", "jpeg")) == Position(2, 33)
