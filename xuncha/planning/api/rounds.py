"""API endpoints: planning a round (create, copy as the next, target candidates, inspections of several
organisations, the versioned work plan) and stationing (notices, liaison group, mobilisation meeting,
announcement).

Scope first: the round, work plan or inspection must be visible to the caller (else 404); the services then
refuse what the caller's roles do not allow (403) or what the rules do not (400, with ``fields``).

No ``from __future__ import annotations``: ninja reads the annotations at run time.
"""

import datetime
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Filters, Id, InputSchema, Ref, no_nul
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.scoping import is_visible
from xuncha.inspections import selectors as spine
from xuncha.inspections import stationing
from xuncha.inspections.access import access_inspection
from xuncha.inspections.api import router as spine_router
from xuncha.inspections.models import (
    Inspection,
    InspectionNotice,
    InspectionType,
    LiaisonContact,
    MobilizationMeeting,
    Round,
    StationingAnnouncement,
)
from xuncha.inspections.schemas import InspectionDetailOut, RoundDetailOut
from xuncha.orgs.models import OrganizationType, Sector
from xuncha.orgs.schemas import OrganizationRef
from xuncha.planning import rounds, work_plans
from xuncha.planning import selectors_rounds as sel
from xuncha.planning.api.teams import HitOut, hits_out
from xuncha.planning.models import WorkPlan

router = Router(tags=["rounds"])


Text30 = Annotated[str, Field(max_length=30), AfterValidator(no_nul)]
Text40 = Annotated[str, Field(max_length=40), AfterValidator(no_nul)]
Text60 = Annotated[str, Field(max_length=60), AfterValidator(no_nul)]
Text80 = Annotated[str, Field(max_length=80), AfterValidator(no_nul)]
Text100 = Annotated[str, Field(max_length=100), AfterValidator(no_nul)]
Text120 = Annotated[str, Field(max_length=120), AfterValidator(no_nul)]
Text254 = Annotated[str, Field(max_length=254), AfterValidator(no_nul)]
Text2000 = Annotated[str, Field(max_length=2000), AfterValidator(no_nul)]
Text5000 = Annotated[str, Field(max_length=5000), AfterValidator(no_nul)]
Text20000 = Annotated[str, Field(max_length=20000), AfterValidator(no_nul)]
# Dates a plan may name: keeps date arithmetic in the services far from the calendar's ends.
PlanDate = Annotated[datetime.date, Field(ge=datetime.date(1949, 10, 1), le=datetime.date(2999, 12, 31))]


# --- rounds ---------------------------------------------------------------------------------------------


class RoundCreateIn(InputSchema):
    term_id: Id = Field(description="届编号")
    number: int = Field(ge=1, le=99, description="轮次")
    name: Text60 = Field("", description="名称；缺省为“××届第×轮巡察”")
    planned_start: PlanDate = Field(description="计划进驻时间（须在本届任期内）")
    planned_end: PlanDate = Field(description="计划撤驻时间")
    focus_notes: Text5000 = Field("", description="监督重点说明")


class RoundCopyIn(InputSchema):
    planned_start: PlanDate = Field(description="新一轮计划进驻时间")
    planned_end: PlanDate = Field(description="新一轮计划撤驻时间")


class RoundCreatedOut(RoundDetailOut):
    warnings: list[str] = Field(description="提醒（不妨碍保存）：与本届其他轮次时间重叠等")


def _created(actor: Any, new: Round) -> Status[Round]:
    out = spine.round_detail(actor=actor, pk=new.pk)
    out.warnings = rounds.round_date_warnings(new)  # type: ignore[attr-defined]
    return Status(201, out)


# ninja answers a path from one router: "/rounds" already has GET on the spine's router, so POST joins it there
# (a second router's "/rounds" would never be reached and GET's router would answer 405).
@spine_router.post("/rounds", response={201: RoundCreatedOut}, summary="新建轮次", tags=["rounds"])
def round_create(request: HttpRequest, payload: RoundCreateIn) -> Status[Round]:
    """Only the office of the term's jurisdiction may create rounds (403 otherwise); a term the caller cannot
    see is 404."""
    actor = actor_of(request)
    term = spine.term_get(actor=actor, pk=payload.term_id)
    new = rounds.round_create(actor=actor, term_id=term.pk, number=payload.number, name=payload.name,
                              planned_start=payload.planned_start, planned_end=payload.planned_end,
                              focus_notes=payload.focus_notes)
    return _created(actor, new)


@router.post("/rounds/{round_id}/copy", response={201: RoundCreatedOut}, summary="复制为下一轮草稿")
def round_copy(request: HttpRequest, round_id: Id, payload: RoundCopyIn) -> Status[Round]:
    """The next round of the term with the same teams (without members: leaders are authorised per round)
    and the latest work plan as its first draft."""
    actor = actor_of(request)
    source = spine.round_detail(actor=actor, pk=round_id)
    new = rounds.round_copy_as_draft(actor=actor, round_id=source.pk, planned_start=payload.planned_start,
                                     planned_end=payload.planned_end)
    return _created(actor, new)


# --- target candidates and inspections ------------------------------------------------------------------


class CandidateFilters(Filters):
    q: Text60 | None = Field(None, description="名称（全称或简称）")
    org_type: OrganizationType | None = Field(None, description="组织类型")
    sector: Sector | None = Field(None, description="类别")
    region: Id | None = Field(None, description="所属党委编号")
    min_staff: int | None = Field(None, ge=0, le=1_000_000, description="人数不少于")
    max_staff: int | None = Field(None, ge=0, le=1_000_000, description="人数不多于")
    last: Literal["never", "1", "2", "3", "5"] | None = Field(
        None, description="上次巡察：never 从未巡察；N 为本轮开始前 N 年以上未巡察（含从未巡察）")
    include_covered: bool = Field(False, description="包括本届已覆盖的党组织")


class CandidateOut(Schema):
    id: int
    name: str
    short_name: str
    org_type: str
    org_type_label: str
    sector: str
    sector_label: str
    jurisdiction: Ref
    staff_size: int
    last_inspected: datetime.date | None = Field(description="最近一次巡察的进驻日期")
    covered: bool = Field(description="本届已列入计入全覆盖的巡察")

    @staticmethod
    def resolve_org_type_label(obj: Any) -> str:
        return str(obj.get_org_type_display())

    @staticmethod
    def resolve_sector_label(obj: Any) -> str:
        return str(obj.get_sector_display())


def _planning_round(actor: Any, round_id: int) -> Round:
    """A visible round whose planning the caller may do (404 / 403)."""
    round_ = spine.round_detail(actor=actor, pk=round_id)
    if not sel.can_plan(actor, round_.jurisdiction):
        raise CapabilityMissing("只有巡察办可以安排巡察计划。")
    return round_


@router.get("/rounds/{round_id}/target-candidates", response=paged(CandidateOut), summary="候选被巡察党组织")
def round_target_candidates(request: HttpRequest, round_id: Id, filters: Query[CandidateFilters]
                            ) -> dict[str, Any]:
    """Organisations of the term's jurisdiction (and those below it) not yet inspected this term, least
    recently inspected first; ``include_covered`` lists the covered ones too. For the office only."""
    actor = actor_of(request)
    round_ = _planning_round(actor, round_id)
    candidate_filters = sel.CandidateFilters(
        q=filters.q or "", org_type=filters.org_type or "", sector=filters.sector or "", region_id=filters.region,
        min_staff=filters.min_staff, max_staff=filters.max_staff, last=filters.last or "",
        include_covered=filters.include_covered)
    return paginate(sel.candidate_list(actor=actor, round_=round_, filters=candidate_filters), filters)


class InspectionCreateIn(InputSchema):
    organization_ids: list[Id] = Field(min_length=1, max_length=50, description="被巡察党组织编号（一托N）")
    team_id: Id | None = Field(None, description="本轮巡察组编号；可暂不指定")
    inspection_type: InspectionType
    special_topic: Text60 = Field("", description="专项主题；专项巡察必填")
    is_cross: bool = False
    is_linked: bool = False
    parent_inspection_id: Id | None = Field(
        None, description="延伸自：对被巡察党组织的主管党组织的巡察；延伸巡察可不填（单独开展）")
    revisit_of_id: Id | None = Field(None, description="回头看对象；“回头看”必填")
    planned_entry: PlanDate | None = Field(None, description="缺省为本轮计划进驻时间")
    planned_withdrawal: PlanDate | None = Field(None, description="缺省为本轮计划撤驻时间")


def _require_visible_inspection(actor: Any, pk: int | None, field: str) -> None:
    if pk is not None and not is_visible(Inspection, actor, pk):
        message = "所选巡察不存在或无权查看。"
        raise DomainError(message, fields={field: [message]})


@router.post("/rounds/{round_id}/inspections", response={201: InspectionDetailOut}, summary="安排一次巡察")
def round_inspection_create(request: HttpRequest, round_id: Id, payload: InspectionCreateIn
                            ) -> Status[Inspection]:
    """One inspection of one or more organisations. 400 when an organisation is already planned this term,
    out of the jurisdiction, or a special inspection has no topic (see ``fields``)."""
    actor = actor_of(request)
    round_ = spine.round_detail(actor=actor, pk=round_id)
    _require_visible_inspection(actor, payload.parent_inspection_id, "parent_inspection_id")
    _require_visible_inspection(actor, payload.revisit_of_id, "revisit_of_id")
    inspection = rounds.inspection_create(
        actor=actor, round_id=round_.pk, team_id=payload.team_id, inspection_type=payload.inspection_type,
        organization_ids=list(payload.organization_ids), special_topic=payload.special_topic,
        is_cross=payload.is_cross, is_linked=payload.is_linked, parent_inspection_id=payload.parent_inspection_id,
        revisit_of_id=payload.revisit_of_id, planned_entry=payload.planned_entry,
        planned_withdrawal=payload.planned_withdrawal)
    return Status(201, spine.inspection_detail(actor=actor, pk=inspection.pk))


class InspectionTeamIn(InputSchema):
    team_id: Id | None = Field(description="本轮巡察组编号；null 为取消指定")


class InspectionTeamOut(Schema):
    inspection: InspectionDetailOut
    recusal_warnings: list[HitOut] = Field(description="新巡察组成员与被巡察党组织之间待巡察办主任决定的回避提示")


@router.put("/inspections/{inspection_id}/team", response=InspectionTeamOut, summary="指定、更换或取消巡察组")
def inspection_team_put(request: HttpRequest, inspection_id: Id, payload: InspectionTeamIn) -> dict[str, Any]:
    """For the office, until the inspection is stationed (then 400). The new team's members are checked
    against the targets: a blocking recusal ground refuses the change (400, ``fields.team``); warnings come
    back in ``recusal_warnings``. Audited as ``inspection.team_set``."""
    actor = actor_of(request)
    inspection = access_inspection(actor, inspection_id)
    changed = rounds.inspection_team_set(actor=actor, inspection_id=inspection.pk, team_id=payload.team_id)
    team = changed.inspection.team
    return {"inspection": spine.inspection_detail(actor=actor, pk=inspection.pk),
            "recusal_warnings": hits_out(team, changed.warnings) if team else []}


# --- work plans -----------------------------------------------------------------------------------------


class WorkPlanIn(InputSchema):
    focus: Text5000 = Field(description="监督重点")
    schedule: Text5000 = Field(description="时间安排")
    key_matters: Text5000 = Field("", description="重点事项")


class WorkPlanOut(Schema):
    id: int
    round_id: int
    version: int
    status: Literal["draft", "submitted", "approved"]
    status_label: str
    focus: str
    schedule: str
    key_matters: str
    created_by: str
    created_at: datetime.datetime
    approved_by: str | None
    approved_at: datetime.datetime | None

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return str(obj.created_by)

    @staticmethod
    def resolve_approved_by(obj: Any) -> str | None:
        return str(obj.approved_by) if obj.approved_by_id else None


class PageOnly(Filters):
    pass


@router.get("/rounds/{round_id}/work-plans", response=paged(WorkPlanOut), summary="工作方案各版本")
def work_plan_list(request: HttpRequest, round_id: Id, filters: Query[PageOnly]) -> dict[str, Any]:
    """Newest version first."""
    round_ = spine.round_detail(actor=actor_of(request), pk=round_id)
    return paginate(sel.work_plan_list(round_), filters)


@router.post("/rounds/{round_id}/work-plans", response={201: WorkPlanOut}, summary="保存工作方案新版本")
def work_plan_create(request: HttpRequest, round_id: Id, payload: WorkPlanIn) -> Status[WorkPlan]:
    """A new draft version (an approved version is never edited). For the office."""
    actor = actor_of(request)
    round_ = spine.round_detail(actor=actor, pk=round_id)
    plan = work_plans.work_plan_save(actor=actor, round_id=round_.pk, focus=payload.focus,
                                      schedule=payload.schedule, key_matters=payload.key_matters)
    return Status(201, sel.work_plan_get(actor=actor, pk=plan.pk))


@router.post("/work-plans/{plan_id}/submit", response=WorkPlanOut, summary="工作方案报批")
def work_plan_submit(request: HttpRequest, plan_id: Id) -> WorkPlan:
    """Draft → submitted, by the office; 400 when the version is not a draft."""
    actor = actor_of(request)
    plan = sel.work_plan_get(actor=actor, pk=plan_id)
    work_plans.work_plan_submit(actor=actor, plan_id=plan.pk)
    return sel.work_plan_get(actor=actor, pk=plan.pk)


@router.post("/work-plans/{plan_id}/approve", response=WorkPlanOut, summary="批准工作方案")
def work_plan_approve(request: HttpRequest, plan_id: Id) -> WorkPlan:
    """Submitted → approved, by the leading group only (403 for anyone else)."""
    actor = actor_of(request)
    plan = sel.work_plan_get(actor=actor, pk=plan_id)
    work_plans.work_plan_approve(actor=actor, plan_id=plan.pk)
    return sel.work_plan_get(actor=actor, pk=plan.pk)


# --- stationing -----------------------------------------------------------------------------------------


class AnnouncementIn(InputSchema):
    phone: Text40 = Field(description="值班电话")
    phone_hours: Text60 = Field(description="接听时间")
    post_box: Text80 = ""
    visit_address: Text120 = ""
    suggestion_box: Text120 = ""
    email: Text254 = Field("", pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    web_channel: Text120 = ""
    accept_from: PlanDate | None = Field(None, description="受理开始；缺省为计划进驻日期")
    accept_until: PlanDate | None = Field(None, description="受理截止；缺省为撤驻前规定天数（信访截止）")
    scope_text: Text2000 | None = Field(None, description="受理范围；缺省为标准表述")
    published_on: PlanDate | None = None


class AnnouncementOut(Schema):
    inspection_id: int
    phone: str
    phone_hours: str
    post_box: str
    visit_address: str
    suggestion_box: str
    email: str
    web_channel: str
    accept_from: datetime.date
    accept_until: datetime.date = Field(description="信访截止日期")
    scope_text: str
    published_on: datetime.date | None


def _announcement(inspection: Inspection) -> StationingAnnouncement:
    announcement = StationingAnnouncement.objects.filter(inspection=inspection).first()
    if announcement is None:
        raise Http404("尚未拟定巡察公告。")
    return announcement


@router.get("/inspections/{inspection_id}/announcement", response=AnnouncementOut, summary="巡察公告")
def announcement_detail(request: HttpRequest, inspection_id: Id) -> StationingAnnouncement:
    """For whoever may see the inspection: the office, its team and the liaisons of its organisations
    (who post it). 404 when none has been drafted yet."""
    actor = actor_of(request)
    inspection = access_inspection(actor, inspection_id)
    return _announcement(inspection)


@router.put("/inspections/{inspection_id}/announcement", response=AnnouncementOut, summary="保存巡察公告")
def announcement_put(request: HttpRequest, inspection_id: Id, payload: AnnouncementIn) -> StationingAnnouncement:
    """Create or replace the announcement; petitions are accepted from entry until the configured days before
    withdrawal (400 outside that window). For the office."""
    actor = actor_of(request)
    inspection = access_inspection(actor, inspection_id)
    values = payload.model_dump()
    for name in ("accept_from", "accept_until", "scope_text"):
        if values.get(name) is None:
            values.pop(name)
    stationing.announcement_save(actor=actor, inspection_id=inspection.pk, **values)
    return _announcement(inspection)


class NoticeIn(InputSchema):
    organization_id: Id = Field(description="被巡察党组织编号")
    notice_no: Text40 = Field(description="文号")
    issued_on: PlanDate = Field(description="印发日期（不晚于进驻前规定天数）")
    requirements: Text5000 = Field(description="准备事项")


class NoticeOut(Schema):
    id: int
    organization: OrganizationRef
    notice_no: str
    issued_on: datetime.date
    entry_date: datetime.date
    requirements: str
    liaison_list_due: datetime.date = Field(description="联络组名单报送时限")


@router.post("/inspections/{inspection_id}/notices", response={201: NoticeOut}, summary="印发巡察通知")
def notice_issue(request: HttpRequest, inspection_id: Id, payload: NoticeIn) -> Status[InspectionNotice]:
    """Issue (or correct) the notice to one target organisation. For the office."""
    actor = actor_of(request)
    inspection = access_inspection(actor, inspection_id)
    notice = stationing.inspection_notice_issue(
        actor=actor, inspection_id=inspection.pk, organization_id=payload.organization_id,
        notice_no=payload.notice_no, issued_on=payload.issued_on, requirements=payload.requirements)
    return Status(201, notice)


class LiaisonContactIn(InputSchema):
    organization_id: Id = Field(description="被巡察党组织编号")
    name: Text30 = Field(description="姓名")
    post: Text60 = Field("", description="职务")
    phone: Annotated[str, Field(max_length=20, pattern=r"^[0-9+\-() ]{5,20}$", description="电话")]
    is_head: bool = Field(False, description="联络组组长")


class LiaisonContactOut(Schema):
    id: int
    organization_id: int
    name: str
    post: str
    phone: str
    is_head: bool


@router.post("/inspections/{inspection_id}/liaison-contacts", response={201: LiaisonContactOut},
             summary="添加联络组成员")
def liaison_contact_add(request: HttpRequest, inspection_id: Id, payload: LiaisonContactIn
                        ) -> Status[LiaisonContact]:
    """The office, or the liaison of that organisation (for their own organisation only)."""
    actor = actor_of(request)
    inspection = access_inspection(actor, inspection_id)
    contact = stationing.liaison_contact_add(
        actor=actor, inspection_id=inspection.pk, organization_id=payload.organization_id, name=payload.name,
        post=payload.post, phone=payload.phone, is_head=payload.is_head)
    return Status(201, contact)


class LiaisonContactUpdateIn(InputSchema):
    name: Text30 = Field(description="姓名")
    post: Text60 = Field("", description="职务")
    phone: Annotated[str, Field(max_length=20, pattern=r"^[0-9+\-() ]{5,20}$", description="电话")]
    is_head: bool = Field(False, description="联络组组长")


def _changeable_contact(actor: Any, contact_id: int) -> LiaisonContact:
    contact, can_change = sel.liaison_contact_get(actor=actor, pk=contact_id)
    if not can_change:
        raise CapabilityMissing("联络组名单由巡察办或被巡察单位联络员报送。")
    return contact


@router.put("/liaison-contacts/{contact_id}", response=LiaisonContactOut, summary="修改联络组成员")
def liaison_contact_update(request: HttpRequest, contact_id: Id, payload: LiaisonContactUpdateIn) -> LiaisonContact:
    """As for adding: the office, or the liaison of that organisation. Audited with what changed."""
    actor = actor_of(request)
    contact = _changeable_contact(actor, contact_id)
    return stationing.liaison_contact_update(actor=actor, contact_id=contact.pk, name=payload.name,
                                              post=payload.post, phone=payload.phone, is_head=payload.is_head)


@router.delete("/liaison-contacts/{contact_id}", response={204: None}, summary="移出联络组成员")
def liaison_contact_delete(request: HttpRequest, contact_id: Id) -> Status[None]:
    """As for adding: the office, or the liaison of that organisation. Audited."""
    actor = actor_of(request)
    contact = _changeable_contact(actor, contact_id)
    stationing.liaison_contact_remove(actor=actor, contact_id=contact.pk)
    return Status(204, None)


class MeetingIn(InputSchema):
    held_at: datetime.datetime = Field(description="时间（ISO 8601）")
    place: Text100 = Field(description="地点")
    attendees: Text2000 = Field(description="参会范围")
    speakers: Text2000 = Field(description="讲话人")
    minutes: Text20000 = Field("", description="会议纪要")


class MeetingOut(Schema):
    inspection_id: int
    held_at: datetime.datetime
    place: str
    attendees: str
    speakers: str
    minutes: str


@router.put("/inspections/{inspection_id}/mobilization-meeting", response=MeetingOut, summary="保存进驻动员会")
def mobilization_meeting_put(request: HttpRequest, inspection_id: Id, payload: MeetingIn) -> MobilizationMeeting:
    """Create or replace the mobilisation meeting. For the office."""
    actor = actor_of(request)
    inspection = access_inspection(actor, inspection_id)
    values = payload.model_dump()
    if timezone.is_naive(values["held_at"]):
        values["held_at"] = timezone.make_aware(values["held_at"])
    return stationing.mobilization_meeting_save(actor=actor, inspection_id=inspection.pk, **values)
