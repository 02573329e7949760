"""The office's rules for petitions: when the public page accepts them (spec §1.4 ``petition_cutoff_days_before_end``)
and how they are numbered (a configurable pattern with a per-year sequence)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from xuncha.core.clock import business_today
from xuncha.core.exceptions import DomainError
from xuncha.inspections.models import Inspection, StationingAnnouncement
from xuncha.inspections.workflow import InspectionStatus
from xuncha.petitions.models import PetitionCounter
from xuncha.rules.models import TimeLimits


@dataclass(frozen=True)
class AcceptanceWindow:
    """The announced period (巡察公告 受理时间), never past the configured cut-off before withdrawal."""

    accept_from: datetime.date
    accept_until: datetime.date
    cutoff_days: int

    def state(self, inspection: Inspection, day: datetime.date) -> str:
        """"open", "not_yet" or "closed" for ``day`` (a withdrawn inspection takes no more petitions)."""
        if inspection.status in (InspectionStatus.PLANNED, InspectionStatus.PREPARING) or day < self.accept_from:
            return "not_yet"
        if inspection.status != InspectionStatus.STATIONED or day > self.accept_until:
            return "closed"
        return "open"

def acceptance_window(inspection: Inspection) -> AcceptanceWindow:
    """From the announcement when there is one, else from the plan and the jurisdiction's time limits."""
    limits = TimeLimits.effective_for(inspection.jurisdiction)
    cutoff = inspection.planned_withdrawal - datetime.timedelta(days=limits.petition_cutoff_days_before_end)
    announcement = StationingAnnouncement.objects.filter(inspection_id=inspection.pk).only(
        "accept_from", "accept_until").first()
    if announcement is not None:
        return AcceptanceWindow(announcement.accept_from, min(announcement.accept_until, cutoff),
                                limits.petition_cutoff_days_before_end)
    return AcceptanceWindow(inspection.stationed_on or inspection.planned_entry, cutoff,
                            limits.petition_cutoff_days_before_end)


def accepting(inspection: Inspection) -> bool:
    return acceptance_window(inspection).state(inspection, business_today()) == "open"


def next_number(inspection: Inspection, received_on: datetime.date) -> str:
    """The next petition number of the inspection's team in ``received_on``'s year (locks the counter row)."""
    team = inspection.team
    if team is None:
        raise DomainError("这次巡察还没有巡察组，不能登记信访件。")
    counter, _ = PetitionCounter.objects.select_for_update().get_or_create(team=team, year=received_on.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    term = team.round.term.number
    values = {"term": term, "round": team.round.number, "team": team.number,
              "team_code": f"{term}-{team.round.number}-{team.number:02d}", "year": received_on.year,
              "seq": counter.last}
    try:
        return settings.XUNCHA_PETITION_NUMBER_PATTERN.format(**values)
    except (KeyError, ValueError, IndexError) as exc:  # a misconfigured pattern is the operator's to fix
        raise DomainError(f"信访编号规则配置有误：{exc}") from exc
