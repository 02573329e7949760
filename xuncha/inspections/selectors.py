"""Reads of the spine (terms, rounds, teams, inspections) for pages and the API; every one starts from
``visible_to(actor)`` or loads through the scope kernel's ``access``.

Counts go through ``pk__in`` subqueries of the visible rows, so a scope filter that joins (and is made
``distinct``) can never inflate a figure, and a figure never includes a row the user may not open."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Prefetch, Q

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.api import attach
from xuncha.core.models import StatusChange
from xuncha.core.scoping import access
from xuncha.inspections.access import access_inspection, inspection_capabilities
from xuncha.inspections.models import (
    Inspection,
    InspectionQuerySet,
    InspectionTarget,
    MembershipRole,
    Round,
    Team,
    TeamMembership,
    Term,
)
from xuncha.inspections.services import inspection_available_transitions
from xuncha.inspections.workflow import ORDER, STATUS_COLORS, TRANSITION_DATE_FIELD, TRANSITIONS, InspectionStatus
from xuncha.orgs.models import Organization, Person
from xuncha.orgs.selectors import count_subquery


def _visible_inspections(actor: User) -> InspectionQuerySet:
    """Visible inspections without DISTINCT, safe to aggregate and to combine with other filters."""
    return Inspection.objects.filter(pk__in=Inspection.objects.visible_to(actor).values("pk"))


def _visible_teams(actor: User) -> models.QuerySet[Team]:
    return Team.objects.filter(pk__in=Team.objects.visible_to(actor).values("pk"))


# ---- Status breakdown (a stacked bar) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    color: str
    count: int
    x: float  # left edge, percent of the bar
    width: float  # percent of the bar


@dataclass(frozen=True)
class StatusBreakdown:
    total: int
    segments: list[Segment]

    @property
    def archived(self) -> int:
        return sum(s.count for s in self.segments if s.status == InspectionStatus.ARCHIVED)


def status_breakdown(counts: dict[str, int]) -> StatusBreakdown:
    """Counts per status in lifecycle order, with the geometry of a 100-unit stacked bar."""
    total = sum(counts.values())
    segments: list[Segment] = []
    x = 0.0
    for status in ORDER:
        n = counts.get(status, 0)
        if not n:
            continue
        width = 100.0 * n / total
        segments.append(Segment(status, str(InspectionStatus(status).label), STATUS_COLORS[InspectionStatus(status)],
                                 n, round(x, 3), round(width, 3)))
        x += width
    return StatusBreakdown(total, segments)


def combined_breakdown(breakdowns: list[StatusBreakdown]) -> StatusBreakdown:
    counts: dict[str, int] = {}
    for breakdown in breakdowns:
        for segment in breakdown.segments:
            counts[segment.status] = counts.get(segment.status, 0) + segment.count
    return status_breakdown(counts)


def _status_counts_by(qs: models.QuerySet[Inspection], key: str) -> dict[Any, dict[str, int]]:
    result: dict[Any, dict[str, int]] = {}
    for group, status, n in qs.order_by().values_list(key, "status").annotate(n=Count("pk")):
        result.setdefault(group, {})[status] = n
    return result


# ---- Used by the orgs pages ------------------------------------------------------------------------------------


def inspection_counts_by_jurisdiction(*, actor: User) -> dict[int, int]:
    rows = _visible_inspections(actor).order_by().values("jurisdiction_id").annotate(n=Count("pk"))
    return {r["jurisdiction_id"]: r["n"] for r in rows}


def inspections_of_organization(*, actor: User, organization: Organization) -> models.QuerySet[Inspection]:
    """The inspections of one organisation that the user may see, newest first."""
    return (
        _visible_inspections(actor).filter(targets__organization=organization).with_related()
        .order_by("-planned_entry", "code")
    )


def memberships_of_person(*, actor: User, person: Person) -> models.QuerySet[TeamMembership]:
    """The cadre's places on teams the user may see."""
    return (
        TeamMembership.objects.filter(person=person, team__in=Team.objects.visible_to(actor).values("pk"))
        .select_related("team__round__term", "team__home_jurisdiction")
        .order_by("-team__round__planned_start")
    )


# ---- Terms and rounds ------------------------------------------------------------------------------------------


def term_list(*, actor: User) -> models.QuerySet[Term]:
    visible_rounds = Round.objects.visible_to(actor)
    return (
        Term.objects.filter(pk__in=Term.objects.visible_to(actor).values("pk"))
        .select_related("jurisdiction")
        .annotate(round_count=count_subquery(visible_rounds, "term"),
                  inspection_count=count_subquery(Inspection.objects.visible_to(actor), "round__term"))
        .order_by("jurisdiction__path", "-number")
    )


def term_breakdowns(*, actor: User, term_ids: list[int]) -> dict[int, StatusBreakdown]:
    """Each term's visible inspections by status."""
    counts = _status_counts_by(_visible_inspections(actor).filter(round__term_id__in=term_ids), "round__term_id")
    return {pk: status_breakdown(counts.get(pk, {})) for pk in term_ids}


def term_get(*, actor: User, pk: Any) -> Term:
    return access(Term, actor, pk, queryset=Term.objects.select_related("jurisdiction"))


@dataclass(frozen=True)
class RoundRow:
    round: Round
    team_count: int
    breakdown: StatusBreakdown


def term_rounds(*, actor: User, term: Term) -> list[RoundRow]:
    """The visible rounds of a term in order, each with its teams and inspections by status."""
    rounds = list(
        Round.objects.filter(pk__in=Round.objects.visible_to(actor).values("pk"), term=term)
        .annotate(team_count=count_subquery(Team.objects.visible_to(actor), "round"))
        .order_by("number")
    )
    by_round = _status_counts_by(_visible_inspections(actor).filter(round__term=term), "round_id")
    return [RoundRow(r, r.team_count, status_breakdown(by_round.get(r.pk, {}))) for r in rounds]


def round_get(*, actor: User, pk: Any) -> Round:
    return access(Round, actor, pk, queryset=Round.objects.select_related(
        "term__jurisdiction", "focus_framework", "eight_rules_framework"))


@dataclass(frozen=True)
class RoundStats:
    inspections: int
    teams: int
    organizations: int
    breakdown: StatusBreakdown


def round_stats(*, actor: User, round_: Round) -> RoundStats:
    inspections = _visible_inspections(actor).filter(round=round_)
    organizations = (
        InspectionTarget.objects.filter(inspection__in=inspections.values("pk"))
        .values("organization_id").distinct().count()
    )
    counts = dict(inspections.order_by().values_list("status").annotate(n=Count("pk")))
    breakdown = status_breakdown(counts)
    return RoundStats(breakdown.total, _visible_teams(actor).filter(round=round_).count(), organizations, breakdown)


def round_inspections(*, actor: User, round_: Round) -> models.QuerySet[Inspection]:
    return _visible_inspections(actor).filter(round=round_).with_related().order_by("code")


def _leader_prefetch() -> Prefetch[str, models.QuerySet[TeamMembership], str]:
    return Prefetch(
        "memberships",
        queryset=TeamMembership.objects.filter(role=MembershipRole.LEADER).select_related("person"),
        to_attr="leader_memberships",
    )


def round_teams(*, actor: User, round_: Round) -> models.QuerySet[Team]:
    """The visible teams of a round with leader, member and inspection counts."""
    return (
        _visible_teams(actor).filter(round=round_)
        .select_related("home_jurisdiction")
        .prefetch_related(_leader_prefetch())
        .annotate(member_count=Count("memberships", distinct=True),
                  inspection_count=Count("inspections", distinct=True))
        .order_by("number")
    )


# ---- Teams -----------------------------------------------------------------------------------------------------


def team_get(*, actor: User, pk: Any) -> Team:
    return access(Team, actor, pk,
                  queryset=Team.objects.select_related("round__term__jurisdiction", "home_jurisdiction"))


def team_leader(team: Team) -> TeamMembership | None:
    return team.memberships.filter(role=MembershipRole.LEADER).select_related("person").first()


def team_members(team: Team) -> models.QuerySet[TeamMembership]:
    return team.memberships.select_related("person__organization").order_by("order", "id")


def team_inspections(*, actor: User, team: Team) -> models.QuerySet[Inspection]:
    return _visible_inspections(actor).filter(team=team).with_related().order_by("code")


def visible_person_ids(*, actor: User, ids: list[int]) -> set[int]:
    """Which of these cadres the user may open (to link their names only where the link would work)."""
    return set(Person.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))


# ---- Inspections -----------------------------------------------------------------------------------------------


def inspection_list(*, actor: User) -> models.QuerySet[Inspection]:
    return _visible_inspections(actor).with_related()


@dataclass(frozen=True)
class LifecycleStep:
    status: str
    label: str
    state: str  # "done", "current" or ""
    day: datetime.date | None


def inspection_lifecycle(inspection: Inspection) -> list[LifecycleStep]:
    """The eight states with the current one marked, and the date each dated state was reached: the one stepper
    of every page that shows where an inspection stands (the inspection page, the work pages)."""
    current = ORDER.index(inspection.status)
    # The date field set by the transition *into* each state.
    dates = {TRANSITIONS[name].target: getattr(inspection, f) for name, f in TRANSITION_DATE_FIELD.items()}
    steps = []
    for i, status in enumerate(ORDER):
        # An archived inspection has passed every phase, the last one included.
        done = i < current or (i == current and status == InspectionStatus.ARCHIVED)
        state = "done" if done else "current" if i == current else ""
        steps.append(LifecycleStep(status, str(InspectionStatus(status).label), state, dates.get(status)))
    return steps


@dataclass(frozen=True)
class HistoryRow:
    created_at: datetime.datetime
    transition: str
    old_label: str
    old_color: str
    new_label: str
    new_color: str
    actor: User
    note: str


def _status_label(value: str) -> tuple[str, str]:
    try:
        status = InspectionStatus(value)
    except ValueError:
        return value, "secondary"
    return str(status.label), STATUS_COLORS[status]


def inspection_history(inspection: Inspection) -> list[HistoryRow]:
    rows = []
    for change in StatusChange.for_object(inspection):
        step = TRANSITIONS.get(change.transition)
        old_label, old_color = _status_label(change.old_status)
        new_label, new_color = _status_label(change.new_status)
        rows.append(HistoryRow(change.created_at, str(step.label) if step else change.transition,
                               old_label, old_color, new_label, new_color, change.actor, change.note))
    return rows


@dataclass
class RelatedInspections:
    """Links between inspections (延伸自, 回头看), limited to those the user may open."""

    parent: Inspection | None = None
    revisit_of: Inspection | None = None
    extensions: list[Inspection] = field(default_factory=list)
    revisits: list[Inspection] = field(default_factory=list)


def inspection_related(*, actor: User, inspection: Inspection) -> RelatedInspections:
    q = Q(parent_inspection=inspection) | Q(revisit_of=inspection)
    ids = [i for i in (inspection.parent_inspection_id, inspection.revisit_of_id) if i]
    if ids:
        q |= Q(pk__in=ids)
    related = RelatedInspections()
    for other in _visible_inspections(actor).filter(q).with_related().order_by("code"):
        if other.pk == inspection.parent_inspection_id:
            related.parent = other
        if other.pk == inspection.revisit_of_id:
            related.revisit_of = other
        if other.parent_inspection_id == inspection.pk:
            related.extensions.append(other)
        if other.revisit_of_id == inspection.pk:
            related.revisits.append(other)
    return related


def inspection_team_members(inspection: Inspection) -> list[TeamMembership]:
    if inspection.team_id is None:
        return []
    return list(TeamMembership.objects.filter(team_id=inspection.team_id)
                .select_related("person__organization").order_by("order", "id"))


def term_filter(*, actor: User, jurisdiction: int | None = None) -> models.QuerySet[Term]:
    qs = Term.objects.visible_to(actor).select_related("jurisdiction")
    if jurisdiction is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction)
    return qs


# ---- API reads (filters as query parameters; per-caller values attached for the schemas) -------------


def _round_qs(actor: User) -> models.QuerySet[Round]:
    return Round.objects.visible_to(actor).select_related(
        "term", "jurisdiction", "focus_framework", "eight_rules_framework")


def round_list(*, actor: User, term: int | None = None, year: int | None = None) -> models.QuerySet[Round]:
    qs = _round_qs(actor)
    if term is not None:
        qs = qs.filter(term_id=term)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def round_detail(*, actor: User, pk: Any) -> Round:
    return access(Round, actor, pk, queryset=Round.objects.select_related(
        "term", "jurisdiction", "focus_framework", "eight_rules_framework"))


def _team_qs(actor: User) -> models.QuerySet[Team]:
    leaders = TeamMembership.objects.filter(role=MembershipRole.LEADER).select_related("person")
    return Team.objects.visible_to(actor).select_related("round__jurisdiction", "home_jurisdiction").prefetch_related(
        models.Prefetch("memberships", queryset=leaders, to_attr="leader_memberships"))


def team_list(*, actor: User, round: int | None = None) -> models.QuerySet[Team]:
    qs = _team_qs(actor)
    if round is not None:
        qs = qs.filter(round_id=round)
    return qs


def team_members_visible(actor: User, team: Team) -> bool:
    """The member list is shown to whoever plans over the team's jurisdiction or is on the team; a liaison
    sees only the team's name and leader (spec §3.2: 被巡察单位 reads group composition by names)."""
    caps = scope_of(actor).capabilities_at(jurisdiction_path=team.round.jurisdiction.path, team_ids={team.pk})
    return Cap.VIEW_PLANNING in caps


def team_detail(*, actor: User, pk: int) -> Team:
    team = access(Team, actor, pk, queryset=_team_qs(actor))
    members = None
    if team_members_visible(actor, team):
        members = list(team.memberships.select_related("person").order_by("order", "id"))
    return attach(team, api_members=members)


def attach_visible_targets(actor: User, inspections: list[Inspection]) -> None:
    """Keep, per inspection, only the targets the caller may see: a liaison of one organisation in a
    1托N inspection does not learn which other organisations are inspected with it. One query per page."""
    org_ids = {t.organization_id for i in inspections for t in i.targets.all()}
    visible = set(Organization.objects.visible_to(actor).filter(pk__in=org_ids).values_list("pk", flat=True))
    for inspection in inspections:
        attach(inspection, api_targets=[t.organization for t in inspection.targets.all()
                                            if t.organization_id in visible])


def inspection_detail(*, actor: User, pk: int) -> Inspection:
    """One inspection through ``access_inspection``, with its history (for those who plan or work on it;
    a liaison sees the stage dates, not who moved it or their notes) and the caller's transitions."""
    inspection = access_inspection(actor, pk)
    attach_visible_targets(actor, [inspection])
    caps = inspection_capabilities(actor, inspection)
    history = list(StatusChange.for_object(inspection)) if Cap.VIEW_PLANNING in caps else None
    related_ids = [i for i in (inspection.parent_inspection_id, inspection.revisit_of_id) if i]
    visible_related = {
        i.pk: i for i in Inspection.objects.visible_to(actor).filter(pk__in=related_ids).only("id", "code")
    } if related_ids else {}
    return attach(
        inspection,
        api_history=history,
        api_transitions=inspection_available_transitions(actor, inspection),
        api_parent=visible_related.get(inspection.parent_inspection_id or 0),
        api_revisit_of=visible_related.get(inspection.revisit_of_id or 0),
    )
