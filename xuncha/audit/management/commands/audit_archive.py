"""``manage.py audit_archive [--before YYYY-MM-DD]``: move audit events older than the retention period out of the
database into a signed, verifiable archive (AUD-07). Refuses any date inside the retention period."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from xuncha.audit.archive import audit_archive, retention_cutoff
from xuncha.core.exceptions import DomainError


class Command(BaseCommand):
    help = "将保存期限之前的审计记录归档到数据库之外（带签名的创世检查点，归档后仍可校验）；拒绝归档保存期限内的记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", help="归档此日期（北京时间）之前的记录；默认为保存期限的起点。")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["before"]:
            try:
                day = datetime.date.fromisoformat(options["before"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD。/ The date must be YYYY-MM-DD.") from exc
            before = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        else:
            before = retention_cutoff()
        try:
            result = audit_archive(before=before)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if not result.archived:
            self.stdout.write("没有可归档的审计记录。/ Nothing to archive.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"已归档 {result.archived} 条审计记录（#{result.first_id}–#{result.last_id}）到 {result.path}。"
            f"/ Archived {result.archived} events."))
