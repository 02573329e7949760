"""The writes of findings, one service each for the page and the API: transactional, audited, scoped.

Objects are loaded through the scope kernel (``access``) with the capability the write needs: a finding outside
the caller's grants is a 404, a visible one whose step they may not take a 403. Bad input raises ``DomainError``
with a Chinese message naming the field; nothing is written then.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Max
from django.tasks import task

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.jobs import LONG_QUEUE, JobFailed, Progress, enqueue_on_commit, job_create, job_run
from xuncha.core.models import BackgroundJob
from xuncha.core.scoping import access, capabilities
from xuncha.core.spreadsheets import SheetRows, SpreadsheetError, check_xlsx, open_first_sheet
from xuncha.findings.models import (
    EDITABLE_STATUSES,
    Finding,
    FindingEvidence,
    FindingSource,
    FindingStatus,
    PersonLevel,
    Severity,
)
from xuncha.findings.workflow import FINDING_WORKFLOW, WORKING_STATUSES
from xuncha.inspections import evidence
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Organization, Person
from xuncha.taxonomy.models import Article, Discipline, FrameworkNode, Regulation
from xuncha.taxonomy.selectors import basis_problems, category_frameworks

TITLE_MAX = 200
NOT_WORKING = "巡察已不在驻点或报告阶段，不能再登记或修改问题。"
AMOUNT_MAX = Decimal("999999999999.99")


@dataclass
class FindingData:
    """What a finding says; the same for the form, the bulk entry, the import and the API."""

    organization_id: int | None
    category_id: int | None
    title: str
    description: str
    conduct_from: datetime.date | None
    conduct_to: datetime.date | None = None
    source: str = FindingSource.OTHER
    people_involved: str = ""
    person_ids: Sequence[int] = ()
    amount: Decimal | None = None
    severity: str = Severity.GENERAL
    discipline: str = ""
    eight_rules_category_id: int | None = None
    person_level: str = PersonLevel.NONE
    involves_leadership: bool = False
    involves_principal: bool = False
    is_general: bool = False
    basis_ids: Sequence[int] = ()
    basis_note: str = ""
    evidence: Sequence[tuple[str, int]] = field(default_factory=list)


class FindingInvalid(DomainError):
    """Several fields are wrong at once; ``fields`` names each with its Chinese message."""

    status = 422


def _fail(errors: dict[str, list[str]]) -> FindingInvalid:
    first = next(iter(errors.values()))[0]
    return FindingInvalid(first if len(errors) == 1 else f"{first}（共 {len(errors)} 处需修改）", fields=errors)


def _work_inspection(actor: User, inspection_id: int, *, lock: bool = True) -> Inspection:
    inspection = access_inspection(actor, inspection_id, capability=Cap.RECORD_FINDINGS, lock=lock)
    if inspection.status not in WORKING_STATUSES:
        raise DomainError(NOT_WORKING)
    return inspection


def _target_orgs(inspection: Inspection) -> list[Organization]:
    return [t.organization for t in inspection.targets.all()]


def allowed_categories(inspection: Inspection) -> dict[int, FrameworkNode]:
    """The items a finding of ``inspection`` may be filed under: those of the round's focus framework and of the
    special-topic checklists in force when it started, in the tree of the dispatching committee."""
    frameworks = category_frameworks(day=inspection.round.planned_start, focus=inspection.round.focus_framework)
    nodes = (FrameworkNode.objects.filter(framework__in=frameworks).in_tree_of(inspection.jurisdiction.path)
             .select_related("framework"))
    return {n.pk: n for n in nodes}


def _clean(inspection: Inspection, actor: User, data: FindingData) -> dict[str, Any]:
    """The finding's fields from ``data``, or every problem at once (``FindingInvalid``)."""
    errors: dict[str, list[str]] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    today = business_today()
    values: dict[str, Any] = {}
    title = " ".join((data.title or "").split())
    if not title:
        bad("title", "请填写问题概述。")
    elif len(title) > TITLE_MAX:
        bad("title", f"问题概述不能超过 {TITLE_MAX} 字。")
    values["title"] = title
    description = (data.description or "").strip()
    if not description:
        bad("description", "请填写问题表现（事实）。")
    values["description"] = description
    targets = _target_orgs(inspection)
    # Only the organisations the inspection covers (its targets and their subordinate units) can be chosen.
    org = (Organization.objects.filter(pk__in=[data.organization_id]).first() if data.organization_id else None)
    if org is None or not any(org.path.startswith(t.path) for t in targets):
        bad("organization", "请选择本次巡察的被巡察单位（或其下属单位）。")
    values["organization"] = org
    categories = allowed_categories(inspection)
    category = categories.get(data.category_id or 0)
    if category is None:
        bad("category", "请选择本次巡察适用的分类体系中的问题类别。")
    else:
        values["category"], values["framework"] = category, category.framework
    eight = None
    if data.eight_rules_category_id:
        eight_rules = inspection.round.eight_rules_framework_id or 0
        eight = FrameworkNode.objects.filter(pk__in=[data.eight_rules_category_id], framework_id=eight_rules).first()
        if eight is None:
            bad("eight_rules_category", "八项规定统计类别须取自本轮适用的统计口径。")
    values["eight_rules_category"] = eight
    if data.conduct_from is None:
        bad("conduct_from", "请填写行为发生时间（定性依据按当时有效的条款适用）。")
    elif data.conduct_from > today:
        bad("conduct_from", "行为发生时间不能晚于今天。")
    if data.conduct_to is not None and data.conduct_from is not None and data.conduct_to < data.conduct_from:
        bad("conduct_to", "行为持续至不能早于行为发生时间。")
    values["conduct_from"], values["conduct_to"] = data.conduct_from, data.conduct_to
    for name, value, choices, label in (
        ("source", data.source, FindingSource.values, "问题来源"),
        ("severity", data.severity, Severity.values, "严重程度"),
        ("person_level", data.person_level, PersonLevel.values, "涉及人员层级"),
    ):
        if value not in choices:
            bad(name, f"{label}无效。")
        values[name] = value
    if data.discipline and data.discipline not in Discipline.values:
        bad("discipline", "纪律类别无效。")
    values["discipline"] = data.discipline or ""
    if data.amount is not None and not (Decimal(0) <= data.amount <= AMOUNT_MAX):
        bad("amount", "涉及金额须为不小于 0 的数字（元）。")
    values["amount"] = data.amount
    people = " ".join((data.people_involved or "").split())
    if len(people) > 300:
        bad("people_involved", "涉及人员不能超过 300 字。")
    values["people_involved"] = people
    basis_note = " ".join((data.basis_note or "").split())
    if len(basis_note) > 300:
        bad("basis_note", "定性说明不能超过 300 字。")
    values["basis_note"] = basis_note
    values["involves_leadership"] = bool(data.involves_leadership)
    values["involves_principal"] = bool(data.involves_principal)
    values["is_general"] = bool(data.is_general)
    # People: cadres the actor may see, working in an inspected organisation.
    person_ids = sorted(set(data.person_ids))
    persons = list(Person.objects.visible_to(actor).filter(pk__in=person_ids).select_related("organization"))
    if len(persons) != len(person_ids) or not all(
            any(p.organization.path.startswith(t.path) for t in targets) for p in persons):
        bad("persons", "涉及干部须为被巡察单位的干部。")
    values["persons"] = persons
    # Basis: articles in force at the time of the conduct (ADR-0022).
    basis_ids = sorted(set(data.basis_ids))
    articles = list(Article.objects.visible_to(actor).filter(pk__in=basis_ids).select_related("regulation"))
    if len(articles) != len(basis_ids):
        bad("basis", "定性依据中有不存在的条款。")
    elif data.conduct_from is not None:
        for problem in basis_problems(articles, data.conduct_from):
            bad("basis", problem)
    values["basis"] = articles
    # Evidence: records of this inspection the actor may see.
    refs = list(dict.fromkeys((str(k), int(i)) for k, i in data.evidence))
    unknown = [k for k, _ in refs if k not in evidence.KINDS]
    if unknown:
        bad("evidence", f"依据类型“{unknown[0]}”不存在。")
    else:
        for problem in evidence.check_refs(actor, refs, inspection_id=inspection.pk):
            bad("evidence", problem)
    values["evidence"] = refs
    if errors:
        raise _fail(errors)
    return values


def _save(finding: Finding, values: dict[str, Any]) -> None:
    persons, basis, refs = values.pop("persons"), values.pop("basis"), values.pop("evidence")
    for name, value in values.items():
        setattr(finding, name, value)
    finding.save()
    finding.persons.set(persons)
    finding.basis.set(basis)
    kept = set(refs)
    FindingEvidence.objects.filter(finding=finding).exclude(
        pk__in=[e.pk for e in FindingEvidence.objects.filter(finding=finding) if (e.kind, e.object_id) in kept]
    ).delete()
    existing = {(e.kind, e.object_id): e for e in FindingEvidence.objects.filter(finding=finding)}
    for order, (kind, pk) in enumerate(refs, start=1):
        row = existing.get((kind, pk))
        if row is None:
            FindingEvidence.objects.create(finding=finding, kind=kind, object_id=pk, order=order)
        elif row.order != order:
            row.order = order
            row.save(update_fields=["order"])


def _create(actor: User, inspection: Inspection, data: FindingData, *, sequence: int,
            drafted_by: User | None = None) -> Finding:
    values = _clean(inspection, actor, data)
    finding = Finding(inspection=inspection, sequence=sequence, code=f"{inspection.code}-WT-{sequence:03d}",
                      drafted_by=drafted_by or actor)
    _save(finding, values)
    return finding


def _next_sequence(inspection: Inspection) -> int:
    # The inspection row is locked by the caller, so two writers cannot take the same number.
    return (Finding.objects.filter(inspection=inspection).aggregate(n=Max("sequence"))["n"] or 0) + 1


@transaction.atomic
def finding_create(*, actor: User, inspection_id: int, data: FindingData) -> Finding:
    """Draft a finding (承办人) in one of the inspection's organisations."""
    inspection = _work_inspection(actor, inspection_id)
    finding = _create(actor, inspection, data, sequence=_next_sequence(inspection))
    audit_record("finding.create", actor=actor, obj=finding,
                 details={"inspection": inspection.code, "category": finding.category.code,
                          "evidence": len(data.evidence), "basis": len(data.basis_ids)})
    return finding


@transaction.atomic
def finding_from_paper(*, actor: User, inspection: Inspection, data: FindingData, drafted_by: User) -> Finding:
    """Record a draft of a stay that is over from its paper record (the demo's past stays): the service's checks as
    ``actor`` sees the inspection (what may be cited, the basis in force at the conduct), without the stay's time
    limit. Its later steps are recorded by the caller with their dates."""
    finding = _create(actor, inspection, data, sequence=_next_sequence(inspection), drafted_by=drafted_by)
    audit_record("finding.create", actor=actor, obj=finding, details={"inspection": inspection.code,
                                                                      "from_paper": True})
    return finding


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


class RowsInvalid(DomainError):
    """Some rows of a bulk entry or an import are wrong: nothing was written; ``rows`` says which and why."""

    status = 422

    def __init__(self, rows: list[RowError]) -> None:
        first = rows[0]
        super().__init__(f"第 {first.row} 行：{first.message}（共 {len(rows)} 处错误，均未保存）",
                         fields={"rows": [f"第 {r.row} 行：{r.message}" for r in rows]})
        self.rows = rows


@transaction.atomic
def findings_bulk_create(*, actor: User, inspection_id: int, rows: Sequence[tuple[int, FindingData]]
                         ) -> list[Finding]:
    """Draft several findings at once (bulk entry, import): all or none; every row's problems are named with its
    row number (the form's or the spreadsheet's)."""
    inspection = _work_inspection(actor, inspection_id)
    if not rows:
        raise DomainError("没有可登记的问题。")
    problems: list[RowError] = []
    cleaned: list[FindingData] = []
    for number, data in rows:
        try:
            _clean(inspection, actor, data)
        except FindingInvalid as exc:
            problems.extend(RowError(number, name, msg) for name, msgs in exc.fields.items() for msg in msgs)
            continue
        cleaned.append(data)
    if problems:
        raise RowsInvalid(problems)
    sequence = _next_sequence(inspection)
    created = []
    for offset, data in enumerate(cleaned):
        created.append(_create(actor, inspection, data, sequence=sequence + offset))
    audit_record("finding.bulk_create", actor=actor, obj=inspection,
                 details={"count": len(created), "codes": [f.code for f in created]})
    return created


def _editable(actor: User, finding: Finding) -> None:
    caps = capabilities(actor, finding)
    if finding.status not in EDITABLE_STATUSES:
        raise DomainError("只有草稿状态的问题可以修改；已报送的问题请先退回。")
    if finding.drafted_by_id != actor.pk and Cap.REVIEW_FINDINGS not in caps:
        raise CapabilityMissing("只有承办人和正、副组长可以修改问题草稿。")


@transaction.atomic
def finding_update(*, actor: User, finding_id: int, data: FindingData) -> Finding:
    finding = access(Finding, actor, finding_id, capability=Cap.RECORD_FINDINGS, lock=True)
    inspection = _work_inspection(actor, finding.inspection_id, lock=False)
    _editable(actor, finding)
    before = {"category": finding.category_id, "organization": finding.organization_id,
              "amount": str(finding.amount) if finding.amount is not None else None}
    values = _clean(inspection, actor, data)
    _save(finding, values)
    after = {"category": finding.category_id, "organization": finding.organization_id,
             "amount": str(finding.amount) if finding.amount is not None else None}
    audit_record("finding.update", actor=actor, obj=finding,
                 details={k: [before[k], after[k]] for k in before if before[k] != after[k]})
    return finding


@transaction.atomic
def finding_delete(*, actor: User, finding_id: int) -> None:
    """Discard a draft (only a draft: once submitted a finding is part of the approval record)."""
    finding = access(Finding, actor, finding_id, capability=Cap.RECORD_FINDINGS, lock=True)
    _work_inspection(actor, finding.inspection_id, lock=False)
    _editable(actor, finding)
    audit_record("finding.delete", actor=actor, obj=finding)
    finding.delete()


@transaction.atomic
def finding_apply_transition(*, actor: User, finding_id: int, transition: str, note: str = "",
                             on: datetime.date | None = None, meeting_reference: str = "") -> Finding:
    """Take one step of the approval chain (or a later feature's step) with what it needs: a reason to send back,
    the team meeting's date and minutes reference to adopt."""
    step = FINDING_WORKFLOW.get(transition)
    finding = access(Finding, actor, finding_id, capability=step.capability, lock=True,
                     queryset=Finding.objects.select_related("inspection__round", "inspection__jurisdiction"))
    caps = capabilities(actor, finding)
    extra: list[str] = []
    if transition == "submit" and finding.drafted_by_id != actor.pk and Cap.REVIEW_FINDINGS not in caps:
        raise CapabilityMissing("只有承办人本人或正、副组长可以报送问题。")
    if step.date_field:
        day = on or business_today()
        start = finding.inspection.stationed_on
        if day > business_today() or (start is not None and day < start):
            raise DomainError("组务会日期须在进驻之后、且不晚于今天。", fields={"on": ["日期无效。"]})
        setattr(finding, step.date_field, day)
        extra.append(step.date_field)
    if transition == "adopt":
        reference = " ".join(meeting_reference.split())
        if not reference:
            raise DomainError("请填写组务会记录（如“第 5 次组务会”）。",
                              fields={"meeting_reference": ["请填写组务会记录。"]})
        finding.meeting_reference = reference[:120]
        extra.append("meeting_reference")
    FINDING_WORKFLOW.apply(finding, transition, actor=actor, caps=caps, note=note, extra_fields=extra)
    return finding


def finding_status_label(status: str) -> str:
    return str(FindingStatus(status).label)


# ---- Excel import (teams that worked offline) ------------------------------------------------------------------

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 1000
IMPORT_COLUMNS = ("单位", "问题类别编码", "问题概述", "问题表现", "行为发生时间", "行为持续至", "涉及人员",
                  "涉及金额（元）", "严重程度", "纪律类别", "问题来源", "定性依据")
REQUIRED_COLUMNS = ("单位", "问题类别编码", "问题概述", "问题表现", "行为发生时间")
IMPORT_EXAMPLE = ("市工商联", "D1", "违规发放津贴补贴", "2018年春节前以加班费名义向机关干部发放购物卡，每人1000元。",
                  "2018-02-10", "", "机关干部18人", 18000, "较重", "廉洁纪律", "调阅资料",
                  "纪律处分条例第一百零六条；廉洁自律准则第三条")
SEVERITY_BY_LABEL = {str(v.label): v.value for v in Severity}
DISCIPLINE_BY_LABEL = {str(v.label): v.value for v in Discipline}
SOURCE_BY_LABEL = {str(v.label): v.value for v in FindingSource}
_ARTICLE = re.compile(r"^《?(?P<name>[^》第]+?)》?(?P<number>第.+?[条项])$")


def findings_import_start(*, actor: User, inspection_id: int, name: str, data: bytes) -> BackgroundJob:
    """Check the upload (a real workbook, its size and declared rows), store it and start the import job; the job
    validates every row and imports all of them as drafts, or none."""
    inspection = _work_inspection(actor, inspection_id, lock=False)
    try:
        check_xlsx(name, data, max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_IMPORT_ROWS)
    except SpreadsheetError as exc:
        raise DomainError(exc.message, fields={"file": [exc.message]}) from exc
    stored = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    job = job_create(actor=actor, kind="findings.import", label=f"导入问题：{name}",
                     params={"file": stored, "inspection_id": inspection.pk})
    audit_record("finding.import_request", actor=actor, obj=job, details={"file": name, "inspection": inspection.code})
    enqueue_on_commit(findings_import_task, job_id=job.pk)
    return job


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _cell_date(value: Any, label: str, errors: list[str]) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        errors.append(f"{label}应为日期（如 2018-02-10）。")
        return None


def _resolve_basis(text: str, conduct_on: datetime.date | None, errors: list[str]) -> list[int]:
    """``纪律处分条例第八十八条；廉洁自律准则第三条`` → the articles of the versions in force on the conduct's day
    (the import names the regulation and the article; the version follows from the date, ADR-0022)."""
    ids: list[int] = []
    for item in filter(None, (p.strip() for p in re.split(r"[；;、\n]", text))):
        match = _ARTICLE.match(item)
        if match is None:
            errors.append(f"定性依据“{item}”应写成“法规简称第X条”，如“纪律处分条例第八十八条”。")
            continue
        if conduct_on is None:
            continue
        name, number = match["name"].strip().removeprefix("中国共产党"), match["number"]
        versions = Regulation.objects.in_force_on(conduct_on).filter(
            models.Q(short_title=name) | models.Q(family=name) | models.Q(title__endswith=name))
        article = Article.objects.filter(regulation__in=versions, number=number).first()
        if article is None:
            errors.append(f"定性依据“{item}”：行为发生时（{conduct_on:%Y-%m-%d}）施行的版本中没有该条款。")
        else:
            ids.append(article.pk)
    return ids


def _import_row(raw: dict[str, Any], orgs: dict[str, int], codes: dict[str, int]
                ) -> tuple[FindingData, list[str]]:
    errors: list[str] = []
    org_name = _cell_text(raw.get("单位"))
    org_id = orgs.get(org_name)
    if org_id is None:
        errors.append(f"单位“{org_name}”不是本次巡察的被巡察单位。")
    code = _cell_text(raw.get("问题类别编码")).upper()
    category_id = codes.get(code)
    if category_id is None:
        errors.append(f"问题类别编码“{code}”不在本轮适用的分类体系中。")
    conduct_from = _cell_date(raw.get("行为发生时间"), "行为发生时间", errors)
    conduct_to = _cell_date(raw.get("行为持续至"), "行为持续至", errors)
    amount_text = _cell_text(raw.get("涉及金额（元）")).replace(",", "").replace("，", "")
    amount = None
    if amount_text:
        try:
            amount = Decimal(amount_text).quantize(Decimal("0.01"))
        except ArithmeticError:
            errors.append("涉及金额应为数字（元）。")
    severity = SEVERITY_BY_LABEL.get(_cell_text(raw.get("严重程度")) or "一般")
    if severity is None:
        errors.append(f"严重程度应为{'、'.join(SEVERITY_BY_LABEL)}之一。")
    discipline_text = _cell_text(raw.get("纪律类别"))
    discipline = DISCIPLINE_BY_LABEL.get(discipline_text, "") if discipline_text else ""
    if discipline_text and not discipline:
        errors.append(f"纪律类别应为{'、'.join(DISCIPLINE_BY_LABEL)}之一。")
    source = SOURCE_BY_LABEL.get(_cell_text(raw.get("问题来源")) or "其他")
    if source is None:
        errors.append(f"问题来源应为{'、'.join(SOURCE_BY_LABEL)}之一。")
    basis_ids = _resolve_basis(_cell_text(raw.get("定性依据")), conduct_from, errors)
    data = FindingData(organization_id=org_id, category_id=category_id, title=_cell_text(raw.get("问题概述")),
                       description=_cell_text(raw.get("问题表现")), conduct_from=conduct_from, conduct_to=conduct_to,
                       people_involved=_cell_text(raw.get("涉及人员")), amount=amount,
                       severity=severity or Severity.GENERAL, discipline=discipline,
                       source=source or FindingSource.OTHER, basis_ids=basis_ids)
    return data, errors


def findings_import_work(job: BackgroundJob, progress: Progress) -> str:
    """Read the sheet, check every row (the row's own problems, then the service's), import all rows as drafts in
    one transaction, or none; each error names its row in the sheet."""
    actor = job.created_by
    inspection = _work_inspection(actor, int(job.params["inspection_id"]), lock=False)
    path = job.params["file"]
    try:
        with default_storage.open(path, "rb") as fh:
            data = fh.read()
    finally:
        default_storage.delete(path)
    try:
        with open_first_sheet(data) as sheet:
            rows = SheetRows(sheet, max_rows=MAX_IMPORT_ROWS, check=progress.check)
            missing = [c for c in REQUIRED_COLUMNS if c not in rows.header]
            if rows.rows_read == 0:
                raise JobFailed("文件是空的。")
            if missing:
                raise JobFailed(f"表头缺少列：{'、'.join(missing)}。请下载导入模板填写。")
            header, body = rows.header, list(rows)
    except JobFailed:
        raise
    except SpreadsheetError as exc:
        raise JobFailed(exc.message) from exc
    except Exception as exc:  # openpyxl raises many kinds for a damaged part met while streaming
        raise JobFailed("无法读取该 Excel 文件，请检查文件是否损坏。") from exc
    if not body:
        raise JobFailed("文件中没有问题数据。")
    orgs: dict[str, int] = {}
    for target in _target_orgs(inspection):
        for org in Organization.objects.filter(path__startswith=target.path):
            orgs.setdefault(org.short_name, org.pk)
            orgs.setdefault(org.name, org.pk)
    codes: dict[str, int] = {}
    focus_id = inspection.round.focus_framework_id
    for node in sorted(allowed_categories(inspection).values(), key=lambda n: n.framework_id != focus_id):
        codes.setdefault(node.code.upper(), node.pk)
        codes.setdefault(f"{node.framework.code}:{node.code}".upper(), node.pk)
    parsed: list[tuple[int, FindingData]] = []
    errors: list[str] = []
    for index, (line, values) in enumerate(body, start=1):
        raw = {name: (values[i] if i < len(values) else None) for i, name in enumerate(header)}
        row, problems = _import_row(raw, orgs, codes)
        errors.extend(f"第 {line} 行：{p}" for p in problems)
        parsed.append((line, row))
        progress(index, len(body) * 2)
    if errors:
        raise JobFailed(f"有 {len(errors)} 处错误，未导入任何问题。请修改后重新上传。", errors)
    try:
        created = findings_bulk_create(actor=actor, inspection_id=inspection.pk, rows=parsed)
    except RowsInvalid as exc:
        raise JobFailed(f"有 {len(exc.rows)} 处错误，未导入任何问题。请修改后重新上传。",
                        [f"第 {r.row} 行：{r.message}" for r in exc.rows]) from exc
    except DomainError as exc:
        raise JobFailed(exc.message) from exc
    progress(len(body) * 2, len(body) * 2)
    return f"已导入 {len(created)} 个问题（草稿），请逐条补充证据和定性依据后报送。"


@task(queue_name=LONG_QUEUE)
def findings_import_task(job_id: int) -> None:
    job_run(job_id, findings_import_work)
