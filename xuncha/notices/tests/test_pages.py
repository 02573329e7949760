"""The notice pages and endpoints as each role meets them: the team drafts and issues, the liaison signs for and
answers with files (checked before storage), the team reviews; outsiders find nothing; home to-dos."""

from __future__ import annotations

import base64
import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from xuncha.dashboards.todos import todos_for
from xuncha.notices import services
from xuncha.notices.models import ImmediateItem, Notice, NoticeAnswer, NoticeFile, NoticeStatus
from xuncha.notices.tests.conftest import TODAY
from xuncha.notices.tests.test_services import PDF, issued


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


FORM = {"kind": "rectification", "title": "关于立即整改公车使用问题的通知", "subject": "节假日公车借用。",
        "basis": "公务用车管理办法", "requirement": "立即停止借用，三日内回复。", "deadline": "2018-11-25",
        "contact": "王组员 0379-1", "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "30", "items-0-problem": "节假日公车借用",
        "items-0-requirement": "立即收回", "items-1-problem": "", "items-1-requirement": "",
        "items-2-problem": "", "items-2-requirement": ""}


def test_the_team_drafts_and_issues_the_liaison_answers_the_leader_accepts(world: Any) -> None:
    w = world
    member, leader, liaison = _client(w.member), _client(w.leader), _client(w.liaison)
    assert member.get(reverse("notices:notice-create", args=[w.inspection.pk])).status_code == 200
    response = member.post(reverse("notices:notice-create", args=[w.inspection.pk]),
                           {**FORM, "organization": w.unit.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = Notice.objects.get()
    assert notice.status == NoticeStatus.DRAFT and ImmediateItem.objects.filter(notice=notice).count() == 1
    url = reverse("notices:notice-detail", args=[notice.pk])
    assert liaison.get(url).status_code == 404  # a draft does not exist for the unit
    assert leader.post(reverse("notices:notice-transition", args=[notice.pk, "issue"]), {}).status_code == 302
    page = liaison.get(url)
    assert page.status_code == 200 and "洛巡改〔2018〕1号" in page.text and "签收" in page.text
    assert liaison.post(reverse("notices:notice-transition", args=[notice.pk, "receive"]),
                        {"received_name": "联络员甲"}).status_code == 302
    answer_url = reverse("notices:notice-answer", args=[notice.pk])
    assert liaison.get(answer_url).status_code == 200
    item = ImmediateItem.objects.get(notice=notice)
    bad = liaison.post(answer_url, {"text": "已整改", f"measures_{item.pk}": "已收回", f"done_{item.pk}": "on",
                                    "attachments": [SimpleUploadedFile("凭证.pdf", b"MZ not a pdf")]})
    assert bad.status_code == 400 and "不是 PDF 格式" in bad.text
    assert not NoticeAnswer.objects.exists()
    good = liaison.post(answer_url, {"text": "已整改", f"measures_{item.pk}": "已收回", f"done_{item.pk}": "on",
                                     "attachments": [SimpleUploadedFile("凭证.pdf", PDF),
                                               SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff photo")]})
    assert good.status_code == 302
    stored = NoticeFile.objects.order_by("pk")
    assert [f.filename for f in stored] == ["凭证.pdf", "照片.jpg"]
    download = leader.get(reverse("notices:notice-file", args=[stored[0].pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert leader.get(answer_url).status_code == 403  # the team does not answer for the unit
    assert leader.post(reverse("notices:notice-transition", args=[notice.pk, "accept"]),
                       {"note": "认可"}).status_code == 302
    notice.refresh_from_db()
    item.refresh_from_db()
    assert notice.status == NoticeStatus.ACCEPTED and item.status == "done"
    items_page = leader.get(reverse("notices:immediate-items", args=[w.inspection.pk]))
    assert items_page.status_code == 200 and "已收回" in items_page.text and "100%" in items_page.text


def test_a_refused_step_shows_the_page_again_with_the_reason(world: Any) -> None:
    w = world
    notice = issued(w)
    services.notice_transition(actor=w.liaison, notice_id=notice.pk, transition="receive")
    services.notice_answer(actor=w.liaison, notice_id=notice.pk, data=services.AnswerData(text="回复"))
    response = _client(w.leader).post(reverse("notices:notice-transition", args=[notice.pk, "return"]), {})
    assert response.status_code == 400 and "请写明退回理由" in response.text
    assert Notice.objects.get().status == NoticeStatus.ANSWERED
    assert _client(w.leader).post(reverse("notices:notice-transition", args=[notice.pk, "nonsense"])).status_code \
        == 404


def test_the_list_shows_overdue_and_filters(world: Any, business_date: Any) -> None:
    w = world
    notice = issued(w)
    business_date(notice.deadline + datetime.timedelta(days=3))
    url = reverse("notices:notice-list", args=[w.inspection.pk])
    for user in (w.leader, w.office, w.director, w.liaison):
        page = _client(user).get(url)
        assert page.status_code == 200 and "逾期 3 天" in page.text, user
    assert "逾期 3 天" not in _client(w.leader).get(url, {"overdue": "0"}).text
    assert _client(w.leader).get(url, {"status": "nonsense"}).status_code == 200


def test_outsiders_find_nothing(world: Any) -> None:
    w = world
    notice = issued(w)
    urls = [reverse("notices:notice-list", args=[w.inspection.pk]), reverse("notices:notice-detail", args=[notice.pk]),
            reverse("notices:immediate-items", args=[w.inspection.pk])]
    for user in (w.leading, w.cdi, w.orgdept, w.other_member, w.liaison_other):
        for url in urls:
            assert _client(user).get(url).status_code == 404, (user, url)
    for user in (w.office, w.director, w.liaison):
        assert _client(user).get(reverse("notices:notice-create", args=[w.inspection.pk])).status_code == 403


def test_home_todos_of_both_sides(world: Any, business_date: Any) -> None:
    w = world
    notice = issued(w)
    assert [t.kind for t in todos_for(w.liaison) if t.object_type == "stay_notice"] == ["notice_receive"]
    business_date(notice.deadline + datetime.timedelta(days=1))
    (late,) = [t for t in todos_for(w.leader) if t.object_type == "stay_notice"]
    assert late.kind == "notice_overdue" and late.urgency == "overdue"
    (waiting,) = [t for t in todos_for(w.liaison) if t.object_type == "stay_notice"]
    assert waiting.urgency == "overdue"
    services.notice_transition(actor=w.liaison, notice_id=notice.pk, transition="receive")
    services.notice_answer(actor=w.liaison, notice_id=notice.pk, data=services.AnswerData(text="回复"))
    assert [t.kind for t in todos_for(w.leader) if t.object_type == "stay_notice"] == ["notice_review"]
    assert not [t for t in todos_for(w.liaison) if t.object_type == "stay_notice"]
    assert not [t for t in todos_for(w.member) if t.object_type == "stay_notice"]


def _api(user: Any) -> Client:
    return _client(user)


def test_the_api_carries_the_whole_workflow(world: Any) -> None:
    w = world
    body = {"kind": "rectification", "organization": w.unit.pk, "title": "接口通知", "subject": "问题",
            "requirement": "要求", "deadline": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "items": [{"problem": "事项一"}]}
    created = _api(w.member).post(f"/api/v1/inspections/{w.inspection.pk}/stay-notices", body,
                                  content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert _api(w.leader).post(f"/api/v1/stay-notices/{pk}/transitions/issue", {},
                               content_type="application/json").json()["number"] == "洛巡改〔2018〕1号"
    listing = _api(w.liaison).get(f"/api/v1/inspections/{w.inspection.pk}/stay-notices", {"kind": "rectification"})
    assert [n["id"] for n in listing.json()["results"]] == [pk]
    assert _api(w.liaison).get(f"/api/v1/inspections/{w.inspection.pk}/stay-notices",
                               {"status": "nonsense"}).status_code == 422
    assert _api(w.liaison).post(f"/api/v1/stay-notices/{pk}/transitions/receive", {},
                                content_type="application/json").status_code == 200
    item = created.json()["items"][0]["id"]
    answer = {"text": "已整改", "items": [{"item": item, "measures": "已收回", "done": True}],
              "files": [{"name": "凭证.pdf", "content": base64.b64encode(PDF).decode()}]}
    answered = _api(w.liaison).post(f"/api/v1/stay-notices/{pk}/answers", answer, content_type="application/json")
    assert answered.status_code == 201 and answered.json()["answers"][0]["files"][0]["filename"] == "凭证.pdf"
    accepted = _api(w.leader).post(f"/api/v1/stay-notices/{pk}/transitions/accept", {"note": "认可"},
                                   content_type="application/json")
    assert accepted.json()["status"] == "accepted" and accepted.json()["items"][0]["status"] == "done"
    items = _api(w.office).get(f"/api/v1/inspections/{w.inspection.pk}/immediate-items").json()
    assert [(i["problem"], i["status"], i["evidence_answer"]) for i in items["results"]] == [("事项一", "done", 1)]
    assert _api(w.leading).get(f"/api/v1/inspections/{w.inspection.pk}/stay-notices").status_code == 403
    assert _api(w.other_member).get(f"/api/v1/stay-notices/{pk}").status_code == 404
    assert _api(w.liaison_other).get(f"/api/v1/stay-notices/{pk}").status_code == 404


def test_the_api_list_does_not_query_per_notice(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = world
    url = f"/api/v1/inspections/{w.inspection.pk}/stay-notices"
    issued(w)
    client = _api(w.leader)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        issued(w)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).json()["results"]) == 5
    assert len(five) == len(one)
