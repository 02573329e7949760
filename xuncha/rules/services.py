"""The one writer of each rule set per jurisdiction (inherited down the tree), used by the configuration pages
and the API alike: recusal severities and team composition rules (``planning_rules_save``), time limits
(``time_limits_set``, ``time_limits_reset``). Each writes one audit event with the changes."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.scope import scope_of
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.orgs.models import Jurisdiction, Rank
from xuncha.rules.models import PlanningPolicy, RecusalPolicy, RecusalRule, RecusalSeverity, Skill, TimeLimits
from xuncha.rules.selectors import DEFAULT_RANGE, LIMIT_RANGES, inherited_time_limits, limit_label

POLICY_FIELDS = ["team_size_min", "team_size_max", "deputies_max", "leader_min_rank", "deputy_min_rank",
                 "required_skills", "cross_lookback_rounds"]


@transaction.atomic
def planning_rules_save(*, actor: User, jurisdiction: Jurisdiction, severities: dict[str, str],
                        policy: dict[str, Any]) -> dict[str, list[Any]]:
    """Give ``jurisdiction`` its own recusal severities and composition rules; returns what changed
    (``{field: [old, new]}``), which is also what the audit event records."""
    if not any(jurisdiction.path.startswith(p) for p in scope_of(actor).admin_paths(Role.SYSTEM_ADMIN)):
        raise CapabilityMissing("只有本级或上级党委的系统管理员可以修改组建和回避规则。")
    if set(severities) - set(RecusalRule.values) or set(severities.values()) - set(RecusalSeverity.values):
        raise DomainError("回避规则设置不正确。")
    if policy["team_size_min"] > policy["team_size_max"]:
        raise DomainError("最少人数不能多于最多人数。", fields={"team_size_min": ["最少人数不能多于最多人数。"]})
    if policy["leader_min_rank"] not in Rank.values:
        raise DomainError("组长最低职级不正确。", fields={"leader_min_rank": ["职级不正确。"]})
    if policy["deputy_min_rank"] not in Rank.values:
        raise DomainError("副组长最低职级不正确。", fields={"deputy_min_rank": ["职级不正确。"]})
    if set(filter(None, policy["required_skills"].split(","))) - set(Skill.values):
        raise DomainError("专长不正确。", fields={"required_skills": ["专长不正确。"]})
    changes: dict[str, list[Any]] = {}
    current = RecusalPolicy.effective_for(jurisdiction)
    for rule, severity in severities.items():
        if current[rule] != severity:
            changes[f"recusal.{rule}"] = [current[rule], severity]
        RecusalPolicy.objects.update_or_create(jurisdiction=jurisdiction, rule=rule, defaults={"severity": severity})
    effective = PlanningPolicy.effective_for(jurisdiction)
    own = PlanningPolicy.objects.filter(jurisdiction=jurisdiction).first() or PlanningPolicy(jurisdiction=jurisdiction)
    for field in POLICY_FIELDS:
        if getattr(effective, field) != policy[field]:
            changes[field] = [getattr(effective, field), policy[field]]
        setattr(own, field, policy[field])
    own.save()
    audit_record("config.planning_rules", actor=actor, obj=jurisdiction, details={"changes": changes})
    return changes


# ---- Time limits (期限参数) ---------------------------------------------------------------------------------


def check_time_limits(values: dict[str, int]) -> None:
    """Each value in its range and the rules across fields; raises ``DomainError`` naming every field at fault.
    The one check the configuration page and the API both run."""
    errors: dict[str, list[str]] = {}
    for field, value in values.items():
        low, high = LIMIT_RANGES.get(field, DEFAULT_RANGE)
        if not low <= value <= high:
            errors[field] = [f"“{limit_label(field)}”应在 {low}–{high} 之间。"]
    routine, special = values.get("fieldwork_days_routine"), values.get("fieldwork_days_special")
    cutoff = values.get("petition_cutoff_days_before_end")
    if routine is not None and special is not None and cutoff is not None and cutoff >= min(routine, special):
        errors.setdefault("petition_cutoff_days_before_end", []).append(
            f"“{limit_label('petition_cutoff_days_before_end')}”必须少于进驻天数（{min(routine, special)} 天）。")
    feedback, closure = values.get("lead_feedback_due_months"), values.get("lead_closure_target_months")
    if feedback is not None and closure is not None and feedback > closure:
        errors.setdefault("lead_feedback_due_months", []).append(
            f"“{limit_label('lead_feedback_due_months')}”不能长于“{limit_label('lead_closure_target_months')}”。")
    if errors:
        raise DomainError(next(iter(errors.values()))[0], fields=errors)


def can_configure(actor: User, jurisdiction: Jurisdiction) -> bool:
    """Configuration belongs to the system administrator of that jurisdiction or one above it."""
    return any(jurisdiction.path.startswith(p) for p in scope_of(actor).admin_paths(Role.SYSTEM_ADMIN))


def _require_configure(actor: User, jurisdiction: Jurisdiction) -> None:
    if not can_configure(actor, jurisdiction):
        raise CapabilityMissing("只有本级或上级党委的系统管理员可以修改期限参数。")


@transaction.atomic
def time_limits_set(*, actor: User, jurisdiction: Jurisdiction, values: dict[str, int]) -> dict[str, list[int]]:
    """Give ``jurisdiction`` its own time limits. Fields not given keep the value in force (its own, an
    ancestor's or the default), so the first write turns inherited values into own ones. Returns the changes
    ``{field: [old, new]}`` (empty: nothing was written); audited as ``config.time_limits`` with them."""
    _require_configure(actor, jurisdiction)
    editable = TimeLimits.editable_fields()
    unknown = set(values) - set(editable)
    if unknown:
        raise DomainError("不支持的字段。", fields={f: ["不支持此字段。"] for f in sorted(unknown)})
    own = TimeLimits.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
    created = own is None
    if own is None:
        base = TimeLimits.effective_for(jurisdiction)
        own = TimeLimits(jurisdiction=jurisdiction, **{f: getattr(base, f) for f in editable})
    check_time_limits({**{f: getattr(own, f) for f in editable}, **values})
    changes = {f: [getattr(own, f), v] for f, v in values.items() if getattr(own, f) != v}
    if not created and not changes:
        return {}
    for field, value in values.items():
        setattr(own, field, value)
    own.save()
    audit_record("config.time_limits", actor=actor, obj=jurisdiction,
                 details={"created": created, "inherit": False, "changes": changes})
    return changes


@transaction.atomic
def time_limits_reset(*, actor: User, jurisdiction: Jurisdiction) -> dict[str, list[int]] | None:
    """Delete the jurisdiction's own row so that it inherits again ("恢复继承"); audited with the values that
    change. ``None`` when there was no own row."""
    _require_configure(actor, jurisdiction)
    own = TimeLimits.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
    if own is None:
        return None
    inherited = inherited_time_limits(jurisdiction).limits
    changes = {f: [getattr(own, f), getattr(inherited, f)] for f in TimeLimits.editable_fields()
               if getattr(own, f) != getattr(inherited, f)}
    own.delete()
    audit_record("config.time_limits", actor=actor, obj=jurisdiction,
                 details={"created": False, "inherit": True, "changes": changes})
    return changes
