"""Document requests, the other work records, the daily log, the weekly summary and the stay's figures."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.http import Http404

from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.fieldwork import selectors, services
from xuncha.fieldwork.models import DocumentRequest, WorkLogEntry, WorkMethod, WorkRecord
from xuncha.fieldwork.tests.conftest import set_status

d = datetime.date


def _request(w: SimpleNamespace, title: str = "2017年以来党组会会议记录") -> DocumentRequest:
    return services.document_request_create(actor=w.member_a, inspection_id=w.inspection.pk,
                                            data=services.DocumentRequestData(
                                                organization_id=w.unit.pk, title=title, period="2017—2018年",
                                                deadline=d(2018, 11, 23)))


def _work(w: SimpleNamespace, method: str = WorkMethod.FIELD_VISIT, day: int = 19) -> WorkRecord:
    return services.work_record_create(actor=w.member_b, inspection_id=w.inspection.pk, data=services.WorkRecordData(
        method=method, title="走访会员企业", held_on=d(2018, 11, day), content="企业反映会费收取不规范",
        place="某会员企业", people_met="企业负责人"))


def test_the_liaison_sees_only_the_requests_to_their_organisation_and_delivers(world: SimpleNamespace) -> None:
    w = world
    request = _request(w)
    assert request.code == "11-7-03-DY-001"
    assert list(DocumentRequest.objects.visible_to(w.liaison)) == [request]
    for outsider in (w.liaison_other, w.other_member, w.office, w.leading, w.cdi):
        assert not DocumentRequest.objects.visible_to(outsider).exists(), outsider.username
    stored = services.document_file_add(actor=w.liaison, request_id=request.pk, name="会议记录.pdf",
                                        data=b"%PDF-1.7 ...")
    assert selectors.document_file_get(actor=w.member_c, pk=stored.pk) == stored
    with pytest.raises(Http404):
        selectors.document_file_get(actor=w.liaison_other, pk=stored.pk)
    with pytest.raises(CapabilityMissing):
        services.document_request_transition(actor=w.liaison, request_id=request.pk, transition="receive")
    request = services.document_request_transition(actor=w.liaison, request_id=request.pk, transition="deliver",
                                                   note="共3册")
    assert request.status == "delivered" and request.delivered_on == d(2018, 11, 20)
    assert request.delivery_note == "共3册"
    for step in ("receive", "review", "return"):
        request = services.document_request_transition(actor=w.member_b, request_id=request.pk, transition=step,
                                                       note=f"{step}备注")
    assert request.status == "returned" and request.returned_on == d(2018, 11, 20)
    assert "review备注" in request.notes
    with pytest.raises(DomainError, match="已退还"):
        services.document_file_add(actor=w.liaison, request_id=request.pk, name="补充.pdf", data=b"%PDF-1.7")


def test_a_liaison_never_asks_for_documents_and_a_request_goes_to_a_target(world: SimpleNamespace) -> None:
    w = world
    with pytest.raises(CapabilityMissing):
        services.document_request_create(actor=w.liaison, inspection_id=w.inspection.pk,
                                         data=services.DocumentRequestData(organization_id=w.unit.pk, title="x",
                                                                           deadline=d(2018, 11, 23)))
    with pytest.raises(DomainError, match="被巡察党组织"):
        services.document_request_create(actor=w.member_a, inspection_id=w.inspection.pk,
                                         data=services.DocumentRequestData(organization_id=w.other_unit.pk,
                                                                           title="x", deadline=d(2018, 11, 23)))


def test_work_records_carry_a_stable_reference_and_stay_with_the_team(world: SimpleNamespace) -> None:
    w = world
    first = _work(w)
    second = _work(w, WorkMethod.FORUM)
    assert (first.reference, second.reference) == ("11-7-03-GZ-001", "11-7-03-GZ-002")
    changed = services.work_record_update(actor=w.member_a, record_id=first.pk, data=services.WorkRecordData(
        method=WorkMethod.DOWNWARD_INQUIRY, title="下沉了解", held_on=d(2018, 11, 18), content="补充"))
    assert changed.reference == "11-7-03-GZ-001"
    for outsider in (w.liaison, w.office, w.other_member, w.leading):
        assert not WorkRecord.objects.visible_to(outsider).exists(), outsider.username
    assert WorkRecord.objects.visible_to(w.director).count() == 2
    with pytest.raises(DomainError, match="晚于今天"):
        _work(w, day=25)
    with pytest.raises(DomainError, match="工作方式"):
        _work(w, method=WorkMethod.TALK)


def test_the_log_has_one_entry_a_day_of_the_stay(world: SimpleNamespace) -> None:
    w = world
    entry = services.work_log_save(actor=w.member_a, inspection_id=w.inspection.pk, data=services.LogData(
        day=d(2018, 11, 19), work_done="个别谈话4人", items_to_note="有干部反映公车私用"))
    again = services.work_log_save(actor=w.leader, inspection_id=w.inspection.pk, data=services.LogData(
        day=d(2018, 11, 19), work_done="个别谈话5人"))
    assert entry.pk == again.pk and WorkLogEntry.objects.count() == 1
    with pytest.raises(DomainError, match="进驻日期"):
        services.work_log_save(actor=w.member_a, inspection_id=w.inspection.pk,
                               data=services.LogData(day=d(2018, 10, 30), work_done="x"))
    assert not WorkLogEntry.objects.visible_to(w.liaison).exists()


def test_the_weekly_summary_counts_the_records_of_the_week(world: SimpleNamespace) -> None:
    w = world
    from xuncha.fieldwork.tests.test_talks import _record, _talk

    talk = _talk(w)
    _record(w, talk)  # held on 19 November
    _request(w)
    _work(w, day=19)
    _work(w, WorkMethod.FORUM, day=20)
    _work(w, WorkMethod.BRIEFING, day=2)  # an earlier week
    services.work_log_save(actor=w.member_a, inspection_id=w.inspection.pk, data=services.LogData(
        day=d(2018, 11, 19), work_done="谈话", items_to_note="需关注公车使用"))
    summary = selectors.weekly_summary(actor=w.director, inspection=w.inspection, start=d(2018, 11, 21))
    assert (summary.start, summary.end) == (d(2018, 11, 19), d(2018, 11, 25))
    assert (summary.talks_held, summary.talks_planned_total) == (1, 1)
    assert (summary.documents_requested, summary.visits, summary.log_days) == (1, 1, 1)
    assert dict(summary.records_by_method) == {"召开座谈会": 1, "走访": 1}
    assert summary.items_to_note == [(d(2018, 11, 19), "需关注公车使用")]
    assert selectors.may_read_summary(w.office, w.inspection)
    assert not selectors.may_read_summary(w.liaison, w.inspection)
    assert not selectors.may_read_summary(w.leading, w.inspection)


def test_the_stay_figures_count_talks_against_the_plan(world: SimpleNamespace) -> None:
    w = world
    from xuncha.fieldwork.tests.test_talks import _record, _talk

    _record(w, _talk(w))
    _talk(w, person=w.chief)
    request = _request(w)
    services.document_request_transition(actor=w.member_a, request_id=request.pk, transition="receive")
    figures = {f.label: f for f in selectors.stay_figures(w.inspection)}
    assert figures["个别谈话"].value == 1 and "计划 2 人" in figures["个别谈话"].detail
    assert figures["个别谈话"].attention
    assert figures["调阅资料"].attention and "尚未退还 1 项" in figures["调阅资料"].detail


def test_after_the_report_nothing_is_written(world: SimpleNamespace) -> None:
    w = world
    request = _request(w)
    set_status(w.inspection, "feedback", withdrawn_on=d(2018, 11, 20))
    with pytest.raises(DomainError, match="撤驻"):
        _work(w)
    with pytest.raises(TransitionNotAllowed):
        services.document_request_transition(actor=w.member_a, request_id=request.pk, transition="receive")
