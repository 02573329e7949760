"""The team's petition pages: the list of an inspection (django-tables2 + the shared FilterSet), registration of
petitions received by letter, phone, visit, post box or from the petition bureau, the record with triage and
handling, the evidence download, and the printable QR poster of the public page."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.accounts.pages import INSPECTION_PAGE_CAPS, render_page, require_any_capability, signed_in
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.files import serve_private_file
from xuncha.core.lists import show_table
from xuncha.core.scoping import access
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import sections_for
from xuncha.petitions import selectors, services, triage
from xuncha.petitions.filters import PetitionFilter
from xuncha.petitions.forms import KeepForm, MergeForm, MessageForm, NoteForm, ReferForm, RegisterForm, TriageForm
from xuncha.petitions.models import Petition, PetitionFile, PetitionPage
from xuncha.petitions.rules import acceptance_window
from xuncha.petitions.tables import PetitionTable
from xuncha.petitions.views_public import read_files
from xuncha.petitions.workflow import OPEN_STATUSES, STATUS_COLORS, PetitionStatus

PETITION_PAGE_CAPS = frozenset({Cap.VIEW_PETITIONS})
HANDLING_PAGE_CAPS = frozenset({Cap.HANDLE_PETITIONS})


def _crumbs(inspection: Inspection, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(inspection.code, reverse("planning:inspection-detail", args=[inspection.pk])),
            (_("信访受理"), reverse("petitions:petition-list", args=[inspection.pk])), *tail]


def _guarded(call: Any) -> Any:
    try:
        return call()
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc


@login_required
@require_GET
def petition_list(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PETITION_PAGE_CAPS)
    user = signed_in(request)
    inspection = _guarded(lambda: selectors.inspection_for_petitions(user, pk))
    filterset = PetitionFilter(request.GET or None, queryset=selectors.petition_list(actor=user, inspection=inspection),
                               request=request)
    table = show_table(request, PetitionTable(filterset.qs))
    audit_record("petition.list", actor=user, obj=inspection,
                 details={"filters": {k: v for k, v in request.GET.items() if k not in ("page", "sort")}})
    counts = selectors.status_counts(inspection)
    caps = inspection.capabilities_for(user)
    page = PetitionPage.objects.filter(inspection=inspection).first()
    context = {
        "inspection": inspection, "filter": filterset, "table": table,
        "open_count": sum(counts.get(s, 0) for s in OPEN_STATUSES), "total": sum(counts.values()),
        "can_register": Cap.HANDLE_PETITIONS in caps, "public_page": page,
        "inspection_sections": sections_for(user, inspection, active="petitions"),
        "crumbs": [*_crumbs(inspection)[:-1], (_("信访受理"), None)],
    }
    return render_page(request, "petitions/petition_list.html", context, partial="petition-results")


@login_required
@require_http_methods(["GET", "POST"])
def petition_register(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, HANDLING_PAGE_CAPS)
    user = signed_in(request)
    inspection = _guarded(lambda: access_inspection(user, pk, capability=Cap.HANDLE_PETITIONS))
    status = 200
    if request.method == "POST":
        form = RegisterForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                petition, code = _guarded(lambda: services.petition_register(
                    actor=user, inspection_id=inspection.pk, channel=form.cleaned_data["channel"],
                    received_on=form.cleaned_data["received_on"], text=form.text(),
                    issue_receipt=form.cleaned_data["issue_receipt"], files=read_files(request)))
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                if code:
                    # Shown once, to be told to the petitioner; never kept (not even in the session).
                    return render_page(request, "petitions/petition_receipt.html", {
                        "inspection": inspection, "petition": petition, "code": code,
                        "crumbs": _crumbs(inspection, (petition.number, None))})
                messages.success(request, _("已登记信访件 %(no)s。") % {"no": petition.number})
                return redirect("petitions:petition-detail", pk=petition.pk)
        status = 400
    else:
        form = RegisterForm(initial={"received_on": business_today(), "anonymous": "1"})
    return render_page(request, "petitions/petition_register.html", {
        "inspection": inspection, "form": form,
        "crumbs": _crumbs(inspection, (_("登记信访件"), None))}, status=status)


def _detail_page(request: HttpRequest, pk: int, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = signed_in(request)
    record = _guarded(lambda: selectors.petition_detail(actor=user, petition_id=pk))
    petition = record.petition
    inspection = petition.inspection
    framework = triage.framework_for(inspection)
    categories = ([(n.code, f"{n.code} {n.name}") for n in triage.leaves(framework)] if framework else [])
    originals = [(p.pk, f"{p.number} {p.summary}") for p in Petition.objects.filter(
        inspection_id=inspection.pk).exclude(pk=petition.pk).exclude(status=PetitionStatus.MERGED)
        .order_by("-received_on")[:200]]
    suggestion = petition.suggested_category
    context = {
        "inspection": inspection, "petition": petition, "record": record,
        "status_color": STATUS_COLORS[PetitionStatus(petition.status)],
        "can_handle": Cap.HANDLE_PETITIONS in record.caps and petition.is_open,
        "can_decide": Cap.DECIDE_PETITIONS in record.caps and petition.is_open,
        "can_message": Cap.HANDLE_PETITIONS in record.caps and petition.receipt_hash is not None,
        "triage_form": forms.get("triage_form") or TriageForm(categories=categories, initial={
            "category": (petition.category or suggestion).code if (petition.category or suggestion) else "",
            "priority": petition.priority,
            "in_scope": "" if petition.in_scope is None else ("1" if petition.in_scope else "0")}),
        "answer_form": forms.get("answer_form") or NoteForm(),
        "keep_form": forms.get("keep_form") or KeepForm(),
        "refer_form": forms.get("refer_form") or ReferForm(initial={"transferred_on": business_today()}),
        "merge_form": forms.get("merge_form") or MergeForm(originals=originals, initial={
            "original": record.duplicates[0][0].pk if record.duplicates else None}),
        "message_form": forms.get("message_form") or MessageForm(),
        "history": selectors.status_history(petition),
        "crumbs": _crumbs(inspection, (petition.number, None)),
    }
    if "triage_form" in forms:
        forms["triage_form"].category_field.choices = [("", _("（未分类）")), *categories]
    if "merge_form" in forms:
        forms["merge_form"].fields["original"].widget.choices = [("", "—"), *originals]
    return render_page(request, "petitions/petition_detail.html", context, status=status)


@login_required
@require_GET
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PETITION_PAGE_CAPS)
    return _detail_page(request, pk)


def _act(request: HttpRequest, pk: int, form_name: str, form: Any, call: Any, done: str) -> HttpResponse:
    """Run one handling step from the record page: 302 back to it, or the page with the form's errors (400)."""
    if form.is_valid():
        try:
            _guarded(lambda: call(form.cleaned_data))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, done)
            return redirect("petitions:petition-detail", pk=pk)
    return _detail_page(request, pk, status=400, **{form_name: form})


@login_required
@require_POST
def petition_triage(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, HANDLING_PAGE_CAPS)
    user = signed_in(request)
    form = TriageForm(request.POST, categories=None)
    form.category_field.choices = [(request.POST.get("category", ""), "")]
    return _act(request, pk, "triage_form", form, lambda d: services.petition_triage(
        actor=user, petition_id=pk, category_code=d["category"], priority=d["priority"], in_scope=d["in_scope"]),
        _("已保存研判意见。"))


@login_required
@require_POST
def petition_answer(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, HANDLING_PAGE_CAPS)
    user = signed_in(request)
    return _act(request, pk, "answer_form", NoteForm(request.POST), lambda d: services.petition_answer(
        actor=user, petition_id=pk, reply=d["note"]), _("已答复办结。"))


@login_required
@require_POST
def petition_keep(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, HANDLING_PAGE_CAPS)
    user = signed_in(request)
    return _act(request, pk, "keep_form", KeepForm(request.POST), lambda d: services.petition_keep_for_report(
        actor=user, petition_id=pk, note=d["note"]), _("已纳入巡察报告。"))


@login_required
@require_POST
def petition_refer(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, HANDLING_PAGE_CAPS)
    user = signed_in(request)
    return _act(request, pk, "refer_form", ReferForm(request.POST), lambda d: services.petition_refer(
        actor=user, petition_id=pk, target=d["target"], receiver=d["receiver"], reason=d["reason"],
        transferred_on=d.get("transferred_on"), reference_no=d.get("reference_no", "")), _("已转办。"))


@login_required
@require_POST
def petition_merge(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, HANDLING_PAGE_CAPS)
    user = signed_in(request)
    return _act(request, pk, "merge_form", MergeForm(request.POST), lambda d: services.petition_merge(
        actor=user, petition_id=pk, original_id=d["original"], note=d.get("note", "")), _("已合并为重复件。"))


@login_required
@require_POST
def petition_message(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, HANDLING_PAGE_CAPS)
    user = signed_in(request)
    return _act(request, pk, "message_form", MessageForm(request.POST), lambda d: services.team_message(
        actor=user, petition_id=pk, body=d["body"]), _("已回复反映人，对方凭查询码可见。"))


@login_required
@require_GET
def petition_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    require_any_capability(request, PETITION_PAGE_CAPS)
    user = signed_in(request)
    record = _guarded(lambda: access(PetitionFile, user, file_pk, capability=Cap.VIEW_PETITIONS,
                                     queryset=PetitionFile.objects.select_related("petition")))
    if record.petition_id != pk:
        raise Http404("文件不存在。")
    return serve_private_file(request, record.petition, record.file, filename=f"{record.petition.number}-{record.name}",
                              action="petition.file_download")


def qr_svg(data: str) -> str:
    """An inline SVG QR code of ``data`` (error correction M: still reads when a poster is a little worn)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]


@login_required
@require_GET
def petition_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable poster of the public page (码上巡察) for notice boards: for whoever sees the inspection and
    its announcement (the office, the team, the liaison who posts it)."""
    require_any_capability(request, INSPECTION_PAGE_CAPS)
    user = signed_in(request)
    inspection = access_inspection(user, pk)
    page = PetitionPage.objects.filter(inspection=inspection).first()
    if page is None:
        raise Http404(_("尚未发布巡察公告，还没有信访受理页面。"))
    url = request.build_absolute_uri(reverse("petitions:public", args=[page.slug]))
    window = acceptance_window(inspection)
    return render_page(request, "petitions/petition_poster.html", {
        "inspection": inspection, "url": url, "qr": mark_safe(qr_svg(url)),  # noqa: S308 - generated SVG
        "window": window, "targets": [t.organization for t in inspection.targets.all()],
        "crumbs": [(inspection.code, reverse("planning:inspection-detail", args=[inspection.pk])),
                   (_("码上巡察海报"), None)]})
