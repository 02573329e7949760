"""No answer can be tied to a person: the schema has no path from a code to a response, a response says nothing of
who, when (beyond the day) or in which order, and small groups show no breakdown (ADR-0017)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection, models

from tests.factories import SurveyFactory, answer_all
from xuncha.audit.models import AuditEvent
from xuncha.surveys import services
from xuncha.surveys.models import Survey, SurveyAnswer, SurveyResponse, SurveyToken
from xuncha.surveys.selectors import REMAINDER_LABEL, survey_results

ANSWER_SIDE = (SurveyResponse, SurveyAnswer)


def _relations(model: type[models.Model]) -> set[str]:
    """Labels of every model ``model`` points to or is pointed from."""
    return {f.related_model._meta.label for f in model._meta.get_fields()
            if f.is_relation and f.related_model is not None}


def test_no_relation_between_codes_and_answers_and_none_to_a_user() -> None:
    user_label = settings.AUTH_USER_MODEL
    for model in ANSWER_SIDE:
        related = _relations(model)
        assert SurveyToken._meta.label not in related, model
        assert user_label not in related, model
    token_related = _relations(SurveyToken)
    assert not token_related & {m._meta.label for m in ANSWER_SIDE}
    # The only thing a code and a response share is their survey and the respondent group: each many codes to
    # many responses; the group is guarded by the minimum group size of the results.
    token_columns = {f.column for f in SurveyToken._meta.concrete_fields}
    response_columns = {f.column for f in SurveyResponse._meta.concrete_fields}
    assert token_columns & response_columns == {"id", "survey_id", "group"}


def test_answers_keep_no_time_of_day_no_address_and_no_arrival_order() -> None:
    for model in ANSWER_SIDE:
        for f in model._meta.concrete_fields:
            assert not isinstance(f, models.DateTimeField | models.TimeField), f
            assert not isinstance(f, models.GenericIPAddressField), f
            assert not any(word in str(f.column) for word in ("ip", "user", "token", "created", "agent")), f
        # A random key: no autoincrement that counts arrivals.
        assert isinstance(model._meta.pk, models.UUIDField), model
    # Used or not, never when.
    for f in SurveyToken._meta.concrete_fields:
        assert not isinstance(f, models.DateTimeField | models.TimeField), f


@pytest.mark.django_db
def test_the_database_tables_have_no_foreign_key_between_codes_and_answers() -> None:
    with connection.cursor() as cursor:
        for model in ANSWER_SIDE:
            relations = connection.introspection.get_relations(cursor, model._meta.db_table)
            targets = {relation[1] for relation in relations.values()}
            assert SurveyToken._meta.db_table not in targets
            assert not any("user" in table for table in targets)
        token_targets = {relation[1] for relation in connection.introspection.get_relations(
            cursor, SurveyToken._meta.db_table).values()}
        assert not token_targets & {m._meta.db_table for m in ANSWER_SIDE}


def _closed_with(personas: Any, objects: Any, groups: dict[str, int], minimum: int = 5,
                 text: str = "", close: bool = True) -> Survey:
    survey = SurveyFactory.create(inspection=objects.inspection_a, min_group_size=minimum)
    batches = {g: services.tokens_issue(actor=personas.leader_a, survey_id=survey.pk, group=g, count=n).codes
               for g, n in groups.items()}
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="open")
    for g, codes in batches.items():
        for n, code in enumerate(codes):
            services.survey_answer_submit(code=code, answers=answer_all(survey, choice=n % 2,
                                                                        text=f"{text}{g}{n}" if text else ""))
    if close:
        services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="close")
    survey.refresh_from_db()
    return survey


@pytest.mark.django_db
def test_answering_writes_nothing_to_the_audit_log(personas: Any, objects: Any) -> None:
    survey = SurveyFactory.create(inspection=objects.inspection_a)
    code = services.tokens_issue(actor=personas.leader_a, survey_id=survey.pk, group="staff", count=1).codes[0]
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="open")
    before = AuditEvent.objects.count()
    services.survey_answer_submit(code=code, answers=answer_all(survey))
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_no_results_before_the_survey_closes_or_below_the_minimum(personas: Any, objects: Any) -> None:
    still_open = survey_results(_closed_with(personas, objects, {"staff": 6}, close=False))
    assert not still_open.shown and "结束后" in still_open.withheld and still_open.questions == []
    survey = _closed_with(personas, objects, {"staff": 4})
    results = survey_results(survey)
    assert not results.shown and "少于 5 份" in results.withheld and results.questions == []
    assert results.responses == 4 and results.response_rate == 100.0


@pytest.mark.django_db
def test_a_small_group_shows_no_breakdown(personas: Any, objects: Any) -> None:
    # 班子成员 2: alone they would be identified, and subtracting the others from the total would reveal them.
    survey = _closed_with(personas, objects, {"staff": 6, "leadership": 2})
    results = survey_results(survey)
    assert results.shown and results.groups == []
    assert all(q.breakdown == [] for q in results.questions)
    assert "不按类别分列" in results.breakdown_note
    scale = next(q for q in results.questions if q.kind == "scale")
    assert scale.overall is not None and scale.overall.answered == 8


@pytest.mark.django_db
def test_small_groups_merge_when_together_they_reach_the_minimum(personas: Any, objects: Any) -> None:
    survey = _closed_with(personas, objects, {"staff": 6, "middle": 5, "leadership": 2, "retired": 3})
    results = survey_results(survey)
    assert results.groups == ["中层干部", "一般干部职工", REMAINDER_LABEL]
    scale = next(q for q in results.questions if q.kind == "scale")
    assert [c.respondents for c in scale.breakdown] == [5, 6, 5]
    assert "合并" in results.breakdown_note


@pytest.mark.django_db
def test_free_text_is_shown_sorted_without_its_group(personas: Any, objects: Any) -> None:
    survey = _closed_with(personas, objects, {"staff": 3, "middle": 3}, minimum=5, text="意见")
    texts = next(q for q in survey_results(survey).questions if q.kind == "text").texts
    assert texts == sorted(texts) and len(texts) == 6
