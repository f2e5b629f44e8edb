"""A missing outside tool skips its web check locally, and fails it in CI."""

from __future__ import annotations

import pytest
from webcheck import tools


def test_a_missing_tool_skips_with_its_name_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="`no-such-checker` is missing: apt-get install it"):
        tools.executable("no-such-checker", "apt-get install it")


def test_a_missing_tool_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="`no-such-checker` is missing"):
        tools.executable("no-such-checker", "apt-get install it")


def test_a_missing_python_package_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="the Python package no-such-package is missing"):
        tools.python_module("no_such_module", "no-such-package")
