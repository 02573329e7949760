"""The scope kernel: one way to say who sees a row, one way to load an object (ADR-0007).

Every business model declares its scope with a class attribute ``scope``:

- ``ScopeRoot()`` — the model's queryset computes ``visible_to(user)`` itself from the user's roles
  (inspections, rounds, terms, teams, organisations, people, the pool, the audit log), and the model
  answers ``capabilities_for(user)`` for one object;
- ``ScopedVia("inspection")`` — a child record: visible exactly when the parent at the end of that
  relation path is visible, with the parent's capabilities, optionally narrowed by per-record grants
  (``ScopedQuerySet.grant_filter``: confidential records that only their assigned people, the team
  leader and the office director may read);
- ``ScopeReference("…")`` — reference data without business content (dictionaries, rules), readable by
  every signed-in user; the reason is written down.

``access(model, user, pk, capability=…, lock=…)`` is the only way services, views, endpoints, tasks and
commands load a business object by id: out of scope answers 404 exactly like a missing row (ADR-0004),
a visible object whose action the user lacks answers 403. ``tests/test_scope_kernel.py`` fails when a
model lacks a declaration or when code outside the access layer loads a scoped model by primary key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

from django.db import models
from django.db.models import Model
from django.http import Http404

from xuncha.core.exceptions import CapabilityMissing


@dataclass(frozen=True)
class ScopeRoot:
    """The model decides visibility itself: its queryset defines ``visible_to`` and the model
    ``capabilities_for(user)``."""


@dataclass(frozen=True)
class ScopedVia:
    """Visible through the parent at the end of ``path`` (a ``__``-separated relation path)."""

    path: str


@dataclass(frozen=True)
class ScopeReference:
    """Reference data every signed-in user may read (no business content); ``reason`` says why."""

    reason: str


ScopeDeclaration = ScopeRoot | ScopedVia | ScopeReference


class _ScopedModel(Protocol):
    scope: ScopeDeclaration


M = TypeVar("M", bound="Model", covariant=True)


def declaration(model: type[Model]) -> ScopeDeclaration | None:
    decl = getattr(model, "scope", None)
    return decl if isinstance(decl, ScopeRoot | ScopedVia | ScopeReference) else None


def _related_model(model: type[Model], path: str) -> type[Model]:
    current: Any = model
    for part in path.split("__"):
        current = current._meta.get_field(part).related_model
    return cast("type[Model]", current)


class ScopedQuerySet(models.QuerySet[M]):
    """Queryset of a child record: ``visible_to`` follows the declared parent, then the record grants."""

    def visible_to(self, user: Any) -> ScopedQuerySet[M]:
        decl = declaration(self.model)
        if isinstance(decl, ScopeReference):
            qs = self if getattr(user, "is_authenticated", False) else self.none()
        elif isinstance(decl, ScopedVia):
            parent = _related_model(self.model, decl.path)
            visible_parents = parent._default_manager.visible_to(user).values("pk")  # type: ignore[attr-defined]
            qs = self.filter(**{f"{decl.path}__in": visible_parents})
        else:
            raise TypeError(f"{self.model._meta.label} declares {decl!r}: a scope root defines visible_to itself.")
        grant = self.grant_filter(user)
        return qs if grant is None else qs.filter(grant)

    def grant_filter(self, user: Any) -> models.Q | None:
        """Per-record grants narrowing what the parent's scope allows (none by default).

        Confidential records override this, e.g. a talk record: ``Q(interviewers=user) | <leader of the
        team> | <office director of the jurisdiction>``.
        """
        return None


def scope_parent(obj: Model) -> Model | None:
    """The object whose scope ``obj`` inherits (None for roots and reference data)."""
    decl = declaration(type(obj))
    if not isinstance(decl, ScopedVia):
        return None
    current: Any = obj
    for part in decl.path.split("__"):
        current = getattr(current, part)
    return cast("Model | None", current)


def capabilities(user: Any, obj: Model) -> frozenset[str]:
    """The capabilities ``user`` holds over ``obj``: those of the scope root it hangs from, as
    ``root.capabilities_for(user)`` answers them. For templates (``obj_caps``) and API answers alike."""
    seen = 0
    current: Any = obj
    while (parent := scope_parent(current)) is not None:
        current = parent
        seen += 1
        if seen > 10:  # a declaration cycle is a programming error
            raise RuntimeError(f"scope path of {type(obj).__name__} does not end in a root")
    answer: Callable[[Any], frozenset[str]] | None = getattr(current, "capabilities_for", None)
    return answer(user) if answer is not None else frozenset()


def not_found(model: type[Model]) -> Http404:
    return Http404(f"{model._meta.verbose_name}不存在或无权查看。")


def access[T: Model](model: type[T], user: Any, pk: Any, *, capability: str | None = None, lock: bool = False,
                    queryset: models.QuerySet[T] | None = None, denied: str = "") -> T:
    """Load one ``model`` row by primary key as ``user`` sees it.

    Out of scope and non-existent look the same (404). With ``capability``, a visible object whose action
    the user lacks raises ``CapabilityMissing`` (403). With ``lock``, the row is locked for the rest of the
    transaction. ``queryset`` may add ``select_related``/``prefetch_related`` for the caller; ``denied`` is the
    message of the 403.
    """
    # Scope first: a scope query may need DISTINCT or a subquery, neither combines with FOR UPDATE.
    if not is_visible(model, user, pk):
        raise not_found(model)
    pk = int(pk)
    qs = queryset if queryset is not None else model._default_manager.all()
    if lock:
        qs = qs.select_for_update(of=("self",))
    obj = qs.filter(pk=pk).first()
    if obj is None:  # the caller's queryset narrowed it out (e.g. only finished jobs): as good as absent
        raise not_found(model)
    if capability is not None:
        require(user, obj, capability, denied=denied)
    return obj


def is_visible(model: type[Model], user: Any, pk: Any) -> bool:
    """Whether ``user`` may open the ``model`` row ``pk`` (to offer a link only where it would work)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return False
    return bool(model._default_manager.visible_to(user).filter(pk=pk).exists())  # type: ignore[attr-defined]


def require(user: Any, obj: Model, capability: str, *, denied: str = "") -> None:
    """Raise ``CapabilityMissing`` unless ``user`` holds ``capability`` over the already loaded ``obj``."""
    if capability not in capabilities(user, obj):
        raise CapabilityMissing(denied or "您没有执行此操作的权限。")
