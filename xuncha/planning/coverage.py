"""Coverage of a term (届内全覆盖): who has been inspected, who is scheduled, who is left, and whether the
remaining rounds can still reach everyone at the office's capacity."""

from __future__ import annotations

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from xuncha.core.clock import business_today
from xuncha.inspections.models import Inspection, InspectionTarget, InspectionType, Round, Term
from xuncha.inspections.workflow import ORDER, InspectionStatus
from xuncha.orgs.models import Organization, Sector, coverage_units_q

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


@dataclass
class Coverage:
    term: Term
    as_of: datetime.date
    population: list[Organization]
    inspected: dict[int, datetime.date] = field(default_factory=dict)   # org id → stationed date
    scheduled: dict[int, str] = field(default_factory=dict)             # org id → inspection code
    capacity: Capacity | None = None
    allocation: list[list[Organization]] = field(default_factory=list)  # one list per remaining round
    last_inspected: dict[int, datetime.date] = field(default_factory=dict)  # org id → last stationed, any term

    @property
    def not_planned(self) -> list[Organization]:
        return [o for o in self.population if o.pk not in self.inspected and o.pk not in self.scheduled]

    @property
    def rate(self) -> float:
        return len(self.inspected) / len(self.population) if self.population else 1.0

    @property
    def reachable(self) -> bool:
        return self.capacity is None or self.capacity.organizations >= len(self.not_planned)

    @property
    def shortfall(self) -> int:
        return 0 if self.capacity is None else max(0, len(self.not_planned) - self.capacity.organizations)

    def status_of(self, org: Organization) -> str:
        if org.pk in self.inspected:
            return "inspected"
        return "scheduled" if org.pk in self.scheduled else "not_planned"

    def by_sector(self) -> list[dict[str, object]]:
        """Counts per sector: inspected / scheduled / not planned."""
        rows: dict[str, Counter[str]] = defaultdict(Counter)
        for org in self.population:
            rows[org.sector][self.status_of(org)] += 1
        return [{"sector": s, "label": str(Sector(s).label), **{k: rows[s][k] for k in
                 ("inspected", "scheduled", "not_planned")}} for s in sorted(rows)]

    def by_region(self) -> list[dict[str, object]]:
        rows: dict[str, Counter[str]] = defaultdict(Counter)
        for org in self.population:
            rows[org.jurisdiction.name][self.status_of(org)] += 1
        return [{"region": r, **{k: rows[r][k] for k in ("inspected", "scheduled", "not_planned")}}
                for r in sorted(rows)]

    def progress(self) -> list[tuple[datetime.date, int]]:
        """Cumulative number of organisations inspected, by stationing date."""
        counts = Counter(self.inspected.values())
        total, series = 0, []
        for day in sorted(counts):
            total += counts[day]
            series.append((day, total))
        return series


def population_of(term: Term) -> list[Organization]:
    """The organisations a term must cover (``coverage_units_q``: subordinate units are covered with the
    organisation they belong to unless marked to be inspected in their own right)."""
    return list(
        Organization.objects.filter(coverage_units_q(), jurisdiction=term.jurisdiction)
        .select_related("jurisdiction")
        .order_by("sector", "path")
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


def term_coverage(term: Term, *, as_of: datetime.date | None = None, capacity: Capacity | None = None) -> Coverage:
    """Coverage of ``term`` as of a day, with a suggested spread of the rest over the remaining rounds."""
    as_of = as_of or business_today()
    population = population_of(term)
    ids = [o.pk for o in population]
    coverage = Coverage(term=term, as_of=as_of, population=population)
    targets = (InspectionTarget.objects.filter(organization_id__in=ids, inspection__round__term=term,
                                               inspection__inspection_type__in=COUNTING_TYPES)
               .values_list("organization_id", "inspection__status", "inspection__stationed_on", "inspection__code"))
    for org_id, status, stationed_on, code in targets:
        if status in STATIONED_OR_LATER and stationed_on and stationed_on <= as_of:
            coverage.inspected[org_id] = min(stationed_on, coverage.inspected.get(org_id, stationed_on))
        else:
            coverage.scheduled.setdefault(org_id, code)
    for org_id in coverage.inspected:
        coverage.scheduled.pop(org_id, None)
    coverage.capacity = capacity or estimate_capacity(term, as_of)
    coverage.last_inspected = _last_inspected(ids)
    coverage.allocation = suggest_allocation(coverage.not_planned, coverage.capacity, coverage.last_inspected)
    return coverage


def _last_inspected(ids: list[int]) -> dict[int, datetime.date]:
    rows = (InspectionTarget.objects.filter(organization_id__in=ids, inspection__stationed_on__isnull=False)
            .values("organization_id").annotate(last=Max("inspection__stationed_on")))
    return {r["organization_id"]: r["last"] for r in rows}


def suggest_allocation(remaining: list[Organization], capacity: Capacity,
                       last_inspected: dict[int, datetime.date]) -> list[list[Organization]]:
    """Spread the organisations not yet planned over the remaining rounds, the longest uninspected (or never
    inspected) first; within a round, organisations of one sector sit together so that teams can share a
    checklist. Organisations beyond capacity form extra rounds, which is how a shortfall shows."""
    if not remaining:
        return []
    never = datetime.date.min
    ordered = sorted(remaining, key=lambda o: (last_inspected.get(o.pk, never), o.sector, o.path))
    per_round = max(1, capacity.teams_per_round * capacity.organizations_per_team)
    rounds = [ordered[i:i + per_round] for i in range(0, len(ordered), per_round)]
    for r in rounds:
        r.sort(key=lambda o: (o.sector, o.path))
    return rounds
