"""Archiving the oldest audit events out of the database, never before the retention period (AUD-07, ADR-0008).

The only path that removes audit rows. It refuses a cut-off younger than ``XUNCHA_AUDIT_RETENTION_DAYS`` (at least
six months, a system check), verifies the whole chain first, writes the archived prefix to a file in
``XUNCHA_AUDIT_ARCHIVE_DIR`` and a signed *genesis* checkpoint of its last row before it deletes anything, and
keeps the newest row. The rows left in the database link to the genesis, so ``verify_audit`` still proves them,
and the archive file can be verified on its own (it is the chain from the previous genesis).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from xuncha.audit import anchors
from xuncha.audit.models import AuditEvent
from xuncha.audit.services import HASHED_FIELDS, WALK_BATCH, audit_record, audit_verify, lock_chain
from xuncha.core.exceptions import DomainError

# Statements that lift the delete guard inside the archive's own transaction (DDL is transactional on both).
_UNGUARD = {
    "sqlite": ["DROP TRIGGER audit_event_no_delete"],
    "postgresql": ["ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_change"],
}
_GUARD = {
    "sqlite": ["CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent "
               "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"],
    "postgresql": ["ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_change"],
}


@dataclass(frozen=True)
class ArchiveResult:
    archived: int
    first_id: int = 0
    last_id: int = 0
    path: Path | None = None


def retention_cutoff() -> datetime.datetime:
    """Events written before this moment may leave the database; none written after it."""
    return timezone.now() - datetime.timedelta(days=int(settings.XUNCHA_AUDIT_RETENTION_DAYS))


def _row_json(row: dict[str, Any]) -> str:
    row = {**row, "created_at": row["created_at"].astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def audit_archive(*, before: datetime.datetime, actor: Any = None) -> ArchiveResult:
    """Move the events written before ``before`` (a prefix of the chain, the newest row always kept) to an archive
    file. Raises ``DomainError`` for a cut-off inside the retention period or a chain that does not verify."""
    limit = retention_cutoff()
    if before > limit:
        days = settings.XUNCHA_AUDIT_RETENTION_DAYS
        raise DomainError(
            f"审计日志须在线保存 {days} 天：只能归档 {timezone.localtime(limit):%Y-%m-%d %H:%M} 之前的记录。"
            f"/ Audit events are kept {days} days: only events before "
            f"{limit:%Y-%m-%d %H:%M} UTC may be archived.")
    result = audit_verify()
    if not result.ok:
        raise DomainError(f"审计日志未通过校验，不能归档。{result.message}")
    newest = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    if newest is None:
        return ArchiveResult(0)
    # A prefix by id: the first row written at or after the cut-off ends it (and the newest row always stays).
    young = AuditEvent.objects.filter(created_at__gte=before).order_by("id").values_list("id", flat=True).first()
    end = min(young or newest, newest)
    first = AuditEvent.objects.order_by("id").values_list("id", flat=True).first()
    if first is None or first >= end:
        return ArchiveResult(0)
    folder = Path(settings.XUNCHA_AUDIT_ARCHIVE_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o750)
    path = folder / f"audit-{first:012d}-before-{end:012d}.jsonl"
    archived, last_id, last_hash = 0, 0, ""
    # Written whole before anything is deleted, in id batches (the prefix may be millions of rows); never
    # overwritten ("x").
    with path.open("x", encoding="utf-8") as fh:
        after = first - 1
        while batch := list(AuditEvent.objects.filter(id__gt=after, id__lt=end).order_by("id")
                            .values("id", "prev_hash", "hash", *HASHED_FIELDS)[:WALK_BATCH]):
            fh.writelines(_row_json(row) + "\n" for row in batch)
            archived += len(batch)
            after, last_id, last_hash = batch[-1]["id"], batch[-1]["id"], batch[-1]["hash"]
    # Events of the chain before the first row still in the database (an earlier archive's).
    count_before = result.count - result.checked
    anchors.store(anchors.make_checkpoint(anchors.GENESIS_KIND, count=count_before + archived, last_id=last_id,
                                          last_hash=last_hash))
    vendor = connection.vendor
    with transaction.atomic():
        lock_chain()
        with connection.cursor() as cursor:
            for sql in _UNGUARD.get(vendor, []):
                cursor.execute(sql)
            cursor.execute("DELETE FROM audit_auditevent WHERE id <= %s", [last_id])
            for sql in _GUARD.get(vendor, []):
                cursor.execute(sql)
        audit_record("audit.archive", actor=actor, details={
            "archived": archived, "first_id": first, "last_id": last_id, "file": path.name,
            "before": before.astimezone(datetime.UTC).isoformat()})
    return ArchiveResult(archived, first, last_id, path)
