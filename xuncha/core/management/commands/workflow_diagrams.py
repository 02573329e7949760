"""Write docs/workflows.md from the transition tables, or check that it is current (``--check``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import autodiscover_modules

from xuncha.core.workflow import WORKFLOWS

TARGET = Path(settings.BASE_DIR) / "docs" / "workflows.md"


def render() -> str:
    """The document: one Mermaid state diagram per registered workflow, in a stable order."""
    autodiscover_modules("workflow", "workflows")
    parts = [
        "# Workflows (状态流转)",
        "",
        "Generated from the transition tables by `manage.py workflow_diagrams`; do not edit by hand "
        "(`tests/test_workflows.py` fails when this file and the code disagree). Each edge reads "
        "`操作 [所需能力]（前置条件）`.",
        "",
    ]
    for key in sorted(WORKFLOWS):
        workflow = WORKFLOWS[key]
        parts += [f"## {workflow.label} (`{key}`)", "", "```mermaid", workflow.mermaid(), "```", ""]
    return "\n".join(parts)


class Command(BaseCommand):
    help = "把各流程的状态转换表生成为 docs/workflows.md（--check：只检查是否过期）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="不写文件，只检查文档与代码是否一致")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render()
        if options["check"]:
            if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
                raise CommandError("docs/workflows.md 与状态转换表不一致，请运行 manage.py workflow_diagrams。")
            self.stdout.write("docs/workflows.md 与代码一致。")
            return
        TARGET.write_text(text, encoding="utf-8")
        self.stdout.write(f"已写入 {TARGET.relative_to(settings.BASE_DIR)}（{len(WORKFLOWS)} 个流程）。")
