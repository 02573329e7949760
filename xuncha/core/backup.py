"""Backup and restore of the database, the private files and the keys (REL-07…REL-10).

A backup is a directory holding ``database.sqlite3`` (SQLite's online backup API: one read transaction, so a
consistent snapshot while the system keeps writing) or ``database.pgdump`` (``pg_dump -Fc``, consistent by its
snapshot), ``files.tar`` (the private files root) and ``manifest.json`` with the SHA-256 and size of each,
written last: a backup without a manifest is an interrupted one. The keys (``SECRET_KEY`` and the whole field
encryption key ring: ``FIELD_ENCRYPTION_KEY``, the further keys of the environment and of ``var/keys/field/``, and
which one is current) go to a *separate* directory with a manifest of its own, so a copy of the data backup alone
never carries the key that decrypts it; the data manifest keeps only fingerprints to match them up.

``restore`` checks every checksum first and changes nothing when any file is missing, altered or belongs to
another backup.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from xuncha.core import crypto

FORMAT = "xuncha-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FILES_ARCHIVE = "files.tar"
KEYS_FILE = "keys.json"
KEY_SETTINGS = {"secret_key": "SECRET_KEY", "field_key": "FIELD_ENCRYPTION_KEY"}
KEY_ENV = {"secret_key": "XUNCHA_SECRET_KEY", "field_key": "XUNCHA_FIELD_KEY"}
# The rest of the field key ring in keys.json: key id → secret (all keys but "k0", which is "field_key"), and
# the id of the current key.
RING_KEYS, RING_CURRENT = "field_keys", "field_key_current"
CHUNK = 1 << 20

# step(label, total) starts a phase; the returned callable advances it by n units.
Phase = Callable[[str, int], Callable[[int], None]]


def _no_progress(label: str, total: int) -> Callable[[int], None]:
    return lambda n: None


class BackupError(Exception):
    """The backup or restore cannot go on; the message (Chinese) says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    keys_path: Path | None
    manifest: dict[str, Any]


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持的数据库：{vendor}")
    return vendor


def key_fingerprint(value: str) -> str:
    """Names a key without revealing it (the key is 256 bits of randomness; a hash of it tells nothing)."""
    return hashlib.sha256(b"xuncha-key-fingerprint:" + value.encode()).hexdigest()[:32]


def sha256_file(path: Path, advance: Callable[[int], None] | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            if advance:
                advance(len(chunk))
    return digest.hexdigest()


def _fresh_dir(path: Path, what: str) -> None:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise BackupError(f"{what}目录 {path} 已存在且不为空：请指定一个新目录，不会覆盖已有备份。")
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def _write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    tmp = directory / (MANIFEST + ".part")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    tmp.chmod(0o600)
    os.replace(tmp, directory / MANIFEST)  # atomic: the manifest exists only once everything it lists does


def _entries(directory: Path, names: list[str], step: Phase) -> list[dict[str, Any]]:
    for name in names:
        (directory / name).chmod(0o600)  # the service account only, like var/
    sizes = {name: (directory / name).stat().st_size for name in names}
    advance = step("计算校验和", sum(sizes.values()))
    return [{"name": name, "size": sizes[name], "sha256": sha256_file(directory / name, advance)}
            for name in names]


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"找不到 {name}：请安装与服务器版本一致的 PostgreSQL 客户端工具（postgresql-client）。")
    return tool


def _run(args: list[str]) -> None:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} 失败（状态 {done.returncode}）：{done.stderr.strip()[-2000:]}")


def _dump_database(target_dir: Path, step: Phase) -> str:
    advance = step("备份数据库", 1)
    if engine() == "sqlite":
        if connection.in_atomic_block:
            raise BackupError("不能在事务中备份数据库。")
        connection.ensure_connection()
        target = sqlite3.connect(target_dir / SQLITE_FILE)
        try:
            # pages=-1: one step, one read transaction, so writers elsewhere (WAL) cannot make the copy
            # inconsistent and cannot restart it either.
            connection.connection.backup(target, pages=-1)
        finally:
            target.close()
        advance(1)
        return SQLITE_FILE
    name = str(settings.DATABASES["default"]["NAME"])
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          f"--file={target_dir / PG_FILE}", f"--dbname={name}"])
    advance(1)
    return PG_FILE


def _archive_files(target_dir: Path, step: Phase) -> int:
    root = Path(settings.PRIVATE_FILES_ROOT)
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    advance = step("归档文件", len(files))
    with tarfile.open(target_dir / FILES_ARCHIVE, "w") as tar:
        for path in files:
            tar.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)
            advance(1)
    return len(files)


def _applied_migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name"):
        latest[app] = name
    return latest


def backup_create(target: Path, *, keys_target: Path | None = None, step: Phase = _no_progress) -> BackupResult:
    """Write a backup of the database and the private files to ``target`` and, when ``keys_target`` is
    given, the keys to that separate directory. Safe while the system runs."""
    target, keys_target = Path(target).resolve(), Path(keys_target).resolve() if keys_target else None
    if keys_target is not None and (keys_target == target or target in keys_target.parents
                                    or keys_target in target.parents):
        raise BackupError("密钥必须写到与数据备份不同、互不包含的目录（--keys-output）。")
    _fresh_dir(target, "备份")
    if keys_target is not None:
        _fresh_dir(keys_target, "密钥备份")
    created = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    database = _dump_database(target, step)
    file_count = _archive_files(target, step)
    try:
        ring = crypto.keyring(refresh=True)
    except crypto.CryptoError as exc:
        raise BackupError(str(exc)) from exc
    ring_keys = {key_id: secret for key_id, secret in ring.keys.items() if key_id != crypto.LEGACY_KEY_ID}
    fingerprints: dict[str, Any] = {name: key_fingerprint(getattr(settings, setting))
                                    for name, setting in KEY_SETTINGS.items()}
    fingerprints[RING_KEYS] = {key_id: key_fingerprint(secret) for key_id, secret in sorted(ring_keys.items())}
    manifest = {
        "format": FORMAT, "version": VERSION, "kind": "data", "created_at": created, "engine": engine(),
        "database": database, "file_count": file_count, "key_fingerprints": fingerprints,
        "migrations": _applied_migrations(), "entries": _entries(target, [database, FILES_ARCHIVE], step),
    }
    _write_manifest(target, manifest)
    if keys_target is not None:
        keys_file = keys_target / KEYS_FILE
        fd = os.open(keys_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({**{name: getattr(settings, setting) for name, setting in KEY_SETTINGS.items()},
                       RING_KEYS: ring_keys, RING_CURRENT: ring.current}, fh)
        _write_manifest(keys_target, {
            "format": FORMAT, "version": VERSION, "kind": "keys", "created_at": created,
            "key_fingerprints": fingerprints, "entries": _entries(keys_target, [KEYS_FILE], step),
        })
    return BackupResult(target, keys_target, manifest)


# ---- Restore -----------------------------------------------------------------------------------------------------

def read_verified(directory: Path, kind: str, step: Phase = _no_progress) -> dict[str, Any]:
    """The manifest of ``directory`` after checking that every file it lists is there, whole and unchanged."""
    directory = Path(directory)
    label = "数据备份" if kind == "data" else "密钥备份"
    if not directory.is_dir():
        raise BackupError(f"{label}目录 {directory} 不存在。")
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{label}不完整：缺少 {MANIFEST}（备份可能被中断），拒绝恢复。") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{label}的 {MANIFEST} 已损坏，拒绝恢复。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("kind") != kind:
        raise BackupError(f"{directory} 不是本系统的{label}（{MANIFEST} 格式不符），拒绝恢复。")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{label}格式版本 {manifest.get('version')} 不受支持（支持 {VERSION}）。")
    entries = manifest.get("entries") or []
    problems = []
    advance = step(f"校验{label}", sum(int(e.get("size", 0)) for e in entries))
    for entry in entries:
        path = directory / Path(str(entry["name"])).name
        if not path.is_file():
            problems.append(f"缺少文件 {entry['name']}")
        elif path.stat().st_size != entry["size"]:
            problems.append(f"{entry['name']} 大小不符（应为 {entry['size']} 字节，实为 {path.stat().st_size}）")
        elif sha256_file(path, advance) != entry["sha256"]:
            problems.append(f"{entry['name']} 校验和不符（文件已损坏或被修改）")
    if problems:
        raise BackupError(f"{label}校验失败，未做任何改动：" + "；".join(problems) + "。")
    return manifest


def _current_fingerprint(name: str) -> str:
    return key_fingerprint(getattr(settings, KEY_SETTINGS[name]))


def restore_check(source: Path, keys_source: Path | None, step: Phase = _no_progress) -> dict[str, Any]:
    """Everything ``backup_restore`` checks before it touches anything; returns the data manifest."""
    manifest = read_verified(source, "data", step)
    if manifest["engine"] != engine():
        raise BackupError(f"该备份来自 {manifest['engine']} 数据库，当前数据库是 {engine()}：不能直接恢复。")
    if keys_source is not None:
        keys = read_verified(keys_source, "keys", step)
        if keys.get("key_fingerprints") != manifest.get("key_fingerprints"):
            raise BackupError("密钥备份与数据备份不属于同一次备份（密钥指纹不符），拒绝恢复。")
    elif manifest["key_fingerprints"]["field_key"] != _current_fingerprint("field_key"):
        raise BackupError("当前的字段加密密钥与备份时不同，恢复后加密字段将无法解密："
                          "请用 --keys 指定同一次的密钥备份。")
    elif missing := _missing_ring_keys(manifest["key_fingerprints"].get(RING_KEYS, {})):
        raise BackupError(f"当前密钥环缺少备份时的字段加密密钥 {'、'.join(missing)}（或其值不同），"
                          "恢复后部分加密字段将无法解密：请用 --keys 指定同一次的密钥备份。")
    return manifest


def _missing_ring_keys(backed_up: dict[str, str]) -> list[str]:
    ring = crypto.keyring(refresh=True)
    return [key_id for key_id, fingerprint in sorted(backed_up.items())
            if key_id not in ring.keys or key_fingerprint(ring.keys[key_id]) != fingerprint]


def _restore_sqlite(path: Path, step: Phase) -> None:
    advance = step("恢复数据库", 1)
    if connection.in_atomic_block:
        raise BackupError("不能在事务中恢复数据库。")
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection, pages=-1)
    finally:
        source.close()
    advance(1)


def _restore_postgresql(path: Path, step: Phase) -> None:
    advance = step("恢复数据库", 1)
    connection.close()  # our own idle connection must not hold locks on the tables pg_restore drops
    name = str(settings.DATABASES["default"]["NAME"])
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", f"--dbname={name}", str(path)])
    advance(1)


def _restore_files(archive: Path, step: Phase) -> None:
    root = Path(settings.PRIVATE_FILES_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
        advance = step("恢复文件", len(members))
        for member in members:
            tar.extract(member, staging, filter="data")  # "data": no absolute paths, links out or devices
            advance(1)
    staging.chmod(0o700)
    # Swap the whole directory: files written after the backup must not linger beside the restored ones.
    old = root.with_name(root.name + ".before-restore")
    if old.exists():
        shutil.rmtree(old)
    if root.exists():
        root.rename(old)
    staging.rename(root)
    if old.exists():
        shutil.rmtree(old)


def _restore_keys(keys_source: Path) -> list[str]:
    """Write the keys where settings read them (var/ and var/keys/field/); returns warnings for keys that the
    environment sets otherwise. Keys of the ring made after the backup are kept (a key is never deleted here)."""
    keys = json.loads((keys_source / KEYS_FILE).read_text(encoding="utf-8"))
    warnings = []
    for name, value in keys.items():
        if name not in KEY_SETTINGS:
            continue
        if os.environ.get(KEY_ENV[name]):
            if os.environ[KEY_ENV[name]] != value:
                warnings.append(f"环境变量 {KEY_ENV[name]} 覆盖了 var/{name}：请把它改为密钥备份中的值。")
            continue
        crypto.write_secret(Path(settings.VAR_DIR) / name, value)
    environment = dict(settings.FIELD_ENCRYPTION_KEYS)
    for key_id, value in sorted(keys.get(RING_KEYS, {}).items()):
        if key_id in environment:
            if environment[key_id] != value:
                warnings.append(f"环境变量 XUNCHA_FIELD_KEYS 中的密钥 {key_id} 与密钥备份不同：请改为备份中的值。")
            continue
        directory = Path(settings.FIELD_ENCRYPTION_KEYS_DIR)
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        crypto.write_secret(directory / f"{key_id}{crypto.KEY_SUFFIX}", value)
    if current := keys.get(RING_CURRENT):
        if settings.FIELD_ENCRYPTION_KEY_ID and current != settings.FIELD_ENCRYPTION_KEY_ID:
            warnings.append(f"环境变量 XUNCHA_FIELD_KEY_ID（{settings.FIELD_ENCRYPTION_KEY_ID}）与备份时的当前密钥 "
                            f"{current} 不同：新值将用前者加密。")
        crypto.set_current(current)
    crypto.reload_keys()
    return warnings


def backup_restore(source: Path, *, keys_source: Path | None = None, step: Phase = _no_progress,
                   manifest: dict[str, Any] | None = None) -> list[str]:
    """Replace the database, the private files and (with ``keys_source``) the keys by the backup's, after
    verifying all of it (pass ``manifest`` from ``restore_check`` just done to skip a second pass). Run with the
    application stopped. Returns warnings for the operator."""
    source = Path(source)
    if manifest is None:
        manifest = restore_check(source, keys_source, step)
    if manifest["engine"] == "sqlite":
        _restore_sqlite(source / SQLITE_FILE, step)
    else:
        _restore_postgresql(source / PG_FILE, step)
    _restore_files(source / FILES_ARCHIVE, step)
    return _restore_keys(Path(keys_source)) if keys_source is not None else []
