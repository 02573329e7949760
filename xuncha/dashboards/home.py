"""The work page (工作台): one section per kind of role the user holds, each showing what that role works on.

Business figures start from ``visible_to(user)`` and are then narrowed to the jurisdictions of the section's own
roles, so a section never shows what the user may not open. The three administrators' sections show no
business data at all (三员分立): accounts, role assignments and the audit log only.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import TEAM_ROLES, Role
from xuncha.accounts.scope import Scope, scope_of
from xuncha.administration import selectors as account_selectors
from xuncha.administration.audit_filters import decorate_event
from xuncha.audit.models import AuditEvent, AuditResult
from xuncha.core.clock import business_today
from xuncha.core.models import BackgroundJob
from xuncha.dashboards.next_steps import LIAISON, TEAM, steps_for
from xuncha.inspections.models import (
    Inspection,
    InspectionQuerySet,
    MembershipRole,
    Round,
    Team,
    TeamMembership,
    Term,
)
from xuncha.inspections.selectors import inspection_lifecycle
from xuncha.inspections.workflow import ORDER, STATUS_COLORS, InspectionStatus
from xuncha.orgs.models import Jurisdiction, Organization
from xuncha.planning.coverage import term_coverage
from xuncha.rules.models import TimeLimits

S = InspectionStatus
OFFICE_ROLES = (Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR, Role.LEADING_GROUP)
SUPERVISION_ROLES = (Role.DISCIPLINE_COMMISSION, Role.ORG_DEPARTMENT)
IN_PROGRESS = [S.PREPARING, S.STATIONED, S.REPORTING, S.FEEDBACK, S.RECTIFYING, S.EVALUATING]
# A round is under way while one of its inspections is between preparation and feedback.
ROUND_ACTIVE = [S.PREPARING, S.STATIONED, S.REPORTING, S.FEEDBACK]
SUPERVISED = [S.FEEDBACK, S.RECTIFYING]

def _under(paths: tuple[str, ...], field_name: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field_name}__startswith": path})
    return q


def _paths(scope: Scope, roles: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({p for role in roles for p in scope.jurisdiction_paths.get(role, ())}))


def _visible_inspections(user: Any) -> InspectionQuerySet:
    """Visible inspections without DISTINCT, safe to count and to narrow further."""
    return Inspection.objects.filter(pk__in=Inspection.objects.visible_to(user).values("pk"))


def schedule_overdue(inspection: Inspection, today: datetime.date) -> tuple[str, int]:
    """Whether the inspection is behind its planned dates on the business date: not stationed by the planned
    entry, or still in the field after the planned withdrawal; the label and how many days behind."""
    if inspection.status in (S.PLANNED, S.PREPARING) and inspection.planned_entry < today:
        return str(_("逾期未进驻")), (today - inspection.planned_entry).days
    if inspection.status == S.STATIONED and inspection.planned_withdrawal < today:
        return str(_("逾期未撤驻")), (today - inspection.planned_withdrawal).days
    return "", 0


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last day of a shorter month): how monthly time limits are counted."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(year=year, month=month0 + 1, day=min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _lifecycle_order() -> Case:
    return Case(*[When(status=s, then=Value(i)) for i, s in enumerate(ORDER)], output_field=IntegerField())


@dataclass(frozen=True)
class PhaseCount:
    status: str
    label: str
    color: str
    count: int


def _phase_counts(qs: models.QuerySet[Inspection]) -> list[PhaseCount]:
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return [PhaseCount(s, str(S(s).label), STATUS_COLORS[S(s)], counts.get(s, 0)) for s in ORDER]


@dataclass(frozen=True)
class CoverageRow:
    jurisdiction: Jurisdiction
    term: Term
    population: int
    inspected: int
    scheduled: int

    @property
    def percent(self) -> int:
        return round(100 * self.inspected / self.population) if self.population else 0


def _current_term(jurisdiction: Jurisdiction, today: datetime.date, user: Any) -> Term | None:
    """The term under way, else the latest one that has started (a demo set in the past still shows one)."""
    terms = Term.objects.visible_to(user).filter(jurisdiction=jurisdiction, start_date__lte=today)
    return terms.filter(end_date__gte=today).order_by("-start_date").first() or terms.order_by("-start_date").first()


def _coverage(user: Any, paths: tuple[str, ...], today: datetime.date) -> list[CoverageRow]:
    rows = []
    for jurisdiction in Jurisdiction.objects.filter(path__in=paths).order_by("path"):
        term = _current_term(jurisdiction, today, user)
        if term is None:
            continue
        # The figures only (two grouped queries): no projection, no organisation loaded (issue 8).
        counts = term_coverage(term, as_of=today, allocate=False).counts
        rows.append(CoverageRow(jurisdiction, term, counts["population"], counts["inspected"], counts["scheduled"]))
    return rows


@dataclass
class Section:
    key: str
    title: Any
    icon: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"dashboards/home/{self.key}.html"


def office_section(user: Any, scope: Scope, today: datetime.date) -> Section:
    """巡察办、领导小组: the inspections of their jurisdictions, by phase, and the rounds under way."""
    paths = _paths(scope, OFFICE_ROLES)
    inspections = _visible_inspections(user).filter(_under(paths, "jurisdiction__path"))
    phases = _phase_counts(inspections)
    rounds = (
        Round.objects.filter(pk__in=Round.objects.visible_to(user).values("pk"))
        .filter(_under(paths, "jurisdiction__path"))
        .filter(Q(inspections__status__in=ROUND_ACTIVE) | Q(planned_start__lte=today, planned_end__gte=today))
        .distinct()
    )
    current_rounds = list(
        Round.objects.filter(pk__in=rounds.values("pk")).select_related("term", "jurisdiction")
        .annotate(n_inspections=Count("inspections", distinct=True), n_teams=Count("teams", distinct=True))
        .order_by("-planned_start", "-number")
    )
    coverage = _coverage(user, paths, today)
    # Earlier phases first: preparation and fieldwork need the office's attention most.
    in_progress = (inspections.filter(status__in=IN_PROGRESS).with_related()
                   .annotate(phase=_lifecycle_order()).order_by("phase", "planned_entry", "code"))
    counts = {p.status: p.count for p in phases}
    shown = list(in_progress[:12])
    for inspection in shown:
        inspection.overdue_label, inspection.overdue_days = schedule_overdue(inspection, today)  # type: ignore[attr-defined]
    population = sum(c.population for c in coverage)
    inspected = sum(c.inspected for c in coverage)
    return Section("office", _("巡察工作概览"), "speedometer2", {
        "phases": phases,
        "total": sum(counts.values()),
        "in_progress_count": sum(counts[s] for s in IN_PROGRESS),
        "archived": counts[S.ARCHIVED],
        "current_rounds": current_rounds,
        "coverage": coverage,
        "coverage_population": population,
        "coverage_inspected": inspected,
        "coverage_percent": round(100 * inspected / population) if population else 0,
        "in_progress": shown,
        "more": max(0, sum(counts[s] for s in IN_PROGRESS) - 12),
        "jurisdictions": list(Jurisdiction.objects.filter(path__in=paths).order_by("path")),
    })


def supervision_section(user: Any, scope: Scope) -> Section:
    """纪委监委、组织部: inspections of their jurisdictions in feedback or rectification (日常监督)."""
    paths = _paths(scope, SUPERVISION_ROLES)
    inspections = _visible_inspections(user).filter(_under(paths, "jurisdiction__path"))
    supervised = list(inspections.filter(status__in=SUPERVISED).with_related().order_by("feedback_on", "code"))
    counts = {s: sum(1 for i in supervised if i.status == s) for s in SUPERVISED}
    limits = _limits_by_jurisdiction(supervised)
    today = business_today()
    rows = []
    for inspection in supervised:
        # The rectification report is due some months after feedback (条例; the jurisdiction's time limits).
        due = (add_months(inspection.feedback_on, limits[inspection.jurisdiction_id].rectification_report_due_months)
               if inspection.feedback_on else None)
        rows.append({"inspection": inspection, "report_due": due,
                     "overdue_days": (today - due).days if due and today > due else 0})
    roles = [str(Role(r).label) for r in SUPERVISION_ROLES if r in scope.jurisdiction_paths]
    return Section("supervision", _("整改监督"), "binoculars", {
        "rows": rows[:30], "more": max(0, len(rows) - 30), "overdue": sum(1 for r in rows if r["overdue_days"]),
        "feedback": counts[S.FEEDBACK], "rectifying": counts[S.RECTIFYING],
        "roles": roles, "jurisdictions": list(Jurisdiction.objects.filter(path__in=paths).order_by("path")),
    })


def _limits_by_jurisdiction(inspections: list[Inspection]) -> dict[int, TimeLimits]:
    return {j.pk: TimeLimits.effective_for(j) for j in {i.jurisdiction for i in inspections}}


def team_section(user: Any, scope: Scope) -> Section:
    """巡察组组长、副组长、成员: their teams, and each team's inspections with the next step."""
    role_of_team: dict[int, list[str]] = {}
    for role in sorted(TEAM_ROLES):
        for team_id in scope.team_ids.get(role, ()):
            role_of_team.setdefault(team_id, []).append(str(Role(role).label))
    teams = list(Team.objects.filter(pk__in=role_of_team).select_related("round__term", "round__jurisdiction")
                 .order_by("-round__planned_start", "number"))
    visible = _visible_inspections(user)
    inspections = list(visible.filter(team_id__in=role_of_team).with_related()
                       .order_by("planned_entry", "code"))
    limits = _limits_by_jurisdiction(inspections)
    today = business_today()
    leaders = {m.team_id: m for m in TeamMembership.objects.filter(team_id__in=role_of_team,
                                                                    role=MembershipRole.LEADER)
               .select_related("person")}
    sizes = dict(TeamMembership.objects.filter(team_id__in=role_of_team).order_by().values_list("team_id")
                 .annotate(n=Count("pk")))
    cards = []
    for team in teams:
        rows = []
        for inspection in (i for i in inspections if i.team_id == team.pk):
            rows.append({"inspection": inspection, "steps": inspection_lifecycle(inspection),
                         "next_steps": steps_for(TEAM, inspection, limits[inspection.jurisdiction_id]),
                         "overdue": schedule_overdue(inspection, today)})
        leader = leaders.get(team.pk)
        cards.append({"team": team, "roles": role_of_team[team.pk], "rows": rows,
                      "leader": leader.person.name if leader else "", "size": sizes.get(team.pk, 0)})
    return Section("team", _("我的巡察组"), "people-fill", {"cards": cards})


def liaison_section(user: Any, scope: Scope) -> Section:
    """被巡察单位联络员: only their own organisation's inspections, and what they have to do now. The names
    of other organisations inspected by the same team are never shown (1托N)."""
    organizations = list(Organization.objects.filter(pk__in=scope.organization_ids).order_by("path"))
    visible = _visible_inspections(user)
    cards = []
    for organization in organizations:
        inspections = list(visible.filter(targets__organization=organization)
                           .select_related("team", "jurisdiction", "round").distinct()
                           .order_by("-planned_entry", "code"))
        limits = _limits_by_jurisdiction(inspections)
        rows = []
        for inspection in inspections:
            rows.append({"inspection": inspection, "steps": inspection_lifecycle(inspection),
                         "next_steps": steps_for(LIAISON, inspection, limits[inspection.jurisdiction_id])})
        cards.append({"organization": organization, "rows": rows})
    return Section("liaison", _("本单位接受巡察情况"), "building", {"cards": cards})


def system_admin_section(user: Any) -> Section:
    return Section("system_admin", _("账户与配置"), "person-gear", {
        "counts": account_selectors.account_counts(actor=user),
        "recent": list(account_selectors.recent_sign_ins(actor=user, limit=8)),
        "jurisdictions": account_selectors.configurable_jurisdictions(user).count(),
    })


def security_admin_section(user: Any) -> Section:
    summary = account_selectors.role_summary(actor=user)
    return Section("security_admin", _("角色授权"), "key", {
        "summary": summary, "nonzero": [r for r in summary.by_role if r.count],
    })


def security_auditor_section(user: Any) -> Section:
    events = [decorate_event(e) for e in AuditEvent.objects.visible_to(user).order_by("-id")[:10]]
    since = timezone.now() - datetime.timedelta(hours=24)
    recent = AuditEvent.objects.visible_to(user).filter(created_at__gte=since)
    figures = recent.aggregate(
        total=Count("pk"),
        failed_logins=Count("pk", filter=Q(action="auth.login_failed")),
        refused=Count("pk", filter=~Q(result=AuditResult.SUCCESS)),
    )
    last_job = BackgroundJob.objects.filter(kind="audit.verify", created_by=user).order_by("-pk").first()
    return Section("security_auditor", _("安全审计"), "journal-text", {
        "events": events, "figures": figures, "job": last_job,
    })


def home_sections(user: Any) -> list[Section]:
    """The sections of the work page, in a fixed order, for the roles the user holds."""
    scope = scope_of(user)
    today = business_today()
    sections: list[Section] = []
    if scope.has_role(*OFFICE_ROLES):
        sections.append(office_section(user, scope, today))
    if scope.has_role(*SUPERVISION_ROLES):
        sections.append(supervision_section(user, scope))
    if scope.all_team_ids():
        sections.append(team_section(user, scope))
    if scope.organization_ids:
        sections.append(liaison_section(user, scope))
    if scope.has_role(Role.SYSTEM_ADMIN):
        sections.append(system_admin_section(user))
    if scope.has_role(Role.SECURITY_ADMIN):
        sections.append(security_admin_section(user))
    if scope.has_role(Role.SECURITY_AUDITOR):
        sections.append(security_auditor_section(user))
    return sections
