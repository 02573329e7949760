"""Request and response shapes (HackSoft's input/output split). Output schemas read model instances;
choice fields come with a ``…_label`` in Chinese. Input schemas check shape only and refuse unknown
fields; business rules stay in services.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, ValidationInfo, field_validator

from xuncha.accounts.roles import Role
from xuncha.api.pagination import PageParams
from xuncha.api.selectors import audit_details
from xuncha.api.services import time_limit_label
from xuncha.audit.models import AuditResult
from xuncha.orgs.models import OrganizationType, Sector, TimeLimits
from xuncha.planning.models import InspectionType
from xuncha.planning.workflow import InspectionStatus
from xuncha.taxonomy.models import FrameworkKind

# Ids are 64-bit on both engines; a larger number would overflow the database driver.
MAX_ID = 2**63 - 1


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text parameters; answer 422 instead of failing in the driver.
    if "\x00" in value:
        raise ValueError("不能包含空字符。")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, Field(max_length=100), AfterValidator(_no_nul)]
# Audit filters: inclusive local dates, kept where time-zone arithmetic cannot overflow.
FilterDate = Annotated[datetime.date, Field(ge=datetime.date(1970, 1, 1), le=datetime.date(2999, 12, 31))]
FrameworkCode = Annotated[str, Field(max_length=30, pattern=r"^[^\x00/]+$")]


class InputSchema(Schema):
    """A request body: unknown fields are an error, not silently dropped (a typo would go unnoticed)."""

    model_config = ConfigDict(extra="forbid")


class Filters(PageParams):
    """Query filters: an empty parameter (``?status=``, as HTML forms send) means "not filtered"."""

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any, info: ValidationInfo) -> Any:
        if value == "" and info.field_name:
            return cls.model_fields[info.field_name].get_default(call_default_factory=True)
        return value


# --- shared references ------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class OrganizationRef(Schema):
    id: int
    name: str
    short_name: str


class FrameworkRef(Schema):
    code: str
    name: str


class ScopeOut(Schema):
    kind: Literal["jurisdiction", "team", "organization"]
    id: int
    label: str


def _scope_of_assignment(obj: Any) -> dict[str, Any]:
    target = obj.scope_object
    return {"kind": str(obj.scope_kind), "id": target.pk, "label": str(target)}


# --- me -------------------------------------------------------------------------------------------------


class RoleOut(Schema):
    id: int
    role: Role
    role_label: str
    scope: ScopeOut

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_scope(obj: Any) -> dict[str, Any]:
        return _scope_of_assignment(obj)


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[RoleOut]
    capabilities: list[str] = Field(description="在任一范围内持有的能力（具体对象上的权限以各接口为准）")


# --- jurisdictions -------------------------------------------------------------------------------------


class JurisdictionFilters(Filters):
    q: Text | None = Field(None, description="名称或党委全称包含")
    parent: Id | None = Field(None, description="上级党委编号")


class JurisdictionOut(Schema):
    id: int
    name: str
    committee_name: str
    level: str
    level_label: str
    division_code: str
    parent_id: int | None
    depth: int

    @staticmethod
    def resolve_level_label(obj: Any) -> str:
        return str(obj.get_level_display())


def _limit(low: int, high: int, field: str) -> Any:
    label = time_limit_label(field)
    return Field(None, ge=low, le=high, description=f"{label}（{low}–{high}）")


class TimeLimitsIn(InputSchema):
    """Fields left out keep the value in force; ranges guard against typing slips (spec §1.4)."""

    notice_days_before_entry: int | None = _limit(0, 90, "notice_days_before_entry")
    liaison_list_days_before_entry: int | None = _limit(0, 90, "liaison_list_days_before_entry")
    unit_report_days_after_entry: int | None = _limit(0, 90, "unit_report_days_after_entry")
    fieldwork_days_routine: int | None = _limit(1, 180, "fieldwork_days_routine")
    fieldwork_days_special: int | None = _limit(1, 180, "fieldwork_days_special")
    petition_cutoff_days_before_end: int | None = _limit(0, 90, "petition_cutoff_days_before_end")
    report_to_secretary_meeting_days: int | None = _limit(1, 180, "report_to_secretary_meeting_days")
    rectification_plan_due_working_days: int | None = _limit(1, 120, "rectification_plan_due_working_days")
    rectification_report_due_months: int | None = _limit(1, 12, "rectification_report_due_months")
    lead_feedback_due_months: int | None = _limit(1, 12, "lead_feedback_due_months")
    lead_closure_target_months: int | None = _limit(1, 12, "lead_closure_target_months")
    evaluation_sampling_percent: int | None = _limit(1, 100, "evaluation_sampling_percent")
    revisit_after_months: int | None = _limit(1, 60, "revisit_after_months")
    recusal_work_history_years: int | None = _limit(0, 30, "recusal_work_history_years")
    coverage_cycle_years: int | None = _limit(1, 10, "coverage_cycle_years")


class TimeLimitsOut(Schema):
    jurisdiction_id: int
    inherited: bool = Field(description="本级未单独设置，沿用上级或系统默认值")
    source: Literal["own", "ancestor", "default"]
    source_jurisdiction: Ref | None = Field(description="取值来自哪一级党委；系统默认值时为空")
    updated_at: datetime.datetime | None
    notice_days_before_entry: int
    liaison_list_days_before_entry: int
    unit_report_days_after_entry: int
    fieldwork_days_routine: int
    fieldwork_days_special: int
    petition_cutoff_days_before_end: int
    report_to_secretary_meeting_days: int
    rectification_plan_due_working_days: int
    rectification_report_due_months: int
    lead_feedback_due_months: int
    lead_closure_target_months: int
    evaluation_sampling_percent: int
    revisit_after_months: int
    recusal_work_history_years: int
    coverage_cycle_years: int

    @staticmethod
    def data(effective: Any) -> dict[str, Any]:
        """The response body for a ``selectors.EffectiveTimeLimits``."""
        limits = effective.limits
        return {
            "jurisdiction_id": effective.jurisdiction.pk,
            "inherited": effective.inherited,
            "source": effective.source,
            "source_jurisdiction": effective.source_jurisdiction,
            "updated_at": limits.updated_at if limits.pk else None,
            **{f: getattr(limits, f) for f in TimeLimits.editable_fields()},
        }


# --- organisations and people --------------------------------------------------------------------------


class OrganizationFilters(Filters):
    q: Text | None = Field(None, description="党组织全称或简称包含")
    jurisdiction: Id | None = Field(None, description="所属党委编号")
    parent: Id | None = Field(None, description="上级党组织编号")
    sector: Sector | None = None
    org_type: OrganizationType | None = None


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    unit_name: str
    org_type: str
    org_type_label: str
    sector: str
    sector_label: str
    jurisdiction: Ref
    parent_id: int | None
    depth: int
    staff_size: int
    is_inspectable: bool

    @staticmethod
    def resolve_org_type_label(obj: Any) -> str:
        return str(obj.get_org_type_display())

    @staticmethod
    def resolve_sector_label(obj: Any) -> str:
        return str(obj.get_sector_display())


class OrganizationDetailOut(OrganizationOut):
    address: str


class PersonFilters(Filters):
    q: Text | None = Field(None, description="姓名包含")
    organization: Id | None = Field(None, description="现工作单位编号")


class PersonOut(Schema):
    """A cadre; the identity-card number is never part of any answer."""

    id: int
    name: str
    gender: str
    gender_label: str
    birth_year: int
    organization: OrganizationRef
    post: str
    rank: str
    rank_label: str

    @staticmethod
    def resolve_gender_label(obj: Any) -> str:
        return str(obj.get_gender_display())

    @staticmethod
    def resolve_rank_label(obj: Any) -> str:
        return str(obj.get_rank_display())


class WorkHistoryOut(Schema):
    organization: OrganizationRef | None
    organization_name: str
    post: str
    start: datetime.date
    end: datetime.date | None


class RelativeOut(Schema):
    name: str
    kinship: str
    kinship_label: str
    organization: OrganizationRef | None
    workplace: str
    post: str

    @staticmethod
    def resolve_kinship_label(obj: Any) -> str:
        return str(obj.get_kinship_display())


class PersonDetailOut(PersonOut):
    hometown: str
    hometown_jurisdiction: Ref | None
    phone: str
    work_history: list[WorkHistoryOut]
    relatives: list[RelativeOut]


# --- terms, rounds, teams ----------------------------------------------------------------------------


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


# --- inspections ---------------------------------------------------------------------------------------


class InspectionFilters(Filters):
    round: Id | None = Field(None, description="轮次编号")
    status: InspectionStatus | None = None
    inspection_type: InspectionType | None = None
    team: Id | None = Field(None, description="巡察组编号")
    organization: Id | None = Field(None, description="被巡察党组织编号")


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


# --- frameworks ---------------------------------------------------------------------------------------


class FrameworkFilters(Filters):
    kind: FrameworkKind | None = None
    valid_on: datetime.date | None = Field(None, description="在该日期有效的版本")


class FrameworkOut(Schema):
    code: str
    kind: FrameworkKind
    kind_label: str
    name: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    source: str

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class FrameworkNodeOut(Schema):
    code: str
    name: str
    level: int
    children: list["FrameworkNodeOut"]


class FrameworkDetailOut(FrameworkOut):
    nodes: list[FrameworkNodeOut]

    @staticmethod
    def resolve_nodes(obj: Any) -> Any:
        return obj.api_node_tree


# --- audit log ---------------------------------------------------------------------------------------------


class AuditEventFilters(Filters):
    action: Text | None = Field(None, description="事件代码，如 person.read")
    actor: Text | None = Field(None, description="用户名")
    object_type: Text | None = Field(None, description="对象类型，如 planning.inspection")
    object_id: Text | None = Field(None, description="对象编号")
    result: AuditResult | None = None
    date_from: FilterDate | None = Field(None, description="起始日期（含）")
    date_to: FilterDate | None = Field(None, description="截止日期（含）")


class AuditEventOut(Schema):
    id: int
    created_at: datetime.datetime
    actor_id: int | None
    actor_username: str
    actor_role: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    result: AuditResult
    client_ip: str
    request_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    @staticmethod
    def resolve_details(obj: Any) -> dict[str, Any]:
        return audit_details(obj)


# --- role assignments ---------------------------------------------------------------------------------


class RoleAssignmentFilters(Filters):
    username: Text | None = None
    role: Role | None = None
    is_active: bool | None = None


class UserRef(Schema):
    id: int
    username: str
    display_name: str


class RoleAssignmentOut(Schema):
    id: int
    user: UserRef
    role: Role
    role_label: str
    scope: ScopeOut
    is_active: bool
    granted_by: str | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_scope(obj: Any) -> dict[str, Any]:
        return _scope_of_assignment(obj)

    @staticmethod
    def resolve_granted_by(obj: Any) -> str | None:
        return obj.granted_by.username if obj.granted_by_id else None


class RoleAssignmentIn(InputSchema):
    username: Annotated[str, Field(min_length=1, max_length=150), AfterValidator(_no_nul)]
    role: Role
    jurisdiction: Id | None = Field(None, description="党委编号（党委类角色）")
    team: Id | None = Field(None, description="巡察组编号（组长、副组长、成员）")
    organization: Id | None = Field(None, description="单位编号（被巡察单位联络员）")
    reason: Annotated[str, Field(max_length=500), AfterValidator(_no_nul)] = Field(
        "", description="巡察办主任书面说明的理由（巡察组已撤驻时授予巡察组角色必填，不少于 10 个字；记入审计日志）")
