"""What the page benchmark (bench/bench_pages.py) and the flat-query-count test request: each main page and
API list, the roles that use it, and the in-scope object each role opens (found in the data, so the same
scenarios run on the demo and on every generated size).

An account for a role is its holder bound closest to the root: jurisdiction roles at the root, and the
first-created team and liaison accounts (the generator creates the root's first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import ROLE_SCOPE, Role, ScopeKind
from xuncha.inspections.models import Inspection, Round, Team, Term
from xuncha.inspections.workflow import InspectionStatus

R = Role


@dataclass(frozen=True)
class Scenario:
    label: str
    kind: str  # "page" | "api"
    roles: tuple[str, ...]
    url: Callable[[Any], str | None]  # the URL for a user (None: nothing in their scope to open)


def user_for(role: str) -> User | None:
    """The account of ``role`` used by the benchmark (see the module docstring)."""
    rows = RoleAssignment.objects.active().filter(role=role)
    if ROLE_SCOPE[role] == ScopeKind.JURISDICTION:
        rows = rows.order_by("jurisdiction__depth", "id")
    else:
        rows = rows.order_by("id")
    assignment = rows.select_related("user").first()
    return assignment.user if assignment else None


def _term(user: Any) -> Term | None:
    return Term.objects.visible_to(user).order_by("jurisdiction__depth", "-number", "id").first()


def _round(user: Any) -> Round | None:
    """A round with planned inspections (the one being planned), else the latest."""
    rounds = Round.objects.visible_to(user).order_by("jurisdiction__depth", "id")
    return (rounds.filter(inspections__status=InspectionStatus.PLANNED).first()
            or rounds.order_by("jurisdiction__depth", "-planned_start").first())


def _inspection(user: Any) -> Inspection | None:
    """An inspection in the field, else any the user sees."""
    visible = Inspection.objects.visible_to(user).order_by("jurisdiction__depth", "id")
    return visible.filter(status=InspectionStatus.STATIONED).first() or visible.first()


def _team(user: Any) -> Team | None:
    inspection = _inspection(user)
    if inspection is not None and inspection.team_id and Team.objects.visible_to(user).filter(
            pk=inspection.team_id).exists():
        return inspection.team
    return Team.objects.visible_to(user).order_by("id").first()


def _page(name: str, obj: Callable[[Any], Any] | None = None) -> Callable[[Any], str | None]:
    def url(user: Any) -> str | None:
        if obj is None:
            return reverse(name)
        found = obj(user)
        return None if found is None else reverse(name, kwargs={"pk": found.pk})
    return url


def _api(path: str) -> Callable[[Any], str | None]:
    return lambda user: path


JUR = (R.OFFICE_STAFF, R.LEADING_GROUP, R.DISCIPLINE_COMMISSION)
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("首页 home", "page", (R.OFFICE_STAFF, R.OFFICE_DIRECTOR, R.LEADING_GROUP, R.DISCIPLINE_COMMISSION,
                                  R.ORG_DEPARTMENT, R.TEAM_LEADER, R.TEAM_MEMBER, R.LIAISON, R.SYSTEM_ADMIN,
                                  R.SECURITY_AUDITOR), _page("dashboards:home")),
    Scenario("干部列表 people", "page", (R.OFFICE_STAFF, R.ORG_DEPARTMENT, R.TEAM_LEADER), _page("orgs:person-list")),
    Scenario("党组织列表 organisations", "page", (R.OFFICE_STAFF, R.TEAM_LEADER),
             _page("orgs:organization-list")),
    Scenario("人才库 pool", "page", (R.OFFICE_STAFF, R.ORG_DEPARTMENT, R.LEADING_GROUP), _page("pool:profile-list")),
    Scenario("选择被巡察对象 round targets", "page", (R.OFFICE_STAFF, R.OFFICE_DIRECTOR),
             _page("planning:plan-targets", _round)),
    Scenario("全覆盖 coverage", "page", JUR, _page("planning:coverage", _term)),
    # The pickers' searches (core.autocomplete): what replaced the selects of every unit or inspection.
    Scenario("查找单位 organisation search", "page", (R.OFFICE_STAFF, R.TEAM_LEADER),
             lambda user: reverse("orgs:organization-search") + "?q=党"),
    Scenario("查找延伸/回头看对象 linkable inspections", "page", (R.OFFICE_STAFF,),
             _page("planning:linkable-inspections", _round)),
    Scenario("巡察列表 inspections", "page", (*JUR, R.TEAM_LEADER, R.LIAISON), _page("planning:inspection-list")),
    Scenario("审计日志 audit log", "page", (R.SECURITY_AUDITOR,), _page("audit:event-list")),
    Scenario("届内日历 term calendar", "page", (R.OFFICE_STAFF, R.LEADING_GROUP, R.TEAM_LEADER),
             _page("planning:calendar", _term)),
    Scenario("巡察组 team", "page", (R.OFFICE_STAFF, R.TEAM_LEADER, R.LIAISON), _page("planning:team-detail", _team)),
    Scenario("巡察详情 inspection", "page", (R.OFFICE_STAFF, R.TEAM_LEADER, R.LIAISON),
             _page("planning:inspection-detail", _inspection)),
    Scenario("API jurisdictions", "api", (R.OFFICE_STAFF,), _api("/api/v1/jurisdictions")),
    Scenario("API organizations", "api", (R.OFFICE_STAFF, R.LIAISON), _api("/api/v1/organizations")),
    Scenario("API people", "api", (R.OFFICE_STAFF, R.TEAM_LEADER), _api("/api/v1/people")),
    Scenario("API coverage", "api", JUR, lambda user: (
        None if (term := _term(user)) is None else f"/api/v1/terms/{term.pk}/coverage")),
    Scenario("API terms", "api", (R.OFFICE_STAFF,), _api("/api/v1/terms")),
    Scenario("API rounds", "api", (R.OFFICE_STAFF, R.TEAM_LEADER), _api("/api/v1/rounds")),
    Scenario("API teams", "api", (R.OFFICE_STAFF, R.TEAM_LEADER), _api("/api/v1/teams")),
    Scenario("API inspections", "api", (R.OFFICE_STAFF, R.TEAM_LEADER, R.LIAISON), _api("/api/v1/inspections")),
    Scenario("API pool", "api", (R.OFFICE_STAFF,), _api("/api/v1/pool")),
    Scenario("API frameworks", "api", (R.OFFICE_STAFF,), _api("/api/v1/frameworks")),
    Scenario("API audit-events", "api", (R.SECURITY_AUDITOR,), _api("/api/v1/audit-events")),
    Scenario("API role-assignments", "api", (R.SECURITY_ADMIN,), _api("/api/v1/role-assignments")),
)
