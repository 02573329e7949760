"""The surveys pages as the team, the office director, the liaison and the public use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import SurveyFactory, answer_all
from xuncha.surveys import services
from xuncha.surveys.models import QuestionKind, Survey, SurveyResponse, SurveyTemplate, SurveyToken

pytestmark = pytest.mark.django_db


def test_the_team_builds_issues_and_opens_a_survey_through_the_pages(client_as: Any, objects: Any) -> None:
    client = client_as("leader_a")
    page = client.get(reverse("surveys:inspection-surveys", args=[objects.inspection_a.pk]))
    assert page.status_code == 200 and "按模板新建测评" in page.content.decode()
    template = SurveyTemplate.objects.get(code="XRYR-PY")
    response = client.post(reverse("surveys:survey-create", args=[objects.inspection_a.pk]),
                           {"template": template.pk, "title": ""})
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("surveys:survey-detail", args=[survey.pk])
    assert survey.title == "甲市发改委选人用人工作民主评议"
    response = client.post(reverse("surveys:question-add", args=[survey.pk]), {
        "text": "对新提拔干部的满意度", "kind": "scale", "options": "满意\n基本满意\n不满意", "required": "on",
        "max_choices": 0})
    assert response.status_code == 302
    bad = client.post(reverse("surveys:question-add", args=[survey.pk]), {"text": "只有一个选项", "kind": "single",
                                                                          "options": "是"})
    assert bad.status_code == 400 and "至少要有两个选项" in bad.content.decode()
    issued = client.post(reverse("surveys:tokens-issue", args=[survey.pk]), {"group": "middle", "count": 3})
    assert issued.status_code == 302 and "batch=1" in issued["Location"]
    slips = client.get(issued["Location"])
    assert slips.status_code == 200 and slips.content.decode().count("<svg") == 3
    opened = client.post(reverse("surveys:survey-transition", args=[survey.pk, "open"]))
    assert opened.status_code == 302
    survey.refresh_from_db()
    assert survey.status == "open"
    detail = client.get(reverse("surveys:survey-detail", args=[survey.pk])).content.decode()
    assert "结束答题" in detail and "添加题目" not in detail


def test_the_liaison_and_other_teams_find_no_survey(client_as: Any, objects: Any) -> None:
    survey = SurveyFactory.create(inspection=objects.inspection_a)
    for who in ("liaison_a", "member_b", "office_staff"):
        client = client_as(who)
        for url in (reverse("surveys:inspection-surveys", args=[objects.inspection_a.pk]),
                    reverse("surveys:survey-detail", args=[survey.pk]),
                    reverse("surveys:survey-results", args=[survey.pk])):
            assert client.get(url).status_code == 404, (who, url)
    director = client_as("office_director")
    assert director.get(reverse("surveys:survey-results", args=[survey.pk])).status_code == 200
    assert director.post(reverse("surveys:tokens-issue", args=[survey.pk]),
                         {"group": "staff", "count": 2}).status_code == 403


def test_the_inspection_page_offers_the_tab_to_the_team_only(client_as: Any, objects: Any) -> None:
    url = reverse("planning:inspection-detail", args=[objects.inspection_a.pk])
    tab = reverse("surveys:inspection-surveys", args=[objects.inspection_a.pk])
    assert tab in client_as("leader_a").get(url).content.decode()
    assert tab not in client_as("liaison_a").get(url).content.decode()


def _open(personas: Any, objects: Any, count: int = 2) -> tuple[Survey, list[str]]:
    survey = SurveyFactory.create(inspection=objects.inspection_a)
    codes = services.tokens_issue(actor=personas.leader_a, survey_id=survey.pk, group="staff", count=count).codes
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="open")
    return survey, codes


def test_the_public_answers_without_signing_in(personas: Any, objects: Any) -> None:
    survey, codes = _open(personas, objects)
    client = Client(enforce_csrf_checks=True)
    url = reverse("surveys:answer", args=[codes[0]])
    page = client.get(url)
    assert page.status_code == 200 and survey.title in page.content.decode()
    csrf = page.cookies["csrftoken"].value
    done = client.post(url, {**answer_all(survey, text="希望加强作风建设"), "csrfmiddlewaretoken": csrf})
    assert done.status_code == 200 and "答卷已提交" in done.content.decode()
    again = client.get(url)
    assert again.status_code == 409 and "已经使用过" in again.content.decode()
    entry = client.get(reverse("surveys:answer-entry"), {"code": codes[1].lower()})
    assert entry.status_code == 302 and entry["Location"] == reverse("surveys:answer", args=[codes[1]])


@pytest.mark.parametrize("case", ["missing", "script", "oversized", "forged", "bad_choice", "invalid_utf8"])
def test_bad_public_input_is_a_clear_refusal_and_stores_nothing(personas: Any, objects: Any, case: str) -> None:
    survey, codes = _open(personas, objects)
    answers: dict[str, Any] = answer_all(survey)
    text_q = survey.questions.get(kind=QuestionKind.TEXT)
    choice_q = survey.questions.exclude(kind=QuestionKind.TEXT).first()
    assert choice_q is not None
    code = codes[0]
    if case == "missing":
        answers.pop(f"q{choice_q.pk}")
    elif case == "script":
        answers[f"q{text_q.pk}"] = ['"><script>alert(document.cookie)</script>']
    elif case == "oversized":
        answers[f"q{text_q.pk}"] = ["很" * 5000]
    elif case == "forged":
        code = "ZZZZ-ZZZZ-ZZZZ-ZZZZ"
    elif case == "bad_choice":
        answers[f"q{choice_q.pk}"] = ["' OR 1=1 --"]
    client = Client()
    if case == "invalid_utf8":
        response = client.post(reverse("surveys:answer", args=[code]), data=b"q1=%FF%FE%00",
                               content_type="application/x-www-form-urlencoded")
    else:
        response = client.post(reverse("surveys:answer", args=[code]), answers)
    body = response.content.decode()
    assert response.status_code in (400, 404), body[:200]
    assert "<script>alert" not in body
    assert any(word in body for word in ("必答", "网页标记", "不能超过", "答题码无效", "选项无效"))
    assert not SurveyResponse.objects.exists()
    assert not SurveyToken.objects.filter(used=True).exists()


def test_an_oversized_request_is_refused_without_a_server_error(personas: Any, objects: Any, settings: Any) -> None:
    survey, codes = _open(personas, objects)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = Client(raise_request_exception=False).post(
        reverse("surveys:answer", args=[codes[0]]), {**answer_all(survey), "filler": "x" * 20_000})
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_results_page_shows_tallies_once_closed(personas: Any, objects: Any, client_as: Any) -> None:
    survey, codes = _open(personas, objects, count=5)
    for n, code in enumerate(codes):
        services.survey_answer_submit(code=code, answers=answer_all(survey, choice=n % 2, text=f"意见{n}"))
    url = reverse("surveys:survey-results", args=[survey.pk])
    assert "测评结束后才显示结果" in client_as("member_a").get(url).content.decode()
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="close")
    page = client_as("member_a").get(url).content.decode()
    assert "好评率" in page and "意见3" in page and "收回答卷 5 份" in page
