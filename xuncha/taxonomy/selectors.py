"""Reads of the versioned dictionaries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.http import Http404

from xuncha.accounts.models import User
from xuncha.core.api import attach
from xuncha.taxonomy.models import (
    Article,
    Framework,
    FrameworkKind,
    FrameworkNode,
    Regulation,
    TypicalProblem,
    Wording,
)


def framework_list(*, actor: User, kind: str | None = None, valid_on: datetime.date | None = None
                   ) -> models.QuerySet[Framework]:
    qs = Framework.objects.visible_to(actor)
    if kind:
        qs = qs.filter(kind=kind)
    if valid_on is not None:
        in_force = models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=valid_on)
        qs = qs.filter(in_force, valid_from__lte=valid_on)
    return qs.order_by("kind", "valid_from")


def framework_get(*, actor: User, code: str) -> Framework:
    """One framework with its items as a tree (``api_node_tree``), read in one query."""
    framework = Framework.objects.visible_to(actor).filter(code=code).first()
    if framework is None:
        raise Http404("分类体系版本不存在或无权查看。")
    nodes = list(FrameworkNode.objects.filter(framework=framework, jurisdiction__isnull=True).order_by("order", "id")
                 .prefetch_related(models.Prefetch("typical_problems", queryset=TypicalProblem.objects.filter(
                     jurisdiction__isnull=True).order_by("order", "id"))))
    children: dict[int | None, list[dict[str, Any]]] = {}
    by_id: dict[int, dict[str, Any]] = {}
    for node in nodes:
        by_id[node.pk] = {"code": node.code, "name": node.name, "level": node.level, "children": [],
                          "typical_problems": [p.text for p in node.typical_problems.all()]}
    for node in nodes:
        parent = node.parent_id if node.parent_id in by_id else None
        children.setdefault(parent, []).append(by_id[node.pk])
    for node in nodes:
        by_id[node.pk]["children"] = children.get(node.pk, [])
    return attach(framework, api_node_tree=children.get(None, []))


# ---- The trees a finding is filed under, with local additions and typical problems -----------------------------


def framework_nodes(*, framework: Framework, jurisdiction_path: str | None) -> list[FrameworkNode]:
    """The items of ``framework`` in the tree of ``jurisdiction_path`` (common ones and the committee's own
    additions and those of the committees above it), in order, with their typical problems prefetched."""
    problems = TypicalProblem.objects.in_tree_of(jurisdiction_path).order_by("order", "id")
    return list(FrameworkNode.objects.filter(framework=framework).in_tree_of(jurisdiction_path)
                .select_related("jurisdiction")
                .prefetch_related(models.Prefetch("typical_problems", queryset=problems))
                .order_by("order", "id"))


def node_tree(nodes: list[FrameworkNode]) -> list[tuple[FrameworkNode, int]]:
    """``nodes`` in tree order (depth first, siblings by order), each with its depth from 0."""
    children: dict[int | None, list[FrameworkNode]] = {}
    ids = {n.pk for n in nodes}
    for node in nodes:
        parent = node.parent_id if node.parent_id in ids else None
        children.setdefault(parent, []).append(node)
    out: list[tuple[FrameworkNode, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for node in children.get(parent, []):
            out.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return out


def category_frameworks(*, day: datetime.date, focus: Framework | None) -> list[Framework]:
    """The frameworks a finding of an inspection that started on ``day`` is classified under: the round's focus
    framework (or the one in force then) and the special-topic checklists in force then."""
    primary = focus or Framework.for_date(day, FrameworkKind.FOCUS)
    checklists = list(Framework.objects.valid_on(day, FrameworkKind.CHECKLIST).order_by("code"))
    return [f for f in [primary, *checklists] if f is not None]


# ---- The basis library -----------------------------------------------------------------------------------------


def regulation_list(*, actor: User, family: str | None = None, in_force_on: datetime.date | None = None
                    ) -> models.QuerySet[Regulation]:
    base = Regulation.objects.all()
    if in_force_on is not None:
        base = base.in_force_on(in_force_on)
    qs = base.visible_to(actor).annotate(article_count=models.Count("articles"))
    if family:
        qs = qs.filter(family=family)
    return qs.order_by("family", "effective_from")


def regulation_get(*, actor: User, code: str) -> Regulation:
    """One regulation version with its articles (``api_articles``)."""
    regulation = Regulation.objects.visible_to(actor).filter(code=code).first()
    if regulation is None:
        raise Http404("法规版本不存在。")
    return attach(regulation, api_articles=list(regulation.articles.select_related("regulation").order_by("sort")))


def article_list(*, actor: User, in_force_on: datetime.date | None = None, q: str = "",
                 regulation: str = "", discipline: str = "") -> models.QuerySet[Article]:
    """Articles, optionally those in force on a day (what a finding about conduct on that day may cite)."""
    base = Article.objects.all()
    if in_force_on is not None:
        base = base.in_force_on(in_force_on)
    qs = base.visible_to(actor).select_related("regulation")
    if regulation:
        qs = qs.filter(regulation__code=regulation)
    if discipline:
        qs = qs.filter(discipline=discipline)
    if q.strip():
        term = q.strip()
        qs = qs.filter(models.Q(text__icontains=term) | models.Q(number__icontains=term)
                       | models.Q(regulation__title__icontains=term) | models.Q(chapter__icontains=term))
    return qs.order_by("regulation__family", "regulation__effective_from", "sort")


def basis_problems(articles: list[Article], conduct_on: datetime.date) -> list[str]:
    """What is wrong with citing ``articles`` for conduct on ``conduct_on``: one message per article whose version
    was not in force that day, naming the version that was (ADR-0022)."""
    problems: list[str] = []
    for article in articles:
        regulation = article.regulation
        if regulation.in_force_on(conduct_on):
            continue
        current = (Regulation.objects.filter(family=regulation.family).in_force_on(conduct_on)
                   .order_by("-effective_from").first())
        until = f"至{regulation.effective_to:%Y年%m月%d日}" if regulation.effective_to else "起"
        hint = f"，行为发生时适用{current}" if current else "，行为发生时该法规尚未施行"
        problems.append(f"{article.citation}施行期为{regulation.effective_from:%Y年%m月%d日}{until}，"
                        f"不适用于{conduct_on:%Y年%m月%d日}发生的行为{hint}。")
    return problems


def wording_list(*, actor: User, area_code: str = "", q: str = "") -> models.QuerySet[Wording]:
    qs = Wording.objects.visible_to(actor)
    if area_code:
        qs = qs.filter(area_code=area_code)
    if q.strip():
        qs = qs.filter(models.Q(title__icontains=q.strip()) | models.Q(text__icontains=q.strip()))
    return qs.order_by("order", "code")
