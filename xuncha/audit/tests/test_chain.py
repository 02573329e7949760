"""The audit log is append-only (AUD-03) and tamper-evident (AUD-04, AUD-05): the database refuses changes, a change
made behind its back (triggers dropped, raw SQL) is found by ``verify_audit``, which names the first broken row, and
a log cut short, emptied or rewritten is found against the signed checkpoints kept outside the database."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from xuncha.audit.models import AuditEvent
from xuncha.audit.services import audit_checkpoint, audit_record, audit_verify

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
