"""The findings pages: the tab 问题 with its filters, the form with the pickers, the detail with the evidence as the
reader may see it, the steps asking for what they need, the bulk entry and the Excel import as a job."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from xuncha.audit.models import AuditEvent
from xuncha.core.models import BackgroundJob
from xuncha.findings import services
from xuncha.findings.models import Finding, FindingStatus
from xuncha.findings.tests.conftest import data


def _form(w: SimpleNamespace, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organization": w.unit.pk, "category": w.d1.pk, "title": "节假日公车私用",
        "description": "国庆期间公车私用3次。", "source": "visit", "conduct_from": "2018-10-02",
        "severity": "general", "person_level": "none", "amount": "560.00",
        "basis": [w.gift_2018.pk], "evidence": [f"fieldwork.work_record:{w.visit.pk}"]}
    values.update(overrides)
    return values


def test_the_tab_lists_filters_and_counts(client: Any, finding_world: SimpleNamespace) -> None:
    w = finding_world
    services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk, data=data(
        w, evidence=[("fieldwork.work_record", w.visit.pk), ("petitions.petition", w.petition.pk)]))
    services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk,
                            data=data(w, title="三重一大未集体研究", category_id=w.c1.pk, severity="serious"))
    client.force_login(w.member_c)
    url = reverse("findings:finding-list", args=[w.inspection.pk])
    page = client.get(url).content.decode()
    assert "节假日公车私用" in page and "三重一大未集体研究" in page
    assert "共 2 个问题" in page and "草稿 2" in page  # two citations of one finding count it once
    assert f'href="{url}"' in page  # the tab 问题
    filtered = client.get(url, {"category": w.c1.pk}).content.decode()
    assert "三重一大未集体研究" in filtered and "节假日公车私用" not in filtered
    assert "节假日公车私用" not in client.get(url, {"severity": "serious"}).content.decode()
    assert "三重一大未集体研究" not in client.get(url, {"q": "公车"}).content.decode()
    client.force_login(w.liaison)
    assert client.get(url).status_code == 404
    client.force_login(w.other_member)
    assert client.get(url).status_code == 404


def test_create_through_the_form_and_refusals_shown_on_the_page(client: Any, finding_world: SimpleNamespace) -> None:
    w = finding_world
    client.force_login(w.member_c)
    url = reverse("findings:finding-create", args=[w.inspection.pk])
    form = client.get(url).content.decode()
    assert "D1 中央八项规定精神" in form and "走访会员企业" in form and "第八十八条" in form
    assert "11-7-03-TH" not in form  # member_c was not at the talk: its record is not offered
    refused = client.post(url, _form(w, conduct_from="2017-05-04"))
    assert refused.status_code == 422 and "不适用于2017年05月04日" in refused.content.decode()
    assert not Finding.objects.exists()
    response = client.post(url, _form(w))
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == finding.get_absolute_url()
    assert finding.amount == 560 and finding.source == "visit"
    client.force_login(w.office)  # the office sees no drafts
    assert client.get(url).status_code == 403


def test_the_detail_hides_evidence_the_reader_may_not_see_and_audits_the_read(client: Any,
                                                                              finding_world: SimpleNamespace) -> None:
    w = finding_world
    finding = services.finding_create(actor=w.member_a, inspection_id=w.inspection.pk, data=data(
        w, evidence=[("fieldwork.talk", w.talk_record.pk), ("fieldwork.work_record", w.visit.pk)]))
    for step, user in (("submit", w.member_a), ("review", w.deputy_leader), ("confirm", w.leader)):
        services.finding_apply_transition(actor=user, finding_id=finding.pk, transition=step)
    url = reverse("findings:finding-detail", args=[finding.pk])
    client.force_login(w.member_c)
    page = client.get(url).content.decode()
    assert "（无权查看的依据）" in page and "走访会员企业" in page
    assert "丙主任" not in page  # the interviewee of the talk record
    client.force_login(w.member_a)
    assert "丙主任" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action="finding.evidence_read", object_id=str(finding.pk)).count() == 2
    for outsider in (w.liaison, w.cdi, w.other_member):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_the_steps_ask_for_what_they_need(client: Any, finding_world: SimpleNamespace) -> None:
    w = finding_world
    finding = services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk, data=data(w))
    client.force_login(w.member_c)
    assert client.post(reverse("findings:finding-transition", args=[finding.pk, "submit"])).status_code == 302
    client.force_login(w.deputy_leader)
    page = client.get(reverse("findings:finding-detail", args=[finding.pk])).content.decode()
    assert "副组长审核通过" in page and "退回修改" in page
    refused = client.post(reverse("findings:finding-transition", args=[finding.pk, "send_back"]), {"note": ""})
    assert refused.status_code == 400 and "请写明理由" in refused.content.decode()
    client.post(reverse("findings:finding-transition", args=[finding.pk, "review"]))
    client.force_login(w.leader)
    client.post(reverse("findings:finding-transition", args=[finding.pk, "confirm"]))
    page = client.get(reverse("findings:finding-detail", args=[finding.pk])).content.decode()
    assert "组务会日期" in page and "组务会记录" in page
    response = client.post(reverse("findings:finding-transition", args=[finding.pk, "adopt"]),
                           {"on": "2018-11-19", "meeting_reference": "第3次组务会"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ADOPTED and finding.meeting_reference == "第3次组务会"
    # The later features' steps are not offered on this page.
    assert client.post(reverse("findings:finding-transition", args=[finding.pk, "include_in_report"])
                       ).status_code == 404


def test_bulk_entry_saves_all_rows_or_none(client: Any, finding_world: SimpleNamespace) -> None:
    w = finding_world
    client.force_login(w.member_c)
    url = reverse("findings:finding-bulk", args=[w.inspection.pk])
    assert client.get(url).status_code == 200
    post = {"rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "50"}
    rows = [{"organization": w.unit.pk, "category": w.d1.pk, "title": "公车私用", "description": "事实一",
             "conduct_from": "2018-10-02", "amount": "", "severity": "general"},
            {"organization": w.unit.pk, "category": w.c1.pk, "title": "", "description": "事实二",
             "conduct_from": "2018-10-03", "amount": "", "severity": "serious"},
            {"organization": "", "category": "", "title": "", "description": "", "conduct_from": "", "amount": "",
             "severity": "general"}]
    for i, row in enumerate(rows):
        post.update({f"rows-{i}-{k}": v for k, v in row.items()})
    refused = client.post(url, post)
    assert refused.status_code == 422 and "第 2 行" in refused.content.decode()
    assert not Finding.objects.exists()
    post["rows-1-title"] = "三重一大未集体研究"
    assert client.post(url, post).status_code == 302
    assert Finding.objects.count() == 2


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_import_as_a_job_row_by_row(client: Any, finding_world: SimpleNamespace,
                                          django_capture_on_commit_callbacks: Any) -> None:
    w = finding_world
    client.force_login(w.member_c)
    template = client.get(reverse("findings:finding-import-template", args=[w.inspection.pk]))
    header = [c.value for c in next(load_workbook(io.BytesIO(template.content)).active.iter_rows(max_row=1))]
    assert tuple(header) == services.IMPORT_COLUMNS
    url = reverse("findings:finding-import", args=[w.inspection.pk])
    good = ["市工商联", "D1", "违规发放津贴补贴", "以加班费名义发放购物卡。", datetime.date(2018, 2, 10), "",
            "机关干部18人", 18000, "较重", "廉洁纪律", "调阅资料", "纪律处分条例第八十八条；廉洁自律准则第三条"]
    bad = ["市房管局", "Z9", "", "事实", "2018-13-01", "", "", "abc", "很重", "", "", "纪律处分条例第八十八条"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("问题.xlsx", _xlsx([header, good, bad]))})
    job = BackgroundJob.objects.get(kind="findings.import")
    assert response.status_code == 302 and job.status == "failed" and not Finding.objects.exists()
    html = client.get(response["Location"]).content.decode()
    for message in ("第 3 行", "不是本次巡察的被巡察单位", "Z9", "应为日期", "涉及金额应为数字", "严重程度应为"):
        assert message in html, message
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": SimpleUploadedFile("问题.xlsx", _xlsx([header, good]))})
    job = BackgroundJob.objects.filter(kind="findings.import").latest("pk")
    assert job.status == "succeeded", job.errors
    finding = Finding.objects.get()
    # The basis named by regulation and article is the version in force on 2018-02-10: the 2015 revision.
    assert {a.regulation.code for a in finding.basis.all()} == {"JL2015", "LJ2015"}
    assert finding.amount == 18000 and finding.severity == "serious" and finding.discipline == "integrity"
    refused = client.post(url, {"file": SimpleUploadedFile("问题.csv", b"a,b")})
    assert refused.status_code == 400
