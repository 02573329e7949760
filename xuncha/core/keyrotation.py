"""Re-sealing every encrypted column with the current cipher and key (``manage.py rotate_field_keys``).

The work goes table by table, in primary-key order, in batches; each batch is one transaction holding its
updates and its audit event, so an interruption leaves every batch either done or untouched. A run only
rewrites values that are not sealed with the current cipher and key yet, so running it again resumes where an
interrupted run stopped (it reads the finished rows again, but writes nothing there).

Then the private files (``xuncha.core.files``), one at a time: each is re-sealed into a temporary file beside it
and renamed over it, so a reader sees either the old or the new file, both readable.

The system keeps running meanwhile: each update is a compare-and-set on the value read (``WHERE col = old``), so
a value that a user changed during the batch is left alone (counted as ``changed``) rather than overwritten; the
next run re-seals it if it was still written under an older key (a process that had not yet seen the new
current key).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.storage import storages
from django.db import connection, models, transaction

from xuncha.core import events
from xuncha.core.crypto import (
    FILE_HEADER_MAX,
    DecryptionError,
    EncryptedTextField,
    decrypt_bytes,
    encrypt_bytes,
    encrypted_fields,
    envelope,
    file_envelope,
    file_is_current,
    is_current,
    keyring,
    reseal,
)
from xuncha.core.files import PrivateFileSystemStorage

DEFAULT_BATCH = 500
# A file younger than this that does not decrypt may still be being written: it is left for the next run.
YOUNG_FILE_SECONDS = 60

# phase(label, total) starts a table; the returned callable advances it by n rows (xuncha.core.progress).
Phase = Callable[[str, int], Callable[[int], None]]


def _no_progress(label: str, total: int) -> Callable[[int], None]:
    return lambda n: None


@dataclass
class TableResult:
    table: str
    columns: list[str]
    rows: int = 0
    resealed: int = 0
    changed: int = 0  # values changed by someone else between read and write: left for the next run
    batches: int = 0


@dataclass
class FilesResult:
    files: int = 0
    resealed: int = 0
    skipped: int = 0  # being written while we read them: left for the next run


@dataclass
class RotationResult:
    cipher: str
    key_id: str
    tables: list[TableResult] = field(default_factory=list)
    files: FilesResult = field(default_factory=FilesResult)

    @property
    def resealed(self) -> int:
        return sum(t.resealed for t in self.tables)

    @property
    def changed(self) -> int:
        return sum(t.changed for t in self.tables)


def _names(model: type[models.Model], fields: list[EncryptedTextField]) -> tuple[str, str, list[str]]:
    """The table, primary-key column and encrypted columns, as the SQL below needs them."""
    pk = model._meta.pk
    if pk is None:  # abstract models have no table; encrypted_fields() never yields them
        raise TypeError(f"{model} has no primary key")
    return model._meta.db_table, str(pk.column), [str(f.column) for f in fields]


def _select(table: str, pk: str, columns: list[str], after: Any, limit: int) -> list[tuple[Any, ...]]:
    qn = connection.ops.quote_name
    # Names come from the models' metadata (quoted), values are parameters.
    sql = f"SELECT {qn(pk)}, {', '.join(qn(c) for c in columns)} FROM {qn(table)}"  # noqa: S608
    params: list[Any] = []
    if after is not None:
        sql += f" WHERE {qn(pk)} > %s"
        params.append(after)
    sql += f" ORDER BY {qn(pk)} LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _compare_and_set(table: str, pk: str, column: str, key: Any, old: str, new: str) -> bool:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s AND {qn(column)} = %s",  # noqa: S608
                       [new, key, old])
        return cursor.rowcount == 1


def rotate_model(model: type[models.Model], fields: list[EncryptedTextField], *, batch_size: int = DEFAULT_BATCH,
                 step: Phase = _no_progress) -> TableResult:
    """Re-seal the encrypted columns of one model's table; see the module docstring."""
    table, pk, columns = _names(model, fields)
    contexts = [f.context() for f in fields]
    result = TableResult(table, columns)
    advance = step(f"重新加密 {table}", model._base_manager.count())
    ring = keyring()
    after: Any = None
    while True:
        with transaction.atomic():
            rows = _select(table, pk, columns, after, batch_size)
            if not rows:
                break
            resealed = changed = 0
            for row in rows:
                for column, context, token in zip(columns, contexts, row[1:], strict=True):
                    if is_current(token):
                        continue
                    if _compare_and_set(table, pk, column, row[0], token, reseal(token, context)):
                        resealed += 1
                    else:
                        changed += 1
            if resealed:
                # In the batch's transaction: the audit log holds exactly the batches that were committed.
                events.record("crypto.rotate_batch", object_type=model._meta.label_lower,
                              object_id=f"{rows[0][0]}–{rows[-1][0]}",
                              details={"table": table, "columns": columns, "resealed": resealed, "changed": changed,
                                       "cipher": ring.cipher.name, "key_id": ring.current})
        after = rows[-1][0]
        result.rows += len(rows)
        result.resealed += resealed
        result.changed += changed
        result.batches += 1
        advance(len(rows))
    return result


def files_root() -> Path | None:
    """The private files' directory, when the default storage is the encrypting one."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, PrivateFileSystemStorage) else None


def _stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")) if root.is_dir() else []


def rotate_files(root: Path, *, step: Phase = _no_progress) -> FilesResult:
    """Re-seal every private file under ``root`` that is not sealed with the current cipher and key (files
    stored before encryption get sealed); each file is replaced atomically."""
    files = _stored_files(root)
    result = FilesResult(files=len(files))
    advance = step("重新加密文件", len(files))
    for path in files:
        blob = path.read_bytes()
        if not file_is_current(blob[:FILE_HEADER_MAX]):
            try:
                plain = decrypt_bytes(blob, str(path.relative_to(root)))
            except DecryptionError:
                if time.time() - path.stat().st_mtime < YOUNG_FILE_SECONDS:
                    result.skipped += 1
                    advance(1)
                    continue
                raise
            tmp = path.with_name(f".{path.name}.rotate")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(encrypt_bytes(plain))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            result.resealed += 1
        advance(1)
    return result


def rotate_all(*, batch_size: int = DEFAULT_BATCH, step: Phase = _no_progress) -> RotationResult:
    """Re-seal every encrypted column of every model, then every private file, with the current cipher and key."""
    ring = keyring(refresh=True)
    result = RotationResult(ring.cipher.name, ring.current)
    for model, fields in encrypted_fields():
        result.tables.append(rotate_model(model, fields, batch_size=batch_size, step=step))
    if (root := files_root()) is not None:
        result.files = rotate_files(root, step=step)
    return result


def file_usage(root: Path) -> Counter[str]:
    """How many private files each ``cipher/key id`` seals (``plain``: stored before encryption)."""
    usage: Counter[str] = Counter()
    for path in _stored_files(root):
        with path.open("rb") as fh:
            env, _ = file_envelope(fh.read(FILE_HEADER_MAX))
        usage["plain" if env.format == "plain" else f"{env.format}/{env.cipher}/{env.key_id}"] += 1
    return usage


def key_usage(*, batch_size: int = 2000) -> dict[str, Counter[str]]:
    """``table.column`` → how many values each ``cipher/key id`` seals (``plain`` and ``gcm1`` counted apart);
    an older key may be retired once no column counts it."""
    usage: dict[str, Counter[str]] = {}
    for model, fields in encrypted_fields():
        table, pk, columns = _names(model, fields)
        counters = [usage.setdefault(f"{table}.{c}", Counter()) for c in columns]
        after: Any = None
        while rows := _select(table, pk, columns, after, batch_size):
            for row in rows:
                for counter, token in zip(counters, row[1:], strict=True):
                    if not token:
                        continue
                    env = envelope(token)
                    counter["plain" if env.format == "plain" else f"{env.format}/{env.cipher}/{env.key_id}"] += 1
            after = rows[-1][0]
    return usage
