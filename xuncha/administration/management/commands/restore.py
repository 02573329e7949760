"""``manage.py restore DIR [--keys KEYDIR]``: verify a backup's checksums, then replace the database, the
private files and (with --keys) the keys by it. Stop the server and the task worker first."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xuncha.audit.services import anchor_restored_log, audit_record, audit_verify
from xuncha.core.backup import BackupError, backup_restore, restore_check
from xuncha.core.progress import PhasedProgress


class Command(BaseCommand):
    help = ("从备份恢复数据库与上传文件（--keys 同时恢复密钥）。先校验全部校验和，"
            "备份不完整或不符时拒绝且不做任何改动。恢复前请停止服务和任务进程。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="备份目录（manage.py backup 的输出）。")
        parser.add_argument("--keys", type=Path, default=None, help="同一次备份的密钥目录（--keys-output）。")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="不询问确认。")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = PhasedProgress(stream=cast(TextIO, self.stderr._out))
        try:
            manifest = restore_check(options["source"], options["keys"], step=progress)
            progress.close()
            if options["interactive"]:
                answer = input(f"将用 {manifest['created_at']} 的备份覆盖当前数据库和上传文件。输入 yes 继续：")
                if answer.strip().lower() != "yes":
                    raise CommandError("已取消，未做任何改动。")
            warnings = backup_restore(options["source"], keys_source=options["keys"], step=progress,
                                      manifest=manifest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.close()
        restored = anchor_restored_log()
        if not restored.ok:
            raise CommandError(
                f"已恢复，但备份中的审计日志校验未通过：记录 #{restored.broken_id}（{restored.reason}）。")
        audit_record("system.restore", details={
            "path": str(options["source"]), "created_at": manifest["created_at"], "keys": options["keys"] is not None,
            "restored_count": restored.count})
        for warning in warnings:
            self.stdout.write(self.style.WARNING(warning))
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"已恢复，但审计日志校验未通过：记录 #{result.broken_id}（{result.reason}）。")
        self.stdout.write(self.style.SUCCESS(
            f"恢复完成：{manifest['created_at']} 的备份，文件 {manifest['file_count']} 个；"
            f"审计日志完好（{result.checked} 条）。如代码比备份新，请接着运行 manage.py migrate。"))
