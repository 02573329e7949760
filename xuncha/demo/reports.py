"""The demo's reports, meetings and feedback (巡察报告, 领导小组听取汇报, 书记专题会, 反馈意见).

The inspection's lifecycle asks for them (ADR-0027): 反馈 is refused without the approved report and the meetings'
decisions, 进入整改 without the feedback delivered twice and signed for. So ``before_step`` runs in the loader's
``lifecycle`` before each dated step: before 反馈, every inspection gets its report (composed, edited by the team,
submitted by the leader, approved by the office), its decisions in the round's leading-group hearing and
secretary's meeting, and the feedback to each inspected organisation, issued, delivered to the leadership team and
to the principal leader, copied to the discipline commission and the organisation department, and signed for. The
dates sit between withdrawal and feedback (the secretary's meetings of 19 September and 8 October 2018 are the
speech's). 市工商联 (11-7-03) goes through the services with its team leader's, the director's and its liaison's
accounts; the earlier inspections, whose teams have no accounts, are written as the office recorded them.

``populate_reports`` runs last, when the petitions, fieldwork and notices exist: the reports are composed again
from them (the team's edited version on top), the feedback derived from the report and scrubbed of every source,
and the inspections still in the reporting stage get a report submitted to the office.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from xuncha.core.models import StatusChange
from xuncha.documents.models import DocumentSeries
from xuncha.documents.services import document_number_issue
from xuncha.inspections.models import Inspection
from xuncha.inspections.states import InspectionStatus
from xuncha.reports import services
from xuncha.reports.compose import add_months, compose_feedback, compose_report, plan_due, renumber
from xuncha.reports.models import (
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
)

if TYPE_CHECKING:
    from xuncha.demo.loader import _Builder

d = datetime.date
GSL_CODE = "11-7-03"
# The speech: the secretary heard round 6 on 19 September and round 5 on 8 October 2018.
SECRETARY_DAYS = {5: d(2018, 10, 8), 6: d(2018, 9, 19)}
LG_CHAIR = "市委巡察工作领导小组组长"
LG_ATTENDEES = "领导小组副组长，领导小组成员（市纪委监委、市委组织部、市委宣传部、市委巡察办负责同志），各巡察组组长"
SECRETARY_CHAIR = "市委书记"
SECRETARY_ATTENDEES = ("市委副书记，市委常委、市纪委书记、市监委主任，市委常委、组织部部长，"
                       "市委巡察工作领导小组成员，各巡察组组长")
TEAM_EDIT = ("巡察组经组务会逐条研究，对问题的定性和表述作了修改，补充了典型事例和数据，"
             "坚持实事求是、客观公正地反映巡察情况。")
GSL_PROBLEMS_LEAD = (
    "（一）围绕党的政治建设方面。学习贯彻党的十九大精神和上级决策部署结合工商联工作实际不够紧密，"
    "党组研究非公有制经济人士思想政治工作的次数偏少，“两个健康”工作的抓手不多。\n"
    "（二）围绕党的作风建设方面。落实中央八项规定精神不够严格，会员活动经费管理不规范，"
    "存在未经党组集体研究即由分管领导审批报销、节假日公车借用、在会员企业安排用餐等问题，已在巡察期间立行立改。\n"
    "（三）围绕党的纪律建设方面。对举办活动接受会员企业赞助缺乏制度约束，赞助来源、使用和入账情况说明不清，"
    "巡察组已发出《情况说明通知书》，单位两次说明并补充了凭证。\n")


def _gsl_problems(composed: str) -> str:
    """The team's edit of the composed problems: from its confirmed findings (once they exist) with a leading
    sentence; before them, its own paragraphs first, then the composed ones it kept (the immediate-rectification
    items; the petitions' counts by area are folded into its paragraphs)."""
    if "巡察发现此方面问题" in composed:  # composed from the team's confirmed findings
        return "巡察发现的主要问题按“六个围绕、一个加强”归类如下：\n" + composed
    kept = [line for line in composed.splitlines() if "巡察期间受理的信访中反映此方面问题" not in line]
    return renumber(GSL_PROBLEMS_LEAD + "\n".join(kept))


@dataclass(frozen=True)
class Dates:
    submitted: datetime.date
    approved: datetime.date
    heard: datetime.date
    decided: datetime.date
    issued: datetime.date


def _group_dates(builder: _Builder, insp: Inspection) -> Dates:
    """The dates of the inspection's report and meetings: one hearing and one secretary's meeting for the
    inspections of a round that withdrew together, before the first of their feedbacks."""
    cache: dict[tuple[int, datetime.date], Dates] = builder.__dict__.setdefault("report_dates", {})
    steps = next(s for i, s in builder.schedule if i.pk == insp.pk)
    key = (insp.round_id, steps["withdraw"])
    if key not in cache:
        first = min(s["deliver_feedback"] for i, s in builder.schedule
                    if i.round_id == insp.round_id and s.get("withdraw") == steps["withdraw"]
                    and "deliver_feedback" in s)
        withdrawn = steps["withdraw"]
        span = (first - withdrawn).days

        def at(share: float) -> datetime.date:
            return withdrawn + datetime.timedelta(days=max(1, round(span * share)))

        decided = SECRETARY_DAYS.get(insp.round.number)
        if decided is None or not withdrawn + datetime.timedelta(days=4) < decided < first:
            decided = at(0.8)
        heard = min(at(0.6), decided - datetime.timedelta(days=1))
        approved = min(at(0.45), heard - datetime.timedelta(days=1))
        submitted = min(at(0.3), approved - datetime.timedelta(days=1))
        cache[key] = Dates(submitted, approved, heard, decided, min(decided + datetime.timedelta(days=1), first))
    return cache[key]


def _stamp(obj: Any, transition: str, day: datetime.date, hour: int = 10) -> None:
    """Date the status record of ``transition`` on ``obj`` to the day it happened."""
    StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
                                transition=transition).update(
        created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0))))


def _judgment(insp: Inspection) -> tuple[str, str]:
    # Most units hold steady; every fifth inspection's ecology improved since its last inspection.
    ecology = Ecology.IMPROVING if insp.pk % 5 == 0 else Ecology.STEADY
    implementation = Implementation.GOOD if insp.pk % 3 == 0 else Implementation.FAIR_GOOD
    return ecology, implementation


def _record(obj: Any, old: str, new: str, transition: str, actor: Any, day: datetime.date, note: str = "") -> None:
    StatusChange.record(obj=obj, old=old, new=new, transition=transition, actor=actor, note=note)
    _stamp(obj, transition, day)


def _written_report(builder: _Builder, insp: Inspection, dates: Dates, *, approve: bool) -> Report:
    """A report as the office recorded it for a team without accounts: composed, edited, submitted, approved."""
    director = builder.director
    report = Report.objects.create(inspection=insp, created_by=director,
                                   title=f"关于巡察{'、'.join(str(t.organization) for t in insp.targets.all())}"
                                         f"党组织的情况报告"[:120])
    ecology, implementation = _judgment(insp)
    sections = compose_report(insp)
    first = ReportVersion(report=report, number=1, saved_by=director, composed=True, note="系统生成初稿")
    first.set_sections(sections)
    edited = ReportVersion(report=report, number=2, saved_by=director, ecology=ecology,
                           implementation=implementation, note="组务会修改")
    edited.set_sections({**sections, "basic": f"{sections['basic']}{TEAM_EDIT}"})
    ReportVersion.objects.bulk_create([first, edited])
    report.status, report.submitted_on, report.submitted_by = ReportStatus.SUBMITTED, dates.submitted, director
    _record(report, ReportStatus.DRAFT, ReportStatus.SUBMITTED, "submit", director, dates.submitted)
    if approve:
        report.status, report.approved_on, report.approved_by = ReportStatus.APPROVED, dates.approved, director
        _record(report, ReportStatus.SUBMITTED, ReportStatus.APPROVED, "approve", director, dates.approved)
    report.save()
    return report


def _meeting(builder: _Builder, insp: Inspection, kind: str, day: datetime.date) -> Meeting:
    meeting = Meeting.objects.filter(round_id=insp.round_id, kind=kind, held_on=day).first()
    if meeting is None:
        lg = kind == MeetingKind.LEADING_GROUP
        meeting = Meeting.objects.create(
            round_id=insp.round_id, kind=kind, held_on=day, recorded_by=builder.director,
            place="市委第一会议室" if lg else "市委常委会议室", chair=LG_CHAIR if lg else SECRETARY_CHAIR,
            attendees=LG_ATTENDEES if lg else SECRETARY_ATTENDEES,
            minutes=("会议逐组听取了巡察情况汇报，对巡察报告的定性把关和问题线索的处置提出了意见，"
                     "要求巡察办会同巡察组修改完善后提请书记专题会研究。") if lg else
                    ("会议听取了本轮巡察情况汇报，强调要把巡察整改落实情况纳入纪检监察机关和组织部门日常监督重要内容，"
                     "对整改责任不落实、整改不力、敷衍整改的严肃追责问责。"))
    return meeting


def _decide(builder: _Builder, insp: Inspection, dates: Dates) -> None:
    heard = _meeting(builder, insp, MeetingKind.LEADING_GROUP, dates.heard)
    MeetingDecision.objects.create(meeting=heard, inspection=insp,
                                   kinds=[DecisionKind.AGREE_FEEDBACK, DecisionKind.REFER_LEADS],
                                   text="原则同意巡察报告，修改完善后提请书记专题会研究；问题线索按干部管理权限移交。")
    decided = _meeting(builder, insp, MeetingKind.SECRETARY, dates.decided)
    MeetingDecision.objects.create(meeting=decided, inspection=insp,
                                   kinds=[DecisionKind.AGREE_FEEDBACK, DecisionKind.RECTIFY],
                                   text="同意向被巡察党组织反馈，由市委巡察办督促整改，纪委监委、组织部纳入日常监督。")


def _written_feedback(builder: _Builder, insp: Inspection, report: Report, dates: Dates,
                      delivered: datetime.date) -> None:
    director = builder.director
    latest = report.versions.order_by("-number")[0]
    principal_names = {t.organization_id: t.organization.principal_leader for t in insp.targets.all()}
    for target in insp.targets.all():
        feedback = Feedback(inspection=insp, organization=target.organization, created_by=director,
                            title=f"{insp.team.name if insp.team else '巡察组'}关于巡察{target.organization}"
                                  f"党组织的反馈意见"[:120])
        feedback.set_sections(compose_feedback(insp, latest.sections, latest.ecology, latest.implementation))
        feedback.number = document_number_issue(actor=director, jurisdiction=insp.jurisdiction,
                                                series=DocumentSeries.FEEDBACK, year=dates.issued.year,
                                                purpose=f"反馈意见：{target.organization}")
        feedback.issued_on, feedback.issued_by = dates.issued, director
        feedback.plan_due = plan_due(delivered, 15)
        feedback.report_due = add_months(delivered, 2)
        feedback.status = FeedbackStatus.RECEIVED
        feedback.received_on, feedback.received_name = delivered, "单位办公室负责人"
        feedback.save()
        _record(feedback, FeedbackStatus.DRAFT, FeedbackStatus.ISSUED, "issue", director, dates.issued)
        leader = principal_names.get(target.organization_id)
        team = insp.team.name if insp.team else "巡察组"
        FeedbackDelivery.objects.bulk_create([
            FeedbackDelivery(feedback=feedback, kind=DeliveryKind.PRINCIPAL, delivered_on=delivered,
                             place=f"{target.organization}党组书记办公室", recorded_by=director,
                             delivered_by=f"{team}组长，市委巡察办负责同志",
                             received_by=f"{leader.name if leader else '主要负责人'}（主要负责人）"),
            FeedbackDelivery(feedback=feedback, kind=DeliveryKind.LEADERSHIP, delivered_on=delivered,
                             place=f"{target.organization}会议室", recorded_by=director,
                             delivered_by=f"市委巡察工作领导小组成员，{team}全体成员",
                             received_by=f"{target.organization}领导班子成员"),
        ])
        _record(feedback, FeedbackStatus.ISSUED, FeedbackStatus.DELIVERED, "deliver", director, delivered)
        _record(feedback, FeedbackStatus.DELIVERED, FeedbackStatus.RECEIVED, "receive", director, delivered)
        FeedbackCopy.objects.bulk_create([
            FeedbackCopy(feedback=feedback, body=CopyBody.DISCIPLINE, name="市纪委监委", sent_on=delivered,
                         recorded_by=director),
            FeedbackCopy(feedback=feedback, body=CopyBody.ORG_DEPARTMENT, name="市委组织部", sent_on=delivered,
                         recorded_by=director)])


def _gsl(builder: _Builder, insp: Inspection, dates: Dates, delivered: datetime.date) -> None:
    """市工商联 through the services, as its team leader, the director and its liaison would."""
    leader, director, liaison = builder.users["leader3"], builder.director, builder.users["liaison_gsl"]
    services.report_compose(actor=leader, inspection_id=insp.pk)
    composed = compose_report(insp)
    services.report_save(actor=leader, inspection_id=insp.pk, data=services.ReportData(
        sections={**composed, "basic": composed["basic"] + TEAM_EDIT,
                  "problems": _gsl_problems(composed["problems"])},
        ecology=Ecology.STEADY, implementation=Implementation.FAIR_GOOD, note="组务会逐条研究修改"))
    report = services.report_transition(actor=leader, inspection_id=insp.pk, transition="submit",
                                        on=dates.submitted)
    services.report_transition(actor=director, inspection_id=insp.pk, transition="approve", on=dates.approved)
    _stamp(report, "submit", dates.submitted)
    _stamp(report, "approve", dates.approved)
    _decide(builder, insp, dates)
    for feedback in services.feedback_compose(actor=leader, inspection_id=insp.pk):
        services.feedback_transition(actor=director, feedback_id=feedback.pk, transition="issue", on=dates.issued)
        for kind, place, by, to in (
                (DeliveryKind.PRINCIPAL, "市工商联党组书记办公室", "市委第三巡察组组长", "市工商联党组书记"),
                (DeliveryKind.LEADERSHIP, "市工商联四楼会议室", "市委巡察工作领导小组成员，市委第三巡察组全体成员",
                 "市工商联党组班子成员")):
            services.delivery_record(actor=director, feedback_id=feedback.pk, data=services.DeliveryData(
                kind=kind, delivered_on=delivered, place=place, delivered_by=by, received_by=to))
        for body, name in ((CopyBody.DISCIPLINE, "市纪委监委"), (CopyBody.ORG_DEPARTMENT, "市委组织部"),
                           (CopyBody.LEADER_IN_CHARGE, "联系市工商联的市领导")):
            services.copy_record(actor=director, feedback_id=feedback.pk, body=body, name=name, on=delivered)
        services.feedback_transition(actor=liaison, feedback_id=feedback.pk, transition="receive", on=delivered)
        for step, day in (("issue", dates.issued), ("deliver", delivered), ("receive", delivered)):
            _stamp(feedback, step, day)


def before_step(builder: _Builder, insp: Inspection, name: str, day: datetime.date) -> None:
    """What the lifecycle asks for before ``name`` is applied to ``insp`` on ``day``."""
    if name != "deliver_feedback":
        return
    dates = _group_dates(builder, insp)
    if insp.code == GSL_CODE:
        _gsl(builder, insp, dates, day)
        return
    report = _written_report(builder, insp, dates, approve=True)
    _decide(builder, insp, dates)
    _written_feedback(builder, insp, report, dates, day)


def populate_reports(builder: _Builder) -> None:
    """Once the stay's records exist: the reports composed again from them (the team's edit on top), each feedback
    derived again (scrubbed), and a report submitted for every inspection still in the reporting stage."""
    for report in Report.objects.select_related("inspection__round", "inspection__team"):
        insp = report.inspection
        sections = compose_report(insp)
        versions = list(report.versions.order_by("number"))
        edited = {**sections, "basic": f"{sections['basic']}{TEAM_EDIT}"}
        if insp.code == GSL_CODE:
            edited["problems"] = _gsl_problems(sections["problems"])
        versions[0].set_sections(sections)
        versions[-1].set_sections(edited)
        ReportVersion.objects.bulk_update([versions[0], versions[-1]], ["content"])
        latest = versions[-1]
        for feedback in Feedback.objects.filter(inspection=insp):
            feedback.set_sections(compose_feedback(insp, latest.sections, latest.ecology, latest.implementation))
            feedback.save(update_fields=["content"])
    reporting = Inspection.objects.filter(round__term=builder.term, status=InspectionStatus.REPORTING,
                                          report__isnull=True).select_related("round", "team", "jurisdiction")
    for insp in reporting:
        withdrawn = insp.withdrawn_on or insp.planned_withdrawal
        day = withdrawn + datetime.timedelta(days=14)
        _written_report(builder, insp, Dates(day, day, day, day, day), approve=False)
    builder.counts["reports"] = Report.objects.count()
    builder.counts["feedbacks"] = Feedback.objects.count()
