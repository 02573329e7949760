"""Pages of the report, the meetings and the feedback.

- the reports list (every report the user reads; django-tables2 + ``ReportFilter``, which the API reuses);
- an inspection's report (the inspection's tab 巡察报告): the latest version by sections, the steps, the versions
  and their comparison, the editor (each section a text area; each save a version), the special reports, the
  meetings' decisions and the feedback to each organisation;
- a feedback (the liaison's too, once delivered): its text, the two deliveries, the copies, the receipt;
- a round's meetings (the office and the leading group), a meeting, the form that records one, and the round's
  briefing (综合报告).

Objects are loaded through the scope kernel; writes go through ``services`` (the API calls the same) with
``core.forms.submit``; a refused write shows the page again with the reason and its status.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xuncha.accounts.pages import render_page, require_any_capability, signed_in
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.forms import submit
from xuncha.core.lists import show_table
from xuncha.core.scoping import capabilities
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection, Round
from xuncha.inspections.sections import sections_for
from xuncha.reports import selectors, services
from xuncha.reports.filters import MeetingFilter, ReportFilter
from xuncha.reports.forms import (
    CopyForm,
    DeliveryForm,
    FeedbackForm,
    MeetingForm,
    ReportForm,
    SpecialReportForm,
    StepForm,
)
from xuncha.reports.models import Feedback, FeedbackStatus, Report, ReportStatus
from xuncha.reports.tables import MeetingTable, ReportTable
from xuncha.reports.workflows import (
    FEEDBACK_FORM_STEPS,
    FEEDBACK_WORKFLOW,
    REPORT_STATUSES,
    REPORT_WORKFLOW,
    feedback_delivered_and_received,
    report_and_meetings,
)

REPORT_PAGE = frozenset({Cap.VIEW_REPORTS})
FEEDBACK_PAGE = frozenset({Cap.VIEW_REPORTS, Cap.RECEIVE_FEEDBACK})
MEETING_PAGE = frozenset({Cap.VIEW_MEETINGS})


def page(methods: tuple[str, ...] = ("GET",)) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed in, the methods allowed, and a capability the service finds missing shown as a 403 page."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except CapabilityMissing as exc:
                raise PermissionDenied(exc.message) from exc

        return login_required(require_http_methods(list(methods))(wrapper))

    return decorate


def _crumbs(inspection: Inspection, *trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("巡察"), reverse("planning:inspection-list")), (inspection.code, inspection.get_absolute_url()),
            *trail]


def _report_crumb(inspection: Inspection) -> tuple[str, str]:
    return _("巡察报告"), reverse("reports:report-detail", args=[inspection.pk])


def _base(request: HttpRequest, inspection: Inspection, active: str = "report") -> dict[str, Any]:
    user = signed_in(request)
    return {"inspection": inspection, "caps": capabilities(user, inspection),
            "inspection_sections": sections_for(user, inspection, active=active)}


def _errors(form: Any) -> str:
    """A refused form's messages, for the top of a page that does not show the form itself."""
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def _inspection(request: HttpRequest, pk: int, capability: Cap | None = None) -> Inspection:
    """The inspection of a report page: 404 for a role that never reads reports or out of scope, 403 for one that
    reads them here but may not take this page's action."""
    require_any_capability(request, REPORT_PAGE)
    user = signed_in(request)
    inspection = selectors.report_inspection(user, pk)
    if capability is not None and capability not in capabilities(user, inspection):
        raise PermissionDenied(_("您的角色不能执行此操作。"))
    return inspection


# ---- The list ------------------------------------------------------------------------------------------------


@page()
def report_list(request: HttpRequest) -> HttpResponse:
    require_any_capability(request, REPORT_PAGE)
    reports = selectors.report_list(actor=signed_in(request))
    filterset = ReportFilter(request.GET or None, queryset=reports, request=request)
    table = show_table(request, ReportTable(filterset.qs))
    user = signed_in(request)
    # The rounds whose meetings the user reads (the office, the leading group): the way to the hearings.
    rounds = ([r for r in Round.objects.visible_to(user).select_related("jurisdiction").order_by("-planned_start")[:12]
               if Cap.VIEW_MEETINGS in r.capabilities_for(user)]
              if Cap.VIEW_MEETINGS in scope_of(user).capabilities() else [])
    return render_page(request, "reports/report_list.html",
                       {"filter": filterset, "table": table, "rounds": rounds, "crumbs": [(_("巡察报告"), None)]},
                       partial="report-results")


# ---- The report ----------------------------------------------------------------------------------------------


def _report_context(request: HttpRequest, inspection: Inspection, *, failed: StepForm | None = None,
                    failed_step: str = "") -> dict[str, Any]:
    user = signed_in(request)
    report = selectors.report_of(user, inspection)
    caps = capabilities(user, inspection)
    steps: list[dict[str, Any]] = []
    latest = None
    if report is not None:
        latest = report.latest_version()
        for available in REPORT_WORKFLOW.available(report, caps):
            form = failed if failed is not None and failed_step == available.name else StepForm(step=available.name)
            steps.append({"available": available, "form": form,
                          "url": reverse("reports:report-transition", args=[inspection.pk, available.name])})
    error = ""
    if failed is not None and failed_step not in {s["available"].name for s in steps}:
        error = _errors(failed)
    editable = (Cap.EDIT_REPORTS in caps and inspection.status in REPORT_STATUSES
                and (report is None or report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)))
    feedbacks = list(selectors.feedback_list(actor=user, inspection=inspection))
    may_compose_feedback = (Cap.EDIT_REPORTS in caps and report is not None
                            and report.status == ReportStatus.APPROVED and inspection.status == "reporting"
                            and len(feedbacks) < len(inspection.targets.all()))
    return {**_base(request, inspection), "report": report, "latest": latest, "steps": steps, "error": error,
            "editable": editable, "may_special": Cap.EDIT_REPORTS in caps and inspection.status in REPORT_STATUSES,
            "specials": list(selectors.special_reports(user, inspection)),
            "decisions": selectors.inspection_decisions(user, inspection), "feedbacks": feedbacks,
            "may_compose_feedback": may_compose_feedback,
            "feedback_blocker": report_and_meetings(inspection),
            "rectification_blocker": feedback_delivered_and_received(inspection),
            "crumbs": _crumbs(inspection, (_("巡察报告"), None))}


@page()
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return render_page(request, "reports/report_detail.html", _report_context(request, inspection))


@page(("POST",))
def report_compose(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, Cap.EDIT_REPORTS)
    try:
        version = services.report_compose(actor=signed_in(request), inspection_id=inspection.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return render_page(request, "reports/report_detail.html", _report_context(request, inspection),
                           status=exc.status)
    messages.success(request, _("已生成初稿（第%(n)s版），请逐部分修改。") % {"n": version.number})
    return redirect("reports:report-edit", pk=inspection.pk)


@page(("GET", "POST"))
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, Cap.EDIT_REPORTS)
    user = signed_in(request)
    report = selectors.report_of(user, inspection)
    latest = report.latest_version() if report else None
    initial: dict[str, Any] = {}
    if latest is not None:
        initial = {**latest.sections, "ecology": latest.ecology, "implementation": latest.implementation}
    form = ReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        done = submit(form, lambda c: services.report_save(actor=user, inspection_id=inspection.pk,
                                                           data=services.ReportData(
                                                               sections=form.sections(), ecology=c["ecology"],
                                                               implementation=c["implementation"], note=c["note"])))
        if done.ok:
            messages.success(request, _("已保存为第%(n)s版。") % {"n": done.value.number})
            return redirect("reports:report-detail", pk=inspection.pk)
        status = done.status
    context = {**_base(request, inspection), "form": form, "report": report, "latest": latest,
               "crumbs": _crumbs(inspection, _report_crumb(inspection), (_("修改报告"), None))}
    return render_page(request, "reports/report_edit.html", context, status=status)


@page()
def report_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The versions, newest first; ``?a=&b=`` compares two of them section by section."""
    inspection = _inspection(request, pk)
    report = selectors.report_of(signed_in(request), inspection)
    if report is None:
        raise Http404(_("尚无巡察报告。"))
    versions = selectors.versions(report)
    by_number = {v.number: v for v in versions}
    comparison = None
    error = ""
    a, b = request.GET.get("a"), request.GET.get("b")
    if a or b:
        try:
            older, newer = by_number[int(a or 0)], by_number[int(b or 0)]
        except (KeyError, ValueError):
            error = _("请选择要比较的两个版本。")
        else:
            if older.number > newer.number:
                older, newer = newer, older
            comparison = {"older": older, "newer": newer, "sections": selectors.compare(older, newer)}
    elif len(versions) >= 2:
        comparison = {"older": versions[1], "newer": versions[0],
                      "sections": selectors.compare(versions[1], versions[0])}
    context = {**_base(request, inspection), "report": report, "versions": versions, "comparison": comparison,
               "error": error, "crumbs": _crumbs(inspection, _report_crumb(inspection), (_("版本"), None))}
    return render_page(request, "reports/report_versions.html", context, status=400 if error else 200)


@page(("POST",))
def report_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in REPORT_WORKFLOW.transitions:
        raise Http404(_("没有这一操作。"))
    inspection = _inspection(request, pk)
    user = signed_in(request)
    step = REPORT_WORKFLOW.get(name)
    if step.capability not in capabilities(user, inspection):
        raise PermissionDenied(_("您的角色不能执行“%(label)s”。") % {"label": step.label})
    form = StepForm(request.POST, step=name)
    done = submit(form, lambda c: services.report_transition(actor=user, inspection_id=inspection.pk,
                                                             transition=name, note=c.get("note", ""),
                                                             on=c.get("on")))
    if done.ok:
        messages.success(request, _("已完成“%(label)s”。") % {"label": step.label})
        return redirect("reports:report-detail", pk=inspection.pk)
    return render_page(request, "reports/report_detail.html",
                       _report_context(request, inspection, failed=form, failed_step=name), status=done.status)


@page(("GET", "POST"))
def special_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, Cap.EDIT_REPORTS)
    form = SpecialReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        done = submit(form, lambda c: services.special_report_create(
            actor=signed_in(request), inspection_id=inspection.pk, kind=c["kind"], title=c["title"], body=c["body"],
            on=c.get("on")))
        if done.ok:
            messages.success(request, _("专题报告已保存。"))
            return redirect("reports:report-detail", pk=inspection.pk)
        status = done.status
    context = {**_base(request, inspection), "form": form,
               "crumbs": _crumbs(inspection, _report_crumb(inspection), (_("专题报告"), None))}
    return render_page(request, "reports/special_report_form.html", context, status=status)


# ---- Feedback ------------------------------------------------------------------------------------------------


@page(("POST",))
def feedback_compose(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, Cap.EDIT_REPORTS)
    try:
        made = services.feedback_compose(actor=signed_in(request), inspection_id=inspection.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return render_page(request, "reports/report_detail.html", _report_context(request, inspection),
                           status=exc.status)
    messages.success(request, _("已从审定的报告生成反馈意见%(n)s份（已去除可能识别谈话对象、信访人的内容），"
                                "请修改后报巡察办印发。") % {"n": len(made)})
    return redirect("reports:feedback-detail", pk=made[0].pk)


@page()
def feedback_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The feedback of an inspection as the user sees it (the liaison: their organisation's, once delivered)."""
    require_any_capability(request, FEEDBACK_PAGE)
    user = signed_in(request)
    inspection = access_inspection(user, pk)
    if not capabilities(user, inspection) & FEEDBACK_PAGE:
        raise PermissionDenied(_("您的角色不能查看反馈意见。"))
    context = {**_base(request, inspection, active="feedback"),
               "feedbacks": list(selectors.feedback_list(actor=user, inspection=inspection)),
               "crumbs": _crumbs(inspection, (_("反馈意见"), None))}
    return render_page(request, "reports/feedback_list.html", context)


def _feedback_context(request: HttpRequest, feedback: Feedback, **forms: Any) -> dict[str, Any]:
    user = signed_in(request)
    caps = capabilities(user, feedback)
    steps = []
    for available in FEEDBACK_WORKFLOW.available(feedback, caps):
        if available.name in FEEDBACK_FORM_STEPS:
            form = forms.get(f"step_{available.name}") or StepForm(step=available.name)
            steps.append({"available": available, "form": form,
                          "url": reverse("reports:feedback-transition", args=[feedback.pk, available.name])})
    team_side = Cap.VIEW_REPORTS in caps
    records = (Cap.DELIVER_FEEDBACK_RECORDS in caps and feedback.status == FeedbackStatus.ISSUED
               and feedback.inspection.status in ("reporting", "feedback"))
    inspection = feedback.inspection
    delivery_form = forms.get("delivery") if records else None
    copy_form = forms.get("copy") if Cap.DELIVER_FEEDBACK_RECORDS in caps and feedback.status != FeedbackStatus.DRAFT \
        else None
    shown = {id(s["form"]) for s in steps} | {id(delivery_form), id(copy_form)}
    error = "；".join(_errors(f) for f in forms.values() if f is not None and id(f) not in shown and f.errors)
    crumbs = (_crumbs(inspection, _report_crumb(inspection), (str(feedback.organization), None)) if team_side
              else _crumbs(inspection, (_("反馈意见"), reverse("reports:feedback-list", args=[inspection.pk])),
                           (str(feedback.organization), None)))
    return {**_base(request, inspection, active="report" if team_side else "feedback"), "feedback": feedback,
            "steps": steps, "team_side": team_side,
            "may_edit": Cap.EDIT_REPORTS in caps and feedback.status == FeedbackStatus.DRAFT,
            "delivery_form": delivery_form or (DeliveryForm() if records else None),
            "copy_form": copy_form or (CopyForm() if Cap.DELIVER_FEEDBACK_RECORDS in caps
                                       and feedback.status != FeedbackStatus.DRAFT else None),
            "error": error, "crumbs": crumbs}


def _feedback(request: HttpRequest, pk: int) -> Feedback:
    require_any_capability(request, FEEDBACK_PAGE)
    return selectors.feedback_get(actor=signed_in(request), pk=pk)


@page()
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = _feedback(request, pk)
    return render_page(request, "reports/feedback_detail.html", _feedback_context(request, feedback))


@page(("GET", "POST"))
def feedback_edit(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = _feedback(request, pk)
    user = signed_in(request)
    if Cap.EDIT_REPORTS not in capabilities(user, feedback):
        raise PermissionDenied(_("只有巡察组组长、副组长可以修改反馈意见。"))
    if feedback.status != FeedbackStatus.DRAFT:
        messages.info(request, _("反馈意见已印发，不能再修改。"))
        return redirect("reports:feedback-detail", pk=feedback.pk)
    form = FeedbackForm(request.POST or None, initial={"title": feedback.title, **feedback.sections})
    status = 200
    if request.method == "POST":
        done = submit(form, lambda c: services.feedback_save(actor=user, feedback_id=feedback.pk, title=c["title"],
                                                             sections=form.sections()))
        if done.ok:
            messages.success(request, _("反馈意见已保存。"))
            return redirect("reports:feedback-detail", pk=feedback.pk)
        status = done.status
    inspection = feedback.inspection
    context = {**_base(request, inspection), "form": form, "feedback": feedback,
               "crumbs": _crumbs(inspection, _report_crumb(inspection),
                                 (str(feedback.organization), feedback.get_absolute_url()), (_("修改"), None))}
    return render_page(request, "reports/feedback_edit.html", context, status=status)


@page(("POST",))
def feedback_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in FEEDBACK_FORM_STEPS:
        raise Http404(_("没有这一操作。"))
    feedback = _feedback(request, pk)
    user = signed_in(request)
    step = FEEDBACK_WORKFLOW.get(name)
    if step.capability not in capabilities(user, feedback):
        raise PermissionDenied(_("您的角色不能执行“%(label)s”。") % {"label": step.label})
    form = StepForm(request.POST, step=name)
    done = submit(form, lambda c: services.feedback_transition(actor=user, feedback_id=feedback.pk, transition=name,
                                                               on=c.get("on"),
                                                               received_name=c.get("received_name", "")))
    if done.ok:
        messages.success(request, _("已完成“%(label)s”。") % {"label": step.label})
        return redirect("reports:feedback-detail", pk=feedback.pk)
    feedback = _feedback(request, pk)
    return render_page(request, "reports/feedback_detail.html",
                       _feedback_context(request, feedback, **{f"step_{name}": form}), status=done.status)


@page(("POST",))
def feedback_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = _feedback(request, pk)
    user = signed_in(request)
    if Cap.DELIVER_FEEDBACK_RECORDS not in capabilities(user, feedback):
        raise PermissionDenied(_("您的角色不能记录反馈情况。"))
    form = DeliveryForm(request.POST)
    done = submit(form, lambda c: services.delivery_record(actor=user, feedback_id=feedback.pk,
                                                           data=services.DeliveryData(**c)))
    if done.ok:
        messages.success(request, _("已记录反馈情况。"))
        return redirect("reports:feedback-detail", pk=feedback.pk)
    feedback = _feedback(request, pk)
    return render_page(request, "reports/feedback_detail.html",
                       _feedback_context(request, feedback, delivery=form), status=done.status)


@page(("POST",))
def feedback_copy(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = _feedback(request, pk)
    user = signed_in(request)
    if Cap.DELIVER_FEEDBACK_RECORDS not in capabilities(user, feedback):
        raise PermissionDenied(_("您的角色不能记录抄告。"))
    form = CopyForm(request.POST)
    done = submit(form, lambda c: services.copy_record(actor=user, feedback_id=feedback.pk, body=c["body"],
                                                       name=c["name"], on=c.get("on")))
    if done.ok:
        messages.success(request, _("已记录抄告。"))
        return redirect("reports:feedback-detail", pk=feedback.pk)
    feedback = _feedback(request, pk)
    return render_page(request, "reports/feedback_detail.html",
                       _feedback_context(request, feedback, copy=form), status=done.status)


# ---- Meetings and the briefing -------------------------------------------------------------------------------


def _round(request: HttpRequest, pk: int) -> Round:
    require_any_capability(request, MEETING_PAGE)
    return selectors.meetings_round(signed_in(request), pk)


def _round_crumbs(rnd: Round, *trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("届次与轮次"), reverse("planning:term-list")), (str(rnd), rnd.get_absolute_url()), *trail]


@page()
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    user = signed_in(request)
    meetings = selectors.meeting_list(actor=user, rnd=rnd)
    filterset = MeetingFilter(request.GET or None, queryset=meetings, request=request)
    table = show_table(request, MeetingTable(filterset.qs))
    context = {"round": rnd, "filter": filterset, "table": table,
               "may_record": Cap.RECORD_MEETINGS in rnd.capabilities_for(user),
               "crumbs": _round_crumbs(rnd, (_("听取汇报"), None))}
    return render_page(request, "reports/meeting_list.html", context, partial="meeting-results")


@page(("GET", "POST"))
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    user = signed_in(request)
    if Cap.RECORD_MEETINGS not in rnd.capabilities_for(user):
        raise PermissionDenied(_("只有巡察办可以记录会议。"))
    inspections = list(Inspection.objects.visible_to(user).filter(round=rnd).prefetch_related(
        "targets__organization").order_by("code"))
    form = MeetingForm(request.POST or None, inspections=inspections)
    status = 200
    if request.method == "POST":
        done = submit(form, lambda c: services.meeting_create(actor=user, round_id=rnd.pk, data=form.data_object()))
        if done.ok:
            messages.success(request, _("会议已记录。"))
            return redirect("reports:meeting-detail", pk=done.value.pk)
        status = done.status
    approved = set(Report.objects.filter(inspection__in=inspections, status=ReportStatus.APPROVED)
                   .values_list("inspection_id", flat=True))
    context = {"round": rnd, "form": form, "approved": approved,
               "crumbs": _round_crumbs(rnd, (_("听取汇报"), reverse("reports:meeting-list", args=[rnd.pk])),
                                       (_("记录会议"), None))}
    return render_page(request, "reports/meeting_form.html", context, status=status)


@page()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, MEETING_PAGE)
    meeting = selectors.meeting_get(actor=signed_in(request), pk=pk)
    rnd = meeting.round
    context = {"meeting": meeting, "round": rnd,
               "crumbs": _round_crumbs(rnd, (_("听取汇报"), reverse("reports:meeting-list", args=[rnd.pk])),
                                       (str(meeting), None))}
    return render_page(request, "reports/meeting_detail.html", context)


@page()
def briefing(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    data = selectors.round_briefing(actor=signed_in(request), rnd=rnd)
    context = {"round": rnd, "briefing": data,
               "crumbs": _round_crumbs(rnd, (_("听取汇报"), reverse("reports:meeting-list", args=[rnd.pk])),
                                       (_("综合报告"), None))}
    return render_page(request, "reports/briefing.html", context)
