"""The surveys pages: an inspection's surveys, one survey (builder, answer codes, steps), its printable slips and
its results for the team and the office director; and the public answer page (no sign-in, phone-sized)."""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.accounts.pages import render_page, require_any_capability, signed_in
from xuncha.accounts.roles import Cap
from xuncha.core import ratelimit
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.forms import add_domain_error
from xuncha.core.lists import show_table
from xuncha.core.scoping import access, capabilities
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import sections_for
from xuncha.surveys import selectors, services
from xuncha.surveys.filters import SurveyFilter
from xuncha.surveys.forms import (
    QuestionForm,
    SurveyCreateForm,
    SurveySettingsForm,
    TokenIssueForm,
    TokenRevokeForm,
)
from xuncha.surveys.models import QuestionKind, Survey, SurveyQuestion, SurveyStatus
from xuncha.surveys.tables import SurveyTable
from xuncha.surveys.workflows import SURVEY_WORKFLOW

SURVEY_PAGE_CAPS = frozenset({Cap.VIEW_SURVEYS})
MAX_SLIPS_PER_PAGE = 200


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    require_any_capability(request, SURVEY_PAGE_CAPS)
    inspection = access(Inspection, signed_in(request), pk, queryset=Inspection.objects.with_related())
    if Cap.VIEW_SURVEYS not in inspection.capabilities_for(signed_in(request)):
        raise Http404(_("页面不存在或无权查看。"))
    return inspection


def _survey(request: HttpRequest, pk: int) -> Survey:
    require_any_capability(request, SURVEY_PAGE_CAPS)
    return access(Survey, signed_in(request), pk,
                  queryset=Survey.objects.select_related("inspection", "template", "created_by"))


def _target_names(inspection: Inspection) -> str:
    return "、".join(t.organization.short_name or t.organization.name for t in inspection.targets.all())


def _crumbs(inspection: Inspection, *more: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("巡察"), reverse("planning:inspection-list")),
            (inspection.code, reverse("planning:inspection-detail", args=[inspection.pk])),
            (_("民主测评"), reverse("surveys:inspection-surveys", args=[inspection.pk])), *more]


# ---- the inspection's surveys -----------------------------------------------------------------------------------


@login_required
@require_GET
def inspection_surveys(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return _surveys_page(request, inspection)


def _surveys_page(request: HttpRequest, inspection: Inspection, create_form: SurveyCreateForm | None = None,
                  status: int = 200) -> HttpResponse:
    user = signed_in(request)
    caps = inspection.capabilities_for(user)
    filterset = SurveyFilter(request.GET or None, queryset=selectors.inspection_surveys(user, inspection),
                             request=request)
    table = show_table(request, SurveyTable(filterset.qs), per_page=20)
    can_run = Cap.RUN_SURVEYS in caps and inspection.status in services.SURVEY_STATUSES
    if create_form is None and can_run:
        create_form = SurveyCreateForm(templates=selectors.current_templates())
    context = {
        "inspection": inspection, "targets": _target_names(inspection), "filter": filterset, "table": table,
        "create_form": create_form if can_run else None,
        "inspection_sections": sections_for(user, inspection, active="surveys"),
        "crumbs": [*_crumbs(inspection)[:-1], (_("民主测评"), None)],
    }
    return render_page(request, "surveys/inspection_surveys.html", context, partial="survey-results",
                       status=status)


@login_required
@require_POST
def survey_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    form = SurveyCreateForm(request.POST, templates=selectors.current_templates())
    if form.is_valid():
        try:
            survey = services.survey_create(actor=signed_in(request), inspection_id=inspection.pk,
                                            template_id=form.cleaned_data["template"].pk,
                                            title=form.cleaned_data["title"])
        except CapabilityMissing as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            add_domain_error(form, exc)
            return _surveys_page(request, inspection, form, status=exc.status)
        messages.success(request, _("已按模板建立测评，可调整题目后生成答题码并开始答题。"))
        return redirect("surveys:survey-detail", pk=survey.pk)
    if Cap.RUN_SURVEYS not in inspection.capabilities_for(signed_in(request)):
        raise PermissionDenied(services.RUN_DENIED)
    return _surveys_page(request, inspection, form, status=400)


# ---- one survey -----------------------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, survey: Survey, **forms: Any) -> dict[str, Any]:
    user = signed_in(request)
    caps = capabilities(user, survey)
    can_run = Cap.RUN_SURVEYS in caps
    draft = survey.status == SurveyStatus.DRAFT
    questions = list(survey.questions.order_by("position", "id"))
    context: dict[str, Any] = {
        "survey": survey, "inspection": survey.inspection, "questions": questions,
        "can_run": can_run, "can_edit": can_run and draft,
        "tallies": selectors.token_tallies(survey),
        "batches": list(survey.tokens.values_list("batch", "group").distinct().order_by("batch")),
        "transitions": SURVEY_WORKFLOW.available(survey, caps) if can_run else [],
        "inspection_sections": sections_for(user, survey.inspection, active="surveys"),
        "crumbs": _crumbs(survey.inspection, (survey.title, None)),
        "kinds": QuestionKind,
    }
    if can_run and draft:
        context["settings_form"] = forms.get("settings_form") or SurveySettingsForm(initial={
            "title": survey.title, "intro": survey.intro, "min_group_size": survey.min_group_size})
        context["question_form"] = forms.get("question_form") or QuestionForm()
    if can_run and survey.status != SurveyStatus.CLOSED:
        context["token_form"] = forms.get("token_form") or TokenIssueForm(initial={"group": "staff", "count": 20})
        context["revoke_form"] = forms.get("revoke_form") or TokenRevokeForm()
    context["step_error"] = forms.get("step_error", "")
    return context


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return render_page(request, "surveys/survey_detail.html", _detail_context(request, survey))


def _run_write(request: HttpRequest, survey: Survey) -> None:
    if Cap.RUN_SURVEYS not in capabilities(signed_in(request), survey):
        raise PermissionDenied(services.RUN_DENIED)


@login_required
@require_POST
def survey_settings(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    _run_write(request, survey)
    form = SurveySettingsForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.survey_update(actor=signed_in(request), survey_id=survey.pk, **form.cleaned_data)
        except CapabilityMissing as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("已保存。"))
            return redirect("surveys:survey-detail", pk=survey.pk)
    survey.refresh_from_db()
    return render_page(request, "surveys/survey_detail.html", _detail_context(request, survey, settings_form=form),
                       status=status)


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    _run_write(request, survey)
    form = QuestionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.question_add(actor=signed_in(request), survey_id=survey.pk, data=form.to_input())
        except CapabilityMissing as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("已添加题目。"))
            return redirect(reverse("surveys:survey-detail", args=[survey.pk]) + "#questions")
    return render_page(request, "surveys/survey_detail.html", _detail_context(request, survey, question_form=form),
                       status=status)


def _question(request: HttpRequest, pk: int) -> SurveyQuestion:
    require_any_capability(request, SURVEY_PAGE_CAPS)
    question = access(SurveyQuestion, signed_in(request), pk,
                      queryset=SurveyQuestion.objects.select_related("survey__inspection"))
    if Cap.RUN_SURVEYS not in capabilities(signed_in(request), question):
        raise PermissionDenied(services.RUN_DENIED)
    return question


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    survey = question.survey
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.question_update(actor=signed_in(request), question_id=question.pk, data=form.to_input())
            except CapabilityMissing as exc:
                raise PermissionDenied(exc.message) from exc
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("已修改题目。"))
                return redirect(reverse("surveys:survey-detail", args=[survey.pk]) + "#questions")
    else:
        form = QuestionForm(initial=QuestionForm.initial_for(question))
    context = {"survey": survey, "inspection": survey.inspection, "question": question, "form": form,
               "locked": survey.status != SurveyStatus.DRAFT,
               "crumbs": _crumbs(survey.inspection, (survey.title, reverse("surveys:survey-detail",
                                                                           args=[survey.pk])),
                                 (_("修改题目"), None))}
    return render_page(request, "surveys/question_form.html", context, status=status)


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    try:
        services.question_remove(actor=signed_in(request), question_id=question.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已删除题目。"))
    return redirect(reverse("surveys:survey-detail", args=[question.survey_id]) + "#questions")


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    try:
        services.question_move(actor=signed_in(request), question_id=question.pk,
                               up=request.POST.get("direction") != "down")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("surveys:survey-detail", args=[question.survey_id]) + f"#question-{question.pk}")


@login_required
@require_POST
def survey_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    survey = _survey(request, pk)
    if name not in SURVEY_WORKFLOW.transitions:
        raise Http404(_("没有这一操作。"))
    _run_write(request, survey)
    try:
        services.survey_transition(actor=signed_in(request), survey_id=survey.pk, name=name)
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        survey.refresh_from_db()
        return render_page(request, "surveys/survey_detail.html",
                           _detail_context(request, survey, step_error=exc.message), status=exc.status)
    messages.success(request, _("已完成“%(label)s”。") % {"label": SURVEY_WORKFLOW.get(name).label})
    return redirect("surveys:survey-detail", pk=survey.pk)


@login_required
@require_POST
def tokens_issue(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    _run_write(request, survey)
    form = TokenIssueForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            batch = services.tokens_issue(actor=signed_in(request), survey_id=survey.pk, **form.cleaned_data)
        except CapabilityMissing as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("已生成第 %(batch)s 批答题码 %(count)s 个，请打印答题卡。")
                             % {"batch": batch.batch, "count": len(batch.codes)})
            return redirect(reverse("surveys:survey-slips", args=[survey.pk]) + f"?batch={batch.batch}")
    return render_page(request, "surveys/survey_detail.html", _detail_context(request, survey, token_form=form),
                       status=status)


@login_required
@require_POST
def tokens_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one answer code (a lost slip) or every unused one; the survey page again with what was done."""
    survey = _survey(request, pk)
    _run_write(request, survey)
    form = TokenRevokeForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            if form.cleaned_data["all_unused"]:
                count = services.tokens_revoke_unused(actor=signed_in(request), survey_id=survey.pk)
                done = _("已作废未使用的答题码 %(count)s 个。") % {"count": count}
            else:
                token = services.token_revoke(actor=signed_in(request), survey_id=survey.pk,
                                              code=form.cleaned_data["code"])
                done = _("已作废第 %(batch)s 批（%(group)s）的一个答题码。") % {
                    "batch": token.batch, "group": token.get_group_display()}
        except CapabilityMissing as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, done)
            return redirect("surveys:survey-detail", pk=survey.pk)
    return render_page(request, "surveys/survey_detail.html", _detail_context(request, survey, revoke_form=form),
                       status=status)


def qr_svg(text: str) -> SafeString:
    """An inline SVG QR code of ``text`` (a URL of ours: no markup can come from it)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=1)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 (generated by qrcode from our URL)


@login_required
@require_GET
@never_cache
def survey_slips(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable answer slips (答题卡) with a QR code each: the unused codes of one batch (or of all batches)."""
    survey = _survey(request, pk)
    _run_write(request, survey)
    tokens = survey.tokens.filter(used=False, revoked=False).order_by("batch", "id")
    try:
        batch = int(request.GET.get("batch", "") or 0)
    except ValueError:
        batch = 0
    if batch:
        tokens = tokens.filter(batch=batch)
    total = tokens.count()
    entry = request.build_absolute_uri(reverse("surveys:answer-entry"))
    slips = []
    for token in tokens[:MAX_SLIPS_PER_PAGE]:
        url = request.build_absolute_uri(reverse("surveys:answer", args=[token.code]))
        slips.append({"code": services.format_code(token.code), "url": url, "qr": qr_svg(url),
                      "group": token.get_group_display()})
    context = {"survey": survey, "inspection": survey.inspection, "slips": slips, "batch": batch,
               "total": total, "entry": entry, "limit": MAX_SLIPS_PER_PAGE,
               "crumbs": _crumbs(survey.inspection, (survey.title, reverse("surveys:survey-detail",
                                                                           args=[survey.pk])),
                                 (_("答题卡"), None))}
    return render_page(request, "surveys/survey_slips.html", context)


@login_required
@require_GET
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    results = selectors.survey_results(survey)
    context = {"survey": survey, "inspection": survey.inspection, "results": results,
               "job": services.survey_job(actor=signed_in(request), pk=request.GET.get("job")),
               "inspection_sections": sections_for(signed_in(request), survey.inspection, active="surveys"),
               "crumbs": _crumbs(survey.inspection, (survey.title, reverse("surveys:survey-detail",
                                                                           args=[survey.pk])),
                                 (_("测评结果"), None))}
    return render_page(request, "surveys/survey_results.html", context)


@login_required
@require_POST
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the Excel export of the results; its progress shows on the results page (in place with htmx)."""
    survey = _survey(request, pk)
    try:
        job = services.results_export_start(actor=signed_in(request), survey_id=survey.pk)
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("surveys:survey-results", pk=survey.pk)
    if request.headers.get("HX-Request"):
        return render(request, "components/job_status.html", {"job": job})
    return redirect(reverse("surveys:survey-results", args=[survey.pk]) + f"?job={job.pk}")


# ---- the public answer page ------------------------------------------------------------------------------------


# Wrong codes typed on the public pages, counted per client (a keyed hash of the address, in the cache, never stored
# with anything): past XUNCHA_SURVEY_CODE_RATE a client is refused for the rest of the window, whatever it types.
RATE_NAMESPACE, RATE_KIND = "surveys", "code"
TOO_MANY = "答题码输错次数过多，请 10 分钟后再试；如答题卡丢失或无法使用，请向巡察组索取新的答题卡。"


def _guessing(request: HttpRequest) -> bool:
    return ratelimit.over(request, RATE_NAMESPACE, RATE_KIND, settings.XUNCHA_SURVEY_CODE_RATE)


def _count_wrong(request: HttpRequest) -> None:
    ratelimit.exceeded(request, RATE_NAMESPACE, RATE_KIND, settings.XUNCHA_SURVEY_CODE_RATE)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/answer_closed.html", {"message": TOO_MANY}, status=429)


@require_GET
def answer_entry(request: HttpRequest) -> HttpResponse:
    """Where a respondent types the code of a slip (the QR code leads straight to the questionnaire)."""
    raw = request.GET.get("code", "")
    error = ""
    if raw and _guessing(request):
        return _too_many(request)
    if raw:
        code = services.normalize_code(raw)
        if code is not None:
            return redirect("surveys:answer", code=code)
        _count_wrong(request)
        error = services.INVALID_CODE
    return render(request, "surveys/answer_entry.html", {"error": error, "raw": raw[:40]},
                  status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@csrf_protect
@never_cache
def answer(request: HttpRequest, code: str) -> HttpResponse:
    """The questionnaire for one code: no sign-in; a wrong, used or closed code is told so; an incomplete or
    malformed answer is shown again with what to correct; nothing is stored until everything is right."""
    if _guessing(request):
        return _too_many(request)
    try:
        token = services.token_for_answer(code)
    except DomainError as exc:
        if exc.message == services.INVALID_CODE:
            _count_wrong(request)
        return render(request, "surveys/answer_closed.html", {"message": exc.message}, status=exc.status)
    survey = token.survey
    questions = list(survey.questions.order_by("position", "id"))
    submitted: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    message = ""
    status = 200
    if request.method == "POST":
        submitted = {f"q{q.pk}": request.POST.getlist(f"q{q.pk}") for q in questions}
        try:
            services.survey_answer_submit(code=code, answers=submitted)
        except DomainError as exc:
            errors, message, status = exc.fields, exc.message, exc.status
        else:
            return render(request, "surveys/answer_done.html", {"survey": survey})
    rows = []
    for q in questions:
        values = submitted.get(f"q{q.pk}", [])
        rows.append({"q": q, "name": f"q{q.pk}", "errors": errors.get(f"q{q.pk}", []),
                     "options": [(str(i), label, str(i) in values) for i, label in enumerate(q.options)],
                     "text": values[0] if q.kind == QuestionKind.TEXT and values else ""})
    return render(request, "surveys/answer.html", {
        "survey": survey, "rows": rows, "message": message, "group": token.get_group_display(),
        "code": services.format_code(services.normalize_code(code) or ""), "max_text": services.MAX_TEXT_ANSWER,
    }, status=status)
