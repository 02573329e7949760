"""The inspector pool: scope, profile saving, Excel export and all-or-nothing import as background jobs."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from openpyxl import Workbook, load_workbook

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.models import BackgroundJob
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.pool.models import InspectorProfile
from xuncha.pool.services import pool_export_start, pool_import_start, pool_list, profile_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool():
    city = Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")
    other = Jurisdiction.objects.create(name="乙市", committee_name="中共乙市委", level="city", division_code="990200")
    cdi = Organization.objects.create(name="中共甲市纪委监委机关", short_name="市纪委监委机关",
                                      org_type="party_committee", sector="party_government", jurisdiction=city)
    audit = Organization.objects.create(name="中共甲市审计局党组", short_name="市审计局", org_type="party_group",
                                        sector="party_government", jurisdiction=city)
    office = User.objects.create_user(username="office", password="x")
    role_grant(actor=None, user=office, role=Role.OFFICE_STAFF, jurisdiction=city)
    foreign_office = User.objects.create_user(username="foreign", password="x")
    role_grant(actor=None, user=foreign_office, role=Role.OFFICE_STAFF, jurisdiction=other)
    cdi_user = User.objects.create_user(username="cdi", password="x")
    role_grant(actor=None, user=cdi_user, role=Role.DISCIPLINE_COMMISSION, jurisdiction=city)
    person = Person.objects.create(name="赵审", gender="F", birth_year=1980, organization=audit, post="科长",
                                   rank="sec_chief")
    profile_save(actor=office, person=person, jurisdiction=city, skills=["audit", "finance"], availability="available",
                 can_lead=False)
    return {"city": city, "cdi": cdi, "audit": audit, "office": office, "foreign": foreign_office,
            "cdi_user": cdi_user, "person": person}


def _xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


HEADER = ["姓名", "性别", "出生年份", "单位", "职务", "职级", "专长", "状态", "可任组长", "入库日期", "备注"]


def test_pool_is_scoped_to_the_jurisdiction_and_roles(pool):
    assert [p.person.name for p in pool_list(actor=pool["office"])] == ["赵审"]
    assert not pool_list(actor=pool["foreign"]).exists()
    assert not pool_list(actor=pool["cdi_user"]).exists()  # discipline commission has no pool rights
    assert [p.person.name for p in pool_list(actor=pool["office"], skill="audit")] == ["赵审"]
    assert not pool_list(actor=pool["office"], skill="law").exists()
    with pytest.raises(CapabilityMissing):
        profile_save(actor=pool["foreign"], person=pool["person"], jurisdiction=pool["city"], skills=[],
                     availability="available", can_lead=True)


def test_export_runs_as_a_job_and_writes_the_visible_rows(pool, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = pool_export_start(actor=pool["office"], filters={})
    job.refresh_from_db()
    assert job.status == "succeeded" and job.percent == 100
    with default_storage.open(job.result_file, "rb") as fh:
        sheet = load_workbook(io.BytesIO(fh.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "赵审" and rows[1][6] == "审计、财务会计"


def test_import_creates_and_updates_in_one_go(pool, django_capture_on_commit_callbacks):
    data = _xlsx([HEADER,
                  ["赵审", "女", 1980, "市审计局", "科长", "正科级", "审计、法律", "可抽调", "是", "2018-01-02", ""],
                  ["钱纪", "男", 1978, "市纪委监委机关", "副主任", "副处级", "纪检监察", "可抽调", "是", "", "新入库"]])
    with django_capture_on_commit_callbacks(execute=True):
        job = pool_import_start(actor=pool["office"], jurisdiction=pool["city"], name="人才库.xlsx", data=data)
    job.refresh_from_db()
    assert job.status == "succeeded", job.errors
    zhao = InspectorProfile.objects.get(person=pool["person"])
    assert sorted(zhao.skill_codes) == ["audit", "law"] and zhao.can_lead
    assert InspectorProfile.objects.get(person__name="钱纪").person.rank == "div_deputy"


def test_a_bad_row_fails_the_whole_import_and_names_the_row(pool, django_capture_on_commit_callbacks):
    data = _xlsx([HEADER,
                  ["孙新", "男", 1985, "市审计局", "科员", "", "审计", "可抽调", "否", "", ""],
                  ["李错", "男", 1985, "不存在局", "科员", "", "算命", "可抽调", "也许", "", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        job = pool_import_start(actor=pool["office"], jurisdiction=pool["city"], name="bad.xlsx", data=data)
    job = BackgroundJob.objects.get(pk=job.pk)
    assert job.status == "failed"
    assert any("第 3 行" in e and "不存在局" in e for e in job.errors)
    assert any("算命" in e for e in job.errors) and any("可任组长" in e for e in job.errors)
    assert not Person.objects.filter(name="孙新").exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("名单.csv", b"a,b", "xlsx"),
    ("名单.xlsx", b"not a zip", "不是 Excel"),
    ("名单.xlsx", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), "5 MB"),
])
def test_uploads_are_checked_before_storing(pool, name, data, message):
    with pytest.raises(DomainError, match=message):
        pool_import_start(actor=pool["office"], jurisdiction=pool["city"], name=name, data=data)
    assert not BackgroundJob.objects.exists()
