"""API shapes of terms, rounds, teams and inspections.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Any

from ninja import Field, Schema

from xuncha.core.api.schemas import Filters, Id, InputSchema, Ref
from xuncha.core.lists import filter_schema
from xuncha.inspections.filters import InspectionFilter
from xuncha.inspections.models import InspectionType
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.schemas import OrganizationRef
from xuncha.taxonomy.schemas import FrameworkRef


class TermFilters(Filters):
    jurisdiction: Id | None = Field(None, description="党委编号")


class TermOut(Schema):
    id: int
    jurisdiction: Ref
    number: int
    name: str
    start_date: datetime.date
    end_date: datetime.date


class RoundFilters(Filters):
    term: Id | None = Field(None, description="届编号")
    year: int | None = Field(None, ge=1949, le=2999, description="年度")


class RoundOut(Schema):
    id: int
    term: Ref
    jurisdiction: Ref
    number: int
    name: str
    year: int
    planned_start: datetime.date
    planned_end: datetime.date
    focus_framework: FrameworkRef | None
    eight_rules_framework: FrameworkRef | None


class RoundDetailOut(RoundOut):
    focus_notes: str


class TeamFilters(Filters):
    round: Id | None = Field(None, description="轮次编号")


class TeamOut(Schema):
    id: int
    round: Ref
    number: int
    name: str
    home_jurisdiction: Ref
    leader: str | None = Field(description="组长姓名")

    @staticmethod
    def resolve_leader(obj: Any) -> str | None:
        leaders = getattr(obj, "leader_memberships", [])
        return leaders[0].person.name if leaders else None


class MemberOut(Schema):
    person_id: int
    name: str
    role: str
    role_label: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.person.name)

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())


class TeamDetailOut(TeamOut):
    members_visible: bool = Field(description="被巡察单位联络员只看到组名和组长，看不到成员名单")
    members: list[MemberOut] | None

    @staticmethod
    def resolve_members_visible(obj: Any) -> bool:
        return obj.api_members is not None

    @staticmethod
    def resolve_members(obj: Any) -> list[Any] | None:
        return obj.api_members




# The parameters of the inspection list: the page's FilterSet, translated (one definition).
InspectionFilters = filter_schema(InspectionFilter)


class InspectionRef(Schema):
    id: int
    code: str


class TeamRef(Schema):
    id: int
    name: str


def _status_label(value: str) -> str:
    try:
        return str(InspectionStatus(value).label)
    except ValueError:
        return value


class InspectionOut(Schema):
    id: int
    code: str
    round: Ref
    jurisdiction: Ref
    team: TeamRef | None
    inspection_type: InspectionType
    inspection_type_label: str
    special_topic: str
    is_cross: bool
    is_linked: bool
    status: InspectionStatus
    status_label: str
    planned_entry: datetime.date
    planned_withdrawal: datetime.date
    stationed_on: datetime.date | None
    withdrawn_on: datetime.date | None
    feedback_on: datetime.date | None
    targets: list[OrganizationRef] = Field(description="被巡察党组织（只列出调用者有权查看的）")

    @staticmethod
    def resolve_inspection_type_label(obj: Any) -> str:
        return str(obj.get_inspection_type_display())

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return _status_label(obj.status)

    @staticmethod
    def resolve_targets(obj: Any) -> list[Any]:
        return obj.api_targets


class StatusChangeOut(Schema):
    transition: str
    old_status: str
    old_status_label: str
    new_status: str
    new_status_label: str
    actor: str
    actor_role: str
    note: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_old_status_label(obj: Any) -> str:
        return _status_label(obj.old_status)

    @staticmethod
    def resolve_new_status_label(obj: Any) -> str:
        return _status_label(obj.new_status)

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return str(obj.actor)


class TransitionOut(Schema):
    name: str
    label: str
    takes_date: bool = Field(description="此操作会记录日期（请求体的 on，缺省为今天）")
    allowed: bool = Field(description="现在即可执行；否则见 blockers")
    blockers: list[str]

    @staticmethod
    def resolve_allowed(obj: Any) -> bool:
        return not obj.blockers


class InspectionDetailOut(InspectionOut):
    parent_inspection: InspectionRef | None = Field(description="延伸自（仅当调用者可以查看该巡察）")
    revisit_of: InspectionRef | None = Field(description="“回头看”对象（仅当调用者可以查看该巡察）")
    history: list[StatusChangeOut] | None = Field(description="阶段变更记录；被巡察单位联络员不可见（为空）")
    available_transitions: list[TransitionOut] = Field(description="调用者在此巡察上有权执行的操作")

    @staticmethod
    def resolve_parent_inspection(obj: Any) -> Any:
        return obj.api_parent

    @staticmethod
    def resolve_revisit_of(obj: Any) -> Any:
        return obj.api_revisit_of

    @staticmethod
    def resolve_history(obj: Any) -> Any:
        return obj.api_history

    @staticmethod
    def resolve_available_transitions(obj: Any) -> Any:
        return obj.api_transitions


class TransitionIn(InputSchema):
    on: datetime.date | None = Field(None, description="进驻、撤驻或反馈的日期；缺省为今天；不能晚于今天")
    note: str = Field("", max_length=2000, description="说明")
