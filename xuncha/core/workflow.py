"""Guarded state machines: a transition table per workflow, no third-party FSM (ADR-0005)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from xuncha.core.exceptions import TransitionNotAllowed

# A guard returns None when the transition may go ahead, or the reason in Chinese why not.
Guard = Callable[[Any], str | None]


@dataclass(frozen=True)
class Transition:
    """One edge of a workflow: from ``source`` states to ``target``, for holders of ``capability``."""

    name: str
    label: str | Promise
    source: frozenset[str]
    target: str
    capability: str
    guards: tuple[Guard, ...] = field(default=())
    style: str = "primary"

    def blockers(self, obj: Any) -> list[str]:
        """Reasons (in Chinese) that keep this transition from being taken now; empty when it may go."""
        reasons = [] if obj.status in self.source else ["当前状态下不能执行此操作。"]
        reasons.extend(r for guard in self.guards if (r := guard(obj)))
        return reasons

    def ensure_allowed(self, obj: Any) -> None:
        if reasons := self.blockers(obj):
            raise TransitionNotAllowed("；".join(reasons))


def transitions_from(table: dict[str, Transition], status: str) -> Iterable[Transition]:
    return (t for t in table.values() if status in t.source)
