"""The audit log: ``Size.audit_events`` events of the accounts over term 2, on one valid SM3 chain.

Each row's hash is ``audit.services.event_hash`` of the previous hash and the row, exactly as
``audit_record`` computes it, so ``manage.py verify_audit`` walks the generated chain like a real one; the
chain head is written last. Rows are built in batches and bulk inserted (the triggers refuse only UPDATE and
DELETE)."""

from __future__ import annotations

import datetime
import json

from xuncha.audit.models import GENESIS, AuditChainHead, AuditEvent, AuditResult
from xuncha.audit.services import event_hash
from xuncha.datasets.builder import AS_OF, Context

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
    rows: list[AuditEvent] = []
    for i in range(total):
        action = rng.choices(names, weights)[0]
        user_id, username, role = rng.choice(ctx.users)
        kind = kinds[action]
        object_type = object_id = object_repr = ""
        details: dict[str, object] = {}
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
                details = {"transition": rng.choice(("prepare", "station", "withdraw", "deliver_feedback"))}
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
            "details": json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        }
        digest = event_hash(prev, values)
        rows.append(AuditEvent(id=next_id + i, prev_hash=prev, hash=digest, **values))  # type: ignore[arg-type]
        prev = digest
        if len(rows) >= CHUNK:
            AuditEvent.objects.bulk_create(rows, batch_size=CHUNK)
            bar.advance(len(rows))
            rows = []
    if rows:
        AuditEvent.objects.bulk_create(rows, batch_size=CHUNK)
        bar.advance(len(rows))
    bar.finish()
    last = next_id + total - 1
    ctx._next[AuditEvent] = last + 1
    AuditChainHead.objects.update_or_create(pk=1, defaults={"last_id": last, "last_hash": prev, "count": total})
    ctx.counts[AuditEvent._meta.label] = total
