"""The deadline for reporting a lead's outcome back (条例: within 3 months of the transfer, spec §1.2 R10), counted
with the dispatching jurisdiction's time limits (``rules.TimeLimits.lead_feedback_due_months``, spec §1.4)."""

from __future__ import annotations

import calendar
import datetime

from xuncha.leads.states import AWAITING_OUTCOME, SOON_DAYS, DueState
from xuncha.orgs.models import Jurisdiction
from xuncha.rules.models import TimeLimits


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last day of a shorter month), as monthly time limits are counted."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(year=year, month=month0 + 1, day=min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def feedback_months(jurisdiction: Jurisdiction) -> int:
    """The months a receiving body has to report back, as the dispatching jurisdiction sets them (inherited)."""
    return int(TimeLimits.effective_for(jurisdiction).lead_feedback_due_months)


def due_state(status: str, due: datetime.date | None, today: datetime.date) -> str | None:
    """Where a lead stands against its deadline: overdue, due within ``SOON_DAYS``, running, or reported back
    (None before the transfer, when no deadline runs)."""
    if due is None:
        return None
    if status not in AWAITING_OUTCOME:
        return DueState.DONE
    left = (due - today).days
    return DueState.OVERDUE if left < 0 else DueState.SOON if left <= SOON_DAYS else DueState.RUNNING
