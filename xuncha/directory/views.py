"""Pages of jurisdictions (党委), Party organisations (党组织) and cadres (干部): thin views over the selectors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from xuncha.accounts.pages import (
    INSPECTION_PAGE_CAPS,
    JURISDICTION_PAGE_CAPS,
    ORGANIZATION_PAGE_CAPS,
    PEOPLE_PAGE_CAPS,
    render_page,
    require_any_capability,
    signed_in,
)
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.autocomplete import search_query, search_response
from xuncha.core.lists import show_table
from xuncha.core.pagination import paginate
from xuncha.inspections import selectors as inspection_selectors
from xuncha.inspections.tables import InspectionTable
from xuncha.orgs import selectors
from xuncha.orgs.filters import JurisdictionFilter, OrganizationFilter, PersonFilter
from xuncha.orgs.tables import JurisdictionTable, OrganizationTable, PersonTable
from xuncha.rules.selectors import effective_time_limits

# ---- Jurisdictions ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def jurisdiction_list(request: HttpRequest) -> HttpResponse:
    caps = require_any_capability(request, JURISDICTION_PAGE_CAPS)
    filterset = JurisdictionFilter(request.GET, queryset=selectors.jurisdiction_list(actor=signed_in(request)),
                                   request=request)
    filterset.is_valid()  # invalid fields drop out of cleaned_data and are reported on the form
    q = (filterset.form.cleaned_data.get("q") or "").strip()
    searching = bool(q) or filterset.form.cleaned_data.get("parent") is not None
    inspection_counts = inspection_selectors.inspection_counts_by_jurisdiction(actor=signed_in(request))
    # Administrators bind roles to jurisdictions but see no inspections: no column of zeros for them.
    show_inspections = bool(caps & INSPECTION_PAGE_CAPS)
    context: dict[str, Any] = {
        "filter": filterset, "q": q, "searching": searching, "crumbs": [(_("党委"), None)],
        "inspection_counts": inspection_counts, "show_inspections": show_inspections,
    }
    if searching:
        context["table"] = show_table(request, JurisdictionTable(
            filterset.qs, organization_counts=selectors.organization_counts_by_jurisdiction(actor=signed_in(request)),
            inspection_counts=inspection_counts if show_inspections else None))
    else:
        context["page_obj"] = paginate(
            request, selectors.jurisdiction_tree(actor=signed_in(request), inspection_counts=inspection_counts)
        )
    return render_page(request, "directory/jurisdiction_list.html", context, partial="jurisdiction-results")


@login_required
@require_GET
def jurisdiction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    caps = require_any_capability(request, JURISDICTION_PAGE_CAPS)
    jurisdiction = selectors.jurisdiction_get(actor=signed_in(request), pk=pk)
    inspection_counts = inspection_selectors.inspection_counts_by_jurisdiction(actor=signed_in(request))
    organization_counts = selectors.organization_counts_by_jurisdiction(actor=signed_in(request))
    context = {
        "jurisdiction": jurisdiction,
        "parent_visible": selectors.jurisdiction_is_visible(actor=signed_in(request), pk=jurisdiction.parent_id),
        "children": selectors.jurisdiction_children(actor=signed_in(request), jurisdiction=jurisdiction),
        "organization_counts": organization_counts,
        "inspection_counts": inspection_counts,
        "organization_total": organization_counts.get(jurisdiction.pk, 0),
        "inspection_total": inspection_counts.get(jurisdiction.pk, 0),
        "page_obj": paginate(request, selectors.organization_jurisdiction_organizations(
            actor=signed_in(request), jurisdiction=jurisdiction)),
        "limits": effective_time_limits(jurisdiction),
        "can_open_organizations": bool(caps & ORGANIZATION_PAGE_CAPS),
        "show_inspections": bool(caps & INSPECTION_PAGE_CAPS),
        "crumbs": [(_("党委"), reverse("orgs:jurisdiction-list")), (jurisdiction.name, None)],
    }
    return render_page(request, "directory/jurisdiction_detail.html", context, partial="jurisdiction-organizations")


# ---- Organisations ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def organization_list(request: HttpRequest) -> HttpResponse:
    require_any_capability(request, ORGANIZATION_PAGE_CAPS)
    filterset = OrganizationFilter(request.GET, queryset=selectors.organization_list(actor=signed_in(request)),
                                   request=request)
    filterset.is_valid()  # invalid fields drop out of cleaned_data and are reported on the form
    searching = any(v not in (None, "") for v in filterset.form.cleaned_data.values())
    context: dict[str, Any] = {"filter": filterset, "searching": searching, "crumbs": [(_("党组织"), None)]}
    if searching:
        context["table"] = show_table(request, OrganizationTable(filterset.qs))
    else:
        # Without a search the page is the organisation tree, by jurisdiction: not a table.
        context["page_obj"] = paginate(request, selectors.organization_roots(actor=signed_in(request)))
    return render_page(request, "directory/organization_list.html", context, partial="organization-results")


@login_required
@require_GET
def organization_search(request: HttpRequest) -> HttpResponse:
    """The matches of an organisation picker (the people page's unit filter, the role grant form): the visible
    organisations whose name contains ``q``, at most ``core.autocomplete.RESULT_LIMIT``."""
    require_any_capability(request, ORGANIZATION_PAGE_CAPS | PEOPLE_PAGE_CAPS)
    return search_response(
        request, selectors.organization_search(actor=signed_in(request), q=search_query(request)),
        label=lambda o: o.name, hint=lambda o: o.jurisdiction.name)


@login_required
@require_GET
def organization_children(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, ORGANIZATION_PAGE_CAPS)
    organization = selectors.organization_get(actor=signed_in(request), pk=pk)
    page_obj = paginate(request, selectors.organization_children(actor=signed_in(request), organization=organization))
    context = {"organization": organization, "nodes": page_obj}
    response = render(request, "directory/organization_list.html#organization-nodes", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    caps = require_any_capability(request, ORGANIZATION_PAGE_CAPS)
    organization = selectors.organization_get(actor=signed_in(request), pk=pk)
    inspections = inspection_selectors.inspections_of_organization(actor=signed_in(request), organization=organization)
    context = {
        "organization": organization,
        "parent_visible": selectors.organization_is_visible(actor=signed_in(request), pk=organization.parent_id),
        "jurisdiction_visible": selectors.jurisdiction_is_visible(actor=signed_in(request),
                                                                  pk=organization.jurisdiction_id),
        "table": show_table(request, InspectionTable(
            inspections, show_round=True, link=bool(caps & INSPECTION_PAGE_CAPS),
            empty_text=_("这个党组织还没有您可查看的巡察记录。"))),
        "can_view_people": Cap.VIEW_PEOPLE in caps,
        "crumbs": [(_("党组织"), reverse("orgs:organization-list")), (str(organization), None)],
    }
    return render_page(request, "directory/organization_detail.html", context, partial="organization-inspections")


# ---- Cadres ----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    require_any_capability(request, PEOPLE_PAGE_CAPS)
    filterset = PersonFilter(request.GET, queryset=selectors.person_list(actor=signed_in(request)), request=request)
    table = show_table(request, PersonTable(filterset.qs))
    # A list of cadres is a read of personal data too: one event per page shown, with the filter and the count.
    filters = filterset.form.cleaned_data if filterset.is_valid() else {}
    audit_record("person.list", actor=signed_in(request), object_type="orgs.person", details={
        "filters": {k: str(getattr(v, "pk", v))[:60] for k, v in filters.items() if v},
        "count": table.paginator.count, "page": table.page.number})
    context = {"filter": filterset, "table": table, "crumbs": [(_("干部"), None)]}
    return render_page(request, "directory/person_list.html", context, partial="person-results")


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    caps = require_any_capability(request, PEOPLE_PAGE_CAPS)
    person = selectors.person_get(actor=signed_in(request), pk=pk)
    # Cadre records are personal data: every read is in the audit log (SEC-31).
    audit_record("person.read", actor=signed_in(request), obj=person)
    context = {
        "person": person,
        "masked_id_number": selectors.mask_identifier(person.id_number),
        "masked_phone": selectors.mask_identifier(person.phone, keep_start=3, keep_end=4),
        "memberships": inspection_selectors.memberships_of_person(actor=signed_in(request), person=person),
        "organization_visible": bool(caps & ORGANIZATION_PAGE_CAPS)
        and selectors.organization_is_visible(actor=signed_in(request), pk=person.organization_id),
        "can_open_teams": Cap.VIEW_PLANNING in caps,
        "crumbs": [(_("干部"), reverse("orgs:person-list")), (person.name, None)],
    }
    return render(request, "directory/person_detail.html", context)
