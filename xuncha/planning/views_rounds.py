"""Pages of round planning (new round, copy as the next, targets into inspections, work plan, annual plans) and
of stationing (notices, liaison group, mobilisation meeting, announcement and its printable page).

Scope first (404), then the action (403); every write goes through a service in ``rounds``, ``preparation`` or
``annual``, whose ``DomainError`` comes back as the form with its messages and nothing changed."""

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

from xuncha.accounts.pages import INSPECTION_PAGE_CAPS, render_page, require_any_capability, signed_in
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.autocomplete import search_query, search_response
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.forms import submit
from xuncha.core.pagination import paginate
from xuncha.inspections import stationing as stationing_services
from xuncha.inspections.access import access_inspection, inspection_capabilities
from xuncha.inspections.models import Inspection, InspectionType, Round, StationingAnnouncement, Term
from xuncha.inspections.sections import public_links
from xuncha.orgs.models import Organization
from xuncha.planning import annual, rounds, work_plans
from xuncha.planning import selectors_rounds as sel
from xuncha.planning.forms_rounds import (
    DEFAULT_NOTICE_REQUIREMENTS,
    AnnouncementForm,
    AnnualPlanForm,
    InspectionPlanForm,
    LiaisonContactEditForm,
    LiaisonContactForm,
    MeetingForm,
    NoticeForm,
    RoundCopyForm,
    RoundCreateForm,
    TargetFilterForm,
    WorkPlanForm,
    linked_inspection_label,
)
from xuncha.planning.models import AnnualPlan, ApprovalStatus, WorkPlan

PLANNING_PAGE_CAPS = frozenset({Cap.VIEW_PLANNING})
CANDIDATES_PER_PAGE = 25
NO_PLANNING = "只有巡察办可以安排巡察计划。"


def _require_planning(actor: Any, jurisdiction: Any) -> None:
    if not sel.can_plan(actor, jurisdiction):
        raise PermissionDenied(_(NO_PLANNING))


def _round_crumbs(round_: Round, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("届次与轮次"), reverse("planning:term-list")),
        (str(round_.term.name), reverse("planning:term-detail", args=[round_.term_id])),
        (round_.name, reverse("planning:round-detail", args=[round_.pk])),
        *tail,
    ]


def _term_crumbs(term: Term, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("届次与轮次"), reverse("planning:term-list")),
        (str(term.name), reverse("planning:term-detail", args=[term.pk])),
        *tail,
    ]


def _inspection_crumbs(inspection: Inspection, internal: bool, *tail: tuple[str, str | None]
                       ) -> list[tuple[str, str | None]]:
    head = _round_crumbs(inspection.round) if internal else [(_("巡察"), reverse("planning:inspection-list"))]
    return [*head, (inspection.code, reverse("planning:inspection-detail", args=[inspection.pk])), *tail]


# ---- Rounds ----------------------------------------------------------------------------------------------------


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (rounds stay well under 100)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{_DIGITS[tens]}十")
    return head + (_DIGITS[ones] if ones else "")


def default_round_name(term: Term, number: int) -> str:
    """"十一届市委第八轮巡察", as the office names its rounds."""
    committee = term.jurisdiction.committee_name
    levels = {"province": "省委", "city": "市委", "county": "县委"}
    short = committee[-2:] if committee.endswith("委") else levels.get(term.jurisdiction.level, "")
    return f"{term.name}{short}第{chinese_number(number)}轮巡察"


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, term_pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    term = sel.term_get(actor=signed_in(request), pk=term_pk)
    _require_planning(request.user, term.jurisdiction)
    status = 200
    if request.method == "POST":
        form = RoundCreateForm(request.POST)
        done = submit(form, lambda data: rounds.round_create(
            actor=signed_in(request), term_id=term.pk, number=data["number"], name=data["name"],
            planned_start=data["planned_start"], planned_end=data["planned_end"],
            focus_notes=data["focus_notes"]))
        if done.ok:
            new = done.value
            messages.success(request, _("已新建%(name)s。下一步：起草工作方案、安排被巡察党组织。")
                             % {"name": new.name})
            for warning in rounds.round_date_warnings(new):
                messages.warning(request, warning)
            return redirect("planning:round-detail", new.pk)
        status = done.status
    else:
        number = sel.next_round_number(term)
        form = RoundCreateForm(initial={"number": number, "name": default_round_name(term, number)})
    context = {
        "term": term,
        "form": form,
        "rounds": term.rounds.order_by("-number")[:5],
        "crumbs": _term_crumbs(term, (_("新建轮次"), None)),
    }
    return render_page(request, "planning/plan_round_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def round_copy(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    source = sel.round_get(actor=signed_in(request), pk=pk)
    _require_planning(request.user, source.jurisdiction)
    status = 200
    if request.method == "POST":
        form = RoundCopyForm(request.POST)
        done = submit(form, lambda data: rounds.round_copy_as_draft(
            actor=signed_in(request), round_id=source.pk, planned_start=data["planned_start"],
            planned_end=data["planned_end"]))
        if done.ok:
            new = done.value
            messages.success(request, _("已复制为%(name)s（草稿）：沿用巡察组编制和工作方案，"
                                        "组成人员需重新确定并授权。") % {"name": new.name})
            for warning in rounds.round_date_warnings(new):
                messages.warning(request, warning)
            return redirect("planning:round-detail", new.pk)
        status = done.status
    else:
        form = RoundCopyForm()
    context = {
        "round": source,
        "form": form,
        "next_number": sel.next_round_number(source.term),
        "team_count": source.teams.count(),
        "latest_plan": sel.work_plan_list(source).first(),
        "crumbs": _round_crumbs(source, (_("复制为下一轮"), None)),
    }
    return render_page(request, "planning/plan_round_copy.html", context, status=status)


@login_required
@require_GET
def round_plan_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The planning panel of the round page (loaded into it over htmx): work plan and next steps."""
    require_any_capability(request, PLANNING_PAGE_CAPS)
    round_ = sel.round_get(actor=signed_in(request), pk=pk)
    plans = list(sel.work_plan_list(round_)[:1])
    context = {
        "round": round_,
        "latest_plan": plans[0] if plans else None,
        "approved_plan": sel.work_plan_list(round_).filter(status=ApprovalStatus.APPROVED).first(),
        "can_plan": sel.can_plan(signed_in(request), round_.jurisdiction),
        "can_approve": sel.can_approve(signed_in(request), round_.jurisdiction),
    }
    return render_page(request, "planning/round_detail.html#round-plan-panel", context)


# ---- Targets into inspections ----------------------------------------------------------------------------------


CARRIED = "sel"  # query parameter: an organisation ticked on another page of the candidate list
MAX_CARRIED = 200  # more ticks than any inspection names (the form refuses an inspection that large anyway)


def _ticked_organizations(plannable: Any, values: list[Any]) -> list[Organization]:
    """The plannable organisations among the ticked ids, in the order ticked; anything else (not a number, out of
    scope, no longer plannable) is dropped, so a stale or hand-made link shows only what may be arranged."""
    ids: list[int] = []
    for value in values[:MAX_CARRIED]:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < number < 2**63 and number not in ids:
            ids.append(number)
    found = {o.pk: o for o in plannable.filter(pk__in=ids).select_related("jurisdiction")}
    return [found[i] for i in ids if i in found]


@login_required
@require_GET
def linkable_inspections(request: HttpRequest, pk: int) -> HttpResponse:
    """The matches of the target picker's 延伸自 and 回头看对象 fields: what the form accepts (the visible
    inspections of the round's jurisdiction) whose code or a target's name contains ``q``, at most
    ``core.autocomplete.RESULT_LIMIT``; the same rights as the picker."""
    require_any_capability(request, PLANNING_PAGE_CAPS)
    round_ = sel.round_get(actor=signed_in(request), pk=pk)
    _require_planning(request.user, round_.jurisdiction)
    return search_response(
        request, sel.linkable_inspection_search(actor=signed_in(request), round_=round_, q=search_query(request)),
        label=linked_inspection_label)


@login_required
@require_http_methods(["GET", "POST"])
def plan_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick organisations not yet inspected this term and make them one inspection (1托N)."""
    require_any_capability(request, PLANNING_PAGE_CAPS)
    round_ = sel.round_get(actor=signed_in(request), pk=pk)
    _require_planning(request.user, round_.jurisdiction)
    filter_form = TargetFilterForm(request.GET or None, regions=sel.region_choices(round_.term))
    filters = filter_form.filters()
    page_obj = paginate(request, sel.candidate_list(actor=signed_in(request), round_=round_, filters=filters),
                        per_page=CANDIDATES_PER_PAGE)
    teams = sel.round_teams(actor=signed_in(request), round_=round_)
    plannable = sel.plannable_organizations(actor=signed_in(request), round_=round_)
    form = InspectionPlanForm(
        request.POST if request.method == "POST" else None,
        initial={"inspection_type": InspectionType.ROUTINE},
        organizations=plannable, teams=teams,
        inspections=sel.linkable_inspections(actor=signed_in(request), round_=round_),
        inspection_search_url=reverse("planning:linkable-inspections", args=[round_.pk]))
    status = 200
    if form.is_bound:
        done = submit(form, lambda data: rounds.inspection_create(
            actor=signed_in(request), round_id=round_.pk, team_id=data["team"].pk if data["team"] else None,
            inspection_type=data["inspection_type"],
            organization_ids=[o.pk for o in data["organizations"]], special_topic=data["special_topic"],
            is_cross=data["is_cross"], is_linked=data["is_linked"],
            parent_inspection_id=data["parent_inspection"].pk if data["parent_inspection"] else None,
            revisit_of_id=data["revisit_of"].pk if data["revisit_of"] else None,
            planned_entry=data["planned_entry"], planned_withdrawal=data["planned_withdrawal"]))
        if done.ok:
            inspection = done.value
            names = "、".join(str(o) for o in form.cleaned_data["organizations"])
            messages.success(request, _("已安排巡察 %(code)s：%(names)s。") % {"code": inspection.code,
                                                                            "names": names})
            params = request.GET.copy()
            params.pop(CARRIED, None)  # the ticks became this inspection
            query = params.urlencode()
            return redirect(f"{request.path}?{query}" if query else request.path)
        status = done.status
    # Ticks kept across pages and filters: the query string carries them (``sel``) and a refused submission keeps
    # what it sent; those not on this page are listed beside the form, ticked, so that submitting sends them all.
    ticked = form["organizations"].value() if form.is_bound else request.GET.getlist(CARRIED)
    selected_orgs = _ticked_organizations(plannable, ticked or [])
    selected = {str(o.pk) for o in selected_orgs}
    on_page = {o.pk for o in page_obj.object_list}
    context = {
        "round": round_,
        "filter_form": filter_form,
        "filter_errors": bool(filter_form.is_bound and filter_form.errors),
        "page_obj": page_obj,
        "form": form,
        "selected": selected,
        "selected_orgs": selected_orgs,
        "selected_elsewhere": [o for o in selected_orgs if o.pk not in on_page],
        "carried": CARRIED,
        "has_teams": teams.exists(),
        "planned": sel.round_inspections(actor=signed_in(request), round_=round_),
        "crumbs": _round_crumbs(round_, (_("安排被巡察党组织"), None)),
    }
    return render_page(request, "planning/plan_targets.html", context, status=status)


# ---- Work plans ------------------------------------------------------------------------------------------------


def _work_plan_context(request: HttpRequest, round_: Round, plan: WorkPlan | None,
                       error: str = "") -> dict[str, Any]:
    return {
        "round": round_,
        "plan": plan,
        "plans": sel.work_plan_list(round_),
        "can_plan": sel.can_plan(signed_in(request), round_.jurisdiction),
        "can_approve": sel.can_approve(signed_in(request), round_.jurisdiction),
        "error": error,
        "crumbs": _round_crumbs(round_, (_("工作方案"), None)),
    }


@login_required
@require_GET
def workplan_list(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    round_ = sel.round_get(actor=signed_in(request), pk=pk)
    context = _work_plan_context(request, round_, sel.work_plan_list(round_).first())
    return render_page(request, "planning/workplan_detail.html", context)


@login_required
@require_GET
def workplan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    plan = sel.work_plan_get(actor=signed_in(request), pk=pk)
    return render_page(request, "planning/workplan_detail.html", _work_plan_context(request, plan.round, plan))


@login_required
@require_http_methods(["GET", "POST"])
def workplan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of the round's work plan, prefilled from the latest."""
    require_any_capability(request, PLANNING_PAGE_CAPS)
    round_ = sel.round_get(actor=signed_in(request), pk=pk)
    _require_planning(request.user, round_.jurisdiction)
    latest = sel.work_plan_list(round_).first()
    status = 200
    if request.method == "POST":
        form = WorkPlanForm(request.POST)
        done = submit(form, lambda data: work_plans.work_plan_save(
            actor=signed_in(request), round_id=round_.pk, **data))
        if done.ok:
            plan = done.value
            messages.success(request, _("已保存工作方案第 %(v)s 版（草稿）。") % {"v": plan.version})
            return redirect("planning:workplan-detail", plan.pk)
        status = done.status
    else:
        initial = ({"focus": latest.focus, "schedule": latest.schedule, "key_matters": latest.key_matters}
                   if latest else {"focus": round_.focus_notes})
        form = WorkPlanForm(initial=initial)
    context = {
        "round": round_,
        "form": form,
        "latest": latest,
        "next_version": (latest.version + 1) if latest else 1,
        "crumbs": _round_crumbs(round_, (_("工作方案"), reverse("planning:workplan-list", args=[round_.pk])),
                                (_("新版本"), None)),
    }
    return render_page(request, "planning/workplan_form.html", context, status=status)


def _work_plan_step(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    plan = sel.work_plan_get(actor=signed_in(request), pk=pk)
    jurisdiction = plan.round.jurisdiction
    if approve and not sel.can_approve(signed_in(request), jurisdiction):
        raise PermissionDenied(_("工作方案由巡察工作领导小组审批。"))
    if not approve:
        _require_planning(request.user, jurisdiction)
    try:
        if approve:
            work_plans.work_plan_approve(actor=signed_in(request), plan_id=plan.pk)
        else:
            work_plans.work_plan_submit(actor=signed_in(request), plan_id=plan.pk)
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        plan.refresh_from_db()
        context = _work_plan_context(request, plan.round, plan, error=exc.message)
        return render_page(request, "planning/workplan_detail.html", context, status=exc.status)
    if approve:
        messages.success(request, _("已批准工作方案第 %(v)s 版。") % {"v": plan.version})
    else:
        messages.success(request, _("已将工作方案第 %(v)s 版报领导小组审批。") % {"v": plan.version})
    return redirect("planning:workplan-detail", plan.pk)


@login_required
@require_POST
def workplan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _work_plan_step(request, pk, approve=False)


@login_required
@require_POST
def workplan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _work_plan_step(request, pk, approve=True)


# ---- Annual plans ----------------------------------------------------------------------------------------------


def _annual_context(request: HttpRequest, term: Term, error: str = "") -> dict[str, Any]:
    return {
        "term": term,
        "years": sel.term_years(actor=signed_in(request), term=term),
        "can_plan": sel.can_plan(signed_in(request), term.jurisdiction),
        "can_approve": sel.can_approve(signed_in(request), term.jurisdiction),
        "error": error,
        "crumbs": _term_crumbs(term, (_("年度巡察计划"), None)),
    }


@login_required
@require_GET
def annualplan_list(request: HttpRequest, term_pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    term = sel.term_get(actor=signed_in(request), pk=term_pk)
    return render_page(request, "planning/plan_annual_list.html", _annual_context(request, term))


def _annual_form_page(request: HttpRequest, term: Term, plan: AnnualPlan | None) -> HttpResponse:
    _require_planning(request.user, term.jurisdiction)
    years = range(term.start_date.year, term.end_date.year + 1)
    status = 200
    initial: dict[str, Any] = {"rounds_planned": 2}
    if plan is not None:
        initial = {"year": plan.year, "title": plan.title, "rounds_planned": plan.rounds_planned,
                   "summary": plan.summary}
    elif (year := request.GET.get("year", "")).isdigit() and int(year) in years:
        initial.update(year=int(year), title=f"{term.jurisdiction.committee_name}{year}年度巡察工作计划")
    form = AnnualPlanForm(request.POST if request.method == "POST" else None, years=years, initial=initial)
    if plan is not None:
        # The year of an existing plan is fixed; the form only revises its text.
        form.fields["year"].disabled = True
    if form.is_bound:
        done = submit(form, lambda data: annual.annual_plan_save(actor=signed_in(request), term_id=term.pk, **data))
        if done.ok:
            saved = done.value
            messages.success(request, _("已保存%(title)s（草稿）。") % {"title": saved.title})
            return redirect("planning:annualplan-list", term.pk)
        status = done.status
    context = {
        "term": term,
        "plan": plan,
        "form": form,
        "crumbs": _term_crumbs(term, (_("年度巡察计划"), reverse("planning:annualplan-list", args=[term.pk])),
                               (_("修改") if plan else _("新建"), None)),
    }
    return render_page(request, "planning/plan_annual_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def annualplan_create(request: HttpRequest, term_pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    term = sel.term_get(actor=signed_in(request), pk=term_pk)
    return _annual_form_page(request, term, None)


@login_required
@require_http_methods(["GET", "POST"])
def annualplan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    plan = sel.annual_plan_get(actor=signed_in(request), pk=pk)
    return _annual_form_page(request, plan.term, plan)


def _annual_step(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    require_any_capability(request, PLANNING_PAGE_CAPS)
    plan = sel.annual_plan_get(actor=signed_in(request), pk=pk)
    term = plan.term
    if approve and not sel.can_approve(signed_in(request), term.jurisdiction):
        raise PermissionDenied(_("年度巡察计划由巡察工作领导小组审批。"))
    if not approve:
        _require_planning(request.user, term.jurisdiction)
    try:
        if approve:
            annual.annual_plan_approve(actor=signed_in(request), plan_id=plan.pk)
        else:
            annual.annual_plan_submit(actor=signed_in(request), plan_id=plan.pk)
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        return render_page(request, "planning/plan_annual_list.html",
                           _annual_context(request, term, error=exc.message), status=exc.status)
    if approve:
        messages.success(request, _("已批准%(title)s。") % {"title": plan.title})
    else:
        messages.success(request, _("已将%(title)s报领导小组审批。") % {"title": plan.title})
    return redirect("planning:annualplan-list", term.pk)


@login_required
@require_POST
def annualplan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _annual_step(request, pk, approve=False)


@login_required
@require_POST
def annualplan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _annual_step(request, pk, approve=True)


# ---- Stationing ------------------------------------------------------------------------------------------------


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    require_any_capability(request, INSPECTION_PAGE_CAPS)
    return access_inspection(signed_in(request), pk)


def _contact_organizations(stationing: sel.Stationing) -> list[int]:
    return [r.organization.pk for r in stationing.rows if r.can_add_contact]


def _stationing_forms(request: HttpRequest, stationing: sel.Stationing, **bound: Any) -> dict[str, Any]:
    """The forms of the stationing page, each either the bound one that failed or a fresh one with defaults."""
    orgs = Organization.objects.filter(pk__in=[r.organization.pk for r in stationing.rows])
    forms: dict[str, Any] = {}
    if stationing.can_manage:
        pending = next((r.organization for r in stationing.rows if r.notice is None), None)
        forms["notice_form"] = bound.get("notice_form") or NoticeForm(
            organizations=orgs,
            initial={"organization": pending.pk if pending else None,
                     "issued_on": min(stationing.deadlines.notice_latest, stationing.today),
                     "requirements": DEFAULT_NOTICE_REQUIREMENTS.format(
                         due=f"{stationing.deadlines.liaison_due:%Y年%-m月%-d日}")})
        meeting = stationing.meeting
        forms["meeting_form"] = bound.get("meeting_form") or MeetingForm(initial=(
            {"held_at": meeting.held_at, "place": meeting.place, "attendees": meeting.attendees,
             "speakers": meeting.speakers, "minutes": meeting.minutes} if meeting else
            {"speakers": "领导小组成员讲话；巡察组组长通报巡察安排；被巡察党组织主要负责人表态发言。",
             "attendees": "被巡察党组织领导班子成员、中层干部、所属单位主要负责人、部分退休干部和群众代表。"}))
    if stationing.can_add_contact:
        forms["contact_form"] = bound.get("contact_form") or LiaisonContactForm(
            organizations=orgs.filter(pk__in=_contact_organizations(stationing)))
    return forms


def _stationing_page(request: HttpRequest, inspection: Inspection, *, status: int = 200,
                     **bound: Any) -> HttpResponse:
    stationing = sel.stationing_overview(actor=signed_in(request), inspection=inspection)
    context = {
        "inspection": inspection,
        "st": stationing,
        **_stationing_forms(request, stationing, **bound),
        "crumbs": _inspection_crumbs(inspection, stationing.internal, (_("进驻准备"), None)),
        "public_links": public_links(inspection) if stationing.announcement else [],
    }
    return render_page(request, "planning/stationing_detail.html", context, status=status)


@login_required
@require_GET
def stationing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    return _stationing_page(request, inspection)


@login_required
@require_GET
def stationing_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The stationing summary on the inspection page (loaded into it over htmx)."""
    inspection = _inspection(request, pk)
    stationing = sel.stationing_overview(actor=signed_in(request), inspection=inspection)
    return render_page(request, "planning/inspection_detail.html#stationing-panel",
                       {"inspection": inspection, "st": stationing})


@login_required
@require_POST
def notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    _require_planning(request.user, inspection.jurisdiction)
    form = NoticeForm(request.POST, organizations=Organization.objects.filter(
        pk__in=[t.organization_id for t in inspection.targets.all()]))
    done = submit(form, lambda data: stationing_services.inspection_notice_issue(
        actor=signed_in(request), inspection_id=inspection.pk, organization_id=data["organization"].pk,
        notice_no=data["notice_no"], issued_on=data["issued_on"], requirements=data["requirements"]))
    if done.ok:
        notice = done.value
        messages.success(request, _("已印发巡察通知 %(no)s（%(org)s）。") % {
            "no": notice.notice_no, "org": form.cleaned_data["organization"]})
        return redirect(reverse("planning:stationing-detail", args=[inspection.pk]) + "#notices")
    return _stationing_page(request, inspection, status=done.status, notice_form=form)


@login_required
@require_POST
def liaison_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    stationing = sel.stationing_overview(actor=signed_in(request), inspection=inspection, with_readiness=False)
    allowed = _contact_organizations(stationing)
    if not allowed:
        raise PermissionDenied(_("联络组名单由巡察办或被巡察单位联络员报送。"))
    form = LiaisonContactForm(request.POST, organizations=Organization.objects.filter(pk__in=allowed))
    done = submit(form, lambda data: stationing_services.liaison_contact_add(
        actor=signed_in(request), inspection_id=inspection.pk, organization_id=data["organization"].pk,
        name=data["name"], post=data["post"], phone=data["phone"], is_head=data["is_head"]))
    if done.ok:
        contact = done.value
        messages.success(request, _("已将%(name)s列入联络组名单。") % {"name": contact.name})
        return redirect(reverse("planning:stationing-detail", args=[inspection.pk]) + "#liaison")
    return _stationing_page(request, inspection, status=done.status, contact_form=form)


def _contact(request: HttpRequest, pk: int) -> Any:
    """A liaison contact the user may change (404 out of scope, 403 when they may only read it)."""
    require_any_capability(request, INSPECTION_PAGE_CAPS)
    contact, can_change = sel.liaison_contact_get(actor=signed_in(request), pk=pk)
    if not can_change:
        raise PermissionDenied(_("联络组名单由巡察办或被巡察单位联络员报送。"))
    return contact


@login_required
@require_http_methods(["GET", "POST"])
def liaison_contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    inspection = contact.inspection
    back = reverse("planning:stationing-detail", args=[inspection.pk]) + "#liaison"
    status = 200
    if request.method == "POST":
        form = LiaisonContactEditForm(request.POST)
        done = submit(form, lambda data: stationing_services.liaison_contact_update(
            actor=signed_in(request), contact_id=contact.pk, name=data["name"], post=data["post"],
            phone=data["phone"], is_head=data["is_head"]))
        if done.ok:
            messages.success(request, _("已更新联络组成员%(name)s的信息。") % {"name": form.cleaned_data["name"]})
            return redirect(back)
        status = done.status
    else:
        form = LiaisonContactEditForm(initial={"name": contact.name, "post": contact.post, "phone": contact.phone,
                                               "is_head": contact.is_head})
    internal = Cap.VIEW_PLANNING in inspection_capabilities(request.user, inspection)
    context = {
        "inspection": inspection, "contact": contact, "form": form, "back": back,
        "crumbs": _inspection_crumbs(inspection, internal, (_("进驻准备"), back), (_("修改联络组成员"), None)),
    }
    return render_page(request, "planning/liaison_contact_form.html", context, status=status)


@login_required
@require_POST
def liaison_contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    try:
        stationing_services.liaison_contact_remove(actor=signed_in(request), contact_id=contact.pk)
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, _("已将%(name)s移出联络组名单。") % {"name": contact.name})
    return redirect(reverse("planning:stationing-detail", args=[contact.inspection.pk]) + "#liaison")


@login_required
@require_POST
def meeting_save(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    _require_planning(request.user, inspection.jurisdiction)
    form = MeetingForm(request.POST)
    done = submit(form, lambda data: stationing_services.mobilization_meeting_save(
        actor=signed_in(request), inspection_id=inspection.pk, **data))
    if done.ok:
        messages.success(request, _("已保存进驻动员会安排。"))
        return redirect(reverse("planning:stationing-detail", args=[inspection.pk]) + "#meeting")
    return _stationing_page(request, inspection, status=done.status, meeting_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def announcement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    _require_planning(request.user, inspection.jurisdiction)
    deadlines = sel.deadlines(inspection)
    existing = StationingAnnouncement.objects.filter(inspection=inspection).first()
    status = 200
    if request.method == "POST":
        form = AnnouncementForm(request.POST, cutoff=deadlines.petition_cutoff)
        done = submit(form, lambda data: stationing_services.announcement_save(
            actor=signed_in(request), inspection_id=inspection.pk, **form.service_fields()))
        if done.ok:
            messages.success(request, _("已保存巡察公告。可打印后在被巡察单位张贴。"))
            return redirect(reverse("planning:stationing-detail", args=[inspection.pk]) + "#announcement")
        status = done.status
    elif existing is not None:
        form = AnnouncementForm(cutoff=deadlines.petition_cutoff, initial={
            f: getattr(existing, f) for f in AnnouncementForm.base_fields})
    else:
        form = AnnouncementForm(cutoff=deadlines.petition_cutoff, initial={
            "phone_hours": "每天 8:00—18:00", "accept_from": inspection.planned_entry,
            "accept_until": deadlines.petition_cutoff, "scope_text": stationing_services.default_scope_text(),
            "published_on": inspection.planned_entry,
            "suggestion_box": "被巡察单位办公楼一楼大厅（避开监控区域）"})
    context = {
        "inspection": inspection,
        "form": form,
        "existing": existing,
        "deadlines": deadlines,
        "crumbs": _inspection_crumbs(inspection, True,
                                     (_("进驻准备"), reverse("planning:stationing-detail", args=[inspection.pk])),
                                     (_("巡察公告"), None)),
    }
    return render_page(request, "planning/announcement_form.html", context, status=status)


def announcement_heading(inspection: Inspection) -> str:
    """"中共洛阳市委第三巡察组": the dispatching committee and the team (its own prefix dropped)."""
    team = inspection.team
    if team is None:
        return f"{inspection.jurisdiction.committee_name}巡察组"
    committee = team.home_jurisdiction.committee_name
    name = team.name
    marker = name.find("委")
    if 0 <= marker < name.find("巡察组"):
        name = name[marker + 1:]
    return f"{committee}{name}"


@login_required
@require_GET
def announcement_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The announcement as a printable document, for the office, the team and the inspected organisations'
    liaisons (who post it)."""
    inspection = _inspection(request, pk)
    if not sel.announcement_readable(signed_in(request), inspection):
        raise PermissionDenied(_("您不能查看这份巡察公告。"))
    announcement = StationingAnnouncement.objects.filter(inspection=inspection).first()
    if announcement is None:
        raise Http404(_("尚未拟定巡察公告。"))
    caps = scope_of(request.user).capabilities_at(
        jurisdiction_path=inspection.jurisdiction.path,
        team_ids={inspection.team_id} if inspection.team_id else set())
    internal = Cap.VIEW_PLANNING in caps
    own = scope_of(request.user).organization_ids
    targets = [t.organization for t in inspection.targets.all()]
    context = {
        "inspection": inspection,
        "a": announcement,
        "heading": announcement_heading(inspection),
        # A liaison posts the announcement of their own organisation; in a 1托N inspection they do not learn
        # the other organisations from it.
        "targets": targets if internal else [o for o in targets if o.pk in own],
        "crumbs": _inspection_crumbs(inspection, internal, (_("巡察公告"), None)),
        "public_links": [link for link in public_links(inspection) if link.printable],
    }
    return render_page(request, "planning/announcement_print.html", context)
