"""Accounts and role assignments: every change is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xuncha.accounts import selectors
from xuncha.accounts.models import ApiToken, RoleAssignment, User
from xuncha.accounts.roles import ADMIN_ROLES, ROLE_SCOPE, TEAM_ROLES, Role, ScopeKind
from xuncha.accounts.scope import forget_scope
from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_record, audit_refusals
from xuncha.core.exceptions import CapabilityMissing, DomainError

# A team role follows the cadre's place on the roster: which places each role needs.
TEAM_ROLE_SEATS: dict[str, tuple[str, ...]] = {
    Role.TEAM_LEADER: ("leader",),
    Role.TEAM_DEPUTY: ("deputy_leader",),
    Role.TEAM_MEMBER: ("leader", "deputy_leader", "member", "liaison_officer"),
}
# A reason the office director gave in writing must say something (as for keeping a recusal warning).
REASON_MIN_LENGTH = 10


def team_role_check(*, user: User, role: str, team: Any, reason: str = "") -> dict[str, Any]:
    """Refuse a team role that does not follow the roster: the account must be linked to a cadre on ``team``
    in a matching place, with no recusal ground standing against the team's targets, and a team whose
    inspection has already withdrawn needs the office director's written reason. Returns what the audit
    record should say about the check."""
    from xuncha.inspections.models import Inspection, MembershipRole, TeamMembership
    from xuncha.inspections.recusal import team_recusal
    from xuncha.inspections.workflow import ORDER, InspectionStatus

    role_label = Role(role).label
    if user.person_id is None:
        raise DomainError(f"该账户未关联干部，不能授予“{role_label}”：巡察组角色只授予该组名单上的干部。",
                          fields={"user": ["账户未关联干部。"]})
    membership = TeamMembership.objects.filter(team=team, person_id=user.person_id).select_related("person").first()
    if membership is None:
        raise DomainError(f"{user.person}不在{team}的成员名单上，不能授予“{role_label}”；请先由巡察办将其选配入组。",
                          fields={"user": ["不在该巡察组名单上。"]})
    if membership.role not in TEAM_ROLE_SEATS[role]:
        raise DomainError(
            f"{membership.person.name}在{team}任{MembershipRole(membership.role).label}，不能授予“{role_label}”。",
            fields={"role": ["与组内职务不符。"]})
    hits = [h for h in team_recusal(team) if h.membership_id == membership.pk and h.stands]
    if hits:
        facts = "；".join(f"对{h.organization_name}：{h.rule_label}（{h.reason}）" for h in hits)
        if any(h.is_blocking for h in hits):
            message = f"{membership.person.name}存在必须回避的情形，不能授予巡察组角色：{facts}。"
        else:
            message = (f"{membership.person.name}有尚未决定的回避提示，须先由巡察办主任在巡察组页面写明理由决定"
                       f"是否保留：{facts}。")
        raise DomainError(message, fields={"user": ["存在回避情形。"]})
    withdrawn = [i.code for i in Inspection.objects.filter(team=team)
                 if ORDER.index(i.status) > ORDER.index(InspectionStatus.STATIONED)]
    reason = reason.strip()
    if withdrawn and len(reason) < REASON_MIN_LENGTH:
        message = (f"{team}承担的巡察（{'、'.join(withdrawn)}）已撤驻，授予巡察组角色须填写巡察办主任书面说明的理由"
                   f"（不少于{REASON_MIN_LENGTH}个字）。")
        raise DomainError(message, fields={"reason": [message]})
    return {"person": membership.person_id, "membership_role": membership.role,
            **({"withdrawn": withdrawn} if withdrawn else {})}


def role_grant(*, actor: User | None, user: User, role: str, jurisdiction: Any = None, team: Any = None,
               organization: Any = None, reason: str = "") -> RoleAssignment:
    """Give ``user`` a role bound to the scope object the role requires. A team role granted by someone
    follows the roster (``team_role_check``); ``reason`` is the office director's written reason where one is
    needed, kept in the audit record. ``actor=None`` is the system itself (bootstrap, fixtures). A refusal is
    audited with its reason (``role.grant``, result denied), outside the transaction that it rolls back."""
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
    expected = {ScopeKind.JURISDICTION: jurisdiction, ScopeKind.TEAM: team, ScopeKind.ORGANIZATION: organization}
    if expected[kind] is None or sum(x is not None for x in expected.values()) != 1:
        labels = {ScopeKind.JURISDICTION: "党委", ScopeKind.TEAM: "巡察组", ScopeKind.ORGANIZATION: "单位"}
        raise DomainError(f"该角色必须且只能绑定一个{labels[kind]}。")
    check: dict[str, Any] = {}
    if role in TEAM_ROLES and actor is not None:
        check = team_role_check(user=user, role=role, team=team, reason=reason)
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
