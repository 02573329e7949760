"""The writes of reports, meetings and feedback, one service each for the page and the API: transactional,
audited, scoped.

Objects are loaded through the scope kernel (``access``) with the capability the write needs: out of scope is a
404, a visible object whose step the caller's roles do not allow a 403. Bad input raises ``DomainError`` with a
Chinese message and changes nothing. Every state change goes through ``REPORT_WORKFLOW`` / ``FEEDBACK_WORKFLOW``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.scoping import access, capabilities
from xuncha.documents.models import DocumentSeries
from xuncha.documents.services import document_number_issue
from xuncha.findings.models import Finding, FindingStatus
from xuncha.findings.services import finding_apply_transition
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection, Round
from xuncha.inspections.states import InspectionStatus
from xuncha.reports.compose import add_months, compose_feedback, compose_report, plan_due
from xuncha.reports.deidentify import describe, source_traces, traces_in
from xuncha.reports.models import (
    FEEDBACK_SECTIONS,
    REPORT_SECTIONS,
    CopyBody,
    DecisionKind,
    DeliveryKind,
    Ecology,
    Feedback,
    FeedbackCopy,
    FeedbackDelivery,
    FeedbackStatus,
    Implementation,
    Meeting,
    MeetingDecision,
    MeetingKind,
    Report,
    ReportStatus,
    ReportVersion,
    SpecialReport,
    SpecialReportKind,
)
from xuncha.reports.workflows import (
    FEEDBACK_DELIVERY_STATUSES,
    FEEDBACK_DRAFT_STATUSES,
    FEEDBACK_FORM_STEPS,
    FEEDBACK_WORKFLOW,
    REPORT_CLOSED,
    REPORT_STATUSES,
    REPORT_WORKFLOW,
    report_blocker,
)
from xuncha.rules.models import TimeLimits

TEXT_MAX = 30_000
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def _fail(field_name: str, message: str) -> DomainError:
    return DomainError(message, fields={field_name: [message]})


def _text(value: str, field_name: str, label: str, *, required: bool = True, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise _fail(field_name, f"请填写{label}。")
    if len(value) > limit:
        raise _fail(field_name, f"{label}不能超过 {limit} 字。")
    return value


def _day(on: datetime.date | None, earliest: datetime.date | None = None, what: str = "",
         field_name: str = "on") -> datetime.date:
    today = business_today()
    day = on or today
    if day > today:
        raise _fail(field_name, "日期不能晚于今天。")
    if earliest and day < earliest:
        raise _fail(field_name, f"日期不能早于{what}（{earliest:%Y-%m-%d}）。")
    return day


def _name(actor: Any) -> str:
    return str(getattr(actor, "display_name", "") or actor.get_username())[:30]


# ---- The report --------------------------------------------------------------------------------------------------


def _report_inspection(actor: Any, inspection_id: int, capability: Cap) -> Inspection:
    inspection = access_inspection(actor, inspection_id, lock=True)
    if capability not in inspection.capabilities_for(actor):
        raise CapabilityMissing("您的角色不能修改巡察报告。")
    if inspection.status not in REPORT_STATUSES:
        raise DomainError(REPORT_CLOSED)
    return inspection


def _report_for(actor: Any, inspection: Inspection) -> Report:
    report = Report.objects.filter(inspection=inspection).first()
    if report is None:
        names = "、".join(str(t.organization) for t in inspection.targets.all())
        report = Report.objects.create(inspection=inspection, created_by=actor,
                                       title=f"关于巡察{names}党组织的情况报告"[:120])
        audit_record("inspection_report.create", actor=actor, obj=report)
    elif report.status not in EDITABLE:
        raise DomainError("巡察报告已报送，退回前不能修改。")
    return report


def _new_version(report: Report, actor: Any, sections: dict[str, str], *, ecology: str = "",
                 implementation: str = "", note: str = "", composed: bool = False) -> ReportVersion:
    latest = report.latest_version()
    version = ReportVersion(report=report, number=(latest.number + 1) if latest else 1, saved_by=actor,
                            ecology=ecology, implementation=implementation, note=note[:200], composed=composed)
    version.set_sections(sections)
    version.save()
    report.save(update_fields=["updated_at"])
    audit_record("inspection_report.save", actor=actor, obj=report,
                 details={"version": version.number, "composed": composed})
    return version


def report_compose(*, actor: Any, inspection_id: int) -> ReportVersion:
    """Compose a first draft from the stay's records (a new version; the team then edits it)."""
    with transaction.atomic():
        inspection = _report_inspection(actor, inspection_id, Cap.EDIT_REPORTS)
        report = _report_for(actor, inspection)
        latest = report.latest_version()
        return _new_version(report, actor, compose_report(inspection), composed=True, note="系统生成初稿",
                            ecology=latest.ecology if latest else "",
                            implementation=latest.implementation if latest else "")


@dataclass(frozen=True)
class ReportData:
    sections: dict[str, str]
    ecology: str = ""
    implementation: str = ""
    note: str = ""


def report_save(*, actor: Any, inspection_id: int, data: ReportData) -> ReportVersion:
    """Save the edited sections as a new version (unchanged text makes no new version)."""
    with transaction.atomic():
        inspection = _report_inspection(actor, inspection_id, Cap.EDIT_REPORTS)
        if data.ecology and data.ecology not in Ecology.values:
            raise _fail("ecology", "政治生态评价无效。")
        if data.implementation and data.implementation not in Implementation.values:
            raise _fail("implementation", "贯彻决策部署评价无效。")
        if unknown := set(data.sections) - {k for k, _h in REPORT_SECTIONS}:
            raise _fail("sections", f"未知的报告部分：{sorted(unknown)[0]}。")
        sections = {key: _text(data.sections.get(key, ""), key, heading, required=False)
                    for key, heading in REPORT_SECTIONS}
        report = _report_for(actor, inspection)
        latest = report.latest_version()
        if (latest is not None and latest.sections == sections and latest.ecology == data.ecology
                and latest.implementation == data.implementation):
            return latest
        return _new_version(report, actor, sections, ecology=data.ecology, implementation=data.implementation,
                            note=_text(data.note, "note", "修改说明", required=False, limit=200))


def report_transition(*, actor: Any, inspection_id: int, transition: str, note: str = "",
                      on: datetime.date | None = None) -> Report:
    """Submit (the leader), approve or return with a reason (the office director)."""
    if transition not in REPORT_WORKFLOW.transitions:
        raise DomainError("未知的操作。")
    with transaction.atomic():
        inspection = access_inspection(actor, inspection_id, lock=True)
        report = Report.objects.visible_to(actor).filter(inspection=inspection).select_related("inspection").first()
        if report is None:
            if Cap.VIEW_REPORTS not in inspection.capabilities_for(actor):
                raise CapabilityMissing("您的角色不能查看巡察报告。")
            raise DomainError("尚无巡察报告，请先生成初稿。")
        step = REPORT_WORKFLOW.get(transition)
        caps = capabilities(actor, report)
        if step.capability not in caps:
            raise CapabilityMissing(f"您的角色不能执行“{step.label}”。")
        REPORT_WORKFLOW.ensure_allowed(report, step)
        latest = report.latest_version()
        if transition == "submit":
            day = _day(on, inspection.stationed_on, "进驻日期")
            report.submitted_by = actor
            extra = ["submitted_by", "submitted_on"]
            report.submitted_on = day
        else:
            day = _day(on, report.submitted_on, "报送日期")
            extra = []
            if transition == "approve":
                report.approved_by, report.approved_on = actor, day
                extra = ["approved_by", "approved_on"]
        REPORT_WORKFLOW.apply(report, transition, actor=actor, caps=caps, note=note, extra_fields=extra,
                              details={"on": day.isoformat(), "version": latest.number if latest else 0})
        if transition == "submit" and inspection.status == InspectionStatus.REPORTING:
            _include_findings(actor, inspection)
        return report


def _include_findings(actor: User, inspection: Inspection) -> int:
    """The findings the team meeting adopted go into the report with it (the findings' own step, taken by the
    leader who submits)."""
    adopted = Finding.objects.filter(inspection=inspection, status=FindingStatus.ADOPTED).values_list("pk", flat=True)
    count = 0
    for pk in list(adopted):
        finding_apply_transition(actor=actor, finding_id=pk, transition="include_in_report")
        count += 1
    return count


def special_report_create(*, actor: Any, inspection_id: int, kind: str, title: str, body: str,
                          on: datetime.date | None = None) -> SpecialReport:
    """A special report (专题报告) on a general or a major problem (the leader or a deputy)."""
    with transaction.atomic():
        inspection = access_inspection(actor, inspection_id, lock=True)
        if Cap.EDIT_REPORTS not in inspection.capabilities_for(actor):
            raise CapabilityMissing("只有巡察组组长、副组长可以撰写专题报告。")
        if inspection.status not in REPORT_STATUSES:
            raise DomainError(REPORT_CLOSED)
        if kind not in SpecialReportKind.values:
            raise _fail("kind", "专题报告类别无效。")
        special = SpecialReport.objects.create(
            inspection=inspection, kind=kind, title=_text(title, "title", "标题", limit=120),
            body=_text(body, "body", "正文"), written_on=_day(on, inspection.stationed_on, "进驻日期"),
            written_by=actor)
        audit_record("special_report.create", actor=actor, obj=special, details={"kind": kind})
        return special


# ---- Meetings ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionData:
    inspection_id: int
    kinds: Sequence[str]
    text: str = ""


@dataclass(frozen=True)
class MeetingData:
    kind: str
    held_on: datetime.date
    chair: str
    attendees: str
    place: str = ""
    minutes: str = ""
    decisions: Sequence[DecisionData] = field(default_factory=tuple)


def _clean_decisions(rnd: Round, decisions: Sequence[DecisionData], held_on: datetime.date) -> list[DecisionData]:
    if not decisions:
        raise _fail("decisions", "请至少记录对一个巡察的决定。")
    inspections = {i.pk: i for i in Inspection.objects.filter(round=rnd).prefetch_related("targets__organization")}
    seen: set[int] = set()
    cleaned = []
    for decision in decisions:
        inspection = inspections.get(decision.inspection_id)
        if inspection is None:
            raise _fail("decisions", "所听取汇报的巡察不属于本轮次。")
        if decision.inspection_id in seen:
            raise _fail("decisions", f"{inspection.code}重复。")
        seen.add(decision.inspection_id)
        kinds = list(dict.fromkeys(decision.kinds))
        if not kinds:
            raise _fail("decisions", f"请选择对{inspection.code}的决定事项。")
        if bad := [k for k in kinds if k not in DecisionKind.values]:
            raise _fail("decisions", f"决定事项无效：{bad[0]}。")
        if blocker := report_blocker(inspection):
            raise _fail("decisions", f"{inspection.code}：{blocker}巡察报告经巡察办审定后方可听取汇报。")
        report = Report.objects.get(inspection=inspection)
        if report.approved_on and held_on < report.approved_on:
            raise _fail("held_on", f"会议日期不能早于{inspection.code}巡察报告的审定日期"
                                   f"（{report.approved_on:%Y-%m-%d}）。")
        cleaned.append(DecisionData(decision.inspection_id, kinds,
                                    _text(decision.text, "decisions", "决定内容", required=False, limit=4000)))
    return cleaned


def meeting_create(*, actor: Any, round_id: int, data: MeetingData) -> Meeting:
    """Record the leading group's hearing or the secretary's meeting on a round, with its decisions per inspection
    (the office)."""
    with transaction.atomic():
        rnd = access(Round, actor, round_id)
        if Cap.RECORD_MEETINGS not in rnd.capabilities_for(actor):
            raise CapabilityMissing("只有巡察办可以记录会议。")
        if data.kind not in MeetingKind.values:
            raise _fail("kind", "会议类别无效。")
        held_on = _day(data.held_on, field_name="held_on")
        decisions = _clean_decisions(rnd, data.decisions, held_on)
        if data.kind == MeetingKind.SECRETARY:
            heard = set(MeetingDecision.objects.filter(meeting__round=rnd, meeting__kind=MeetingKind.LEADING_GROUP,
                                                       meeting__held_on__lte=held_on)
                        .values_list("inspection_id", flat=True))
            if missing := [d for d in decisions if d.inspection_id not in heard]:
                code = next(i.code for i in Inspection.objects.filter(round=rnd) if i.pk == missing[0].inspection_id)
                raise _fail("decisions", f"{code}尚未经领导小组听取汇报，书记专题会前须先由领导小组听取。")
        meeting = Meeting.objects.create(
            round=rnd, kind=data.kind, held_on=held_on, recorded_by=actor,
            place=_text(data.place, "place", "地点", required=False, limit=80),
            chair=_text(data.chair, "chair", "主持人", limit=60),
            attendees=_text(data.attendees, "attendees", "出席人员", limit=2000),
            minutes=_text(data.minutes, "minutes", "会议纪要", required=False))
        MeetingDecision.objects.bulk_create([MeetingDecision(meeting=meeting, inspection_id=d.inspection_id,
                                                             kinds=list(d.kinds), text=d.text) for d in decisions])
        audit_record("report_meeting.create", actor=actor, obj=meeting,
                     details={"kind": data.kind, "held_on": held_on.isoformat(),
                              "inspections": [d.inspection_id for d in decisions]})
        return meeting


# ---- Feedback ----------------------------------------------------------------------------------------------------


def feedback_compose(*, actor: Any, inspection_id: int) -> list[Feedback]:
    """Draft the feedback to every inspected organisation from the approved report (the team's leader or a deputy);
    an organisation that has one keeps it."""
    with transaction.atomic():
        inspection = access_inspection(actor, inspection_id, lock=True)
        if Cap.EDIT_REPORTS not in inspection.capabilities_for(actor):
            raise CapabilityMissing("只有巡察组组长、副组长可以起草反馈意见。")
        if inspection.status not in FEEDBACK_DRAFT_STATUSES:
            raise DomainError("反馈意见在巡察报告阶段起草。")
        if blocker := report_blocker(inspection):
            raise DomainError(blocker)
        report = Report.objects.get(inspection=inspection)
        latest = report.latest_version()
        if latest is None:  # an approved report has a version: the submit step needs its text
            raise DomainError("巡察报告尚无正文。")
        existing = set(Feedback.objects.filter(inspection=inspection).values_list("organization_id", flat=True))
        made = []
        for target in inspection.targets.all():
            if target.organization_id in existing:
                continue
            feedback = Feedback(inspection=inspection, organization=target.organization, created_by=actor,
                                title=f"{inspection.team.name if inspection.team else '巡察组'}关于巡察"
                                      f"{target.organization}党组织的反馈意见"[:120])
            feedback.set_sections(compose_feedback(inspection, latest.sections, latest.ecology,
                                                   latest.implementation))
            feedback.save()
            audit_record("inspection_feedback.create", actor=actor, obj=feedback,
                         details={"report_version": latest.number})
            made.append(feedback)
        if not made and existing:
            raise DomainError("每个被巡察党组织都已有反馈意见。")
        return made


def _check_clean(feedback: Feedback, sections: dict[str, str], title: str) -> None:
    hits = traces_in("\n".join([title, *sections.values()]), source_traces(feedback.inspection))
    if hits:
        raise _fail("sections", describe(hits))


def feedback_save(*, actor: Any, feedback_id: int, title: str, sections: dict[str, str]) -> Feedback:
    """Edit a draft feedback; a text with a trace of a source is refused (ADR-0027)."""
    with transaction.atomic():
        feedback = access(Feedback, actor, feedback_id, lock=True,
                          queryset=Feedback.objects.select_related("inspection"))
        if Cap.EDIT_REPORTS not in capabilities(actor, feedback):
            raise CapabilityMissing("只有巡察组组长、副组长可以修改反馈意见。")
        if feedback.status != FeedbackStatus.DRAFT:
            raise DomainError("反馈意见已印发，不能再修改。")
        if unknown := set(sections) - {k for k, _h in FEEDBACK_SECTIONS}:
            raise _fail("sections", f"未知的反馈意见部分：{sorted(unknown)[0]}。")
        cleaned = {key: _text(sections.get(key, ""), key, heading, required=key in ("problems", "requirements"))
                   for key, heading in FEEDBACK_SECTIONS}
        title = _text(title, "title", "标题", limit=120)
        _check_clean(feedback, cleaned, title)
        feedback.title = title
        feedback.set_sections(cleaned)
        feedback.save()
        audit_record("inspection_feedback.save", actor=actor, obj=feedback)
        return feedback


def _allocate_number(actor: User, feedback: Feedback, year: int) -> None:
    """The next number of the jurisdiction's feedback series for the year (洛巡反〔2019〕3号, xuncha.documents)."""
    feedback.number = document_number_issue(actor=actor, jurisdiction=feedback.inspection.jurisdiction,
                                            series=DocumentSeries.FEEDBACK, year=year,
                                            purpose=f"反馈意见：{feedback.organization}")


def feedback_transition(*, actor: Any, feedback_id: int, transition: str, on: datetime.date | None = None,
                        received_name: str = "") -> Feedback:
    """Issue (the office director: numbered, dated, the deadlines set; the text checked again for traces) or sign
    for (the liaison of the organisation: who and when). The delivery step is ``delivery_record``'s."""
    if transition not in FEEDBACK_FORM_STEPS:
        raise DomainError("未知的操作。")
    with transaction.atomic():
        feedback = access(Feedback, actor, feedback_id, lock=True,
                          queryset=Feedback.objects.select_related("inspection__jurisdiction", "organization"))
        step = FEEDBACK_WORKFLOW.get(transition)
        caps = capabilities(actor, feedback)
        if step.capability not in caps:
            raise CapabilityMissing(f"您的角色不能执行“{step.label}”。")
        FEEDBACK_WORKFLOW.ensure_allowed(feedback, step)
        if transition == "issue":
            report = Report.objects.get(inspection=feedback.inspection)
            day = _day(on, report.approved_on, "报告审定日期")
            _check_clean(feedback, feedback.sections, feedback.title)
            limits = TimeLimits.effective_for(feedback.inspection.jurisdiction)
            _allocate_number(actor, feedback, day.year)
            feedback.issued_by = actor
            feedback.plan_due = plan_due(day, limits.rectification_plan_due_working_days)
            feedback.report_due = add_months(day, limits.rectification_report_due_months)
            extra = ["number", "issued_by", "plan_due", "report_due", "issued_on"]
        else:
            last = feedback.deliveries.order_by("-delivered_on").first()
            day = _day(on, last.delivered_on if last else feedback.issued_on, "反馈日期")
            feedback.received_by = actor
            feedback.received_name = (received_name.strip() or _name(actor))[:30]
            extra = ["received_by", "received_name", "received_on"]
        if step.date_field:
            setattr(feedback, step.date_field, day)
        FEEDBACK_WORKFLOW.apply(feedback, transition, actor=actor, caps=caps, extra_fields=extra,
                                details={"on": day.isoformat()})
        return feedback


@dataclass(frozen=True)
class DeliveryData:
    kind: str
    delivered_on: datetime.date
    place: str
    delivered_by: str
    received_by: str


def delivery_record(*, actor: Any, feedback_id: int, data: DeliveryData) -> FeedbackDelivery:
    """Record one of the two deliveries (双反馈); with the second, the feedback is delivered (the liaison then sees
    it and signs for it)."""
    with transaction.atomic():
        feedback = access(Feedback, actor, feedback_id, lock=True,
                          queryset=Feedback.objects.select_related("inspection"))
        caps = capabilities(actor, feedback)
        if Cap.DELIVER_FEEDBACK_RECORDS not in caps:
            raise CapabilityMissing("您的角色不能记录反馈情况。")
        if feedback.inspection.status not in FEEDBACK_DELIVERY_STATUSES:
            raise DomainError("巡察已进入整改阶段，反馈记录不能再变更。")
        if feedback.status != FeedbackStatus.ISSUED:
            raise DomainError("反馈意见印发后方可记录反馈；已完成双反馈的不再记录。")
        if data.kind not in DeliveryKind.values:
            raise _fail("kind", "反馈对象无效。")
        if feedback.deliveries.filter(kind=data.kind).exists():
            raise _fail("kind", f"已记录“{DeliveryKind(data.kind).label}”。")
        day = _day(data.delivered_on, feedback.issued_on, "印发日期", field_name="delivered_on")
        delivery = FeedbackDelivery.objects.create(
            feedback=feedback, kind=data.kind, delivered_on=day, recorded_by=actor,
            place=_text(data.place, "place", "地点", limit=80),
            delivered_by=_text(data.delivered_by, "delivered_by", "反馈人", limit=200),
            received_by=_text(data.received_by, "received_by", "接受反馈人", limit=200))
        audit_record("inspection_feedback.delivery", actor=actor, obj=feedback,
                     details={"kind": data.kind, "on": day.isoformat()})
        step = FEEDBACK_WORKFLOW.get("deliver")
        if not FEEDBACK_WORKFLOW.blockers(feedback, step):
            FEEDBACK_WORKFLOW.apply(feedback, "deliver", actor=actor, caps=caps, details={"on": day.isoformat()})
        return delivery


def copy_record(*, actor: Any, feedback_id: int, body: str, name: str,
                on: datetime.date | None = None) -> FeedbackCopy:
    """Record a copy (抄告) of an issued feedback to a supervising body."""
    with transaction.atomic():
        feedback = access(Feedback, actor, feedback_id, lock=True,
                          queryset=Feedback.objects.select_related("inspection"))
        if Cap.DELIVER_FEEDBACK_RECORDS not in capabilities(actor, feedback):
            raise CapabilityMissing("您的角色不能记录抄告。")
        if feedback.status == FeedbackStatus.DRAFT:
            raise DomainError("反馈意见印发后方可抄告。")
        if body not in CopyBody.values:
            raise _fail("body", "抄告对象无效。")
        if feedback.copies.filter(body=body).exists():
            raise _fail("body", f"已抄告{CopyBody(body).label}。")
        copy = FeedbackCopy.objects.create(feedback=feedback, body=body, recorded_by=actor,
                                           name=_text(name, "name", "名称", limit=80),
                                           sent_on=_day(on, feedback.issued_on, "印发日期"))
        audit_record("inspection_feedback.copy", actor=actor, obj=feedback, details={"body": body})
        return copy
