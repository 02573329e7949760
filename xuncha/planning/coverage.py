"""Coverage of a term (届内全覆盖): who has been inspected, who is scheduled, who is left, and whether the
remaining rounds can still reach everyone at the office's capacity."""

from __future__ import annotations

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When

from xuncha.core.clock import business_today
from xuncha.inspections.models import Inspection, InspectionTarget, InspectionType, Round, Term
from xuncha.inspections.workflow import ORDER, InspectionStatus
from xuncha.orgs.models import Organization, OrganizationType, Sector, coverage_units_q

# Full political inspections count toward coverage; special, flexible, extended inspections and revisits
# look at one field or follow up, so they do not (spec §2).
COUNTING_TYPES = frozenset({InspectionType.ROUTINE, InspectionType.CROSS, InspectionType.ESCALATED,
                            InspectionType.LINKED, InspectionType.VILLAGE})
STATIONED_OR_LATER = ORDER[ORDER.index(InspectionStatus.STATIONED):]


@dataclass(frozen=True)
class Capacity:
    """What the office can do in the rest of the term."""

    rounds_remaining: int
    teams_per_round: int
    organizations_per_team: int

    @property
    def organizations(self) -> int:
        return self.rounds_remaining * self.teams_per_round * self.organizations_per_team


STATUSES = ("inspected", "scheduled", "not_planned")
# A suggested round shows this many of its organisations (the table lists them all, page by page).
ALLOCATION_SAMPLE = 12


@dataclass
class Coverage:
    """Coverage of a term as figures computed by the database (issue 8: no organisation is loaded to count it):
    ``counts`` and the breakdowns from one grouped query over ``units`` (the population annotated with its
    ``coverage_status``), the progress from one more. ``units`` is a queryset the table pages through."""

    term: Term
    as_of: datetime.date
    units: Any  # QuerySet[Organization] annotated by ``coverage_units`` (mypy's plugin knows no annotation)
    groups: list[dict[str, Any]]  # one row per (sector, org_type, region, status) with its count ``n``
    days: list[tuple[datetime.date, int]]  # stationing day → organisations first inspected that day
    capacity: Capacity | None = None
    allocation: list[list[int]] = field(default_factory=list)  # organisation ids, one list per remaining round

    @property
    def counts(self) -> dict[str, int]:
        totals = Counter[str]()
        for row in self.groups:
            totals[row["coverage_status"]] += row["n"]
        return {"population": sum(totals.values()), **{s: totals[s] for s in STATUSES}}

    @property
    def rate(self) -> float:
        counts = self.counts
        return counts["inspected"] / counts["population"] if counts["population"] else 1.0

    @property
    def reachable(self) -> bool:
        return self.capacity is None or self.capacity.organizations >= self.counts["not_planned"]

    @property
    def shortfall(self) -> int:
        return 0 if self.capacity is None else max(0, self.counts["not_planned"] - self.capacity.organizations)

    def _by(self, key: str) -> dict[str, Counter[str]]:
        rows: dict[str, Counter[str]] = defaultdict(Counter)
        for row in self.groups:
            rows[row[key]][row["coverage_status"]] += row["n"]
        return rows

    def by_sector(self) -> list[dict[str, object]]:
        """Counts per sector: inspected / scheduled / not planned."""
        rows = self._by("sector")
        return [{"sector": s, "label": str(Sector(s).label), **{k: rows[s][k] for k in STATUSES}}
                for s in sorted(rows)]

    def by_region(self) -> list[dict[str, object]]:
        rows = self._by("jurisdiction__name")
        return [{"region": r, **{k: rows[r][k] for k in STATUSES}} for r in sorted(rows)]

    def by_org_type(self) -> list[dict[str, object]]:
        rows = self._by("org_type")
        order = list(OrganizationType.values)
        return [{"org_type": t, "label": str(OrganizationType(t).label), **{k: rows[t][k] for k in STATUSES}}
                for t in sorted(rows, key=lambda t: order.index(t) if t in order else len(order))]

    def progress(self) -> list[tuple[datetime.date, int]]:
        """Cumulative number of organisations inspected, by stationing date."""
        total, series = 0, []
        for day, n in self.days:
            total += n
            series.append((day, total))
        return series

    # Whole sets, for tests and small reads: they query (and list) the population.
    @property
    def population(self) -> list[Organization]:
        return list(self.units)

    @property
    def inspected(self) -> dict[int, datetime.date]:
        return dict(self.units.filter(coverage_status="inspected").values_list("pk", "inspected_on"))

    @property
    def scheduled(self) -> dict[int, str]:
        return dict(self.units.filter(coverage_status="scheduled").values_list("pk", "scheduled_code"))

    @property
    def not_planned(self) -> list[Organization]:
        return list(self.units.filter(coverage_status="not_planned"))


def population_of(term: Term) -> QuerySet[Organization]:
    """The organisations a term must cover (``coverage_units_q``: subordinate units are covered with the
    organisation they belong to unless marked to be inspected in their own right)."""
    return (Organization.objects.filter(coverage_units_q(), jurisdiction=term.jurisdiction)
            .select_related("jurisdiction").order_by("sector", "path"))


def coverage_units(term: Term, as_of: datetime.date) -> Any:
    """The population annotated with its coverage on ``as_of``: ``inspected_on`` (the first stationing of a
    counting inspection of the term on or before that day), ``coverage_status`` (inspected; else scheduled when a
    counting inspection of the term names it; else not_planned), ``scheduled_code`` and ``last_inspected``
    (the latest stationing of any inspection, any term)."""
    counting = InspectionTarget.objects.filter(organization=OuterRef("pk"), inspection__round__term=term,
                                               inspection__inspection_type__in=COUNTING_TYPES)
    first_stationed = (counting.filter(inspection__status__in=STATIONED_OR_LATER, inspection__stationed_on__lte=as_of)
                       .order_by("inspection__stationed_on").values("inspection__stationed_on")[:1])
    last = (InspectionTarget.objects.filter(organization=OuterRef("pk"), inspection__stationed_on__isnull=False)
            .order_by("-inspection__stationed_on").values("inspection__stationed_on")[:1])
    return (
        population_of(term)
        .annotate(inspected_on=Subquery(first_stationed), planned=Exists(counting))
        .annotate(coverage_status=Case(When(inspected_on__isnull=False, then=Value("inspected")),
                                       When(planned=True, then=Value("scheduled")), default=Value("not_planned")),
                  scheduled_code=Case(When(inspected_on__isnull=True, then=Subquery(
                      counting.order_by("pk").values("inspection__code")[:1]))),
                  last_inspected=Subquery(last))
    )


def estimate_capacity(term: Term, as_of: datetime.date) -> Capacity:
    """Capacity from the term's own history: its cadence of rounds and the size of its teams' work."""
    # The office's own teams: county teams lent to a cross inspection do not cover this jurisdiction.
    rounds = list(Round.objects.filter(term=term).order_by("planned_start")
                  .annotate(team_count=Count("teams", filter=Q(teams__home_jurisdiction=term.jurisdiction_id),
                                             distinct=True)))
    if len(rounds) >= 2:
        span = (rounds[-1].planned_start - rounds[0].planned_start).days
        interval = max(60, span // (len(rounds) - 1))
    else:
        interval = 182  # two rounds a year until the term has a history
    last_start = rounds[-1].planned_start if rounds else as_of
    remaining = max(0, (term.end_date - max(as_of, last_start)).days // interval)
    staffed = [r.team_count for r in rounds if r.team_count]
    teams = round(sum(staffed) / len(staffed)) if staffed else 5
    per_team = (
        InspectionTarget.objects.filter(inspection__round__term=term, inspection__inspection_type__in=COUNTING_TYPES)
        .count()
    )
    inspections = Inspection.objects.filter(round__term=term, inspection_type__in=COUNTING_TYPES).count()
    per = max(1, math.ceil(per_team / inspections)) if inspections else 2
    return Capacity(rounds_remaining=remaining, teams_per_round=max(1, teams), organizations_per_team=per)


def coverage_groups(units: Any) -> list[dict[str, Any]]:
    """One grouped query: the number of organisations per sector, type, region and coverage status."""
    return list(units.order_by().values("sector", "org_type", "jurisdiction__name", "coverage_status")
                .annotate(n=Count("pk")))


def term_coverage(term: Term, *, as_of: datetime.date | None = None, capacity: Capacity | None = None,
                  allocate: bool = True) -> Coverage:
    """Coverage of ``term`` as of a day, with a suggested spread of the rest over the remaining rounds
    (``allocate=False``: the figures only, as a home page shows them)."""
    as_of = as_of or business_today()
    units = coverage_units(term, as_of)
    days = list(units.filter(inspected_on__isnull=False).order_by().values("inspected_on")
                .annotate(n=Count("pk")).order_by("inspected_on").values_list("inspected_on", "n"))
    coverage = Coverage(term=term, as_of=as_of, units=units, groups=coverage_groups(units), days=days)
    if allocate:
        coverage.capacity = capacity or estimate_capacity(term, as_of)
        coverage.allocation = suggest_allocation(units, coverage.capacity)
    return coverage


def suggest_allocation(units: Any, capacity: Capacity) -> list[list[int]]:
    """Spread the organisations not yet planned over the remaining rounds, the longest uninspected (or never
    inspected) first; organisations beyond capacity form extra rounds, which is how a shortfall shows. Ids only,
    in the database's order: a round's organisations are read (of one sector together, so that teams can share
    a checklist) when shown."""
    ordered = list(units.filter(coverage_status="not_planned")
                   .order_by(F("last_inspected").asc(nulls_first=True), "sector", "path").values_list("pk", flat=True))
    per_round = max(1, capacity.teams_per_round * capacity.organizations_per_team)
    return [ordered[i:i + per_round] for i in range(0, len(ordered), per_round)]
