"""The work page lives in its own app: core imports neither it nor any domain app, and the URLs stay."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import resolve, reverse

import xuncha.core

DOMAIN_APPS = ("dashboards", "inspections", "planning", "orgs", "rules", "pool", "taxonomy", "demo")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_core_imports_no_domain_app():
    root = Path(xuncha.core.__file__).parent
    offending = {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py") if "tests" not in path.parts and "migrations" not in path.parts
        for name in _imports(path)
        if any(name == f"xuncha.{app}" or name.startswith(f"xuncha.{app}.") for app in DOMAIN_APPS)
    }
    assert offending == set()


def test_the_dashboards_app_is_installed_after_the_feature_apps():
    assert apps.get_app_config("dashboards").name == "xuncha.dashboards"
    order = settings.INSTALLED_APPS
    assert order.index("xuncha.audit") < order.index("xuncha.dashboards") < order.index("xuncha.api")


def test_the_work_page_keeps_its_address():
    assert reverse("dashboards:home") == "/"
    assert resolve("/").func.__module__ == "xuncha.dashboards.views"
    assert settings.LOGIN_REDIRECT_URL == "dashboards:home"
