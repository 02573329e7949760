#!/usr/bin/env python3
"""The apps' dependency diagram, drawn from the code (grimp's import graph) in the layer order of the
import-linter contract in pyproject.toml — written between the markers in docs/architecture.md, or checked.

    .venv/bin/python scripts/app_graph.py          # rewrite the block
    .venv/bin/python scripts/app_graph.py --check  # exit 1 when the block is stale (tests/test_architecture.py)
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
BEGIN, END = "<!-- app-graph:begin (scripts/app_graph.py) -->", "<!-- app-graph:end -->"


def layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = config["tool"]["importlinter"]["contracts"][0]
    return [[m.strip().removeprefix("xuncha.") for m in layer.replace(":", "|").split("|")]
            for layer in contract["layers"]]


def edges() -> set[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph("xuncha", exclude_type_checking_imports=True)
    found: set[tuple[str, str]] = set()
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2 or "tests" in parts:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")
            if len(other) >= 2 and other[1] != parts[1] and "tests" not in other:
                found.add((parts[1], other[1]))
    return found


def render() -> str:
    order = layers()
    lines = [BEGIN, "```mermaid", "graph BT"]
    for i, layer in enumerate(reversed(order)):
        lines.append(f"    subgraph L{i}[\" \"]")
        lines.extend(f"        {app}" for app in layer)
        lines.append("    end")
    known = {app for layer in order for app in layer}
    for src, dst in sorted(edges()):
        if src in known and dst in known:
            lines.append(f"    {src} --> {dst}")
    lines += ["```", END]
    return "\n".join(lines)


def main() -> int:
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{DOC} has no {BEGIN} … {END} block", file=sys.stderr)
        return 1
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    new = head + render() + tail
    if "--check" in sys.argv:
        if new != text:
            print("docs/architecture.md: the app graph is stale; run scripts/app_graph.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
