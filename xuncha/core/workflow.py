"""Guarded state machines: one transition table per workflow, one engine that applies them (ADR-0005).

Every state change of the system — an inspection's lifecycle, a work plan's or an annual plan's approval, a
cross-assignment run's adoption, a team's forming — is a ``Workflow``: a table of ``Transition``s (source
states, target, the capability it needs, guards that name what is missing, the fields it sets) and one
``apply`` that checks, writes, records a ``StatusChange`` and appends the audit event. No service sets a
status field by hand. ``docs/workflows.md`` is generated from the tables (``manage.py workflow_diagrams``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise

from xuncha.core.events import record as audit_record
from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.core.models import StatusChange

# A guard returns None when the transition may go ahead, or the reason in Chinese why not.
Guard = Callable[[Any], str | None]
# An effect sets the fields a step stands for (who approved, when) and returns their names.
Effect = Callable[[Any, Any], Iterable[str]]


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
    effect: Effect | None = None
    # A step that refuses or sends back must say why (the reason is kept on the StatusChange).
    needs_note: bool = False
    # The date field the step sets (the day it happened: given, or today), e.g. an inspection's 进驻日期.
    date_field: str | None = None
    # What to say when the object is not in a source state.
    wrong_state: str = "当前状态下不能执行此操作。"


@dataclass(frozen=True)
class AvailableTransition:
    """A transition the user's roles allow from the object's state, with what still blocks it."""

    transition: Transition
    blockers: list[str]

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def label(self) -> str:
        return str(self.transition.label)

    @property
    def takes_date(self) -> bool:
        return self.transition.date_field is not None


@dataclass(frozen=True)
class Workflow:
    """A transition table over one model's status field.

    ``audit_action`` names the audit event; ``{name}`` is replaced by the transition's name
    (``work_plan.{name}`` → ``work_plan.approve``); without it the transition goes into the details.
    """

    key: str
    label: str | Promise
    states: type[models.TextChoices]
    transitions: dict[str, Transition]
    audit_action: str
    status_field: str = "status"
    # Guards that apps above the table's own add to a step (``add_guard``): the fieldwork app refuses the
    # inspection's withdrawal while a petition is unhandled, without the spine importing it.
    added_guards: dict[str, list[Guard]] = field(default_factory=dict, compare=False, repr=False)

    def get(self, name: str) -> Transition:
        step = self.transitions.get(name)
        if step is None:
            raise TransitionNotAllowed("未知的操作。")
        return step

    def add_guard(self, name: str, guard: Guard) -> Guard:
        """Add ``guard`` to the step ``name`` (an app's ``AppConfig.ready``; idempotent). Returns the guard, so
        that it can be used as a decorator: ``@INSPECTION_WORKFLOW.guarding("withdraw")``."""
        self.get(name)
        guards = self.added_guards.setdefault(name, [])
        if guard not in guards:
            guards.append(guard)
        return guard

    def guarding(self, name: str) -> Callable[[Guard], Guard]:
        """Decorator form of ``add_guard``."""
        return lambda guard: self.add_guard(name, guard)

    def guards_of(self, step: Transition) -> tuple[Guard, ...]:
        """The step's own guards and those other apps added."""
        return (*step.guards, *self.added_guards.get(step.name, ()))

    def blockers(self, obj: Any, step: Transition) -> list[str]:
        """Reasons (in Chinese) that keep ``step`` from being taken on ``obj`` now; empty when it may go."""
        reasons = [] if getattr(obj, self.status_field) in step.source else [step.wrong_state]
        reasons.extend(r for guard in self.guards_of(step) if (r := guard(obj)))
        return reasons

    def ensure_allowed(self, obj: Any, step: Transition) -> None:
        if reasons := self.blockers(obj, step):
            raise TransitionNotAllowed("；".join(reasons))

    def available(self, obj: Any, caps: Iterable[str]) -> list[AvailableTransition]:
        """Transitions out of the current state that ``caps`` allow, each with what blocks it now."""
        held = set(caps)
        status = getattr(obj, self.status_field)
        return [AvailableTransition(t, self.blockers(obj, t))
                for t in self.transitions.values() if status in t.source and t.capability in held]

    def apply(self, obj: models.Model, name: str, *, actor: Any, caps: Iterable[str], note: str = "",
              actor_role: str = "", extra_fields: Iterable[str] = (),
              details: dict[str, Any] | None = None) -> Transition:
        """Take one step on an object already loaded (and locked) through the scope kernel: check the
        capability, the note, the state and the guards; set the status and the step's fields; save; record
        the ``StatusChange`` and the audit event. ``extra_fields`` are fields the caller set for this step."""
        step = self.get(name)
        if step.capability not in set(caps):
            raise CapabilityMissing("您没有执行此操作的权限。")
        note = note.strip()
        if step.needs_note and not note:
            raise DomainError("请写明理由。", fields={"note": ["请写明理由。"]})
        self.ensure_allowed(obj, step)
        old = getattr(obj, self.status_field)
        setattr(obj, self.status_field, step.target)
        fields = [self.status_field, *extra_fields, *(step.effect(obj, actor) if step.effect else ())]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            fields.append("updated_at")
        obj.save(update_fields=list(dict.fromkeys(fields)))
        StatusChange.record(obj=obj, old=old, new=step.target, transition=name, actor=actor,
                            actor_role=actor_role, note=note)
        action = self.audit_action.format(name=name)
        event = {"from": old, "to": step.target, **({"note": note} if note else {}), **(details or {})}
        if "{name}" not in self.audit_action:
            event = {"transition": name, **event}
        audit_record(action, actor=actor, obj=obj, details=event)
        return step

    def mermaid(self) -> str:
        """The table as a Mermaid state diagram (for docs/workflows.md)."""
        labels = dict(self.states.choices)
        lines = ["stateDiagram-v2", f"    [*] --> {self.states.values[0]}"]
        for value in self.states.values:
            lines.append(f"    {value}: {labels[value]}")
        for t in self.transitions.values():
            guards = "；".join(g.__doc__.strip().rstrip("。") for g in self.guards_of(t) if g.__doc__)
            suffix = f"（{guards}）" if guards else ""
            for source in sorted(t.source, key=self.states.values.index):
                lines.append(f"    {source} --> {t.target}: {t.label} [{t.capability}]{suffix}")
        return "\n".join(lines)


WORKFLOWS: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Make a workflow known to the diagram generator (apps register theirs at import)."""
    WORKFLOWS[workflow.key] = workflow
    return workflow


def transitions_from(table: dict[str, Transition], status: str) -> Iterable[Transition]:
    return (t for t in table.values() if status in t.source)
