"""`pitboard init`: a new site that builds at once with the default theme, and both shipped in the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO, run_cli


def test_a_new_site_builds_at_once(tmp_path):
    run = run_cli("init", str(tmp_path / "team"))
    assert run.exit_code == 0, run.stderr
    site = tmp_path / "team"
    created, built, hint = run.stdout.splitlines()
    assert created == f"created a new site in {site}"
    assert built.startswith("built 26 pages (en 11, de 11, 4 shared) in ")
    assert built.endswith(f" s into {site / 'output'}")
    assert hint == f"see it, and every save, at once with: pitboard --site {site} serve"
    assert (site / "output/de/berichte/2025-hockenheim-race-1/index.html").is_file()
    assert (site / "site.toml").is_file()
    assert [path.name for path in (site / "templates").iterdir()] == ["README.md"]
    assert "pitboard theme copy" in (site / "templates/README.md").read_text()
    assert sorted(path.name for path in (site / "content").rglob("*.*")) == [
        "2025-hockenheim-race-1.de.md",
        "2025-hockenheim-race-1.en.md",
        "2025-hockenheim.yaml",
        "sam-taylor.yaml",
    ]
    assert (site / ".gitignore").read_text() == "/output\n/.output.pitboard-*/\n/.pitboard-cache/\n"


def test_an_empty_folder_is_fine(tmp_path):
    assert run_cli("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / "site.toml").is_file()


def test_a_folder_with_files_is_refused_and_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    run = run_cli("init", str(tmp_path))
    assert run.exit_code == 2
    assert run.stderr == (
        f"pitboard: error: {tmp_path} is not empty; pitboard init starts a site only in a new or empty folder\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


def test_a_file_is_refused(tmp_path):
    (tmp_path / "site").write_text("")
    run = run_cli("init", str(tmp_path / "site"))
    assert run.exit_code == 2
    assert "is a file, not a folder" in run.stderr


def test_the_wheel_ships_the_default_theme_and_the_starter_site_and_builds_without_warnings(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for folder in ("generator", "templates"):
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path / "dist"), source],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Warning:" not in result.stderr  # setuptools' warnings on pitboard's packaging (not pip's WARNING lines)
    (wheel,) = (tmp_path / "dist").glob("pitboard-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert _files(REPO / "templates", "generator/default_theme") <= names
    assert _files(REPO / "generator/starter", "generator/starter") <= names


def _files(folder: Path, in_wheel: str) -> set[str]:
    """The files below `folder`, named as the wheel names them below `in_wheel`."""
    return {
        f"{in_wheel}/{path.relative_to(folder).as_posix()}"
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
