"""Accounts and role assignments: every change is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from xuncha.accounts import selectors
from xuncha.accounts.models import ApiToken, RecoveryCode, RecoveryCodeDevice, RoleAssignment, User
from xuncha.accounts.passwords import generate_password, generate_recovery_code, remember_password
from xuncha.accounts.roles import ADMIN_ROLES, ROLE_SCOPE, TEAM_ROLES, Role, ScopeKind
from xuncha.accounts.scope import forget_scope
from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_record, audit_refusals
from xuncha.core.exceptions import CapabilityMissing, DomainError

# Checks a grant must pass beyond the role's own rules, registered by the apps that know the scope objects (the
# spine checks that a team role follows the roster: xuncha.inspections.roster). Each takes the user, the role,
# the team (or None), the written reason, and returns what the audit record should say, or raises DomainError.
GrantCheck = Callable[..., dict[str, Any]]
GRANT_CHECKS: list[GrantCheck] = []


def register_grant_check(check: GrantCheck) -> GrantCheck:
    if check not in GRANT_CHECKS:
        GRANT_CHECKS.append(check)
    return check


def role_grant(*, actor: User | None, user: User, role: str, jurisdiction: Any = None, team: Any = None,
               organization: Any = None, reason: str = "") -> RoleAssignment:
    """Give ``user`` a role bound to the scope object the role requires. A role granted by someone passes the
    registered grant checks (a team role follows the roster: ``inspections.roster``); ``reason`` is the office
    director's written reason where one is needed, kept in the audit record. ``actor=None`` is the system
    itself (bootstrap, fixtures). A refusal is audited with its reason (``role.grant``, result denied), outside
    the transaction that it rolls back."""
    with audit_refusals("role.grant", actor=actor, obj=user, details={"user": user.username, "role": role}):
        return _role_grant(actor=actor, user=user, role=role, jurisdiction=jurisdiction, team=team,
                           organization=organization, reason=reason)


def role_grant_refused(*, actor: User, username: str, role: str, reason: str) -> None:
    """Audit a grant refused before it reached ``role_grant`` (the form's checks: unknown user, scope out of the
    administrator's jurisdictions, missing binding)."""
    audit_record("role.grant", actor=actor, result=AuditResult.DENIED,
                 details={"user": username[:150], "role": role[:40], "reason": reason[:500]})


@transaction.atomic
def _role_grant(*, actor: User | None, user: User, role: str, jurisdiction: Any, team: Any,
                organization: Any, reason: str = "") -> RoleAssignment:
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
    if role in ADMIN_ROLES and RoleAssignment.objects.active().filter(user=user, role__in=ADMIN_ROLES).exists():
        # The database holds the same rule (role_assignment_one_admin_duty): one administrator duty, one place.
        raise DomainError("三员分立：管理员职责只能绑定一个党委，该用户已担任此职责。",
                          fields={"role": ["三员分立：一个账户只能担任一项管理员职责。"]})
    expected = {ScopeKind.JURISDICTION: jurisdiction, ScopeKind.TEAM: team, ScopeKind.ORGANIZATION: organization}
    if expected[kind] is None or sum(x is not None for x in expected.values()) != 1:
        labels = {ScopeKind.JURISDICTION: "党委", ScopeKind.TEAM: "巡察组", ScopeKind.ORGANIZATION: "单位"}
        raise DomainError(f"该角色必须且只能绑定一个{labels[kind]}。")
    check: dict[str, Any] = {}
    if actor is not None:  # the system itself (bootstrap, fixtures) grants without the checks
        for grant_check in GRANT_CHECKS:
            check.update(grant_check(user=user, role=role, team=team, reason=reason))
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
    details: dict[str, Any] = {"user": user.username, "role": role, "scope": str(assignment.scope_object), **check}
    if reason.strip():
        details["reason"] = reason.strip()
    audit_record("role.grant", actor=actor, obj=assignment, details=details)
    return assignment


@transaction.atomic
def team_roles_end(*, actor: User | None, team: Any, person_id: int) -> list[RoleAssignment]:
    """End the team roles that the accounts of a cadre hold on ``team`` once they leave its roster (audited
    as ``role.end``). Called by the planning service that removes the membership."""
    ended = list(RoleAssignment.objects.active().filter(team=team, role__in=TEAM_ROLES, user__person_id=person_id)
                 .select_related("user"))
    for assignment in ended:
        assignment.is_active = False
        assignment.save(update_fields=["is_active"])
        forget_scope(assignment.user)
        audit_record("role.end", actor=actor, obj=assignment,
                     details={"user": assignment.user.username, "role": assignment.role, "team": team.pk,
                              "why": "membership_removed"})
    return ended


@transaction.atomic
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
    # The administrator knows this password: the first sign-in must replace it.
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
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
                           team: int | None = None, organization: int | None = None,
                           reason: str = "") -> RoleAssignment:
    """Grant a role, the scope object resolved inside the security administrator's jurisdictions."""
    selectors.require_role(actor, Role.SECURITY_ADMIN, "接口不存在。")
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


# ---- Passwords and the second factor ---------------------------------------------------------------------------

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def password_change(*, user: User, new_password: str) -> User:
    """The user's own change (validated by the caller's form): the old hash goes to the history, a password
    the administrator set no longer has to be changed, and the expiry clock starts again."""
    remember_password(user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    audit_record("auth.password_changed", actor=user, obj=user)
    return user


@transaction.atomic
def user_password_reset(*, actor: User, user: User) -> str:
    """The system administrator's reset: a generated one-time password, returned once to be handed over in
    person; the user must change it at the next sign-in. Ends the user's sessions (the session hash changes)
    and clears the account's lock-out."""
    from axes.models import AccessAttempt

    if actor.pk == user.pk:
        raise DomainError("不能重置自己的密码，请在“账户安全”中修改。")
    raw = generate_password()
    remember_password(user)
    user.set_password(raw)
    user.must_change_password = True
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    AccessAttempt.objects.filter(username=user.username).delete()
    audit_record("user.password_reset", actor=actor, obj=user)
    return raw


@transaction.atomic
def user_otp_reset(*, actor: User, user: User) -> int:
    """The system administrator removes a user's second factor (a lost phone): the user enrols again at the next
    sign-in. Returns the number of devices removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor.pk == user.pk:
        raise DomainError("不能重置自己的双因素认证。")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    audit_record("user.otp_reset", actor=actor, obj=user, details={"devices": removed})
    return int(removed)


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Ten new one-time recovery codes (the earlier ones stop working), returned once; only digests are kept."""
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = generate_recovery_code()
        if code not in codes:
            codes.append(code)
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, digest=RecoveryCode.digest_of(user.pk, c))
                                     for c in codes)
    audit_record("auth.recovery_codes_issued", actor=user, obj=user, details={"count": len(codes)})
    return codes


@transaction.atomic
def totp_confirm(*, user: User, device: Any, token: str) -> bool:
    """Confirm a new TOTP device with a code from it; it replaces any earlier one. Audited either way."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if device.user_id != user.pk or not device.verify_token(token):
        audit_record("auth.otp_failed", actor=user, obj=user, result=AuditResult.FAILURE,
                     details={"step": "enrol"})
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record("auth.otp_enrolled", actor=user, obj=user)
    return True
