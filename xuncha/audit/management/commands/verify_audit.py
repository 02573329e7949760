"""``manage.py verify_audit``: walk the audit chain; exit 1 naming the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xuncha.audit.models import AuditEvent
from xuncha.audit.services import audit_record, audit_verify
from xuncha.core.progress import ProgressBar


class Command(BaseCommand):
    help = "校验审计日志哈希链；发现篡改时以非零状态退出并指出第一处断点。"

    def handle(self, *args: Any, **options: Any) -> None:
        bar = ProgressBar("校验审计日志", AuditEvent.objects.count(), stream=getattr(self.stderr, "_out", None))
        result = audit_verify(progress=lambda n: bar.advance())
        bar.finish()
        if not result.ok:
            raise CommandError(
                f"审计日志已被篡改：第一处断点在记录 #{result.broken_id}（{result.reason}）；"
                f"此前 {result.checked} 条记录完好。"
            )
        audit_record("audit.verify", details={"checked": result.checked})
        self.stdout.write(self.style.SUCCESS(f"审计日志完好：共校验 {result.checked} 条记录。"))
