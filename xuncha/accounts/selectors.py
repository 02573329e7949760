"""Reads of accounts every other app may use: page-kind and role gates (404 for a page a role never uses), the
caller's own role assignments, and the helpers the administrators' selectors build on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.http import Http404

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of


def require_capability(actor: User, cap: Cap) -> None:
    """404 unless one of the actor's roles holds ``cap``: an administration page that the user's roles never
    use does not exist for them (ADR-0004)."""
    if cap not in scope_of(actor).capabilities():
        raise Http404("页面不存在或无权查看。")


def require_role(actor: User, role: str, message: str = "页面不存在或无权查看。") -> None:
    """404 unless the caller holds ``role``: a page or endpoint reserved to one of the three administrators
    "does not exist" for everyone else."""
    if not scope_of(actor).has_role(role):
        raise Http404(message)


def under_paths(paths: Iterable[str], field: str) -> Q:
    """Rows whose ``<field>`` (a materialised path) lies in one of the subtrees rooted at ``paths``."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def admin_paths(actor: User, role: str) -> tuple[str, ...]:
    return scope_of(actor).admin_paths(role)


def as_pk(value: Any) -> int:
    """A primary key from the URL or a form; anything else matches no row (0)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def my_role_assignments(actor: User) -> list[RoleAssignment]:
    """The caller's active role assignments with their scope objects."""
    return list(
        actor.role_assignments.active()
        .select_related("jurisdiction", "team", "organization")
        .order_by("role", "id")
    )

