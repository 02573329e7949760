"""Signed checkpoints outside the database (AUD-05, ADR-0010): a log that was cut short, emptied or rewritten, a
checkpoint that was forged or deleted, are all reported with the gap named; appends while a verification runs are
not; the head cannot be rewound because there is no mutable head."""

from __future__ import annotations

import itertools
import json
import socket
from pathlib import Path
from typing import Any

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from xuncha.audit import anchors
from xuncha.audit.models import GENESIS, AuditEvent
from xuncha.audit.services import ChainBroken, audit_checkpoint, audit_record, audit_verify, event_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(db):
    """Six events, anchored after the fourth."""
    events = [audit_record("test.event", object_id=str(n), details={"n": n}) for n in range(4)]
    audit_checkpoint()
    events += [audit_record("test.event", object_id=str(n), details={"n": n}) for n in range(4, 6)]
    return events


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")


def _raw(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _lines(folder: Path) -> list[dict]:
    return [json.loads(line) for path in sorted(folder.glob("checkpoints-*.jsonl"))
            for line in path.read_text().splitlines()]


def test_there_is_no_mutable_head_to_rewind(db):
    assert "audit_auditchainhead" not in connection.introspection.table_names()


def test_a_checkpoint_is_signed_and_written_outside_the_database(chain, xuncha_audit_anchor_dir):
    (line,) = _lines(xuncha_audit_anchor_dir)
    assert (line["count"], line["last_id"], line["last_hash"]) == (4, chain[3].pk, chain[3].hash)
    assert len(line["sig"]) == 64 and line["kind"] == "checkpoint"


def test_the_issue_cut_delete_tail_behind_the_triggers_is_named(chain):
    """Triggers dropped, the last three rows deleted: the checkpoint still expects #4 of them."""
    _drop_triggers()
    _raw("DELETE FROM audit_auditevent WHERE id >= %s", [chain[2].pk])
    result = audit_verify()
    assert not result.ok and result.broken_id == chain[3].pk
    assert "链尾不符" in result.reason
    assert f"#{chain[2].pk}–#{chain[3].pk} 缺失" in result.message and "missing" in result.message
    with pytest.raises(CommandError, match="日志比检查点短"):
        call_command("verify_audit")


def test_an_emptied_log_is_not_intact_once_anchored(chain):
    _drop_triggers()
    _raw("DELETE FROM audit_auditevent")
    result = audit_verify()
    assert not result.ok and "日志为空" in result.reason
    assert "共 4 条" in result.message and "empty" in result.message


def test_a_log_rewritten_with_fresh_hashes_diverges_from_the_checkpoint(chain):
    """A database superuser rewrites one row and recomputes every hash after it: the chain is consistent again,
    but no longer the one that was anchored."""
    _drop_triggers()
    rows: list[dict[str, Any]] = [dict(row) for row in AuditEvent.objects.order_by("id").values()]
    prev = GENESIS
    for row in rows:
        if row["id"] == chain[1].pk:
            row["object_repr"] = "改写"
        row["hash"] = event_hash(prev, row)
        _raw("UPDATE audit_auditevent SET object_repr = %s, prev_hash = %s, hash = %s WHERE id = %s",
             [row["object_repr"], prev, "x" + row["hash"][1:], row["id"]])  # the placeholder keeps hashes unique
        prev = row["hash"]
    for row in rows:
        _raw("UPDATE audit_auditevent SET hash = %s WHERE id = %s", [row["hash"], row["id"]])
    result = audit_verify()
    assert not result.ok and result.broken_id == chain[3].pk
    assert "与检查点不符" in result.reason and "diverges" in result.message


def test_the_first_rows_cannot_be_cut_off(chain):
    _drop_triggers()
    _raw("DELETE FROM audit_auditevent WHERE id <= %s", [chain[1].pk])
    result = audit_verify()
    assert not result.ok and result.broken_id == chain[2].pk and "链首缺失" in result.reason


def test_a_forged_checkpoint_is_refused(chain, xuncha_audit_anchor_dir):
    path = next(xuncha_audit_anchor_dir.glob("checkpoints-*.jsonl"))
    line = json.loads(path.read_text())
    line["count"], line["last_id"] = 2, chain[1].pk  # make a shorter log look anchored
    path.write_text(json.dumps(line) + "\n")
    result = audit_verify()
    assert not result.ok and "签名无效" in result.message and "invalid signature" in result.message


def test_a_checkpoint_under_another_key_is_refused(chain, settings):
    settings.XUNCHA_AUDIT_ANCHOR_KEY = "another-key-of-32-characters-abc"
    assert not audit_verify().ok


def test_deleted_checkpoints_are_noticed(chain, xuncha_audit_anchor_dir):
    """A verification records the checkpoint it wrote; removing the checkpoint files afterwards shows."""
    call_command("verify_audit")
    for path in xuncha_audit_anchor_dir.iterdir():
        path.unlink()
    result = audit_verify()
    assert not result.ok and "检查点缺失" in result.reason and "deleted" in result.message


def test_every_verification_anchors_the_head_it_checked(chain, xuncha_audit_anchor_dir):
    result = audit_verify()
    assert result.ok and result.anchored is not None
    assert _lines(xuncha_audit_anchor_dir)[-1]["last_id"] == chain[-1].pk
    assert result.anchored.count == 6


def test_appends_during_a_verification_raise_no_alarm(chain):
    """Events, and a checkpoint beyond the head the verification read, written while it walks the chain."""
    appended: list[AuditEvent] = []

    def meanwhile(checked: int) -> None:
        if checked == 2:
            appended.append(audit_record("test.concurrent"))
            audit_checkpoint()

    result = audit_verify(progress=meanwhile)
    assert result.ok, result.message
    assert result.checked == 6 and result.anchored is not None and result.anchored.last_id == chain[-1].pk
    assert appended and audit_verify().ok


def test_events_anchor_every_n_appends_after_commit(db, settings, xuncha_audit_anchor_dir,
                                                    django_capture_on_commit_callbacks):
    settings.XUNCHA_AUDIT_ANCHOR_EVERY = 3
    events = []
    for n in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            events.append(audit_record("test.event", object_id=str(n)))
    lines = _lines(xuncha_audit_anchor_dir)
    counts = [line["count"] for line in lines]
    # The first id decides where the rhythm starts (sequences are not rolled back on PostgreSQL).
    assert len(counts) >= 2 and all(b - a == 3 for a, b in itertools.pairwise(counts))
    assert all(line["last_id"] == events[line["count"] - 1].pk for line in lines)


def test_a_checkpoint_is_not_laid_over_a_cut_log(chain):
    _drop_triggers()
    _raw("DELETE FROM audit_auditevent WHERE id >= %s", [chain[3].pk])
    with pytest.raises(ChainBroken, match="缺失"):
        audit_checkpoint()
    with pytest.raises(CommandError, match="链尾不符"):
        call_command("audit_checkpoint")


def test_audit_checkpoint_command_anchors(chain, capsys):
    call_command("audit_checkpoint")
    assert "共 6 条" in capsys.readouterr().out


def test_checkpoints_go_to_syslog_too(chain, settings):
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(("127.0.0.1", 0))
    sink.settimeout(5)
    try:
        settings.XUNCHA_AUDIT_SYSLOG = f"127.0.0.1:{sink.getsockname()[1]}"
        point = audit_checkpoint()
        message = sink.recv(4096).decode()
    finally:
        sink.close()
    assert point is not None and point.signature in message and "xuncha-audit" in message


def test_two_rows_cannot_follow_the_same_link(chain):
    """The unique prev_hash refuses a fork, whatever happens to the append lock."""
    row: dict = dict(AuditEvent.objects.filter(pk=chain[-1].pk).values().get())
    row.pop("id")
    row["hash"] = "f" * 64
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(**row)


@pytest.mark.parametrize("days", [0, 182, "400"])
def test_retention_under_six_months_stops_the_start(settings, days):
    settings.XUNCHA_AUDIT_RETENTION_DAYS = days
    assert "xuncha_audit.E001" in [e.id for e in run_checks()]


def test_retention_of_six_months_passes(settings):
    settings.XUNCHA_AUDIT_RETENTION_DAYS = 183
    assert not [e for e in run_checks() if e.id and e.id.startswith("xuncha_audit")]


def test_anchor_parse_names_the_bad_line(tmp_path, settings):
    settings.XUNCHA_AUDIT_ANCHOR_DIR = tmp_path
    (tmp_path / "checkpoints-2026-01-01.jsonl").write_text("not json\n")
    with pytest.raises(anchors.AnchorError, match=r"checkpoints-2026-01-01\.jsonl:1"):
        anchors.latest_checkpoint()


@pytest.mark.django_db
def test_a_restore_marker_anchors_the_restored_log_and_stays_on_record() -> None:
    # A restore from backup sets the log back on purpose: the checkpoints of the log it replaced no longer apply,
    # the signed restore marker anchors the restored head, and the marker stays in the files.
    from xuncha.audit import anchors
    from xuncha.audit.models import AuditEvent
    from xuncha.audit.services import anchor_restored_log, audit_record, audit_verify

    for n in range(3):
        audit_record("test.event", details={"n": n})
    assert audit_verify().ok  # anchors three events
    head_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True)[1]
    _drop_triggers()  # what restoring an older backup does to the table
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [head_id])
    assert not audit_verify(anchor=False).ok  # shorter than the checkpoint: noticed
    restored = anchor_restored_log()
    assert restored.ok and restored.count == 2
    assert audit_verify().ok
    kinds = [p.kind for path in anchors._daily_files() for p in anchors._read(path)]
    assert anchors.RESTORE_KIND in kinds and kinds.count(anchors.CHECKPOINT) >= 1
