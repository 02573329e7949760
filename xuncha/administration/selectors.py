"""Reads behind the administration pages of the three administrators (三员): accounts, time limits, roles.

The administrators hold no business capability, so the business querysets are empty for them; what they may
administer is the subtree of the jurisdiction their own role is bound to (``Scope.admin_paths``). Everything
here starts from those paths, and an object outside them answers 404 exactly like a missing one (ADR-0004).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Cap, Role
from xuncha.accounts.scope import scope_of
from xuncha.accounts.selectors import admin_paths, as_pk, require_capability, require_role, under_paths
from xuncha.inspections.models import Team
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.rules.selectors import EffectiveTimeLimits, effective_time_limits, effective_time_limits_for

SEARCH_MAX_LENGTH = 60


def users_in_scope(actor: User, role: str = Role.SYSTEM_ADMIN) -> models.QuerySet[User]:
    """Accounts an administrator of ``role`` looks after: those holding (or having held) a role bound inside the
    administrator's jurisdictions, those linked to a cadre of an organisation there, and accounts not yet placed
    anywhere (no role ever granted, no cadre linked), so that a newly created account can be found."""
    paths = admin_paths(actor, role)
    if not paths:
        return User.objects.none()
    placed = (
        under_paths(paths, "role_assignments__jurisdiction__path")
        | under_paths(paths, "role_assignments__team__round__jurisdiction__path")
        | under_paths(paths, "role_assignments__organization__jurisdiction__path")
        | under_paths(paths, "person__organization__jurisdiction__path")
    )
    unplaced = Q(role_assignments__isnull=True, person__isnull=True)
    # A subquery keeps the join (and its duplicates) out of the outer query, so counts and ordering are plain.
    return User.objects.filter(pk__in=User.objects.filter(placed | unplaced).values("pk"))


def user_list(*, actor: User) -> models.QuerySet[User]:
    """The accounts page (filtered by ``filters.UserFilter``): role names only (no team or organisation names: no
    business data for 三员)."""
    require_capability(actor, Cap.MANAGE_ACCOUNTS)
    qs = users_in_scope(actor)
    active_roles = RoleAssignment.objects.active().only("id", "user_id", "role").order_by("role")
    return qs.prefetch_related(Prefetch("role_assignments", queryset=active_roles, to_attr="active_roles")
                               ).order_by("username")


def role_labels_of(user: User) -> list[str]:
    """Distinct labels of the active roles prefetched by ``user_list`` (``active_roles``)."""
    seen: list[str] = []
    for assignment in getattr(user, "active_roles", []):
        label = str(Role(assignment.role).label)
        if label not in seen:
            seen.append(label)
    return seen


def user_get(*, actor: User, pk: Any) -> User:
    require_capability(actor, Cap.MANAGE_ACCOUNTS)
    user = users_in_scope(actor).filter(pk=as_pk(pk)).first()
    if user is None:
        raise Http404("用户不存在或无权查看。")
    return user


@dataclass(frozen=True)


class AccountCounts:
    total: int
    active: int
    disabled: int
    never_signed_in: int
    without_role: int


def account_counts(*, actor: User) -> AccountCounts:
    qs = users_in_scope(actor)
    figures = qs.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(is_active=True)),
        never=Count("pk", filter=Q(last_login__isnull=True)),
    )
    with_role = RoleAssignment.objects.active().filter(user__in=qs).values("user_id").distinct().count()
    return AccountCounts(figures["total"], figures["active"], figures["total"] - figures["active"],
                         figures["never"], figures["total"] - with_role)


def recent_sign_ins(*, actor: User, limit: int = 8) -> models.QuerySet[User]:
    return users_in_scope(actor).filter(last_login__isnull=False).order_by("-last_login")[:limit]


def persons_for_linking(actor: User) -> models.QuerySet[Person]:
    """Cadres a system administrator may link an account to: those of organisations in their jurisdictions.
    Only a name and a unit are shown for picking; the cadre record itself stays out of reach."""
    return Person.objects.filter(under_paths(admin_paths(actor, Role.SYSTEM_ADMIN), "organization__jurisdiction__path"))


def person_search(*, actor: User, q: str, limit: int = 12) -> list[Person]:
    require_capability(actor, Cap.MANAGE_ACCOUNTS)
    q = q.strip()[:SEARCH_MAX_LENGTH]
    if not q:
        return []
    qs = persons_for_linking(actor).select_related("organization").filter(user__isnull=True)
    match = Q(name__icontains=q)
    if q.isdigit():
        match |= Q(pk=int(q))
    return list(qs.filter(match).order_by("name", "pk")[:limit])


def configurable_jurisdictions(actor: User) -> models.QuerySet[Jurisdiction]:
    """Jurisdictions whose configuration the actor manages: visible ones inside their system-administrator
    subtrees."""
    paths = admin_paths(actor, Role.SYSTEM_ADMIN)
    visible = Jurisdiction.objects.visible_to(actor).values("pk")
    return Jurisdiction.objects.filter(pk__in=visible).filter(under_paths(paths, "path")).order_by("path")


def time_limits_list(*, actor: User) -> list[EffectiveTimeLimits]:
    require_capability(actor, Cap.MANAGE_CONFIGURATION)
    return effective_time_limits_for(list(configurable_jurisdictions(actor)))


def time_limits_get(*, actor: User, pk: Any) -> EffectiveTimeLimits:
    require_capability(actor, Cap.MANAGE_CONFIGURATION)
    jurisdiction = configurable_jurisdictions(actor).filter(pk=as_pk(pk)).first()
    if jurisdiction is None:
        raise Http404("党委不存在或无权查看。")
    return effective_time_limits(jurisdiction)


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 17 → 十七, 23 → 二十三 (numbers as official titles write them)."""
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[units] if units else "")


def team_label(team: Team) -> str:
    """"十一届第七轮 · 市委第三巡察组": a team named by its term and round, as reference data."""
    term = team.round.term.name.removeprefix("第")
    return f"{term}第{cn_number(team.round.number)}轮 · {team.name}"


def scope_label(assignment: RoleAssignment) -> str:
    if assignment.team is not None:
        return team_label(assignment.team)
    obj = assignment.jurisdiction or assignment.organization
    return str(obj) if obj is not None else ""


def _managed_assignments(actor: User) -> models.QuerySet[RoleAssignment]:
    paths = admin_paths(actor, Role.SECURITY_ADMIN)
    # Teams are placed by their round's jurisdiction, organisations by their own.
    in_scope = (under_paths(paths, "jurisdiction__path") | under_paths(paths, "team__round__jurisdiction__path")
                | under_paths(paths, "organization__jurisdiction__path"))
    return RoleAssignment.objects.filter(in_scope)


def role_assignment_list(*, actor: User) -> models.QuerySet[RoleAssignment]:
    """Role assignments bound inside the security administrator's jurisdictions, active and revoked (filtered by
    ``filters.RoleAssignmentFilter``)."""
    require_capability(actor, Cap.MANAGE_ROLES)
    qs = _managed_assignments(actor)
    return qs.select_related("user", "jurisdiction", "team__round__term", "organization", "granted_by").order_by(
        "-is_active", "-created_at", "-id")


def role_assignment_get(*, actor: User, pk: Any) -> RoleAssignment:
    require_capability(actor, Cap.MANAGE_ROLES)
    assignment = _managed_assignments(actor).select_related("user").filter(pk=as_pk(pk)).first()
    if assignment is None:
        raise Http404("角色授权不存在或无权查看。")
    return assignment


@dataclass(frozen=True)


class RoleCount:
    role: str
    label: str
    count: int


@dataclass(frozen=True)


class RoleSummary:
    by_role: list[RoleCount]
    active: int
    revoked: int
    users_without_role: int


def role_summary(*, actor: User) -> RoleSummary:
    qs = _managed_assignments(actor)
    counts = dict(qs.filter(is_active=True).order_by().values_list("role").annotate(n=Count("pk")))
    by_role = [RoleCount(value, str(label), counts.get(value, 0)) for value, label in Role.choices]
    active = sum(counts.values())
    revoked = qs.filter(is_active=False).count()
    candidates = users_in_scope(actor, Role.SECURITY_ADMIN).filter(is_active=True)
    holding = RoleAssignment.objects.active().filter(user__in=candidates).values("user_id").distinct().count()
    return RoleSummary(by_role, active, revoked, candidates.count() - holding)


def grantable_users(actor: User) -> models.QuerySet[User]:
    """Active accounts the security administrator may grant roles to."""
    return users_in_scope(actor, Role.SECURITY_ADMIN).filter(is_active=True).order_by("username")


def grantable_jurisdictions(actor: User) -> models.QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(under_paths(admin_paths(actor, Role.SECURITY_ADMIN), "path")).order_by("path")


def grantable_teams(actor: User) -> models.QuerySet[Team]:
    """Teams, read for their id and name only (reference data for binding a team role)."""
    return (Team.objects.filter(under_paths(admin_paths(actor, Role.SECURITY_ADMIN), "round__jurisdiction__path"))
            .select_related("round__term").only("id", "name", "number", "round__number", "round__planned_start",
                                                "round__term__name")
            .order_by("-round__planned_start", "-round__number", "number"))


def grantable_organizations(actor: User) -> models.QuerySet[Organization]:
    return (Organization.objects.filter(under_paths(admin_paths(actor, Role.SECURITY_ADMIN), "jurisdiction__path"))
            .only("id", "name", "short_name", "path", "depth").order_by("path"))


def _under_admin_paths(actor: User, prefix: str) -> models.Q:
    """Rows whose ``<prefix>path`` lies under one of the caller's security-administrator jurisdictions."""
    q = models.Q(pk__in=[])
    for path in scope_of(actor).admin_paths(Role.SECURITY_ADMIN):
        q |= models.Q(**{f"{prefix}path__startswith": path})
    return q


def role_assignment_filter(*, actor: User) -> models.QuerySet[RoleAssignment]:
    """Role assignments the security administrator manages: those bound inside their jurisdictions (the API's list
    filters them with ``filters.RoleAssignmentFilter``, as the page does)."""
    require_role(actor, Role.SECURITY_ADMIN, "接口不存在。")
    # Teams are placed by their round's jurisdiction, organisations by their own.
    in_scope = (_under_admin_paths(actor, "jurisdiction__")
                | _under_admin_paths(actor, "team__round__jurisdiction__")
                | _under_admin_paths(actor, "organization__jurisdiction__"))
    qs = RoleAssignment.objects.filter(in_scope).select_related(
        "user", "jurisdiction", "team", "organization", "granted_by")
    return qs.order_by("-created_at", "-id")


def role_assignment_detail(*, actor: User, pk: int) -> RoleAssignment:
    assignment = role_assignment_filter(actor=actor).filter(pk=as_pk(pk)).first()
    if assignment is None:
        raise Http404("角色授权不存在或无权查看。")
    return assignment


def grantable_scope_objects(actor: User) -> dict[str, models.QuerySet[Any]]:
    """Where a security administrator may bind a role: jurisdictions, teams and organisations inside
    their own jurisdictions (team rows are read here for their id and name only)."""
    return {
        "jurisdiction": Jurisdiction.objects.filter(_under_admin_paths(actor, "")),
        "team": Team.objects.filter(_under_admin_paths(actor, "round__jurisdiction__")),
        "organization": Organization.objects.filter(_under_admin_paths(actor, "jurisdiction__")),
    }

