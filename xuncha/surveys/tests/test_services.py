"""Building and running a survey, answering it by code, and who sees it."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from tests.factories import SurveyFactory, answer_all
from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.inspections.services import inspection_apply_transition
from xuncha.surveys import services
from xuncha.surveys.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
    SurveyTemplate,
    SurveyToken,
)
from xuncha.surveys.services import QuestionInput

pytestmark = pytest.mark.django_db


def _template(code: str = "MZCP-BZ") -> SurveyTemplate:
    return SurveyTemplate.objects.get(code=code, version=1)


def test_the_spec_templates_are_seeded_with_their_questions() -> None:
    leadership, selection = _template("MZCP-BZ"), _template("XRYR-PY")
    assert leadership.questions.filter(kind=QuestionKind.SCALE).count() >= 9
    assert selection.questions.filter(text__contains="新选拔任用干部").exists()
    assert _template("XHPG").kind == "evaluation"


def test_a_survey_copies_its_template_and_is_adjustable_until_opened(personas: Any, objects: Any) -> None:
    survey = services.survey_create(actor=personas.leader_a, inspection_id=objects.inspection_a.pk,
                                    template_id=_template().pk)
    assert survey.status == SurveyStatus.DRAFT and survey.title.startswith("甲市发改委")
    assert survey.questions.count() == _template().questions.count()
    question = services.question_add(actor=personas.member_a, survey_id=survey.pk, data=QuestionInput(
        text="对本单位作风建设的评价", kind=QuestionKind.SINGLE, options=["好", "一般", "差"]))
    services.question_move(actor=personas.member_a, question_id=question.pk, up=True)
    assert list(survey.questions.order_by("position").values_list("text", flat=True))[-2] == "对本单位作风建设的评价"
    with pytest.raises(TransitionNotAllowed, match="尚未生成答题码"):
        services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="open")
    services.tokens_issue(actor=personas.leader_a, survey_id=survey.pk, group="staff", count=3)
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="open")
    with pytest.raises(TransitionNotAllowed, match="不能再修改"):
        services.question_remove(actor=personas.leader_a, question_id=question.pk)
    # The template is untouched by the survey's changes.
    assert not _template().questions.filter(text="对本单位作风建设的评价").exists()


def test_question_rules_are_refused_in_chinese(personas: Any, objects: Any) -> None:
    survey = SurveyFactory.create(inspection=objects.inspection_a)
    for data, field in [
        (QuestionInput(text="", kind=QuestionKind.TEXT), "text"),
        (QuestionInput(text="评价", kind=QuestionKind.SCALE, options=["好"]), "options"),
        (QuestionInput(text="评价", kind=QuestionKind.SINGLE, options=["好", "好"]), "options"),
        (QuestionInput(text="评价", kind="essay"), "kind"),
        (QuestionInput(text="评价", kind=QuestionKind.MULTIPLE, options=["甲", "乙"], max_choices=5), "max_choices"),
    ]:
        with pytest.raises(DomainError) as caught:
            services.question_add(actor=personas.leader_a, survey_id=survey.pk, data=data)
        assert field in caught.value.fields


def test_only_the_team_runs_surveys_and_only_the_team_and_director_see_them(personas: Any, objects: Any) -> None:
    survey = SurveyFactory.create(inspection=objects.inspection_a)
    with pytest.raises(CapabilityMissing):
        services.tokens_issue(actor=personas.office_director, survey_id=survey.pk, group="staff", count=1)
    for outsider in ("member_b", "liaison_a", "office_staff", "cdi", "leading_group", "sysadmin"):
        with pytest.raises(Http404):
            services.tokens_issue(actor=getattr(personas, outsider), survey_id=survey.pk, group="staff", count=1)
        assert not Survey.objects.visible_to(getattr(personas, outsider)).exists(), outsider
        assert not SurveyResponse.objects.visible_to(getattr(personas, outsider)).exists(), outsider
    for reader in ("leader_a", "member_a", "office_director"):
        assert Survey.objects.visible_to(getattr(personas, reader)).filter(pk=survey.pk).exists(), reader
    with pytest.raises(Http404):
        services.survey_create(actor=personas.member_b, inspection_id=objects.inspection_a.pk,
                               template_id=_template().pk)


def _open_survey(personas: Any, objects: Any, count: int = 6, group: str = "staff") -> tuple[Survey, list[str]]:
    survey = SurveyFactory.create(inspection=objects.inspection_a)
    batch = services.tokens_issue(actor=personas.leader_a, survey_id=survey.pk, group=group, count=count)
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="open")
    return survey, batch.codes


def test_one_code_answers_once_and_leaves_no_trace_of_who(personas: Any, objects: Any) -> None:
    survey, codes = _open_survey(personas, objects)
    services.survey_answer_submit(code=services.format_code(codes[0]).lower(), answers=answer_all(survey))
    response = SurveyResponse.objects.get()
    assert response.group == "staff" and response.answered_on is not None
    assert SurveyToken.objects.filter(used=True).count() == 1
    with pytest.raises(TransitionNotAllowed, match="已经使用过"):
        services.survey_answer_submit(code=codes[0], answers=answer_all(survey))
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("bad", [
    {"code": "ABCD-EFGH-JKMN-PQRS"},  # forged: well formed, never issued
    {"code": "<script>alert(1)</script>"},
    {"code": "x" * 5000},
    {"missing": True},
    {"text": "<script>alert('x')</script>"},
    {"text": "意见" * 600},
    {"choice": "99"},
    {"choice": "1; DROP TABLE surveys_surveyresponse"},
    {"text": "有\x00控制字符"},
])
def test_bad_answers_are_refused_with_a_reason_and_nothing_is_stored(personas: Any, objects: Any,
                                                                    bad: dict[str, Any]) -> None:
    survey, codes = _open_survey(personas, objects)
    answers = answer_all(survey)
    text_question = survey.questions.filter(kind=QuestionKind.TEXT).first()
    choice_question = survey.questions.exclude(kind=QuestionKind.TEXT).first()
    assert text_question and choice_question
    if "text" in bad:
        answers[f"q{text_question.pk}"] = [bad["text"]]
    if "choice" in bad:
        answers[f"q{choice_question.pk}"] = [bad["choice"]]
    if "missing" in bad:
        del answers[f"q{choice_question.pk}"]
    with pytest.raises(DomainError) as caught:
        services.survey_answer_submit(code=bad.get("code", codes[0]), answers=answers)
    assert any("\u4e00" <= c <= "\u9fff" for c in caught.value.message)
    assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()
    assert not SurveyToken.objects.filter(used=True).exists()


def test_answers_only_while_open(personas: Any, objects: Any) -> None:
    survey = SurveyFactory.create(inspection=objects.inspection_a)
    code = services.tokens_issue(actor=personas.leader_a, survey_id=survey.pk, group="staff", count=1).codes[0]
    with pytest.raises(TransitionNotAllowed, match="不在答题时间"):
        services.survey_answer_submit(code=code, answers=answer_all(survey))
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="open")
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="close")
    with pytest.raises(TransitionNotAllowed, match="不在答题时间"):
        services.survey_answer_submit(code=code, answers=answer_all(survey))


def test_an_open_survey_holds_back_the_withdrawal(personas: Any, objects: Any) -> None:
    survey, _ = _open_survey(personas, objects)
    with pytest.raises(TransitionNotAllowed, match="仍在答题中"):
        inspection_apply_transition(actor=personas.leader_a, inspection_id=objects.inspection_a.pk,
                                    transition="withdraw")
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="close")
    inspection_apply_transition(actor=personas.leader_a, inspection_id=objects.inspection_a.pk,
                                transition="withdraw")
