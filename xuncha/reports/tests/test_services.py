"""The report, the meetings and the feedback through their services, and the guards they put on the lifecycle."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.http import Http404

from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.core.models import StatusChange
from xuncha.dashboards.todos import todos_for
from xuncha.findings.models import Finding, FindingStatus
from xuncha.inspections.sections import StayFigure
from xuncha.inspections.services import inspection_apply_transition
from xuncha.reports import services
from xuncha.reports.deidentify import source_traces, traces_in
from xuncha.reports.models import (
    DecisionKind,
    Feedback,
    FeedbackStatus,
    Meeting,
    MeetingKind,
    Report,
    ReportStatus,
    ReportVersion,
)
from xuncha.reports.tests.conftest import TODAY
from xuncha.taxonomy.models import FrameworkNode

pytestmark = pytest.mark.django_db
D = datetime.date


def _write(w: SimpleNamespace) -> Report:
    version = services.report_compose(actor=w.leader, inspection_id=w.inspection.pk)
    services.report_save(actor=w.deputy_leader, inspection_id=w.inspection.pk, data=services.ReportData(
        sections={**version.sections, "problems": "（一）围绕党的作风建设方面。会员活动经费管理不规范。"},
        ecology="steady", implementation="fair_good", note="组务会修改"))
    return Report.objects.get(inspection=w.inspection)


def _approved(w: SimpleNamespace) -> Report:
    _write(w)
    services.report_transition(actor=w.leader, inspection_id=w.inspection.pk, transition="submit",
                               on=D(2018, 12, 14))
    return services.report_transition(actor=w.director, inspection_id=w.inspection.pk, transition="approve",
                                      on=D(2018, 12, 15))


def _meetings(w: SimpleNamespace, secretary_kinds: tuple[str, ...] = (DecisionKind.AGREE_FEEDBACK,)) -> None:
    for kind, day, kinds in ((MeetingKind.LEADING_GROUP, D(2018, 12, 17), (DecisionKind.AGREE_FEEDBACK,)),
                             (MeetingKind.SECRETARY, D(2018, 12, 18), secretary_kinds)):
        services.meeting_create(actor=w.office, round_id=w.round.pk, data=services.MeetingData(
            kind=kind, held_on=day, chair="主持人", attendees="领导小组成员",
            decisions=[services.DecisionData(w.inspection.pk, list(kinds), "同意")]))


def test_a_composed_draft_then_each_save_is_a_version_and_versions_compare(world: SimpleNamespace) -> None:
    report = _write(world)
    versions = list(ReportVersion.objects.filter(report=report).order_by("number"))
    first = versions[0]
    assert first.number == 1 and first.composed
    assert "市工商联" in first.sections["basic"] and first.sections["suggestions"]
    assert [v.number for v in versions] == [1, 2] and versions[1].note == "组务会修改"
    assert versions[1].sections["problems"].startswith("（一）围绕党的作风建设方面")
    # The same text again is no new version.
    again = services.report_save(actor=world.leader, inspection_id=world.inspection.pk, data=services.ReportData(
        sections=versions[1].sections, ecology="steady", implementation="fair_good"))
    assert again.number == 2 and report.versions.count() == 2


def test_the_report_is_written_by_leader_and_deputies_only(world: SimpleNamespace) -> None:
    with pytest.raises(CapabilityMissing):
        services.report_compose(actor=world.member, inspection_id=world.inspection.pk)
    with pytest.raises(CapabilityMissing):
        services.report_compose(actor=world.director, inspection_id=world.inspection.pk)
    with pytest.raises(Http404):
        services.report_compose(actor=world.other_leader, inspection_id=world.inspection.pk)
    assert not Report.objects.exists()


def test_submit_needs_the_judgment_and_approval_is_the_office_directors(world: SimpleNamespace) -> None:
    services.report_compose(actor=world.leader, inspection_id=world.inspection.pk)
    with pytest.raises(TransitionNotAllowed, match="总体评价"):
        services.report_transition(actor=world.leader, inspection_id=world.inspection.pk, transition="submit")
    _write(world)
    with pytest.raises(CapabilityMissing):
        services.report_transition(actor=world.deputy_leader, inspection_id=world.inspection.pk,
                                   transition="submit")
    services.report_transition(actor=world.leader, inspection_id=world.inspection.pk, transition="submit")
    with pytest.raises(DomainError, match="退回前不能修改"):
        services.report_compose(actor=world.leader, inspection_id=world.inspection.pk)
    with pytest.raises(CapabilityMissing):
        services.report_transition(actor=world.office, inspection_id=world.inspection.pk, transition="approve")
    with pytest.raises(DomainError, match="理由"):
        services.report_transition(actor=world.director, inspection_id=world.inspection.pk, transition="return")
    report = services.report_transition(actor=world.director, inspection_id=world.inspection.pk,
                                        transition="return", note="问题定性需再斟酌")
    assert report.status == ReportStatus.RETURNED
    assert StatusChange.for_object(report).filter(transition="return", note="问题定性需再斟酌").exists()
    _write(world)  # editable again once returned
    services.report_transition(actor=world.leader, inspection_id=world.inspection.pk, transition="submit")
    report = services.report_transition(actor=world.director, inspection_id=world.inspection.pk,
                                        transition="approve")
    assert (report.status, report.approved_on, report.approved_by) == (ReportStatus.APPROVED, TODAY, world.director)


def test_meetings_hear_approved_reports_and_the_secretary_after_the_leading_group(world: SimpleNamespace) -> None:
    data = services.MeetingData(kind=MeetingKind.LEADING_GROUP, held_on=D(2018, 12, 17), chair="组长",
                                attendees="成员", decisions=[services.DecisionData(world.inspection.pk,
                                                                                   [DecisionKind.AGREE_FEEDBACK])])
    with pytest.raises(DomainError, match="尚无巡察报告"):
        services.meeting_create(actor=world.office, round_id=world.round.pk, data=data)
    _approved(world)
    with pytest.raises(CapabilityMissing):
        services.meeting_create(actor=world.leading, round_id=world.round.pk, data=data)
    secretary = services.MeetingData(kind=MeetingKind.SECRETARY, held_on=D(2018, 12, 18), chair="书记",
                                     attendees="常委", decisions=data.decisions)
    with pytest.raises(DomainError, match="尚未经领导小组听取汇报"):
        services.meeting_create(actor=world.office, round_id=world.round.pk, data=secretary)
    services.meeting_create(actor=world.office, round_id=world.round.pk, data=data)
    services.meeting_create(actor=world.office, round_id=world.round.pk, data=secretary)
    assert Meeting.objects.filter(round=world.round).count() == 2
    bad = services.MeetingData(kind=MeetingKind.SECRETARY, held_on=D(2018, 12, 18), chair="书记", attendees="常委",
                               decisions=[services.DecisionData(world.inspection.pk, ["whatever"])])
    with pytest.raises(DomainError, match="决定事项无效"):
        services.meeting_create(actor=world.office, round_id=world.round.pk, data=bad)


def test_feedback_guard_names_what_is_missing_then_lets_the_step_go(world: SimpleNamespace) -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        inspection_apply_transition(actor=world.director, inspection_id=world.inspection.pk,
                                    transition="deliver_feedback")
    assert "尚无巡察报告" in refused.value.message and "领导小组听取汇报" in refused.value.message
    _approved(world)
    _meetings(world, secretary_kinds=(DecisionKind.REVISE,))
    with pytest.raises(TransitionNotAllowed, match="书记专题会尚未决定同意反馈"):
        inspection_apply_transition(actor=world.director, inspection_id=world.inspection.pk,
                                    transition="deliver_feedback")
    services.meeting_create(actor=world.office, round_id=world.round.pk, data=services.MeetingData(
        kind=MeetingKind.SECRETARY, held_on=D(2018, 12, 19), chair="书记", attendees="常委",
        decisions=[services.DecisionData(world.inspection.pk, [DecisionKind.AGREE_FEEDBACK])]))
    inspection_apply_transition(actor=world.director, inspection_id=world.inspection.pk,
                                transition="deliver_feedback", on=TODAY)


def _issued(w: SimpleNamespace) -> Feedback:
    _approved(w)
    _meetings(w)
    (feedback,) = services.feedback_compose(actor=w.leader, inspection_id=w.inspection.pk)
    return services.feedback_transition(actor=w.director, feedback_id=feedback.pk, transition="issue",
                                        on=D(2018, 12, 19))


def test_the_feedback_carries_no_trace_of_a_talk_or_a_petition(world: SimpleNamespace) -> None:
    _approved(world)
    _meetings(world)
    # The team writes the sources into the report (it may: the report goes to the leading group only).
    Report.objects.filter(inspection=world.inspection).update(status=ReportStatus.DRAFT)
    services.report_save(actor=world.leader, inspection_id=world.inspection.pk, data=services.ReportData(
        sections={"basic": "基本情况", "problems": "（一）围绕党的纪律建设方面。2018年11月6日柯文静谈话反映，"
                  "GSL-XF-2018-012 反映会员企业赞助摊派，庞思远于11月9日来信反映。", "leads": "线索",
                  "suggestions": "建议"}, ecology="steady", implementation="good"))
    Report.objects.filter(inspection=world.inspection).update(status=ReportStatus.APPROVED)
    (feedback,) = services.feedback_compose(actor=world.leader, inspection_id=world.inspection.pk)
    text = "\n".join([feedback.title, *feedback.sections.values()])
    for trace in ("柯文静", "11-7-03-T-007", "GSL-XF-2018-012", "庞思远", "2018年11月6日",
                  "11月6日", "11月9日", "2018-11-09"):
        assert trace not in text
    assert "×××" in text and not traces_in(text, source_traces(world.inspection))
    # An edit that brings a trace back is refused and changes nothing.
    with pytest.raises(DomainError, match="柯文静"):
        services.feedback_save(actor=world.leader, feedback_id=feedback.pk, title=feedback.title,
                               sections={**feedback.sections, "problems": "柯文静反映的问题"})
    feedback.refresh_from_db()
    assert "柯文静" not in feedback.content


def test_double_feedback_copies_and_the_liaisons_receipt_open_rectification(world: SimpleNamespace) -> None:
    feedback = _issued(world)
    assert feedback.number == "洛巡反〔2018〕1号" and feedback.plan_due and feedback.report_due == D(2019, 2, 19)
    inspection_apply_transition(actor=world.director, inspection_id=world.inspection.pk,
                                transition="deliver_feedback", on=TODAY)
    with pytest.raises(Http404):  # issued, not yet delivered: the liaison does not see it
        services.feedback_transition(actor=world.liaison, feedback_id=feedback.pk, transition="receive")
    with pytest.raises(TransitionNotAllowed) as refused:
        inspection_apply_transition(actor=world.director, inspection_id=world.inspection.pk,
                                    transition="open_rectification")
    assert "向领导班子反馈" in refused.value.message and "向主要负责人反馈" in refused.value.message
    services.delivery_record(actor=world.leader, feedback_id=feedback.pk, data=services.DeliveryData(
        kind="principal", delivered_on=TODAY, place="书记办公室", delivered_by="组长", received_by="党组书记"))
    with pytest.raises(DomainError, match="已记录"):
        services.delivery_record(actor=world.office, feedback_id=feedback.pk, data=services.DeliveryData(
            kind="principal", delivered_on=TODAY, place="书记办公室", delivered_by="组长", received_by="党组书记"))
    services.delivery_record(actor=world.office, feedback_id=feedback.pk, data=services.DeliveryData(
        kind="leadership", delivered_on=TODAY, place="会议室", delivered_by="巡察组", received_by="班子成员"))
    services.copy_record(actor=world.office, feedback_id=feedback.pk, body="discipline", name="市纪委监委")
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.DELIVERED
    with pytest.raises(TransitionNotAllowed, match="尚未签收"):
        inspection_apply_transition(actor=world.director, inspection_id=world.inspection.pk,
                                    transition="open_rectification")
    with pytest.raises(Http404):
        services.feedback_transition(actor=world.liaison_other, feedback_id=feedback.pk, transition="receive")
    with pytest.raises(CapabilityMissing):
        services.feedback_transition(actor=world.leader, feedback_id=feedback.pk, transition="receive")
    services.feedback_transition(actor=world.liaison, feedback_id=feedback.pk, transition="receive",
                                 received_name="办公室主任")
    inspection_apply_transition(actor=world.director, inspection_id=world.inspection.pk,
                                transition="open_rectification")


def test_who_sees_the_report_and_the_feedback(world: SimpleNamespace) -> None:
    feedback = _issued(world)
    report = Report.objects.get(inspection=world.inspection)
    readers = {world.leader, world.deputy_leader, world.director, world.office, world.leading}
    for user in (*readers, world.member, world.liaison, world.cdi, world.orgdept, world.other_leader,
                 world.liaison_other):
        assert Report.objects.visible_to(user).filter(pk=report.pk).exists() == (user in readers), user
        assert Feedback.objects.visible_to(user).filter(pk=feedback.pk).exists() == (user in readers), user
    Feedback.objects.filter(pk=feedback.pk).update(status=FeedbackStatus.DELIVERED)
    assert Feedback.objects.visible_to(world.liaison).filter(pk=feedback.pk).exists()
    assert not Feedback.objects.visible_to(world.liaison_other).exists()
    assert not Report.objects.visible_to(world.liaison).exists()
    assert not Meeting.objects.visible_to(world.liaison).exists()
    assert not Meeting.objects.visible_to(world.leader).exists()
    assert Meeting.objects.visible_to(world.leading).count() == 2


def test_the_draft_groups_confirmed_findings_by_area_and_submitting_puts_adopted_ones_in_the_report(
        world: SimpleNamespace) -> None:
    framework = world.round.focus_framework
    assert framework is not None
    area = FrameworkNode.objects.filter(framework=framework, parent__isnull=True).order_by("order", "code")[3]
    leaf = FrameworkNode.objects.filter(framework=framework, parent=area).first() or area
    common = {"inspection": world.inspection, "organization": world.unit, "framework": framework, "category": leaf,
              "description": "事实", "conduct_from": D(2018, 5, 1), "drafted_by": world.leader}
    Finding.objects.create(code="F-1", sequence=1, title="公务接待超标准", amount=Decimal("23400"),
                           status=FindingStatus.ADOPTED, **common)
    Finding.objects.create(code="F-2", sequence=2, title="节假日公车私用", amount=Decimal("1200"),
                           status=FindingStatus.CONFIRMED, **common)
    Finding.objects.create(code="F-3", sequence=3, title="草稿不入报告", status=FindingStatus.DRAFT, **common)
    version = services.report_compose(actor=world.leader, inspection_id=world.inspection.pk)
    problems = version.sections["problems"]
    assert f"（一）{area.name}方面存在的问题。巡察发现此方面问题2个，涉及金额2.46万元。" in problems
    assert "1. 公务接待超标准（涉及金额2.34万元）。" in problems and "节假日公车私用" in problems
    assert "草稿不入报告" not in problems
    services.report_save(actor=world.leader, inspection_id=world.inspection.pk, data=services.ReportData(
        sections=version.sections, ecology="steady", implementation="good"))
    services.report_transition(actor=world.leader, inspection_id=world.inspection.pk, transition="submit")
    assert dict(Finding.objects.values_list("code", "status")) == {
        "F-1": FindingStatus.IN_REPORT, "F-2": FindingStatus.CONFIRMED, "F-3": FindingStatus.DRAFT}


def test_home_todos_follow_the_report_and_the_feedback(world: SimpleNamespace) -> None:
    def kinds(user: object) -> set[str]:
        return {t.kind for t in todos_for(user) if t.kind.startswith(("report_", "feedback_"))}

    _write(world)
    services.report_transition(actor=world.leader, inspection_id=world.inspection.pk, transition="submit")
    assert kinds(world.director) == {"report_approve"} and kinds(world.office) == set()
    services.report_transition(actor=world.director, inspection_id=world.inspection.pk, transition="return",
                               note="补充典型事例")
    assert kinds(world.leader) == {"report_revise"} and kinds(world.director) == set()
    Report.objects.filter(inspection=world.inspection).update(status=ReportStatus.APPROVED,
                                                              approved_on=D(2018, 12, 16))
    _meetings(world)
    (feedback,) = services.feedback_compose(actor=world.leader, inspection_id=world.inspection.pk)
    assert kinds(world.director) == {"feedback_issue"}
    services.feedback_transition(actor=world.director, feedback_id=feedback.pk, transition="issue")
    assert kinds(world.leader) == {"feedback_deliver"} and kinds(world.liaison) == set()
    for kind in ("principal", "leadership"):
        services.delivery_record(actor=world.office, feedback_id=feedback.pk, data=services.DeliveryData(
            kind=kind, delivered_on=TODAY, place="会议室", delivered_by="巡察组", received_by="班子"))
    assert kinds(world.liaison) == {"feedback_receive"} and kinds(world.liaison_other) == set()
    services.feedback_transition(actor=world.liaison, feedback_id=feedback.pk, transition="receive")
    assert kinds(world.liaison) == set() and kinds(world.office) == set()


def test_the_feedback_states_how_the_team_worked_never_the_leads(world: SimpleNamespace,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    figures = [StayFigure("个别谈话", 14), StayFigure("问题线索", 2), StayFigure("巡察日志", 28)]
    monkeypatch.setattr("xuncha.reports.compose.stay_figures", lambda inspection: figures)
    _approved(world)
    _meetings(world)
    (feedback,) = services.feedback_compose(actor=world.leader, inspection_id=world.inspection.pk)
    work = feedback.sections["work"]
    assert "个别谈话14项（次）" in work and "线索" not in work and "日志" not in work
    report = Report.objects.get(inspection=world.inspection).versions.order_by("number")[0]
    assert "问题线索2项（次）" in report.sections["basic"]  # the report, for the leading group, says it
