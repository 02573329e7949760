"""Business rules of planning that write: inspection transitions (more arrive with the planning issue)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError, TransitionNotAllowed
from xuncha.core.models import StatusChange
from xuncha.core.workflow import Transition
from xuncha.inspections.access import access_inspection, inspection_capabilities
from xuncha.inspections.models import Inspection
from xuncha.inspections.workflow import TRANSITION_DATE_FIELD, TRANSITIONS


@dataclass(frozen=True)
class AvailableTransition:
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
        return self.transition.name in TRANSITION_DATE_FIELD


def inspection_available_transitions(user: Any, inspection: Inspection) -> list[AvailableTransition]:
    """Transitions out of the current state that the user's roles allow here, each with what blocks it."""
    caps = inspection_capabilities(user, inspection)
    return [
        AvailableTransition(t, t.blockers(inspection))
        for t in TRANSITIONS.values()
        if inspection.status in t.source and Cap(t.capability) in caps
    ]


@transaction.atomic
def inspection_apply_transition(*, actor: Any, inspection_id: int, transition: str,
                                on: datetime.date | None = None, note: str = "") -> Inspection:
    """Move an inspection one step along its lifecycle: lock, check capability and guards, set the date
    the step stands for, record the step and audit it — whatever page or endpoint asked for it."""
    step = TRANSITIONS.get(transition)
    if step is None:
        raise TransitionNotAllowed("未知的操作。")
    inspection = access_inspection(actor, inspection_id, capability=Cap(step.capability), lock=True)
    date_field = TRANSITION_DATE_FIELD.get(transition)
    today = timezone.localdate()
    if date_field:
        day = on or getattr(inspection, date_field) or today
        if day > today:
            raise DomainError("日期不能晚于今天。", fields={"on": ["日期不能晚于今天。"]})
        _check_date_order(inspection, date_field, day)
        setattr(inspection, date_field, day)
    step.ensure_allowed(inspection)
    old = inspection.status
    inspection.status = step.target
    fields = ["status", "updated_at"] + ([date_field] if date_field else [])
    inspection.save(update_fields=fields)
    role = ",".join(sorted(scope_of(actor).roles))
    StatusChange.record(obj=inspection, old=old, new=inspection.status, transition=transition, actor=actor,
                        actor_role=role, note=note)
    audit_record("inspection.transition", actor=actor, obj=inspection,
                 details={"transition": transition, "from": old, "to": inspection.status,
                          "date": str(getattr(inspection, date_field)) if date_field else ""})
    return inspection


def _check_date_order(inspection: Inspection, field: str, day: datetime.date) -> None:
    order = ["stationed_on", "withdrawn_on", "feedback_on"]
    labels = {"stationed_on": "进驻日期", "withdrawn_on": "撤驻日期", "feedback_on": "反馈日期"}
    index = order.index(field)
    for earlier in order[:index]:
        value = getattr(inspection, earlier)
        if value and day < value:
            message = f"{labels[field]}不能早于{labels[earlier]}（{value:%Y-%m-%d}）。"
            raise DomainError(message, fields={"on": [message]})
