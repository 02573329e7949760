"""Writes of the administrators' API that resolve scope objects inside the administrator's jurisdictions; each
ends in the accounts service that audits it."""

from __future__ import annotations

from typing import Any

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Role
from xuncha.accounts.selectors import require_role
from xuncha.accounts.services import role_grant, role_revoke
from xuncha.administration import selectors
from xuncha.audit.services import audit_refusals
from xuncha.core.exceptions import CapabilityMissing, DomainError

# ---- Role grants through the API (scope objects resolved inside the administrator's jurisdictions) ---------


def _refuse_self(actor: User, user: User) -> None:
    # Separation of duties: a security administrator cannot widen or narrow their own rights.
    if user.pk == actor.pk:
        raise CapabilityMissing("不能为自己授予或撤销角色。")


def role_assignment_create(*, actor: User, username: str, role: str, jurisdiction: int | None = None,
                           team: int | None = None, organization: int | None = None,
                           reason: str = "") -> RoleAssignment:
    """Grant a role, the scope object resolved inside the security administrator's jurisdictions."""
    require_role(actor, Role.SECURITY_ADMIN, "接口不存在。")
    # Refusals here are audited like those of role_grant itself (which audits its own).
    with audit_refusals("role.grant", actor=actor, details={"user": username[:150], "role": role}):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise DomainError("用户不存在。", fields={"username": ["用户不存在。"]})
        _refuse_self(actor, user)
        scope: dict[str, Any] = {}
        labels = {"jurisdiction": "党委", "team": "巡察组", "organization": "单位"}
        allowed = selectors.grantable_scope_objects(actor)
        for kind, pk in (("jurisdiction", jurisdiction), ("team", team), ("organization", organization)):
            if pk is None:
                continue
            obj = allowed[kind].filter(pk=pk).first()
            if obj is None:
                message = f"{labels[kind]}不存在或不在您的管辖范围内。"
                raise DomainError(message, fields={kind: [message]})
            scope[kind] = obj
    return role_grant(actor=actor, user=user, role=role, reason=reason, **scope)


def role_assignment_revoke(*, actor: User, pk: int) -> RoleAssignment:
    """Withdraw an assignment the security administrator manages."""
    assignment = selectors.role_assignment_detail(actor=actor, pk=pk)
    with audit_refusals("role.revoke", actor=actor, obj=assignment,
                        details={"user": assignment.user.username, "role": assignment.role}):
        _refuse_self(actor, assignment.user)
    return role_revoke(actor=actor, assignment=assignment)


