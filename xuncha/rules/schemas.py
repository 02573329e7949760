"""API shapes of the rules set per jurisdiction: time limits.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from xuncha.core.api.schemas import InputSchema, Ref
from xuncha.orgs.models import Rank
from xuncha.rules.models import RecusalRule, RecusalSeverity, Skill, TimeLimits
from xuncha.rules.selectors import LIMIT_RANGES, limit_label


def _limit(field: str) -> Any:
    low, high = LIMIT_RANGES[field]
    label = limit_label(field)
    return Field(None, ge=low, le=high, description=f"{label}（{low}–{high}）")




class TimeLimitsIn(InputSchema):
    """Fields left out keep the value in force; ranges guard against typing slips (spec §1.4)."""

    notice_days_before_entry: int | None = _limit("notice_days_before_entry")
    liaison_list_days_before_entry: int | None = _limit("liaison_list_days_before_entry")
    unit_report_days_after_entry: int | None = _limit("unit_report_days_after_entry")
    fieldwork_days_routine: int | None = _limit("fieldwork_days_routine")
    fieldwork_days_special: int | None = _limit("fieldwork_days_special")
    petition_cutoff_days_before_end: int | None = _limit("petition_cutoff_days_before_end")
    report_to_secretary_meeting_days: int | None = _limit("report_to_secretary_meeting_days")
    rectification_plan_due_working_days: int | None = _limit("rectification_plan_due_working_days")
    rectification_report_due_months: int | None = _limit("rectification_report_due_months")
    lead_feedback_due_months: int | None = _limit("lead_feedback_due_months")
    lead_closure_target_months: int | None = _limit("lead_closure_target_months")
    evaluation_sampling_percent: int | None = _limit("evaluation_sampling_percent")
    revisit_after_months: int | None = _limit("revisit_after_months")
    recusal_work_history_years: int | None = _limit("recusal_work_history_years")
    coverage_cycle_years: int | None = _limit("coverage_cycle_years")


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
            "source": effective.source_kind,
            "source_jurisdiction": effective.source,
            "updated_at": effective.updated_at,
            **{f: getattr(limits, f) for f in TimeLimits.editable_fields()},
        }


class PlanningRulesIn(InputSchema):
    """Fields left out keep the rule in force (the jurisdiction's own, an ancestor's or the default)."""

    team_size_min: int | None = Field(None, ge=2, le=20, description="巡察组最少人数")
    team_size_max: int | None = Field(None, ge=2, le=30, description="巡察组最多人数")
    deputies_max: int | None = Field(None, ge=0, le=5, description="副组长最多人数")
    leader_min_rank: Rank | None = Field(None, description="组长最低职级")
    deputy_min_rank: Rank | None = Field(None, description="副组长最低职级")
    required_skills: list[Skill] | None = Field(None, description="必须覆盖的专长")
    cross_lookback_rounds: int | None = Field(None, ge=0, le=10, description="交叉配对回看轮数")
    recusal: dict[RecusalRule, RecusalSeverity] | None = Field(None, description="回避情形的处理，按情形")


class PlanningRulesOut(Schema):
    jurisdiction_id: int
    inherited: bool = Field(description="本级未单独设置组建规则，沿用上级或系统默认值")
    team_size_min: int
    team_size_max: int
    deputies_max: int
    leader_min_rank: str
    deputy_min_rank: str
    required_skills: list[str]
    cross_lookback_rounds: int
    recusal: dict[str, str]
