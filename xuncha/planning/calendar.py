"""The term calendar (巡察工作日历): rounds and inspections on a timeline, planned against actual, with the
linked rounds of lower jurisdictions (上下联动) shown under the round they run alongside."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from xuncha.planning.models import Inspection, InspectionTarget, Round, Term


@dataclass
class Bar:
    """One line of the timeline: a planned span, an actual span (when there is one) and milestones."""

    label: str
    kind: str  # round | inspection | linked_round
    planned: tuple[datetime.date, datetime.date]
    actual: tuple[datetime.date, datetime.date] | None = None
    feedback_on: datetime.date | None = None
    status: str = ""
    url: str = ""
    children: list[Bar] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label, "kind": self.kind, "status": self.status, "url": self.url,
            "planned": [d.isoformat() for d in self.planned],
            "actual": [d.isoformat() for d in self.actual] if self.actual else None,
            "feedback_on": self.feedback_on.isoformat() if self.feedback_on else None,
            "children": [c.as_dict() for c in self.children],
        }


def _inspection_bar(inspection: Inspection, today: datetime.date) -> Bar:
    actual = None
    if inspection.stationed_on:
        actual = (inspection.stationed_on, inspection.withdrawn_on or max(today, inspection.stationed_on))
    names = "、".join(str(t.organization) for t in inspection.targets.all())
    team = f"{inspection.team.name}·" if inspection.team else ""
    return Bar(label=f"{team}{names}", kind="inspection", status=inspection.status,
               planned=(inspection.planned_entry, inspection.planned_withdrawal), actual=actual,
               feedback_on=inspection.feedback_on, url=inspection.get_absolute_url())


def term_timeline(*, actor: Any, term: Term, today: datetime.date | None = None) -> list[Bar]:
    """The term's rounds with their inspections, and linked rounds of lower jurisdictions that overlap them —
    all through the scope of ``actor``."""
    today = today or datetime.date.today()
    inspections = Inspection.objects.visible_to(actor).select_related("team").prefetch_related(
        Prefetch("targets", queryset=InspectionTarget.objects.select_related("organization"))
    ).order_by("code")
    rounds = list(Round.objects.visible_to(actor).filter(term=term).order_by("planned_start")
                  .prefetch_related(Prefetch("inspections", queryset=inspections)))
    lower = list(
        Round.objects.visible_to(actor)
        .filter(jurisdiction__path__startswith=term.jurisdiction.path, inspections__is_linked=True)
        .exclude(jurisdiction=term.jurisdiction).distinct().select_related("jurisdiction")
    )
    bars = []
    for rnd in rounds:
        bar = Bar(label=str(rnd), kind="round", planned=(rnd.planned_start, rnd.planned_end),
                  url=rnd.get_absolute_url())
        bar.children = [_inspection_bar(i, today) for i in rnd.inspections.all()]
        starts = [i.stationed_on for i in rnd.inspections.all() if i.stationed_on]
        ends = [i.withdrawn_on for i in rnd.inspections.all() if i.withdrawn_on]
        if starts:
            bar.actual = (min(starts), max(ends) if ends and len(ends) == len(starts) else max(today, min(starts)))
        for linked in lower:
            if linked.planned_start <= rnd.planned_end and rnd.planned_start <= linked.planned_end:
                bar.children.append(Bar(label=f"{linked.jurisdiction}·{linked}", kind="linked_round",
                                        planned=(linked.planned_start, linked.planned_end),
                                        url=linked.get_absolute_url()))
        bars.append(bar)
    return bars
