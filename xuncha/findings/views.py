"""Pages of findings (问题): the inspection's tab 问题 (list with filters, status counts), one finding with its
evidence (the read is audited) and the steps of the approval chain, the form with the taxonomy, evidence and basis
pickers, the bulk entry and the Excel import. Every page loads through the scope kernel and writes through
``services`` (the API calls the same); a refused write shows the page again with the reason and its status."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xuncha.accounts.pages import render_page, require_any_capability, signed_in
from xuncha.accounts.roles import Cap
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.lists import show_table
from xuncha.core.models import BackgroundJob
from xuncha.core.scoping import access, capabilities
from xuncha.core.spreadsheets import SheetWriter
from xuncha.findings import selectors, services
from xuncha.findings.filters import FindingFilter
from xuncha.findings.forms import BulkRowForm, FindingForm, ImportForm, StepForm, category_field_choices
from xuncha.findings.models import EDITABLE_STATUSES, Finding, FindingStatus
from xuncha.findings.tables import FindingTable
from xuncha.findings.workflow import FINDING_WORKFLOW, PAGE_STEPS, WORKING_STATUSES
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import sections_for
from xuncha.taxonomy.models import Wording

FINDINGS_PAGE_CAPS = frozenset({Cap.VIEW_FINDINGS})
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BULK_ROWS = 5


def page(methods: tuple[str, ...] = ("GET",)) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed in, the allowed methods, and a capability the service finds missing shown as a 403 page."""

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


def _inspection(request: HttpRequest, pk: int, capability: Cap = Cap.VIEW_FINDINGS) -> Inspection:
    """The page kind exists for the roles holding VIEW_FINDINGS (404 for the others: the liaison, the discipline
    commission …); then the inspection through the kernel (404 out of scope, 403 without ``capability``)."""
    require_any_capability(request, FINDINGS_PAGE_CAPS)
    return selectors.findings_inspection(signed_in(request), pk, capability)


def _base(request: HttpRequest, inspection: Inspection) -> dict[str, Any]:
    user = signed_in(request)
    return {"inspection": inspection, "caps": capabilities(user, inspection),
            "inspection_sections": sections_for(user, inspection, active="findings"),
            "working": inspection.status in WORKING_STATUSES}


# ---- The list ---------------------------------------------------------------------------------------------------


@page()
def finding_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    user = signed_in(request)
    findings = selectors.finding_list(actor=user, inspection=inspection)
    filterset = FindingFilter(request.GET, queryset=findings, request=request)
    table = show_table(request, FindingTable(filterset.qs))
    counts = selectors.status_counts(findings)
    return render_page(request, "findings/finding_list.html", {
        **_base(request, inspection), "filter": filterset, "table": table,
        "counts": [(s, FindingStatus(s).label, counts[s]) for s in FindingStatus.values if counts[s]],
        "total": counts["total"], "crumbs": _crumbs(inspection, (_("问题"), None))}, partial="finding-results")


# ---- Create and edit --------------------------------------------------------------------------------------------


def _form_page(request: HttpRequest, inspection: Inspection, form: FindingForm, finding: Finding | None,
               status: int = 200) -> HttpResponse:
    title = _("修改问题") if finding else _("登记问题")
    trail = [(_("问题"), reverse("findings:finding-list", args=[inspection.pk]))]
    if finding:
        trail.append((finding.code, finding.get_absolute_url()))
    return render_page(request, "findings/finding_form.html", {
        **_base(request, inspection), "form": form, "finding": finding, "title": title,
        "wordings": list(Wording.objects.visible_to(signed_in(request)).order_by("order")),
        "crumbs": _crumbs(inspection, *trail, (title, None))}, status=status)


def _apply_error(form: Any, exc: DomainError) -> None:
    placed = False
    for name, errors in exc.fields.items():
        if name in form.fields:
            for error in errors:
                form.add_error(name, error)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@page(("GET", "POST"))
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, Cap.RECORD_FINDINGS)
    user = signed_in(request)
    if request.method == "POST":
        form = FindingForm(request.POST, inspection=inspection, actor=user)
        if form.is_valid():
            try:
                finding = services.finding_create(actor=user, inspection_id=inspection.pk, data=form.to_data())
            except DomainError as exc:
                if isinstance(exc, CapabilityMissing):
                    raise
                _apply_error(form, exc)
                return _form_page(request, inspection, form, None, status=exc.status)
            messages.success(request, _("问题 %(code)s 已保存为草稿。") % {"code": finding.code})
            return redirect(finding.get_absolute_url())
        return _form_page(request, inspection, form, None, status=400)
    initial = {"source": "other", "severity": "general", "person_level": "none"}
    if request.GET.get("organization"):
        initial["organization"] = request.GET["organization"]
    return _form_page(request, inspection, FindingForm(inspection=inspection, actor=user, initial=initial), None)


def _finding(request: HttpRequest, pk: int) -> Finding:
    require_any_capability(request, FINDINGS_PAGE_CAPS)
    return selectors.finding_get(actor=signed_in(request), pk=pk)


@page(("GET", "POST"))
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    user = signed_in(request)
    if Cap.RECORD_FINDINGS not in capabilities(user, finding):
        raise PermissionDenied(_("您的角色不能修改问题。"))
    inspection = finding.inspection
    if request.method == "POST":
        form = FindingForm(request.POST, inspection=inspection, actor=user, finding=finding)
        if form.is_valid():
            try:
                services.finding_update(actor=user, finding_id=finding.pk, data=form.to_data())
            except DomainError as exc:
                if isinstance(exc, CapabilityMissing):
                    raise
                _apply_error(form, exc)
                return _form_page(request, inspection, form, finding, status=exc.status)
            messages.success(request, _("已保存。"))
            return redirect(finding.get_absolute_url())
        return _form_page(request, inspection, form, finding, status=400)
    form = FindingForm(inspection=inspection, actor=user, finding=finding, initial=FindingForm.initial_for(finding))
    return _form_page(request, inspection, form, finding)


@page(("POST",))
def finding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    inspection_id = finding.inspection_id
    try:
        services.finding_delete(actor=signed_in(request), finding_id=finding.pk)
    except DomainError as exc:
        if isinstance(exc, CapabilityMissing):
            raise
        return render_page(request, "findings/finding_detail.html",
                           _detail_context(request, finding, error=exc.message), status=exc.status)
    messages.success(request, _("问题草稿已删除。"))
    return redirect("findings:finding-list", pk=inspection_id)


# ---- One finding and its steps ----------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, finding: Finding, *, step_form: StepForm | None = None,
                    error: str = "") -> dict[str, Any]:
    user = signed_in(request)
    caps = capabilities(user, finding)
    steps = [s for s in FINDING_WORKFLOW.available(finding, caps) if s.name in PAGE_STEPS]
    if finding.status == FindingStatus.DRAFT and finding.drafted_by_id != user.pk \
            and Cap.REVIEW_FINDINGS not in caps:
        steps = [s for s in steps if s.name != "submit"]
    may_edit = (finding.status in EDITABLE_STATUSES and Cap.RECORD_FINDINGS in caps
                and (finding.drafted_by_id == user.pk or Cap.REVIEW_FINDINGS in caps)
                and finding.inspection.status in WORKING_STATUSES)
    return {**_base(request, finding.inspection), "finding": finding, "steps": steps, "may_edit": may_edit,
            "citations": selectors.finding_evidence_read(actor=user, finding=finding),
            "step_form": step_form or StepForm(), "error": error,
            "history": [(h, _step_label(h.transition)) for h in selectors.finding_history(finding)],
            "crumbs": _crumbs(finding.inspection, (_("问题"), reverse("findings:finding-list",
                                                                        args=[finding.inspection_id])),
                              (finding.code, None))}


def _step_label(name: str) -> str:
    step = FINDING_WORKFLOW.transitions.get(name)
    return str(step.label) if step else name


@page()
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    return render_page(request, "findings/finding_detail.html", _detail_context(request, finding))


@page(("POST",))
def finding_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    finding = _finding(request, pk)
    if name not in PAGE_STEPS:
        raise Http404("未知的操作。")
    form = StepForm(request.POST)
    if not form.is_valid():
        return render_page(request, "findings/finding_detail.html",
                           _detail_context(request, finding, step_form=form, error=_("提交的内容有误。")), status=400)
    try:
        services.finding_apply_transition(actor=signed_in(request), finding_id=finding.pk, transition=name,
                                          note=form.cleaned_data["note"], on=form.cleaned_data["on"],
                                          meeting_reference=form.cleaned_data["meeting_reference"])
    except DomainError as exc:
        if isinstance(exc, CapabilityMissing):
            raise
        finding = _finding(request, pk)
        return render_page(request, "findings/finding_detail.html",
                           _detail_context(request, finding, step_form=form, error=exc.message), status=exc.status)
    step = FINDING_WORKFLOW.get(name)
    messages.success(request, _("已%(step)s。") % {"step": step.label})
    return redirect("findings:finding-detail", pk=finding.pk)


# ---- Bulk entry and import --------------------------------------------------------------------------------------


def _bulk_formset(inspection: Inspection, data: Any = None) -> Any:
    organizations = [("", "—")] + [(str(o.pk), o.short_name or o.name)
                                   for o in selectors.organization_choices(inspection)]
    categories = category_field_choices(inspection)
    formset_class = formset_factory(BulkRowForm, extra=BULK_ROWS, max_num=50, absolute_max=50)
    return formset_class(data, prefix="rows", form_kwargs={"organizations": organizations, "categories": categories})


@page(("GET", "POST"))
def finding_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    """Several findings in one form (teams that worked offline): all rows are saved as drafts, or none."""
    inspection = _inspection(request, pk, Cap.RECORD_FINDINGS)
    formset = _bulk_formset(inspection, request.POST if request.method == "POST" else None)
    status, row_errors = 200, []
    if request.method == "POST":
        if formset.is_valid():
            rows = [(number, form.to_data()) for number, form in enumerate(formset.forms, start=1)
                    if not form.is_blank()]
            try:
                created = services.findings_bulk_create(actor=signed_in(request), inspection_id=inspection.pk,
                                                        rows=rows)
            except services.RowsInvalid as exc:
                row_errors = [f"第 {r.row} 行：{r.message}" for r in exc.rows]
                status = exc.status
            except DomainError as exc:
                if isinstance(exc, CapabilityMissing):
                    raise
                row_errors, status = [exc.message], exc.status
            else:
                messages.success(request, _("已登记 %(n)d 个问题（草稿），请逐条补充证据和定性依据后报送。")
                                 % {"n": len(created)})
                return redirect("findings:finding-list", pk=inspection.pk)
        else:
            status = 400
    return render_page(request, "findings/finding_bulk.html", {
        **_base(request, inspection), "formset": formset, "row_errors": row_errors,
        "crumbs": _crumbs(inspection, (_("问题"), reverse("findings:finding-list", args=[inspection.pk])),
                          (_("批量登记"), None))}, status=status)


def _import_job(request: HttpRequest) -> BackgroundJob | None:
    wanted = request.GET.get("job")
    if not wanted:
        return None
    try:
        return access(BackgroundJob, signed_in(request), wanted,
                      queryset=BackgroundJob.objects.filter(kind="findings.import"))
    except Http404:
        return None


@page(("GET", "POST"))
def finding_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an Excel file; the import runs as a background job (all rows or none, errors by row)."""
    inspection = _inspection(request, pk, Cap.RECORD_FINDINGS)
    job = _import_job(request)
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.findings_import_start(actor=signed_in(request), inspection_id=inspection.pk,
                                                     name=upload.name, data=upload.read())
            except DomainError as exc:
                if isinstance(exc, CapabilityMissing):
                    raise
                _apply_error(form, exc)
            else:
                return redirect(f"{reverse('findings:finding-import', args=[inspection.pk])}?job={job.pk}")
        status = 400
    else:
        form = ImportForm()
    return render_page(request, "findings/finding_import.html", {
        **_base(request, inspection), "form": form, "job": job, "columns": services.IMPORT_COLUMNS,
        "crumbs": _crumbs(inspection, (_("问题"), reverse("findings:finding-list", args=[inspection.pk])),
                          (_("Excel 导入"), None))}, status=status)


@page()
def finding_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    """An empty workbook with the import columns and one example row."""
    _inspection(request, pk, Cap.RECORD_FINDINGS)
    sheet = SheetWriter("问题导入", header=services.IMPORT_COLUMNS,
                        widths=(14, 12, 26, 40, 14, 14, 20, 14, 10, 10, 10, 36))
    sheet.append([*services.IMPORT_EXAMPLE[:-1], services.IMPORT_EXAMPLE[-1] + "（示例行，导入前请删除）"])
    response = HttpResponse(sheet.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('问题导入模板.xlsx')}"
    return response
