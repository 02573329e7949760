"""The layers hold and the documented app graph is the code's (not a hand-drawn picture)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_app_graph_in_the_architecture_document_is_current() -> None:
    result = subprocess.run([sys.executable, "scripts/app_graph.py", "--check"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_no_app_imports_a_higher_layer() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


# Imports inside functions may stand only where Django wants them: an ``AppConfig.ready`` registers signal
# handlers, checks and hooks once the app registry is loaded. Anywhere else a function-level import of a xuncha
# module hides a dependency from import-linter (or a cycle between two modules); restructure instead.
FUNCTION_IMPORT_ALLOWED = {"ready"}


def function_level_imports(source: str, filename: str = "<source>") -> list[str]:
    """``line: module`` of every import of a xuncha module made inside a function (``ready`` methods excepted)."""
    found: list[str] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, function or child.name)
                continue
            if isinstance(child, ast.Lambda):
                visit(child, function or "<lambda>")
                continue
            if function is not None and function not in FUNCTION_IMPORT_ALLOWED:
                names: list[str] = []
                if isinstance(child, ast.Import):
                    names = [a.name for a in child.names]
                elif isinstance(child, ast.ImportFrom):
                    names = ["." * child.level + (child.module or "")]
                for name in names:
                    if name.startswith((".", "xuncha")):
                        found.append(f"{filename}:{child.lineno}: {name} (in {function})")
            visit(child, function)

    visit(ast.parse(source, filename), None)
    return found


def test_the_function_level_import_check_finds_one() -> None:
    source = ("from xuncha.core import clock\n\n"
              "class A:\n    def ready(self):\n        from xuncha.audit import checks\n\n"
              "def f():\n    if True:\n        from xuncha.orgs.models import Rank\n    import json\n")
    assert function_level_imports(source) == ["<source>:9: xuncha.orgs.models (in f)"]


def test_no_function_level_imports_of_xuncha_modules() -> None:
    found: list[str] = []
    for path in sorted([*(ROOT / "xuncha").rglob("*.py"), *(ROOT / "config").rglob("*.py")]):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        rel = str(path.relative_to(ROOT))
        found += function_level_imports(path.read_text(encoding="utf-8"), rel)
    assert not found, "Imports inside functions (move them to the module's top or restructure):\n" + "\n".join(found)


def _strict_patterns() -> list[re.Pattern[str]]:
    """The module patterns of pyproject's strict mypy override, compiled as mypy does (``.*`` is any depth)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: list[re.Pattern[str]] = []
    for override in config["tool"]["mypy"]["overrides"]:
        if override.get("disallow_untyped_defs") and override.get("warn_return_any"):
            for glob in override["module"]:
                expr = "".join(r"(\..*)?" if part == "*" else re.escape("." + part) for part in glob.split("."))
                patterns.append(re.compile(expr[2:] + r"\Z" if expr.startswith(r"\.") else expr + r"\Z"))
    return patterns


def test_every_service_selector_and_access_module_is_typed_strictly() -> None:
    """The rules live in ``services``, ``selectors`` (also ``selectors_*``, ``*_selectors``) and ``access``
    modules: each is under the strict mypy override, whatever app it is in (a new app's too)."""
    patterns = _strict_patterns()
    names = re.compile(r"(services|selectors|selectors_\w+|\w+_selectors|access)\Z")
    missing = []
    for path in sorted((ROOT / "xuncha").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or not names.match(path.stem):
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if not any(p.match(module) for p in patterns):
            missing.append(module)
    assert not missing, f"not under the strict mypy override in pyproject.toml: {missing}"
