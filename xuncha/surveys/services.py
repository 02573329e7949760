"""Writes of the surveys app: building a survey, issuing answer codes, opening and closing it (the team, through
the page and the API alike), and the one public write, an anonymous answer by a one-time code (ADR-0017)."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Max
from django.http import Http404
from django.tasks import task

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import DomainError, TransitionNotAllowed
from xuncha.core.jobs import JobFailed, Progress, enqueue_on_commit, job_create, job_run
from xuncha.core.models import BackgroundJob
from xuncha.core.scoping import access, capabilities
from xuncha.core.spreadsheets import SheetWriter
from xuncha.inspections.models import Inspection
from xuncha.inspections.workflow import InspectionStatus
from xuncha.surveys.models import (
    CHOICE_KINDS,
    MIN_GROUP_CEILING,
    MIN_GROUP_FLOOR,
    QuestionKind,
    RespondentGroup,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
    SurveyTemplate,
    SurveyToken,
)
from xuncha.surveys.selectors import survey_results
from xuncha.surveys.workflows import SURVEY_WORKFLOW

RUN_DENIED = "只有本巡察组可以组织测评。"
# An inspection runs surveys from preparation on (the post-inspection evaluation comes after feedback); not before
# it is prepared, not once archived.
SURVEY_STATUSES = frozenset(InspectionStatus.values) - {InspectionStatus.PLANNED, InspectionStatus.ARCHIVED}
MAX_OPTIONS, MAX_OPTION_LENGTH = 12, 60
MAX_TOKENS_PER_BATCH = 500
MAX_TEXT_ANSWER = 1000
MAX_QUESTIONS = 80

# Crockford's base32: no I, L, O, U; 16 characters = 80 bits, printed in groups of four.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
_CODE_FIX = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Markup in a free-text answer: nobody writes a tag in an opinion; refusing it keeps scripts out of the results.
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _field_error(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def _survey_for_run(actor: User, survey_id: int, *, lock: bool = True) -> Survey:
    return access(Survey, actor, survey_id, capability=Cap.RUN_SURVEYS, denied=RUN_DENIED, lock=lock,
                  queryset=Survey.objects.select_related("inspection"))


def _require_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise TransitionNotAllowed("测评已开始答题，题目不能再修改。")


# ---- building a survey ------------------------------------------------------------------------------------------


@transaction.atomic
def survey_create(*, actor: User, inspection_id: int, template_id: int, title: str = "") -> Survey:
    """Make a survey of one inspection from a template: its questions are copied (a later template version
    changes nothing here) and stay adjustable until the survey is opened."""
    inspection = access(Inspection, actor, inspection_id, capability=Cap.RUN_SURVEYS, denied=RUN_DENIED,
                        queryset=Inspection.objects.prefetch_related("targets__organization"))
    if inspection.status not in SURVEY_STATUSES:
        raise TransitionNotAllowed("巡察尚未进入准备阶段或已归档，不能组织测评。")
    template = access(SurveyTemplate, actor, _int(template_id, "template_id"),
                      queryset=SurveyTemplate.objects.prefetch_related("questions"))
    title = title.strip()[:100] or _default_title(inspection, template)
    survey = Survey.objects.create(inspection=inspection, template=template, template_version=template.version,
                                   kind=template.kind, title=title, intro=template.intro, created_by=actor)
    SurveyQuestion.objects.bulk_create([
        SurveyQuestion(survey=survey, position=q.position, section=q.section, text=q.text, kind=q.kind,
                       options=list(q.options), required=q.required, max_choices=q.max_choices)
        for q in template.questions.all()
    ])
    audit_record("survey.create", actor=actor, obj=survey,
                 details={"inspection": inspection.code, "template": f"{template.code} v{template.version}"})
    return survey


def _default_title(inspection: Inspection, template: SurveyTemplate) -> str:
    names = "、".join(t.organization.short_name or t.organization.name for t in inspection.targets.all())
    return f"{names}{template.name.removesuffix('表')}"[:100]


def _int(value: Any, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _field_error(field, "取值无效。") from None


@transaction.atomic
def survey_update(*, actor: User, survey_id: int, title: str, intro: str, min_group_size: int) -> Survey:
    """Change the title, the instructions and the minimum number of responses before results are shown."""
    survey = _survey_for_run(actor, survey_id)
    _require_draft(survey)
    title = title.strip()
    if not title:
        raise _field_error("title", "请填写标题。")
    if len(title) > 100:
        raise _field_error("title", "标题不能超过 100 个字。")
    if not MIN_GROUP_FLOOR <= min_group_size <= MIN_GROUP_CEILING:
        raise _field_error("min_group_size", f"最少答卷数应在 {MIN_GROUP_FLOOR} 到 {MIN_GROUP_CEILING} 之间。")
    values = {"title": title, "intro": intro.strip()[:2000], "min_group_size": min_group_size}
    changes = {f: [getattr(survey, f), v] for f, v in values.items() if getattr(survey, f) != v}
    for name, value in values.items():
        setattr(survey, name, value)
    survey.save(update_fields=[*values, "updated_at"])
    audit_record("survey.update", actor=actor, obj=survey, details={"changes": changes})
    return survey


@dataclass(frozen=True)
class QuestionInput:
    """A question as the builder's form or the API sends it."""

    text: str
    kind: str
    options: Sequence[str] = ()
    section: str = ""
    required: bool = True
    max_choices: int = 0


def _clean_question(data: QuestionInput) -> dict[str, Any]:
    text = data.text.strip()
    if not text:
        raise _field_error("text", "请填写题目。")
    if len(text) > 300:
        raise _field_error("text", "题目不能超过 300 个字。")
    if data.kind not in QuestionKind.values:
        raise _field_error("kind", "请选择题型。")
    options = [o.strip() for o in data.options if o.strip()]
    max_choices = 0
    if data.kind in CHOICE_KINDS:
        if len(options) < 2:
            raise _field_error("options", "选择题和等级评价题至少要有两个选项（每行一个）。")
        if len(options) > MAX_OPTIONS:
            raise _field_error("options", f"选项不能超过 {MAX_OPTIONS} 个。")
        if any(len(o) > MAX_OPTION_LENGTH for o in options):
            raise _field_error("options", f"每个选项不能超过 {MAX_OPTION_LENGTH} 个字。")
        if len(set(options)) != len(options):
            raise _field_error("options", "选项不能重复。")
        if data.kind == QuestionKind.MULTIPLE:
            max_choices = data.max_choices
            if not 0 <= max_choices <= len(options):
                raise _field_error("max_choices", "最多可选项数应在 0（不限）到选项数之间。")
    else:
        options = []
    return {"text": text, "kind": data.kind, "options": options, "section": data.section.strip()[:60],
            "required": bool(data.required), "max_choices": max_choices}


@transaction.atomic
def question_add(*, actor: User, survey_id: int, data: QuestionInput) -> SurveyQuestion:
    """Add a question at the end of a draft survey."""
    survey = _survey_for_run(actor, survey_id)
    _require_draft(survey)
    values = _clean_question(data)
    if survey.questions.count() >= MAX_QUESTIONS:
        raise DomainError(f"一份测评表最多 {MAX_QUESTIONS} 道题。")
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = SurveyQuestion.objects.create(survey=survey, position=last + 1, **values)
    audit_record("survey.question_add", actor=actor, obj=survey, details={"question": question.text})
    return question


def _question_for_run(actor: User, question_id: int) -> SurveyQuestion:
    question = access(SurveyQuestion, actor, question_id, capability=Cap.RUN_SURVEYS, denied=RUN_DENIED,
                      queryset=SurveyQuestion.objects.select_related("survey"))
    # Lock the survey: its state decides whether the question may change.
    _require_draft(_survey_for_run(actor, question.survey_id))
    return question


@transaction.atomic
def question_update(*, actor: User, question_id: int, data: QuestionInput) -> SurveyQuestion:
    """Change a question of a draft survey."""
    question = _question_for_run(actor, question_id)
    values = _clean_question(data)
    changes = {f: [getattr(question, f), v] for f, v in values.items() if getattr(question, f) != v}
    for name, value in values.items():
        setattr(question, name, value)
    question.save(update_fields=list(values))
    audit_record("survey.question_update", actor=actor, obj=question.survey,
                 details={"question": question.pk, "changes": changes})
    return question


@transaction.atomic
def question_remove(*, actor: User, question_id: int) -> None:
    """Take a question off a draft survey."""
    question = _question_for_run(actor, question_id)
    survey = question.survey
    audit_record("survey.question_remove", actor=actor, obj=survey,
                 details={"question": question.pk, "text": question.text})
    question.delete()


@transaction.atomic
def question_move(*, actor: User, question_id: int, up: bool) -> SurveyQuestion:
    """Swap a question with its neighbour above (``up``) or below."""
    question = _question_for_run(actor, question_id)
    siblings = list(question.survey.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, q in enumerate(siblings, start=1):
            if q.position != position:
                q.position = position
                q.save(update_fields=["position"])
        question = next(q for q in siblings if q.pk == question.pk)
    return question


@transaction.atomic
def survey_transition(*, actor: User, survey_id: int, name: str) -> Survey:
    """Open a survey for answers, or close it (results are shown once it is closed)."""
    survey = _survey_for_run(actor, survey_id)
    SURVEY_WORKFLOW.apply(survey, name, actor=actor, caps=capabilities(actor, survey))
    return survey


# ---- answer codes ---------------------------------------------------------------------------------------------


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def format_code(code: str) -> str:
    """"ABCD-EFGH-JKMN-PQRS" as printed on a slip."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalize_code(raw: str) -> str | None:
    """A code as typed (any case, dashes, spaces, O for 0, I or L for 1), or None if it cannot be one."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    code = re.sub(r"[\s\-]", "", raw).upper().translate(_CODE_FIX)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class IssuedBatch:
    survey: Survey
    batch: int
    group: str
    codes: list[str]


@transaction.atomic
def tokens_issue(*, actor: User, survey_id: int, group: str, count: int) -> IssuedBatch:
    """Issue ``count`` one-time answer codes for one respondent group, as a new batch (to print as slips or send
    as links). Each code lets one person answer once; nothing ties a code to the answer given with it."""
    survey = _survey_for_run(actor, survey_id)
    if survey.status == SurveyStatus.CLOSED:
        raise TransitionNotAllowed("测评已结束，不能再发放答题码。")
    if group not in RespondentGroup.values:
        raise _field_error("group", "请选择发放对象。")
    if not 1 <= count <= MAX_TOKENS_PER_BATCH:
        raise _field_error("count", f"每批可生成 1 到 {MAX_TOKENS_PER_BATCH} 个答题码。")
    batch = (survey.tokens.aggregate(last=Max("batch"))["last"] or 0) + 1
    codes: list[str] = []
    while len(codes) < count:
        code = _new_code()
        if code not in codes:
            codes.append(code)
    SurveyToken.objects.bulk_create([
        SurveyToken(survey=survey, group=group, batch=batch, token_hash=code_hash(c), code=c,
                    issued_on=business_today())
        for c in codes
    ])
    audit_record("survey.tokens_issue", actor=actor, obj=survey,
                 details={"batch": batch, "group": group, "count": count})
    return IssuedBatch(survey=survey, batch=batch, group=group, codes=codes)


@transaction.atomic
def token_revoke(*, actor: User, survey_id: int, code: str) -> SurveyToken:
    """Revoke one unused answer code of the survey (a lost or misprinted slip, 作废): it answers nothing from then
    on. A used code cannot be revoked (its answer is in and tied to nothing); audited with the slip's batch and
    group, never the code."""
    survey = _survey_for_run(actor, survey_id)
    if survey.status == SurveyStatus.CLOSED:
        raise TransitionNotAllowed("测评已结束，答题码已全部失效，无需作废。")
    normal = normalize_code(code)
    if normal is None:
        raise _field_error("code", INVALID_CODE)
    token = SurveyToken.objects.select_for_update().filter(survey=survey, token_hash=code_hash(normal)).first()
    if token is None:
        raise _field_error("code", "本测评没有这个答题码：请核对答题卡上的答题码。")
    if token.used:
        raise TransitionNotAllowed("该答题码已经使用过，答卷已收回，不能作废。")
    if token.revoked:
        raise TransitionNotAllowed("该答题码已经作废。")
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit_record("survey.token_revoke", actor=actor, obj=survey,
                 details={"token": token.pk, "batch": token.batch, "group": token.group})
    return token


@transaction.atomic
def tokens_revoke_unused(*, actor: User, survey_id: int) -> int:
    """Revoke every unused answer code of the survey (the slips of a batch went astray, or the answering is to stop
    without closing yet); returns how many. Audited with the count by group."""
    survey = _survey_for_run(actor, survey_id)
    if survey.status == SurveyStatus.CLOSED:
        raise TransitionNotAllowed("测评已结束，答题码已全部失效，无需作废。")
    unused = SurveyToken.objects.filter(survey=survey, used=False, revoked=False)
    by_group = dict(unused.values_list("group").annotate(n=Count("id")).order_by())
    count = unused.update(revoked=True)
    if not count:
        raise TransitionNotAllowed("没有未使用的答题码。")
    audit_record("survey.tokens_revoke", actor=actor, obj=survey, details={"count": count, "groups": by_group})
    return count


# ---- the results as a spreadsheet (a background job) ---------------------------------------------------------

RESULTS_JOB = "survey.results_export"


def results_export_start(*, actor: User, survey_id: int) -> BackgroundJob:
    """Queue the Excel export of a survey's results (what the results page shows, the minimum group size applied:
    nothing while withheld, no column of a group below it, free text only overall). Refused, with the page's reason,
    while the results are withheld. Audited as an export request; the file itself as ``export.file``."""
    survey = access(Survey, actor, survey_id, capability=Cap.VIEW_SURVEYS,
                    queryset=Survey.objects.select_related("inspection"))
    results = survey_results(survey)
    if not results.shown:
        raise TransitionNotAllowed(f"不能导出：{results.withheld}")
    job = job_create(actor=actor, kind=RESULTS_JOB, label=f"导出测评结果：{survey.title}"[:100],
                     params={"survey": survey.pk})
    audit_record("export.request", actor=actor, obj=survey, details={"what": "survey_results", "job": job.pk})
    enqueue_on_commit(results_export_task, job_id=job.pk)
    return job


def _percent(value: float) -> str:
    return f"{value:g}%"


def results_export_work(job: BackgroundJob, progress: Progress) -> str:
    """Write the results as the page shows them, the minimum group size applied again at the time of the export
    (the survey is read as the job's owner sees it, so a lost grant stops the export)."""
    survey = access(Survey, job.created_by, job.params["survey"], capability=Cap.VIEW_SURVEYS,
                    queryset=Survey.objects.select_related("inspection"))
    results = survey_results(survey)
    if not results.shown:
        raise JobFailed(f"不能导出：{results.withheld}")
    header = ["序号", "题目", "题型", "选项", "全部（人数）", "全部（占比）"]
    for group in results.groups:
        header += [f"{group}（人数）", f"{group}（占比）"]
    sheet = SheetWriter("测评结果", header=header, widths=[6, 36, 10, 18, 12, 12], exported_by=job.created_by)
    sheet.append([survey.title, f"发放答题码 {results.issued} 个，已使用 {results.used} 个，收回答卷 "
                  f"{results.responses} 份；答卷少于 {survey.min_group_size} 份的群体不单列"])
    if results.breakdown_note:
        sheet.append([results.breakdown_note])
    kinds = dict(QuestionKind.choices)
    total = len(results.questions)
    for index, question in enumerate(results.questions, start=1):
        kind = str(kinds.get(question.kind, question.kind))
        if question.overall is not None:
            by_label = {c.label: c for c in question.breakdown}
            for position, option in enumerate(question.overall.options):
                row: list[Any] = [question.position, question.text, kind, option.label, option.count,
                                  _percent(option.percent)]
                for label in results.groups:
                    column = by_label.get(label)
                    cell = column.options[position] if column is not None else None
                    row += [cell.count, _percent(cell.percent)] if cell is not None else ["", ""]
                sheet.append(row)
        else:
            for text in question.texts or ["（无）"]:
                sheet.append([question.position, question.text, kind, text])
        progress(index, total)
    progress.check()
    name = default_storage.save(f"exports/{uuid.uuid4().hex}.xlsx", ContentFile(sheet.to_bytes()))
    BackgroundJob.objects.filter(pk=job.pk).update(
        result_file=name, result_name=f"测评结果-{survey.pk}-{business_today():%Y%m%d}.xlsx")
    progress(total, total)
    return f"共导出 {total} 道题的结果。"


@task
def results_export_task(job_id: int) -> None:
    job_run(job_id, results_export_work)


def survey_job(*, actor: User, pk: Any) -> BackgroundJob | None:
    """A results export the user started (its progress shown again after a reload)."""
    try:
        return access(BackgroundJob, actor, pk, queryset=BackgroundJob.objects.filter(kind=RESULTS_JOB))
    except Http404:
        return None


# ---- the public answer ----------------------------------------------------------------------------------------


INVALID_CODE = "答题码无效：请核对答题卡上的答题码。"
USED_CODE = "该答题码已经使用过。每个答题码只能提交一次。"
NOT_OPEN = "该测评当前不在答题时间内。"
REVOKED_CODE = "该答题码已作废，请向巡察组索取新的答题卡。"


def token_for_answer(raw_code: str) -> SurveyToken:
    """The unused token of an open survey that ``raw_code`` names, or a DomainError saying why not (for the
    public page, before the form is shown)."""
    code = normalize_code(raw_code)
    if code is None:
        raise DomainError(INVALID_CODE)
    token = SurveyToken.objects.select_related("survey").filter(token_hash=code_hash(code)).first()
    if token is None:
        raise DomainError(INVALID_CODE)
    if token.used:
        raise TransitionNotAllowed(USED_CODE)
    if token.revoked:
        raise TransitionNotAllowed(REVOKED_CODE)
    if token.survey.status != SurveyStatus.OPEN:
        raise TransitionNotAllowed(NOT_OPEN)
    return token


def _clean_answer(question: SurveyQuestion, values: Sequence[str]) -> tuple[list[int], str] | None:
    """The answer to ``question`` from the submitted values: (option indexes, text), None if unanswered."""
    field = f"q{question.pk}"
    values = [v for v in values if isinstance(v, str) and v.strip()]
    if question.kind == QuestionKind.TEXT:
        text = "\n".join(values).replace("\r\n", "\n").strip()
        if not text:
            return None
        if len(text) > MAX_TEXT_ANSWER:
            raise _field_error(field, f"“{question.text}”不能超过 {MAX_TEXT_ANSWER} 个字。")
        if _CONTROL.search(text) or _MARKUP.search(text):
            raise _field_error(field, f"“{question.text}”中含有不允许的字符或网页标记，请只写文字。")
        return [], text
    if not values:
        return None
    try:
        indexes = sorted({int(v) for v in values})
    except ValueError:
        raise _field_error(field, f"“{question.text}”的选项无效。") from None
    if any(not 0 <= i < len(question.options) for i in indexes):
        raise _field_error(field, f"“{question.text}”的选项无效。")
    if question.kind in (QuestionKind.SCALE, QuestionKind.SINGLE) and len(indexes) != 1:
        raise _field_error(field, f"“{question.text}”只能选一项。")
    if question.kind == QuestionKind.MULTIPLE and question.max_choices and len(indexes) > question.max_choices:
        raise _field_error(field, f"“{question.text}”最多选 {question.max_choices} 项。")
    return indexes, ""


@transaction.atomic
def survey_answer_submit(*, code: str, answers: Mapping[str, Sequence[str]]) -> None:
    """Record one anonymous response with a one-time code (public, no sign-in).

    The response keeps the survey, the respondent group of the code and today's date — no code, no user, no
    address, no time of day, no audit event (the audit log keeps the client address and the exact time); its key
    is a random UUID. The code is marked used in the same transaction, so it answers once. Every refusal is a
    DomainError with the reason in Chinese, and nothing is stored."""
    token = token_for_answer(code)
    # Lock the token row: two submissions of one code race; the second sees it used.
    locked = SurveyToken.objects.select_for_update().filter(token_hash=token.token_hash, used=False,
                                                             revoked=False).first()
    if locked is None:
        raise TransitionNotAllowed(USED_CODE)
    questions = list(token.survey.questions.order_by("position", "id"))
    cleaned: list[tuple[SurveyQuestion, list[int], str]] = []
    missing: list[str] = []
    errors: dict[str, list[str]] = {}
    for question in questions:
        try:
            answer = _clean_answer(question, answers.get(f"q{question.pk}", ()))
        except DomainError as exc:
            errors.update(exc.fields)
            continue
        if answer is None:
            if question.required:
                missing.append(question.text)
                errors[f"q{question.pk}"] = ["此题必答。"]
            continue
        cleaned.append((question, *answer))
    if errors:
        message = (f"还有 {len(missing)} 道必答题没有作答：{'；'.join(missing[:3])}{'……' if len(missing) > 3 else ''}"
                   if missing else next(iter(errors.values()))[0])
        raise DomainError(message, fields=errors)
    response = SurveyResponse.objects.create(survey=token.survey, group=token.group, answered_on=business_today())
    SurveyAnswer.objects.bulk_create([SurveyAnswer(response=response, question=q, choices=choices, text=text)
                                      for q, choices, text in cleaned])
    locked.used = True
    locked.save(update_fields=["used"])

