"""``manage.py verify_audit``: walk the audit chain, compare it with the last signed checkpoint, anchor the head;
exit 1 naming the first broken link or the gap."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xuncha.audit.anchors import anchor_dir, as_details
from xuncha.audit.models import AuditEvent
from xuncha.audit.services import audit_record, audit_verify
from xuncha.core.progress import ProgressBar


class Command(BaseCommand):
    help = "校验审计日志哈希链并与已签名的检查点比对；发现篡改、截短或清空时以非零状态退出并指出断点。"

    def handle(self, *args: Any, **options: Any) -> None:
        # The bar's total is an estimate (the highest id); the walk itself stops at the head it read first.
        head = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        bar = ProgressBar("校验审计日志", head, stream=getattr(self.stderr, "_out", None))
        try:
            result = audit_verify(progress=lambda n: bar.advance(), snapshot=True)
        except OSError as exc:
            raise CommandError(f"无法写入检查点目录 {anchor_dir()} / cannot write the checkpoint directory: {exc}") \
                from exc
        bar.finish()
        if not result.ok:
            raise CommandError(result.message)
        details: dict[str, Any] = {"checked": result.checked}
        if result.anchored is not None:
            details["anchor"] = as_details(result.anchored)
        audit_record("audit.verify", details=details)
        self.stdout.write(self.style.SUCCESS(result.message))
