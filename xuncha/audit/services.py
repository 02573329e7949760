"""Writing, verifying and anchoring the audit log (AUD-01…AUD-05, ADR-0006, ADR-0010)."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, models, transaction
from django.utils import timezone

from xuncha.audit import anchors
from xuncha.audit.anchors import AnchorError, Checkpoint
from xuncha.audit.models import GENESIS, AuditEvent, AuditResult
from xuncha.core.context import current_request
from xuncha.core.exceptions import DomainError

logger = logging.getLogger(__name__)

# Key of the PostgreSQL advisory lock that serialises appends (any constant; "XUNCHA" in ASCII).
CHAIN_LOCK_KEY = 0x58554E434841
# Rows read per query while walking the chain.
WALK_BATCH = 2000
# Set when the current request has already recorded a refusal (the middleware then adds none).
refusal_recorded: ContextVar[bool] = ContextVar("refusal_recorded", default=False)

if TYPE_CHECKING:
    from xuncha.accounts.models import User

HASHED_FIELDS = ("created_at", "actor_id", "actor_username", "actor_role", "action", "object_type", "object_id",
                 "object_repr", "result", "client_ip", "request_id", "details")


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def _canonical_time(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(prev_hash: str, values: dict[str, Any]) -> str:
    """SM3 over the previous hash and a canonical JSON rendering of the row."""
    payload = {k: values[k] for k in HASHED_FIELDS}
    payload["created_at"] = _canonical_time(payload["created_at"])
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return sm3_hex((prev_hash + canonical).encode())


def _roles_of(actor: User) -> str:
    # accounts.User.role_codes: the audit log sits below accounts and asks the user object.
    return ",".join(sorted(getattr(actor, "role_codes", ())))


def lock_chain() -> None:
    """Serialise appends until the caller's transaction ends. On SQLite every write transaction is IMMEDIATE
    (settings), so writers already queue; on PostgreSQL an advisory transaction lock does it. Either way commit
    order equals id order, and the unique ``prev_hash`` refuses a fork should anything slip through."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def chain_head() -> tuple[int, str] | None:
    """Id and hash of the last committed row, or None for an empty log."""
    row = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    return (row[0], row[1]) if row else None


def audit_record(action: str, *, actor: Any = None, obj: models.Model | None = None, object_type: str = "",
                 object_id: str = "", object_repr: str = "", result: str = AuditResult.SUCCESS,
                 details: dict[str, Any] | None = None, username: str = "") -> AuditEvent:
    """Append one event to the chain. Runs inside the caller's transaction: if the audit write fails,
    the action it records fails too (AUD-08)."""
    ctx = current_request.get()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    # Nobody signed in (a refused sign-in, a system task): the event names the username it was given, if any.
    user = actor if actor is not None and not isinstance(actor, AnonymousUser) and actor.is_authenticated else None
    values: dict[str, Any] = {
        "created_at": timezone.now(),
        "actor_id": user.pk if user else None,
        "actor_username": user.get_username() if user else username[:150],
        "actor_role": _roles_of(user) if user else "",
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr[:200],
        "result": str(result),
        "client_ip": ctx.client_ip if ctx else "",
        "request_id": ctx.request_id if ctx else "",
        "details": json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
    }
    with transaction.atomic():
        lock_chain()
        head = chain_head()
        prev_hash = head[1] if head else _genesis_hash()
        values["hash"] = event_hash(prev_hash, values)
        event = AuditEvent.objects.create(prev_hash=prev_hash, **values)
        if _checkpoint_due(event.pk):
            transaction.on_commit(_auto_checkpoint)
    if result != AuditResult.SUCCESS:
        refusal_recorded.set(True)
    return event


def _genesis_hash() -> str:
    """What the first row links to: the all-zero genesis, or the last archived row if an archive emptied the log
    (the archive keeps the newest row, so this is only a safeguard)."""
    points = anchors.genesis_points()
    return points[-1].last_hash if points else GENESIS


@contextmanager
def audit_refusals(action: str, *, actor: Any, details: dict[str, Any] | None = None, **target: Any
                   ) -> Iterator[None]:
    """Record a ``DomainError`` raised inside as a refused ``action`` with its reason (result denied), then let
    it go on. Use it outside the transaction that the refusal rolls back, or the record is rolled back too."""
    try:
        yield
    except DomainError as exc:
        audit_record(action, actor=actor, result=AuditResult.DENIED,
                     details={**(details or {}), "reason": exc.message}, **target)
        raise


# --- anchoring (AUD-05) --------------------------------------------------------------------------------------

# Last anchored id per anchor directory, as this process knows it (other processes anchor too; the worst case
# is one checkpoint per process every XUNCHA_AUDIT_ANCHOR_EVERY events).
_anchored_upto: dict[str, int] = {}
# Without any checkpoint yet, the first one walks the whole chain; events do not pay that for a large log
# (``manage.py audit_checkpoint`` or ``verify_audit`` lays the first anchor there).
AUTO_FULL_WALK_LIMIT = 50_000


class ChainBroken(Exception):
    """The chain does not continue the last checkpoint; the message names where (Chinese and English)."""


def _checkpoint_due(pk: int) -> bool:
    every = int(getattr(settings, "XUNCHA_AUDIT_ANCHOR_EVERY", 0) or 0)
    if every <= 0:
        return False
    key = str(anchors.anchor_dir())
    last = _anchored_upto.get(key)
    if last is None:
        try:
            point = anchors.latest_checkpoint()
        except AnchorError:
            point = None  # the checkpoint run reports it
        last = point.last_id if point else 0
    if pk - last < every:
        _anchored_upto[key] = last
        return False
    _anchored_upto[key] = pk
    return True


def _auto_checkpoint() -> None:
    """After the commit of every N-th event: anchor the head. The action is already committed, so a failure here
    is logged for the operators (an alarm), not raised at the user."""
    try:
        audit_checkpoint(full_walk_limit=AUTO_FULL_WALK_LIMIT)
    except Exception:
        _anchored_upto.pop(str(anchors.anchor_dir()), None)
        logger.exception("audit checkpoint failed / 审计检查点写入失败")


def audit_checkpoint(*, full_walk_limit: int | None = None) -> Checkpoint | None:
    """Check the rows appended since the last checkpoint and anchor the head outside the database.

    Returns the checkpoint written (None for a log that is still empty, or when there is no checkpoint yet and
    the log is longer than ``full_walk_limit``). Raises ``ChainBroken`` rather than anchor a log that does not
    continue the last checkpoint, and ``AnchorError`` for a checkpoint with a bad signature."""
    last = anchors.latest_checkpoint()
    if last is None:
        head = chain_head()
        if head is None:
            return None
        if full_walk_limit is not None and head[0] > full_walk_limit:
            logger.warning("no audit checkpoint yet: run manage.py audit_checkpoint / 尚无审计检查点")
            return None
        result = audit_verify()
        if not result.ok:
            raise ChainBroken(result.message)
        return result.anchored
    head = chain_head()
    walk = _Walk(count=last.count, last_id=last.last_id, last_hash=last.last_hash, checkpoint=None)
    if head is None or head[0] < last.last_id or (head[0] == last.last_id and head[1] != last.last_hash) \
            or walk.run(after=last.last_id, upto=head[0]) is not None:
        # Something before the new rows is wrong: a full verification names it precisely.
        found = audit_verify(anchor=False)
        raise ChainBroken(found.message if not found.ok else
                          f"审计日志不再衔接{last.describe()}。/ The log no longer continues the {last.describe_en()}.")
    point = anchors.make_checkpoint(anchors.CHECKPOINT, count=walk.count, last_id=walk.last_id,
                                    last_hash=walk.last_hash)
    anchors.store(point)
    _anchored_upto[str(anchors.anchor_dir())] = point.last_id
    return point


# --- verification ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int  # rows of the database walked
    broken_id: int | None = None
    reason: str = ""  # short, Chinese
    detail: str = ""  # the gap named in Chinese and English
    count: int = 0  # events since the start of the chain (an archived prefix included)
    checkpoint: Checkpoint | None = None  # the last checkpoint, compared against
    anchored: Checkpoint | None = None  # the checkpoint this run wrote

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计日志完好：共校验 {self.checked} 条记录，与检查点一致。/ The audit log is intact: " \
                   f"{self.checked} events verified."
        where = f"第一处断点在记录 #{self.broken_id}（{self.reason}）" if self.broken_id else self.reason
        text = f"审计日志已被篡改或无法证明完整：{where}；此前 {self.checked} 条记录完好。"
        return f"{text}{self.detail}" if self.detail else text


def _fail(walk: _Walk, broken_id: int | None, reason: str, detail: str = "") -> VerifyResult:
    return VerifyResult(False, walk.checked, broken_id, reason, detail, walk.count, walk.checkpoint)


def _shortened(point: Checkpoint, walk: _Walk) -> VerifyResult:
    if walk.checked == 0 and walk.last_id == 0:
        detail = (f"审计日志为空，但{point.describe()}。/ The audit log is empty, but the "
                  f"{point.describe_en()}.")
        return _fail(walk, point.last_id, "日志为空：全部记录被删除", detail)
    detail = (f"{point.describe()}，数据库中只有 {walk.count} 条、末条 #{walk.last_id}：#{walk.last_id + 1}–"
              f"#{point.last_id} 缺失。/ The audit log was cut short: the {point.describe_en()}; found {walk.count} "
              f"events up to #{walk.last_id}; #{walk.last_id + 1}–#{point.last_id} are missing.")
    return _fail(walk, point.last_id, "链尾不符：日志比检查点短，末尾记录被删除", detail)


def _diverged(point: Checkpoint, row_id: int, count: int, walk: _Walk) -> VerifyResult:
    detail = (f"{point.describe()}，数据库在 #{row_id} 处为第 {count} 条、哈希不同。/ The log diverges from the "
              f"{point.describe_en()}: #{row_id} is event {count} with another hash.")
    return _fail(walk, row_id, "与检查点不符：链被改写", detail)


class _Walk:
    """Walks rows in id order from a known link, checking each link and hash, and the checkpoint it passes."""

    def __init__(self, *, count: int, last_id: int, last_hash: str, checkpoint: Checkpoint | None,
                 progress: Callable[[int], None] | None = None) -> None:
        self.count, self.last_id, self.last_hash = count, last_id, last_hash
        self.checkpoint = checkpoint
        self.matched = checkpoint is None
        self.progress = progress
        self.checked = 0
        self.claimed = 0  # highest id a recorded verification says it anchored

    def _rows(self, after: int, upto: int) -> Iterator[dict[str, Any]]:
        # Keyset batches rather than one long cursor: progress may write to the database between batches.
        while True:
            batch = list(AuditEvent.objects.filter(id__gt=after, id__lte=upto).order_by("id")
                         .values("id", "prev_hash", "hash", *HASHED_FIELDS)[:WALK_BATCH])
            if not batch:
                return
            yield from batch
            after = batch[-1]["id"]

    def run(self, *, after: int, upto: int) -> VerifyResult | None:
        """Walk rows ``after`` < id ≤ ``upto``; the first failure, or None."""
        point = self.checkpoint
        for row in self._rows(after, upto):
            if point is not None and not self.matched and row["id"] > point.last_id:
                detail = (f"{point.describe()}，该记录已不在日志中。/ The {point.describe_en()}; that event is no "
                          f"longer in the log.")
                return _fail(self, point.last_id, "检查点所记记录缺失：记录被删除", detail)
            if row["prev_hash"] != self.last_hash:
                return _fail(self, row["id"], "链接断裂：上一条记录被删除或修改")
            if event_hash(self.last_hash, row) != row["hash"]:
                return _fail(self, row["id"], "内容被修改：哈希不符")
            self.count += 1
            self.checked += 1
            self.last_id, self.last_hash = row["id"], row["hash"]
            if point is not None and row["id"] == point.last_id:
                if self.count != point.count or row["hash"] != point.last_hash:
                    return _diverged(point, row["id"], self.count, self)
                self.matched = True
            if row["action"] == "audit.verify":
                self.claimed = max(self.claimed, _claimed_anchor(row["details"]))
            if self.progress is not None:
                self.progress(self.checked)
        return None


def _claimed_anchor(details: str) -> int:
    try:
        value = json.loads(details or "{}").get("anchor", {}).get("last_id", 0)
    except (ValueError, AttributeError):
        return 0
    return value if isinstance(value, int) else 0


def _base(first: Any, geneses: list[Checkpoint]) -> Checkpoint | None:
    """The point the first row continues: the all-zero genesis (None) or a signed archive cut-off."""
    if first is None or first["prev_hash"] == GENESIS:
        return None
    return next((g for g in reversed(geneses) if g.last_hash == first["prev_hash"] and g.last_id < first["id"]),
                None)


@contextmanager
def read_snapshot() -> Iterator[None]:
    """A read-only transaction whose queries all see the database as it was at its first query. PostgreSQL:
    REPEATABLE READ, READ ONLY. SQLite (WAL): a DEFERRED transaction, so the reader takes no write lock and
    writers go on. Inside the caller's transaction (tests, nested use) that transaction is the snapshot."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # Connecting reads the mode from the settings again: connect first, then lower it for this one BEGIN.
    connection.ensure_connection()
    mode = getattr(connection, "transaction_mode", None)
    connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            connection.transaction_mode = mode  # type: ignore[attr-defined]
            yield
    finally:
        connection.transaction_mode = mode  # type: ignore[attr-defined]


def audit_verify(progress: Callable[[int], None] | None = None, *, anchor: bool = True,
                 snapshot: bool = False) -> VerifyResult:
    """Verify the chain (``_verify_once``), with ``snapshot`` inside one read-only transaction (the command; the
    background task writes its progress as it goes, so it walks without one, which the id bound makes safe).
    An archive that cut the start of the log while the walk ran shows as a new first row and a new genesis: the
    run is then repeated once on the log as it now is."""
    try:
        geneses = len(anchors.genesis_points())
    except AnchorError:
        geneses = -1  # the run reports the bad line
    first = AuditEvent.objects.order_by("id").values_list("id", flat=True).first()

    def once() -> VerifyResult:
        if not snapshot:
            return _verify_once(progress, anchor=anchor)
        with read_snapshot():
            return _verify_once(progress, anchor=anchor)

    result = once()
    if not result.ok:
        try:
            archived_meanwhile = (len(anchors.genesis_points()) != geneses or
                                  AuditEvent.objects.order_by("id").values_list("id", flat=True).first() != first)
        except AnchorError:
            archived_meanwhile = False
        if archived_meanwhile:
            result = once()
    return result


def anchor_restored_log() -> VerifyResult:
    """After a restore from backup: verify the restored chain on its own (links, hashes, start) and write a signed
    restore marker for its head, so later verifications compare against the restored log, not against the
    checkpoints of the log it replaced. ``manage.py restore`` is the only caller; it is audited."""
    result = _verify_once(anchor=False, against_checkpoints=False)
    if result.ok:
        head = chain_head()
        if head is not None:
            anchors.store(anchors.make_checkpoint(anchors.RESTORE_KIND, count=result.count, last_id=head[0],
                                                  last_hash=head[1]))
    return result


def _verify_once(progress: Callable[[int], None] | None = None, *, anchor: bool = True,
                 against_checkpoints: bool = True) -> VerifyResult:
    """Walk the chain as it stood when the verification began and compare it with the last checkpoint.

    The checkpoints are read first, then the head: every anchored row was committed before its checkpoint was
    written, so it is in the snapshot. Only rows up to that head are walked: appends are serialised and the log
    refuses changes, so those rows are fixed, and events written meanwhile are neither read nor missed (they
    are the next run's). Fails on an empty, shorter or diverging log, a missing start, a bad link or hash, and
    a missing or badly signed checkpoint. With ``anchor``, a verified head is written as a new checkpoint.
    """
    empty = _Walk(count=0, last_id=0, last_hash=GENESIS, checkpoint=None)
    try:
        point = anchors.latest_checkpoint() if against_checkpoints else None
        geneses = anchors.genesis_points()
    except AnchorError as exc:
        return _fail(empty, None, "检查点无效", f"{exc}")
    head = chain_head()
    upto = head[0] if head else 0
    first = AuditEvent.objects.filter(id__lte=upto).order_by("id").values("id", "prev_hash").first()
    base = _base(first, geneses)
    if first is not None and first["prev_hash"] != GENESIS and base is None:
        detail = (f"首条记录 #{first['id']} 所链接的哈希既非创世值，也不是任何已签名的归档截断点。/ The first event "
                  f"#{first['id']} links to a hash that is neither the genesis nor a signed archive cut-off: the "
                  f"beginning of the log was removed.")
        return _fail(empty, first["id"], "链首缺失：开头的记录被删除", detail)
    walk = _Walk(count=base.count if base else 0, last_id=base.last_id if base else 0,
                 last_hash=base.last_hash if base else GENESIS, checkpoint=point, progress=progress)
    if point is not None and base is not None and point.last_id <= base.last_id:
        # The checkpoint lies in the archived prefix: it agrees with the cut-off or the archive was faked.
        walk.matched = point.count <= base.count and (point.last_id != base.last_id or
                                                      point.last_hash == base.last_hash)
        if not walk.matched:
            return _diverged(point, base.last_id, base.count, walk)
    failure = walk.run(after=walk.last_id, upto=upto)
    if failure is not None:
        return failure
    if point is not None and not walk.matched:
        return _shortened(point, walk)
    anchored_upto = point.last_id if point else 0
    if walk.claimed > anchored_upto:
        found = f"只到 #{anchored_upto}" if point else "不存在"
        found_en = f"reaches #{anchored_upto}" if point else "does not exist"
        detail = (f"日志记载曾在 #{walk.claimed} 写入检查点，但检查点目录中最新的检查点{found}：检查点被删除。"
                  f"/ The log records a checkpoint up to #{walk.claimed}, but the newest checkpoint in "
                  f"{anchors.anchor_dir()} {found_en}: checkpoints were deleted.")
        return _fail(walk, None, "检查点缺失", detail)
    anchored = None
    if anchor and walk.count > 0:
        anchored = anchors.make_checkpoint(anchors.CHECKPOINT, count=walk.count, last_id=walk.last_id,
                                           last_hash=walk.last_hash)
        anchors.store(anchored)
        key = str(anchors.anchor_dir())
        _anchored_upto[key] = max(_anchored_upto.get(key, 0), anchored.last_id)
    return VerifyResult(True, walk.checked, count=walk.count, checkpoint=point, anchored=anchored)


def audit_details(event: AuditEvent) -> dict[str, Any]:
    """The event's details as stored (canonical JSON); a row that is not JSON is shown raw."""
    try:
        value = json.loads(event.details or "{}")
    except ValueError:
        return {"raw": event.details}
    return value if isinstance(value, dict) else {"value": value}
