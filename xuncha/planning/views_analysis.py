"""Pages of coverage over a term (届内全覆盖), the term calendar (巡察工作日历) and the cross-inspection
assignment of a round (异地交叉配对)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.accounts.pages import render_page, require_any_capability, signed_in
from xuncha.accounts.roles import Cap
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.forms import submit
from xuncha.core.pagination import paginate
from xuncha.inspections.models import Round, Term
from xuncha.planning import selectors_analysis as sel
from xuncha.planning.calendar import term_timeline
from xuncha.planning.crossing import cross_assignment_apply, cross_assignment_run
from xuncha.planning.forms_analysis import (
    CalendarFilterForm,
    CoverageProjectionForm,
    CoverageTableForm,
    CrossingRunForm,
)

PLANNING_PAGE_CAPS = frozenset({Cap.VIEW_PLANNING})
RUNS_PER_PAGE = 10
COVERAGE_PER_PAGE = 25


def _term_crumbs(term: Term, here: str) -> list[tuple[str, str | None]]:
    return [
        (_("届次与轮次"), reverse("planning:term-list")),
        (str(term.name), reverse("planning:term-detail", args=[term.pk])),
        (here, None),
    ]


def _round_crumbs(rnd: Round, here: str, url: str | None = None) -> list[tuple[str, str | None]]:
    return [
        (_("届次与轮次"), reverse("planning:term-list")),
        (str(rnd.term.name), reverse("planning:term-detail", args=[rnd.term_id])),
        (rnd.name, reverse("planning:round-detail", args=[rnd.pk])),
        (here, url),
    ]


# ---- Coverage ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def coverage(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    term = sel.term_for_coverage(actor=signed_in(request), pk=pk)
    projection_keys = ("as_of", *CoverageProjectionForm.CAPACITY_FIELDS)
    asked = any(request.GET.get(name) for name in projection_keys)
    form = CoverageProjectionForm(request.GET if asked else None, term=term)
    as_of, as_of_basis = sel.default_as_of(term)
    if chosen := form.as_of_day():
        as_of, as_of_basis = chosen, ""
    report = sel.coverage_report(term=term, as_of=as_of, overrides=form.overrides(), as_read=not chosen)
    form.show_estimate(report.estimated, as_of)
    if not asked:
        form.initial = {"as_of": as_of}
    table_form = CoverageTableForm(request.GET, sectors=sel.sector_choices(report),
                                   regions=sel.region_choices(report))
    organizations = sel.coverage_filter(report, status=table_form.value("status"), sector=table_form.value("sector"),
                                        region=table_form.value("region"), q=table_form.value("q"))
    page_obj = paginate(request, organizations, per_page=COVERAGE_PER_PAGE)
    # The projection's own parameters travel with the table's filters and pages.
    keep = [(name, request.GET[name]) for name in projection_keys if request.GET.get(name)]
    context = {
        "term": term,
        "report": report,
        "as_of_basis": as_of_basis,
        "counts": report.counts,
        "form": form,
        "table_form": table_form,
        "keep": keep,
        "page_obj": page_obj,
        "rows": sel.coverage_rows(actor=signed_in(request), report=report, organizations=list(page_obj)),
        "charts": report.charts(),
        "single_region": len(sel.region_choices(report)) <= 1,
        "crumbs": _term_crumbs(term, _("全覆盖进度")),
    }
    return render_page(request, "planning/coverage_detail.html", context, partial="coverage-table")


# ---- Calendar ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    term = sel.term_for_calendar(actor=signed_in(request), pk=pk)
    jurisdictions = sel.calendar_jurisdictions(actor=signed_in(request), term=term)
    form = CalendarFilterForm(request.GET, jurisdictions=jurisdictions, years=sel.calendar_years(term))
    jurisdiction, year = form.value("jurisdiction"), form.value("year")
    today = business_today()
    bars = term_timeline(actor=signed_in(request), term=term, today=today, jurisdiction=jurisdiction)
    start, end = sel.calendar_window(term, bars, year)
    narrowed = jurisdiction is not None and jurisdiction.pk != term.jurisdiction_id
    timeline = sel.timeline_layout(bars, start=start, end=end, today=today, drop_empty=narrowed)
    context = {
        "term": term,
        "form": form,
        "jurisdiction": jurisdiction,
        "year": year,
        "timeline": timeline,
        "rows": timeline.all_rows(),
        "can_view_coverage": Cap.VIEW_PLANNING in sel.capabilities_over(signed_in(request), term.jurisdiction),
        "crumbs": _term_crumbs(term, _("巡察工作日历")),
    }
    return render_page(request, "planning/calendar_detail.html", context, partial="calendar-body")


# ---- Cross-inspection assignment --------------------------------------------------------------------------------


def _run_form(overview: sel.CrossingOverview, data: Any = None, initial: dict[str, Any] | None = None
              ) -> CrossingRunForm:
    return CrossingRunForm(data, initial=initial, teams=overview.teams, jurisdictions=overview.jurisdictions,
                           lookback=overview.lookback_default)


@login_required
@require_http_methods(["GET", "POST"])
def crossing(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's pairs as they stand, the form that generates a run (office only) and the runs so far."""
    require_any_capability(request, PLANNING_PAGE_CAPS)
    rnd = sel.round_for_crossing(actor=signed_in(request), pk=pk)
    can_manage = sel.can_manage_crossing(signed_in(request), rnd)
    overview = sel.crossing_overview(actor=signed_in(request), round_=rnd)
    form = None
    if can_manage and overview.pairs:
        form = _run_form(overview, initial=sel.run_conditions(round_=rnd, run_id=request.GET.get("from_run")))
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("只有巡察办可以生成交叉配对方案。"))
        form = _run_form(overview, request.POST)
        done = submit(form, lambda data: cross_assignment_run(
            actor=signed_in(request), round_id=rnd.pk, seed=data["seed"], lookback=data["lookback"],
            locks=form.locks()))
        if done.ok:
            run = done.value
            if run.feasible:
                messages.success(request, _("已生成配对方案 #%(n)d。") % {"n": run.pk})
            else:
                messages.warning(request, _("按所给条件没有可行方案（方案 #%(n)d），原因和调整建议见下。")
                                 % {"n": run.pk})
            return redirect("planning:crossing-run", run.pk)
        status = done.status
    page_obj = paginate(request, sel.run_list(round_=rnd), per_page=RUNS_PER_PAGE)
    for run in page_obj:
        run.binding_labels = sel.binding_labels(run)
    context = {
        "round": rnd,
        "overview": overview,
        "form": form,
        "can_manage": can_manage,
        "page_obj": page_obj,
        "crumbs": _round_crumbs(rnd, _("异地交叉配对")),
    }
    return render_page(request, "planning/crossing_detail.html", context, status=status)


@login_required
@require_GET
def crossing_run(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    run = sel.run_get(actor=signed_in(request), pk=pk)
    rnd = run.round
    overview = sel.crossing_overview(actor=signed_in(request), round_=rnd)
    context = {
        "run": run,
        "round": rnd,
        "overview": overview,
        "view": sel.run_view(run, current=overview.mapping()),
        "can_manage": sel.can_manage_crossing(signed_in(request), rnd),
        "crumbs": [*_round_crumbs(rnd, _("异地交叉配对"), reverse("planning:crossing", args=[rnd.pk])),
                   (_("方案 #%(n)d") % {"n": run.pk}, None)],
    }
    return render_page(request, "planning/crossing_run.html", context)


@login_required
@require_POST
def crossing_run_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the round's cross inspections the teams of this run (before stationing only)."""
    require_any_capability(request, PLANNING_PAGE_CAPS)
    run = sel.run_get(actor=signed_in(request), pk=pk)
    if not sel.can_manage_crossing(signed_in(request), run.round):
        raise PermissionDenied(_("只有巡察办可以采用交叉配对方案。"))
    try:
        changed = cross_assignment_apply(actor=signed_in(request), run_id=run.pk)
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, _("未采用：%(reason)s") % {"reason": exc.message})
        return redirect("planning:crossing-run", run.pk)
    messages.success(request, _("已采用方案 #%(n)d，%(changed)d 个巡察的巡察组按方案作了调整。")
                     % {"n": run.pk, "changed": changed})
    return redirect("planning:crossing", run.round_id)
