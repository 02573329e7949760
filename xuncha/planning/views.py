"""Pages of terms (届), rounds (轮), teams (巡察组) and inspections (巡察), and the transition endpoint."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from xuncha.accounts.pages import (
    INSPECTION_PAGE_CAPS,
    ORGANIZATION_PAGE_CAPS,
    render_page,
    require_any_capability,
    signed_in,
    wants_partial,
)
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.forms import submit
from xuncha.core.lists import hide_filters, show_table
from xuncha.core.pagination import paginate
from xuncha.inspections import selectors
from xuncha.inspections.access import access_inspection, inspection_capabilities
from xuncha.inspections.filters import InspectionFilter, RoundInspectionFilter
from xuncha.inspections.models import Inspection, MembershipRole
from xuncha.inspections.sections import sections_for, stay_figures
from xuncha.inspections.services import inspection_apply_transition, inspection_available_transitions
from xuncha.inspections.tables import InspectionTable
from xuncha.inspections.workflow import TRANSITION_DATE_FIELD, TRANSITIONS
from xuncha.planning.forms import InspectionTeamForm, TransitionForm
from xuncha.planning.rounds import inspection_team_set
from xuncha.planning.teams import FORMING_STATUSES

PLANNING_PAGE_CAPS = frozenset({Cap.VIEW_PLANNING})
# A liaison may open the team inspecting their organisation (its name and leader only).
TEAM_PAGE_CAPS = frozenset({Cap.VIEW_PLANNING, Cap.VIEW_OWN_INSPECTION})


def _crumbs_for_round(round_: Any) -> list[tuple[str, str | None]]:
    return [
        (_("届次与轮次"), reverse("planning:term-list")),
        (str(round_.term.name), reverse("planning:term-detail", args=[round_.term_id])),
        (round_.name, reverse("planning:round-detail", args=[round_.pk])),
    ]


def _can_plan(user: Any, jurisdiction: Any) -> bool:
    return Cap.MANAGE_PLANNING in scope_of(user).capabilities_at(jurisdiction_path=jurisdiction.path)


# ---- Terms and rounds ------------------------------------------------------------------------------------------


@login_required
@require_GET
def term_list(request: HttpRequest) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    page_obj = paginate(request, selectors.term_list(actor=signed_in(request)))
    breakdowns = selectors.term_breakdowns(actor=signed_in(request), term_ids=[t.pk for t in page_obj])
    context = {
        "page_obj": page_obj,
        "cards": [(term, breakdowns[term.pk]) for term in page_obj],
        "crumbs": [(_("届次与轮次"), None)],
    }
    return render_page(request, "planning/term_list.html", context)


@login_required
@require_GET
def term_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    term = selectors.term_get(actor=signed_in(request), pk=pk)
    rows = selectors.term_rounds(actor=signed_in(request), term=term)
    context = {
        "term": term,
        "page_obj": paginate(request, rows),
        "total": selectors.combined_breakdown([r.breakdown for r in rows]),
        "crumbs": [(_("届次与轮次"), reverse("planning:term-list")), (str(term.name), None)],
        "can_plan": _can_plan(request.user, term.jurisdiction),
    }
    return render_page(request, "planning/term_detail.html", context)


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    round_ = selectors.round_get(actor=signed_in(request), pk=pk)
    filterset = RoundInspectionFilter(
        request.GET, queryset=selectors.round_inspections(actor=signed_in(request), round_=round_), request=request
    )
    context = {
        "round": round_,
        "stats": selectors.round_stats(actor=signed_in(request), round_=round_),
        "filter": filterset,
        "table": show_table(request, InspectionTable(filterset.qs)),
        "teams": selectors.round_teams(actor=signed_in(request), round_=round_),
        "crumbs": [*_crumbs_for_round(round_)[:-1], (round_.name, None)],
        "can_plan": _can_plan(request.user, round_.jurisdiction),
    }
    return render_page(request, "planning/round_detail.html", context, partial="inspection-results")


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    caps = require_any_capability(request, TEAM_PAGE_CAPS)
    team = selectors.team_get(actor=signed_in(request), pk=pk)
    # Member lists are for office and team roles; an inspected organisation's liaison sees name and leader.
    caps_here = scope_of(request.user).capabilities_at(
        jurisdiction_path=team.round.term.jurisdiction.path, team_ids={team.pk}
    )
    show_members = Cap.VIEW_PLANNING in caps_here
    members = list(selectors.team_members(team)) if show_members else []
    person_ids: set[int] = set()
    if Cap.VIEW_PEOPLE in caps:
        person_ids = selectors.visible_person_ids(actor=signed_in(request), ids=[m.person_id for m in members])
    if show_members:
        crumbs = [*_crumbs_for_round(team.round), (team.name, None)]
    else:
        crumbs = [(_("巡察"), reverse("planning:inspection-list")), (team.name, None)]
    context = {
        "team": team,
        "leader": selectors.team_leader(team),
        "show_members": show_members,
        "members": members,
        "linked_person_ids": person_ids,
        "table": show_table(request, InspectionTable(
            selectors.team_inspections(actor=signed_in(request), team=team), show_team=False,
            empty_text=_("没有您可查看的巡察。"))),
        "can_open_round": show_members,
        "crumbs": crumbs,
    }
    return render_page(request, "planning/team_detail.html", context, partial="inspection-results")


# ---- Inspections -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    caps = require_any_capability(request, INSPECTION_PAGE_CAPS)
    filterset = InspectionFilter(request.GET, queryset=selectors.inspection_list(actor=signed_in(request)),
                                 request=request)
    if Cap.VIEW_PLANNING not in caps:
        # Rounds are planning records; a liaison sees only their organisation's inspections.
        hide_filters(filterset, "round")
    context = {
        "filter": filterset,
        "table": show_table(request, InspectionTable(filterset.qs, show_round=True)),
        "crumbs": [(_("巡察"), None)],
    }
    return render_page(request, "planning/inspection_list.html", context, partial="inspection-results")


def _transition_form(inspection: Inspection, name: str, data: Any = None) -> TransitionForm:
    date_field = TRANSITION_DATE_FIELD.get(name)
    return TransitionForm(data, transition=name, takes_date=date_field is not None,
                          default_date=getattr(inspection, date_field) if date_field else None)


def _inspection_context(request: HttpRequest, inspection: Inspection, *, failed: TransitionForm | None = None,
                        error: str = "", team_form: InspectionTeamForm | None = None) -> dict[str, Any]:
    user = signed_in(request)
    page_caps = scope_of(user).capabilities()
    caps_here = inspection_capabilities(user, inspection)
    # Office and team roles see the inside of an inspection; a liaison sees what is addressed to them.
    internal = Cap.VIEW_PLANNING in caps_here
    transitions = []
    available_names = set()
    for available in inspection_available_transitions(user, inspection):
        available_names.add(available.name)
        if failed is not None and failed.transition == available.name:
            form = failed
        else:
            form = _transition_form(inspection, available.name)
        transitions.append({
            "available": available,
            "form": form,
            "url": reverse("planning:inspection-transition", args=[inspection.pk, available.name]),
        })
    if failed is not None and failed.transition not in available_names and failed.errors:
        # The step is no longer on offer (another user moved the inspection on): say why at the top.
        error = error or "；".join(str(e) for errors in failed.errors.values() for e in errors)
    members = selectors.inspection_team_members(inspection) if internal else []
    if internal:
        leader = next((m for m in members if m.role == MembershipRole.LEADER), None)
    else:
        leader = selectors.team_leader(inspection.team) if inspection.team else None
    person_ids: set[int] = set()
    if Cap.VIEW_PEOPLE in page_caps:
        person_ids = selectors.visible_person_ids(actor=user, ids=[m.person_id for m in members])
    # The office attaches, changes or removes the team until stationing (planned without one: "暂不指定").
    if team_form is None and Cap.MANAGE_PLANNING in caps_here and inspection.status in FORMING_STATUSES:
        team_form = InspectionTeamForm(inspection=inspection)
    if internal:
        crumbs = [*_crumbs_for_round(inspection.round), (inspection.code, None)]
    else:
        crumbs = [(_("巡察"), reverse("planning:inspection-list")), (inspection.code, None)]
    return {
        "inspection": inspection,
        "internal": internal,
        "steps": selectors.inspection_lifecycle(inspection),
        "history": selectors.inspection_history(inspection),
        "related": selectors.inspection_related(actor=user, inspection=inspection),
        "transitions": transitions,
        "transition_error": error,
        "leader": leader,
        "members": members,
        "linked_person_ids": person_ids,
        "can_open_organizations": bool(page_caps & ORGANIZATION_PAGE_CAPS),
        "can_open_round": internal,
        "team_form": team_form,
        "crumbs": crumbs,
        "inspection_sections": sections_for(user, inspection),
        # What the stay produced, shown beside the withdrawal step (each feature app adds its figures).
        "stay_figures": stay_figures(inspection) if "withdraw" in available_names else [],
    }


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, INSPECTION_PAGE_CAPS)
    inspection = access_inspection(signed_in(request), pk)
    return render_page(request, "planning/inspection_detail.html", _inspection_context(request, inspection))


@login_required
@require_POST
def inspection_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Take one step of the lifecycle. The service checks scope, capability, guards and dates again."""
    require_any_capability(request, INSPECTION_PAGE_CAPS)
    step = TRANSITIONS.get(name)
    if step is None:
        raise Http404("没有这一操作。")
    inspection = access_inspection(signed_in(request), pk)
    if Cap(step.capability) not in inspection_capabilities(signed_in(request), inspection):
        raise PermissionDenied(_("您的角色不能对这次巡察执行“%(label)s”。") % {"label": step.label})
    form = _transition_form(inspection, name, request.POST)
    done = submit(form, lambda data: inspection_apply_transition(
        actor=signed_in(request), inspection_id=inspection.pk, transition=name, on=data.get("on"), note=data["note"]))
    if done.ok:
        messages.success(request, _("已完成“%(label)s”。") % {"label": step.label})
        url = inspection.get_absolute_url()
        return HttpResponseClientRedirect(url) if wants_partial(request) else redirect(url)
    # The failed attempt leaves the inspection as it was; show it as it now stands.
    inspection = access_inspection(signed_in(request), pk)
    context = _inspection_context(request, inspection, failed=form)
    return render_page(request, "planning/inspection_detail.html", context, partial="transition-panel",
                       status=done.status)


@login_required
@require_POST
def inspection_team_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach, change or remove the inspection's team (office, before stationing); recusal warnings of the new
    team are shown at once, a blocking ground refuses the change."""
    require_any_capability(request, INSPECTION_PAGE_CAPS)
    inspection = access_inspection(request.user, pk)
    if Cap.MANAGE_PLANNING not in inspection_capabilities(request.user, inspection):
        raise PermissionDenied(_("只有巡察办可以安排巡察组和巡察计划。"))
    form = InspectionTeamForm(request.POST, inspection=inspection)
    # Every refusal is about the team chosen: it is shown on that field.
    done = submit(form, lambda data: inspection_team_set(
        actor=signed_in(request), inspection_id=inspection.pk, team_id=data["team"].pk if data["team"] else None),
        aliases={"team_id": "team"})
    if done.ok:
        team = form.cleaned_data["team"]
        if team is None:
            messages.success(request, _("已取消指定巡察组；进驻前须重新指定。"))
        else:
            messages.success(request, _("已由%(team)s承担这次巡察。") % {"team": team.name})
        for hit in done.value.warnings:
            messages.warning(request, _(
                "回避提示：%(person)s与%(org)s存在“%(rule)s”情形（%(reason)s）。"
                "须由巡察办主任在巡察组页面写明理由决定是否保留，否则不能进驻。") % {
                "person": hit.person_name, "org": hit.organization_name, "rule": hit.rule_label,
                "reason": hit.reason})
        return redirect(inspection.get_absolute_url())
    inspection = access_inspection(request.user, pk)
    context = _inspection_context(request, inspection, team_form=form)
    return render_page(request, "planning/inspection_detail.html", context, status=done.status)
