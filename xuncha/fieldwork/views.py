"""Pages of a stationed team's work: the talk plan and talk records, document requests, the other work records,
the daily log and the weekly summary. Every page loads its objects through the scope kernel and writes through
``services`` (the API calls the same); a refused write shows the page again with the reason and its status."""

from __future__ import annotations

import datetime
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
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.files import serve_private_file
from xuncha.core.forms import add_domain_error
from xuncha.core.lists import show_table
from xuncha.core.pagination import paginate
from xuncha.core.scoping import capabilities
from xuncha.core.uploads import MAX_UPLOAD_BYTES
from xuncha.fieldwork import selectors, services
from xuncha.fieldwork.filters import DocumentRequestFilter, TalkFilter, WorkRecordFilter
from xuncha.fieldwork.forms import (
    DocumentRequestForm,
    DocumentStepForm,
    TalkForm,
    TalkRecordForm,
    TalkStepForm,
    UploadForm,
    WorkLogForm,
    WorkRecordForm,
)
from xuncha.fieldwork.models import DocumentRequest, Talk
from xuncha.fieldwork.tables import DocumentRequestTable, TalkTable, WorkRecordTable
from xuncha.fieldwork.workflows import DOCUMENT_WORKFLOW, RECORD_WORKFLOW, TALK_WORKFLOW
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import sections_for

FIELDWORK_PAGE_CAPS = frozenset({Cap.VIEW_FIELDWORK})
DOCUMENT_PAGE_CAPS = frozenset({Cap.VIEW_FIELDWORK, Cap.PROVIDE_DOCUMENTS})
SUMMARY_PAGE_CAPS = frozenset({Cap.VIEW_FIELDWORK, Cap.MANAGE_PLANNING})
# One byte more than the limit, so that an oversized file is recognised without reading all of it.
READ_LIMIT = MAX_UPLOAD_BYTES + 1


def _forbidden_as_403(view: Callable[..., Any]) -> Callable[..., Any]:
    """A capability the service finds missing is a 403 page (the API answers the same through its handler)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except CapabilityMissing as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapper


def page(methods: tuple[str, ...] = ("GET",)) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        return login_required(require_http_methods(list(methods))(_forbidden_as_403(view)))

    return decorate


def _crumbs(inspection: Inspection, *trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("巡察"), reverse("planning:inspection-list")), (inspection.code, inspection.get_absolute_url()),
            *trail]


def _base(request: HttpRequest, inspection: Inspection, active: str) -> dict[str, Any]:
    user = signed_in(request)
    caps = capabilities(user, inspection)
    return {"inspection": inspection, "caps": caps, "inspection_sections": sections_for(user, inspection,
                                                                                          active=active)}


def _inspection(request: HttpRequest, pk: int, page_caps: frozenset[Cap],
                capability: Cap | None = Cap.VIEW_FIELDWORK) -> Inspection:
    held = require_any_capability(request, page_caps)
    user = signed_in(request)
    if capability is None:
        capability = next(c for c in sorted(page_caps) if c in held)
    inspection = selectors.fieldwork_inspection(user, pk, capability=capability)
    if not capabilities(user, inspection) & page_caps:
        raise PermissionDenied(_("您的角色不能查看巡察组的驻点工作。"))
    return inspection


def _may_any(user: Any, inspection: Inspection, caps: frozenset[Cap]) -> bool:
    return bool(capabilities(user, inspection) & caps)


# ---- Talks -----------------------------------------------------------------------------------------------------


def _talk_list_context(request: HttpRequest, inspection: Inspection, *, error: str = "") -> dict[str, Any]:
    user = signed_in(request)
    talks = selectors.talk_list(actor=user, inspection=inspection)
    filterset = TalkFilter(request.GET, queryset=talks, request=request)
    table = show_table(request, TalkTable(filterset.qs))
    return {**_base(request, inspection, "talks"), "filter": filterset, "table": table,
            "progress": selectors.talk_progress(talks), "error": error,
            "crumbs": _crumbs(inspection, (_("个别谈话"), None))}


@page()
def talk_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, FIELDWORK_PAGE_CAPS)
    return render_page(request, "fieldwork/talk_list.html", _talk_list_context(request, inspection),
                       partial="talk-results")


@page(("POST",))
def talk_generate(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, FIELDWORK_PAGE_CAPS)
    try:
        created = services.talk_plan_generate(actor=signed_in(request), inspection_id=inspection.pk)
    except DomainError as exc:
        if isinstance(exc, CapabilityMissing):
            raise
        return render_page(request, "fieldwork/talk_list.html",
                           _talk_list_context(request, inspection, error=exc.message), status=exc.status)
    messages.success(request, _("已按类别生成谈话安排 %(n)d 人次。") % {"n": len(created)} if created
                     else _("被巡察单位的干部均已在谈话安排中。"))
    return redirect("fieldwork:talk-list", pk=inspection.pk)


def _talk_form_page(request: HttpRequest, inspection: Inspection, form: TalkForm, talk: Talk | None,
                    status: int = 200) -> HttpResponse:
    title = _("调整谈话安排") if talk else _("增加谈话对象")
    context = {**_base(request, inspection, "talks"), "form": form, "talk": talk, "title": title,
               "crumbs": _crumbs(inspection, (_("个别谈话"), reverse("fieldwork:talk-list", args=[inspection.pk])),
                                 (title, None))}
    return render_page(request, "fieldwork/talk_form.html", context, status=status)


@page(("GET", "POST"))
def talk_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, FIELDWORK_PAGE_CAPS, Cap.PLAN_TALKS)
    form = TalkForm(request.POST or None, inspection=inspection)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                talk = services.talk_add(actor=signed_in(request), inspection_id=inspection.pk,
                                         data=form.data_object())
            except CapabilityMissing:
                raise
            except DomainError as exc:
                status = exc.status
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已增加谈话对象 %(name)s。") % {"name": talk.name})
                return redirect("fieldwork:talk-detail", pk=talk.pk)
    return _talk_form_page(request, inspection, form, None, status)


@page(("GET", "POST"))
def talk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, FIELDWORK_PAGE_CAPS)
    user = signed_in(request)
    talk = selectors.talk_get(actor=user, pk=pk)
    if Cap.PLAN_TALKS not in capabilities(user, talk):
        raise PermissionDenied(_("只有组长、副组长可以调整谈话安排。"))
    inspection = talk.inspection
    form = TalkForm(request.POST or None, inspection=inspection, initial=TalkForm.initial_from(talk))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.talk_update(actor=user, talk_id=talk.pk, data=form.data_object())
            except CapabilityMissing:
                raise
            except DomainError as exc:
                status = exc.status
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已调整谈话安排。"))
                return redirect("fieldwork:talk-detail", pk=talk.pk)
    return _talk_form_page(request, inspection, form, talk, status)


def _talk_detail_context(request: HttpRequest, talk: Talk, *, failed: TalkStepForm | None = None,
                         error: str = "") -> dict[str, Any]:
    user = signed_in(request)
    caps = capabilities(user, talk)
    record = selectors.talk_record_read(actor=user, talk=talk)
    steps: list[dict[str, Any]] = []
    for available in TALK_WORKFLOW.available(talk, caps):
        if available.name == "hold":
            continue  # a talk is marked held by writing its record
        form = failed if failed is not None and failed.step == available.name else TalkStepForm(step=available.name)
        steps.append({"available": available, "form": form,
                      "url": reverse("fieldwork:talk-transition", args=[talk.pk, available.name])})
    if failed is not None and failed.step not in {s["available"].name for s in steps} and failed.errors:
        # The step is not on offer any more (the talk moved on, the stay ended): say why at the top.
        error = error or "；".join(str(e) for errors in failed.errors.values() for e in errors)
    is_interviewer = getattr(user, "person_id", None) in talk.interviewer_ids()
    may_write = Cap.RECORD_FIELDWORK in caps and (is_interviewer or Cap.PLAN_TALKS in caps)
    sign_off = None
    if record is not None:
        sign_off = next(iter(RECORD_WORKFLOW.available(record, capabilities(user, record))), None)
    return {
        **_base(request, talk.inspection, "talks"), "talk": talk, "record": record, "steps": steps,
        "record_hidden": record is None and selectors.talk_record_exists(talk),
        "attachments": selectors.talk_attachments(actor=user, record=record) if record else [],
        "may_write_record": may_write and talk.status != "declined" and (record is None or record.status == "draft"),
        "may_plan": Cap.PLAN_TALKS in caps and talk.status in ("planned", "rescheduled"),
        "sign_off": sign_off, "upload_form": UploadForm(), "error": error,
        "crumbs": _crumbs(talk.inspection, (_("个别谈话"), reverse("fieldwork:talk-list", args=[talk.inspection_id])),
                          (talk.code, None)),
    }


@page()
def talk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, FIELDWORK_PAGE_CAPS)
    talk = selectors.talk_get(actor=signed_in(request), pk=pk)
    return render_page(request, "fieldwork/talk_detail.html", _talk_detail_context(request, talk))


@page(("POST",))
def talk_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_any_capability(request, FIELDWORK_PAGE_CAPS)
    if name not in TALK_WORKFLOW.transitions or name == "hold":
        raise Http404(_("没有这一操作。"))
    user = signed_in(request)
    talk = selectors.talk_get(actor=user, pk=pk)
    step = TALK_WORKFLOW.get(name)
    if step.capability not in capabilities(user, talk):
        raise PermissionDenied(_("您的角色不能执行“%(label)s”。") % {"label": step.label})
    form = TalkStepForm(request.POST, step=name)
    status = 400
    if form.is_valid():
        try:
            services.talk_apply_transition(actor=user, talk_id=talk.pk, transition=name,
                                           note=form.cleaned_data["note"],
                                           scheduled_at=form.cleaned_data.get("scheduled_at"))
        except CapabilityMissing:
            raise
        except DomainError as exc:
            status = exc.status
            add_domain_error(form, exc)
            talk = selectors.talk_get(actor=user, pk=pk)
        else:
            messages.success(request, _("已完成“%(label)s”。") % {"label": step.label})
            return redirect("fieldwork:talk-detail", pk=talk.pk)
    return render_page(request, "fieldwork/talk_detail.html", _talk_detail_context(request, talk, failed=form),
                       status=status)


@page(("GET", "POST"))
def talk_record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, FIELDWORK_PAGE_CAPS)
    user = signed_in(request)
    talk = selectors.talk_get(actor=user, pk=pk)
    caps = capabilities(user, talk)
    if Cap.RECORD_FIELDWORK not in caps or (getattr(user, "person_id", None) not in talk.interviewer_ids()
                                             and Cap.PLAN_TALKS not in caps):
        raise PermissionDenied(_("只有参加谈话的巡察组成员、组长和副组长可以填写谈话笔录。"))
    record = selectors.talk_record_read(actor=user, talk=talk)
    initial: dict[str, Any] = {"place": talk.place, "started_at": talk.scheduled_at}
    if record is not None:
        initial = {name: getattr(record, name) for name in TalkRecordForm.base_fields}
    form = TalkRecordForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.talk_record_save(actor=user, talk_id=talk.pk, data=form.data_object())
            except CapabilityMissing:
                raise
            except DomainError as exc:
                status = exc.status
                add_domain_error(form, exc)
            else:
                messages.success(request, _("谈话笔录已保存，谈话标记为已谈。"))
                return redirect("fieldwork:talk-detail", pk=talk.pk)
    context = {**_base(request, talk.inspection, "talks"), "talk": talk, "record": record, "form": form,
               "crumbs": _crumbs(talk.inspection,
                                 (_("个别谈话"), reverse("fieldwork:talk-list", args=[talk.inspection_id])),
                                 (talk.code, reverse("fieldwork:talk-detail", args=[talk.pk])), (_("谈话笔录"), None))}
    return render_page(request, "fieldwork/talk_record_form.html", context, status=status)


@page(("POST",))
def talk_record_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, FIELDWORK_PAGE_CAPS)
    user = signed_in(request)
    talk = selectors.talk_get(actor=user, pk=pk)
    if Cap.SIGN_OFF_TALK not in capabilities(user, talk):
        raise PermissionDenied(_("谈话笔录由组长审签。"))
    try:
        services.talk_record_sign_off(actor=user, talk_id=talk.pk)
    except CapabilityMissing:
        raise
    except DomainError as exc:
        return render_page(request, "fieldwork/talk_detail.html",
                           _talk_detail_context(request, talk, error=exc.message), status=exc.status)
    messages.success(request, _("谈话笔录已审签。"))
    return redirect("fieldwork:talk-detail", pk=talk.pk)


@page(("POST",))
def talk_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, FIELDWORK_PAGE_CAPS)
    user = signed_in(request)
    talk = selectors.talk_get(actor=user, pk=pk)
    form = UploadForm(request.POST, request.FILES)
    error = _("请选择要上传的文件。")
    status = 400
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.talk_attachment_add(actor=user, talk_id=talk.pk, name=upload.name,
                                         data=upload.read(READ_LIMIT))
        except CapabilityMissing:
            raise
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, _("附件已上传。"))
            return redirect("fieldwork:talk-detail", pk=talk.pk)
    return render_page(request, "fieldwork/talk_detail.html", _talk_detail_context(request, talk, error=error),
                       status=status)


@page()
def talk_attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    require_any_capability(request, FIELDWORK_PAGE_CAPS)
    attachment = selectors.talk_attachment_get(actor=signed_in(request), pk=pk)
    return serve_private_file(request, attachment.record, attachment.file, filename=attachment.filename,
                              action="talk_record.download", content_type=attachment.content_type)


# ---- Document requests -----------------------------------------------------------------------------------------


@page()
def document_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, DOCUMENT_PAGE_CAPS, capability=None)
    user = signed_in(request)
    filterset = DocumentRequestFilter(request.GET, queryset=selectors.document_requests(actor=user,
                                                                                         inspection=inspection),
                                      request=request)
    table = show_table(request, DocumentRequestTable(filterset.qs))
    context = {**_base(request, inspection, "documents"), "filter": filterset, "table": table,
               "crumbs": _crumbs(inspection, (_("调阅资料"), None))}
    return render_page(request, "fieldwork/document_list.html", context, partial="document-results")


@page(("GET", "POST"))
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, FIELDWORK_PAGE_CAPS, Cap.RECORD_FIELDWORK)
    form = DocumentRequestForm(request.POST or None, inspection=inspection)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                created = services.document_request_create(actor=signed_in(request), inspection_id=inspection.pk,
                                                           data=form.data_object())
            except CapabilityMissing:
                raise
            except DomainError as exc:
                status = exc.status
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已提出调阅 %(code)s。") % {"code": created.code})
                return redirect("fieldwork:document-detail", pk=created.pk)
    context = {**_base(request, inspection, "documents"), "form": form,
               "crumbs": _crumbs(inspection, (_("调阅资料"), reverse("fieldwork:document-list", args=[inspection.pk])),
                                 (_("提出调阅"), None))}
    return render_page(request, "fieldwork/document_form.html", context, status=status)


def _document_context(request: HttpRequest, item: DocumentRequest, *, failed: DocumentStepForm | None = None,
                      error: str = "") -> dict[str, Any]:
    user = signed_in(request)
    caps = capabilities(user, item)
    steps: list[dict[str, Any]] = []
    for available in DOCUMENT_WORKFLOW.available(item, caps):
        form = failed if failed is not None and failed.step == available.name else DocumentStepForm(
            step=available.name)
        steps.append({"available": available, "form": form,
                      "url": reverse("fieldwork:document-transition", args=[item.pk, available.name])})
    if failed is not None and failed.step not in {s["available"].name for s in steps} and failed.errors:
        error = error or "；".join(str(e) for errors in failed.errors.values() for e in errors)
    return {**_base(request, item.inspection, "documents"), "item": item, "steps": steps,
            "files": selectors.document_files(actor=user, request=item),
            "may_upload": bool(caps & {Cap.PROVIDE_DOCUMENTS, Cap.RECORD_FIELDWORK}) and item.status != "returned",
            "team_side": Cap.VIEW_FIELDWORK in caps, "upload_form": UploadForm(), "error": error,
            "crumbs": _crumbs(item.inspection, (_("调阅资料"), reverse("fieldwork:document-list",
                                                                       args=[item.inspection_id])), (item.code, None))}


@page()
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, DOCUMENT_PAGE_CAPS)
    item = selectors.document_request_get(actor=signed_in(request), pk=pk)
    return render_page(request, "fieldwork/document_detail.html", _document_context(request, item))


@page(("POST",))
def document_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_any_capability(request, DOCUMENT_PAGE_CAPS)
    if name not in DOCUMENT_WORKFLOW.transitions:
        raise Http404(_("没有这一操作。"))
    user = signed_in(request)
    item = selectors.document_request_get(actor=user, pk=pk)
    step = DOCUMENT_WORKFLOW.get(name)
    if step.capability not in capabilities(user, item):
        raise PermissionDenied(_("您的角色不能执行“%(label)s”。") % {"label": step.label})
    form = DocumentStepForm(request.POST, step=name)
    status = 400
    if form.is_valid():
        try:
            services.document_request_transition(actor=user, request_id=item.pk, transition=name,
                                                 note=form.cleaned_data["note"], on=form.cleaned_data.get("on"))
        except CapabilityMissing:
            raise
        except DomainError as exc:
            status = exc.status
            add_domain_error(form, exc)
            item = selectors.document_request_get(actor=user, pk=pk)
        else:
            messages.success(request, _("已完成“%(label)s”。") % {"label": step.label})
            return redirect("fieldwork:document-detail", pk=item.pk)
    return render_page(request, "fieldwork/document_detail.html", _document_context(request, item, failed=form),
                       status=status)


@page(("POST",))
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, DOCUMENT_PAGE_CAPS)
    user = signed_in(request)
    item = selectors.document_request_get(actor=user, pk=pk)
    form = UploadForm(request.POST, request.FILES)
    error, status = _("请选择要上传的文件。"), 400
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_file_add(actor=user, request_id=item.pk, name=upload.name,
                                       data=upload.read(READ_LIMIT))
        except CapabilityMissing:
            raise
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, _("文件已上传。"))
            return redirect("fieldwork:document-detail", pk=item.pk)
    return render_page(request, "fieldwork/document_detail.html", _document_context(request, item, error=error),
                       status=status)


@page()
def document_file_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    require_any_capability(request, DOCUMENT_PAGE_CAPS)
    stored = selectors.document_file_get(actor=signed_in(request), pk=pk)
    return serve_private_file(request, stored.request, stored.file, filename=stored.filename,
                              action="document_request.download", content_type=stored.content_type)


# ---- Work records ----------------------------------------------------------------------------------------------


@page()
def workrecord_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, FIELDWORK_PAGE_CAPS)
    filterset = WorkRecordFilter(request.GET, queryset=selectors.work_records(actor=signed_in(request),
                                                                              inspection=inspection),
                                 request=request)
    table = show_table(request, WorkRecordTable(filterset.qs))
    context = {**_base(request, inspection, "work-records"), "filter": filterset,
               "table": table, "crumbs": _crumbs(inspection, (_("工作记录"), None))}
    return render_page(request, "fieldwork/workrecord_list.html", context, partial="workrecord-results")


def _workrecord_form_page(request: HttpRequest, inspection: Inspection, form: WorkRecordForm, title: str,
                          status: int) -> HttpResponse:
    context = {**_base(request, inspection, "work-records"), "form": form, "title": title,
               "crumbs": _crumbs(inspection, (_("工作记录"), reverse("fieldwork:workrecord-list",
                                                                     args=[inspection.pk])), (title, None))}
    return render_page(request, "fieldwork/workrecord_form.html", context, status=status)


@page(("GET", "POST"))
def workrecord_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, FIELDWORK_PAGE_CAPS, Cap.RECORD_FIELDWORK)
    form = WorkRecordForm(request.POST or None, inspection=inspection, initial={"method": request.GET.get("method")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                record = services.work_record_create(actor=signed_in(request), inspection_id=inspection.pk,
                                                     data=form.data_object())
            except CapabilityMissing:
                raise
            except DomainError as exc:
                status = exc.status
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已记录 %(ref)s。") % {"ref": record.reference})
                return redirect("fieldwork:workrecord-detail", pk=record.pk)
    return _workrecord_form_page(request, inspection, form, _("新增工作记录"), status)


@page()
def workrecord_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, FIELDWORK_PAGE_CAPS)
    record = selectors.work_record_get(actor=signed_in(request), pk=pk)
    context = {**_base(request, record.inspection, "work-records"), "record": record,
               "crumbs": _crumbs(record.inspection, (_("工作记录"), reverse("fieldwork:workrecord-list",
                                                                            args=[record.inspection_id])),
                                 (record.reference, None))}
    return render_page(request, "fieldwork/workrecord_detail.html", context)


# ---- The log and the weekly summary ----------------------------------------------------------------------------


@page(("GET", "POST"))
def work_log(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, FIELDWORK_PAGE_CAPS)
    user = signed_in(request)
    form = WorkLogForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if Cap.RECORD_FIELDWORK not in capabilities(user, inspection):
            raise PermissionDenied(_("巡察日志由巡察组填写。"))
        status = 400
        if form.is_valid():
            try:
                services.work_log_save(actor=user, inspection_id=inspection.pk, data=form.data_object())
            except CapabilityMissing:
                raise
            except DomainError as exc:
                status = exc.status
                add_domain_error(form, exc)
            else:
                messages.success(request, _("巡察日志已保存。"))
                return redirect("fieldwork:work-log", pk=inspection.pk)
    context = {**_base(request, inspection, "log"), "form": form,
               "page_obj": paginate(request, selectors.work_log(actor=user, inspection=inspection)),
               "weeks": selectors.stay_weeks(inspection),
               "crumbs": _crumbs(inspection, (_("巡察日志"), None))}
    return render_page(request, "fieldwork/work_log.html", context, status=status)


@page()
def weekly_summary(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, SUMMARY_PAGE_CAPS, capability=None)
    weeks = selectors.stay_weeks(inspection)
    try:
        start = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        start = weeks[-1] if weeks else selectors.week_start(inspection.planned_entry)
    summary = selectors.weekly_summary(actor=signed_in(request), inspection=inspection, start=start)
    context = {**_base(request, inspection, "weekly"), "summary": summary, "weeks": weeks,
               "crumbs": _crumbs(inspection, (_("每周工作进展"), None))}
    return render_page(request, "fieldwork/weekly_summary.html", context)

