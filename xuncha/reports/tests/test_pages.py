"""The report, meeting and feedback pages and endpoints as each role meets them: the team writes and submits, the
office approves and records the meetings, the feedback is derived, issued, delivered twice and signed for by the
liaison — who never finds the report; the documents carry no trace of a source."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from tests.factories_reports import approved_report, meetings_recorded
from xuncha.documents.services import document_kind, render_document
from xuncha.inspections.services import inspection_apply_transition
from xuncha.reports.models import Feedback, FeedbackStatus, Meeting, Report, ReportStatus

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sections(**texts: str) -> dict[str, str]:
    base = {"basic": "基本情况。", "problems": "（一）围绕党的作风建设方面。会员活动经费管理不规范。",
            "leads": "线索情况。", "suggestions": "建议。", "annex": "", "ecology": "steady",
            "implementation": "fair_good", "note": "组务会修改"}
    return {**base, **texts}


def _through_the_pages(w: SimpleNamespace) -> Feedback:
    pk = w.inspection.pk
    leader, director, office = _client(w.leader), _client(w.director), _client(w.office)
    assert leader.get(reverse("reports:report-detail", args=[pk])).status_code == 200
    response = leader.post(reverse("reports:report-compose", args=[pk]))
    assert response.status_code == 302 and response["Location"] == reverse("reports:report-edit", args=[pk])
    page = leader.get(reverse("reports:report-edit", args=[pk]))
    assert page.status_code == 200 and "二、巡察发现的主要问题" in page.content.decode()
    assert leader.post(reverse("reports:report-edit", args=[pk]), _sections()).status_code == 302
    compare = leader.get(reverse("reports:report-versions", args=[pk]), {"a": 1, "b": 2})
    assert compare.status_code == 200 and "会员活动经费管理不规范" in compare.content.decode()
    assert leader.post(reverse("reports:report-transition", args=[pk, "submit"]), {}).status_code == 302
    # Returning needs a reason: refused with it on the page, nothing changes.
    refused = director.post(reverse("reports:report-transition", args=[pk, "return"]), {"note": ""})
    assert refused.status_code == 400 and Report.objects.get().status == ReportStatus.SUBMITTED
    assert director.post(reverse("reports:report-transition", args=[pk, "approve"]), {}).status_code == 302
    for kind, day in (("leading_group", "2018-12-20"), ("secretary", "2018-12-20")):
        response = office.post(reverse("reports:meeting-create", args=[w.round.pk]), {
            "kind": kind, "held_on": day, "chair": "主持人", "attendees": "成员", "kinds_11-7-03": ["agree_feedback"],
            "text_11-7-03": "同意反馈"})
        body = response.content.decode()
        assert response.status_code == 302, body[body.find("alert-danger"):body.find("alert-danger") + 800]
    assert leader.post(reverse("reports:feedback-compose", args=[pk])).status_code == 302
    feedback = Feedback.objects.get(inspection=w.inspection)
    assert director.post(reverse("reports:feedback-transition", args=[feedback.pk, "issue"]), {}).status_code == 302
    return feedback


def test_from_the_report_to_the_liaisons_receipt(world: SimpleNamespace) -> None:
    feedback = _through_the_pages(world)
    office, liaison = _client(world.office), _client(world.liaison)
    # Before the deliveries the liaison finds nothing.
    assert liaison.get(reverse("reports:feedback-detail", args=[feedback.pk])).status_code == 404
    inspection_apply_transition(actor=world.director, inspection_id=world.inspection.pk,
                                transition="deliver_feedback")
    for kind in ("principal", "leadership"):
        response = office.post(reverse("reports:feedback-delivery", args=[feedback.pk]), {
            "kind": kind, "delivered_on": "2018-12-20", "place": "会议室", "delivered_by": "巡察组",
            "received_by": "班子成员"})
        assert response.status_code == 302
    assert office.post(reverse("reports:feedback-copy", args=[feedback.pk]),
                       {"body": "discipline", "name": "市纪委监委"}).status_code == 302
    page = liaison.get(reverse("reports:feedback-detail", args=[feedback.pk]))
    assert page.status_code == 200 and "签收" in page.content.decode()
    assert liaison.post(reverse("reports:feedback-transition", args=[feedback.pk, "receive"]),
                        {"received_name": "办公室主任"}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RECEIVED and feedback.received_name == "办公室主任"
    # The liaison never reaches the report, its versions, the meetings or the briefing.
    for name, args in (("reports:report-detail", [world.inspection.pk]),
                       ("reports:report-versions", [world.inspection.pk]), ("reports:report-list", []),
                       ("reports:meeting-list", [world.round.pk]), ("reports:briefing", [world.round.pk]),
                       ("reports:meeting-detail", [Meeting.objects.first().pk])):  # type: ignore[union-attr]
        assert liaison.get(reverse(name, args=args)).status_code == 404, name
    api = liaison.get(f"/api/v1/inspections/{world.inspection.pk}/report")
    assert api.status_code in (403, 404)
    assert liaison.get(f"/api/v1/inspections/{world.inspection.pk}/feedbacks").json()[0]["id"] == feedback.pk


def test_others_find_nothing_and_the_member_no_report(world: SimpleNamespace) -> None:
    _through_the_pages(world)
    pk = world.inspection.pk
    for user in (world.member, world.cdi, world.orgdept, world.other_leader, world.liaison_other):
        assert _client(user).get(reverse("reports:report-detail", args=[pk])).status_code == 404, user
    leading = _client(world.leading)
    assert leading.get(reverse("reports:report-detail", args=[pk])).status_code == 200
    assert leading.get(reverse("reports:briefing", args=[world.round.pk])).status_code == 200
    assert leading.get(reverse("reports:meeting-create", args=[world.round.pk])).status_code == 403
    listing = leading.get("/api/v1/reports")
    assert [r["code"] for r in listing.json()["results"]] == ["11-7-03"]


def test_the_documents_carry_no_trace_and_follow_the_readers(world: SimpleNamespace) -> None:
    feedback = _through_the_pages(world)
    text = document_kind("reports.feedback").build(world.director, feedback.pk).text
    whole = " ".join([text.title, *(p.text + p.run_on for p in text.paragraphs)])
    for trace in ("柯文静", "11-7-03-T-007", "GSL-XF-2018-012", "庞思远"):
        assert trace not in whole
    assert text.number.startswith("洛巡反〔") and text.addressee
    report = Report.objects.get()
    assert document_kind("reports.report").build(world.leading, report.pk).text.title == report.title
    with pytest.raises(Http404):
        document_kind("reports.report").build(world.liaison, report.pk)
    with pytest.raises(Http404):  # issued, not yet delivered
        document_kind("reports.feedback").build(world.liaison, feedback.pk)
    briefing = document_kind("reports.briefing").build(world.office, world.round.pk).text
    assert "综合报告" in briefing.title
    # The Word file itself, read back: A4, the number, the addressee, and no trace in any paragraph.
    data = render_document(text, exported_by=world.director, fmt="docx", key="reports.feedback")
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    written = "\n".join(p.text for p in document.paragraphs)
    assert text.number in written and "市工商联" in written
    for trace in ("柯文静", "11-7-03-T-007", "GSL-XF-2018-012", "庞思远", "11月6日", "11月9日"):
        assert trace not in written


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured.captured_queries)


def test_the_lists_query_counts_do_not_grow_with_the_rows(world: SimpleNamespace) -> None:
    approved_report(world.inspection, world.director)
    meetings_recorded(world.inspection, world.director)
    office = _client(world.office)
    urls = (reverse("reports:report-list"), "/api/v1/reports", reverse("reports:meeting-list", args=[world.round.pk]),
            f"/api/v1/rounds/{world.round.pk}/meetings")
    before = {url: _queries(office, url) for url in urls}
    approved_report(world.other, world.director)
    meetings_recorded(world.other, world.director)
    for url in urls:
        assert _queries(office, url) == before[url], url
