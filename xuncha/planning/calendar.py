"""The term calendar (巡察工作日历): rounds and inspections on a timeline, planned against actual, with the
linked rounds of lower jurisdictions (上下联动) shown under the round they run alongside."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from xuncha.accounts.models import User
from xuncha.core.clock import business_today
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Term
from xuncha.orgs.models import Jurisdiction


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
    ongoing: bool = False  # the actual span runs until today: stationed, not yet withdrawn

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label, "kind": self.kind, "status": self.status, "url": self.url, "ongoing": self.ongoing,
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
               feedback_on=inspection.feedback_on, url=inspection.get_absolute_url(),
               ongoing=bool(inspection.stationed_on and not inspection.withdrawn_on))


def term_timeline(*, actor: User, term: Term, today: datetime.date | None = None,
                  jurisdiction: Jurisdiction | None = None) -> list[Bar]:
    """The term's rounds with their inspections, and linked rounds of lower jurisdictions that overlap them —
    all through the scope of ``actor``. With ``jurisdiction`` (one in the term's subtree), only what concerns
    its subtree: inspections with a target or a team from there, and the linked rounds held there."""
    today = today or business_today()
    inspections = Inspection.objects.visible_to(actor).select_related("team").prefetch_related(
        Prefetch("targets", queryset=InspectionTarget.objects.select_related("organization"))
    ).order_by("code")
    lower_qs = Round.objects.visible_to(actor).filter(jurisdiction__path__startswith=term.jurisdiction.path)
    if jurisdiction is not None and jurisdiction.pk != term.jurisdiction_id:
        concerned = Inspection.objects.filter(
            Q(targets__organization__jurisdiction__path__startswith=jurisdiction.path)
            | Q(team__home_jurisdiction__path__startswith=jurisdiction.path)
        ).values("pk")
        inspections = inspections.filter(pk__in=concerned)
        lower_qs = lower_qs.filter(jurisdiction__path__startswith=jurisdiction.path)
    rounds = list(Round.objects.visible_to(actor).filter(term=term).order_by("planned_start")
                  .select_related("term").prefetch_related(Prefetch("inspections", queryset=inspections)))
    lower = list(
        lower_qs.filter(inspections__is_linked=True)
        .exclude(jurisdiction=term.jurisdiction).distinct().select_related("jurisdiction", "term")
        .order_by("jurisdiction__path", "planned_start")
    )
    bars = []
    for rnd in rounds:
        bar = Bar(label=str(rnd), kind="round", planned=(rnd.planned_start, rnd.planned_end),
                  url=rnd.get_absolute_url())
        bar.children = [_inspection_bar(i, today) for i in rnd.inspections.all()]
        starts = [i.stationed_on for i in rnd.inspections.all() if i.stationed_on]
        ends = [i.withdrawn_on for i in rnd.inspections.all() if i.withdrawn_on]
        if starts:
            finished = bool(ends) and len(ends) == len(starts)
            bar.actual = (min(starts), max(ends) if finished else max(today, min(starts)))
            bar.ongoing = not finished
        for linked in lower:
            if linked.planned_start <= rnd.planned_end and rnd.planned_start <= linked.planned_end:
                bar.children.append(Bar(label=f"{linked.jurisdiction}·{linked}", kind="linked_round",
                                        planned=(linked.planned_start, linked.planned_end),
                                        url=linked.get_absolute_url()))
        bars.append(bar)
    return bars
