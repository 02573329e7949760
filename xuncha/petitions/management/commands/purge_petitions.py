"""Delete handled petitions past their retention (XUNCHA_PETITION_RETENTION_DAYS by status, never within
XUNCHA_PETITION_GRACE_DAYS of the petitioner's last message). Run daily (timer or worker); ``--dry-run`` lists."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from xuncha.petitions.services import purge_due, purge_expired


class Command(BaseCommand):
    help = "按保存期限清理已办结的信访件（含材料和沟通记录），每件留审计记录。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只列出到期的信访件，不删除")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if dry_run:
            due = purge_due()
            for petition in due:
                self.stdout.write(f"{petition.number}\t{petition.get_status_display()}\t{petition.handled_on}")
            self.stdout.write(f"到期 {len(due)} 件（未删除）。")
            return
        self.stdout.write(f"已清理 {purge_expired()} 件信访件。")
