"""API endpoints: forming a team (组建巡察组) and its recusal check (回避审查).

A team is read by those who plan over its jurisdiction and by its own members (404 for anyone else,
including the liaison of an inspected organisation, who sees the team's name only). Writes go through the
planning services, which check the capability (403) and the rules (400) and audit what they do.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.api import actor_of
from xuncha.core.api.schemas import Id, InputSchema
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.scoping import access
from xuncha.inspections.models import (
    DeclarationKind,
    Inspection,
    MemberDeclaration,
    MembershipRole,
    RecusalOverride,
    Team,
    TeamMembership,
)
from xuncha.inspections.recusal import RecusalHit, recusal_override_create, team_recusal
from xuncha.inspections.states import TeamStatus
from xuncha.inspections.stationing import declaration_record
from xuncha.orgs.models import Person, Rank
from xuncha.orgs.schemas import OrganizationRef
from xuncha.planning.composition import CompositionIssue, team_composition
from xuncha.planning.teams import (
    team_leader_authorize,
    team_member_add,
    team_member_remove,
    team_step,
)
from xuncha.planning.workflows import TEAM_WORKFLOW
from xuncha.pool.models import InspectorProfile
from xuncha.rules.models import PlanningPolicy, RecusalRule, RecusalSeverity, Skill

router = Router(tags=["组建巡察组与回避"])


# --- shapes -----------------------------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    name: str


class DeclarationOut(Schema):
    kind: str
    kind_label: str
    signed_on: datetime.date
    note: str

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class MembershipOut(Schema):
    id: int
    team_id: int
    person: PersonRef
    role: str
    role_label: str
    authorized_on: datetime.date | None = Field(description="一次一授权的日期（组长、副组长）")
    authorization_ref: str = Field(description="授权决定文号")
    declarations: list[DeclarationOut]

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_declarations(obj: Any) -> list[Any]:
        return list(obj.declarations.all())


class OverrideOut(Schema):
    id: int
    membership_id: int
    organization_id: int
    rule: str
    rule_label: str
    reason: str
    decided_by: str
    decided_at: datetime.datetime

    @staticmethod
    def resolve_rule_label(obj: Any) -> str:
        return str(obj.get_rule_display())

    @staticmethod
    def resolve_decided_by(obj: Any) -> str:
        return str(obj.decided_by)


class HitOut(Schema):
    membership_id: int
    person: PersonRef
    organization: OrganizationRef
    rule: str
    rule_label: str
    severity: str
    severity_label: str
    reason: str = Field(description="为何需要回避，如“2012.03—2015.10在…任…（5年内）”")
    stands: bool = Field(description="仍妨碍进驻：必须回避的情形，或尚未说明理由保留的提示")
    override: OverrideOut | None = Field(description="说明理由保留的决定（仅提示类情形）")


class RecusalOut(Schema):
    team_id: int
    targets: list[OrganizationRef]
    blocking: int = Field(description="必须回避的情形数")
    pending: int = Field(description="尚未决定的提示数")
    resolved: int = Field(description="已说明理由保留的提示数")
    hits: list[HitOut]


class IssueOut(Schema):
    code: str
    message: str
    blocking: bool = Field(description="true：必须解决；false：建议")


class SkillRef(Schema):
    code: str
    label: str
    covered: bool


class PolicyOut(Schema):
    team_size_min: int
    team_size_max: int
    deputies_max: int
    leader_min_rank: str
    leader_min_rank_label: str
    deputy_min_rank: str
    deputy_min_rank_label: str
    required_skills: list[SkillRef]


class CompositionOut(Schema):
    team_id: int
    size: int
    ok: bool = Field(description="没有必须解决的问题")
    policy: PolicyOut
    issues: list[IssueOut]


class MemberAddedOut(Schema):
    membership: MembershipOut
    recusal: list[HitOut] = Field(description="此人与本组各被巡察单位的回避情形")
    composition: list[IssueOut] = Field(description="加入后的组成问题")


class TeamStepOut(Schema):
    name: str = Field(description="confirm（确定组成人员）或 reopen（重新调整成员）")
    label: str
    allowed: bool = Field(description="现在即可执行；否则见 blockers")
    needs_note: bool = Field(description="须写明理由（请求体的 note）")
    blockers: list[str]


class TeamFormingOut(Schema):
    team_id: int
    status: TeamStatus = Field(description="forming 组建中（成员可调整）；formed 组成人员已确定（进驻的前提）")
    status_label: str
    available_transitions: list[TeamStepOut] = Field(description="调用者在此巡察组上有权执行的操作")


class TeamStepIn(InputSchema):
    note: Annotated[str, Field(max_length=500)] = Field("", description="理由（重新调整成员时必填）")


Reference = Annotated[str, Field(min_length=1, max_length=40)]


class MemberIn(InputSchema):
    person_id: Id = Field(description="干部编号（须在调用者可查看的巡察干部人才库中）")
    role: MembershipRole = MembershipRole.MEMBER


class AuthorizationIn(InputSchema):
    on: datetime.date = Field(description="授权日期")
    reference: Reference = Field(description="授权决定文号")


class DeclarationIn(InputSchema):
    kind: DeclarationKind
    signed_on: datetime.date
    note: Annotated[str, Field(max_length=200)] = ""


class OverrideIn(InputSchema):
    membership_id: Id
    organization_id: Id
    rule: RecusalRule
    reason: Annotated[str, Field(max_length=500)] = Field(description="保留理由，不少于 10 个字")


# --- access -----------------------------------------------------------------------------------------------------


def _caps(actor: Any, team: Team) -> frozenset[Cap]:
    return scope_of(actor).capabilities_at(jurisdiction_path=team.round.jurisdiction.path, team_ids={team.pk})


def _team(actor: Any, pk: int) -> tuple[Team, frozenset[Cap]]:
    """A team whose members the caller may see (404 otherwise, also for a liaison who sees only its name)."""
    team = access(Team, actor, pk, queryset=Team.objects.select_related("round__jurisdiction"))
    caps = _caps(actor, team)
    if Cap.VIEW_PLANNING not in caps:
        raise Http404("巡察组不存在或无权查看。")
    return team, caps


def _membership(actor: Any, pk: int) -> TeamMembership:
    membership = access(TeamMembership, actor, pk,
                        queryset=TeamMembership.objects.select_related("team__round__jurisdiction", "person"))
    if Cap.VIEW_PLANNING not in _caps(actor, membership.team):
        raise Http404("巡察组成员不存在或无权查看。")
    return membership


def _membership_out(actor: Any, pk: int) -> TeamMembership:
    return access(TeamMembership, actor, pk,
                  queryset=TeamMembership.objects.select_related("person").prefetch_related("declarations"))


def hits_out(team: Team, hits: list[RecusalHit]) -> list[dict[str, Any]]:
    overrides = {(o.membership_id, o.organization_id, o.rule): o
                 for o in RecusalOverride.objects.filter(membership__team=team).select_related("decided_by")}
    short = dict(Inspection.objects.filter(team=team).values_list("targets__organization_id",
                                                                  "targets__organization__short_name"))
    names = dict(Inspection.objects.filter(team=team).values_list("targets__organization_id",
                                                                  "targets__organization__name"))
    return [{
        "membership_id": h.membership_id,
        "person": {"id": h.person_id, "name": h.person_name},
        "organization": {"id": h.organization_id, "name": names.get(h.organization_id, h.organization_name),
                         "short_name": short.get(h.organization_id, h.organization_name)},
        "rule": str(h.rule), "rule_label": h.rule_label,
        "severity": str(h.severity), "severity_label": str(RecusalSeverity(h.severity).label),
        "reason": h.reason, "stands": h.stands,
        "override": overrides.get((h.membership_id, h.organization_id, h.rule)),
    } for h in hits]


def _rank_label(rank: str) -> str:
    return str(Rank(rank).label) if rank in Rank.values else rank


def _issues_out(issues: list[CompositionIssue]) -> list[dict[str, Any]]:
    return [{"code": i.code, "message": i.message, "blocking": i.blocking} for i in issues]


# --- reads ------------------------------------------------------------------------------------------------------


@router.get("/teams/{team_id}/recusal", response=RecusalOut, summary="巡察组回避审查结果")
def team_recusal_result(request: HttpRequest, team_id: Id) -> dict[str, Any]:
    """Every member against every organisation the team inspects: the ground, why, how it is treated in
    the jurisdiction (必须回避 / 提示) and, for a warning kept, the written decision."""
    team, _caps_here = _team(actor_of(request), team_id)
    hits = team_recusal(team)
    targets = list({t.organization_id: t.organization for i in Inspection.objects.filter(team=team)
                    .prefetch_related("targets__organization") for t in i.targets.all()}.values())
    return {
        "team_id": team.pk,
        "targets": targets,
        "blocking": sum(1 for h in hits if h.is_blocking),
        "pending": sum(1 for h in hits if not h.is_blocking and not h.is_resolved),
        "resolved": sum(1 for h in hits if h.is_resolved),
        "hits": hits_out(team, hits),
    }


@router.get("/teams/{team_id}/composition", response=CompositionOut, summary="巡察组组成检查")
def team_composition_result(request: HttpRequest, team_id: Id) -> dict[str, Any]:
    """What the team lacks under its jurisdiction's rules (size, leader and rank, deputies, authorisation,
    skills), blocking or advisory."""
    team, _caps_here = _team(actor_of(request), team_id)
    policy = PlanningPolicy.effective_for(team.round.jurisdiction)
    issues = team_composition(team)
    memberships = TeamMembership.objects.filter(team=team)
    covered = set(InspectorProfile.objects.filter(person__team_memberships__in=memberships)
                  .values_list("skills__skill", flat=True))
    return {
        "team_id": team.pk,
        "size": memberships.count(),
        "ok": not any(i.blocking for i in issues),
        "policy": {
            "team_size_min": policy.team_size_min, "team_size_max": policy.team_size_max,
            "deputies_max": policy.deputies_max, "leader_min_rank": policy.leader_min_rank,
            "leader_min_rank_label": _rank_label(policy.leader_min_rank),
            "deputy_min_rank": policy.deputy_min_rank, "deputy_min_rank_label": _rank_label(policy.deputy_min_rank),
            "required_skills": [{"code": c, "label": str(Skill(c).label), "covered": c in covered}
                                for c in policy.required_skill_codes if c in Skill.values],
        },
        "issues": _issues_out(issues),
    }


def _forming_out(team: Team, caps: frozenset[Cap]) -> dict[str, Any]:
    return {
        "team_id": team.pk, "status": team.status, "status_label": team.get_status_display(),
        "available_transitions": [
            {"name": t.name, "label": t.label, "allowed": not t.blockers, "needs_note": t.transition.needs_note,
             "blockers": t.blockers} for t in TEAM_WORKFLOW.available(team, caps)],
    }


@router.get("/teams/{team_id}/forming", response=TeamFormingOut, summary="巡察组组建状态")
def team_forming_state(request: HttpRequest, team_id: Id) -> dict[str, Any]:
    """Whether the team's composition is confirmed, and the steps open to the caller with what blocks them
    (composition, authorisation, recusal; reopening once the team is stationed)."""
    team, caps = _team(actor_of(request), team_id)
    return _forming_out(team, caps)


# --- writes -----------------------------------------------------------------------------------------------------


@router.post("/teams/{team_id}/transitions/{name}", response=TeamFormingOut, summary="确定或重新调整巡察组组成")
def team_transition(request: HttpRequest, team_id: Id, name: str, payload: TeamStepIn) -> dict[str, Any]:
    """Take step ``name`` of the team's forming (confirm, reopen with a ``note``) — the service the team page
    calls. 404 when the team is not visible, 403 without the planning right here, 409 when something is still
    missing (the answer names it), 400 for a reopen without a reason."""
    actor = actor_of(request)
    _team(actor, team_id)
    if name not in TEAM_WORKFLOW.transitions:
        raise Http404("操作不存在。")
    team = team_step(actor=actor, team_id=team_id, transition=name, note=payload.note)
    return _forming_out(team, _caps(actor, team))


@router.post("/teams/{team_id}/members", response={201: MemberAddedOut}, summary="选配巡察组成员")
def team_member_create(request: HttpRequest, team_id: Id, payload: MemberIn) -> Status[dict[str, Any]]:
    """Put a cadre from the pool on the team; the answer carries at once the recusal check of that person
    against each target and the composition after the change. 403 without the planning right here; 400
    when a rule refuses (already on a team of this round, a second leader, the team stationed …)."""
    actor = actor_of(request)
    team, caps = _team(actor, team_id)
    if Cap.MANAGE_PLANNING not in caps:
        raise CapabilityMissing("只有巡察办可以安排巡察组和巡察计划。")
    person = access(Person, actor, payload.person_id)
    if not InspectorProfile.objects.visible_to(actor).filter(person=person).exists():
        raise DomainError(f"{person.name}不在您可查看的巡察干部人才库中，请先将其加入人才库。",
                          fields={"person_id": ["不在巡察干部人才库中。"]})
    added = team_member_add(actor=actor, team_id=team.pk, person_id=person.pk, role=payload.role)
    return Status(201, {
        "membership": _membership_out(actor, added.membership.pk),
        "recusal": hits_out(team, added.recusal),
        "composition": _issues_out(added.composition),
    })


@router.delete("/team-memberships/{membership_id}", response={204: None}, summary="移出巡察组成员")
def team_membership_delete(request: HttpRequest, membership_id: Id) -> Status[None]:
    """Refused (400) once one of the team's inspections is stationed."""
    actor = actor_of(request)
    membership = _membership(actor, membership_id)
    team_member_remove(actor=actor, membership_id=membership.pk)
    return Status(204, None)


@router.post("/team-memberships/{membership_id}/authorization", response=MembershipOut,
             summary="登记组长、副组长授权（一次一授权）")
def team_membership_authorize(request: HttpRequest, membership_id: Id, payload: AuthorizationIn) -> TeamMembership:
    actor = actor_of(request)
    membership = _membership(actor, membership_id)
    if payload.on > business_today():
        raise DomainError("授权日期不能晚于今天。", fields={"on": ["授权日期不能晚于今天。"]})
    team_leader_authorize(actor=actor, membership_id=membership.pk, on=payload.on, reference=payload.reference)
    return _membership_out(actor, membership.pk)


@router.post("/team-memberships/{membership_id}/declarations", response={201: DeclarationOut},
             summary="登记回避申请书、保密承诺书的签署")
def team_membership_declaration(request: HttpRequest, membership_id: Id,
                                payload: DeclarationIn) -> Status[MemberDeclaration]:
    actor = actor_of(request)
    membership = _membership(actor, membership_id)
    declaration = declaration_record(actor=actor, membership_id=membership.pk, kind=payload.kind,
                                     signed_on=payload.signed_on, note=payload.note)
    return Status(201, declaration)


@router.post("/recusal-overrides", response={201: OverrideOut}, summary="说明理由保留（回避提示）")
def recusal_override(request: HttpRequest, payload: OverrideIn) -> Status[RecusalOverride]:
    """The office director keeps a member despite a recusal *warning*, with a written reason (audited).
    403 for anyone else; 400 for a blocking ground (the member must leave the team), a reason under 10
    characters, or a ground that does not exist."""
    actor = actor_of(request)
    membership = _membership(actor, payload.membership_id)
    override = recusal_override_create(actor=actor, membership_id=membership.pk,
                                       organization_id=payload.organization_id, rule=payload.rule,
                                       reason=payload.reason)
    return Status(201, override)
