"""Writes of the dictionaries: a committee's own additions to a common framework (ADR-0022's companion rule: the
common tree is seed data; a county adds items and typical problems for its own inspections, shown in its tree and
those of the committees below it, never in another county's)."""

from __future__ import annotations

from typing import Any, cast

from django.db import models, transaction

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access
from xuncha.taxonomy.models import Framework, FrameworkNode, TypicalProblem

NAME_MAX = 200


def _jurisdiction(actor: User, jurisdiction_id: int) -> Any:
    """The committee adding to its tree: its office (MANAGE_PLANNING there) decides what its teams look at.
    The model is reached through the field, so that the dictionaries do not import the organisations app."""
    model = cast("type[models.Model]", FrameworkNode._meta.get_field("jurisdiction").related_model)
    return access(model, actor, jurisdiction_id, capability=Cap.MANAGE_PLANNING,
                  denied="只有本级巡察机构可以增补本地区的监督重点。")


def _node(framework_code: str, code: str, jurisdiction: Any) -> FrameworkNode:
    node = (FrameworkNode.objects.filter(framework__code=framework_code, code=code)
            .in_tree_of(jurisdiction.path).select_related("framework").first())
    if node is None:
        raise DomainError("分类条目不存在。", fields={"parent": ["分类条目不存在。"]})
    return node


def _text(value: str, label: str, field: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise DomainError(f"请填写{label}。", fields={field: [f"请填写{label}。"]})
    if len(value) > NAME_MAX:
        raise DomainError(f"{label}不能超过 {NAME_MAX} 字。", fields={field: [f"{label}不能超过 {NAME_MAX} 字。"]})
    return value


@transaction.atomic
def local_item_add(*, actor: User, jurisdiction_id: int, framework_code: str, parent_code: str, name: str,
                   note: str = "") -> FrameworkNode:
    """Add an item under an area (一级领域) of a framework for one committee's inspections."""
    jurisdiction = _jurisdiction(actor, jurisdiction_id)
    parent = _node(framework_code, parent_code, jurisdiction)
    if parent.level != 1:
        raise DomainError("本地增补的监督重点只能加在一级领域之下。", fields={"parent": ["请选择一级领域。"]})
    name = _text(name, "条目名称", "name")
    framework = access(Framework, actor, parent.framework_id, lock=True)
    if FrameworkNode.objects.filter(framework=framework, parent=parent, name=name).in_tree_of(
            jurisdiction.path).exists():
        raise DomainError("该领域下已有同名条目。", fields={"name": ["该领域下已有同名条目。"]})
    taken = FrameworkNode.objects.filter(framework=framework, jurisdiction__isnull=False).count()
    code = f"{parent.code}-L{taken + 1}"
    while FrameworkNode.objects.filter(framework=framework, code=code).exists():
        taken += 1
        code = f"{parent.code}-L{taken + 1}"
    last = FrameworkNode.objects.filter(framework=framework, parent=parent).aggregate(m=models.Max("order"))["m"]
    node = FrameworkNode.objects.create(framework=framework, parent=parent, code=code, name=name, level=2,
                                        order=(last or parent.order) + 1, jurisdiction=jurisdiction,
                                        note=note.strip()[:200])
    audit_record("framework_node.add_local", actor=actor, obj=node,
                 details={"framework": framework.code, "parent": parent.code, "jurisdiction": jurisdiction.pk})
    return node


@transaction.atomic
def local_problem_add(*, actor: User, jurisdiction_id: int, framework_code: str, node_code: str,
                      text: str) -> TypicalProblem:
    """Add a typical problem under an item, for one committee's inspections."""
    jurisdiction = _jurisdiction(actor, jurisdiction_id)
    node = _node(framework_code, node_code, jurisdiction)
    text = _text(text, "典型问题", "text")
    if TypicalProblem.objects.filter(node=node, text=text).in_tree_of(jurisdiction.path).exists():
        raise DomainError("该条目下已有相同的典型问题。", fields={"text": ["该条目下已有相同的典型问题。"]})
    last = TypicalProblem.objects.filter(node=node).aggregate(m=models.Max("order"))["m"] or 0
    problem = TypicalProblem.objects.create(node=node, text=text, order=last + 1, jurisdiction=jurisdiction)
    audit_record("typical_problem.add_local", actor=actor, obj=problem,
                 details={"node": node.code, "jurisdiction": jurisdiction.pk})
    return problem
