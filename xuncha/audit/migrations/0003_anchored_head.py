"""The mutable chain head goes (the head is the last row; ADR-0008), ``prev_hash`` becomes unique (no fork),
and the auditor's filters get their indexes.

On SQLite, altering a column rebuilds the table and the rebuild loses its triggers: they are put back here."""

from django.db import migrations, models

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    "CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
]


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        # Reversing the alterations rebuilds the table again: the first operation restores the triggers last.
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers),
        migrations.DeleteModel(
            name='AuditChainHead',
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='actor_username',
            field=models.CharField(blank=True, db_index=True, max_length=150, verbose_name='用户'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['result', 'id'], name='audit_event_result_id_idx'),
        ),
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop),
    ]
