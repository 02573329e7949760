"""The inspection's lifecycle: the transitions a user may take, and taking one (the only writer of its status)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.clock import business_today
from xuncha.core.exceptions import DomainError
from xuncha.core.workflow import AvailableTransition
from xuncha.inspections.access import access_inspection, inspection_capabilities
from xuncha.inspections.models import Inspection
from xuncha.inspections.workflow import INSPECTION_WORKFLOW


def inspection_available_transitions(user: Any, inspection: Inspection) -> list[AvailableTransition]:
    """Transitions out of the current state that the user's roles allow here, each with what blocks it."""
    return INSPECTION_WORKFLOW.available(inspection, inspection_capabilities(user, inspection))


@transaction.atomic
def inspection_apply_transition(*, actor: User, inspection_id: int, transition: str,
                                on: datetime.date | None = None, note: str = "") -> Inspection:
    """Move an inspection one step along its lifecycle: lock, check capability and guards, set the date
    the step stands for, record the step and audit it — whatever page or endpoint asked for it."""
    step = INSPECTION_WORKFLOW.get(transition)
    inspection = access_inspection(actor, inspection_id, capability=Cap(step.capability), lock=True)
    date_field = step.date_field
    today = business_today()
    if date_field:
        day = on or getattr(inspection, date_field) or today
        if day > today:
            raise DomainError("日期不能晚于今天。", fields={"on": ["日期不能晚于今天。"]})
        _check_date_order(inspection, date_field, day)
        setattr(inspection, date_field, day)
    INSPECTION_WORKFLOW.apply(
        inspection, transition, actor=actor, caps=inspection_capabilities(actor, inspection), note=note,
        actor_role=",".join(sorted(scope_of(actor).roles)), extra_fields=[date_field] if date_field else [],
        details={"date": str(getattr(inspection, date_field)) if date_field else ""})
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
