"""What a non-editable install ships: every file the code reads at run time
(templates of both engines, static files, data) is in the package data."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "wiredesk"


def shipped_patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["*"]


def is_shipped(relative: Path, patterns: list[str]) -> bool:
    """setuptools matches each pattern under every package folder of the file."""
    parts = relative.parts
    for start in range(len(parts) - 1):
        tail = "/".join(parts[start:])
        for pattern in patterns:
            if fnmatch.fnmatch(tail, pattern) or fnmatch.fnmatch(
                tail, pattern.replace("**/", "")
            ):
                return True
    return False


def test_every_data_file_of_the_package_is_shipped():
    patterns = shipped_patterns()
    missing = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc"}
        and "__pycache__" not in path.parts
        and not is_shipped(path.relative_to(PACKAGE), patterns)
    ]
    assert missing == []


def test_the_check_sees_a_folder_left_out():
    """A template folder missing from the patterns is reported (the test above
    can fail): the Jinja2 pages were once left out of the wheel this way."""
    patterns = ["templates/**/*", "static/**/*"]
    assert not is_shipped(Path("reader/jinja2/reader/base.html"), patterns)
    assert is_shipped(Path("reader/templates/reader/x.html"), patterns)
