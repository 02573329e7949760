"""Reads behind the API: every query starts from ``Model.objects.visible_to(actor)`` (ADR-0004), so an
object out of scope is simply absent and its detail answers 404, exactly like one that does not exist.

Per-caller values that are not columns (the targets a caller may see, whether a team's members are
shown, the transitions a caller may take) are attached to the instances with ``attach`` and read by
the response schemas.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404
from django.utils import timezone

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Cap, Role
from xuncha.accounts.scope import scope_of
from xuncha.audit.models import AuditEvent
from xuncha.core.models import StatusChange
from xuncha.orgs.models import Jurisdiction, Organization, Person, Relative, TimeLimits, WorkHistory
from xuncha.planning.access import access_inspection, inspection_capabilities
from xuncha.planning.models import Inspection, MembershipRole, Round, Team, TeamMembership, Term
from xuncha.planning.services import inspection_available_transitions
from xuncha.taxonomy.models import Framework, FrameworkNode


def attach[T](obj: T, **values: Any) -> T:
    """Carry per-request values on an instance for the response schema (like an annotation)."""
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def _first_or_404[M: models.Model](model: type[M], queryset: models.QuerySet[Any], message: str, **lookup: Any
                                   ) -> M:
    """The one object of ``queryset`` (a scoped query of ``model``) that matches, or a 404 with ``message``."""
    obj: M | None = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404(message)
    return obj


def require_role(actor: User, role: str) -> None:
    """404 unless the caller holds ``role``: an endpoint reserved to one of the three administrators
    "does not exist" for everyone else."""
    if not scope_of(actor).has_role(role):
        raise Http404("接口不存在。")


# --- me ---------------------------------------------------------------------------------------


def my_role_assignments(actor: User) -> list[RoleAssignment]:
    """The caller's active role assignments with their scope objects."""
    return list(
        actor.role_assignments.active()
        .select_related("jurisdiction", "team", "organization")
        .order_by("role", "id")
    )


# --- jurisdictions and their time limits ---------------------------------------------------------


def jurisdiction_list(*, actor: User, q: str | None = None, parent: int | None = None
                      ) -> models.QuerySet[Jurisdiction]:
    qs = Jurisdiction.objects.visible_to(actor)
    if q:
        qs = qs.filter(models.Q(name__icontains=q) | models.Q(committee_name__icontains=q))
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    return qs.order_by("path")


def jurisdiction_get(*, actor: User, pk: int) -> Jurisdiction:
    return _first_or_404(Jurisdiction, Jurisdiction.objects.visible_to(actor), "党委不存在或无权查看。", pk=pk)


@dataclass(frozen=True)
class EffectiveTimeLimits:
    """The limits in force in one jurisdiction and where they come from."""

    jurisdiction: Jurisdiction
    limits: TimeLimits
    # "own": set for this jurisdiction; "ancestor": inherited from a superior one; "default": built-in values
    source: str
    source_jurisdiction: Jurisdiction | None

    @property
    def inherited(self) -> bool:
        return self.source != "own"


def time_limits_effective(jurisdiction: Jurisdiction) -> EffectiveTimeLimits:
    """``TimeLimits.effective_for`` plus whether the values are inherited, and from whom."""
    limits = TimeLimits.effective_for(jurisdiction)
    if limits.pk is None:
        return EffectiveTimeLimits(jurisdiction, limits, "default", None)
    if limits.jurisdiction_id == jurisdiction.pk:
        return EffectiveTimeLimits(jurisdiction, limits, "own", jurisdiction)
    source = Jurisdiction.objects.filter(pk=limits.jurisdiction_id).first()
    return EffectiveTimeLimits(jurisdiction, limits, "ancestor", source)


# --- organisations and people ----------------------------------------------------------------------


def organization_list(*, actor: User, q: str | None = None, jurisdiction: int | None = None,
                      parent: int | None = None, sector: str | None = None, org_type: str | None = None
                      ) -> models.QuerySet[Organization]:
    qs = Organization.objects.visible_to(actor).select_related("jurisdiction")
    if q:
        qs = qs.filter(models.Q(name__icontains=q) | models.Q(short_name__icontains=q))
    if jurisdiction is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction)
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if sector:
        qs = qs.filter(sector=sector)
    if org_type:
        qs = qs.filter(org_type=org_type)
    return qs.order_by("path")


def organization_get(*, actor: User, pk: int) -> Organization:
    return _first_or_404(Organization, Organization.objects.visible_to(actor).select_related("jurisdiction"),
                         "党组织不存在或无权查看。", pk=pk)


def person_list(*, actor: User, q: str | None = None, organization: int | None = None
                ) -> models.QuerySet[Person]:
    qs = Person.objects.visible_to(actor).select_related("organization")
    if q:
        qs = qs.filter(name__icontains=q)
    if organization is not None:
        qs = qs.filter(organization_id=organization)
    return qs


def person_get(*, actor: User, pk: int) -> Person:
    """One cadre record with work history and relatives (callers audit the read: see services)."""
    qs = Person.objects.visible_to(actor).select_related("organization", "hometown_jurisdiction").prefetch_related(
        models.Prefetch("work_history", queryset=WorkHistory.objects.select_related("organization")),
        models.Prefetch("relatives", queryset=Relative.objects.select_related("organization").order_by("id")),
    )
    return _first_or_404(Person, qs, "干部不存在或无权查看。", pk=pk)


# --- terms, rounds, teams ----------------------------------------------------------------------------


def term_list(*, actor: User, jurisdiction: int | None = None) -> models.QuerySet[Term]:
    qs = Term.objects.visible_to(actor).select_related("jurisdiction")
    if jurisdiction is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction)
    return qs


def term_get(*, actor: User, pk: int) -> Term:
    return _first_or_404(Term, Term.objects.visible_to(actor).select_related("jurisdiction"), "届不存在或无权查看。",
                         pk=pk)


def _round_qs(actor: User) -> models.QuerySet[Round]:
    return Round.objects.visible_to(actor).select_related(
        "term", "jurisdiction", "focus_framework", "eight_rules_framework")


def round_list(*, actor: User, term: int | None = None, year: int | None = None) -> models.QuerySet[Round]:
    qs = _round_qs(actor)
    if term is not None:
        qs = qs.filter(term_id=term)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def round_get(*, actor: User, pk: int) -> Round:
    return _first_or_404(Round, _round_qs(actor), "轮次不存在或无权查看。", pk=pk)


def _team_qs(actor: User) -> models.QuerySet[Team]:
    leaders = TeamMembership.objects.filter(role=MembershipRole.LEADER).select_related("person")
    return Team.objects.visible_to(actor).select_related("round__jurisdiction", "home_jurisdiction").prefetch_related(
        models.Prefetch("memberships", queryset=leaders, to_attr="leader_memberships"))


def team_list(*, actor: User, round: int | None = None) -> models.QuerySet[Team]:
    qs = _team_qs(actor)
    if round is not None:
        qs = qs.filter(round_id=round)
    return qs


def team_members_visible(actor: User, team: Team) -> bool:
    """The member list is shown to whoever plans over the team's jurisdiction or is on the team; a liaison
    sees only the team's name and leader (spec §3.2: 被巡察单位 reads group composition by names)."""
    caps = scope_of(actor).capabilities_at(jurisdiction_path=team.round.jurisdiction.path, team_ids={team.pk})
    return Cap.VIEW_PLANNING in caps


def team_get(*, actor: User, pk: int) -> Team:
    team = _first_or_404(Team, _team_qs(actor), "巡察组不存在或无权查看。", pk=pk)
    members = None
    if team_members_visible(actor, team):
        members = list(team.memberships.select_related("person").order_by("order", "id"))
    return attach(team, api_members=members)


# --- inspections --------------------------------------------------------------------------------------


def inspection_list(*, actor: User, round: int | None = None, status: str | None = None,
                    inspection_type: str | None = None, team: int | None = None,
                    organization: int | None = None) -> models.QuerySet[Inspection]:
    qs = Inspection.objects.visible_to(actor).with_related()
    if round is not None:
        qs = qs.filter(round_id=round)
    if status:
        qs = qs.filter(status=status)
    if inspection_type:
        qs = qs.filter(inspection_type=inspection_type)
    if team is not None:
        qs = qs.filter(team_id=team)
    if organization is not None:
        qs = qs.filter(targets__organization_id=organization)
    return qs


def attach_visible_targets(actor: User, inspections: list[Inspection]) -> None:
    """Keep, per inspection, only the targets the caller may see: a liaison of one organisation in a
    1托N inspection does not learn which other organisations are inspected with it. One query per page."""
    org_ids = {t.organization_id for i in inspections for t in i.targets.all()}
    visible = set(Organization.objects.visible_to(actor).filter(pk__in=org_ids).values_list("pk", flat=True))
    for inspection in inspections:
        attach(inspection, api_targets=[t.organization for t in inspection.targets.all()
                                            if t.organization_id in visible])


def inspection_detail(*, actor: User, pk: int) -> Inspection:
    """One inspection through ``access_inspection``, with its history (for those who plan or work on it;
    a liaison sees the stage dates, not who moved it or their notes) and the caller's transitions."""
    inspection = access_inspection(actor, pk)
    attach_visible_targets(actor, [inspection])
    caps = inspection_capabilities(actor, inspection)
    history = list(StatusChange.for_object(inspection)) if Cap.VIEW_PLANNING in caps else None
    related_ids = [i for i in (inspection.parent_inspection_id, inspection.revisit_of_id) if i]
    visible_related = {
        i.pk: i for i in Inspection.objects.visible_to(actor).filter(pk__in=related_ids).only("id", "code")
    } if related_ids else {}
    return attach(
        inspection,
        api_history=history,
        api_transitions=inspection_available_transitions(actor, inspection),
        api_parent=visible_related.get(inspection.parent_inspection_id or 0),
        api_revisit_of=visible_related.get(inspection.revisit_of_id or 0),
    )


# --- frameworks -------------------------------------------------------------------------------------


def frameworks_visible_to(actor: User) -> models.QuerySet[Framework]:
    """Reference dictionaries: open to every role except the security auditor, whose only business is
    the audit log (三员分立). The system administrator maintains them; others classify with them."""
    roles = scope_of(actor).roles
    if roles - {Role.SECURITY_AUDITOR}:
        return Framework.objects.all()
    return Framework.objects.none()


def framework_list(*, actor: User, kind: str | None = None, valid_on: datetime.date | None = None
                   ) -> models.QuerySet[Framework]:
    qs = frameworks_visible_to(actor)
    if kind:
        qs = qs.filter(kind=kind)
    if valid_on is not None:
        in_force = models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=valid_on)
        qs = qs.filter(in_force, valid_from__lte=valid_on)
    return qs.order_by("kind", "valid_from")


def framework_get(*, actor: User, code: str) -> Framework:
    """One framework with its items as a tree (``api_node_tree``), read in one query."""
    framework = _first_or_404(Framework, frameworks_visible_to(actor), "分类体系版本不存在或无权查看。", code=code)
    nodes = list(FrameworkNode.objects.filter(framework=framework).order_by("order", "id"))
    children: dict[int | None, list[dict[str, Any]]] = {}
    by_id: dict[int, dict[str, Any]] = {}
    for node in nodes:
        by_id[node.pk] = {"code": node.code, "name": node.name, "level": node.level, "children": []}
    for node in nodes:
        parent = node.parent_id if node.parent_id in by_id else None
        children.setdefault(parent, []).append(by_id[node.pk])
    for node in nodes:
        by_id[node.pk]["children"] = children.get(node.pk, [])
    return attach(framework, api_node_tree=children.get(None, []))


# --- audit log ------------------------------------------------------------------------------------------


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_event_list(*, actor: User, action: str | None = None, actor_username: str | None = None,
                     object_type: str | None = None, object_id: str | None = None, result: str | None = None,
                     date_from: datetime.date | None = None, date_to: datetime.date | None = None
                     ) -> models.QuerySet[AuditEvent]:
    """The audit log, for the security auditor only; dates are local (Asia/Shanghai) and inclusive."""
    require_role(actor, Role.SECURITY_AUDITOR)
    qs = AuditEvent.objects.visible_to(actor)
    if action:
        qs = qs.filter(action=action)
    if actor_username:
        qs = qs.filter(actor_username=actor_username)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if result:
        qs = qs.filter(result=result)
    if date_from is not None:
        qs = qs.filter(created_at__gte=_day_start(date_from))
    if date_to is not None:
        qs = qs.filter(created_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return qs.order_by("-id")


def audit_details(event: AuditEvent) -> dict[str, Any]:
    """The event's details as stored (canonical JSON); a row that is not JSON is shown raw."""
    try:
        value = json.loads(event.details or "{}")
    except ValueError:
        return {"raw": event.details}
    return value if isinstance(value, dict) else {"value": value}


# --- role assignments -------------------------------------------------------------------------------


def _under_admin_paths(actor: User, prefix: str) -> models.Q:
    """Rows whose ``<prefix>path`` lies under one of the caller's security-administrator jurisdictions."""
    q = models.Q(pk__in=[])
    for path in scope_of(actor).admin_paths(Role.SECURITY_ADMIN):
        q |= models.Q(**{f"{prefix}path__startswith": path})
    return q


def role_assignment_list(*, actor: User, username: str | None = None, role: str | None = None,
                         is_active: bool | None = None) -> models.QuerySet[RoleAssignment]:
    """Role assignments the security administrator manages: those bound inside their jurisdictions."""
    require_role(actor, Role.SECURITY_ADMIN)
    # Teams are placed by their round's jurisdiction, organisations by their own.
    in_scope = (_under_admin_paths(actor, "jurisdiction__")
                | _under_admin_paths(actor, "team__round__jurisdiction__")
                | _under_admin_paths(actor, "organization__jurisdiction__"))
    qs = RoleAssignment.objects.filter(in_scope).select_related(
        "user", "jurisdiction", "team", "organization", "granted_by")
    if username:
        qs = qs.filter(user__username=username)
    if role:
        qs = qs.filter(role=role)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    return qs.order_by("-created_at", "-id")


def role_assignment_get(*, actor: User, pk: int) -> RoleAssignment:
    return _first_or_404(RoleAssignment, role_assignment_list(actor=actor), "角色授权不存在或无权查看。", pk=pk)


def grantable_scope_objects(actor: User) -> dict[str, models.QuerySet[Any]]:
    """Where a security administrator may bind a role: jurisdictions, teams and organisations inside
    their own jurisdictions (team rows are read here for their id and name only)."""
    return {
        "jurisdiction": Jurisdiction.objects.filter(_under_admin_paths(actor, "")),
        "team": Team.objects.filter(_under_admin_paths(actor, "round__jurisdiction__")),
        "organization": Organization.objects.filter(_under_admin_paths(actor, "jurisdiction__")),
    }
