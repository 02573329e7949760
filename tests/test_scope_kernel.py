"""The scope kernel holds for the whole code base (ADR-0007).

1. Every model of a business app declares its scope (``ScopeRoot``, ``ScopedVia`` or ``ScopeReference``), and
   its default queryset answers ``visible_to(user)``.
2. Outside the access layer no code loads a scoped model by primary key: no ``get_object_or_404(``, no
   ``Model.objects….get(pk=…)`` or ``….filter(pk=…)`` on a scoped model. Such a load would skip the scope
   (a task, a command or a new endpoint would not be protected) — use ``core.scoping.access``.
3. The kernel itself: a child follows its parent's scope, ``access`` answers 404 out of scope and 403 for a
   missing capability, and per-record grants narrow what the parent allows.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.http import Http404

from xuncha.accounts.roles import Cap
from xuncha.core.exceptions import CapabilityMissing
from xuncha.core.scoping import ScopedQuerySet, ScopedVia, ScopeReference, ScopeRoot, access, capabilities, declaration

ROOT = Path(__file__).resolve().parent.parent / "xuncha"

# Apps whose models hold no business data a role-scoped user reads; each says why.
INFRASTRUCTURE_APPS = {
    "core": "the workflow log (read through the object it belongs to) and background jobs (read by their owner)",
    "accounts": "users, role assignments and tokens: administration data behind the administrator selectors",
    "audit": "the audit log has its own root (AuditEvent); the chain head and checkpoints are internal",
    "api": "no models",
    "demo": "no models",
}

# Where loading by primary key is the point: the kernel, model and queryset definitions, data builders.
ALLOWED_PATHS = ("core/scoping.py", "core/jobs.py",  # the kernel; the task runner loading the job it was given
                  "/models.py", "/models/", "/migrations/", "/tests/", "demo/", "datasets/")


def business_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models()
            if m.__module__.startswith("xuncha.") and m._meta.app_label not in INFRASTRUCTURE_APPS]


def scoped_model_names() -> set[str]:
    return {m.__name__ for m in apps.get_models() if declaration(m) is not None}


def test_every_business_model_declares_its_scope() -> None:
    missing = [m._meta.label for m in business_models() if declaration(m) is None]
    assert not missing, f"models without a scope declaration (scope = ScopeRoot()/ScopedVia()/…): {missing}"
    no_filter = [m._meta.label for m in business_models()
                 if not hasattr(m._default_manager.get_queryset(), "visible_to")]
    assert not no_filter, f"scoped models whose queryset has no visible_to: {no_filter}"


def test_children_name_a_real_parent_and_roots_define_their_rule() -> None:
    for model in business_models():
        decl = declaration(model)
        if isinstance(decl, ScopedVia):
            assert isinstance(model._default_manager.get_queryset(), ScopedQuerySet), model
            current: Any = model
            for part in decl.path.split("__"):
                current = current._meta.get_field(part).related_model  # raises on a typo
            assert declaration(current) is not None, f"{model._meta.label} hangs from undeclared {current}"
        elif isinstance(decl, ScopeRoot):
            # A root defines visible_to on its own queryset class, not the kernel's child rule.
            qs_class = type(model._default_manager.get_queryset())
            assert "visible_to" in vars(qs_class), f"{model._meta.label}: root without its own visible_to"
        else:
            assert isinstance(decl, ScopeReference) and decl.reason


def _chain_root(node: ast.AST) -> tuple[str | None, list[str]]:
    """For ``A.objects.x(...).get``: ("A", ["objects", "x", "get"])."""
    attrs: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id, list(reversed(attrs))
        else:
            return None, list(reversed(attrs))


def pk_loads(source: str, scoped: set[str]) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    parents: dict[ast.AST, ast.AST] = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "get_object_or_404":
            found.append((node.lineno, "get_object_or_404("))
            continue
        if not (isinstance(func, ast.Attribute) and func.attr in {"get", "filter"}):
            continue
        if not any(k.arg in {"pk", "id"} for k in node.keywords):
            continue
        root, attrs = _chain_root(func)
        if root not in scoped or "objects" not in attrs:
            continue
        # ``….filter(pk=obj.pk).update(...)`` writes to a row already loaded through access: allowed.
        outer = parents.get(node)
        if func.attr == "filter" and isinstance(outer, ast.Attribute) and outer.attr == "update":
            continue
        found.append((node.lineno, f"{root}.{'.'.join(attrs)}(pk=…)"))
    return found


def test_no_load_by_primary_key_outside_the_access_layer() -> None:
    scoped = scoped_model_names()
    offences = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        if any(part in f"/{rel}" for part in ALLOWED_PATHS):
            continue
        for line, what in pk_loads(path.read_text(encoding="utf-8"), scoped):
            offences.append(f"xuncha/{rel}:{line}: {what}")
    assert not offences, "load these through core.scoping.access:\n" + "\n".join(offences)


def test_the_scan_finds_what_it_looks_for() -> None:
    # The detector itself must fail on each shape it forbids (a test that cannot fail proves nothing).
    bad = (
        "x = get_object_or_404(Inspection, pk=1)\n"
        "y = Inspection.objects.select_related('team').get(pk=2)\n"
        "z = Team.objects.filter(pk=3).first()\n"
    )
    assert [line for line, _ in pk_loads(bad, {"Inspection", "Team"})] == [1, 2, 3]
    fine = "Team.objects.filter(pk=t.pk).update(name='x')\nqs.filter(pk=1)\nBackgroundJob.objects.get(pk=1)\n"
    assert pk_loads(fine, {"Inspection", "Team"}) == []


# --- the kernel's behaviour --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_child_record_follows_its_parent(personas: Any, objects: Any) -> None:
    from xuncha.inspections.models import InspectionTarget

    target = InspectionTarget.objects.filter(inspection=objects.inspection_a).first()
    assert target is not None
    assert InspectionTarget.objects.visible_to(personas.leader_a).filter(pk=target.pk).exists()
    assert not InspectionTarget.objects.visible_to(personas.member_b).filter(pk=target.pk).exists()
    assert not InspectionTarget.objects.visible_to(personas.sysadmin).exists()
    assert access(InspectionTarget, personas.leader_a, target.pk) == target
    with pytest.raises(Http404):
        access(InspectionTarget, personas.member_b, target.pk)


@pytest.mark.django_db
def test_access_is_404_out_of_scope_and_403_without_the_capability(personas: Any, objects: Any) -> None:
    from xuncha.inspections.models import Inspection

    inspection = objects.inspection_a
    with pytest.raises(Http404):
        access(Inspection, personas.liaison_b, inspection.pk, capability=Cap.MANAGE_PLANNING)
    with pytest.raises(Http404):
        access(Inspection, personas.office_staff, "not-a-number")
    with pytest.raises(CapabilityMissing):
        access(Inspection, personas.leader_a, inspection.pk, capability=Cap.MANAGE_PLANNING)
    assert access(Inspection, personas.office_staff, inspection.pk, capability=Cap.MANAGE_PLANNING)
    assert Cap.MANAGE_PLANNING in capabilities(personas.office_staff, inspection)
    assert Cap.MANAGE_PLANNING not in capabilities(personas.leader_a, inspection)


@pytest.mark.django_db
def test_record_grants_narrow_what_the_parent_allows(personas: Any, objects: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The hook confidential records use (talk records visible only to their interviewers, the leader and
    # the office director): here a grant that lets only the team leader through.
    from xuncha.inspections.models import InspectionTarget

    leader = personas.leader_a
    monkeypatch.setattr(ScopedQuerySet, "grant_filter",
                        lambda self, user: None if user == leader else models.Q(pk__in=[]))
    target = InspectionTarget.objects.filter(inspection=objects.inspection_a).first()
    assert target is not None
    assert access(InspectionTarget, leader, target.pk) == target
    with pytest.raises(Http404):
        access(InspectionTarget, personas.office_staff, target.pk)
