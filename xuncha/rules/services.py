"""Per-jurisdiction planning rules set by the system administrator: how each recusal ground is treated
(blocking, warning, off) and the team composition rules. Both are inherited down the jurisdiction tree."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xuncha.accounts.roles import Role
from xuncha.accounts.scope import scope_of
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.orgs.models import Jurisdiction, Rank
from xuncha.rules.models import PlanningPolicy, RecusalPolicy, RecusalRule, RecusalSeverity, Skill, TimeLimits

POLICY_FIELDS = ["team_size_min", "team_size_max", "deputies_max", "leader_min_rank", "required_skills",
                 "cross_lookback_rounds"]


@transaction.atomic
def planning_rules_save(*, actor: Any, jurisdiction: Jurisdiction, severities: dict[str, str],
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


def time_limit_label(field: str) -> str:
    """The Chinese name of one time-limit field (its verbose_name)."""
    model_field = TimeLimits._meta.get_field(field)
    return str(getattr(model_field, "verbose_name", field))


def _check_time_limits(limits: TimeLimits) -> None:
    """Rules across fields (one field's range is checked by the input schema)."""
    errors: dict[str, list[str]] = {}
    shortest_stay = min(limits.fieldwork_days_routine, limits.fieldwork_days_special)
    if limits.petition_cutoff_days_before_end >= shortest_stay:
        errors["petition_cutoff_days_before_end"] = [
            f"{time_limit_label('petition_cutoff_days_before_end')}必须少于进驻天数（{shortest_stay} 天）。"]
    if limits.lead_feedback_due_months > limits.lead_closure_target_months:
        errors["lead_feedback_due_months"] = [
            f"{time_limit_label('lead_feedback_due_months')}不能长于{time_limit_label('lead_closure_target_months')}。"]
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(first, fields=errors)


def can_configure(actor: Any, jurisdiction: Jurisdiction) -> bool:
    """Configuration belongs to the system administrator of that jurisdiction or one above it."""
    return any(jurisdiction.path.startswith(p) for p in scope_of(actor).admin_paths(Role.SYSTEM_ADMIN))


@transaction.atomic
def time_limits_set(*, actor: Any, jurisdiction: Jurisdiction, values: dict[str, int]) -> TimeLimits:
    """Give ``jurisdiction`` its own time limits. Fields not given keep the value in force (its own, an
    ancestor's or the default), so the first write turns inherited values into own ones. Audited as
    ``config.time_limits`` with each changed field's old and new value."""
    if not can_configure(actor, jurisdiction):
        raise CapabilityMissing("只有本级或上级党委的系统管理员可以修改期限参数。")
    editable = TimeLimits.editable_fields()
    unknown = set(values) - set(editable)
    if unknown:
        raise DomainError("不支持的字段。", fields={f: ["不支持此字段。"] for f in sorted(unknown)})
    own = TimeLimits.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
    created = own is None
    if own is None:
        base = TimeLimits.effective_for(jurisdiction)
        own = TimeLimits(jurisdiction=jurisdiction, **{f: getattr(base, f) for f in editable})
    changes = {f: {"from": getattr(own, f), "to": v} for f, v in values.items() if getattr(own, f) != v}
    for field, value in values.items():
        setattr(own, field, value)
    _check_time_limits(own)
    if not created and not changes:
        return own
    own.save()
    audit_record("config.time_limits", actor=actor, obj=own,
                 details={"jurisdiction": jurisdiction.pk, "created": created, "changes": changes})
    return own
