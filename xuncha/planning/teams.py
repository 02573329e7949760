"""Forming a team (组建巡察组): who is on it, whether its composition follows the jurisdiction's rules,
and the per-round authorisation of its leaders (一次一授权)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404

from xuncha.accounts.roles import Cap
from xuncha.accounts.services import team_roles_end
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access
from xuncha.inspections.access import PLANNING_DENIED
from xuncha.inspections.models import Inspection, MembershipRole, Round, Team, TeamMembership
from xuncha.inspections.recusal import RecusalHit, team_recusal
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.models import Jurisdiction, Person, Rank
from xuncha.pool.models import InspectorProfile, InspectorSkill
from xuncha.rules.models import PlanningPolicy, Skill

# A team's members may change until one of its inspections is stationed.
FORMING_STATUSES = ("planned", "preparing")
# Highest first; a leader must be at or above the policy's minimum.
RANK_ORDER = [r.value for r in Rank]


@dataclass(frozen=True)
class CompositionIssue:
    code: str
    message: str
    blocking: bool = True


def team_composition(team: Team) -> list[CompositionIssue]:
    """What the team still lacks under the jurisdiction's rules (size, leader, deputies, rank, skills)."""
    # A county team lent to a city round is formed under its own county's rules.
    policy = PlanningPolicy.effective_for(team.home_jurisdiction)
    memberships = list(
        TeamMembership.objects.filter(team=team).select_related("person").prefetch_related(
            Prefetch("person__inspector_profile__skills", queryset=InspectorSkill.objects.all())
        )
    )
    issues: list[CompositionIssue] = []
    leaders = [m for m in memberships if m.role == MembershipRole.LEADER]
    deputies = [m for m in memberships if m.role == MembershipRole.DEPUTY_LEADER]
    if not leaders:
        issues.append(CompositionIssue("leader", "尚未确定组长。"))
    if len(deputies) > policy.deputies_max:
        issues.append(CompositionIssue("deputies", f"副组长{len(deputies)}人，超过规定的{policy.deputies_max}人。"))
    if not deputies:
        issues.append(CompositionIssue("deputies", "尚未确定副组长。", blocking=False))
    size = len(memberships)
    if size < policy.team_size_min:
        issues.append(CompositionIssue("size", f"现有{size}人，少于规定的{policy.team_size_min}人。"))
    elif size > policy.team_size_max:
        issues.append(CompositionIssue("size", f"现有{size}人，多于规定的{policy.team_size_max}人。"))
    for members, minimum in ((leaders, policy.leader_min_rank), (deputies, policy.deputy_min_rank)):
        for m in members:
            if RANK_ORDER.index(m.person.rank) > RANK_ORDER.index(minimum):
                issues.append(CompositionIssue(
                    "rank", f"{m.get_role_display()}{m.person.name}为{m.person.get_rank_display()}，"
                            f"低于要求的{Rank(minimum).label}。"))
    for m in leaders + deputies:
        if not m.authorized_on:
            issues.append(CompositionIssue(
                "authorization", f"{m.get_role_display()}{m.person.name}尚未授权（一次一授权）。"))
    covered = set()
    for m in memberships:
        profile = getattr(m.person, "inspector_profile", None)
        if profile is not None:
            covered |= {s.skill for s in profile.skills.all()}
    missing = [str(Skill(c).label) for c in policy.required_skill_codes if c in Skill.values and c not in covered]
    if missing:
        issues.append(CompositionIssue("skills", f"缺少{'、'.join(missing)}方面的人员。", blocking=False))
    return issues


@dataclass(frozen=True)
class MemberAdded:
    membership: TeamMembership
    recusal: list[RecusalHit]
    composition: list[CompositionIssue]


@transaction.atomic
def team_member_add(*, actor: Any, team_id: int, person_id: int, role: str) -> MemberAdded:
    """Put a cadre on a team and return at once what the recusal check and composition rules say."""
    team = access(Team, actor, team_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                  queryset=Team.objects.select_related("round__jurisdiction"))
    if team.inspections.exclude(status__in=FORMING_STATUSES).exists():
        raise DomainError("巡察组已进驻，不能再调整成员。")
    if role not in MembershipRole.values:
        raise DomainError("组内职务不正确。")
    try:
        person = access(Person, actor, person_id)
    except Http404 as exc:
        raise DomainError("干部不存在或不在本级干部名录中。") from exc
    other = TeamMembership.objects.filter(person=person, team__round=team.round).exclude(team=team).first()
    if other is not None:
        raise DomainError(f"{person.name}已在本轮{other.team}，同一轮次不能同时参加两个巡察组。")
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(
                team=team, person=person, role=role, order=TeamMembership.objects.filter(team=team).count() + 1
            )
    except IntegrityError as exc:
        message = "该巡察组已有组长。" if role == MembershipRole.LEADER else f"{person.name}已在该巡察组。"
        raise DomainError(message) from exc
    InspectorProfile.objects.filter(person=person, availability="available").update(availability="on_team")
    audit_record("team.member_add", actor=actor, obj=team, details={"person": person.pk, "role": role})
    hits = [h for h in team_recusal(team) if h.membership_id == membership.pk]
    return MemberAdded(membership, hits, team_composition(team))


@transaction.atomic
def team_member_remove(*, actor: Any, membership_id: int) -> None:
    """Take a cadre off the team before stationing; the team roles of their accounts end with it."""
    membership = access(TeamMembership, actor, membership_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                        queryset=TeamMembership.objects.select_related("team__round__jurisdiction", "person"))
    if membership.team.inspections.exclude(status__in=FORMING_STATUSES).exists():
        raise DomainError("巡察组已进驻，不能再调整成员。")
    audit_record("team.member_remove", actor=actor, obj=membership.team,
                 details={"person": membership.person_id, "role": membership.role})
    # A team role follows the roster: leaving the team ends it (role.end is audited by the accounts service).
    team_roles_end(actor=actor, team=membership.team, person_id=membership.person_id)
    membership.delete()
    # Back in the pool, unless the cadre still sits on another team that has not finished its work.
    team_inspections = Inspection.objects.filter(team_id=OuterRef("team_id"))
    still_seated = TeamMembership.objects.filter(person_id=membership.person_id).filter(
        Exists(team_inspections.exclude(status=InspectionStatus.ARCHIVED)) | ~Exists(team_inspections)).exists()
    if not still_seated:
        InspectorProfile.objects.filter(person_id=membership.person_id, availability="on_team").update(
            availability="available")


@transaction.atomic
def team_leader_authorize(*, actor: Any, membership_id: int, on: datetime.date, reference: str) -> TeamMembership:
    """Record the per-round authorisation (授权任职决定) of a leader or deputy leader."""
    membership = access(TeamMembership, actor, membership_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                        queryset=TeamMembership.objects.select_related("team__round__jurisdiction"))
    if membership.role not in (MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER):
        raise DomainError("只有组长、副组长需要一次一授权。")
    if not reference.strip():
        raise DomainError("请填写授权决定的文号。", fields={"reference": ["请填写授权决定的文号。"]})
    membership.authorized_on, membership.authorization_ref = on, reference.strip()
    membership.save(update_fields=["authorized_on", "authorization_ref"])
    audit_record("team.authorize", actor=actor, obj=membership.team,
                 details={"person": membership.person_id, "reference": membership.authorization_ref})
    return membership


@transaction.atomic
def team_create(*, actor: Any, round_id: int, number: int, name: str, home_jurisdiction: Jurisdiction) -> Team:
    rnd = access(Round, actor, round_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                 queryset=Round.objects.select_related("jurisdiction"))
    if Team.objects.filter(round=rnd, number=number).exists():
        raise DomainError(f"本轮已有第{number}组。", fields={"number": ["组别重复。"]})
    team = Team.objects.create(round=rnd, number=number, name=name.strip(), home_jurisdiction=home_jurisdiction)
    audit_record("team.create", actor=actor, obj=team)
    return team
