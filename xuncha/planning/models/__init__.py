"""The office's planning records; the spine's models are in ``xuncha.inspections.models``."""

from xuncha.planning.models.assignment import CrossAssignmentRun, RunStatus
from xuncha.planning.models.plans import AnnualPlan, ApprovalStatus, WorkPlan

__all__ = ["AnnualPlan", "ApprovalStatus", "CrossAssignmentRun", "RunStatus", "WorkPlan"]
