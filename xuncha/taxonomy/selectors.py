"""Reads of the versioned dictionaries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.http import Http404

from xuncha.accounts.models import User
from xuncha.core.api import attach
from xuncha.taxonomy.models import Framework, FrameworkNode


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
