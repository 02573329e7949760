"""The audit log: ``Size.audit_events`` events of the accounts over term 2, on one valid SM3 chain.

Each row's hash is ``audit.services.event_hash`` of the previous hash and the row, exactly as
``audit_record`` computes it, so ``manage.py verify_audit`` walks the generated chain like a real one; the
chain head is written last. Rows are built in batches and bulk inserted (the triggers refuse only UPDATE and
DELETE)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.db import connection

from xuncha.audit import anchors
from xuncha.audit.models import GENESIS, AuditEvent, AuditResult
from xuncha.audit.services import HASHED_FIELDS, event_hash
from xuncha.datasets.context import AS_OF, Context

START = datetime.datetime(2024, 1, 2, 8, 0, tzinfo=datetime.UTC)
END = datetime.datetime.combine(AS_OF, datetime.time(10, 0), tzinfo=datetime.UTC)
# (action, weight, object kind): what the office, the teams and the administrators do all day.
ACTIONS: tuple[tuple[str, int, str], ...] = (
    ("auth.login", 24, "user"), ("auth.logout", 14, "user"), ("person.read", 30, "person"),
    ("auth.login_failed", 3, ""), ("inspection.transition", 4, "inspection"), ("team.member_add", 4, "team"),
    ("declaration.record", 4, "team"), ("work_plan.save", 3, "round"), ("export.request", 2, ""),
    ("notice.issue", 3, "inspection"), ("pool.add", 2, "person"), ("role.grant", 1, "user"),
    ("config.time_limits", 1, ""), ("audit.verify", 1, ""), ("inspection.create", 4, "inspection"),
)
CHUNK = 5000
# The only details the generated events carry, rendered once as audit_record renders them (canonical JSON).
TRANSITION_DETAILS = tuple(json.dumps({"transition": t}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                           for t in ("prepare", "station", "withdraw", "deliver_feedback"))
COLUMNS = ("id", "prev_hash", "hash", *HASHED_FIELDS)


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Plain INSERTs of prepared rows: at millions of rows, building model instances costs more than hashing."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    by_name = {f.name: str(f.column) for f in AuditEvent._meta.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(by_name[c]) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 - fixed names


def finish(ctx: Context) -> None:
    rng, total = ctx.rng, ctx.size.audit_events
    if total <= 0 or not ctx.users:
        return
    names = [a for a, _, _ in ACTIONS]
    weights = [w for _, w, _ in ACTIONS]
    kinds = {a: k for a, _, k in ACTIONS}
    inspections = [pk for j in ctx.jurisdictions for pk in j.inspection_ids]
    teams = [team for j in ctx.jurisdictions for team in j.current_teams]
    rounds = [pk for j in ctx.jurisdictions for pk in j.round_ids]
    ranges = [j.person_ids for j in ctx.jurisdictions if j.person_ids[0]]
    step = (END - START) / total
    prev = GENESIS
    next_id = ctx.new_id(AuditEvent)
    bar = ctx.bar("审计日志", total)
    rows: list[tuple[Any, ...]] = []
    created_at = AuditEvent._meta.get_field("created_at")
    for i in range(total):
        action = rng.choices(names, weights)[0]
        user_id, username, role = rng.choice(ctx.users)
        kind = kinds[action]
        object_type = object_id = object_repr = ""
        details = "{}"
        if kind == "user":
            object_type, object_id, object_repr = "accounts.user", str(user_id), username
        elif kind == "person":
            low, high = rng.choice(ranges)
            object_type, object_id = "orgs.person", str(rng.randint(low, high))
            object_repr = f"干部 #{object_id}"
        elif kind == "inspection" and inspections:
            object_type, object_id = "planning.inspection", str(rng.choice(inspections))
            object_repr = f"巡察 #{object_id}"
            if action == "inspection.transition":
                details = rng.choice(TRANSITION_DETAILS)
        elif kind == "team" and teams:
            object_type, object_id = "planning.team", str(rng.choice(teams))
            object_repr = f"巡察组 #{object_id}"
        elif kind == "round" and rounds:
            object_type, object_id = "planning.round", str(rng.choice(rounds))
            object_repr = f"轮次 #{object_id}"
        failed = action == "auth.login_failed"
        values: dict[str, object] = {
            "created_at": START + step * i + datetime.timedelta(microseconds=rng.randrange(0, 1000)),
            "actor_id": None if failed else user_id,
            "actor_username": username,
            "actor_role": "" if failed else role,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": object_repr,
            "result": AuditResult.FAILURE.value if failed else AuditResult.SUCCESS.value,
            "client_ip": f"10.{rng.randint(1, 40)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}",
            "request_id": f"{rng.getrandbits(128):032x}",
            "details": details,
        }
        digest = event_hash(prev, values)
        values["created_at"] = created_at.get_db_prep_save(values["created_at"], connection)
        rows.append((next_id + i, prev, digest, *(values[f] for f in HASHED_FIELDS)))
        prev = digest
        if len(rows) >= CHUNK:
            _insert(rows)
            bar.advance(len(rows))
            rows = []
    if rows:
        _insert(rows)
        bar.advance(len(rows))
    bar.finish()
    last = next_id + total - 1
    ctx._next[AuditEvent] = last + 1
    # The head is the last row; anchor it outside the database as a verification would (signed checkpoint).
    anchors.store(anchors.make_checkpoint(anchors.CHECKPOINT, count=total, last_id=last, last_hash=prev))
    ctx.counts[AuditEvent._meta.label] = total
