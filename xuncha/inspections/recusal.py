"""Recusal checks (回避审查): who on a team must not inspect which organisation, and why.

Each ground is a rule of ``RecusalRule``; how a jurisdiction treats it (blocking, warning, off) is
``RecusalPolicy`` data. The checks run in bulk for a whole team with a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access
from xuncha.inspections.models import Inspection, InspectionTarget, RecusalOverride, Team, TeamMembership
from xuncha.orgs.models import Jurisdiction, Organization, Person, Relative, WorkHistory
from xuncha.rules.models import RecusalPolicy, RecusalRule, RecusalSeverity, TimeLimits


@dataclass(frozen=True)
class RecusalHit:
    """One ground on which one team member should not inspect one organisation."""

    membership_id: int
    person_id: int
    person_name: str
    organization_id: int
    organization_name: str
    rule: str
    severity: str
    reason: str
    override_reason: str = ""

    @property
    def rule_label(self) -> str:
        return str(RecusalRule(self.rule).label)

    @property
    def is_blocking(self) -> bool:
        return self.severity == RecusalSeverity.BLOCKING

    @property
    def is_resolved(self) -> bool:
        """A warning kept with a written reason no longer stands in the way of stationing."""
        return self.severity == RecusalSeverity.WARNING and bool(self.override_reason)

    @property
    def stands(self) -> bool:
        return not self.is_resolved


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _in_subtree(org: Organization | None, root: Organization) -> bool:
    return org is not None and org.path.startswith(root.path)


def _overlap(a_start: datetime.date, a_end: datetime.date | None, b_start: datetime.date,
             b_end: datetime.date | None) -> bool:
    far = datetime.date.max
    return a_start <= (b_end or far) and b_start <= (a_end or far)


def _fmt_period(start: datetime.date, end: datetime.date | None) -> str:
    return f"{start:%Y.%m}—{f'{end:%Y.%m}' if end else '今'}"


@dataclass(frozen=True)
class CheckContext:
    """What the checks need besides the person, loaded once per inspection."""

    policy: dict[str, str]
    years: int
    cutoff: datetime.date
    cross_region: bool
    principals: dict[int, tuple[Person, list[WorkHistory]]]
    previous_teams: dict[int, set[int]]

    @classmethod
    def build(cls, targets: list[Organization], *, jurisdiction: Jurisdiction, on: datetime.date,
              cross_region: bool = False, exclude_inspection_id: int | None = None) -> CheckContext:
        years = TimeLimits.effective_for(jurisdiction).recusal_work_history_years
        return cls(
            policy=RecusalPolicy.effective_for(jurisdiction),
            years=years,
            cutoff=_years_before(on, years),
            cross_region=cross_region,
            principals=_principal_histories(targets),
            previous_teams=_previous_team_people(targets, exclude_inspection_id),
        )


def check_person(person: Person, targets: Iterable[Organization], *, jurisdiction: Jurisdiction,
                 on: datetime.date | None = None, cross_region: bool = False, membership_id: int = 0,
                 exclude_inspection_id: int | None = None, context: CheckContext | None = None) -> list[RecusalHit]:
    """Every recusal ground between ``person`` and each organisation in ``targets``, as of the day ``on``
    (the inspection's entry date: "within N years" counts back from when the inspection happens).

    ``person`` should come with ``work_history`` and ``relatives`` prefetched (``team_recusal`` does this).
    """
    targets = list(targets)
    ctx = context or CheckContext.build(targets, jurisdiction=jurisdiction, on=on or business_today(),
                                        cross_region=cross_region, exclude_inspection_id=exclude_inspection_id)
    policy, years, cutoff = ctx.policy, ctx.years, ctx.cutoff
    principals, previous_teams, cross_region = ctx.principals, ctx.previous_teams, ctx.cross_region
    hits: list[RecusalHit] = []

    def hit(org: Organization, rule: str, reason: str) -> None:
        severity = policy[rule]
        if severity != RecusalSeverity.OFF:
            hits.append(RecusalHit(membership_id, person.pk, person.name, org.pk, str(org), rule, severity, reason))

    for org in targets:
        # Worked at the organisation or below it, now or within the configured years.
        current_here = _in_subtree(person.organization, org)
        if current_here:
            hit(org, RecusalRule.WORKED_AT, f"现在{person.organization}任{person.post}")
        for job in person.work_history.all():
            if current_here and job.end is None and job.organization_id == person.organization_id:
                continue  # the current post, recorded in the history too: one fact, stated once above
            if _in_subtree(job.organization, org) and (job.end is None or job.end >= cutoff):
                hit(org, RecusalRule.WORKED_AT,
                    f"{_fmt_period(job.start, job.end)}在{job.organization_name}任{job.post}（{years}年内）")
        for relative in person.relatives.all():
            if _in_subtree(relative.organization, org):
                hit(org, RecusalRule.RELATIVE_AT,
                    f"{relative.get_kinship_display()}{relative.name}在{relative.workplace or relative.organization}"
                    f"工作{('（' + relative.post + '）') if relative.post else ''}")
        principal, principal_jobs = principals.get(org.pk, (None, []))
        if principal is not None and principal.pk != person.pk:
            for job in person.work_history.all():
                for pjob in principal_jobs:
                    if (job.organization_id and job.organization_id == pjob.organization_id
                            and _overlap(job.start, job.end, pjob.start, pjob.end)):
                        hit(org, RecusalRule.LEADERSHIP_TIE,
                            f"与该单位主要负责人{principal.name}曾同在{job.organization_name}工作"
                            f"（本人{_fmt_period(job.start, job.end)}任{job.post}，"
                            f"{principal.name}{_fmt_period(pjob.start, pjob.end)}任{pjob.post}）")
        if cross_region:
            region = org.jurisdiction
            if person.organization.jurisdiction_id == region.pk:
                hit(org, RecusalRule.FROM_REGION, f"本人在{region}工作，不得参加对本地的交叉巡察")
            elif person.hometown_jurisdiction_id == region.pk:
                hit(org, RecusalRule.FROM_REGION, f"本人籍贯为{region}")
        if person.pk in previous_teams.get(org.pk, set()):
            hit(org, RecusalRule.REPEAT, "参加过对该单位的上一次巡察")
    return _dedupe(hits)


def _dedupe(hits: list[RecusalHit]) -> list[RecusalHit]:
    seen: set[tuple[int, str, str]] = set()
    out = []
    for h in hits:
        key = (h.organization_id, h.rule, h.reason)
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def _principal_histories(targets: list[Organization]) -> dict[int, tuple[Person, list[WorkHistory]]]:
    ids = [t.principal_leader_id for t in targets if t.principal_leader_id]
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids).prefetch_related("work_history")}
    return {t.pk: (people[t.principal_leader_id], list(people[t.principal_leader_id].work_history.all()))
            for t in targets if t.principal_leader_id in people}


def _previous_team_people(targets: list[Organization], exclude_inspection_id: int | None) -> dict[int, set[int]]:
    """For each organisation, the people of the team of its most recent earlier inspection."""
    qs = InspectionTarget.objects.filter(organization__in=targets, inspection__team__isnull=False,
                                         inspection__stationed_on__isnull=False)
    if exclude_inspection_id is not None:
        qs = qs.exclude(inspection_id=exclude_inspection_id)
    rows = (qs.order_by("organization_id", "-inspection__stationed_on")
            .values_list("organization_id", "inspection__team_id"))
    last_team: dict[int, int] = {}
    for org_id, team_id in rows:
        last_team.setdefault(org_id, team_id)
    people: dict[int, set[int]] = defaultdict(set)
    members = TeamMembership.objects.filter(team_id__in=set(last_team.values())).values_list("team_id", "person_id")
    by_team: dict[int, set[int]] = defaultdict(set)
    for team_id, person_id in members:
        by_team[team_id].add(person_id)
    for org_id, team_id in last_team.items():
        people[org_id] = by_team[team_id]
    return people


def team_recusal(team: Team) -> list[RecusalHit]:
    """Every recusal hit for every member of ``team`` against every target of the team's inspections,
    with accepted warnings marked by their written reason."""
    inspections = list(
        Inspection.objects.filter(team=team).prefetch_related(
            Prefetch("targets", queryset=InspectionTarget.objects.select_related("organization__jurisdiction"))
        )
    )
    memberships = list(
        TeamMembership.objects.filter(team=team).select_related("person__organization__jurisdiction").prefetch_related(
            Prefetch("person__work_history", queryset=WorkHistory.objects.select_related("organization")),
            Prefetch("person__relatives", queryset=Relative.objects.select_related("organization")),
        )
    )
    overrides = {
        (o.membership_id, o.organization_id, o.rule): o.reason
        for o in RecusalOverride.objects.filter(membership__team=team)
    }
    jurisdiction = team.round.jurisdiction
    hits: list[RecusalHit] = []
    for inspection in inspections:
        targets = [t.organization for t in inspection.targets.all()]
        context = CheckContext.build(
            targets, jurisdiction=jurisdiction, on=inspection.stationed_on or inspection.planned_entry,
            cross_region=inspection.is_cross or inspection.inspection_type == "cross",
            exclude_inspection_id=inspection.pk,
        )
        for membership in memberships:
            for h in check_person(membership.person, targets, jurisdiction=jurisdiction,
                                  membership_id=membership.pk, context=context):
                reason = overrides.get((membership.pk, h.organization_id, h.rule), "")
                hits.append(h if not reason else RecusalHit(**{**h.__dict__, "override_reason": reason}))
    return hits


def standing_conflicts(team: Team) -> list[RecusalHit]:
    """Hits that keep the team from being stationed: blocking ones, and warnings nobody has decided on."""
    return [h for h in team_recusal(team) if h.stands]


@transaction.atomic
def recusal_override_create(*, actor: User, membership_id: int, organization_id: int, rule: str,
                            reason: str) -> RecusalOverride:
    """Keep a member despite a recusal warning, with a written reason (audited). Blocking grounds cannot be
    overridden: the member has to leave the team."""
    membership = access(TeamMembership, actor, membership_id, capability=Cap.OVERRIDE_RECUSAL,
                        denied="只有巡察办主任可以决定保留有回避提示的人员。",
                        queryset=TeamMembership.objects.select_related("team__round__jurisdiction"))
    reason = reason.strip()
    if len(reason) < 10:
        raise DomainError("请写明保留理由（不少于10个字）。", fields={"reason": ["请写明保留理由（不少于10个字）。"]})
    hits = [h for h in team_recusal(membership.team)
            if h.membership_id == membership.pk and h.organization_id == organization_id and h.rule == rule]
    if not hits:
        raise DomainError("该人员对该单位不存在这一回避情形。")
    if hits[0].is_blocking:
        raise DomainError("这一情形必须回避，不能说明理由保留；请调整巡察组成员。")
    override, created = RecusalOverride.objects.get_or_create(
        membership=membership, organization_id=organization_id, rule=rule,
        defaults={"reason": reason, "decided_by": actor},
    )
    if not created:
        raise DomainError("已对这一情形作出过保留决定。")
    audit_record("recusal.override", actor=actor, obj=membership,
                 details={"organization": organization_id, "rule": rule, "reason": reason})
    return override


def severity_choices() -> list[tuple[str, str]]:
    return [(s.value, str(s.label)) for s in RecusalSeverity]
