"""The files an author starts from: a new site (`pitboard init`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from .diagnostics import UsageError
from .theme import TEMPLATE_DIR, default_theme

STARTER = Path(__file__).resolve().parent / "starter"
# Files that a wheel could not carry under their real name.
_RENAMED = {"gitignore": ".gitignore"}


def init_site(folder: Path) -> None:
    """A new site in `folder`: site.toml, the default theme and one example of each content kind."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(f"{folder} is not empty; pitboard init starts a site only in a new or empty folder")
    shutil.copytree(STARTER, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    for packaged, real in _RENAMED.items():
        (folder / packaged).rename(folder / real)
    shutil.copytree(default_theme(), folder / TEMPLATE_DIR, ignore=shutil.ignore_patterns("__pycache__", ".*", "*~"))
