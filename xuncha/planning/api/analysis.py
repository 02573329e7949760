"""API endpoints: coverage over a term (届内全覆盖), the term calendar (巡察工作日历) and the cross-inspection
assignment of a round (异地交叉配对).

A term or round out of scope answers 404. Coverage and cross assignment are jurisdiction-wide: they need
VIEW_PLANNING over the term's or round's own jurisdiction (a team member who sees their round gets 403);
generating and applying a run need MANAGE_PLANNING there (403). The calendar shows what the caller may see.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from xuncha.core.api import actor_of, attach
from xuncha.core.api.pagination import PageParams, paged, paginate
from xuncha.core.api.schemas import Id, InputSchema, Ref
from xuncha.core.exceptions import DomainError, TransitionNotAllowed
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.models import Organization
from xuncha.planning import selectors_analysis as sel
from xuncha.planning.calendar import Bar, term_timeline
from xuncha.planning.crossing import cross_assignment_apply, cross_assignment_run
from xuncha.planning.models import CrossAssignmentRun

router = Router(tags=["全覆盖、日历与交叉配对"])

MAX_SEED = 2**31 - 1


class InvalidParameter(DomainError):
    """A query parameter outside what the object allows (the same answer as a malformed one)."""

    code = "invalid"
    status = 422


# --- coverage ---------------------------------------------------------------------------------------------------


class CoverageParams(PageParams):
    """The projection's figures, and the page of the organisation table (``page``, ``page_size``) with its
    filters, as the coverage page has them."""

    as_of: datetime.date | None = Field(
        None, description="统计截至日期（须在任期内）；默认今天，任期已过则取最后一轮的计划撤驻日")
    rounds_remaining: int | None = Field(None, ge=0, le=60, description="剩余轮次；不填按本届历史估算")
    teams_per_round: int | None = Field(None, ge=1, le=100, description="每轮巡察组数；不填按本届历史估算")
    organizations_per_team: int | None = Field(None, ge=1, le=30, description="每组巡察党组织数；不填按本届历史估算")
    status: Literal["inspected", "scheduled", "not_planned"] | None = Field(
        None, description="党组织一览只列该覆盖情况的：inspected / scheduled / not_planned")
    sector: str | None = Field(None, max_length=40, description="党组织一览只列该类别的")
    region: str | None = Field(None, max_length=60, description="党组织一览只列该地区（党委名称）的")
    q: str | None = Field(None, max_length=60, description="党组织一览按全称或简称查找")


class CapacityOut(Schema):
    rounds_remaining: int
    teams_per_round: int
    organizations_per_team: int
    organizations: int = Field(description="还能安排的党组织数（三者之积）")


class CoverageOrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    sector: str
    sector_label: str
    jurisdiction: Ref
    status: str = Field(description="inspected 已巡察 / scheduled 已列入计划 / not_planned 尚未安排")
    status_label: str
    inspected_on: datetime.date | None = Field(description="本届首次进驻日")
    scheduled_inspection: str | None = Field(description="已列入计划的巡察编号")
    last_inspected: datetime.date | None = Field(description="最近一次被巡察进驻日（不限本届）")
    suggested_round: int | None = Field(description="建议列入的轮次")


class SuggestedRoundOut(Schema):
    number: int
    within_capacity: bool = Field(description="false：超出剩余能力（即缺口）")
    count: int = Field(description="本轮建议巡察的党组织数")
    organizations: list[int] = Field(
        description="其中前若干个党组织的编号（全部见 organizations 一览的 suggested_round）")


class BreakdownOut(Schema):
    label: str
    inspected: int
    scheduled: int
    not_planned: int


class ProgressPointOut(Schema):
    date: datetime.date
    inspected: int = Field(description="累计已巡察")


class CoverageOut(Schema):
    term: Ref
    as_of: datetime.date
    population: int
    inspected: int
    scheduled: int
    not_planned: int
    rate: float = Field(description="覆盖率（已巡察 / 应巡察，0–1）")
    capacity: CapacityOut = Field(description="测算所用能力")
    estimated_capacity: CapacityOut = Field(description="按本届历史估算的能力")
    overridden: bool
    reachable: bool = Field(description="按测算能力能否在届满前实现全覆盖")
    shortfall: int
    verdict: str
    hints: list[str]
    allocation: list[SuggestedRoundOut]
    by_sector: list[BreakdownOut]
    by_region: list[BreakdownOut]
    by_org_type: list[BreakdownOut]
    progress: list[ProgressPointOut]
    organizations: paged(CoverageOrganizationOut) = Field(  # type: ignore[valid-type]
        description="应巡察党组织一览的一页（page、page_size 与筛选条件）")


def _capacity(c: Any) -> dict[str, int]:
    return {"rounds_remaining": c.rounds_remaining, "teams_per_round": c.teams_per_round,
            "organizations_per_team": c.organizations_per_team, "organizations": c.organizations}


def _breakdown(stack: dict[str, Any]) -> list[dict[str, Any]]:
    return stack["rows"]


def _ref(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "name": obj.name}


@router.get("/terms/{term_id}/coverage", response=CoverageOut, summary="届内全覆盖情况与测算")
def term_coverage(request: HttpRequest, term_id: Id, params: Query[CoverageParams]) -> dict[str, Any]:
    """Which organisations of the term's jurisdiction are inspected, scheduled or not yet planned; whether
    the remaining rounds reach full coverage at the capacity estimated from the term's history (or the one
    given); the suggested spread of the rest over the remaining rounds. 422 for an ``as_of`` outside the term."""
    actor = actor_of(request)
    term = sel.term_for_coverage(actor=actor, pk=term_id)
    as_of = params.as_of or sel.default_as_of(term)[0]
    if not term.start_date <= as_of <= term.end_date:
        raise InvalidParameter("统计日期应在本届任期内。", fields={"as_of": [
            f"应在 {term.start_date} 至 {term.end_date} 之间。"]})
    overrides = {name: getattr(params, name) for name in ("rounds_remaining", "teams_per_round",
                                                          "organizations_per_team")
                 if getattr(params, name) is not None}
    report = sel.coverage_report(term=term, as_of=as_of, overrides=overrides, as_read=params.as_of is None)
    c = report.coverage
    charts = report.charts()
    suggested = sel.suggested_rounds(report)
    table = sel.coverage_filter(report, status=params.status or "", sector=params.sector or "",
                                region=params.region or "", q=params.q or "")
    page = paginate(table, params)
    return {
        "term": _ref(term), "as_of": c.as_of, **report.counts, "rate": round(c.rate, 4),
        "capacity": _capacity(report.capacity), "estimated_capacity": _capacity(report.estimated),
        "overridden": report.overridden, "reachable": c.reachable, "shortfall": c.shortfall,
        "verdict": report.verdict, "hints": report.hints,
        "allocation": [{"number": r.number, "within_capacity": r.within_capacity, "count": r.count,
                        "organizations": [o.pk for o in r.organizations]} for r in report.rounds],
        "by_sector": _breakdown(charts["sector"]), "by_region": _breakdown(charts["region"]),
        "by_org_type": _breakdown(charts["org_type"]),
        "progress": [{"date": d, "inspected": n} for d, n in c.progress()],
        "organizations": {**page, "results": [_coverage_org(o, suggested) for o in page["results"]]},
    }


def _coverage_org(org: Organization, suggested: dict[int, int]) -> dict[str, Any]:
    status = org.coverage_status  # type: ignore[attr-defined]  # annotated by coverage.coverage_units
    return {
        "id": org.pk, "name": org.name, "short_name": org.short_name, "sector": org.sector,
        "sector_label": str(org.get_sector_display()), "jurisdiction": _ref(org.jurisdiction),
        "status": status, "status_label": str(sel.STATUS_LABELS[status]),
        "inspected_on": org.inspected_on,  # type: ignore[attr-defined]
        "scheduled_inspection": org.scheduled_code,  # type: ignore[attr-defined]
        "last_inspected": org.last_inspected,  # type: ignore[attr-defined]
        "suggested_round": suggested.get(org.pk),
    }


# --- calendar ---------------------------------------------------------------------------------------------------


class CalendarParams(Schema):
    jurisdiction: Id | None = Field(None, description="只看与该党委（本届党委或其下级）有关的巡察和联动轮次")


class CalendarItemOut(Schema):
    label: str
    kind: str = Field(description="inspection 巡察 / linked_round 下级联动轮次")
    status: str
    status_label: str
    url: str
    planned: list[datetime.date] = Field(description="[计划进驻, 计划撤驻]")
    actual: list[datetime.date] | None = Field(description="[实际进驻, 实际撤驻或今天]")
    ongoing: bool = Field(description="已进驻、尚未撤驻")
    feedback_on: datetime.date | None


class CalendarRoundOut(CalendarItemOut):
    children: list[CalendarItemOut]


class CalendarOut(Schema):
    term: Ref
    rounds: list[CalendarRoundOut]


def _bar(bar: Bar) -> dict[str, Any]:
    return {
        "label": bar.label, "kind": bar.kind, "status": bar.status,
        "status_label": str(InspectionStatus(bar.status).label) if bar.status else "",
        "url": bar.url, "planned": list(bar.planned), "actual": list(bar.actual) if bar.actual else None,
        "ongoing": bar.ongoing, "feedback_on": bar.feedback_on,
    }


@router.get("/terms/{term_id}/calendar", response=CalendarOut, summary="巡察工作日历")
def term_calendar(request: HttpRequest, term_id: Id, params: Query[CalendarParams]) -> dict[str, Any]:
    """The term's rounds with their inspections (planned against actual stationing and withdrawal, and the
    feedback date) and, under each, the linked rounds of lower jurisdictions — what the caller may see."""
    actor = actor_of(request)
    term = sel.term_for_calendar(actor=actor, pk=term_id)
    jurisdiction = None
    if params.jurisdiction is not None:
        jurisdiction = sel.calendar_jurisdictions(actor=actor, term=term).filter(pk=params.jurisdiction).first()
        if jurisdiction is None:
            raise Http404("党委不存在、不在本届范围内或无权查看。")
    bars = term_timeline(actor=actor, term=term, jurisdiction=jurisdiction)
    return {"term": _ref(term),
            "rounds": [{**_bar(b), "children": [_bar(c) for c in b.children]} for b in bars]}


# --- cross assignment -------------------------------------------------------------------------------------------


class LockIn(InputSchema):
    team: Id = Field(description="巡察组编号")
    jurisdiction: Id = Field(description="锁定由它巡察的地区（党委编号）")


class RunIn(InputSchema):
    seed: int = Field(0, ge=0, le=MAX_SEED, description="随机种子：同一条件、同一种子得到同一方案")
    lookback: int | None = Field(None, ge=0, le=20, description="历史配对回看轮数；不填按本级组建规则")
    locks: list[LockIn] = Field(default_factory=list, max_length=500, description="人工锁定的配对")


class LockOut(Schema):
    team: Ref
    jurisdiction: Ref


class RunOut(Schema):
    id: int
    round: Ref
    seed: int
    lookback_rounds: int
    locked_pairs: list[list[int]] = Field(description="[[巡察组编号, 党委编号], …]")
    feasible: bool
    applied: bool
    binding: list[str] = Field(
        description="起作用的约束代码（SELF、MUTUAL、HISTORY、RECUSAL、CAPACITY、LOCKED、COUNT）")
    binding_labels: list[str]
    created_by: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_round(obj: CrossAssignmentRun) -> dict[str, Any]:
        return _ref(obj.round)

    @staticmethod
    def resolve_binding(obj: CrossAssignmentRun) -> list[str]:
        return list((obj.result or {}).get("binding", []))

    @staticmethod
    def resolve_binding_labels(obj: CrossAssignmentRun) -> list[str]:
        return sel.binding_labels(obj)

    @staticmethod
    def resolve_created_by(obj: CrossAssignmentRun) -> str:
        return str(obj.created_by)


class RunDetailOut(RunOut):
    locks: list[LockOut]
    simulation_only: bool = Field(description="本轮交叉巡察已进驻：方案只作模拟推演，不能采用")
    changes: int = Field(description="与现行配对不同的巡察组数")
    summary: str = Field(description="中文文字说明")
    result: dict[str, Any] = Field(alias="result_out", description=(
        "求解结果：pairs（每对的理由、候选筛选、排除的候选）、constraints（各约束的作用）、"
        "infeasibilities（无解原因）、relaxations（放宽建议）、balance、search"))


class ApplyOut(Schema):
    changed: int = Field(description="按方案调整了巡察组的巡察数")
    run: RunOut


class RunFilters(PageParams):
    pass


def _run_detail(actor: Any, run: CrossAssignmentRun) -> CrossAssignmentRun:
    """The run with what its detail adds: lock names, whether it can still be applied, what would change."""
    overview = sel.crossing_overview(actor=actor, round_=run.round)
    view = sel.run_view(run, current=overview.mapping())
    locks = [{"team": {"id": int(t), "name": lock["team"]},
              "jurisdiction": {"id": int(j), "name": lock["jurisdiction"]}}
             for (t, j), lock in zip(run.locked_pairs, view.locks, strict=True)]
    return attach(run, locks=locks, simulation_only=overview.simulation_only, changes=view.changes,
                  summary=view.summary, result_out={k: v for k, v in run.result.items() if k != "summary"})


@router.get("/rounds/{round_id}/cross-assignment/runs", response=paged(RunOut), summary="交叉配对方案列表")
def cross_assignment_run_list(request: HttpRequest, round_id: Id, filters: Query[RunFilters]) -> dict[str, Any]:
    """The runs generated for the round, newest first."""
    rnd = sel.round_for_crossing(actor=actor_of(request), pk=round_id)
    return paginate(sel.run_list(round_=rnd).select_related("round"), filters)


@router.post("/rounds/{round_id}/cross-assignment/runs", response={201: RunDetailOut}, summary="生成交叉配对方案")
def cross_assignment_run_create(request: HttpRequest, round_id: Id, payload: RunIn) -> Status[CrossAssignmentRun]:
    """Generate an assignment of the round's cross-inspection teams to the jurisdictions they inspect: no team
    inspects its own, no two inspect each other, recent pairs are not repeated, recusal holds, locked pairs are
    kept. Always stored (201), with its explanation — also when no assignment exists (``feasible: false``,
    with the reasons and relaxation hints). 400 when the round has no cross inspections or a lock names a team
    or jurisdiction not in it; 403 without MANAGE_PLANNING. Audited as ``cross_assignment.run``."""
    actor = actor_of(request)
    rnd = sel.round_for_crossing(actor=actor, pk=round_id)
    run = cross_assignment_run(actor=actor, round_id=rnd.pk, seed=payload.seed, lookback=payload.lookback,
                               locks=[(lock.team, lock.jurisdiction) for lock in payload.locks])
    return Status(201, _run_detail(actor, sel.run_get(actor=actor, pk=run.pk)))


@router.get("/cross-assignment/runs/{run_id}", response=RunDetailOut, summary="交叉配对方案详情")
def cross_assignment_run_detail(request: HttpRequest, run_id: Id) -> CrossAssignmentRun:
    actor = actor_of(request)
    return _run_detail(actor, sel.run_get(actor=actor, pk=run_id))


@router.post("/cross-assignment/runs/{run_id}/apply", response=ApplyOut, summary="采用交叉配对方案")
def cross_assignment_run_apply(request: HttpRequest, run_id: Id) -> dict[str, Any]:
    """Give each cross inspection of the round the team this run assigns to its jurisdiction. 409 once the
    round's cross inspections are stationed (the run is then a simulation); 400 for a run without a
    solution; 403 without MANAGE_PLANNING. Audited as ``cross_assignment.apply``."""
    actor = actor_of(request)
    run = sel.run_get(actor=actor, pk=run_id)
    try:
        changed = cross_assignment_apply(actor=actor, run_id=run.pk)
    except TransitionNotAllowed as exc:
        # Refused because the round is already stationed: a matter of state (409); the run is a simulation.
        raise TransitionNotAllowed(f"{exc.message}本方案只作模拟推演。") from exc
    run.refresh_from_db()
    return {"changed": changed, "run": run}
