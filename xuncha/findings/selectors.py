"""The reads of findings: every list starts from ``Finding.objects.visible_to(actor)`` (which applies the grants of
``FindingQuerySet``), every read of a finding's evidence is audited, and the pickers offer what the actor may cite."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.models import StatusChange
from xuncha.core.scoping import access
from xuncha.findings.models import CONFIRMED_STATUSES, Finding, FindingEvidence, FindingStatus
from xuncha.inspections import evidence
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import StayFigure
from xuncha.orgs.models import Organization, Person
from xuncha.taxonomy.models import Article, Framework, FrameworkNode
from xuncha.taxonomy.selectors import article_list, category_frameworks, framework_nodes, node_tree


def findings_inspection(actor: User, pk: int, capability: Cap = Cap.VIEW_FINDINGS) -> Inspection:
    """An inspection whose findings pages ``actor`` opens: 404 out of scope, 403 without the capability."""
    return access_inspection(actor, pk, capability=capability)


def finding_list(*, actor: User, inspection: Inspection) -> QuerySet[Finding]:
    """The findings of ``inspection`` as ``actor`` sees them, with what the list shows loaded."""
    return (Finding.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("category", "organization", "drafted_by", "framework")
            .annotate(evidence_count=Count("evidence", distinct=True)).order_by("sequence"))


def finding_get(*, actor: User, pk: int) -> Finding:
    return access(Finding, actor, pk, queryset=Finding.objects.select_related(
        "inspection__round", "inspection__jurisdiction", "inspection__team", "organization", "category__parent",
        "framework", "eight_rules_category", "drafted_by", "reviewed_by", "confirmed_by").prefetch_related(
        Prefetch("basis", queryset=Article.objects.select_related("regulation").order_by("regulation__family",
                                                                                          "sort")),
        Prefetch("persons", queryset=Person.objects.select_related("organization").order_by("name"))))


def finding_refs(finding: Finding) -> list[tuple[str, int]]:
    return [(e.kind, e.object_id) for e in FindingEvidence.objects.filter(finding=finding).order_by("order", "id")]


def finding_evidence_read(*, actor: User, finding: Finding) -> list[evidence.Citation]:
    """The finding's evidence as ``actor`` may see it (hidden citations keep their place); the read is written to
    the audit log: which finding's evidence, how many citations and how many of them were shown, never their
    content."""
    refs = finding_refs(finding)
    shown = evidence.citations(actor, refs)
    audit_record("finding.evidence_read", actor=actor, obj=finding,
                 details={"citations": len(shown), "visible": sum(1 for c in shown if c.visible)})
    return shown


def finding_history(finding: Finding) -> list[StatusChange]:
    """The steps the finding went through (who, when, the reason given)."""
    return list(StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Finding),
                                            object_id=finding.pk).select_related("actor").order_by("created_at", "pk"))


def status_counts(findings: QuerySet[Finding]) -> dict[str, int]:
    # Distinct: the list's queryset carries a join (its evidence count), which must not multiply the rows.
    counts = Counter(dict(findings.order_by().values_list("status").annotate(n=Count("pk", distinct=True))))
    return {s: counts.get(s, 0) for s in FindingStatus.values} | {"total": sum(counts.values())}


def stay_figures(inspection: Inspection) -> list[StayFigure]:
    """Findings filed during the stay, by status (the withdrawal step shows them)."""
    counts = status_counts(Finding.objects.filter(inspection=inspection))
    pending = counts[FindingStatus.DRAFT] + counts[FindingStatus.SUBMITTED] + counts[FindingStatus.REVIEWED]
    confirmed = sum(counts[s] for s in CONFIRMED_STATUSES)
    detail = "；".join(f"{FindingStatus(s).label} {counts[s]}" for s in FindingStatus.values if counts[s])
    return [
        StayFigure("发现问题", counts["total"], detail or "尚未登记问题", attention=counts["total"] == 0),
        StayFigure("问题已确认", confirmed, f"尚在审核流程中 {pending} 个", attention=pending > 0),
    ]


# ---- Pickers ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryChoice:
    node: FrameworkNode
    depth: int
    framework: Framework


def category_choices(inspection: Inspection) -> list[CategoryChoice]:
    """The taxonomy picker: the round's focus framework and the checklists in force, in tree order, with the
    dispatching committee's own additions."""
    out: list[CategoryChoice] = []
    frameworks = category_frameworks(day=inspection.round.planned_start, focus=inspection.round.focus_framework)
    for framework in frameworks:
        nodes = framework_nodes(framework=framework, jurisdiction_path=inspection.jurisdiction.path)
        out.extend(CategoryChoice(node, depth, framework) for node, depth in node_tree(nodes))
    return out


def eight_rules_choices(inspection: Inspection) -> list[FrameworkNode]:
    if inspection.round.eight_rules_framework_id is None:
        return []
    return list(FrameworkNode.objects.filter(framework_id=inspection.round.eight_rules_framework_id)
                .order_by("order", "id"))


def basis_choices(*, actor: User, conduct_on: datetime.date | None) -> list[Article]:
    """The basis picker: the articles in force on the day of the conduct (every article when it is not known)."""
    return list(article_list(actor=actor, in_force_on=conduct_on))


def organization_choices(inspection: Inspection) -> list[Organization]:
    """The inspected organisations and their subordinate units."""
    targets = [t.organization for t in inspection.targets.all()]
    if not targets:
        return []
    q = Q(pk__in=[])
    for target in targets:
        q |= Q(path__startswith=target.path)
    return list(Organization.objects.filter(q).order_by("path"))


def person_choices(*, actor: User, inspection: Inspection) -> list[Person]:
    """Cadres of the inspected organisations that ``actor`` may see (for linking the people involved)."""
    orgs = organization_choices(inspection)
    return list(Person.objects.visible_to(actor).filter(organization__in=orgs).select_related("organization")
                .order_by("organization__path", "name"))
