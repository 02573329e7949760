"""What a signed-in user may see: computed once per request from their role assignments.

Every model's ``visible_to(user)`` queryset method reads this object, so pages, the API,
exports and counts all apply the same rule (ADR-0004).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xuncha.accounts.roles import (
    ADMIN_ROLES,
    JURISDICTION_BUSINESS_ROLES,
    ROLE_CAPABILITIES,
    TEAM_ROLES,
    Cap,
    Role,
)

_CACHE_ATTR = "_xuncha_scope"


@dataclass(frozen=True)
class Scope:
    """The roles of one user, each with the materialised paths or ids it is bound to."""

    # role → paths of the jurisdictions it is bound to (subtrees included)
    jurisdiction_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # role → team ids
    team_ids: dict[str, frozenset[int]] = field(default_factory=dict)
    # liaison → organisation ids (their own organisation only)
    organization_ids: frozenset[int] = frozenset()

    @property
    def roles(self) -> frozenset[str]:
        roles = set(self.jurisdiction_paths) | set(self.team_ids)
        if self.organization_ids:
            roles.add(Role.LIAISON)
        return frozenset(roles)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def business_paths(self, cap: Cap | None = None) -> tuple[str, ...]:
        """Jurisdiction subtrees where a business role (holding ``cap``, if given) applies."""
        paths: list[str] = []
        for role, role_paths in self.jurisdiction_paths.items():
            if role in JURISDICTION_BUSINESS_ROLES and (cap is None or cap in ROLE_CAPABILITIES[role]):
                paths.extend(role_paths)
        return tuple(sorted(set(paths)))

    def all_team_ids(self, cap: Cap | None = None) -> frozenset[int]:
        ids: set[int] = set()
        for role, teams in self.team_ids.items():
            if cap is None or cap in ROLE_CAPABILITIES[role]:
                ids |= teams
        return frozenset(ids)

    def capabilities(self) -> frozenset[Cap]:
        """Every capability held anywhere (for menus; object checks use ``capabilities_at``)."""
        caps: set[Cap] = set()
        for role in self.roles:
            caps |= ROLE_CAPABILITIES[role]
        return frozenset(caps)

    def capabilities_at(self, *, jurisdiction_path: str = "", team_ids: frozenset[int] | set[int] = frozenset(),
                        organization_ids: frozenset[int] | set[int] = frozenset()) -> frozenset[Cap]:
        """Capabilities that apply to one object, given where it sits."""
        caps: set[Cap] = set()
        for role, paths in self.jurisdiction_paths.items():
            if role in ADMIN_ROLES:
                continue
            if jurisdiction_path and any(jurisdiction_path.startswith(p) for p in paths):
                caps |= ROLE_CAPABILITIES[role]
        for role, teams in self.team_ids.items():
            if teams & set(team_ids):
                caps |= ROLE_CAPABILITIES[role]
        if self.organization_ids & set(organization_ids):
            caps |= ROLE_CAPABILITIES[Role.LIAISON]
        return frozenset(caps)

    def admin_paths(self, role: str) -> tuple[str, ...]:
        return self.jurisdiction_paths.get(role, ())


EMPTY = Scope()


def scope_of(user: Any) -> Scope:
    """The user's scope, loaded with one query and cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    cached: Scope | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    jurisdiction_paths: dict[str, list[str]] = {}
    team_ids: dict[str, set[int]] = {}
    organization_ids: set[int] = set()
    rows = user.role_assignments.active().values_list("role", "jurisdiction__path", "team_id", "organization_id")
    for role, path, team_id, org_id in rows:
        if role in TEAM_ROLES and team_id:
            team_ids.setdefault(role, set()).add(team_id)
        elif role == Role.LIAISON and org_id:
            organization_ids.add(org_id)
        elif path:
            jurisdiction_paths.setdefault(role, []).append(path)
    scope = Scope(
        jurisdiction_paths={r: tuple(p) for r, p in jurisdiction_paths.items()},
        team_ids={r: frozenset(t) for r, t in team_ids.items()},
        organization_ids=frozenset(organization_ids),
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the user's roles change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
