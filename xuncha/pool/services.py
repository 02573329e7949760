"""The inspector pool (巡察干部人才库): profiles, and Excel import/export run as background jobs."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.tasks import task

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.jobs import LONG_QUEUE, JobFailed, Progress, enqueue_on_commit, job_create, job_run
from xuncha.core.models import BackgroundJob
from xuncha.core.scoping import access
from xuncha.core.spreadsheets import SheetRows, SheetWriter, SpreadsheetError, check_xlsx, open_first_sheet
from xuncha.orgs.models import Gender, Jurisdiction, Organization, Person, Rank
from xuncha.pool.models import Availability, InspectorProfile, InspectorSkill
from xuncha.rules.models import Skill

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
COLUMNS = ["姓名", "性别", "出生年份", "单位", "职务", "职级", "专长", "状态", "可任组长", "入库日期", "备注",
           "参加巡察次数"]
IMPORT_COLUMNS = COLUMNS[:-1]


def require_pool(actor: User, jurisdiction: Jurisdiction, cap: Cap = Cap.MANAGE_POOL) -> None:
    if cap not in scope_of(actor).capabilities_at(jurisdiction_path=jurisdiction.path):
        raise CapabilityMissing("只有巡察办和组织部可以维护巡察干部人才库。")


def pool_list(*, actor: User, q: str = "", skill: str = "", availability: str = "", can_lead: bool | None = None,
              jurisdiction_id: int | None = None) -> QuerySet[InspectorProfile]:
    """Pool members visible to ``actor`` with their skills and how often they have served on a team."""
    qs = (InspectorProfile.objects.visible_to(actor)
          .select_related("person__organization", "jurisdiction")
          .prefetch_related(Prefetch("skills", queryset=InspectorSkill.objects.order_by("skill")))
          .annotate(team_count=Count("person__team_memberships", distinct=True)))
    filtered = pool_filter(qs, q=q, skill=skill, availability=availability, can_lead=can_lead,
                     jurisdiction_id=jurisdiction_id)
    return filtered.order_by("person__name", "pk").distinct()


def pool_filter(qs: QuerySet[InspectorProfile], *, q: str = "", skill: str = "", availability: str = "",
                can_lead: bool | None = None, jurisdiction_id: int | None = None) -> QuerySet[InspectorProfile]:
    """The pool's filters (the page's FilterSet, the API, the Excel export and team forming apply these)."""
    if q:
        qs = qs.filter(Q(person__name__icontains=q) | Q(person__organization__short_name__icontains=q)
                       | Q(person__post__icontains=q))
    if skill:
        qs = qs.filter(skills__skill=skill)
    if availability:
        qs = qs.filter(availability=availability)
    if can_lead is not None:
        qs = qs.filter(can_lead=can_lead)
    if jurisdiction_id:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    return qs


@transaction.atomic
def profile_save(*, actor: User, person: Person, jurisdiction: Jurisdiction, skills: list[str], availability: str,
                 can_lead: bool, note: str = "", unavailable_until: datetime.date | None = None,
                 joined_on: datetime.date | None = None) -> InspectorProfile:
    """Add a cadre to the pool or update their entry."""
    require_pool(actor, jurisdiction)
    existing = InspectorProfile.objects.filter(person=person).select_related("jurisdiction").first()
    if existing is not None and existing.jurisdiction_id != jurisdiction.pk:
        # Moving an entry to another pool needs the right to maintain the pool it leaves too.
        require_pool(actor, existing.jurisdiction)
    unknown = set(skills) - set(Skill.values)
    if unknown:
        raise DomainError("专长不正确。", fields={"skills": ["专长不正确。"]})
    if availability not in Availability.values:
        raise DomainError("状态不正确。", fields={"availability": ["状态不正确。"]})
    profile, created = InspectorProfile.objects.update_or_create(
        person=person,
        defaults={"jurisdiction": jurisdiction, "availability": availability, "can_lead": can_lead, "note": note,
                  "unavailable_until": unavailable_until, "joined_on": joined_on or business_today()},
    )
    profile.skills.exclude(skill__in=skills).delete()
    InspectorSkill.objects.bulk_create([InspectorSkill(profile=profile, skill=s) for s in skills],
                                       ignore_conflicts=True)
    audit_record("pool.add" if created else "pool.update", actor=actor, obj=profile, details={"skills": skills})
    return profile


# ---- Export -----------------------------------------------------------------------------------------------------

def pool_export_start(*, actor: User, filters: dict[str, Any]) -> BackgroundJob:
    """Queue an export of the pool as the user sees it (same filters as the page); audited as an export."""
    job = job_create(actor=actor, kind="pool.export", label="导出巡察干部人才库", params=filters)
    audit_record("export.request", actor=actor, obj=job, details={"what": "pool", "filters": filters})
    enqueue_on_commit(pool_export_task, job_id=job.pk)
    return job


def pool_export_work(job: BackgroundJob, progress: Progress) -> str:
    profiles = list(pool_list(actor=job.created_by, **_filters(job.params)))
    sheet = SheetWriter("巡察干部人才库", header=COLUMNS, exported_by=job.created_by)
    for index, p in enumerate(profiles, start=1):
        sheet.append([p.person.name, p.person.get_gender_display(), p.person.birth_year, str(p.person.organization),
                   p.person.post, p.person.get_rank_display(), "、".join(s.get_skill_display() for s in p.skills.all()),
                   p.get_availability_display(), "是" if p.can_lead else "否",
                   p.joined_on.isoformat() if p.joined_on else "", p.note, getattr(p, "team_count", 0)])
        if index % 50 == 0:
            progress(index, len(profiles))
    progress.check()
    name = default_storage.save(f"exports/{uuid.uuid4().hex}.xlsx", ContentFile(sheet.to_bytes()))
    BackgroundJob.objects.filter(pk=job.pk).update(result_file=name,
                                                   result_name=f"巡察干部人才库-{datetime.date.today():%Y%m%d}.xlsx")
    progress(len(profiles), len(profiles))
    return f"共导出 {len(profiles)} 人。"


def _filters(params: dict[str, Any]) -> dict[str, Any]:
    allowed = {"q", "skill", "availability", "can_lead", "jurisdiction_id"}
    return {k: v for k, v in params.items() if k in allowed}


# ---- Import -----------------------------------------------------------------------------------------------------

def check_upload(name: str, data: bytes) -> None:
    """Type (by content: a workbook openpyxl opens), size and declared rows are checked before anything is
    stored (SEC-15)."""
    try:
        check_xlsx(name, data, max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_IMPORT_ROWS)
    except SpreadsheetError as exc:
        raise DomainError(exc.message, fields={"file": [exc.message]}) from exc


def pool_import_start(*, actor: User, jurisdiction: Jurisdiction, name: str, data: bytes) -> BackgroundJob:
    require_pool(actor, jurisdiction)
    check_upload(name, data)
    stored = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    job = job_create(actor=actor, kind="pool.import", label=f"导入巡察干部：{name}",
                     params={"file": stored, "jurisdiction_id": jurisdiction.pk})
    audit_record("pool.import_request", actor=actor, obj=job, details={"file": name})
    enqueue_on_commit(pool_import_task, job_id=job.pk)
    return job


@dataclass
class ImportRow:
    line: int
    person: Person | None
    values: dict[str, Any]


SKILL_BY_LABEL = {str(s.label): s.value for s in Skill}
AVAILABILITY_BY_LABEL = {str(a.label): a.value for a in Availability}
RANK_BY_LABEL = {str(r.label): r.value for r in Rank}
GENDER_BY_LABEL = {str(g.label): g.value for g in Gender}


def pool_import_work(job: BackgroundJob, progress: Progress) -> str:
    """Validate every row first; import only when all are good, in one transaction, so a bad file changes
    nothing. Each error names its row."""
    # The job runs with its creator's rights: a pool they may no longer see is not written to.
    jurisdiction = access(Jurisdiction, job.created_by, job.params["jurisdiction_id"])
    path = job.params["file"]
    try:
        with default_storage.open(path, "rb") as fh:
            data = fh.read()
    finally:
        default_storage.delete(path)
    header, body = _read_import(data, progress)
    col = {name: header.index(name) for name in IMPORT_COLUMNS if name in header}
    orgs: dict[str, Organization] = {}
    for org in Organization.objects.filter(jurisdiction__path__startswith=jurisdiction.path):
        orgs.setdefault(org.short_name, org)
        orgs.setdefault(org.name, org)
    errors: list[str] = []
    parsed: list[ImportRow] = []
    for index, (line, raw) in enumerate(body, start=1):
        row = {name: (raw[i] if i < len(raw) else None) for name, i in col.items()}
        parsed.append(_parse_row(line, row, orgs, errors))
        if index % 100 == 0:
            progress(index, len(body) * 2)
    if errors:
        raise JobFailed(f"有 {len(errors)} 处错误，未导入任何数据。请修改后重新上传。", errors)
    with transaction.atomic():
        for index, item in enumerate(parsed, start=1):
            v = item.values
            person = item.person or Person.objects.create(
                name=v["name"], gender=v["gender"], birth_year=v["birth_year"], organization=v["organization"],
                post=v["post"], rank=v["rank"])
            profile, _ = InspectorProfile.objects.update_or_create(
                person=person, defaults={"jurisdiction": jurisdiction, "availability": v["availability"],
                                         "can_lead": v["can_lead"], "note": v["note"],
                                         "joined_on": v["joined_on"]})
            profile.skills.exclude(skill__in=v["skills"]).delete()
            InspectorSkill.objects.bulk_create([InspectorSkill(profile=profile, skill=s) for s in v["skills"]],
                                               ignore_conflicts=True)
            if index % 100 == 0:
                progress(len(body) + index, len(body) * 2)
        audit_record("pool.import", actor=job.created_by, obj=job, details={"rows": len(parsed)})
    return f"已导入 {len(parsed)} 人。"


def _read_import(data: bytes, progress: Progress) -> tuple[list[str], list[tuple[int, tuple[Any, ...]]]]:
    """The header and the non-blank rows (with their line in the sheet), read as a stream that stops at the
    row limit; the deadline is checked while reading."""
    try:
        with open_first_sheet(data) as sheet:
            rows = SheetRows(sheet, max_rows=MAX_IMPORT_ROWS, check=progress.check)
            if rows.rows_read == 0:
                raise JobFailed("文件是空的。")
            missing = [c for c in ("姓名", "单位", "职务") if c not in rows.header]
            if missing:
                raise JobFailed(f"表头缺少列：{'、'.join(missing)}。请使用导出文件的格式。")
            return rows.header, list(rows)
    except JobFailed:
        raise
    except SpreadsheetError as exc:
        raise JobFailed(exc.message) from exc
    except Exception as exc:  # openpyxl raises many kinds for a damaged part met while streaming
        raise JobFailed("无法读取该 Excel 文件，请检查文件是否损坏。") from exc


def _parse_row(line: int, row: dict[str, Any], orgs: dict[str, Organization], errors: list[str]) -> ImportRow:
    def text(key: str) -> str:
        value = row.get(key)
        return "" if value is None else str(value).strip()

    name, org_name, post = text("姓名"), text("单位"), text("职务")
    where = f"第 {line} 行"
    if not name:
        errors.append(f"{where}：姓名为空。")
    org = orgs.get(org_name)
    if org is None:
        errors.append(f"{where}：单位“{org_name}”不在本级党委的党组织名录中。")
    skills = []
    for label in filter(None, (s.strip() for s in text("专长").replace("，", "、").replace(",", "、").split("、"))):
        if label not in SKILL_BY_LABEL:
            errors.append(f"{where}：专长“{label}”不在专长目录中（{'、'.join(SKILL_BY_LABEL)}）。")
        else:
            skills.append(SKILL_BY_LABEL[label])
    availability = AVAILABILITY_BY_LABEL.get(text("状态") or "可抽调")
    if availability is None:
        errors.append(f"{where}：状态应为{'、'.join(AVAILABILITY_BY_LABEL)}之一。")
    lead = text("可任组长") or "否"
    if lead not in ("是", "否"):
        errors.append(f"{where}：“可任组长”应填“是”或“否”。")
    joined = row.get("入库日期")
    joined_on = None
    if isinstance(joined, datetime.datetime):
        joined_on = joined.date()
    elif isinstance(joined, datetime.date):
        joined_on = joined
    elif joined not in (None, ""):
        try:
            joined_on = datetime.date.fromisoformat(str(joined).strip())
        except ValueError:
            errors.append(f"{where}：入库日期应为 YYYY-MM-DD。")
    person = Person.objects.filter(name=name, organization=org).first() if org else None
    values: dict[str, Any] = {"name": name, "organization": org, "post": post, "skills": skills,
                              "availability": availability, "can_lead": lead == "是", "note": text("备注")[:200],
                              "joined_on": joined_on}
    if person is None and org is not None and name:
        # A cadre not yet on file needs the basics a Person record requires.
        gender = GENDER_BY_LABEL.get(text("性别"))
        rank = RANK_BY_LABEL.get(text("职级") or "科员及以下")
        try:
            birth_year = int(str(row.get("出生年份") or "").strip())
        except ValueError:
            birth_year = 0
        if gender is None or rank is None or not (1940 <= birth_year <= business_today().year - 18):
            errors.append(f"{where}：{name}不在干部信息库中，新增时须填写性别（男/女）、出生年份和职级。")
        if not post:
            errors.append(f"{where}：职务为空。")
        values.update(gender=gender, rank=rank, birth_year=birth_year)
    return ImportRow(line, person, values)


# ---- Tasks ------------------------------------------------------------------------------------------------------
# The tasks live beside the work they run (the start services above enqueue them), so that neither needs the
# other through an import hidden in a function. An import may run for minutes, so it has the long queue (and
# its own worker) to itself; exports stay on the default one.

@task
def pool_export_task(job_id: int) -> None:
    job_run(job_id, pool_export_work)


@task(queue_name=LONG_QUEUE)
def pool_import_task(job_id: int) -> None:
    job_run(job_id, pool_import_work)
