"""Accounts and role assignments: every change is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xuncha.accounts.models import ApiToken, RoleAssignment, User
from xuncha.accounts.roles import ADMIN_ROLES, ROLE_SCOPE, Role, ScopeKind
from xuncha.accounts.scope import forget_scope
from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_record, audit_refusals
from xuncha.core.exceptions import CapabilityMissing, DomainError


def role_grant(*, actor: User | None, user: User, role: str, jurisdiction: Any = None, team: Any = None,
               organization: Any = None) -> RoleAssignment:
    """Give ``user`` a role bound to the scope object the role requires. A refusal is audited with its reason
    (``role.grant``, result denied), outside the transaction that it rolls back."""
    with audit_refusals("role.grant", actor=actor, obj=user, details={"user": user.username, "role": role}):
        return _role_grant(actor=actor, user=user, role=role, jurisdiction=jurisdiction, team=team,
                           organization=organization)


def role_grant_refused(*, actor: User, username: str, role: str, reason: str) -> None:
    """Audit a grant refused before it reached ``role_grant`` (the form's checks: unknown user, scope out of the
    administrator's jurisdictions, missing binding)."""
    audit_record("role.grant", actor=actor, result=AuditResult.DENIED,
                 details={"user": username[:150], "role": role[:40], "reason": reason[:500]})


@transaction.atomic
def _role_grant(*, actor: User | None, user: User, role: str, jurisdiction: Any, team: Any,
                organization: Any) -> RoleAssignment:
    kind = ROLE_SCOPE.get(role)
    if kind is None:
        raise DomainError("未知角色。")
    if actor is not None and actor.pk == user.pk:
        # Separation of duties: nobody widens their own rights.
        raise CapabilityMissing("不能为自己授予角色。")
    held = set(RoleAssignment.objects.active().filter(user=user).values_list("role", flat=True)) - {role}
    if held and (role in ADMIN_ROLES or held & ADMIN_ROLES):
        # 三员分立: an administrator role is held alone, never together with another role.
        conflict = sorted(held & ADMIN_ROLES) or sorted(held)
        raise DomainError(f"三员分立：该用户已担任“{Role(conflict[0]).label}”，不能同时担任“{Role(role).label}”。",
                          fields={"role": ["三员分立：管理员角色不能与其他角色兼任。"]})
    expected = {ScopeKind.JURISDICTION: jurisdiction, ScopeKind.TEAM: team, ScopeKind.ORGANIZATION: organization}
    if expected[kind] is None or sum(x is not None for x in expected.values()) != 1:
        labels = {ScopeKind.JURISDICTION: "党委", ScopeKind.TEAM: "巡察组", ScopeKind.ORGANIZATION: "单位"}
        raise DomainError(f"该角色必须且只能绑定一个{labels[kind]}。")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, jurisdiction=jurisdiction, team=team, organization=organization,
        defaults={"granted_by": actor},
    )
    if not created and assignment.is_active:
        raise DomainError("该用户已拥有这一角色授权。")
    if not created:
        assignment.is_active = True
        assignment.granted_by = actor
        assignment.save(update_fields=["is_active", "granted_by"])
    forget_scope(user)
    audit_record("role.grant", actor=actor, obj=assignment,
                 details={"user": user.username, "role": role, "scope": str(assignment.scope_object)})
    return assignment


def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> RoleAssignment:
    """Withdraw a role; it stops applying at the user's next request (SEC-04). A refusal is audited."""
    with audit_refusals("role.revoke", actor=actor, obj=assignment,
                        details={"user": assignment.user.username, "role": assignment.role}):
        return _role_revoke(actor=actor, assignment=assignment)


@transaction.atomic
def _role_revoke(*, actor: User | None, assignment: RoleAssignment) -> RoleAssignment:
    if not assignment.is_active:
        raise DomainError("该授权已撤销。")
    if actor is not None and actor.pk == assignment.user_id:
        raise CapabilityMissing("不能撤销自己的角色。")
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    forget_scope(assignment.user)
    audit_record("role.revoke", actor=actor, obj=assignment,
                 details={"user": assignment.user.username, "role": assignment.role})
    return assignment


@transaction.atomic
def user_create(*, actor: User | None, username: str, display_name: str, password: str,
                person: Any = None) -> User:
    if User.objects.filter(username=username).exists():
        raise DomainError("用户名已存在。", fields={"username": ["用户名已存在。"]})
    user = User.objects.create_user(username=username, password=password, display_name=display_name,
                                    person=person)
    audit_record("user.create", actor=actor, obj=user)
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Enable or disable an account; disabling ends its sessions at the next request (SEC-13)."""
    if user.pk == actor.pk and not active:
        raise DomainError("不能停用自己的账户。")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record("user.enable" if active else "user.disable", actor=actor, obj=user)
    return user


@transaction.atomic
def api_token_issue(*, actor: User | None, user: User, name: str = "") -> tuple[ApiToken, str]:
    token, raw = ApiToken.issue(user=user, name=name)
    audit_record("api_token.issue", actor=actor, obj=token, details={"user": user.username})
    return token, raw
