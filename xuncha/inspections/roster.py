"""Team roles follow the roster (ADR: team roles follow the team's roster): the grant check the spine registers
with ``accounts.services`` (accounts sits below the spine and cannot look at rosters itself)."""

from __future__ import annotations

from typing import Any

from xuncha.accounts.models import User
from xuncha.accounts.roles import TEAM_ROLES, Role
from xuncha.core.exceptions import DomainError
from xuncha.inspections.models import Inspection, MembershipRole, TeamMembership
from xuncha.inspections.recusal import team_recusal
from xuncha.inspections.workflow import ORDER, InspectionStatus

# A team role follows the cadre's place on the roster: which places each role needs.
TEAM_ROLE_SEATS: dict[str, tuple[str, ...]] = {
    Role.TEAM_LEADER: ("leader",),
    Role.TEAM_DEPUTY: ("deputy_leader",),
    Role.TEAM_MEMBER: ("leader", "deputy_leader", "member", "liaison_officer"),
}
# A reason the office director gave in writing must say something (as for keeping a recusal warning).
REASON_MIN_LENGTH = 10


def team_role_check(*, user: User, role: str, team: Any, reason: str = "") -> dict[str, Any]:
    """Refuse a team role that does not follow the roster: the account must be linked to a cadre on ``team``
    in a matching place, with no recusal ground standing against the team's targets, and a team whose
    inspection has already withdrawn needs the office director's written reason. Returns what the audit
    record should say about the check."""
    if role not in TEAM_ROLES:
        return {}
    role_label = Role(role).label
    if user.person_id is None:
        raise DomainError(f"该账户未关联干部，不能授予“{role_label}”：巡察组角色只授予该组名单上的干部。",
                          fields={"user": ["账户未关联干部。"]})
    membership = TeamMembership.objects.filter(team=team, person_id=user.person_id).select_related("person").first()
    if membership is None:
        raise DomainError(f"{user.person}不在{team}的成员名单上，不能授予“{role_label}”；请先由巡察办将其选配入组。",
                          fields={"user": ["不在该巡察组名单上。"]})
    if membership.role not in TEAM_ROLE_SEATS[role]:
        raise DomainError(
            f"{membership.person.name}在{team}任{MembershipRole(membership.role).label}，不能授予“{role_label}”。",
            fields={"role": ["与组内职务不符。"]})
    hits = [h for h in team_recusal(team) if h.membership_id == membership.pk and h.stands]
    if hits:
        facts = "；".join(f"对{h.organization_name}：{h.rule_label}（{h.reason}）" for h in hits)
        if any(h.is_blocking for h in hits):
            message = f"{membership.person.name}存在必须回避的情形，不能授予巡察组角色：{facts}。"
        else:
            message = (f"{membership.person.name}有尚未决定的回避提示，须先由巡察办主任在巡察组页面写明理由决定"
                       f"是否保留：{facts}。")
        raise DomainError(message, fields={"user": ["存在回避情形。"]})
    withdrawn = [i.code for i in Inspection.objects.filter(team=team)
                 if ORDER.index(i.status) > ORDER.index(InspectionStatus.STATIONED)]
    reason = reason.strip()
    if withdrawn and len(reason) < REASON_MIN_LENGTH:
        message = (f"{team}承担的巡察（{'、'.join(withdrawn)}）已撤驻，授予巡察组角色须填写巡察办主任书面说明的理由"
                   f"（不少于{REASON_MIN_LENGTH}个字）。")
        raise DomainError(message, fields={"reason": [message]})
    return {"person": membership.person_id, "membership_role": membership.role,
            **({"withdrawn": withdrawn} if withdrawn else {})}
