"""Signed checkpoints of the audit chain, kept outside the database (AUD-05, ADR-0010).

A checkpoint says "the chain had ``count`` events, the last one #``last_id`` with hash ``last_hash``, at ``at``".
It is signed with HMAC-SM3 under a key that lives outside the database (``XUNCHA_AUDIT_ANCHOR_KEY``: the
environment or ``var/keys/``) and appended as one JSON line to a daily file in ``XUNCHA_AUDIT_ANCHOR_DIR``
(another directory, mount or host than the database; optionally copied to syslog as well). Someone who can
rewrite the database but not that directory and key can no longer shorten, empty or rewrite the log
unnoticed: ``verify_audit`` compares the chain with the last checkpoint.

A *genesis* checkpoint marks where an archived prefix was cut off (``audit_archive``): the first row left in
the database links to its hash, and counting goes on from its count.
"""

from __future__ import annotations

import datetime
import json
import logging
import logging.handlers
import os
import socket
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings

logger = logging.getLogger(__name__)

VERSION = 1
CHECKPOINT = "checkpoint"
GENESIS_KIND = "genesis"
# Written by `manage.py restore`: the log was deliberately set back to a backup's head. Checkpoints before the
# newest restore marker no longer apply; the marker itself anchors the restored log. The marker stays in the
# append-only files (and syslog), so a restore is never silent.
RESTORE_KIND = "restore"
GENESIS_FILE = "genesis.jsonl"
DAILY_PREFIX = "checkpoints-"


class AnchorError(Exception):
    """The checkpoints cannot be trusted (bad signature, unreadable line); the message names the line."""


@dataclass(frozen=True)
class Checkpoint:
    kind: str
    count: int
    last_id: int
    last_hash: str
    at: str
    signature: str = ""
    source: str = ""  # "file:line", for messages; not signed

    def signed_fields(self) -> dict[str, Any]:
        return {"v": VERSION, "kind": self.kind, "count": self.count, "last_id": self.last_id,
                "last_hash": self.last_hash, "at": self.at}

    def line(self) -> str:
        return json.dumps({**self.signed_fields(), "sig": self.signature}, sort_keys=True, separators=(",", ":"))

    def describe(self) -> str:
        """"检查点（时间）：共 N 条，末条 #id，哈希 abcd…" — for messages."""
        return f"{self.at} 的检查点记载共 {self.count} 条、末条 #{self.last_id}（哈希 {self.last_hash[:16]}…）"

    def describe_en(self) -> str:
        return f"checkpoint of {self.at}: {self.count} events up to #{self.last_id} (hash {self.last_hash[:16]}…)"


def anchor_dir() -> Path:
    return Path(settings.XUNCHA_AUDIT_ANCHOR_DIR)


def _key() -> bytes:
    key = str(settings.XUNCHA_AUDIT_ANCHOR_KEY or "")
    if len(key) < 16:
        raise AnchorError("审计检查点签名密钥未配置或过短 / the audit checkpoint signing key is missing or too short "
                          "(XUNCHA_AUDIT_ANCHOR_KEY)")
    return key.encode()


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def sign(fields: dict[str, Any]) -> str:
    mac = hmac.HMAC(_key(), hashes.SM3())
    mac.update(_canonical(fields))
    return mac.finalize().hex()


def _signature_ok(fields: dict[str, Any], signature: str) -> bool:
    mac = hmac.HMAC(_key(), hashes.SM3())
    mac.update(_canonical(fields))
    try:
        mac.verify(bytes.fromhex(signature))
    except (InvalidSignature, ValueError):
        return False
    return True


def make_checkpoint(kind: str, *, count: int, last_id: int, last_hash: str) -> Checkpoint:
    at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    unsigned = Checkpoint(kind, count, last_id, last_hash, at)
    return Checkpoint(kind, count, last_id, last_hash, at, sign(unsigned.signed_fields()))


def parse_line(text: str, source: str) -> Checkpoint:
    """One stored line, its signature checked; ``AnchorError`` naming ``source`` otherwise."""
    try:
        raw = json.loads(text)
        point = Checkpoint(str(raw["kind"]), int(raw["count"]), int(raw["last_id"]), str(raw["last_hash"]),
                           str(raw["at"]), str(raw["sig"]), source)
        version = int(raw["v"])
    except (ValueError, KeyError, TypeError) as exc:
        raise AnchorError(f"检查点 {source} 无法读取 / checkpoint {source} is unreadable") from exc
    if version != VERSION or point.kind not in (CHECKPOINT, GENESIS_KIND, RESTORE_KIND) \
            or not _signature_ok(point.signed_fields(), point.signature):
        raise AnchorError(f"检查点 {source} 签名无效：检查点被改写或伪造，或签名密钥已更换 / "
                          f"checkpoint {source} has an invalid signature (rewritten, forged, or the key changed)")
    return point


def _read(path: Path, tail: int | None = None) -> list[Checkpoint]:
    """The checkpoints of ``path``; with ``tail``, only those in its last ``tail`` bytes (named from the end)."""
    try:
        with path.open("rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            start = max(0, size - tail) if tail else 0
            fh.seek(start)
            data = fh.read()
    except FileNotFoundError:
        return []
    lines = data.decode("utf-8", errors="replace").splitlines()
    if start > 0:
        lines = lines[1:]  # the first one is cut
        names = [f"{path.name}:-{len(lines) - n}" for n in range(len(lines))]
    else:
        names = [f"{path.name}:{n}" for n in range(1, len(lines) + 1)]
    return [parse_line(line, name) for line, name in zip(lines, names, strict=True) if line.strip()]


def _daily_files() -> list[Path]:
    folder = anchor_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(DAILY_PREFIX) and p.name.endswith(".jsonl"))


# The newest checkpoints are at the end of the newest file; a few hundred lines are read, not the whole day.
TAIL_BYTES = 64 * 1024


def latest_checkpoint() -> Checkpoint | None:
    """The checkpoint that anchors the most events (the ends of the last two daily files are read: writers of two
    processes may append out of order around midnight). Raises ``AnchorError`` on a bad line among them."""
    points = [p for path in _daily_files()[-2:] for p in _read(path, TAIL_BYTES)]
    restores = [p for p in points if p.kind == RESTORE_KIND]
    if restores:
        restored = max(restores, key=lambda p: p.at)
        points = [p for p in points if p.at >= restored.at]
    return max(points, key=lambda p: (p.last_id, p.count), default=None)


def genesis_points() -> list[Checkpoint]:
    """Every signed cut-off point of archived prefixes, oldest first."""
    return _read(anchor_dir() / GENESIS_FILE)


def _append(path: Path, line: str) -> None:
    # One O_APPEND write per line: lines of concurrent writers never interleave; never rewritten in place.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


@cache
def _syslog(address: str) -> logging.Logger:
    """A logger that sends to the syslog at ``address`` ("/dev/log" or "host:port", UDP)."""
    target: str | tuple[str, int]
    if ":" in address and not address.startswith("/"):
        host, port = address.rsplit(":", 1)
        target = (host, int(port))
    else:
        target = address
    handler = logging.handlers.SysLogHandler(address=target, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV,
                                             socktype=socket.SOCK_DGRAM)
    handler.setFormatter(logging.Formatter("xuncha-audit: %(message)s"))
    sink = logging.getLogger("xuncha.audit.anchor.syslog")
    sink.propagate = False
    sink.setLevel(logging.INFO)
    sink.addHandler(handler)
    return sink


def store(point: Checkpoint) -> None:
    """Write ``point`` to the anchor directory (and syslog when configured)."""
    if point.kind == GENESIS_KIND:
        _append(anchor_dir() / GENESIS_FILE, point.line())
    day = point.at[:10]
    _append(anchor_dir() / f"{DAILY_PREFIX}{day}.jsonl", point.line())
    address = str(getattr(settings, "XUNCHA_AUDIT_SYSLOG", "") or "")
    if address:
        try:
            _syslog(address).info(point.line())
        except OSError:
            # The file is the anchor of record; a syslog host that is down must not stop the checkpoint.
            logger.exception("audit checkpoint not sent to syslog %s", address)


def as_details(point: Checkpoint) -> dict[str, Any]:
    """What the audit event of a verification says about the checkpoint it wrote."""
    fields = asdict(point)
    return {k: fields[k] for k in ("count", "last_id", "last_hash", "at")}
