"""Pages of the inspector pool: who may open them, the list and its filters, an entry, adding and editing
entries, and the Excel export and import run as jobs with their progress on the page."""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests import factories
from xuncha.audit.models import AuditEvent
from xuncha.core.models import BackgroundJob
from xuncha.orgs.models import Person, WorkHistory
from xuncha.pool.models import InspectorProfile
from xuncha.pool.services import profile_save

pytestmark = pytest.mark.django_db
# factory_boy's factories return model instances; typed as Any for mypy.
JurisdictionFactory: Any = factories.JurisdictionFactory
OrganizationFactory: Any = factories.OrganizationFactory
PersonFactory: Any = factories.PersonFactory

MANAGERS = ("office_staff", "office_director", "org_dept")
VIEW_ONLY = ("leading_group",)
NO_POOL = ("leader_a", "member_a", "member_b", "liaison_a", "liaison_b", "cdi", "sysadmin", "secadmin", "auditor",
           "outsider")


@pytest.fixture
def pool(personas: SimpleNamespace, objects: SimpleNamespace) -> SimpleNamespace:
    """Two cadres of the organisation department in the city pool, one county cadre in the county pool, and
    a cadre of another city's pool nobody here may see."""
    office = personas.office_staff
    lin = Person.objects.get(name="林组长")
    zhou = Person.objects.get(name="周成员")
    WorkHistory.objects.create(person=lin, organization=objects.org_b, organization_name="甲市房管局",
                               post="副局长", start="2010-01-01", end="2015-12-31")
    lead = profile_save(actor=office, person=lin, jurisdiction=objects.city, skills=["discipline", "organization"],
                        availability="available", can_lead=True, note="曾任巡察组组长")
    member = profile_save(actor=office, person=zhou, jurisdiction=objects.city, skills=["audit"],
                          availability="unavailable", can_lead=False)
    county = profile_save(actor=office, person=objects.person_county, jurisdiction=objects.county,
                          skills=["finance"], availability="available", can_lead=False)
    elsewhere = JurisdictionFactory(name="丙市")
    stranger = PersonFactory(name="外市干部", organization=OrganizationFactory(jurisdiction=elsewhere))
    foreign = InspectorProfile.objects.create(person=stranger, jurisdiction=elsewhere)
    return SimpleNamespace(lead=lead, member=member, county=county, foreign=foreign, elsewhere=elsewhere)


def _xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


HEADER = ["姓名", "性别", "出生年份", "单位", "职务", "职级", "专长", "状态", "可任组长", "入库日期", "备注"]


# ---- Who may open what ----------------------------------------------------------------------------------------


def _pages(pool: SimpleNamespace) -> dict[str, str]:
    return {
        "list": reverse("pool:profile-list"),
        "detail": reverse("pool:profile-detail", args=[pool.lead.pk]),
        "create": reverse("pool:profile-create"),
        "edit": reverse("pool:profile-edit", args=[pool.lead.pk]),
        "import": reverse("pool:profile-import"),
        "template": reverse("pool:import-template"),
    }


@pytest.mark.parametrize("persona", MANAGERS)
def test_office_and_organisation_department_open_every_pool_page(client_as: Any, pool: SimpleNamespace,
                                                                 persona: str) -> None:
    client = client_as(persona)
    for name, url in _pages(pool).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("persona", VIEW_ONLY)
def test_leading_group_reads_the_pool_but_may_not_maintain_it(client_as: Any, pool: SimpleNamespace,
                                                              persona: str) -> None:
    client = client_as(persona)
    pages = _pages(pool)
    assert client.get(pages["list"]).status_code == 200
    assert client.get(pages["detail"]).status_code == 200
    for name in ("create", "edit", "import", "template"):
        assert client.get(pages[name]).status_code == 403, name
    assert client.post(reverse("pool:profile-export")).status_code == 403
    response = client.get(pages["list"])
    assert reverse("pool:profile-create") not in response.content.decode()


@pytest.mark.parametrize("persona", NO_POOL)
def test_roles_without_the_pool_get_404_everywhere(client_as: Any, pool: SimpleNamespace, persona: str) -> None:
    client = client_as(persona)
    for name, url in _pages(pool).items():
        assert client.get(url).status_code == 404, name
    assert client.post(reverse("pool:profile-export")).status_code == 404


def test_entries_of_other_jurisdictions_are_404(client_as: Any, pool: SimpleNamespace) -> None:
    client = client_as("office_staff")
    assert client.get(reverse("pool:profile-detail", args=[pool.foreign.pk])).status_code == 404
    assert client.get(reverse("pool:profile-edit", args=[pool.foreign.pk])).status_code == 404
    assert client.post(reverse("pool:profile-edit", args=[pool.foreign.pk]), {}).status_code == 404
    assert client.get(reverse("pool:profile-detail", args=[999999])).status_code == 404


def test_menu_shows_the_pool_to_those_who_may_open_it(client_as: Any, pool: SimpleNamespace) -> None:
    assert "巡察干部库" in client_as("office_staff").get(reverse("dashboards:home")).content.decode()
    assert "巡察干部库" not in client_as("cdi").get(reverse("dashboards:home")).content.decode()


# ---- List --------------------------------------------------------------------------------------------------------


def test_list_shows_skills_availability_and_filters(client_as: Any, pool: SimpleNamespace) -> None:
    client = client_as("office_staff")
    html = client.get(reverse("pool:profile-list")).content.decode()
    assert "林组长" in html and "周成员" in html and "钱局长" in html
    assert "纪检监察" in html and "暂不可抽调" in html and "外市干部" not in html
    filtered = client.get(reverse("pool:profile-list"), {"skill": "audit"}).content.decode()
    assert "周成员" in filtered and "林组长" not in filtered
    leaders = client.get(reverse("pool:profile-list"), {"can_lead": "1"}).content.decode()
    assert "林组长" in leaders and "周成员" not in leaders
    county = client.get(reverse("pool:profile-list"), {"jurisdiction": pool.county.jurisdiction_id}).content.decode()
    assert "钱局长" in county and "林组长" not in county
    bad = client.get(reverse("pool:profile-list"), {"skill": "astrology", "jurisdiction": "x"})
    assert bad.status_code == 200 and "部分筛选条件无效" in bad.content.decode()


def test_list_read_is_audited_once_with_its_filter_and_count(client_as: Any, pool: SimpleNamespace) -> None:
    client_as("office_staff").get(reverse("pool:profile-list"), {"skill": "audit"})
    (event,) = AuditEvent.objects.filter(action="pool.list")
    details = json.loads(event.details)
    assert details["filters"] == {"skill": "audit"} and details["count"] == 1 and details["page"] == 1
    assert event.actor_username == "office_staff" and event.object_type == "orgs.person"


def test_list_over_htmx_returns_the_results_only(client_as: Any, pool: SimpleNamespace) -> None:
    response = client_as("office_staff").get(reverse("pool:profile-list"), {"q": "林"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "林组长" in html and "<html" not in html


def test_list_query_count_does_not_grow_with_rows(client_as: Any, pool: SimpleNamespace, objects: SimpleNamespace,
                                                  django_assert_max_num_queries: Any) -> None:
    client = client_as("office_staff")
    url = reverse("pool:profile-list")
    client.get(url)
    for i in range(25):
        person = PersonFactory(name=f"干部{i:02d}", organization=objects.org_x)
        profile = InspectorProfile.objects.create(person=person, jurisdiction=objects.city)
        profile.skills.create(skill="law")
        profile.skills.create(skill="audit")
    # 14 for the page, 1 for the menu's to-do badge, 3 for its audit event (4 on PostgreSQL: the advisory lock).
    with django_assert_max_num_queries(18 + (connection.vendor == "postgresql")):
        response = client.get(url)
    assert response.content.decode().count("skill-law") >= 20


# ---- One entry ---------------------------------------------------------------------------------------------------


def test_detail_shows_recusal_facts_and_team_history_and_is_audited(client_as: Any, pool: SimpleNamespace) -> None:
    before = AuditEvent.objects.filter(action="person.read").count()
    html = client_as("office_staff").get(reverse("pool:profile-detail", args=[pool.lead.pk])).content.decode()
    assert "林组长" in html and "甲市房管局" in html and "副局长" in html  # work history
    assert "第一巡察组" in html and "组长" in html  # past team role
    assert "申报亲属" in html and "曾任巡察组组长" in html
    assert AuditEvent.objects.filter(action="person.read").count() == before + 1


# ---- Adding and editing --------------------------------------------------------------------------------------------


def test_create_searches_cadres_not_yet_in_the_pool(client_as: Any, pool: SimpleNamespace) -> None:
    client = client_as("office_staff")
    html = client.get(reverse("pool:profile-create"), {"q": "局长"}, headers={"HX-Request": "true"}).content.decode()
    assert "赵局长" in html and "王主任" not in html
    assert "钱局长" not in html  # already in the pool
    assert client.get(reverse("pool:profile-create"), {"q": "外市"}).content.decode().count("外市干部") == 0


def test_create_adds_the_cadre_with_skills(client_as: Any, pool: SimpleNamespace, objects: SimpleNamespace) -> None:
    client = client_as("org_dept")
    response = client.post(reverse("pool:profile-create"), {
        "person": objects.person_b.pk, "jurisdiction": objects.city.pk, "skills": ["finance", "law"],
        "availability": "available", "can_lead": "on", "note": "财务骨干",
    })
    profile = InspectorProfile.objects.get(person=objects.person_b)
    assert response.status_code == 302 and response["Location"] == reverse("pool:profile-detail", args=[profile.pk])
    assert sorted(profile.skill_codes) == ["finance", "law"] and profile.can_lead
    assert AuditEvent.objects.filter(action="pool.add", object_id=str(profile.pk)).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({}, "请先查找并选择一名干部。"),
    ({"person": "foreign"}, "所选干部不存在或不在您的管辖范围内。"),
    ({"person": "county", "skills": ["astrology"]}, "不在专长目录中"),
    ({"person": "county"}, "已在巡察干部人才库中"),
    ({"person": "b", "availability": "unavailable", "unavailable_until": "2001-01-01"}, "不能早于今天"),
    ({"person": "b", "joined_on": "2001-13-45"}, "请输入有效的日期"),
])
def test_create_refuses_bad_input_in_chinese_and_changes_nothing(client_as: Any, pool: SimpleNamespace,
                                                                 objects: SimpleNamespace, data: dict[str, Any],
                                                                 message: str) -> None:
    people = {"foreign": pool.foreign.person_id, "county": objects.person_county.pk, "b": objects.person_b.pk}
    payload = {"jurisdiction": objects.city.pk, "availability": "available", **data}
    if "person" in payload:
        payload["person"] = people[payload["person"]]
    before = InspectorProfile.objects.count()
    response = client_as("office_staff").post(reverse("pool:profile-create"), payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert InspectorProfile.objects.count() == before


def test_create_into_a_pool_the_user_may_not_maintain_is_a_form_error(client_as: Any, pool: SimpleNamespace,
                                                                      objects: SimpleNamespace) -> None:
    response = client_as("office_staff").post(reverse("pool:profile-create"), {
        "person": objects.person_b.pk, "jurisdiction": pool.elsewhere.pk, "availability": "available"})
    assert response.status_code == 400 and "您不能维护这个人才库。" in response.content.decode()


def test_edit_changes_skills_and_availability(client_as: Any, pool: SimpleNamespace, objects: SimpleNamespace) -> None:
    client = client_as("office_director")
    form = client.get(reverse("pool:profile-edit", args=[pool.member.pk])).content.decode()
    assert re.search(r'value="audit" id="skill-audit"\s+checked', form)
    assert not re.search(r'value="law" id="skill-law"\s+checked', form)
    # The edit page shows the cadre's entry: read like the detail page.
    read = AuditEvent.objects.get(action="person.read", actor_username="office_director")
    assert read.object_id == str(pool.member.person_id) and read.details == '{"via":"pool_edit"}'
    response = client.post(reverse("pool:profile-edit", args=[pool.member.pk]), {
        "jurisdiction": objects.city.pk, "skills": ["audit", "writing"], "availability": "available", "note": ""})
    assert response.status_code == 302
    pool.member.refresh_from_db()
    assert sorted(pool.member.skill_codes) == ["audit", "writing"] and pool.member.availability == "available"
    assert AuditEvent.objects.filter(action="pool.update", object_id=str(pool.member.pk)).exists()


# ---- Export and import as jobs -------------------------------------------------------------------------------


def test_export_through_the_page_runs_a_job_with_progress_and_download(
        client_as: Any, pool: SimpleNamespace, django_capture_on_commit_callbacks: Any) -> None:
    client = client_as("office_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pool:profile-export"), {"skill": "audit"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "导出巡察干部人才库" in response.content.decode()
    job = BackgroundJob.objects.get(kind="pool.export")
    assert job.status == "succeeded" and job.params == {"skill": "audit"}
    status = client.get(reverse("core:job-status", args=[job.pk])).content.decode()
    assert reverse("core:job-download", args=[job.pk]) in status
    download = client.get(reverse("core:job-download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["姓名", "周成员"]


def test_export_without_htmx_comes_back_to_the_list_with_the_job(
        client_as: Any, pool: SimpleNamespace, django_capture_on_commit_callbacks: Any) -> None:
    client = client_as("office_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pool:profile-export"), {"can_lead": "1"})
    job = BackgroundJob.objects.get(kind="pool.export")
    assert response.status_code == 302 and f"job={job.pk}" in response["Location"] and "can_lead=1" in response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert f'id="job-{job.pk}"' in html and "下载" in html
    # Another user's job id shows nothing.
    other = client_as("office_director").get(response["Location"]).content.decode()
    assert f'id="job-{job.pk}"' not in other


def test_import_through_the_page_creates_entries(client_as: Any, pool: SimpleNamespace, objects: SimpleNamespace,
                                                 django_capture_on_commit_callbacks: Any) -> None:
    client = client_as("office_staff")
    data = _xlsx([HEADER, ["赵局长", "", "", "甲市房管局", "局长", "", "财务会计、审计", "可抽调", "是", "", ""],
                  ["新干部", "女", 1985, "甲市组织部", "科员", "科员及以下", "文字综合", "", "", "2018-06-01", ""]])
    upload = SimpleUploadedFile("名单.xlsx", data, content_type="application/octet-stream")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pool:profile-import"), {"jurisdiction": objects.city.pk, "file": upload},
                               headers={"HX-Request": "true"})
    assert response.status_code == 200
    job = BackgroundJob.objects.get(kind="pool.import")
    assert job.status == "succeeded", job.errors
    assert InspectorProfile.objects.get(person=objects.person_b).can_lead
    assert InspectorProfile.objects.filter(person__name="新干部").exists()
    html = client.get(reverse("pool:profile-import"), {"job": job.pk}).content.decode()
    assert "已导入 2 人" in html


def test_failed_import_lists_the_errors_by_row_and_changes_nothing(
        client_as: Any, pool: SimpleNamespace, objects: SimpleNamespace,
        django_capture_on_commit_callbacks: Any) -> None:
    client = client_as("office_staff")
    data = _xlsx([HEADER, ["赵局长", "", "", "甲市房管局", "局长", "", "占卜", "", "", "", ""],
                  ["某人", "", "", "不存在的单位", "科员", "", "", "", "也许", "", ""]])
    before = InspectorProfile.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pool:profile-import"), {
            "jurisdiction": objects.city.pk, "file": SimpleUploadedFile("bad.xlsx", data)})
    job = BackgroundJob.objects.get(kind="pool.import")
    assert response.status_code == 302 and response["Location"].endswith(f"?job={job.pk}")
    assert job.status == "failed" and InspectorProfile.objects.count() == before
    html = client.get(response["Location"]).content.decode()
    assert "第 2 行" in html and "第 3 行" in html and "占卜" in html and "未导入任何数据" in html


@pytest.mark.parametrize(("name", "content", "message"), [
    ("名单.csv", b"a,b", "请上传 Excel 文件（.xlsx）。"),
    ("名单.xlsx", b"not a zip", "文件内容不是 Excel 格式。"),
])
def test_import_refuses_a_file_that_is_not_excel(client_as: Any, pool: SimpleNamespace, objects: SimpleNamespace,
                                                 name: str, content: bytes, message: str) -> None:
    response = client_as("office_staff").post(reverse("pool:profile-import"), {
        "jurisdiction": objects.city.pk, "file": SimpleUploadedFile(name, content)}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and message in response.content.decode()
    assert not BackgroundJob.objects.filter(kind="pool.import").exists()


def test_import_without_a_file_is_a_form_error(client_as: Any, pool: SimpleNamespace, objects: SimpleNamespace) -> None:
    response = client_as("office_staff").post(reverse("pool:profile-import"), {"jurisdiction": objects.city.pk})
    assert response.status_code == 400 and "请选择要上传的 Excel 文件" in response.content.decode()


def test_import_template_has_the_import_columns(client_as: Any, pool: SimpleNamespace) -> None:
    response = client_as("office_staff").get(reverse("pool:import-template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert next(sheet.iter_rows(values_only=True)) == tuple(HEADER)
