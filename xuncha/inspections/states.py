"""The states of the spine's objects, apart from their transition tables (``workflow``): the models declare
their status fields with them, and the tables' guards read the stationing records and the recusal check, which
read the models — a module of its own keeps that one-way."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("已列入计划")
    PREPARING = "preparing", _("巡前准备")
    STATIONED = "stationed", _("进驻了解")
    REPORTING = "reporting", _("报告审议")
    FEEDBACK = "feedback", _("反馈移交")
    RECTIFYING = "rectifying", _("整改落实")
    EVALUATING = "evaluating", _("整改评估")
    ARCHIVED = "archived", _("已归档")


S = InspectionStatus
ORDER = list(S.values)
STATUS_COLORS = {
    S.PLANNED: "secondary",
    S.PREPARING: "info",
    S.STATIONED: "primary",
    S.REPORTING: "warning",
    S.FEEDBACK: "orange",
    S.RECTIFYING: "danger",
    S.EVALUATING: "purple",
    S.ARCHIVED: "success",
}


class TeamStatus(models.TextChoices):
    """A team's forming (组建巡察组): its roster may change while it is forming; the office confirms it once its
    composition follows the rules, and may reopen it, with a reason, until the team is stationed."""

    FORMING = "forming", _("组建中")
    FORMED = "formed", _("组成已确定")
