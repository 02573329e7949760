"""API shapes of the rules set per jurisdiction: time limits.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from xuncha.core.api.schemas import InputSchema, Ref
from xuncha.rules.models import TimeLimits
from xuncha.rules.services import time_limit_label


def _limit(low: int, high: int, field: str) -> Any:
    label = time_limit_label(field)
    return Field(None, ge=low, le=high, description=f"{label}（{low}–{high}）")




class TimeLimitsIn(InputSchema):
    """Fields left out keep the value in force; ranges guard against typing slips (spec §1.4)."""

    notice_days_before_entry: int | None = _limit(0, 90, "notice_days_before_entry")
    liaison_list_days_before_entry: int | None = _limit(0, 90, "liaison_list_days_before_entry")
    unit_report_days_after_entry: int | None = _limit(0, 90, "unit_report_days_after_entry")
    fieldwork_days_routine: int | None = _limit(1, 180, "fieldwork_days_routine")
    fieldwork_days_special: int | None = _limit(1, 180, "fieldwork_days_special")
    petition_cutoff_days_before_end: int | None = _limit(0, 90, "petition_cutoff_days_before_end")
    report_to_secretary_meeting_days: int | None = _limit(1, 180, "report_to_secretary_meeting_days")
    rectification_plan_due_working_days: int | None = _limit(1, 120, "rectification_plan_due_working_days")
    rectification_report_due_months: int | None = _limit(1, 12, "rectification_report_due_months")
    lead_feedback_due_months: int | None = _limit(1, 12, "lead_feedback_due_months")
    lead_closure_target_months: int | None = _limit(1, 12, "lead_closure_target_months")
    evaluation_sampling_percent: int | None = _limit(1, 100, "evaluation_sampling_percent")
    revisit_after_months: int | None = _limit(1, 60, "revisit_after_months")
    recusal_work_history_years: int | None = _limit(0, 30, "recusal_work_history_years")
    coverage_cycle_years: int | None = _limit(1, 10, "coverage_cycle_years")


class TimeLimitsOut(Schema):
    jurisdiction_id: int
    inherited: bool = Field(description="本级未单独设置，沿用上级或系统默认值")
    source: Literal["own", "ancestor", "default"]
    source_jurisdiction: Ref | None = Field(description="取值来自哪一级党委；系统默认值时为空")
    updated_at: datetime.datetime | None
    notice_days_before_entry: int
    liaison_list_days_before_entry: int
    unit_report_days_after_entry: int
    fieldwork_days_routine: int
    fieldwork_days_special: int
    petition_cutoff_days_before_end: int
    report_to_secretary_meeting_days: int
    rectification_plan_due_working_days: int
    rectification_report_due_months: int
    lead_feedback_due_months: int
    lead_closure_target_months: int
    evaluation_sampling_percent: int
    revisit_after_months: int
    recusal_work_history_years: int
    coverage_cycle_years: int

    @staticmethod
    def data(effective: Any) -> dict[str, Any]:
        """The response body for a ``selectors.EffectiveTimeLimits``."""
        limits = effective.limits
        return {
            "jurisdiction_id": effective.jurisdiction.pk,
            "inherited": effective.inherited,
            "source": effective.source,
            "source_jurisdiction": effective.source_jurisdiction,
            "updated_at": limits.updated_at if limits.pk else None,
            **{f: getattr(limits, f) for f in TimeLimits.editable_fields()},
        }
