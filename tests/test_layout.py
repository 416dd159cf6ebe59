"""The app layout of DESIGN.md: imports point only back up the path of a story."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

PACKAGE = Path(__file__).resolve().parent.parent / "wiredesk"
ORDER = [name.split(".")[1] for name in settings.WIREDESK_APPS]
# Project modules that may name apps: the URL map mounts the apps' URLconfs.
PROJECT_MAY_IMPORT_APPS = {"urls.py"}


def wiredesk_imports(path: Path) -> set[str]:
    """Names of the wiredesk apps a module imports from."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "wiredesk" and len(parts) > 1 and parts[1] in ORDER:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("app", ORDER)
def test_app_imports_only_apps_above_it(app):
    """An app may import from apps earlier in the path, never from later ones."""
    allowed = set(ORDER[: ORDER.index(app) + 1])
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(wiredesk_imports(path) - allowed)
        for path in (PACKAGE / app).rglob("*.py")
        if wiredesk_imports(path) - allowed
    }
    assert offenders == {}


def test_project_package_knows_no_app():
    """Settings, command and registries do not import any app's code."""
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in ORDER or str(relative) in PROJECT_MAY_IMPORT_APPS:
            continue
        if wiredesk_imports(path):
            offenders[str(relative)] = sorted(wiredesk_imports(path))
    assert offenders == {}


def test_every_stage_app_is_installed():
    """The apps of DESIGN.md are all there, in the order of the path."""
    expected = [
        "taxonomy", "ingest", "stories", "drafting", "desk", "reader",
        "distribution", "audience",
    ]  # fmt: skip
    assert [a for a in ORDER if a in expected] == expected


def test_the_layering_check_catches_a_violation(tmp_path):
    """The checker itself sees an upward import (so the tests above can fail)."""
    module = tmp_path / "bad.py"
    module.write_text("from wiredesk.desk.models import Article\n")
    assert wiredesk_imports(module) == {"desk"}
