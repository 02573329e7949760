"""Backup and restore (REL-07…REL-10): back up, destroy, restore, and find every record and file identical and
the audit chain verifying; a backup taken while another process writes restores consistent; an incomplete or
altered backup is refused before anything changes.

The end-to-end tests drive ``manage.py`` in subprocesses against a database and ``var/`` of their own (a file
SQLite database; a fresh PostgreSQL database when one answers at $PGHOST:$PGPORT, skipped otherwise), because
a restore replaces the whole database, which the test database of this session must not be. Each engine's run
belongs to the suite on that engine (the SQLite one in ``make test``, the PostgreSQL one in ``make test-pg``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from xuncha.core.backup import (
    FILES_ARCHIVE,
    MANIFEST,
    SQLITE_FILE,
    BackupError,
    _entries,
    _write_manifest,
    engine,
    key_fingerprint,
    read_verified,
    restore_check,
)

ROOT = Path(settings.BASE_DIR)
PG = {"host": os.environ.get("PGHOST", "127.0.0.1"), "port": os.environ.get("PGPORT", "5432"),
      "user": os.environ.get("PGUSER", "postgres")}

SEED = """
import os
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from xuncha.accounts.models import User
from xuncha.audit.services import audit_record
from xuncha.orgs.models import Jurisdiction, Organization, Person

with transaction.atomic():
    j = Jurisdiction.objects.create(name="江城市", committee_name="中共江城市委员会", level="city",
                                    division_code="420100")
    o = Organization.objects.create(name="中共江城市工商业联合会党组", short_name="市工商联", org_type="party_group",
                                    sector="party_government", jurisdiction=j, staff_size=40)
    for i in range(25):
        p = Person.objects.create(name=f"干部{i}", gender="M", birth_year=1970 + i, organization=o, post="科员",
                                  id_number=f"42010019700101{i:04d}")
        audit_record("person.create", obj=p)
    User.objects.create_user("backup_user", password="Xc-test-Passw0rd")
default_storage.save("imports/名单.xlsx", ContentFile(b"PK\\x03\\x04" + bytes(range(256)) * 40))
default_storage.save("exports/2026/result.bin", ContentFile(os.urandom(70000)))
"""

# Writes a Person and its audit event in one transaction, over and over, until told to stop: a backup taken
# meanwhile must hold both or neither, with the chain head matching the last event.
WRITER = """
import itertools, os, pathlib
from django.db import transaction
from xuncha.audit.services import audit_record
from xuncha.orgs.models import Organization, Person

stop, started = pathlib.Path(os.environ["WRITER_STOP"]), pathlib.Path(os.environ["WRITER_STARTED"])
org = Organization.objects.first()
for n in itertools.count():
    with transaction.atomic():
        p = Person.objects.create(name=f"并发{n}", gender="F", birth_year=1980, organization=org, post="科员",
                                  id_number=f"9{n:017d}")
        audit_record("person.concurrent", obj=p)
    if n == 20:
        started.touch()
    if stop.exists() or n > 5000:
        break
"""

COUNT = """
from xuncha.audit.models import AuditEvent
from xuncha.orgs.models import Person
print(Person.objects.filter(name__startswith="并发").count(),
      AuditEvent.objects.filter(action="person.concurrent").count())
"""


class Site:
    """A var/ and a database of their own, driven through manage.py."""

    def __init__(self, tmp: Path, database_url: str | None) -> None:
        self.tmp, self.var, self.database_url = tmp, tmp / "var", database_url
        self.env = {k: v for k, v in os.environ.items()
                    if k not in {"DATABASE_URL", "XUNCHA_SECRET_KEY", "XUNCHA_FIELD_KEY", "XUNCHA_SQLITE_PATH",
                                 "XUNCHA_PRIVATE_FILES_ROOT"}}
        self.env.update(DJANGO_SETTINGS_MODULE="config.settings", XUNCHA_VAR_DIR=str(self.var),
                        PYTHONPATH=str(ROOT))
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(ROOT / "manage.py"), *args]

    def manage(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(self.command(*args), cwd=ROOT, env=self.env, capture_output=True, text=True,  # noqa: S603
                              check=False, timeout=600)
        if ok:
            assert done.returncode == 0, done.stdout + done.stderr
        return done

    def dump(self) -> list[dict[str, Any]]:
        out = self.tmp / "dump.json"
        self.manage("dumpdata", "--exclude", "sessions", "--exclude", "contenttypes", "--exclude", "auth.permission",
                    "--indent", "0", "-o", str(out))
        rows: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
        return rows

    def files(self) -> dict[str, str]:
        root = self.var / "private"
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    def destroy(self) -> None:
        """Lose the database, the files and the keys."""
        if self.database_url:
            _pg_recreate(self.database_url.rsplit("/", 1)[1])
        for path in self.var.glob("xuncha.sqlite3*"):
            path.unlink()
        shutil.rmtree(self.var / "private")
        for key in ("secret_key", "field_key"):
            (self.var / key).unlink()
        shutil.rmtree(self.var / "keys" / "field")


def _pg_connect() -> Any:
    import psycopg

    return psycopg.connect(f"host={PG['host']} port={PG['port']} user={PG['user']} dbname=postgres",
                           autocommit=True, connect_timeout=3)


def _pg_recreate(name: str, *, create: bool = True) -> None:
    with _pg_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def _pg_unavailable() -> str:
    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        return "pg_dump/pg_restore not installed"
    try:
        _pg_connect().close()
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG['host']}:{PG['port']} ({type(exc).__name__})"
    return ""


def _suite_engine() -> str:
    return "postgresql" if "postgresql" in str(settings.DATABASES["default"]["ENGINE"]) else "sqlite"


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    # Each engine's end-to-end run belongs to the suite on that engine: `make test` (SQLite) and `make test-pg`
    # (.ci/run runs both). Each takes a dozen manage.py processes and a migration from scratch, about a minute and
    # a half of one core for PostgreSQL; running both in both suites proved nothing more (docs/performance.md).
    if request.param != _suite_engine():
        pytest.skip(f"the {request.param} backup runs in the suite on {request.param} "
                    f"({'make test-pg' if request.param == 'postgresql' else 'make test'}; .ci/run runs both)")
    if request.param == "sqlite":
        yield Site(tmp_path, None)
        return
    if reason := _pg_unavailable():
        pytest.skip(reason)
    name = f"xuncha_backup_test_{os.getpid()}"
    _pg_recreate(name)
    try:
        yield Site(tmp_path, f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}")
    finally:
        _pg_recreate(name, create=False)


def _split_audit(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    audit = [r for r in rows if r["model"] in {"audit.auditevent", "audit.auditchainhead"}]
    return [r for r in rows if r not in audit], [r for r in audit if r["model"] == "audit.auditevent"]


def test_backup_destroy_restore_finds_everything_identical(site: Site) -> None:
    site.manage("migrate", "-v0")
    site.manage("shell", "-c", SEED)
    # A rotated ring: the values are sealed with k1 (var/keys/field/), k0 (var/field_key) is an older key.
    site.manage("rotate_field_keys", "--new-key", "k1")
    before, files_before = site.dump(), site.files()
    assert len(files_before) == 2
    backup, keys = site.tmp / "backup", site.tmp / "keys"
    done = site.manage("backup", str(backup), "--keys-output", str(keys))
    assert "备份完成" in done.stdout
    # The keys are apart: the data backup holds their fingerprints only.
    field_key, k1 = (site.var / "field_key").read_text().strip(), (site.var / "keys/field/k1.key").read_text()
    assert not any(key.encode() in p.read_bytes() for p in backup.iterdir() for key in (field_key, k1))
    assert json.loads((keys / "keys.json").read_text()) | {"secret_key": ""} == {
        "secret_key": "", "field_key": field_key, "field_keys": {"k1": k1}, "field_key_current": "k1"}
    # Neither the database (file and WAL), the private files nor the backup holds an identity number or a
    # file's content in clear (SEC-31).
    raw = [p for p in [*site.var.glob("xuncha.sqlite3*"), *(site.var / "private").rglob("*"), *backup.iterdir()]
           if p.is_file()]
    assert raw and not [p for p in raw if b"4201001970010100" in p.read_bytes() or bytes(range(256)) in p.read_bytes()]

    site.destroy()
    # The keys were lost too, so new ones were generated: without --keys the restore refuses and changes nothing.
    refused = site.manage("restore", str(backup), "--noinput", ok=False)
    assert refused.returncode == 1 and "--keys" in refused.stderr
    assert not (site.var / "private").exists()

    done = site.manage("restore", str(backup), "--keys", str(keys), "--noinput")
    assert "恢复完成" in done.stdout and "审计日志完好" in done.stdout
    after = site.dump()
    records_before, audit_before = _split_audit(before)
    records_after, audit_after = _split_audit(after)
    assert records_after == records_before  # encrypted id_number decrypts to the same text: the ring came back
    assert (site.var / "keys/field/current").read_text() == "k1"
    assert audit_after[: len(audit_before)] == audit_before
    assert [e["fields"]["action"] for e in audit_after[len(audit_before):]] == ["system.restore"]
    assert site.files() == files_before
    opened = site.manage("shell", "-c", "from django.core.files.storage import default_storage as s; "
                         "print(s.open('imports/名单.xlsx').read()[4:260] == bytes(range(256)))")
    assert opened.stdout.split()[-1] == "True"  # sealed with k1, which came back with the keys
    assert "审计日志完好" in site.manage("verify_audit").stdout


def test_a_backup_taken_while_another_process_writes_is_consistent(site: Site) -> None:
    site.manage("migrate", "-v0")
    site.manage("shell", "-c", SEED)
    stop, started = site.tmp / "stop", site.tmp / "started"
    env = {**site.env, "WRITER_STOP": str(stop), "WRITER_STARTED": str(started)}
    writer = subprocess.Popen(site.command("shell", "--no-imports", "-c", WRITER), cwd=ROOT, env=env,  # noqa: S603
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            if started.exists() or writer.poll() is not None:
                break
            time.sleep(0.1)
        assert started.exists(), writer.communicate()[1] if writer.poll() is not None else "writer did not start"
        site.manage("backup", str(site.tmp / "backup"))
        assert writer.poll() is None, "the writer stopped before the backup ended: the test proved nothing"
    finally:
        stop.touch()
        writer.wait(timeout=120)
    people, events = map(int, site.manage("shell", "--no-imports", "-c", COUNT).stdout.split()[-2:])
    site.manage("restore", str(site.tmp / "backup"), "--noinput")  # same keys: they were not lost
    restored_people, restored_events = map(int, site.manage("shell", "--no-imports", "-c", COUNT).stdout.split()[-2:])
    assert 20 <= restored_people < people and events == people
    assert restored_events == restored_people  # every Person with its audit event, none without
    assert "审计日志完好" in site.manage("verify_audit").stdout


# ---- Refusals (no database needed: verification comes before any change) -------------------------------------

@pytest.fixture
def fake_backup(tmp_path: Path) -> Path:
    directory = tmp_path / "backup"
    directory.mkdir()
    (directory / SQLITE_FILE).write_bytes(os.urandom(3000))
    (directory / FILES_ARCHIVE).write_bytes(os.urandom(2000))
    _write_manifest(directory, {"format": "xuncha-backup", "version": 1, "kind": "data", "engine": "sqlite",
                                "entries": _entries(directory, [SQLITE_FILE, FILES_ARCHIVE], lambda *a: lambda n: None)})
    return directory


def test_an_intact_backup_verifies(fake_backup: Path) -> None:
    assert read_verified(fake_backup, "data")["engine"] == "sqlite"


def test_an_interrupted_backup_without_manifest_is_refused(fake_backup: Path) -> None:
    (fake_backup / MANIFEST).unlink()
    with pytest.raises(BackupError, match=re.escape("不完整：缺少 manifest.json")):
        read_verified(fake_backup, "data")


def test_a_missing_file_is_refused(fake_backup: Path) -> None:
    (fake_backup / FILES_ARCHIVE).unlink()
    with pytest.raises(BackupError, match=re.escape("缺少文件 files.tar")):
        read_verified(fake_backup, "data")


def test_a_truncated_file_is_refused(fake_backup: Path) -> None:
    with (fake_backup / SQLITE_FILE).open("r+b") as fh:
        fh.truncate(1000)
    with pytest.raises(BackupError, match=re.escape("database.sqlite3 大小不符")):
        read_verified(fake_backup, "data")


def test_an_altered_file_is_refused(fake_backup: Path) -> None:
    data = bytearray((fake_backup / SQLITE_FILE).read_bytes())
    data[100] ^= 0xFF
    (fake_backup / SQLITE_FILE).write_bytes(bytes(data))
    with pytest.raises(BackupError, match=re.escape("database.sqlite3 校验和不符")):
        read_verified(fake_backup, "data")


def test_a_data_backup_is_not_taken_for_a_keys_backup(fake_backup: Path) -> None:
    with pytest.raises(BackupError, match="不是本系统的密钥备份"):
        read_verified(fake_backup, "keys")


@pytest.mark.django_db
def test_restore_command_refuses_with_a_clear_message_and_changes_nothing(fake_backup: Path) -> None:
    from xuncha.audit.models import AuditEvent

    (fake_backup / FILES_ARCHIVE).write_bytes(b"tampered")
    with pytest.raises(CommandError, match=re.escape("数据备份校验失败，未做任何改动：files.tar 大小不符")):
        call_command("restore", str(fake_backup), "--noinput")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_backup_refuses_to_put_the_keys_inside_the_backup(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="密钥必须写到与数据备份不同"):
        call_command("backup", str(tmp_path / "b"), "--keys-output", str(tmp_path / "b" / "keys"))
    assert not (tmp_path / "b").exists()


def test_restore_without_keys_is_refused_when_the_ring_lacks_a_key_of_the_backup(
        fake_backup: Path, settings: Any, tmp_path: Path) -> None:
    settings.FIELD_ENCRYPTION_KEYS_DIR = tmp_path / "ring"
    settings.FIELD_ENCRYPTION_KEYS, settings.FIELD_ENCRYPTION_KEY_ID = {}, ""
    manifest = json.loads((fake_backup / MANIFEST).read_text())
    manifest["engine"] = engine()  # the key check comes after the engine check; run it on either database
    manifest["key_fingerprints"] = {"secret_key": "-", "field_key": key_fingerprint(settings.FIELD_ENCRYPTION_KEY),
                                    "field_keys": {"k1": key_fingerprint("a" * 40)}}
    _write_manifest(fake_backup, manifest)
    with pytest.raises(BackupError, match="当前密钥环缺少备份时的字段加密密钥 k1"):
        restore_check(fake_backup, None)
    settings.FIELD_ENCRYPTION_KEYS = {"k1": "b" * 40}  # the same id, another key
    with pytest.raises(BackupError, match="k1（或其值不同）"):
        restore_check(fake_backup, None)
    settings.FIELD_ENCRYPTION_KEYS = {"k1": "a" * 40}
    assert restore_check(fake_backup, None)["engine"] == engine()
