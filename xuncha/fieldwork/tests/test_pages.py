"""The fieldwork pages as each role meets them."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from xuncha.fieldwork.models import DocumentRequest, Talk, TalkRecord, WorkLogEntry, WorkRecord
from xuncha.fieldwork.tests.test_talks import SECRET, _record, _talk


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_team_plans_holds_and_signs_off_a_talk_through_the_pages(world: SimpleNamespace) -> None:
    w = world
    leader = _client(w.leader)
    url = reverse("fieldwork:talk-list", args=[w.inspection.pk])
    assert leader.post(reverse("fieldwork:talk-generate", args=[w.inspection.pk])).status_code == 302
    page = leader.get(url)
    assert page.status_code == 200 and "甲主席" in page.text
    assert leader.get(url, {"category": "leadership", "status": "nonsense"}).status_code == 200
    talk = Talk.objects.filter(person=w.principal).get()
    interviewer = next(u for u in (w.leader, w.deputy_leader, w.member_a, w.member_b, w.member_c)
                       if u.person_id == talk.interviewer_id)
    response = _client(interviewer).post(reverse("fieldwork:talk-record", args=[talk.pk]), {
        "started_at": "2018-11-19T09:00", "place": "谈话室", "questions_answers": SECRET})
    assert response.status_code == 302
    assert TalkRecord.objects.filter(talk=talk).exists()
    assert leader.post(reverse("fieldwork:talk-record-sign-off", args=[talk.pk])).status_code == 302
    detail = leader.get(reverse("fieldwork:talk-detail", args=[talk.pk]))
    assert SECRET in detail.text and "组长已审签" in detail.text


def test_a_member_not_at_the_talk_sees_the_plan_but_not_the_record(world: SimpleNamespace) -> None:
    w = world
    talk = _talk(w)
    _record(w, talk)
    page = _client(w.member_c).get(reverse("fieldwork:talk-detail", args=[talk.pk]))
    assert page.status_code == 200
    assert SECRET not in page.text and "仅参加谈话的成员" in page.text
    assert _client(w.member_c).get(reverse("fieldwork:talk-record", args=[talk.pk])).status_code == 403


def test_outsiders_find_no_trace_of_the_talks(world: SimpleNamespace) -> None:
    w = world
    talk = _talk(w)
    _record(w, talk)
    for user in (w.liaison, w.office, w.leading, w.cdi, w.orgdept, w.other_member, w.liaison_other):
        client = _client(user)
        for url in (reverse("fieldwork:talk-list", args=[w.inspection.pk]),
                    reverse("fieldwork:talk-detail", args=[talk.pk]),
                    reverse("fieldwork:workrecord-list", args=[w.inspection.pk]),
                    reverse("fieldwork:work-log", args=[w.inspection.pk])):
            response = client.get(url)
            assert response.status_code == 404, (user.username, url, response.status_code)
            assert SECRET not in response.text


def test_the_liaison_uploads_and_delivers_the_documents_asked_of_their_unit(world: SimpleNamespace) -> None:
    w = world
    member = _client(w.member_a)
    response = member.post(reverse("fieldwork:document-create", args=[w.inspection.pk]), {
        "organization": w.unit.pk, "title": "2018年财务凭证", "period": "2018年", "copies": 1, "medium": "paper",
        "deadline": "2018-11-23"})
    assert response.status_code == 302
    request = DocumentRequest.objects.get()
    liaison = _client(w.liaison)
    listing = liaison.get(reverse("fieldwork:document-list", args=[w.inspection.pk]))
    assert listing.status_code == 200 and "2018年财务凭证" in listing.text
    bad = liaison.post(reverse("fieldwork:document-upload", args=[request.pk]),
                       {"file": SimpleUploadedFile("凭证.pdf", b"MZ\x90\x00 not a pdf")})
    assert bad.status_code == 400 and "PDF" in bad.text
    good = liaison.post(reverse("fieldwork:document-upload", args=[request.pk]),
                        {"file": SimpleUploadedFile("凭证.pdf", b"%PDF-1.4 content")})
    assert good.status_code == 302
    assert liaison.post(reverse("fieldwork:document-transition", args=[request.pk, "deliver"]),
                        {"note": "纸质3册已送达"}).status_code == 302
    assert liaison.post(reverse("fieldwork:document-transition", args=[request.pk, "receive"])).status_code == 403
    download = member.get(reverse("fieldwork:document-file", args=[request.files.get().pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    assert _client(w.liaison_other).get(reverse("fieldwork:document-detail", args=[request.pk])).status_code == 404


def test_work_records_the_log_and_the_weekly_summary(world: SimpleNamespace) -> None:
    w = world
    member = _client(w.member_b)
    response = member.post(reverse("fieldwork:workrecord-create", args=[w.inspection.pk]), {
        "method": "field_visit", "title": "走访会员企业", "held_on": "2018-11-19", "content": "了解会费收取"})
    assert response.status_code == 302
    record = WorkRecord.objects.get()
    assert record.reference in member.get(reverse("fieldwork:workrecord-detail", args=[record.pk])).text
    assert member.post(reverse("fieldwork:work-log", args=[w.inspection.pk]), {
        "day": "2018-11-19", "work_done": "走访1家", "items_to_note": "会费问题需关注"}).status_code == 302
    assert WorkLogEntry.objects.count() == 1
    summary = _client(w.office).get(reverse("fieldwork:weekly-summary", args=[w.inspection.pk]),
                                    {"week": "2018-11-19"})
    assert summary.status_code == 200 and "会费问题需关注" in summary.text
    assert _client(w.liaison).get(reverse("fieldwork:weekly-summary", args=[w.inspection.pk])).status_code == 404
    empty = member.post(reverse("fieldwork:workrecord-create", args=[w.inspection.pk]), {"method": "talk"})
    assert empty.status_code == 400


def test_the_inspection_shows_the_fieldwork_tabs_to_the_team_only(world: SimpleNamespace) -> None:
    w = world
    page = _client(w.member_c).get(w.inspection.get_absolute_url())
    assert reverse("fieldwork:talk-list", args=[w.inspection.pk]) in page.text
    page = _client(w.liaison).get(w.inspection.get_absolute_url())
    assert reverse("fieldwork:talk-list", args=[w.inspection.pk]) not in page.text
    assert reverse("fieldwork:document-list", args=[w.inspection.pk]) in page.text


def test_the_leader_cancels_a_planned_talk_with_a_reason_and_the_plan_keeps_it(world: SimpleNamespace) -> None:
    from django.contrib.contenttypes.models import ContentType

    from xuncha.audit.models import AuditEvent
    from xuncha.core.models import StatusChange
    from xuncha.fieldwork import selectors

    w = world
    talk = _talk(w)
    url = reverse("fieldwork:talk-transition", args=[talk.pk, "cancel"])
    detail = _client(w.leader).get(reverse("fieldwork:talk-detail", args=[talk.pk])).content.decode()
    assert url in detail and "取消谈话" in detail  # the page offers it to the leader
    assert url not in _client(w.member_a).get(reverse("fieldwork:talk-detail", args=[talk.pk])).content.decode()
    assert _client(w.member_a).post(url, {"note": "成员不能取消"}).status_code == 403
    assert _client(w.leader).post(url, {"note": ""}).status_code == 400  # a reason is required
    talk.refresh_from_db()
    assert talk.status == "planned"
    response = _client(w.leader).post(url, {"note": "该同志已调离，不再列入谈话"})
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.status == "cancelled"
    change = StatusChange.objects.get(content_type=ContentType.objects.get_for_model(Talk), object_id=talk.pk)
    assert (change.old_status, change.new_status, change.note) == ("planned", "cancelled", "该同志已调离，不再列入谈话")
    assert AuditEvent.objects.filter(action="talk.cancel").exists()
    progress = selectors.talk_progress(Talk.objects.filter(inspection=w.inspection))
    assert progress["total"] == 0 and progress["cancelled"] == 1
    listing = _client(w.leader).get(reverse("fieldwork:talk-list", args=[w.inspection.pk]), {"status": "cancelled"})
    assert talk.code in listing.content.decode() and "已取消" in listing.content.decode()
    # It can be put back on the plan; a talk with a record cannot be cancelled.
    assert _client(w.leader).post(reverse("fieldwork:talk-transition", args=[talk.pk, "replan"]),
                                  {"note": ""}).status_code == 302
    _record(w, talk)
    assert _client(w.leader).post(url, {"note": "已谈过"}).status_code == 409
