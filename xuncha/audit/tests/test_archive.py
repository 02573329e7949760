"""Retention (AUD-07): nothing inside the retention period leaves the database; an archived prefix leaves a signed
genesis so the rest of the log still verifies, and cutting the log's start by hand is still caught."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from xuncha.audit import services
from xuncha.audit.archive import audit_archive
from xuncha.audit.models import GENESIS, AuditEvent
from xuncha.audit.services import audit_checkpoint, audit_record, audit_verify, event_hash
from xuncha.core.exceptions import DomainError

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def aged(db, monkeypatch, settings, tmp_path):
    """Four events of a year ago, then three of today, anchored; retention 200 days."""
    settings.XUNCHA_AUDIT_RETENTION_DAYS = 200
    settings.XUNCHA_AUDIT_ARCHIVE_DIR = tmp_path / "archive"
    old = NOW - datetime.timedelta(days=365)
    monkeypatch.setattr(services.timezone, "now", lambda: old)  # type: ignore[attr-defined]
    events = [audit_record("test.old", object_id=str(n)) for n in range(4)]
    monkeypatch.undo()
    events += [audit_record("test.new", object_id=str(n)) for n in range(3)]
    audit_checkpoint()
    return events


def test_nothing_inside_the_retention_period_is_archived(aged):
    with pytest.raises(DomainError, match="须在线保存 200 天"):
        audit_archive(before=NOW - datetime.timedelta(days=199))
    with pytest.raises(CommandError, match="200"):
        call_command("audit_archive", "--before", (NOW - datetime.timedelta(days=10)).date().isoformat())
    assert AuditEvent.objects.count() == 7


def test_an_archived_prefix_leaves_a_verifiable_log(aged, settings):
    result = audit_archive(before=NOW - datetime.timedelta(days=300))
    assert (result.archived, result.first_id, result.last_id) == (4, aged[0].pk, aged[3].pk)
    assert result.path is not None
    assert not AuditEvent.objects.filter(action="test.old").exists()
    lines = [json.loads(line) for line in result.path.read_text().splitlines()]
    prev = GENESIS
    for row in lines:  # the archive verifies on its own
        row["created_at"] = datetime.datetime.fromisoformat(row["created_at"].replace("Z", "+00:00"))
        assert row["prev_hash"] == prev and event_hash(prev, row) == row["hash"]
        prev = row["hash"]
    verified = audit_verify()
    assert verified.ok, verified.message
    assert verified.count == 8 and verified.checked == 4  # 3 new + the archive event; 4 archived before them
    # The delete guard is back.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=aged[4].pk).delete()


def test_the_default_cutoff_is_the_retention_period(aged, capsys):
    call_command("audit_archive")
    assert "已归档 4 条" in capsys.readouterr().out


def test_cutting_more_after_an_archive_is_still_caught(aged):
    audit_archive(before=NOW - datetime.timedelta(days=300))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [aged[4].pk])
    result = audit_verify()
    assert not result.ok and "链首缺失" in result.reason
