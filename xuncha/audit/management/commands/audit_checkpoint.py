"""``manage.py audit_checkpoint``: anchor the head of the audit chain outside the database (AUD-05).

Run it from a timer (every few minutes) or the task worker; events also anchor every
``XUNCHA_AUDIT_ANCHOR_EVERY`` appends. Checks the rows since the last checkpoint first and exits 1, naming the
gap, when the log no longer continues it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xuncha.audit.anchors import AnchorError, anchor_dir
from xuncha.audit.services import ChainBroken, audit_checkpoint


class Command(BaseCommand):
    help = "将审计日志链头签名后写入数据库之外的检查点目录（及 syslog）；日志与上一检查点不衔接时以非零状态退出。"

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            point = audit_checkpoint()
        except (ChainBroken, AnchorError) as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"无法写入检查点目录 {anchor_dir()} / cannot write the checkpoint directory: {exc}") \
                from exc
        if point is None:
            self.stdout.write("审计日志为空，无需检查点。/ The audit log is empty: nothing to anchor.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"已写入检查点：共 {point.count} 条、末条 #{point.last_id}（{anchor_dir()}）。/ Checkpoint written: "
            f"{point.count} events up to #{point.last_id}."))
