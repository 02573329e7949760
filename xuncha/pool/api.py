"""API endpoints: the inspector pool (巡察干部人才库).

Lists and details read through ``InspectorProfile.objects.visible_to``: the office, the leading group and
the organisation department see the pools of their jurisdictions; everyone else gets an empty list and 404
for an entry. Adding or editing an entry goes through ``pool.services.profile_save`` (audited); it needs
the right to maintain that pool (office, organisation department), else 403.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id, InputSchema, Ref
from xuncha.core.lists import api_filter, filter_schema
from xuncha.core.scoping import access
from xuncha.orgs.models import Jurisdiction, Person
from xuncha.orgs.schemas import PersonOut
from xuncha.pool import selectors
from xuncha.pool.filters import PoolFilter
from xuncha.pool.models import Availability, InspectorProfile
from xuncha.pool.services import profile_save
from xuncha.rules.models import Skill

router = Router(tags=["巡察干部人才库"])


# The parameters of the pool list: the page's FilterSet, translated (one definition).
PoolFilters = filter_schema(PoolFilter)


class SkillOut(Schema):
    code: str
    label: str


def _skills(profile: Any) -> list[dict[str, str]]:
    return [{"code": s.skill, "label": str(s.get_skill_display())} for s in profile.skills.all()]


class ProfileOut(Schema):
    id: int
    person: PersonOut  # the same cadre shape as /people
    jurisdiction: Ref
    skills: list[SkillOut]
    availability: str
    availability_label: str
    unavailable_until: datetime.date | None
    can_lead: bool
    joined_on: datetime.date | None
    note: str
    team_count: int = Field(description="参加巡察组的次数")

    @staticmethod
    def resolve_skills(obj: Any) -> list[dict[str, str]]:
        return _skills(obj)

    @staticmethod
    def resolve_availability_label(obj: Any) -> str:
        return str(obj.get_availability_display())

    @staticmethod
    def resolve_team_count(obj: Any) -> int:
        return int(getattr(obj, "team_count", 0))


class PastMembershipOut(Schema):
    team: Ref
    round: Ref
    role: str
    role_label: str
    planned_start: datetime.date

    @staticmethod
    def resolve_team(obj: Any) -> dict[str, Any]:
        return {"id": obj.team_id, "name": obj.team.name}

    @staticmethod
    def resolve_round(obj: Any) -> dict[str, Any]:
        return {"id": obj.team.round_id, "name": obj.team.round.name}

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_planned_start(obj: Any) -> datetime.date:
        return obj.team.round.planned_start


class ProfileDetailOut(ProfileOut):
    memberships: list[PastMembershipOut] = Field(description="参加过的巡察组（仅列调用者可查看的）")

    @staticmethod
    def resolve_memberships(obj: Any) -> list[Any]:
        return list(obj.api_memberships)


Note = Annotated[str, Field(max_length=200)]


class ProfileIn(InputSchema):
    """Add a cadre to a pool, or update their entry (the same cadre is in one pool at most)."""

    person_id: Id = Field(description="干部编号")
    jurisdiction_id: Id = Field(description="所属人才库（党委编号）")
    skills: list[Skill] = Field(default_factory=list, max_length=len(Skill.values), description="专长")
    availability: Availability = Availability.AVAILABLE
    unavailable_until: datetime.date | None = None
    can_lead: bool = False
    joined_on: datetime.date | None = Field(None, description="入库日期，默认今天")
    note: Note = ""


def _detail(actor: Any, pk: int) -> InspectorProfile:
    profile = selectors.profile_list(actor=actor, filters={}).filter(pk=pk).first()
    if profile is None:
        raise Http404("巡察干部不存在或无权查看。")
    profile.api_memberships = selectors.person_memberships(actor=actor, person=profile.person)  # type: ignore[attr-defined]
    return profile


@router.get("/pool", response=paged(ProfileOut), summary="巡察干部人才库")
def pool_list(request: HttpRequest, filters: Query[PoolFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """Skills, availability, fitness to lead and how often each has served on a team."""
    actor = actor_of(request)
    return paginate(api_filter(PoolFilter, filters, selectors.profile_list(actor=actor, filters={}), actor), filters)


@router.get("/pool/{profile_id}", response=ProfileDetailOut, summary="巡察干部详情")
def pool_detail(request: HttpRequest, profile_id: Id) -> InspectorProfile:
    return _detail(actor_of(request), profile_id)


@router.post("/pool", response={200: ProfileDetailOut, 201: ProfileDetailOut}, summary="加入人才库或更新")
def pool_save(request: HttpRequest, payload: ProfileIn) -> Status[InspectorProfile]:
    """201 when the cadre joins the pool, 200 when their entry is updated. 404 when the cadre or the
    jurisdiction is not visible; 403 when the caller may not maintain that pool (or the one the entry is
    moved from); 404 for roles that never use the pool. Audited as ``pool.add`` / ``pool.update``."""
    actor = actor_of(request)
    if not scope_of(actor).business_paths(Cap.VIEW_POOL):
        raise Http404("巡察干部人才库不存在或无权查看。")  # a role that never uses the pool
    person = access(Person, actor, payload.person_id)
    jurisdiction = access(Jurisdiction, actor, payload.jurisdiction_id)
    existed = InspectorProfile.objects.filter(person=person).exists()
    profile = profile_save(
        actor=actor, person=person, jurisdiction=jurisdiction, skills=list(dict.fromkeys(payload.skills)),
        availability=payload.availability, can_lead=payload.can_lead, note=payload.note.strip(),
        unavailable_until=payload.unavailable_until if payload.availability == Availability.UNAVAILABLE else None,
        joined_on=payload.joined_on,
    )
    return Status(200 if existed else 201, _detail(actor, profile.pk))
