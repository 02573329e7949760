"""The surveys API: the same services as the pages; the liaison and other teams find nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.factories import answer_all
from xuncha.accounts.models import ApiToken
from xuncha.surveys import services
from xuncha.surveys.models import Survey, SurveyTemplate

pytestmark = pytest.mark.django_db


def _api(user: Any) -> tuple[Client, dict[str, str]]:
    _, raw = ApiToken.issue(user=user, name="test")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _post(user: Any, path: str, body: Any = None) -> Any:
    client, headers = _api(user)
    return client.post("/api/v1" + path, json.dumps(body or {}), content_type="application/json", headers=headers)


def _get(user: Any, path: str, **params: Any) -> Any:
    client, headers = _api(user)
    return client.get("/api/v1" + path, params, headers=headers)


def test_the_team_runs_a_survey_through_the_api(personas: Any, objects: Any) -> None:
    template = SurveyTemplate.objects.get(code="MZCP-BZ")
    created = _post(personas.leader_a, f"/inspections/{objects.inspection_a.pk}/surveys",
                    {"template_id": template.pk})
    assert created.status_code == 201, created.content
    survey = created.json()
    assert survey["status"] == "draft" and len(survey["questions"]) == template.questions.count()
    refused = _post(personas.leader_a, f"/surveys/{survey['id']}/transitions/open")
    assert refused.status_code == 409 and "答题码" in refused.json()["message"]
    tokens = _post(personas.member_a, f"/surveys/{survey['id']}/tokens", {"group": "staff", "count": 5})
    assert tokens.status_code == 201 and len(tokens.json()["codes"]) == 5
    assert tokens.json()["urls"][0].endswith("/")
    opened = _post(personas.leader_a, f"/surveys/{survey['id']}/transitions/open")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    instance = Survey.objects.get(pk=survey["id"])
    for code in tokens.json()["codes"]:
        services.survey_answer_submit(code=code, answers=answer_all(instance))
    assert _post(personas.leader_a, f"/surveys/{survey['id']}/transitions/close").status_code == 200
    results = _get(personas.office_director, f"/surveys/{survey['id']}/results").json()
    assert results["withheld"] == "" and results["responses"] == 5
    listed = _get(personas.office_director, "/surveys", inspection=objects.inspection_a.pk).json()
    assert listed["count"] == 1 and listed["results"][0]["tokens_used"] == 5


def test_bad_question_bodies_get_chinese_messages(personas: Any, objects: Any) -> None:
    survey = services.survey_create(actor=personas.leader_a, inspection_id=objects.inspection_a.pk,
                                    template_id=SurveyTemplate.objects.get(code="XRYR-PY").pk)
    response = _post(personas.leader_a, f"/surveys/{survey.pk}/questions",
                     {"text": "评价", "kind": "single", "options": ["是"]})
    assert response.status_code == 400 and "至少要有两个选项" in response.json()["message"]
    response = _post(personas.leader_a, f"/surveys/{survey.pk}/questions", {"text": "评价", "kind": "essay"})
    assert response.status_code == 422


def test_the_liaison_and_other_teams_see_no_survey(personas: Any, objects: Any) -> None:
    survey = services.survey_create(actor=personas.leader_a, inspection_id=objects.inspection_a.pk,
                                    template_id=SurveyTemplate.objects.get(code="MZCP-BZ").pk)
    for who in ("liaison_a", "member_b", "office_staff"):
        user = getattr(personas, who)
        assert _get(user, "/surveys").json()["count"] == 0, who
        assert _get(user, f"/surveys/{survey.pk}").status_code == 404, who
        assert _get(user, f"/surveys/{survey.pk}/results").status_code == 404, who
    assert _post(personas.liaison_a, f"/surveys/{survey.pk}/tokens", {"group": "staff", "count": 1}).status_code == 404
