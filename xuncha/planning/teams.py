"""Forming a team (组建巡察组): who is on it, the per-round authorisation of its leaders (一次一授权), and the
confirmation of its composition (the team workflow, ``planning.workflows.TEAM_WORKFLOW``). The roster changes
only while the team is forming; whether its composition follows the rules is ``planning.composition``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.services import team_roles_end
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access, capabilities
from xuncha.inspections.access import PLANNING_DENIED
from xuncha.inspections.models import Inspection, MembershipRole, Round, Team, TeamMembership
from xuncha.inspections.recusal import RecusalHit, team_recusal
from xuncha.inspections.states import TeamStatus
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.models import Jurisdiction, Person
from xuncha.planning.composition import CompositionIssue, team_composition
from xuncha.planning.workflows import NOT_STATIONED, TEAM_WORKFLOW
from xuncha.pool.models import InspectorProfile

# The inspection states before stationing: a team's roster is never changed once one of its inspections is in.
FORMING_STATUSES = NOT_STATIONED


def _require_roster_open(team: Team) -> None:
    """The roster changes only while the team is forming and none of its inspections is stationed."""
    if team.inspections.exclude(status__in=FORMING_STATUSES).exists():
        raise DomainError("巡察组已进驻，不能再调整成员。")
    if team.status != TeamStatus.FORMING:
        raise DomainError("巡察组组成人员已确定；如需调整，请先“重新调整成员”并写明理由。")


@transaction.atomic
def team_step(*, actor: User, team_id: int, transition: str, note: str = "") -> Team:
    """Take one step of the team's forming workflow (确定组成人员, 重新调整成员) — the only writer of its status.
    Refused with what is still missing (composition, authorisation, recusal) or, to reopen, without a reason."""
    TEAM_WORKFLOW.get(transition)
    team = access(Team, actor, team_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED, lock=True,
                  queryset=Team.objects.select_related("round__jurisdiction", "home_jurisdiction"))
    TEAM_WORKFLOW.apply(team, transition, actor=actor, caps=capabilities(actor, team), note=note)
    return team
@dataclass(frozen=True)
class MemberAdded:
    membership: TeamMembership
    recusal: list[RecusalHit]
    composition: list[CompositionIssue]


@transaction.atomic
def team_member_add(*, actor: User, team_id: int, person_id: int, role: str) -> MemberAdded:
    """Put a cadre on a team and return at once what the recusal check and composition rules say."""
    team = access(Team, actor, team_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                  queryset=Team.objects.select_related("round__jurisdiction"))
    _require_roster_open(team)
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
def team_member_remove(*, actor: User, membership_id: int) -> None:
    """Take a cadre off the team before stationing; the team roles of their accounts end with it."""
    membership = access(TeamMembership, actor, membership_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                        queryset=TeamMembership.objects.select_related("team__round__jurisdiction", "person"))
    _require_roster_open(membership.team)
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
def team_leader_authorize(*, actor: User, membership_id: int, on: datetime.date, reference: str) -> TeamMembership:
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
def team_create(*, actor: User, round_id: int, number: int, name: str, home_jurisdiction: Jurisdiction) -> Team:
    rnd = access(Round, actor, round_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                 queryset=Round.objects.select_related("jurisdiction"))
    if Team.objects.filter(round=rnd, number=number).exists():
        raise DomainError(f"本轮已有第{number}组。", fields={"number": ["组别重复。"]})
    team = Team.objects.create(round=rnd, number=number, name=name.strip(), home_jurisdiction=home_jurisdiction)
    audit_record("team.create", actor=actor, obj=team)
    return team
