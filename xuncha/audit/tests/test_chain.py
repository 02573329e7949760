"""The audit log is append-only (AUD-03) and tamper-evident (AUD-04, AUD-05): the database refuses changes, a change
made behind its back (triggers dropped, raw SQL) is found by ``verify_audit``, which names the first broken row, and
a log cut short, emptied or rewritten is found against the signed checkpoints kept outside the database."""

from __future__ import annotations

import itertools
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from xuncha.audit.models import AuditEvent
from xuncha.audit.services import audit_checkpoint, audit_record, audit_verify, read_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(db):
    """Five events in a row."""
    return [audit_record("test.event", object_type="test.thing", object_id=str(n), details={"n": n})
            for n in range(5)]


def _drop_triggers() -> None:
    """Take the append-only guard away, as someone with database rights could (rolled back with the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")


def _save_changed(event: AuditEvent) -> None:
    event.result = "failure"
    event.save()


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("change", [
    lambda e: AuditEvent.objects.filter(pk=e.pk).update(object_repr="changed"),
    lambda e: AuditEvent.objects.filter(pk=e.pk).delete(),
    lambda e: e.delete(),
    lambda e: _save_changed(e),
    lambda e: AuditEvent.objects.all().delete(),
    lambda e: _raw("UPDATE audit_auditevent SET details = %s WHERE id = %s", ["{}", e.pk]),
    lambda e: _raw("DELETE FROM audit_auditevent WHERE id = %s", [e.pk]),
], ids=["orm-update", "orm-queryset-delete", "orm-delete", "orm-save", "orm-delete-all", "sql-update", "sql-delete"])
def test_the_database_refuses_to_change_or_delete_an_event(chain, change):
    event = chain[2]
    with pytest.raises(DatabaseError), transaction.atomic():
        change(event)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.details == '{"n":2}' and stored.result == "success"
    assert AuditEvent.objects.count() == 5


def test_a_clean_chain_verifies_and_the_run_is_recorded(chain, capsys):
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "审计日志完好" in out and "5" in out
    run = AuditEvent.objects.latest("id")
    assert run.action == "audit.verify"
    # The verification run itself extends the chain, which still verifies.
    assert audit_verify().ok
    assert audit_verify().checked == 6


def test_an_edited_row_is_named(chain):
    _drop_triggers()
    victim = chain[2]
    _raw("UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["悄悄改过", victim.pk])
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert f"#{victim.pk}" in str(error.value)
    assert "哈希不符" in str(error.value)
    assert not AuditEvent.objects.filter(action="audit.verify").exists()


def test_a_rehashed_row_breaks_the_link_to_the_next(chain):
    """Rewriting a row together with its own hash still breaks the next row's ``prev_hash``."""
    _drop_triggers()
    victim = chain[1]
    _raw("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["f" * 64, victim.pk])
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert f"#{victim.pk}" in str(error.value)


def test_a_deleted_middle_row_is_found_at_the_next_row(chain):
    _drop_triggers()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [chain[2].pk])
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert f"#{chain[3].pk}" in str(error.value)
    assert "链接断裂" in str(error.value)


def test_a_deleted_last_row_is_caught_by_the_checkpoint(chain):
    audit_checkpoint()
    _drop_triggers()
    last = chain[-1]
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    assert f"#{last.pk}" in str(error.value)
    assert "链尾不符" in str(error.value)


def test_an_empty_log_verifies_before_anything_was_anchored(db):
    result = audit_verify()
    assert result.ok and result.checked == 0


def _in_own_connection(work):
    """Run ``work`` in a thread of its own, on its own (autocommit) database connection, and return its result."""
    out: dict = {}

    def run():
        try:
            out["value"] = work()
        except Exception as exc:  # handed back to the test
            out["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


def test_concurrent_appends_queue_and_form_one_chain(db):
    """Four writers at once on PostgreSQL: each append waits for the chain lock, none fails, no link is shared.
    (SQLite has one writer at a time: its write transactions are IMMEDIATE.)"""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write transaction (IMMEDIATE)")
    start = threading.Barrier(4)
    errors: list[Exception] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(10):
                audit_record("test.thread", object_id=f"{n}-{i}")
        except Exception as exc:  # collected for the assertion
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # Read on a connection of its own: the test's transaction must not hold a lock on the table.
        rows = _in_own_connection(lambda: list(AuditEvent.objects.filter(action="test.thread").order_by("id")
                                               .values_list("prev_hash", "hash")))
        assert not errors
        assert len(rows) == 40
        assert all(later[0] == earlier[1] for earlier, later in itertools.pairwise(rows))
    finally:
        _in_own_connection(lambda: _remove_committed("test.thread"))


def _remove_committed(action: str) -> None:
    """Rows committed by a test's own threads: removed behind the guard, which is then restored (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM audit_auditevent WHERE action = %s", [action])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


def test_verify_audit_reads_one_snapshot(db):
    """The command's walk runs in one read-only transaction: a row committed meanwhile by another connection is not
    seen by it (PostgreSQL; on SQLite the reader's DEFERRED transaction in WAL mode does the same)."""
    if connection.vendor != "postgresql":
        pytest.skip("the test database of SQLite is an in-memory one, shared by threads with table locks")

    def reader() -> tuple[int, int, int]:
        with read_snapshot():
            before = AuditEvent.objects.count()
            _in_own_connection(lambda: audit_record("test.snapshot"))
            during = AuditEvent.objects.count()
        return before, during, AuditEvent.objects.count()

    try:
        before, during, after = _in_own_connection(reader)
        assert during == before and after == before + 1
    finally:
        _in_own_connection(lambda: _remove_committed("test.snapshot"))
