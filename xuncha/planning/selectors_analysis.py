"""Reads behind the analysis pages and API: coverage over a term (届内全覆盖), the term calendar and the
cross-inspection assignment (异地交叉配对) of a round.

Objects are loaded through ``visible_to(actor)`` (out of scope → 404); the jurisdiction-wide analyses then
need VIEW_PLANNING over the object's own jurisdiction (a team member sees their round, not the office's
plan for every organisation → 403)."""

from __future__ import annotations

import dataclasses
import datetime
import math
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.clock import business_today
from xuncha.core.scoping import access
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, Term
from xuncha.inspections.workflow import STATUS_COLORS, InspectionStatus
from xuncha.orgs.models import Jurisdiction, Organization, Sector
from xuncha.planning import assignment as solver
from xuncha.planning.calendar import Bar
from xuncha.planning.coverage import (
    ALLOCATION_SAMPLE,
    COUNTING_TYPES,
    Capacity,
    Coverage,
    estimate_capacity,
    term_coverage,
)
from xuncha.planning.models import CrossAssignmentRun
from xuncha.rules.models import PlanningPolicy

# Inspections in these states can still be given another team (crossing.cross_assignment_apply).
REASSIGNABLE = frozenset({InspectionStatus.PLANNED, InspectionStatus.PREPARING})

STATUS_LABELS = {"inspected": gettext_lazy("已巡察"), "scheduled": gettext_lazy("已列入计划"),
                 "not_planned": gettext_lazy("尚未安排")}
STATUS_ORDER = ("inspected", "scheduled", "not_planned")
# Chart colours per coverage status (the legend and the ECharts series use the same ones).
STATUS_CHART_COLORS = {"inspected": "#16a34a", "scheduled": "#f59e0b", "not_planned": "#cbd5e1"}

INFEASIBILITY_KINDS = {
    "count": gettext_lazy("巡察组数量不足"),
    "lock": gettext_lazy("人工锁定相互冲突或违反规则"),
    "hall": gettext_lazy("可选巡察组不足"),
    "mutual": gettext_lazy("无法避免互相交叉"),
}


# ---- Access -------------------------------------------------------------------------------------------------------


def capabilities_over(actor: User, jurisdiction: Jurisdiction) -> frozenset[Cap]:
    """What the actor may do over a jurisdiction as a whole (its plan, its population)."""
    return scope_of(actor).capabilities_at(jurisdiction_path=jurisdiction.path)


def _require(actor: User, jurisdiction: Jurisdiction, capability: Cap, message: str) -> None:
    if capability not in capabilities_over(actor, jurisdiction):
        raise PermissionDenied(message)


def term_for_coverage(*, actor: User, pk: Any) -> Term:
    """A visible term whose coverage the actor may read (VIEW_PLANNING over its jurisdiction)."""
    term = access(Term, actor, pk, queryset=Term.objects.select_related("jurisdiction"))
    _require(actor, term.jurisdiction, Cap.VIEW_PLANNING, _("只有本级巡察办、领导小组等可以查看全届覆盖情况。"))
    return term


def term_for_calendar(*, actor: User, pk: Any) -> Term:
    """A visible term; the calendar itself only shows what the actor may see."""
    return access(Term, actor, pk, queryset=Term.objects.select_related("jurisdiction"))


def round_for_crossing(*, actor: User, pk: Any) -> Round:
    """A visible round whose cross assignment the actor may read (VIEW_PLANNING over its jurisdiction)."""
    rnd = access(Round, actor, pk, queryset=Round.objects.select_related("term__jurisdiction", "jurisdiction"))
    _require(actor, rnd.jurisdiction, Cap.VIEW_PLANNING, _("只有本级巡察办、领导小组等可以查看交叉配对。"))
    return rnd


def can_manage_crossing(actor: User, rnd: Round) -> bool:
    return Cap.MANAGE_PLANNING in capabilities_over(actor, rnd.jurisdiction)


def run_get(*, actor: User, pk: Any) -> CrossAssignmentRun:
    """A run of a round the actor may see (404 otherwise) and read (403 otherwise)."""
    run = access(CrossAssignmentRun, actor, pk, queryset=CrossAssignmentRun.objects.select_related(
        "round__term__jurisdiction", "round__jurisdiction", "created_by"))
    _require(actor, run.round.jurisdiction, Cap.VIEW_PLANNING, _("只有本级巡察办、领导小组等可以查看交叉配对。"))
    return run


def run_list(*, round_: Round) -> models.QuerySet[CrossAssignmentRun]:
    """Runs of a round (the round has been access-checked), newest first."""
    return CrossAssignmentRun.objects.filter(round=round_).select_related("created_by").order_by("-created_at", "-pk")


def run_conditions(*, round_: Round, run_id: Any) -> dict[str, Any] | None:
    """The seed, look-back and locks of an earlier run of the round, to start a new one from (None when the
    id names no run of this round)."""
    try:
        run = round_.assignment_runs.get(pk=int(run_id))
    except (TypeError, ValueError, CrossAssignmentRun.DoesNotExist):
        return None
    initial: dict[str, Any] = {"seed": run.seed, "lookback": run.lookback_rounds}
    for team_id, jurisdiction_id in run.locked_pairs:
        initial[f"lock_{team_id}"] = jurisdiction_id
    return initial


def binding_labels(run: CrossAssignmentRun) -> list[str]:
    """Labels of the rules that shaped the run (or made it impossible)."""
    return [_label(code) for code in (run.result or {}).get("binding", [])]


# ---- Coverage -----------------------------------------------------------------------------------------------------


def default_as_of(term: Term, today: datetime.date | None = None) -> tuple[datetime.date, str]:
    """The day coverage is measured on, and why that day: today during the term; for a term whose time is
    over, the end of its last recorded round (records of a past term stop there), never after the term's end."""
    today = today or business_today()
    if today < term.start_date:
        return term.start_date, _("本届尚未开始，按任期开始日统计")
    if today <= term.end_date:
        return today, _("今天")
    last_end = Round.objects.filter(term=term).aggregate(last=Max("planned_end"))["last"]
    if last_end and last_end < term.end_date:
        return last_end, _("本届任期已过，按最后一轮的计划撤驻日统计")
    return term.end_date, _("本届任期已过，按届满日统计")


@dataclass(frozen=True)
class SuggestedRound:
    number: int  # the round number it would be
    ids: list[int]  # every organisation of it
    organizations: list[Organization]  # the first ALLOCATION_SAMPLE of them (one sector together), to show
    within_capacity: bool  # False: beyond what the remaining rounds can take (the shortfall)

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def more(self) -> int:
        return len(self.ids) - len(self.organizations)


@dataclass
class CoverageReport:
    """Coverage of a term with its projection, in the terms the office uses."""

    term: Term
    coverage: Coverage
    estimated: Capacity  # from the term's history
    overridden: bool  # the capacity was set by hand
    next_round_number: int
    rounds: list[SuggestedRound]
    verdict: str
    verdict_ok: bool
    hints: list[str] = field(default_factory=list)

    @property
    def capacity(self) -> Capacity:
        return self.coverage.capacity or self.estimated

    @property
    def shown_rounds(self) -> list[SuggestedRound]:
        """The suggested rounds the page shows: those within capacity and the first beyond it."""
        return self.rounds[:self.capacity.rounds_remaining + 1]

    @property
    def hidden_rounds(self) -> dict[str, int]:
        """The further rounds beyond capacity, summed up: how many, and how many organisations they hold."""
        rest = self.rounds[self.capacity.rounds_remaining + 1:]
        return {"rounds": len(rest), "organizations": sum(r.count for r in rest)}

    @property
    def counts(self) -> dict[str, int]:
        return self.coverage.counts

    @property
    def rate_percent(self) -> float:
        return round(100 * self.coverage.rate, 1)

    @property
    def planned_percent(self) -> float:
        """Inspected or scheduled, percent of the population."""
        counts = self.counts
        return round(100 * (counts["inspected"] + counts["scheduled"]) / counts["population"], 1) \
            if counts["population"] else 100.0

    ended: bool = False  # the term is over on the business date, and the report is read as it stands

    @property
    def term_over(self) -> bool:
        return self.ended or self.coverage.as_of >= self.term.end_date

    def charts(self) -> dict[str, Any]:
        """Data of the pictures (read by coverage.js through json_script)."""
        return {
            "labels": {k: str(v) for k, v in STATUS_LABELS.items()},
            "names": {"actual": _("累计已巡察"), "target": _("匀速至届满全覆盖"), "projection": _("按测算能力预计"),
                      "as_of": _("统计日")},
            "colors": STATUS_CHART_COLORS,
            "sector": _stack(self.coverage.by_sector(), "label"),
            "region": _stack(self.coverage.by_region(), "region"),
            "org_type": _stack(self.coverage.by_org_type(), "label"),
            "progress": self.progress(),
        }

    def progress(self) -> dict[str, Any]:
        """Cumulative inspected against the straight line to full coverage at the term's end, and the
        projection at the capacity in use (scheduled first, then the remaining rounds evenly spread)."""
        c, term = self.coverage, self.term
        counts = self.counts
        population = counts["population"]
        actual = [[term.start_date.isoformat(), 0]] + [[d.isoformat(), n] for d, n in c.progress()]
        done = counts["inspected"]
        projection: list[list[Any]] = []
        if not self.term_over and (counts["scheduled"] or counts["not_planned"]):
            projection.append([c.as_of.isoformat(), done])
            rounds = self.capacity.rounds_remaining
            per_round = self.capacity.teams_per_round * self.capacity.organizations_per_team
            left, total = counts["not_planned"], done + counts["scheduled"]
            span = (term.end_date - c.as_of).days
            steps = max(rounds, 1 if counts["scheduled"] else 0)
            for i in range(1, steps + 1):
                day = c.as_of + datetime.timedelta(days=span * i // (steps + 1))
                take = min(left, per_round) if i <= rounds else 0
                left -= take
                total += take
                projection.append([day.isoformat(), total])
        return {
            "actual": actual,
            "target": [[term.start_date.isoformat(), 0], [term.end_date.isoformat(), population]],
            "projection": projection,
            "as_of": c.as_of.isoformat(),
            "start": term.start_date.isoformat(),
            "end": term.end_date.isoformat(),
            "population": population,
        }


def _stack(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Series of a stacked bar, and the same figures row by row (for the table under the chart)."""
    return {
        "categories": [str(r[key]) for r in rows],
        **{s: [r[s] for r in rows] for s in STATUS_ORDER},
        "rows": [{"label": str(r[key]), **{s: r[s] for s in STATUS_ORDER}} for r in rows],
    }


def term_ended(term: Term) -> bool:
    """Whether the term's time is over on the business date."""
    return business_today() > term.end_date


def coverage_report(*, term: Term, as_of: datetime.date, overrides: dict[str, int] | None = None,
                    as_read: bool = False) -> CoverageReport:
    """Coverage of ``term`` on ``as_of``, projected at the capacity estimated from history, with any of its
    three figures (rounds_remaining, teams_per_round, organizations_per_team) replaced by ``overrides``.
    ``as_read``: ``as_of`` is the default day (``default_as_of``), not one chosen to look back."""
    estimated = estimate_capacity(term, as_of)
    ended = as_read and term_ended(term)
    if ended:
        # A past term read as it stands has no rounds left, though its figures stop at its last round's end
        # (an as-of day chosen by hand is a look back, projected from that day).
        estimated = dataclasses.replace(estimated, rounds_remaining=0)
    capacity = dataclasses.replace(estimated, **overrides) if overrides else None
    coverage = term_coverage(term, as_of=as_of, capacity=capacity or estimated)
    used = coverage.capacity or estimated
    last_number = Round.objects.filter(term=term).aggregate(n=Max("number"))["n"] or 0
    # The rounds within capacity and the first beyond it are shown with a sample of their organisations; the
    # further ones (as many as the shortfall makes) only by their numbers.
    samples = _allocation_samples(coverage, shown=used.rounds_remaining + 1)
    rounds = [SuggestedRound(last_number + i + 1, ids, sample, i < used.rounds_remaining)
              for i, (ids, sample) in enumerate(zip(coverage.allocation, samples, strict=True))]
    report = CoverageReport(term=term, coverage=coverage, estimated=estimated, overridden=capacity is not None,
                            next_round_number=last_number + 1, rounds=rounds, verdict="", verdict_ok=True,
                            ended=ended)
    report.verdict, report.verdict_ok, report.hints = _verdict(report)
    return report


def _allocation_samples(coverage: Coverage, *, shown: int) -> list[list[Organization]]:
    """The organisations each of the first ``shown`` suggested rounds shows (the first ``ALLOCATION_SAMPLE`` of
    it by sector and tree order): one query for all of them."""
    wanted: dict[int, int] = {}
    samples: list[list[Organization]] = [[] for _ in coverage.allocation]
    for i, ids in enumerate(coverage.allocation[:shown]):
        for pk in ids:
            wanted[pk] = i
    if not wanted:
        return samples
    ranked = (coverage.units.filter(pk__in=list(wanted)).order_by("sector", "path"))
    for org in ranked:
        round_orgs = samples[wanted[org.pk]]
        if len(round_orgs) < ALLOCATION_SAMPLE:
            round_orgs.append(org)
    return samples


def _verdict(report: CoverageReport) -> tuple[str, bool, list[str]]:
    """The projection in one plain sentence, and what it would take when it falls short."""
    cap, term = report.capacity, report.term
    counts = report.counts
    left, scheduled = counts["not_planned"], counts["scheduled"]
    end = term.end_date.isoformat()
    if left == 0 and scheduled == 0:
        return (_("本届应巡察的 %(n)d 个党组织已全部巡察，实现全覆盖。") % {"n": counts["population"]}, True, [])
    if left == 0:
        return (_("尚未巡察的 %(n)d 个党组织均已列入巡察计划，按计划完成即可在届满（%(end)s）前实现全覆盖。")
                % {"n": scheduled, "end": end}, True, [])
    if report.term_over or cap.rounds_remaining == 0:
        reason = _("本届已届满") if report.term_over else _("届满（%(end)s）前已没有剩余轮次") % {"end": end}
        return (_("%(reason)s，仍有 %(n)d 个党组织未列入巡察计划，不能实现全覆盖。") % {"reason": reason, "n": left},
                False, [] if report.term_over else _hints(left, cap))
    params = {"r": cap.rounds_remaining, "t": cap.teams_per_round, "k": cap.organizations_per_team,
              "c": cap.organizations, "n": left, "end": end}
    if cap.organizations >= left:
        params["spare"] = cap.organizations - left
        return (_("可以实现全覆盖：按剩余 %(r)d 轮、每轮 %(t)d 个巡察组、每组 %(k)d 个党组织测算，"
                  "还能安排 %(c)d 个党组织，尚未安排的 %(n)d 个可在届满（%(end)s）前全部巡察，"
                  "尚余 %(spare)d 个的能力。") % params, True, [])
    params["s"] = left - cap.organizations
    return (_("不能实现全覆盖：按剩余 %(r)d 轮、每轮 %(t)d 个巡察组、每组 %(k)d 个党组织测算，"
              "只能再安排 %(c)d 个党组织，尚未安排的 %(n)d 个中有 %(s)d 个到届满（%(end)s）时"
              "仍巡察不到。") % params, False, _hints(left, cap))


def _hints(left: int, cap: Capacity) -> list[str]:
    """Each lever alone, the others kept: what it would take to cover the rest."""
    hints = []
    per_round = cap.teams_per_round * cap.organizations_per_team
    rounds = math.ceil(left / per_round) if per_round else 0
    if rounds > cap.rounds_remaining:
        hints.append(_("把剩余轮次增加到 %(n)d 轮（每轮规模不变）；") % {"n": rounds})
    if cap.rounds_remaining:
        teams = math.ceil(left / (cap.rounds_remaining * cap.organizations_per_team))
        hints.append(_("或每轮派出 %(n)d 个巡察组；") % {"n": teams})
        per_team = math.ceil(left / (cap.rounds_remaining * cap.teams_per_round))
        hints.append(_("或每个巡察组巡察 %(n)d 个党组织（“一托N”）。") % {"n": per_team})
    return hints


@dataclass(frozen=True)
class OrganizationRow:
    organization: Organization
    status: str
    status_label: str
    inspected_on: datetime.date | None
    last_inspected: datetime.date | None
    inspection: Inspection | None  # the visible inspection that covered or schedules it in this term
    suggested_round: int | None
    can_open: bool


def coverage_filter(report: CoverageReport, *, status: str = "", sector: str = "", region: str = "",
                    q: str = "") -> Any:
    """The population, filtered by the database (the table pages through it)."""
    qs: Any = report.coverage.units
    q = q.strip()
    if status:
        qs = qs.filter(coverage_status=status)
    if sector:
        qs = qs.filter(sector=sector)
    if region:
        qs = qs.filter(jurisdiction__name=region)
    if q:
        qs = qs.filter(models.Q(name__contains=q) | models.Q(short_name__contains=q))
    return qs


def suggested_rounds(report: CoverageReport) -> dict[int, int]:
    """Organisation id → the suggested round it falls in (ids only)."""
    return {pk: r.number for r in report.rounds for pk in r.ids}


def coverage_rows(*, actor: User, report: CoverageReport, organizations: list[Organization]) -> list[OrganizationRow]:
    """Rows of one page of the organisation table (annotated by ``coverage_units``): two queries whatever the
    page size."""
    ids = [o.pk for o in organizations]
    inspections: dict[int, Inspection] = {}
    visible = Inspection.objects.visible_to(actor).values("pk")
    targets = (InspectionTarget.objects.filter(organization_id__in=ids, inspection__round__term=report.term,
                                               inspection__inspection_type__in=COUNTING_TYPES,
                                               inspection__in=visible)
               .select_related("inspection").order_by("inspection__planned_entry", "inspection__code"))
    for t in targets:
        # The inspection that counts: the first stationed one, else the first scheduled.
        current = inspections.get(t.organization_id)
        if current is None or (current.stationed_on is None and t.inspection.stationed_on is not None):
            inspections[t.organization_id] = t.inspection
    openable = set(Organization.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
    suggested = suggested_rounds(report)
    rows = []
    for org in organizations:
        status = org.coverage_status  # type: ignore[attr-defined]
        rows.append(OrganizationRow(
            organization=org, status=status, status_label=str(STATUS_LABELS[status]),
            inspected_on=org.inspected_on,  # type: ignore[attr-defined]
            last_inspected=org.last_inspected,  # type: ignore[attr-defined]
            inspection=inspections.get(org.pk), suggested_round=suggested.get(org.pk),
            can_open=org.pk in openable,
        ))
    return rows


def sector_choices(report: CoverageReport) -> list[tuple[str, str]]:
    present = {row["sector"] for row in report.coverage.groups}
    return [(value, str(label)) for value, label in Sector.choices if value in present]


def region_choices(report: CoverageReport) -> list[tuple[str, str]]:
    names = sorted({row["jurisdiction__name"] for row in report.coverage.groups})
    return [(n, n) for n in names]


# ---- Calendar -----------------------------------------------------------------------------------------------------


def calendar_jurisdictions(*, actor: User, term: Term) -> models.QuerySet[Jurisdiction]:
    """The jurisdictions of the term's subtree the actor may see (the calendar's filter)."""
    return (Jurisdiction.objects.visible_to(actor).filter(path__startswith=term.jurisdiction.path)
            .order_by("path"))


@dataclass(frozen=True)
class Span:
    """A horizontal position on the timeline, in percent of its width."""

    x: float
    width: float
    clipped_left: bool = False
    clipped_right: bool = False


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    major: bool


@dataclass
class TimelineRow:
    bar: Bar
    depth: int  # 0: round; 1: inspection or linked round
    planned: Span | None
    actual: Span | None
    overrun: Span | None  # still stationed past the planned withdrawal: from that day until today
    feedback: float | None  # x of the feedback marker
    status_label: str
    color: str
    children: list[TimelineRow] = field(default_factory=list)


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    ticks: list[Tick]
    today: float | None
    rows: list[TimelineRow]

    def all_rows(self) -> list[TimelineRow]:
        out = []
        for row in self.rows:
            out.append(row)
            out.extend(row.children)
        return out


def _overlaps(span: tuple[datetime.date, datetime.date], start: datetime.date, end: datetime.date) -> bool:
    return span[0] <= end and start <= span[1]


def timeline_layout(bars: list[Bar], *, start: datetime.date, end: datetime.date, today: datetime.date,
                    drop_empty: bool = False) -> Timeline:
    """Place the bars between ``start`` and ``end`` (rounds outside the window are left out, and with
    ``drop_empty`` the rounds left without inspections or linked rounds, e.g. under a jurisdiction filter)."""
    days = max(1, (end - start).days)

    def x_of(day: datetime.date) -> float:
        return round(100 * (day - start).days / days, 3)

    def span(pair: tuple[datetime.date, datetime.date] | None) -> Span | None:
        if pair is None or not _overlaps(pair, start, end):
            return None
        a, b = max(pair[0], start), min(pair[1], end)
        x = x_of(a)
        # At least a sliver, so that a one-day event stays visible.
        return Span(x, max(0.35, round(x_of(b) - x, 3)), pair[0] < start, pair[1] > end)

    def row(bar: Bar, depth: int) -> TimelineRow:
        feedback = x_of(bar.feedback_on) if bar.feedback_on and start <= bar.feedback_on <= end else None
        if bar.status:
            status = InspectionStatus(bar.status)
            label, color = str(status.label), STATUS_COLORS[status]
        else:
            label, color = "", "secondary"
        actual, overrun = bar.actual, None
        if bar.ongoing and bar.actual and bar.actual[1] > bar.planned[1]:
            cut = max(bar.actual[0], bar.planned[1])
            actual, overrun = (bar.actual[0], cut), (cut, bar.actual[1])
        return TimelineRow(bar, depth, span(bar.planned), span(actual), span(overrun), feedback, label, color)

    rows = []
    for bar in bars:
        spans = [bar.planned] + ([bar.actual] if bar.actual else []) + [c.planned for c in bar.children]
        if not any(_overlaps(s, start, end) for s in spans) or (drop_empty and not bar.children):
            continue
        top = row(bar, 0)
        top.children = [row(child, 1) for child in bar.children]
        rows.append(top)
    return Timeline(start, end, _ticks(start, end), x_of(today) if start <= today <= end else None, rows)


def _ticks(start: datetime.date, end: datetime.date) -> list[Tick]:
    """Month ticks for a window up to about two years, quarter ticks beyond; years are major."""
    days = max(1, (end - start).days)
    step = 1 if days <= 800 else 3
    ticks = []
    year, month = start.year, start.month
    while True:
        day = datetime.date(year, month, 1)
        if day > end:
            break
        if day >= start and (month - 1) % step == 0:
            major = month == 1
            label = f"{year}" if major else f"{month}月"
            ticks.append(Tick(round(100 * (day - start).days / days, 3), label, major))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks


def calendar_window(term: Term, bars: list[Bar], year: int | None) -> tuple[datetime.date, datetime.date]:
    """The whole term (stretched to planned dates and feedback falling outside it), or one year of it."""
    if year:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start, end = term.start_date, term.end_date
    for bar in bars:
        for b in [bar, *bar.children]:
            start, end = min(start, b.planned[0]), max(end, b.planned[1])
            if b.actual and not b.ongoing:
                end = max(end, b.actual[1])
            if b.feedback_on:
                end = max(end, b.feedback_on)
    return start, end


def calendar_years(term: Term) -> list[int]:
    return list(range(term.start_date.year, term.end_date.year + 1))


# ---- Cross assignment -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentPair:
    inspection: Inspection
    team: Team | None
    jurisdiction: Jurisdiction | None  # where the targets are (None: spread over several)
    organizations: list[Organization]


@dataclass
class CrossingOverview:
    round: Round
    pairs: list[CurrentPair]
    teams: list[Team]
    jurisdictions: list[Jurisdiction]  # inspected in this round
    started: list[Inspection]  # stationed or later: the pairs can no longer change
    lookback_default: int

    @property
    def simulation_only(self) -> bool:
        return bool(self.started)

    def mapping(self) -> dict[int, int]:
        """Team id → jurisdiction id as the inspections stand."""
        return {p.team.pk: p.jurisdiction.pk for p in self.pairs if p.team and p.jurisdiction}


def crossing_overview(*, actor: User, round_: Round) -> CrossingOverview:
    """The round's cross inspections as they stand, the teams and jurisdictions to pair."""
    inspections = list(
        Inspection.objects.filter(pk__in=Inspection.objects.visible_to(actor).values("pk"), round=round_,
                                  is_cross=True)
        .select_related("team__home_jurisdiction")
        .prefetch_related(Prefetch("targets", queryset=InspectionTarget.objects.select_related(
            "organization__jurisdiction").order_by("organization__path")))
        .order_by("code")
    )
    pairs, teams, places = [], {}, {}
    for insp in inspections:
        orgs = [t.organization for t in insp.targets.all()]
        where = {o.jurisdiction_id: o.jurisdiction for o in orgs}
        for j in where.values():
            places[j.pk] = j
        if insp.team is not None:
            teams[insp.team.pk] = insp.team
        pairs.append(CurrentPair(insp, insp.team, next(iter(where.values())) if len(where) == 1 else None, orgs))
    # In the teams' order (as in the lock list), whichever inspection each now has.
    pairs.sort(key=lambda p: (p.team is None, p.team.number if p.team else 0, p.inspection.code))
    return CrossingOverview(
        round=round_, pairs=pairs,
        teams=sorted(teams.values(), key=lambda t: t.number),
        jurisdictions=sorted(places.values(), key=lambda j: (j.division_code, j.pk)),
        started=[i for i in inspections if i.status not in REASSIGNABLE],
        lookback_default=PlanningPolicy.effective_for(round_.jurisdiction).cross_lookback_rounds,
    )


@dataclass
class RunView:
    """A stored run laid out for reading: names for ids, labels for codes, what would change."""

    run: CrossAssignmentRun
    pairs: list[dict[str, Any]]
    constraints: list[dict[str, Any]]
    infeasibilities: list[dict[str, Any]]
    relaxations: list[dict[str, Any]]
    locks: list[dict[str, Any]]
    balance: dict[str, Any] | None
    search: dict[str, Any]
    idle_teams: list[str]
    summary: str
    changes: int  # pairs that differ from the inspections as they stand

    @property
    def workload_note(self) -> str:
        """What the 工作量 column counts (the solver's own weights, so the page cannot drift from them)."""
        defaults = solver.Problem(jurisdictions=(), teams=())  # crossing.build_problem keeps the default weights
        per_unit, per_person = defaults.weight_targets, defaults.weight_staff
        return (f"工作量＝该地区被巡察单位数×{per_unit:g}＋这些单位的人数×{per_person:g}"
                f"（{per_unit / per_person:g} 人折合 1 个单位）；巡察组设了承载能力的，斜线后为其承载能力。")

    @property
    def binding_labels(self) -> list[str]:
        return [c["label"] for c in self.constraints if c["binding"]]


def _label(code: str) -> str:
    try:
        return solver.Constraint(code).label
    except ValueError:
        return code


def run_view(run: CrossAssignmentRun, *, current: dict[int, int]) -> RunView:
    """``current``: team id → jurisdiction id of the inspections now (to mark what applying would change)."""
    result = run.result or {}
    team_ids: set[int] = {int(t) for t, _j in run.locked_pairs}
    place_ids: set[int] = {int(j) for _t, j in run.locked_pairs}
    for inf in result.get("infeasibilities", []):
        team_ids.update(int(t) for t in inf.get("teams", []))
        place_ids.update(int(j) for j in inf.get("jurisdictions", []))
    team_ids.update(int(t) for t in result.get("idle_teams", []))
    team_names = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name")) if team_ids else {}
    place_names = dict(Jurisdiction.objects.filter(pk__in=place_ids).values_list("pk", "name")) if place_ids else {}
    for p in result.get("pairs", []):
        team_names.setdefault(p["team_id"], p["team_name"])
        place_names.setdefault(p["jurisdiction_id"], p["jurisdiction_name"])

    pairs = []
    changes = 0
    for p in result.get("pairs", []):
        steps, previous = [], p["total"]
        for step in p.get("funnel", []):
            if step["remaining"] < previous:
                steps.append({"label": _label(step["code"]), "removed": previous - step["remaining"],
                              "remaining": step["remaining"]})
            previous = step["remaining"]
        now = current.get(p["team_id"])
        same = now == p["jurisdiction_id"]
        changes += 0 if same else 1
        pairs.append({
            **p,
            "steps": steps,
            "remaining": previous,
            "removed_groups": [{"label": _label(r["code"]), "count": r["count"], "items": r["items"],
                                "more": r["count"] - len(r["items"])} for r in p.get("removed", []) if r["count"]],
            "forced_by_labels": [_label(c) for c in p.get("forced_by", [])],
            "current_name": place_names.get(now, "") if now else "",
            "same_as_now": same,
        })
    infeasibilities = [{
        **inf,
        "kind_label": str(INFEASIBILITY_KINDS.get(inf["kind"], inf["kind"])),
        "labels": [_label(c) for c in inf.get("codes", [])],
        "jurisdiction_names": [place_names.get(int(j), str(j)) for j in inf.get("jurisdictions", [])],
        "team_names": [team_names.get(int(t), str(t)) for t in inf.get("teams", [])],
    } for inf in result.get("infeasibilities", [])]
    relaxations = [{**r, "labels": [_label(c) for c in r.get("codes", [])]} for r in result.get("relaxations", [])]
    locks = [{"team": team_names.get(int(t), str(t)), "jurisdiction": place_names.get(int(j), str(j))}
             for t, j in run.locked_pairs]
    return RunView(
        run=run, pairs=pairs,
        constraints=[{**c, "label": c.get("label") or _label(c["code"])} for c in result.get("constraints", [])],
        infeasibilities=infeasibilities, relaxations=relaxations, locks=locks,
        balance=result.get("balance"), search=result.get("search", {}),
        idle_teams=[team_names.get(int(t), str(t)) for t in result.get("idle_teams", [])],
        summary=result.get("summary", ""), changes=changes,
    )
