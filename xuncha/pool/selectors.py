"""Reads for the inspector pool pages and for team forming; each starts from ``visible_to(actor)``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.models import BackgroundJob
from xuncha.core.scoping import access
from xuncha.inspections.models import Inspection, InspectionTarget, Team, TeamMembership
from xuncha.inspections.recusal import CheckContext, RecusalHit, check_person
from xuncha.orgs.filters import SEARCH_MAX_LENGTH
from xuncha.orgs.models import Jurisdiction, Person, Relative, WorkHistory
from xuncha.pool.models import Availability, InspectorProfile, InspectorSkill
from xuncha.pool.services import pool_list

POOL_JOB_KINDS = ("pool.export", "pool.import")


def _under(paths: tuple[str, ...], field: str = "path") -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def pool_jurisdictions(*, actor: User) -> QuerySet[Jurisdiction]:
    """Jurisdictions whose pool the user may see (for the pool filter)."""
    return Jurisdiction.objects.filter(_under(scope_of(actor).business_paths(Cap.VIEW_POOL))).order_by("path")


def manageable_jurisdictions(*, actor: User) -> QuerySet[Jurisdiction]:
    """Jurisdictions whose pool the user may add to, edit and import into."""
    return Jurisdiction.objects.filter(_under(scope_of(actor).business_paths(Cap.MANAGE_POOL))).order_by("path")


def can_manage_pool(actor: User, jurisdiction: Jurisdiction | None = None) -> bool:
    scope = scope_of(actor)
    if jurisdiction is None:
        return bool(scope.business_paths(Cap.MANAGE_POOL))
    return Cap.MANAGE_POOL in scope.capabilities_at(jurisdiction_path=jurisdiction.path)


def profile_list(*, actor: User, filters: dict[str, Any]) -> QuerySet[InspectorProfile]:
    """The pool as the user sees it, filtered (the same query the Excel export runs)."""
    return pool_list(actor=actor, **filters)


def profile_get(*, actor: User, pk: Any) -> InspectorProfile:
    qs = (
        InspectorProfile.objects
        .select_related("person__organization__jurisdiction", "person__hometown_jurisdiction", "jurisdiction")
        .prefetch_related(
            Prefetch("skills", queryset=InspectorSkill.objects.order_by("skill")),
            Prefetch("person__work_history",
                     queryset=WorkHistory.objects.select_related("organization").order_by("-start")),
        )
        .annotate(relative_count=Count("person__relatives", distinct=True))
    )
    return access(InspectorProfile, actor, pk, queryset=qs)


def person_memberships(*, actor: User, person: Person) -> QuerySet[TeamMembership]:
    """The cadre's places on teams the user may see, newest round first."""
    visible = Team.objects.visible_to(actor).values("pk")
    return (
        TeamMembership.objects.filter(person=person, team__in=visible)
        .select_related("team__round__term", "team__home_jurisdiction")
        .order_by("-team__round__planned_start", "-team__round__number")
    )


def person_candidates(*, actor: User, q: str, limit: int = 15) -> list[Person]:
    """Cadres the user may see who are not yet in any pool, matching a name, post or unit."""
    q = (q or "").strip()[:SEARCH_MAX_LENGTH]
    if not q:
        return []
    match = Q(name__icontains=q) | Q(post__icontains=q) | Q(organization__short_name__icontains=q)
    visible = Person.objects.visible_to(actor).values("pk")
    return list(
        Person.objects.filter(pk__in=visible).filter(match, inspector_profile__isnull=True)
        .select_related("organization").order_by("name", "pk")[:limit]
    )


def pool_job(*, actor: User, pk: Any) -> BackgroundJob | None:
    """A pool export or import the user started (to show its progress again after a reload)."""
    try:
        return access(BackgroundJob, actor, pk, queryset=BackgroundJob.objects.filter(kind__in=POOL_JOB_KINDS))
    except Http404:
        return None


@dataclass(frozen=True)
class PoolSummary:
    total: int
    available: int
    can_lead: int


def pool_summary(qs: QuerySet[InspectorProfile]) -> PoolSummary:
    """Figures over the filtered pool (one query)."""
    ids = qs.order_by().values("pk")
    counts = InspectorProfile.objects.filter(pk__in=ids).aggregate(
        total=Count("pk"),
        available=Count("pk", filter=Q(availability=Availability.AVAILABLE)),
        can_lead=Count("pk", filter=Q(can_lead=True)),
    )
    return PoolSummary(counts["total"], counts["available"], counts["can_lead"])


# ---- Team forming: candidates from the pool -------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    profile: InspectorProfile
    other_team: str  # the team of this round the cadre is already on, if any
    hits: list[RecusalHit]

    @property
    def blocking(self) -> bool:
        return any(h.is_blocking for h in self.hits)


def team_candidates(*, actor: User, team: Team, q: str = "", skill: str = "", availability: str = "",
                    limit: int = 12) -> tuple[list[Candidate], int]:
    """Pool members the user may see, from the pools of the round's jurisdiction and below, not yet on the
    team, with a recusal pre-check against the team's targets; and how many matched in all."""
    round_ = team.round
    filters: dict[str, Any] = {"q": q.strip()[:SEARCH_MAX_LENGTH], "skill": skill, "availability": availability}
    same_round = TeamMembership.objects.filter(person_id=OuterRef("person_id"), team__round=round_)
    qs = (
        pool_list(actor=actor, **filters)
        .filter(jurisdiction__path__startswith=round_.jurisdiction.path)
        .exclude(person__team_memberships__team=team)
        .annotate(on_round=Exists(same_round))
        .order_by("on_round", "-can_lead", "person__name", "pk")
    )
    total = qs.count()
    profiles = list(qs[:limit])
    other_teams = dict(
        TeamMembership.objects.filter(team__round=round_, person_id__in=[p.person_id for p in profiles])
        .values_list("person_id", "team__name")
    )
    hits = precheck(team, [p.person_id for p in profiles])
    return [Candidate(p, other_teams.get(p.person_id, ""), hits.get(p.person_id, [])) for p in profiles], total


def precheck(team: Team, person_ids: list[int]) -> dict[int, list[RecusalHit]]:
    """What the recusal check would say if these cadres joined ``team`` (a fixed number of queries per
    inspection of the team, whatever the number of cadres)."""
    if not person_ids:
        return {}
    inspections = list(
        Inspection.objects.filter(team=team).prefetch_related(
            Prefetch("targets", queryset=InspectionTarget.objects.select_related("organization__jurisdiction"))
        )
    )
    if not inspections:
        return {}
    people = list(
        Person.objects.filter(pk__in=person_ids).select_related("organization__jurisdiction").prefetch_related(
            Prefetch("work_history", queryset=WorkHistory.objects.select_related("organization")),
            Prefetch("relatives", queryset=Relative.objects.select_related("organization")),
        )
    )
    jurisdiction = team.round.jurisdiction
    result: dict[int, list[RecusalHit]] = {}
    for inspection in inspections:
        targets = [t.organization for t in inspection.targets.all()]
        if not targets:
            continue
        context = CheckContext.build(
            targets, jurisdiction=jurisdiction, on=inspection.stationed_on or inspection.planned_entry,
            cross_region=inspection.is_cross or inspection.inspection_type == "cross",
            exclude_inspection_id=inspection.pk,
        )
        for person in people:
            found = check_person(person, targets, jurisdiction=jurisdiction, context=context)
            if found:
                result.setdefault(person.pk, []).extend(found)
    return result


def severity_counts(hits: list[RecusalHit]) -> Counter[str]:
    return Counter("resolved" if h.is_resolved else h.severity for h in hits)
