"""One source of "today" for business logic (deadlines, overdue flags, coverage, "not in the future" checks).

Production runs on the real date. The demo, whose records stop in spring 2019, sets a business date
(``BusinessClock``) so that its inspections read as they would have then; tests set it with the
``business_date`` fixture. Audit timestamps, sessions, lock-outs and background-job times stay on real time:
they record when something actually happened on this server.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from xuncha.core.models import BusinessClock


def simulated_date() -> datetime.date | None:
    """The business date when one is set apart from the calendar, else ``None``."""
    return BusinessClock.objects.filter(pk=1).values_list("business_date", flat=True).first()


def business_today() -> datetime.date:
    """Today for business logic: the set business date, else the real local date."""
    return simulated_date() or timezone.localdate()


def business_now() -> datetime.datetime:
    """Now for business records (an approval's time): the business date at the real time of day."""
    now = timezone.localtime()
    day = simulated_date()
    if day is None:
        return now
    return now.replace(year=day.year, month=day.month, day=day.day)


def set_business_date(day: datetime.date | None, *, reason: str = "") -> None:
    """Set (or with ``None`` clear) the business date. Used by the demo loader and tests."""
    BusinessClock.objects.update_or_create(pk=1, defaults={"business_date": day, "reason": reason})
