"""Which rule applies where: the time limits in force in a jurisdiction and where they come from.

One answer for every reader — the system administrator's configuration pages, the jurisdiction page and the
API — so "which value applies" is computed in one place (the tree walk is ``TimeLimits.effective_for``'s).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.orgs.models import Jurisdiction
from xuncha.rules.models import TimeLimits

# Accepted ranges guard against typing slips (spec §1.4 gives observed values); the form and the API schema
# both read them from here.
LIMIT_RANGES: dict[str, tuple[int, int]] = {
    "notice_days_before_entry": (0, 90),
    "liaison_list_days_before_entry": (0, 90),
    "unit_report_days_after_entry": (0, 90),
    "fieldwork_days_routine": (1, 180),
    "fieldwork_days_special": (1, 180),
    "petition_cutoff_days_before_end": (0, 90),
    "report_to_secretary_meeting_days": (1, 180),
    "rectification_plan_due_working_days": (1, 120),
    "rectification_report_due_months": (1, 12),
    "lead_feedback_due_months": (1, 12),
    "lead_closure_target_months": (1, 12),
    "evaluation_sampling_percent": (1, 100),
    "revisit_after_months": (1, 60),
    "recusal_work_history_years": (0, 30),
    "coverage_cycle_years": (1, 10),
}
DEFAULT_RANGE = (0, 365)

LIMIT_GROUPS: list[tuple[Any, list[str]]] = [
    (_("巡前准备"), ["notice_days_before_entry", "liaison_list_days_before_entry"]),
    (_("进驻了解"), ["unit_report_days_after_entry", "fieldwork_days_routine", "fieldwork_days_special",
                     "petition_cutoff_days_before_end"]),
    (_("报告与整改"), ["report_to_secretary_meeting_days", "rectification_plan_due_working_days",
                       "rectification_report_due_months"]),
    (_("问题线索"), ["lead_feedback_due_months", "lead_closure_target_months"]),
    (_("评估、回头看与全覆盖"), ["evaluation_sampling_percent", "revisit_after_months", "coverage_cycle_years"]),
    (_("回避"), ["recusal_work_history_years"]),
]

_UNITS = (("_working_days", _("个工作日"), "工作日"), ("_days", _("天"), "天"), ("_months", _("个月"), "月"),
          ("_years", _("年"), "年"), ("_percent", "%", "%"))


def limit_label(field: str) -> str:
    """The Chinese name of one time-limit field (its verbose_name)."""
    return str(getattr(TimeLimits._meta.get_field(field), "verbose_name", field))


def limit_unit(field: str) -> str:
    """The unit shown after a value; a label that names its unit in brackets ("（月）") needs none."""
    label = limit_label(field)
    for suffix, unit, bracketed in _UNITS:
        if f"{suffix}_" in f"{field}_":
            return "" if f"（{bracketed}）" in label else str(unit)
    return ""


@dataclass(frozen=True)
class LimitRow:
    field: str
    label: str
    value: int
    unit: str


@dataclass(frozen=True)
class EffectiveTimeLimits:
    """The time limits in force in one jurisdiction and where they come from."""

    jurisdiction: Jurisdiction
    limits: TimeLimits
    # The jurisdiction whose row applies; None: the built-in defaults.
    source: Jurisdiction | None

    @property
    def own(self) -> bool:
        return self.source is not None and self.source.pk == self.jurisdiction.pk

    @property
    def inherited(self) -> bool:
        return not self.own

    @property
    def inherited_from(self) -> Jurisdiction | None:
        return None if self.own else self.source

    @property
    def source_kind(self) -> str:
        """"own", "ancestor" or "default" (the API's words)."""
        return "own" if self.own else "ancestor" if self.source is not None else "default"

    @property
    def updated_at(self) -> Any:
        return self.limits.updated_at if self.limits.pk else None

    @property
    def rows(self) -> list[LimitRow]:
        return [LimitRow(f, limit_label(f), getattr(self.limits, f), limit_unit(f))
                for f in TimeLimits.editable_fields()]

    def value(self, field: str) -> int:
        return int(getattr(self.limits, field))


def effective_time_limits_for(jurisdictions: list[Jurisdiction]) -> list[EffectiveTimeLimits]:
    """The limits in force for many jurisdictions in two queries: each one's own row, else the nearest
    ancestor's, else the defaults."""
    chain_ids: set[int] = set()
    for j in jurisdictions:
        chain_ids.update(j.ancestor_ids())
        chain_ids.add(j.pk)
    rows = {t.jurisdiction_id: t for t in TimeLimits.objects.filter(jurisdiction_id__in=chain_ids)
            .select_related("jurisdiction")}
    result = []
    for j in jurisdictions:
        found = next((rows[jid] for jid in reversed([*j.ancestor_ids(), j.pk]) if jid in rows), None)
        if found is None:
            result.append(EffectiveTimeLimits(j, TimeLimits(jurisdiction=j), None))
        else:
            result.append(EffectiveTimeLimits(j, found, found.jurisdiction))
    return result


def effective_time_limits(jurisdiction: Jurisdiction) -> EffectiveTimeLimits:
    return effective_time_limits_for([jurisdiction])[0]


def inherited_time_limits(jurisdiction: Jurisdiction) -> EffectiveTimeLimits:
    """What would apply if ``jurisdiction`` had no row of its own (its nearest ancestor's, else defaults)."""
    ancestors = jurisdiction.ancestor_ids()
    rows = {t.jurisdiction_id: t for t in TimeLimits.objects.filter(jurisdiction_id__in=ancestors)
            .select_related("jurisdiction")}
    for jid in reversed(ancestors):
        if jid in rows:
            return EffectiveTimeLimits(jurisdiction, rows[jid], rows[jid].jurisdiction)
    return EffectiveTimeLimits(jurisdiction, TimeLimits(jurisdiction=jurisdiction), None)
