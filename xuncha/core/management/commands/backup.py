"""``manage.py backup DIR [--keys-output KEYDIR]``: back up the database and the private files (and the keys,
apart) while the system runs; see ``xuncha.core.backup``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xuncha.audit.services import audit_record
from xuncha.core.backup import BackupError, backup_create
from xuncha.core.progress import PhasedProgress


class Command(BaseCommand):
    help = ("备份数据库与上传文件到一个新目录（运行中也可备份，得到一致的快照）；"
            "密钥只写到 --keys-output 指定的另一个目录，数据备份本身不含密钥。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", type=Path, help="备份目录（新建或为空）。")
        parser.add_argument("--keys-output", type=Path, default=None,
                            help="密钥备份目录（与备份目录分开保管）；不指定则不备份密钥。")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = PhasedProgress(stream=cast(TextIO, self.stderr._out))
        try:
            result = backup_create(options["output"], keys_target=options["keys_output"], step=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.close()
        manifest = result.manifest
        audit_record("system.backup", details={"path": str(result.path), "engine": manifest["engine"],
                                               "files": manifest["file_count"], "keys": result.keys_path is not None})
        self.stdout.write(self.style.SUCCESS(
            f"备份完成：{result.path}（数据库 {manifest['engine']}，文件 {manifest['file_count']} 个）。"))
        if result.keys_path is not None:
            self.stdout.write(f"密钥已单独写入 {result.keys_path}：请与数据备份分开保管。")
        else:
            self.stdout.write(self.style.WARNING(
                "未备份密钥（--keys-output）：恢复时须有同一字段加密密钥，否则加密字段无法解密。"))
