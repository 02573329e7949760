"""The inspector pool: scope, profile saving, Excel export and all-or-nothing import as background jobs."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.core import jobs
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.jobs import job_create
from xuncha.core.models import BackgroundJob
from xuncha.core.spreadsheets import scan_limit
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.pool.models import InspectorProfile
from xuncha.pool.services import (
    MAX_IMPORT_ROWS,
    check_upload,
    pool_export_start,
    pool_export_task,
    pool_import_start,
    pool_import_task,
    pool_list,
    profile_save,
)

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


# ---- Formula injection, bounded imports, time limits --------------------------------------------------------------

DANGEROUS_NOTES = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


def _export(pool, capture) -> Any:
    with capture(execute=True):
        job = pool_export_start(actor=pool["office"], filters={})
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    with default_storage.open(job.result_file, "rb") as fh:
        return load_workbook(io.BytesIO(fh.read())).active


@pytest.mark.parametrize("note", DANGEROUS_NOTES)
def test_export_writes_a_note_that_looks_like_a_formula_as_text(pool, django_capture_on_commit_callbacks, note):
    InspectorProfile.objects.filter(person=pool["person"]).update(note=note)
    sheet = _export(pool, django_capture_on_commit_callbacks)
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    cell = sheet.cell(row=2, column=11)
    # Whether a stored CR reads back as CR or LF depends on the XML reader openpyxl picked (lxml or expat).
    assert cell.data_type == "s" and cell.value in {note, note.replace("\r", "\n")}
    assert cell.quotePrefix  # so Excel keeps it text even after the cell is edited
    assert sheet.cell(row=2, column=3).data_type == "n"  # the birth year stays a number


def test_a_formula_like_note_survives_import_and_export_as_text(pool, django_capture_on_commit_callbacks):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["赵审", "女", 1980, "市审计局", "科长", "正科级", "审计", "可抽调", "否", "", ""])
    ws["K2"].value = "=cmd|' /C calc'!A0"
    ws["K2"].data_type = "s"  # a text cell, as Excel stores a note typed with a leading quote
    buffer = io.BytesIO()
    wb.save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        job = pool_import_start(actor=pool["office"], jurisdiction=pool["city"], name="人才库.xlsx",
                                data=buffer.getvalue())
    job.refresh_from_db()
    assert job.status == "succeeded", job.errors
    assert InspectorProfile.objects.get(person=pool["person"]).note == "=cmd|' /C calc'!A0"
    cell = _export(pool, django_capture_on_commit_callbacks).cell(row=2, column=11)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)


def _padded_xlsx(last_row: int, *, declared: bool = True) -> bytes:
    """One good row, then an empty but formatted cell far down (as a sheet formatted to its end has)."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["赵审", "女", 1980, "市审计局", "科长", "正科级", "审计", "可抽调", "否", "", ""])
    ws.cell(row=last_row, column=1).font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if declared:
        return data
    out = io.BytesIO()  # the same file without its <dimension>: only reading it shows how long it is
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb"<dimension [^>]*/>", b"", body)
            dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_upload_declaring_a_huge_empty_area_is_refused_before_storing(pool):
    with pytest.raises(DomainError) as caught:
        pool_import_start(actor=pool["office"], jurisdiction=pool["city"], name="名单.xlsx",
                          data=_padded_xlsx(1_000_000))
    assert "共有 1000000 行" in caught.value.message and "一次最多导入 5000 行数据" in caught.value.message
    assert not BackgroundJob.objects.exists()


@pytest.fixture
def rows_read(monkeypatch):
    """Counts the rows openpyxl hands out while a workbook is read (read-only mode)."""
    counter = {"rows": 0}
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            counter["rows"] += 1
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return counter


def test_import_stops_reading_an_empty_area_at_the_limit(pool, rows_read):
    """A file whose length shows only when read: the job reads at most the scan limit, then refuses."""
    data = _padded_xlsx(1_000_000, declared=False)
    check_upload("名单.xlsx", data)  # nothing declared, so the upload check lets it through
    stored = default_storage.save("imports/padded.xlsx", ContentFile(data))
    job = job_create(actor=pool["office"], kind="pool.import", label="导入",
                     params={"file": stored, "jurisdiction_id": pool["city"].pk})
    rows_read["rows"] = 0
    pool_import_task.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message.startswith("表格行数过多（含空行）") and "一次最多导入 5000 行数据" in job.message
    assert rows_read["rows"] <= scan_limit(MAX_IMPORT_ROWS) + 1
    assert not default_storage.exists(stored)


def test_import_past_its_time_limit_is_failed_and_changes_nothing(pool, settings, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    settings.XUNCHA_JOB_TIME_LIMITS = {"pool.import": 60}
    readings = iter([0.0, 0.0])  # start, validation at row 100; then writing at row 100 is past the deadline
    monkeypatch.setattr(jobs, "_now", lambda: next(readings, 1000.0))
    data = _xlsx([HEADER, *[[f"新干部{i}", "男", 1980, "市审计局", "科员", "科员及以下", "审计", "", "", "", ""]
                            for i in range(150)]])
    with django_capture_on_commit_callbacks(execute=True):
        job = pool_import_start(actor=pool["office"], jurisdiction=pool["city"], name="人才库.xlsx", data=data)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message == "处理时间超过 1 分钟的时限，任务已中止。请缩小范围或分批处理后重试。"
    assert not Person.objects.filter(name__startswith="新干部").exists()
    assert InspectorProfile.objects.count() == 1


def test_imports_run_on_the_long_queue_and_exports_on_the_default_one():
    assert pool_import_task.queue_name == jobs.LONG_QUEUE
    assert pool_export_task.queue_name == "default"
