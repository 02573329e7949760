"""Reads for the jurisdiction, organisation and cadre pages; every one starts from ``visible_to(actor)``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from xuncha.core.scoping import access, is_visible
from xuncha.orgs.models import Jurisdiction, Organization, Person, Relative, WorkHistory

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def count_subquery(queryset: models.QuerySet[Any], field_name: str) -> Coalesce:
    """An annotation counting the rows of ``queryset`` whose ``field_name`` points at the outer row.

    The rows are taken through ``pk__in`` so that a scope filter with joins cannot inflate the count."""
    rows = queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
    counted = (
        rows.filter(**{field_name: OuterRef("pk")}).order_by().values(field_name)
        .annotate(n=Count("pk")).values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


# ---- Jurisdictions (党委) -------------------------------------------------------------------------------------


@dataclass
class JurisdictionNode:
    """One jurisdiction in the tree, with what the user may see under it counted."""

    jurisdiction: Jurisdiction
    organization_count: int = 0
    inspection_count: int = 0
    children: list[JurisdictionNode] = field(default_factory=list)


def jurisdiction_list(*, actor: User) -> models.QuerySet[Jurisdiction]:
    """Visible jurisdictions in tree order (the page and the API filter them with ``filters.JurisdictionFilter``)."""
    return Jurisdiction.objects.visible_to(actor).select_related("parent").order_by("depth", "division_code")


def organization_counts_by_jurisdiction(*, actor: User) -> dict[int, int]:
    rows = (
        Organization.objects.visible_to(actor).order_by().values("jurisdiction_id")
        .annotate(n=Count("pk")).values_list("jurisdiction_id", "n")
    )
    return dict(rows)


def jurisdiction_tree(*, actor: User, inspection_counts: dict[int, int]) -> list[JurisdictionNode]:
    """The visible jurisdictions as a forest: a node whose parent is out of sight becomes a root."""
    org_counts = organization_counts_by_jurisdiction(actor=actor)
    nodes: dict[int, JurisdictionNode] = {}
    for jurisdiction in jurisdiction_list(actor=actor):
        nodes[jurisdiction.pk] = JurisdictionNode(
            jurisdiction, org_counts.get(jurisdiction.pk, 0), inspection_counts.get(jurisdiction.pk, 0)
        )
    roots: list[JurisdictionNode] = []
    for node in nodes.values():  # by depth, then division code: parents come before their children
        parent = nodes.get(node.jurisdiction.parent_id) if node.jurisdiction.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def jurisdiction_get(*, actor: User, pk: Any) -> Jurisdiction:
    return access(Jurisdiction, actor, pk, queryset=Jurisdiction.objects.select_related("parent"))


def jurisdiction_children(*, actor: User, jurisdiction: Jurisdiction) -> models.QuerySet[Jurisdiction]:
    return Jurisdiction.objects.visible_to(actor).filter(parent=jurisdiction).order_by("division_code")


def jurisdiction_is_visible(*, actor: User, pk: int | None) -> bool:
    return pk is not None and is_visible(Jurisdiction, actor, pk)


# ---- Organisations (党组织) -----------------------------------------------------------------------------------


def organization_list(*, actor: User) -> models.QuerySet[Organization]:
    """Visible organisations for the search table."""
    return (
        Organization.objects.visible_to(actor)
        .select_related("jurisdiction", "parent")
        .order_by("jurisdiction__depth", "jurisdiction__division_code", "depth", "pk")
    )


def organization_search(*, actor: User, q: str) -> models.QuerySet[Organization]:
    """Visible organisations whose name, short name or unit name contains ``q`` (all of them when it is empty), the
    higher ones first: what an organisation picker offers (``core.autocomplete``)."""
    qs = Organization.objects.visible_to(actor).select_related("jurisdiction")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(unit_name__icontains=q))
    return qs.order_by("jurisdiction__depth", "depth", "path")


def _with_child_counts(qs: models.QuerySet[Organization], actor: User) -> models.QuerySet[Organization]:
    return qs.annotate(child_count=count_subquery(Organization.objects.visible_to(actor), "parent"))


def organization_roots(*, actor: User) -> models.QuerySet[Organization]:
    """Top of the visible organisation forest: organisations whose parent is absent or out of sight."""
    visible = Organization.objects.visible_to(actor)
    roots = visible.filter(Q(parent__isnull=True) | ~Q(parent__in=visible.values("pk")))
    # Grouped by jurisdiction (city before counties, by division code); siblings in the order they were entered.
    return _with_child_counts(roots.select_related("jurisdiction"), actor).order_by(
        "jurisdiction__depth", "jurisdiction__division_code", "pk")


def organization_children(*, actor: User, organization: Organization) -> models.QuerySet[Organization]:
    children = Organization.objects.visible_to(actor).filter(parent=organization)
    return _with_child_counts(children, actor).order_by("pk")


def organization_get(*, actor: User, pk: Any) -> Organization:
    qs = Organization.objects.select_related("jurisdiction", "parent")
    return access(Organization, actor, pk, queryset=_with_child_counts(qs, actor))


def organization_is_visible(*, actor: User, pk: int | None) -> bool:
    return pk is not None and is_visible(Organization, actor, pk)


def organization_jurisdiction_organizations(*, actor: User, jurisdiction: Jurisdiction
                                            ) -> models.QuerySet[Organization]:
    return (
        Organization.objects.visible_to(actor).filter(jurisdiction=jurisdiction)
        .select_related("parent").order_by("path")
    )


# ---- Cadres (干部) ---------------------------------------------------------------------------------------------


def person_list(*, actor: User) -> models.QuerySet[Person]:
    return Person.objects.visible_to(actor).select_related("organization")


def person_get(*, actor: User, pk: Any) -> Person:
    qs = (
        Person.objects
        .select_related("organization__jurisdiction", "hometown_jurisdiction")
        .prefetch_related(
            models.Prefetch("work_history", queryset=WorkHistory.objects.select_related("organization")
                            .order_by("-start")),
            models.Prefetch("relatives", queryset=Relative.objects.select_related("organization").order_by("id")),
        )
    )
    return access(Person, actor, pk, queryset=qs)


def mask_identifier(value: str, *, keep_start: int = 4, keep_end: int = 4) -> str:
    """``410103198001011234`` → ``4101**********1234``: enough to tell two records apart, not to use one."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


# ---- API reads -------------------------------------------------------------------------------------------


def person_detail(*, actor: User, pk: int) -> Person:
    """One cadre record with work history and relatives (callers audit the read: see services)."""
    qs = Person.objects.select_related("organization", "hometown_jurisdiction").prefetch_related(
        models.Prefetch("work_history", queryset=WorkHistory.objects.select_related("organization")),
        models.Prefetch("relatives", queryset=Relative.objects.select_related("organization").order_by("id")),
    )
    return access(Person, actor, pk, queryset=qs)
