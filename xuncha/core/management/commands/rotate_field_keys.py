"""``manage.py rotate_field_keys [--new-key [ID]] [--batch-size N] [--status]``: re-seal every encrypted column
with the current cipher and key, in audited batches, while the system runs (``xuncha.core.keyrotation``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from xuncha.core import events
from xuncha.core.crypto import CryptoError, DecryptionError, generate_key, keyring
from xuncha.core.keyrotation import DEFAULT_BATCH, file_usage, files_root, key_usage, rotate_all
from xuncha.core.progress import PhasedProgress


class Command(BaseCommand):
    help = ("用当前密钥和算法重新加密所有加密字段（分批、每批一个事务并记审计日志，系统可照常运行；"
            "中断后再次运行即从未完成处继续）。--new-key 先生成新密钥并设为当前密钥；--status 只统计各密钥的使用量。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", nargs="?", const="", default=None, metavar="ID",
                            help="先在 var/keys/field/ 生成新密钥（可指定编号）并设为当前密钥，再重新加密。")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help=f"每批行数（默认 {DEFAULT_BATCH}）。")
        parser.add_argument("--status", action="store_true", help="只统计每列各密钥、算法的值数，不做改动。")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size 至少为 1。")
        if options["status"]:
            self._status()
            return
        try:
            if options["new_key"] is not None:
                with transaction.atomic():
                    key_id = generate_key(options["new_key"] or None)
                    events.record("crypto.key_create", details={"key_id": key_id})
                path = Path(settings.FIELD_ENCRYPTION_KEYS_DIR) / f"{key_id}.key"
                self.stdout.write(f"已生成新密钥 {key_id} 并设为当前密钥（{path}）："
                                  "请备份密钥（manage.py backup --keys-output）。")
            ring = keyring(refresh=True)
        except CryptoError as exc:
            raise CommandError(str(exc)) from exc
        progress = PhasedProgress(stream=cast(TextIO, self.stderr._out))
        try:
            result = rotate_all(batch_size=options["batch_size"], step=progress)
        except DecryptionError as exc:
            events.record("crypto.rotate", result="failure", details={"key_id": ring.current, "error": str(exc)})
            raise CommandError(f"{exc} 已完成的批次保持新密钥；修复后再次运行即可继续。") from exc
        finally:
            progress.close()
        events.record("crypto.rotate", details={
            "cipher": result.cipher, "key_id": result.key_id, "resealed": result.resealed, "changed": result.changed,
            "tables": {t.table: t.resealed for t in result.tables},
            "files": {"resealed": result.files.resealed, "skipped": result.files.skipped}})
        self.stdout.write(self.style.SUCCESS(
            f"重新加密完成：{len(result.tables)} 张表，{result.resealed} 个值、{result.files.resealed} 个文件"
            f"改用 {result.cipher} 密钥 {result.key_id}。"))
        if result.changed or result.files.skipped:
            self.stdout.write(self.style.WARNING(
                f"{result.changed} 个值、{result.files.skipped} 个文件在处理期间被修改而未重写："
                "请稍后再运行一次（--status 可查看剩余）。"))

    def _status(self) -> None:
        ring = keyring(refresh=True)
        self.stdout.write(f"当前：{ring.cipher.name}，密钥 {ring.current}；密钥环：{', '.join(sorted(ring.keys))}")
        current = f"/{ring.cipher.name}/{ring.current}"
        usage = key_usage()
        if (root := files_root()) is not None:
            usage[f"文件（{root}）"] = file_usage(root)
        for column, counter in usage.items():
            parts = "，".join(f"{name} {count}" for name, count in sorted(counter.items())) or "无值"
            self.stdout.write(f"{column}：{parts}")
            if any(not name.endswith(current) or name.startswith("gcm1") for name in counter):
                self.stdout.write(self.style.WARNING("  尚有值未使用当前密钥：请运行 rotate_field_keys。"))
