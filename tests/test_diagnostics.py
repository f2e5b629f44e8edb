"""Diagnostics as the terminal and editors see them."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Position


def test_an_error_is_one_line_whatever_it_quotes():
    diagnostic = Diagnostic("content/reports/a\u202eb.en.md", Position(2, 3), "unknown field 'x\ny\x1b[2J'")
    assert diagnostic.format() == ("content/reports/a\\u202eb.en.md:2:3: error: unknown field 'x\\x0ay\\x1b[2J'")


def test_letters_of_any_script_are_kept():
    assert Diagnostic("content/drivers/x.yaml", Position(), "'Müller — 日本'").format().endswith("'Müller — 日本'")
