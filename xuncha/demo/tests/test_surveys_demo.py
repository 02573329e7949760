"""The demo's democratic appraisal of 市工商联's leadership team (xuncha/demo/surveys.py)."""

from __future__ import annotations

from typing import Any

from xuncha.accounts.models import User
from xuncha.inspections.models import Inspection
from xuncha.surveys.models import Survey, SurveyResponse, SurveyStatus
from xuncha.surveys.selectors import survey_results


def test_the_appraisal_of_gsl_is_closed_within_the_stay_with_most_codes_used(demo: Any) -> None:
    inspection = Inspection.objects.get(code="11-7-03")
    survey = Survey.objects.get(inspection=inspection)
    assert survey.status == SurveyStatus.CLOSED and survey.kind == "leadership"
    entry, exit_, opened, closed = (inspection.stationed_on, inspection.withdrawn_on, survey.opened_on,
                                    survey.closed_on)
    assert entry and exit_ and opened and closed
    assert entry <= opened <= closed <= exit_
    days = set(SurveyResponse.objects.filter(survey=survey).values_list("answered_on", flat=True))
    assert days and all(opened <= day <= closed for day in days)
    results = survey_results(survey)
    assert results.shown and 0.7 < results.used / results.issued < 1 and results.responses == results.used
    # Every group reaches the minimum of five: the breakdown is shown; the ratings lean to 好/较好.
    assert results.groups == ["班子成员", "中层干部", "一般干部职工"]
    overall = next(q for q in results.questions if q.kind == "scale").overall
    assert overall is not None and overall.favourable is not None and overall.favourable > 60


def test_the_liaison_of_gsl_sees_no_trace_of_it(demo: Any) -> None:
    liaison = User.objects.get(username="liaison_gsl")
    assert not Survey.objects.visible_to(liaison).exists()
    assert not SurveyResponse.objects.visible_to(liaison).exists()
    assert Survey.objects.visible_to(User.objects.get(username="leader3")).exists()
