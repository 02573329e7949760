"""Reads for the jurisdiction, organisation and cadre pages; every one starts from ``visible_to(actor)``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from xuncha.orgs.models import Jurisdiction, Organization, Person, Relative, TimeLimits, WorkHistory

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


def jurisdiction_list(*, actor: User, q: str = "") -> models.QuerySet[Jurisdiction]:
    """Visible jurisdictions in tree order, optionally narrowed by name, committee name or division code."""
    qs = Jurisdiction.objects.visible_to(actor).select_related("parent")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(committee_name__icontains=q) | Q(division_code__startswith=q))
    return qs.order_by("depth", "division_code")


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
    found: Jurisdiction = get_object_or_404(Jurisdiction.objects.visible_to(actor).select_related("parent"), pk=pk)
    return found


def jurisdiction_children(*, actor: User, jurisdiction: Jurisdiction) -> models.QuerySet[Jurisdiction]:
    return Jurisdiction.objects.visible_to(actor).filter(parent=jurisdiction).order_by("division_code")


def jurisdiction_is_visible(*, actor: User, pk: int | None) -> bool:
    return pk is not None and Jurisdiction.objects.visible_to(actor).filter(pk=pk).exists()


@dataclass(frozen=True)
class LimitRow:
    label: str
    value: int
    unit: str


@dataclass(frozen=True)
class EffectiveLimits:
    """The time limits that apply in a jurisdiction and where they come from."""

    rows: list[LimitRow]
    source: Jurisdiction | None  # the jurisdiction whose row applies; None: the system defaults
    inherited: bool
    updated_at: Any


_UNIT_SUFFIXES = (
    ("_working_days", gettext_lazy("个工作日"), "工作日"),
    ("_days", gettext_lazy("天"), "天"),
    ("_months", gettext_lazy("个月"), "月"),
    ("_years", gettext_lazy("年"), "年"),
    ("_percent", gettext_lazy("%"), "%"),
)


def _unit_of(field_name: str, label: str) -> str:
    for suffix, unit, bracketed in _UNIT_SUFFIXES:
        if f"{suffix}_" in f"{field_name}_":
            # A label that already names its unit in brackets ("（工作日）", "（%）") needs no unit after the value.
            return "" if f"（{bracketed}）" in label else str(unit)
    return ""


def effective_time_limits(jurisdiction: Jurisdiction) -> EffectiveLimits:
    limits = TimeLimits.effective_for(jurisdiction)
    rows = []
    for name in TimeLimits.editable_fields():
        label = str(getattr(TimeLimits._meta.get_field(name), "verbose_name", name))
        rows.append(LimitRow(label, getattr(limits, name), _unit_of(name, label)))
    if limits.pk is None:
        return EffectiveLimits(rows, None, True, None)
    return EffectiveLimits(rows, limits.jurisdiction, limits.jurisdiction_id != jurisdiction.pk, limits.updated_at)


# ---- Organisations (党组织) -----------------------------------------------------------------------------------


def organization_list(*, actor: User) -> models.QuerySet[Organization]:
    """Visible organisations for the search table."""
    return (
        Organization.objects.visible_to(actor)
        .select_related("jurisdiction", "parent")
        .order_by("jurisdiction__depth", "jurisdiction__division_code", "depth", "pk")
    )


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
    qs = Organization.objects.visible_to(actor).select_related("jurisdiction", "parent")
    return get_object_or_404(_with_child_counts(qs, actor), pk=pk)


def organization_is_visible(*, actor: User, pk: int | None) -> bool:
    return pk is not None and Organization.objects.visible_to(actor).filter(pk=pk).exists()


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
        Person.objects.visible_to(actor)
        .select_related("organization__jurisdiction", "hometown_jurisdiction")
        .prefetch_related(
            models.Prefetch("work_history", queryset=WorkHistory.objects.select_related("organization")
                            .order_by("-start")),
            models.Prefetch("relatives", queryset=Relative.objects.select_related("organization").order_by("id")),
        )
    )
    return get_object_or_404(qs, pk=pk)


def mask_identifier(value: str, *, keep_start: int = 4, keep_end: int = 4) -> str:
    """``410103198001011234`` → ``4101**********1234``: enough to tell two records apart, not to use one."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
