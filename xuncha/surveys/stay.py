"""What the surveys app adds to an inspection: its tab, its figures of the stay, and the withdrawal guard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.inspections.sections import StayFigure
from xuncha.surveys.models import Survey, SurveyResponse, SurveyStatus, SurveyToken

if TYPE_CHECKING:
    from xuncha.inspections.models import Inspection


def may_open_surveys(user: Any, inspection: Inspection) -> bool:
    """The tab is the team's and the office director's (VIEW_SURVEYS over the inspection). From the user's scope and
    the inspection's own fields, without a query (a liaison's role holds no survey capability, so the inspected
    organisations need not be read)."""
    caps = scope_of(user).capabilities_at(jurisdiction_path=inspection.jurisdiction.path,
                                          team_ids={inspection.team_id} if inspection.team_id else set())
    return Cap.VIEW_SURVEYS in caps


def stay_figures(inspection: Inspection) -> list[StayFigure]:
    """Surveys run during the stay and their response rate (responses against codes issued)."""
    surveys = Survey.objects.filter(inspection=inspection).exclude(status=SurveyStatus.DRAFT)
    run = surveys.count()
    if not run:
        return [StayFigure("民主测评、问卷调查", 0, "未组织")]
    issued = SurveyToken.objects.filter(survey__in=surveys).count()
    answered = SurveyResponse.objects.filter(survey__in=surveys).count()
    still_open = surveys.filter(status=SurveyStatus.OPEN).count()
    rate = f"{100 * answered / issued:.0f}%" if issued else "—"
    detail = f"发放答题码 {issued} 个，收回答卷 {answered} 份"
    return [
        StayFigure("民主测评、问卷调查", run, detail + (f"，{still_open} 项仍在答题中" if still_open else ""),
                   attention=bool(still_open)),
        StayFigure("测评答卷回收率", rate, detail),
    ]


def no_open_survey(inspection: Any) -> str | None:
    """民主测评、问卷调查均已结束答题。"""
    titles = list(Survey.objects.filter(inspection=inspection, status=SurveyStatus.OPEN)
                  .values_list("title", flat=True)[:3])
    return f"以下测评仍在答题中，请先结束答题：{'、'.join(titles)}。" if titles else None
