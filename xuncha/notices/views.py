"""Pages of the notices during the stay: the inspection's tab 通知书 (the list), the immediate-rectification items,
a notice (its content, items, answers and the steps the viewer may take), the team's draft form and the liaison's
answer form (both usable on a phone). Objects are loaded through the scope kernel, writes go through ``services``
(the API calls the same); a refused write shows the page again with the reason and its status."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xuncha.accounts.pages import render_page, require_any_capability, signed_in
from xuncha.accounts.roles import Cap
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.files import serve_private_file
from xuncha.core.forms import add_domain_error, submit
from xuncha.core.lists import show_table
from xuncha.core.scoping import capabilities
from xuncha.core.uploads import MAX_UPLOAD_BYTES
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import sections_for
from xuncha.notices import selectors, services
from xuncha.notices.filters import NoticeFilter
from xuncha.notices.forms import AnswerForm, NoticeForm, StepForm, item_formset, notice_data
from xuncha.notices.models import AWAITING_ANSWER, Notice, NoticeStatus
from xuncha.notices.tables import ImmediateItemTable, NoticeTable
from xuncha.notices.workflows import FORM_STEPS, NOTICE_WORKFLOW

PAGE_CAPS = selectors.PAGE_CAPS
# One byte more than the limit, so that an oversized file is recognised without reading all of it.
READ_LIMIT = MAX_UPLOAD_BYTES + 1


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


def _list_crumb(inspection: Inspection) -> tuple[str, str]:
    return _("通知书"), reverse("notices:notice-list", args=[inspection.pk])


def _base(request: HttpRequest, inspection: Inspection, active: str = "notices") -> dict[str, Any]:
    user = signed_in(request)
    return {"inspection": inspection, "caps": capabilities(user, inspection),
            "inspection_sections": sections_for(user, inspection, active=active), "today": business_today()}


def _inspection(request: HttpRequest, pk: int, capability: Cap | None = None) -> Inspection:
    """The inspection of a notices page: 404 for a role that never reads notices or out of scope, 403 for one
    that reads them here but may not take this page's action (``capability``)."""
    require_any_capability(request, PAGE_CAPS)
    user = signed_in(request)
    inspection = selectors.notices_inspection(user, pk)
    if capability is not None and capability not in capabilities(user, inspection):
        raise PermissionDenied(_("您的角色不能起草通知书。"))
    return inspection


# ---- The list and the items --------------------------------------------------------------------------------------


@page()
def notice_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    user = signed_in(request)
    notices = selectors.notice_list(actor=user, inspection=inspection)
    filterset = NoticeFilter(request.GET or None, queryset=notices, request=request)
    today = business_today()
    table = show_table(request, NoticeTable(filterset.qs, today=today))
    context = {**_base(request, inspection), "filter": filterset, "table": table,
               "counts": selectors.status_counts(notices, today),
               "summary": selectors.immediate_summary(selectors.visible_immediate_items(actor=user,
                                                                                        inspection=inspection)),
               "may_draft": Cap.DRAFT_NOTICES in capabilities(user, inspection),
               "crumbs": _crumbs(inspection, (_("通知书"), None))}
    return render_page(request, "notices/notice_list.html", context, partial="notice-results")


@page()
def immediate_item_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    items = selectors.visible_immediate_items(actor=signed_in(request), inspection=inspection)
    table = show_table(request, ImmediateItemTable(items))
    context = {**_base(request, inspection), "table": table, "summary": selectors.immediate_summary(items),
               "crumbs": _crumbs(inspection, _list_crumb(inspection), (_("立行立改"), None))}
    return render_page(request, "notices/immediate_items.html", context)


# ---- Drafting --------------------------------------------------------------------------------------------------


def _form_page(request: HttpRequest, inspection: Inspection, form: NoticeForm, items: Any, notice: Notice | None,
               status: int) -> HttpResponse:
    trail = (_("修改通知书"), None) if notice else (_("起草通知书"), None)
    context = {**_base(request, inspection), "form": form, "items": items, "notice": notice,
               "crumbs": _crumbs(inspection, _list_crumb(inspection), trail)}
    return render_page(request, "notices/notice_form.html", context, status=status)


@page(("GET", "POST"))
def notice_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, Cap.DRAFT_NOTICES)
    form = NoticeForm(request.POST or None, inspection=inspection)
    items = item_formset(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and items.is_valid():
            try:
                notice = services.notice_create(actor=signed_in(request), inspection_id=inspection.pk,
                                                data=notice_data(form, items))
            except CapabilityMissing:
                raise
            except DomainError as exc:
                status = exc.status
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已起草通知书 %(code)s，待组长签发。") % {"code": notice.code})
                return redirect("notices:notice-detail", pk=notice.pk)
    return _form_page(request, inspection, form, items, None, status)


@page(("GET", "POST"))
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PAGE_CAPS)
    user = signed_in(request)
    notice = selectors.notice_get(actor=user, pk=pk)
    if Cap.DRAFT_NOTICES not in capabilities(user, notice):
        raise PermissionDenied(_("只有巡察组可以修改通知书。"))
    if notice.status != NoticeStatus.DRAFT:
        messages.info(request, _("通知书已印发，不能再修改。"))
        return redirect("notices:notice-detail", pk=notice.pk)
    form = NoticeForm(request.POST or None, inspection=notice.inspection, notice=notice)
    items = item_formset(request.POST or None, notice=notice)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and items.is_valid():
            try:
                services.notice_update(actor=user, notice_id=notice.pk, data=notice_data(form, items))
            except CapabilityMissing:
                raise
            except DomainError as exc:
                status = exc.status
                add_domain_error(form, exc)
            else:
                messages.success(request, _("通知书已保存。"))
                return redirect("notices:notice-detail", pk=notice.pk)
    return _form_page(request, notice.inspection, form, items, notice, status)


# ---- A notice --------------------------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, notice: Notice, *, failed: StepForm | None = None,
                    error: str = "") -> dict[str, Any]:
    user = signed_in(request)
    caps = capabilities(user, notice)
    signer = getattr(user, "display_name", "") or user.get_username()
    steps: list[dict[str, Any]] = []
    for available in NOTICE_WORKFLOW.available(notice, caps):
        if available.name not in FORM_STEPS:
            continue
        form = failed if failed is not None and failed.step == available.name else StepForm(
            step=available.name, signer=signer)
        steps.append({"available": available, "form": form,
                      "url": reverse("notices:notice-transition", args=[notice.pk, available.name])})
    if failed is not None and failed.step not in {s["available"].name for s in steps} and failed.errors:
        error = error or "；".join(str(e) for errors in failed.errors.values() for e in errors)
    answer_step = next((a for a in NOTICE_WORKFLOW.available(notice, caps) if a.name == "answer"), None)
    today = business_today()
    return {**_base(request, notice.inspection), "notice": notice, "steps": steps, "answer_step": answer_step,
            "items": list(selectors.notice_items(notice)), "answers": selectors.notice_answers(notice),
            "overdue_days": notice.days_overdue(today), "error": error,
            "team_side": Cap.VIEW_NOTICES in caps, "may_edit": Cap.DRAFT_NOTICES in caps and
            notice.status == NoticeStatus.DRAFT, "awaiting": notice.status in AWAITING_ANSWER,
            "crumbs": _crumbs(notice.inspection, _list_crumb(notice.inspection),
                              (notice.number or notice.code, None))}


@page()
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PAGE_CAPS)
    notice = selectors.notice_get(actor=signed_in(request), pk=pk)
    return render_page(request, "notices/notice_detail.html", _detail_context(request, notice))


@page(("POST",))
def notice_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_any_capability(request, PAGE_CAPS)
    if name not in FORM_STEPS:
        raise Http404(_("没有这一操作。"))
    user = signed_in(request)
    notice = selectors.notice_get(actor=user, pk=pk)
    step = NOTICE_WORKFLOW.get(name)
    if step.capability not in capabilities(user, notice):
        raise PermissionDenied(_("您的角色不能执行“%(label)s”。") % {"label": step.label})
    form = StepForm(request.POST, step=name)
    done = submit(form, lambda c: services.notice_transition(
        actor=user, notice_id=notice.pk, transition=name, note=c.get("note", ""), on=c.get("on"),
        deadline=c.get("deadline"), received_name=c.get("received_name", "")))
    if done.ok:
        messages.success(request, _("已完成“%(label)s”。") % {"label": step.label})
        return redirect("notices:notice-detail", pk=notice.pk)
    notice = selectors.notice_get(actor=user, pk=pk)
    return render_page(request, "notices/notice_detail.html", _detail_context(request, notice, failed=form),
                       status=done.status)


@page(("GET", "POST"))
def notice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The liaison's answer: text, the measures on each item, files (checked before anything is stored)."""
    require_any_capability(request, PAGE_CAPS)
    user = signed_in(request)
    notice = selectors.notice_get(actor=user, pk=pk)
    if Cap.ANSWER_NOTICES not in capabilities(user, notice):
        raise PermissionDenied(_("通知书由被巡察单位联络员回复。"))
    items = list(selectors.notice_items(notice))
    form = AnswerForm(request.POST or None, request.FILES or None, items=items)
    blockers = NOTICE_WORKFLOW.blockers(notice, NOTICE_WORKFLOW.get("answer"))
    status = 200
    if request.method == "POST":
        done = submit(form, lambda c: services.notice_answer(actor=user, notice_id=notice.pk, data=form.data_object(
            [(f.name, f.read(READ_LIMIT)) for f in c["attachments"]])), aliases={"files": "attachments"})
        if done.ok:
            messages.success(request, _("已回复，等待巡察组审核。"))
            return redirect("notices:notice-detail", pk=notice.pk)
        status = done.status
    context = {**_base(request, notice.inspection), "notice": notice, "form": form, "blockers": blockers,
               "answers": selectors.notice_answers(notice), "overdue_days": notice.days_overdue(business_today()),
               "crumbs": _crumbs(notice.inspection, _list_crumb(notice.inspection),
                                 (notice.number or notice.code, notice.get_absolute_url()), (_("回复"), None))}
    return render_page(request, "notices/notice_answer.html", context, status=status)


@page()
def notice_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    require_any_capability(request, PAGE_CAPS)
    stored = selectors.notice_file_get(actor=signed_in(request), pk=pk)
    return serve_private_file(request, stored.answer.notice, stored.file, filename=stored.filename,
                              action="stay_notice.download", content_type=stored.content_type)
