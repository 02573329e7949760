"""Writes the API needs that no app service covers yet. Each belongs in its app's ``services.py``
(``time_limits_set`` in orgs, the grant guards in accounts); they live here until moved, and the
endpoints only call them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Role
from xuncha.accounts.scope import scope_of
from xuncha.accounts.services import role_grant, role_revoke
from xuncha.api import selectors
from xuncha.audit.models import AuditResult
from xuncha.audit.services import audit_record, audit_refusals
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.orgs.models import Jurisdiction, Person, TimeLimits


def time_limit_label(field: str) -> str:
    """The Chinese name of one time-limit field (its verbose_name)."""
    model_field = TimeLimits._meta.get_field(field)
    return str(getattr(model_field, "verbose_name", field))


def _check_time_limits(limits: TimeLimits) -> None:
    """Rules across fields (one field's range is checked by the input schema)."""
    errors: dict[str, list[str]] = {}
    shortest_stay = min(limits.fieldwork_days_routine, limits.fieldwork_days_special)
    if limits.petition_cutoff_days_before_end >= shortest_stay:
        errors["petition_cutoff_days_before_end"] = [
            f"{time_limit_label('petition_cutoff_days_before_end')}必须少于进驻天数（{shortest_stay} 天）。"]
    if limits.lead_feedback_due_months > limits.lead_closure_target_months:
        errors["lead_feedback_due_months"] = [
            f"{time_limit_label('lead_feedback_due_months')}不能长于{time_limit_label('lead_closure_target_months')}。"]
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(first, fields=errors)


def can_configure(actor: User, jurisdiction: Jurisdiction) -> bool:
    """Configuration belongs to the system administrator of that jurisdiction or one above it."""
    return any(jurisdiction.path.startswith(p) for p in scope_of(actor).admin_paths(Role.SYSTEM_ADMIN))


@transaction.atomic
def time_limits_set(*, actor: User, jurisdiction: Jurisdiction, values: dict[str, int]) -> TimeLimits:
    """Give ``jurisdiction`` its own time limits. Fields not given keep the value in force (its own, an
    ancestor's or the default), so the first write turns inherited values into own ones. Audited as
    ``config.time_limits`` with each changed field's old and new value."""
    if not can_configure(actor, jurisdiction):
        raise CapabilityMissing("只有本级或上级党委的系统管理员可以修改期限参数。")
    editable = TimeLimits.editable_fields()
    unknown = set(values) - set(editable)
    if unknown:
        raise DomainError("不支持的字段。", fields={f: ["不支持此字段。"] for f in sorted(unknown)})
    own = TimeLimits.objects.select_for_update().filter(jurisdiction=jurisdiction).first()
    created = own is None
    if own is None:
        base = TimeLimits.effective_for(jurisdiction)
        own = TimeLimits(jurisdiction=jurisdiction, **{f: getattr(base, f) for f in editable})
    changes = {f: {"from": getattr(own, f), "to": v} for f, v in values.items() if getattr(own, f) != v}
    for field, value in values.items():
        setattr(own, field, value)
    _check_time_limits(own)
    if not created and not changes:
        return own
    own.save()
    audit_record("config.time_limits", actor=actor, obj=own,
                 details={"jurisdiction": jurisdiction.pk, "created": created, "changes": changes})
    return own


def person_read(*, actor: User, pk: int) -> Person:
    """Load one cadre record and audit the read (a confidential read, SEC audit: every view logged).
    A refused attempt is logged too, so that probing for records shows in the log."""
    try:
        person = selectors.person_get(actor=actor, pk=pk)
    except Http404:
        audit_record("person.read", actor=actor, object_type="orgs.person", object_id=str(pk),
                     result=AuditResult.DENIED)
        raise
    audit_record("person.read", actor=actor, obj=person)
    return person


def _refuse_self(actor: User, user: User) -> None:
    # Separation of duties: a security administrator cannot widen or narrow their own rights.
    if user.pk == actor.pk:
        raise CapabilityMissing("不能为自己授予或撤销角色。")


def role_assignment_create(*, actor: User, username: str, role: str, jurisdiction: int | None = None,
                           team: int | None = None, organization: int | None = None) -> RoleAssignment:
    """Grant a role, the scope object resolved inside the security administrator's jurisdictions."""
    selectors.require_role(actor, Role.SECURITY_ADMIN)
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
    return role_grant(actor=actor, user=user, role=role, **scope)


def role_assignment_revoke(*, actor: User, pk: int) -> RoleAssignment:
    """Withdraw an assignment the security administrator manages."""
    assignment = selectors.role_assignment_get(actor=actor, pk=pk)
    with audit_refusals("role.revoke", actor=actor, obj=assignment,
                        details={"user": assignment.user.username, "role": assignment.role}):
        _refuse_self(actor, assignment.user)
    return role_revoke(actor=actor, assignment=assignment)
