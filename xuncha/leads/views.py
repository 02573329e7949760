"""The lead pages: the inspection's tab and the list of every lead the user sees (the receiving body's list of the
leads referred to it, the office's with its late ones), drafting, the lead's page with its steps (approvals, the
identity approval, transfer, receipt, disposal, outcome, close-out) and the printable referral letter (移交函)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.accounts.pages import render_page, require_any_capability, signed_in
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.lists import show_table
from xuncha.core.scoping import access, capabilities
from xuncha.inspections import evidence
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import sections_for
from xuncha.leads import selectors, services
from xuncha.leads.filters import LeadFilter
from xuncha.leads.forms import (
    DisposalForm,
    IdentityForm,
    LeadForm,
    NoteForm,
    OutcomeForm,
    ReceiveForm,
    TransferForm,
    outcome_data,
    outcome_formset,
    outcome_items,
    person_formset,
)
from xuncha.leads.models import Lead
from xuncha.leads.states import DueState, LeadStatus
from xuncha.leads.tables import LeadTable
from xuncha.taxonomy.models import FrameworkNode

READ_CAPS = frozenset({Cap.VIEW_LEADS})
# The lead's source when it is drafted from a cited record of these kinds (the evidence registry's keys).
ORIGIN_SOURCES = {"petitions.petition": "petition", "findings.finding": "finding", "fieldwork.talk": "talk",
                  "fieldwork.document_request": "documents", "fieldwork.work_record": "visit"}
DRAFT_CAPS = frozenset({Cap.DRAFT_LEADS})


def _guarded(call: Any) -> Any:
    try:
        return call()
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc


def _crumbs(inspection: Inspection, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(inspection.code, reverse("planning:inspection-detail", args=[inspection.pk])),
            (_("问题线索"), reverse("leads:inspection-leads", args=[inspection.pk])), *tail]


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {k: v for k, v in request.GET.items() if k not in ("page", "sort")}


@login_required
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    """Every lead the user sees: the receiving body's (referred to it), the office's (late ones first to hand), the
    team's."""
    require_any_capability(request, READ_CAPS)
    user = signed_in(request)
    filterset = LeadFilter(request.GET or None, queryset=selectors.lead_list(actor=user), request=request)
    table = show_table(request, LeadTable(filterset.qs))
    audit_record("lead.list", actor=user, object_type="leads.lead", details={"filters": _filters(request)})
    return render_page(request, "leads/lead_list.html", {
        "filter": filterset, "table": table, "overdue": selectors.overdue_count(actor=user),
        "overdue_value": DueState.OVERDUE, "crumbs": [(_("问题线索"), None)]}, partial="lead-results")


@login_required
@require_GET
def inspection_leads(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, READ_CAPS)
    user = signed_in(request)
    inspection = _guarded(lambda: selectors.inspection_for_leads(user, pk))
    filterset = LeadFilter(request.GET or None, queryset=selectors.lead_list(actor=user, inspection=inspection),
                           request=request)
    table = show_table(request, LeadTable(filterset.qs))
    audit_record("lead.list", actor=user, obj=inspection, details={"filters": _filters(request)})
    caps = inspection.capabilities_for(user)
    return render_page(request, "leads/inspection_leads.html", {
        "inspection": inspection, "filter": filterset, "table": table,
        "can_draft": Cap.DRAFT_LEADS in caps and inspection.status in services.DRAFTING_STATUSES,
        "inspection_sections": sections_for(user, inspection, active="leads"),
        "crumbs": [*_crumbs(inspection)[:-1], (_("问题线索"), None)]}, partial="lead-results")


def _form_choices(user: Any, inspection: Inspection) -> dict[str, Any]:
    framework_id = inspection.round.focus_framework_id
    # The round's framework, with the items the dispatching jurisdiction (or a superior) added for itself.
    nodes: list[FrameworkNode] = (list(FrameworkNode.objects.in_tree_of(inspection.jurisdiction.path)
                                       .filter(framework_id=framework_id).order_by("order", "id"))
                                  if framework_id else [])
    cited = [(item.ref, f"{kind.label}：{item.title}") for kind, items in evidence.citable(user, inspection.pk)
             for item in items]
    return {"categories": [(n.code, f"{n.code} {n.name}") for n in nodes],
            "jurisdictions": [(j.pk, j.committee_name) for j in services.receiving_jurisdictions(inspection)],
            "citable": cited, "identity": Cap.VIEW_CONFIDENTIAL in inspection.capabilities_for(user)}


def _persons_of(formset: Any) -> list[services.PersonData]:
    return [p for form in formset.forms if (p := form.person()) is not None]


def _edit_page(request: HttpRequest, inspection: Inspection, lead: Lead | None, form: LeadForm, formset: Any,
               status: int = 200) -> HttpResponse:
    title = _("修改问题线索") if lead else _("起草问题线索")
    return render_page(request, "leads/lead_form.html", {
        "inspection": inspection, "lead": lead, "form": form, "formset": formset, "title": title,
        "crumbs": _crumbs(inspection, *([(lead.number, lead.get_absolute_url())] if lead else []), (title, None))},
        status=status)


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, DRAFT_CAPS)
    user = signed_in(request)
    inspection = _guarded(lambda: access_inspection(user, pk, capability=Cap.DRAFT_LEADS))
    choices = _form_choices(user, inspection)
    if request.method != "POST":
        # 转为线索 from a finding's or a petition's page: ``?origin=<kind>:<id>``, preselected if the user may cite it.
        origin = request.GET.get("origin", "")
        origins = [origin] if origin in {ref for ref, _label in choices["citable"]} else []
        source = ORIGIN_SOURCES.get(origin.partition(":")[0], "") if origins else ""
        form = LeadForm(categories=choices["categories"], jurisdictions=choices["jurisdictions"],
                        citable=choices["citable"], identity=choices["identity"],
                        initial={"receiving_jurisdiction": inspection.jurisdiction_id, "target": "discipline",
                                 "receiver_name": f"{inspection.jurisdiction.name}纪委监委", "origins": origins,
                                 "source": source})
        return _edit_page(request, inspection, None, form, person_formset())
    form = LeadForm(request.POST, **choices)
    formset = person_formset(request.POST)
    if form.is_valid() and formset.is_valid():
        try:
            lead = _guarded(lambda: services.lead_create(actor=user, inspection_id=inspection.pk,
                                                         data=form.lead_data(_persons_of(formset))))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("已起草问题线索 %(no)s，待组长审核。") % {"no": lead.number})
            return redirect("leads:lead-detail", pk=lead.pk)
    return _edit_page(request, inspection, None, form, formset, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def lead_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, DRAFT_CAPS)
    user = signed_in(request)
    lead = _guarded(lambda: access(Lead, user, pk, capability=Cap.DRAFT_LEADS,
                                   queryset=Lead.objects.select_related("inspection__round", "category")))
    inspection = access_inspection(user, lead.inspection_id)
    choices = _form_choices(user, inspection)
    if request.method != "POST":
        refs = list(lead.references.order_by("id"))
        form = LeadForm(initial={
            "source": lead.source, "summary": lead.summary, "facts": lead.facts,
            "category": lead.category.code if lead.category else "", "discipline_type": lead.discipline_type,
            "amount": lead.amount, "proposed_disposal": lead.proposed_disposal, "target": lead.target,
            "receiving_jurisdiction": lead.receiving_jurisdiction_id, "receiver_name": lead.receiver_name,
            "petitioner_identity": lead.petitioner_identity if choices["identity"] else "",
            "origins": [evidence.format_ref(r.kind, r.object_id) for r in refs if r.role == "origin"],
            "supports": [evidence.format_ref(r.kind, r.object_id) for r in refs if r.role == "support"]}, **choices)
        formset = person_formset(initial=[{"name": p.name, "post": p.post, "level": p.level,
                                           "is_leadership": p.is_leadership} for p in lead.persons.all()])
        return _edit_page(request, inspection, lead, form, formset)
    form = LeadForm(request.POST, **choices)
    formset = person_formset(request.POST)
    if form.is_valid() and formset.is_valid():
        try:
            _guarded(lambda: services.lead_update(actor=user, lead_id=lead.pk,
                                                  data=form.lead_data(_persons_of(formset))))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("leads:lead-detail", pk=lead.pk)
    return _edit_page(request, inspection, lead, form, formset, status=400)


def _detail_page(request: HttpRequest, pk: int, *, status: int = 200, **forms: Any) -> HttpResponse:
    user = signed_in(request)
    record = _guarded(lambda: selectors.lead_detail(actor=user, lead_id=pk))
    lead = record.lead
    caps = record.caps
    today = business_today()
    person_choices = [(p.pk, p.name) for p in record.persons]
    handle = Cap.HANDLE_REFERRED_LEADS in caps
    context = {
        "lead": lead, "record": record, "inspection": lead.inspection,
        "can_edit": Cap.DRAFT_LEADS in caps and lead.status == LeadStatus.DRAFT,
        "can_identity": (Cap.APPROVE_LEADS in caps and bool(lead.petitioner_identity)
                         and lead.status in (LeadStatus.ENDORSED, LeadStatus.APPROVED)),
        "can_transfer": Cap.TRANSFER_LEADS in caps and lead.status == LeadStatus.APPROVED,
        "can_receive": handle and lead.status == LeadStatus.TRANSFERRED,
        "can_dispose": handle and lead.status in (LeadStatus.RECEIVED, LeadStatus.HANDLING),
        "can_report": handle and lead.status == LeadStatus.HANDLING,
        "note_form": forms.get("note_form") or NoteForm(),
        "identity_form": forms.get("identity_form") or IdentityForm(),
        "transfer_form": forms.get("transfer_form") or TransferForm(initial={"transferred_on": today}),
        "receive_form": forms.get("receive_form") or ReceiveForm(initial={"received_on": today}),
        "disposal_form": forms.get("disposal_form") or DisposalForm(initial={
            "disposal": lead.disposal, "disposal_on": lead.disposal_on or today, "note": lead.disposal_note}),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(initial={"reported_on": today}),
        "outcome_items": forms.get("outcome_items") or outcome_formset(persons=person_choices),
        "crumbs": _crumbs(lead.inspection, (lead.number, None)) if record.drafting_side
        else [(_("问题线索"), reverse("leads:lead-list")), (lead.number, None)],
    }
    return render_page(request, "leads/lead_detail.html", context, status=status)


@login_required
@require_GET
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, READ_CAPS)
    return _detail_page(request, pk)


@login_required
@require_GET
def lead_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral letter (移交函) of a transferred lead, for printing: the fixed package and its number."""
    require_any_capability(request, READ_CAPS)
    user = signed_in(request)
    record = _guarded(lambda: selectors.lead_detail(actor=user, lead_id=pk))
    if not record.package:
        raise Http404(_("该线索尚未移交，没有移交函。"))
    return render_page(request, "leads/lead_letter.html", {"lead": record.lead, "package": record.package})


def _act(request: HttpRequest, pk: int, form_name: str, form: Any, call: Any, done: str,
         extra: dict[str, Any] | None = None) -> HttpResponse:
    """Run one step from the lead's page: 302 back to it, or the page with the form's errors (400)."""
    valid = form.is_valid() and all(f.is_valid() for f in (extra or {}).values())
    if valid:
        try:
            _guarded(lambda: call(form.cleaned_data))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, done)
            return redirect("leads:lead-detail", pk=pk)
    return _detail_page(request, pk, status=400, **{form_name: form, **(extra or {})})


@login_required
@require_POST
def lead_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_any_capability(request, READ_CAPS)
    user = signed_in(request)
    done = {"endorse": _("已审核同意，报巡察办主任审批。"), "approve": _("已批准移交。"),
            "send_back": _("已退回修改。"), "reopen": _("已退回接收单位补充办理结果。"), "close": _("已销号。")}
    return _act(request, pk, "note_form", NoteForm(request.POST), lambda d: services.lead_step(
        actor=user, lead_id=pk, name=name, note=d.get("note", "")), done.get(name, _("已办理。")))


@login_required
@require_POST
def lead_identity(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, READ_CAPS)
    user = signed_in(request)
    return _act(request, pk, "identity_form", IdentityForm(request.POST), lambda d: services.lead_approve_identity(
        actor=user, lead_id=pk, reason=d["reason"]), _("已批准随移交材料提供反映人身份。"))


@login_required
@require_POST
def lead_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, READ_CAPS)
    user = signed_in(request)
    return _act(request, pk, "transfer_form", TransferForm(request.POST), lambda d: services.lead_transfer(
        actor=user, lead_id=pk, transferred_on=d["transferred_on"]), _("已移交，移交材料已固定。"))


@login_required
@require_POST
def lead_receive(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, READ_CAPS)
    user = signed_in(request)
    return _act(request, pk, "receive_form", ReceiveForm(request.POST), lambda d: services.lead_receive(
        actor=user, lead_id=pk, received_on=d["received_on"], note=d.get("note", "")), _("已签收。"))


@login_required
@require_POST
def lead_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, READ_CAPS)
    user = signed_in(request)
    return _act(request, pk, "disposal_form", DisposalForm(request.POST), lambda d: services.lead_dispose(
        actor=user, lead_id=pk, disposal=d["disposal"], note=d["note"], disposal_on=d["disposal_on"]),
        _("已记录处置方式。"))


@login_required
@require_POST
def lead_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, READ_CAPS)
    user = signed_in(request)
    lead = _guarded(lambda: access(Lead, user, pk, capability=Cap.VIEW_LEADS))
    if Cap.HANDLE_REFERRED_LEADS not in capabilities(user, lead):
        raise PermissionDenied(services.HANDLE_DENIED)
    persons = [(p.pk, p.name) for p in lead.persons.all()]
    items = outcome_formset(request.POST, persons=persons)
    return _act(request, pk, "outcome_form", OutcomeForm(request.POST), lambda d: services.lead_report_outcome(
        actor=user, lead_id=pk, data=outcome_data(d, outcome_items(items))),
        _("已反馈办理结果。"), extra={"outcome_items": items})

