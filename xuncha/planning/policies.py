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
from xuncha.planning.models import PlanningPolicy, RecusalPolicy, RecusalRule, RecusalSeverity
from xuncha.pool.models import Skill

POLICY_FIELDS = ["team_size_min", "team_size_max", "deputies_max", "leader_min_rank", "deputy_min_rank",
                 "required_skills", "cross_lookback_rounds"]


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
