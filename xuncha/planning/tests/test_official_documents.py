"""The inspection notice and the stationing announcement as official documents: numbered from the notice series
when the office leaves the number blank, exported as Word (and PDF where LibreOffice is installed) by a job, to
those who may read them on the stationing page, watermarked and audited."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from xuncha.accounts.models import ApiToken
from xuncha.audit.models import AuditEvent
from xuncha.core.models import BackgroundJob, JobStatus
from xuncha.documents import services as document_services
from xuncha.documents.models import IssuedNumber
from xuncha.inspections.models import InspectionNotice
from xuncha.inspections.stationing import announcement_save, inspection_notice_issue
from xuncha.planning.official_documents import _requirement

pytestmark = pytest.mark.django_db
D = "2024-02-19"


@pytest.fixture(autouse=True)
def run_jobs(django_capture_on_commit_callbacks: Any) -> None:
    """Each export's job runs when its request commits (the immediate task backend), inside ``_export``."""
    global _capture
    _capture = django_capture_on_commit_callbacks


_capture: Any = None


@pytest.fixture
def as_user(client: Client, world: Any) -> Any:
    def sign_in(username: str) -> Client:
        client.force_login(world.users[username])
        return client
    return sign_in


def _issue(world: Any, number: str = "") -> InspectionNotice:
    return inspection_notice_issue(actor=world.users["office_staff"], inspection_id=world.inspection_a.pk,
                                   organization_id=world.org_a.pk, notice_no=number,
                                   issued_on=datetime.date(2024, 2, 19),
                                   requirements="一、准备本单位工作汇报，重点报告存在的问题；\n二、成立联络组。")


def _export(client: Client, key: str, pk: int, fmt: str = "docx", **headers: str) -> Any:
    with _capture(execute=True):
        return client.post(reverse("documents:export", args=[key, pk, fmt]), {"next": "/somewhere/?a=1"},
                           headers=headers)


def test_a_blank_number_comes_from_the_notice_series(world: Any) -> None:
    assert _issue(world).notice_no == "江巡通〔2024〕1号"
    assert _issue(world).notice_no == "江巡通〔2024〕1号"  # corrected again: it keeps its number
    assert IssuedNumber.objects.get().purpose.startswith("巡察通知")


def test_a_typed_number_is_checked_and_reserved(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(reverse("planning:notice-issue", args=[world.inspection_a.pk]), {
        "organization": world.org_a.pk, "notice_no": "江巡通〔2024〕第3号", "issued_on": D, "requirements": "r"})
    assert response.status_code == 400 and "文号格式不正确" in response.content.decode()
    assert not InspectionNotice.objects.exists()
    assert _issue(world, "江巡通〔2024〕1号").notice_no == "江巡通〔2024〕1号"
    assert IssuedNumber.objects.get().serial == 1  # the sequence will go on from 2


def test_the_office_exports_the_notice_as_word(as_user: Any, world: Any) -> None:
    notice = _issue(world)
    client = as_user("office_staff")
    response = _export(client, "planning.notice", notice.pk)
    job = BackgroundJob.objects.get(kind="document.export")
    assert response.status_code == 302 and response["Location"] == f"/somewhere/?a=1&document_job={job.pk}"
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result_name.endswith(".docx") and "江巡通〔2024〕1号" in job.result_name
    download = client.get(reverse("core:job-download", args=[job.pk]))
    assert download.status_code == 200
    document = Document(io.BytesIO(b"".join(download.streaming_content)))
    texts = [p.text.replace("\n", "") for p in document.paragraphs]  # a long title is set on two lines
    assert "关于对中共江城市工商业联合会党组开展巡察的通知" in texts
    assert "江巡通〔2024〕1号" in texts and "中共江城市工商业联合会党组：" in texts
    assert any(t.startswith("一、准备本单位工作汇报，") for t in texts)
    assert "请于2024年2月28日前将联络组名单报送巡察组。" in texts  # the requirements did not ask for the list
    watermark = document.sections[0].header.paragraphs[0].text
    assert "office_staff" in watermark and "导出" in watermark
    actions = set(AuditEvent.objects.filter(actor_id=world.users["office_staff"].pk).values_list("action", flat=True))
    assert {"export.request", "document.export", "export.download"} <= actions
    page = client.get(reverse("planning:stationing-detail", args=[world.inspection_a.pk]), {"document_job": job.pk})
    assert "下载 Word" in page.content.decode() and f'id="job-{job.pk}"' in page.content.decode()


def test_over_htmx_the_answer_is_the_jobs_progress(as_user: Any, world: Any) -> None:
    notice = _issue(world)
    response = _export(as_user("office_staff"), "planning.notice", notice.pk, HX_Request="true")
    assert response.status_code == 200
    assert "job-status" in response.content.decode()


def test_the_liaison_exports_their_own_notice_and_the_announcement(as_user: Any, world: Any) -> None:
    notice = _issue(world)
    announcement_save(actor=world.users["office_staff"], inspection_id=world.inspection_a.pk, phone="027-88886666",
                      phone_hours="每天 8:00—18:00", post_box="江城市A001号邮政信箱")
    client = as_user("liaison_a")
    assert _export(client, "planning.notice", notice.pk).status_code == 302
    assert _export(client, "planning.announcement", world.inspection_a.pk).status_code == 302
    jobs = BackgroundJob.objects.filter(created_by=world.users["liaison_a"])
    assert [j.status for j in jobs] == [JobStatus.SUCCEEDED] * 2
    announcement = next(j for j in jobs if j.params["key"] == "planning.announcement")
    document = Document(io.BytesIO(b"".join(
        client.get(reverse("core:job-download", args=[announcement.pk])).streaming_content)))
    texts = [p.text for p in document.paragraphs]
    assert any("值班电话：027-88886666" in t for t in texts)


@pytest.mark.parametrize("persona", ["liaison_b", "member_b", "county_staff"])
def test_out_of_scope_is_404_and_starts_nothing(as_user: Any, world: Any, persona: str) -> None:
    notice = _issue(world)
    assert _export(as_user(persona), "planning.notice", notice.pk).status_code == 404
    assert not BackgroundJob.objects.exists()


def test_an_unknown_kind_or_format_is_refused(as_user: Any, world: Any) -> None:
    notice = _issue(world)
    client = as_user("office_staff")
    assert _export(client, "planning.nothing", notice.pk).status_code == 404
    refused = _export(client, "planning.notice", notice.pk, "rtf")
    assert refused.status_code == 302 and refused["Location"] == "/somewhere/?a=1"
    assert not BackgroundJob.objects.exists()


def test_the_announcement_not_yet_drafted_is_404(as_user: Any, world: Any) -> None:
    assert _export(as_user("office_staff"), "planning.announcement", world.inspection_a.pk).status_code == 404


def test_without_libreoffice_the_pdf_is_refused_in_chinese_and_word_still_works(
        as_user: Any, world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_services, "office_available", lambda: False)
    notice = _issue(world)
    client = as_user("office_staff")
    refused = _export(client, "planning.notice", notice.pk, "pdf", HX_Request="true")
    assert refused.status_code == 400 and "未安装 LibreOffice" in refused.content.decode()
    assert not BackgroundJob.objects.exists()
    followed = client.post(reverse("documents:export", args=["planning.notice", notice.pk, "pdf"]),
                           {"next": reverse("planning:stationing-detail", args=[world.inspection_a.pk])}, follow=True)
    assert followed.status_code == 200 and "未安装 LibreOffice" in followed.content.decode()
    assert _export(client, "planning.notice", notice.pk).status_code == 302
    assert BackgroundJob.objects.get().status == JobStatus.SUCCEEDED


def test_a_foreign_next_address_is_not_followed(as_user: Any, world: Any) -> None:
    notice = _issue(world)
    response = as_user("office_staff").post(reverse("documents:export", args=["planning.notice", notice.pk, "docx"]),
                                            {"next": "https://example.com/"})
    assert response["Location"].startswith("/?document_job=")


def test_a_requirement_with_a_long_first_clause_keeps_only_its_numeral_as_heading() -> None:
    short = _requirement("二、成立联络组，明确一名班子成员任组长。")
    assert (short.level, short.text, short.run_on) == (1, "成立联络组，", "明确一名班子成员任组长。")
    long = _requirement("三、准备领导班子及成员基本情况、自上次巡察以来的党委（党组）会议纪要；")
    assert (long.level, long.text) == (1, "") and long.run_on.startswith("准备领导班子")
    assert _requirement("请于进驻前报送。").level == 0


# ---- API ----------------------------------------------------------------------------------------------------------

def _api(client: Client, user: Any, method: str, path: str, data: Any = None) -> Any:
    _, raw = ApiToken.issue(user=user, name="test")
    headers = {"Authorization": f"Bearer {raw}"}
    if method == "get":
        return client.get(f"/api/v1{path}", headers=headers)
    with _capture(execute=True):
        return client.post(f"/api/v1{path}", json.dumps(data or {}), content_type="application/json",
                           headers=headers)


def test_the_api_starts_an_export_and_reports_it_to_its_starter_only(client: Client, world: Any) -> None:
    notice = _issue(world)
    office = world.users["office_staff"]
    started = _api(client, office, "post", f"/documents/planning.notice/{notice.pk}/exports", {"format": "docx"})
    assert started.status_code == 201, started.content
    job_id = started.json()["id"]
    status = _api(client, office, "get", f"/document-exports/{job_id}").json()
    assert status["status"] == "succeeded" and status["file_name"].endswith(".docx")
    assert status["download_url"] == reverse("core:job-download", args=[job_id])
    assert _api(client, world.users["office_director"], "get", f"/document-exports/{job_id}").status_code == 404
    assert _api(client, world.users["liaison_b"], "post", f"/documents/planning.notice/{notice.pk}/exports",
                {"format": "docx"}).status_code == 404
    wrong = _api(client, office, "post", f"/documents/planning.notice/{notice.pk}/exports", {"format": "rtf"})
    assert wrong.status_code in (400, 422) and BackgroundJob.objects.count() == 1


def test_the_api_refuses_a_pdf_without_libreoffice_in_chinese(client: Client, world: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_services, "office_available", lambda: False)
    notice = _issue(world)
    refused = _api(client, world.users["office_staff"], "post", f"/documents/planning.notice/{notice.pk}/exports",
                   {"format": "pdf"})
    assert refused.status_code == 400 and "未安装 LibreOffice" in refused.json()["message"]
