"""Write the API's OpenAPI description to docs/api/openapi.json, or check that it is current (``--check``).

The schema is committed so that a change of the API shows in review; CI runs ``--check`` (through
``xuncha/api/tests/test_schema_docs.py``) and fails when the code and the committed file drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from xuncha.api.api import api

TARGET = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"


def render() -> str:
    root = reverse("api:api-root")
    schema = api.get_openapi_schema(path_prefix=root.strip("/") + "/")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "把接口的 OpenAPI 描述写入 docs/api/openapi.json（--check：只检查是否过期）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="不写文件，只检查提交的描述与代码是否一致")

    def handle(self, *args: Any, **options: Any) -> None:
        text = render()
        if options["check"]:
            if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
                raise CommandError("docs/api/openapi.json 与代码不一致，请运行 manage.py export_openapi 并提交。")
            self.stdout.write("docs/api/openapi.json 与代码一致。")
            return
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_text(text, encoding="utf-8")
        self.stdout.write(f"已写入 {TARGET.relative_to(settings.BASE_DIR)}。")
