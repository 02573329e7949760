"""Writing and verifying the audit log (AUD-01…AUD-04)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.db import models, transaction
from django.utils import timezone

from xuncha.audit.models import GENESIS, AuditChainHead, AuditEvent, AuditResult
from xuncha.core.middleware import current_request

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


def _roles_of(actor: Any) -> str:
    from xuncha.accounts.scope import scope_of

    return ",".join(sorted(scope_of(actor).roles))


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
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    values: dict[str, Any] = {
        "created_at": timezone.now(),
        "actor_id": actor.pk if authenticated else None,
        "actor_username": actor.get_username() if authenticated else username[:150],
        "actor_role": _roles_of(actor) if authenticated else "",
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
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        values["hash"] = event_hash(head.last_hash, values)
        event = AuditEvent.objects.create(prev_hash=head.last_hash, **values)
        head.last_id, head.last_hash, head.count = event.pk, event.hash, head.count + 1
        head.save(update_fields=["last_id", "last_hash", "count"])
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def _rows() -> Iterator[dict[str, Any]]:
    yield from AuditEvent.objects.order_by("id").values("id", "prev_hash", "hash", *HASHED_FIELDS).iterator(
        chunk_size=2000
    )


def audit_verify(progress: Any = None) -> VerifyResult:
    """Walk the whole chain; report the first row whose link or content does not match."""
    prev = GENESIS
    checked = 0
    last_id = 0
    for row in _rows():
        if row["prev_hash"] != prev:
            return VerifyResult(False, checked, row["id"], "链接断裂：上一条记录被删除或修改")
        if event_hash(prev, row) != row["hash"]:
            return VerifyResult(False, checked, row["id"], "内容被修改：哈希不符")
        prev, last_id = row["hash"], row["id"]
        checked += 1
        if progress is not None:
            progress(checked)
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_id != last_id or head.last_hash != prev or head.count != checked):
        return VerifyResult(False, checked, head.last_id or None, "链尾不符：末尾记录被删除或链头被修改")
    return VerifyResult(True, checked)


def audit_details(event: AuditEvent) -> dict[str, Any]:
    """The event's details as stored (canonical JSON); a row that is not JSON is shown raw."""
    try:
        value = json.loads(event.details or "{}")
    except ValueError:
        return {"raw": event.details}
    return value if isinstance(value, dict) else {"value": value}
