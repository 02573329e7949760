"""Accounts and role assignments: every change is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xuncha.accounts import selectors
from xuncha.accounts.models import ApiToken, RoleAssignment, User
from xuncha.accounts.roles import ADMIN_ROLES, ROLE_SCOPE, Role, ScopeKind
from xuncha.accounts.scope import forget_scope
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import CapabilityMissing, DomainError


@transaction.atomic
def role_grant(*, actor: User | None, user: User, role: str, jurisdiction: Any = None, team: Any = None,
               organization: Any = None) -> RoleAssignment:
    """Give ``user`` a role bound to the scope object the role requires."""
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


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> RoleAssignment:
    """Withdraw a role; it stops applying at the user's next request (SEC-04)."""
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


# ---- Role grants through the API (scope objects resolved inside the administrator's jurisdictions) ---------


def _refuse_self(actor: User, user: User) -> None:
    # Separation of duties: a security administrator cannot widen or narrow their own rights.
    if user.pk == actor.pk:
        raise CapabilityMissing("不能为自己授予或撤销角色。")


def role_assignment_create(*, actor: User, username: str, role: str, jurisdiction: int | None = None,
                           team: int | None = None, organization: int | None = None) -> RoleAssignment:
    """Grant a role, the scope object resolved inside the security administrator's jurisdictions."""
    selectors.require_role(actor, Role.SECURITY_ADMIN, "接口不存在。")
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
    return role_grant(actor=actor, user=user, role=role, **scope)


def role_assignment_revoke(*, actor: User, pk: int) -> RoleAssignment:
    """Withdraw an assignment the security administrator manages."""
    assignment = selectors.role_assignment_detail(actor=actor, pk=pk)
    _refuse_self(actor, assignment.user)
    return role_revoke(actor=actor, assignment=assignment)
