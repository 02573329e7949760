"""Answer codes under attack and lost (rate limit of the public pages, revocation), the minimum group size from the
settings, and the results as an Excel file (a background job, watermarked and audited, the minimum applied)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import SurveyFactory, answer_all
from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import DomainError, TransitionNotAllowed
from xuncha.core.models import BackgroundJob
from xuncha.surveys import services
from xuncha.surveys.models import Survey, SurveyResponse, SurveyToken, default_min_group
from xuncha.surveys.selectors import REMAINDER_LABEL
from xuncha.surveys.tests.test_anonymity import _closed_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters() -> Any:
    cache.clear()
    yield
    cache.clear()


def _open(personas: Any, objects: Any, count: int = 3) -> tuple[Survey, list[str]]:
    survey = SurveyFactory.create(inspection=objects.inspection_a)
    codes = services.tokens_issue(actor=personas.leader_a, survey_id=survey.pk, group="staff", count=count).codes
    services.survey_transition(actor=personas.leader_a, survey_id=survey.pk, name="open")
    return survey, codes


# ---- the rate limit of the public pages ----------------------------------------------------------------------


def test_thousands_of_code_guesses_are_refused_clearly_and_store_nothing(personas: Any, objects: Any,
                                                                        settings: Any) -> None:
    _survey, codes = _open(personas, objects)
    limit = settings.XUNCHA_SURVEY_CODE_RATE[0]
    client = Client()
    responses_before, tokens_before = SurveyResponse.objects.count(), list(SurveyToken.objects.values("used"))
    statuses: list[int] = []
    for n in range(2000):
        guess = f"{n:016d}"  # well formed, never issued
        if n % 2:
            statuses.append(client.get(reverse("surveys:answer", args=[guess])).status_code)
        else:
            statuses.append(client.get(reverse("surveys:answer-entry"), {"code": f"x{n}"}).status_code)
    assert 500 not in statuses
    assert statuses[:limit] == [400] * limit and set(statuses[limit:]) == {429}
    # Refused in Chinese; a right code is refused too while the client is over the limit, and nothing changes.
    page = client.get(reverse("surveys:answer", args=[codes[0]]))
    assert page.status_code == 429 and "答题码输错次数过多" in page.content.decode()
    post = client.post(reverse("surveys:answer", args=[codes[0]]), data={})
    assert post.status_code == 429
    assert SurveyResponse.objects.count() == responses_before
    assert list(SurveyToken.objects.values("used")) == tokens_before
    # Another client (another address) answers as usual.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.get(reverse("surveys:answer", args=[codes[0]])).status_code == 200


def test_a_right_code_is_not_counted_as_a_guess(personas: Any, objects: Any, settings: Any) -> None:
    _survey, codes = _open(personas, objects)
    client = Client()
    for _ in range(settings.XUNCHA_SURVEY_CODE_RATE[0] + 5):
        assert client.get(reverse("surveys:answer", args=[codes[0]])).status_code == 200


# ---- revocation ------------------------------------------------------------------------------------------------


def test_a_lost_slip_is_revoked_and_its_code_answers_nothing(personas: Any, objects: Any) -> None:
    survey, codes = _open(personas, objects)
    token = services.token_revoke(actor=personas.leader_a, survey_id=survey.pk,
                                  code=services.format_code(codes[0]).lower())
    assert token.revoked and not token.used
    event = AuditEvent.objects.filter(action="survey.token_revoke").get()
    assert codes[0] not in event.details and json.loads(event.details)["batch"] == 1
    with pytest.raises(TransitionNotAllowed, match="已作废"):
        services.survey_answer_submit(code=codes[0], answers=answer_all(survey))
    with pytest.raises(TransitionNotAllowed, match="已经作废"):
        services.token_revoke(actor=personas.leader_a, survey_id=survey.pk, code=codes[0])
    assert SurveyResponse.objects.count() == 0
    page = Client().get(reverse("surveys:answer", args=[codes[0]]))
    assert page.status_code == 409 and "已作废" in page.content.decode()
    # A used code cannot be revoked; an unknown one is told so.
    services.survey_answer_submit(code=codes[1], answers=answer_all(survey))
    with pytest.raises(TransitionNotAllowed, match="不能作废"):
        services.token_revoke(actor=personas.leader_a, survey_id=survey.pk, code=codes[1])
    with pytest.raises(DomainError, match="没有这个答题码"):
        services.token_revoke(actor=personas.leader_a, survey_id=survey.pk, code="0000-0000-0000-0000")


def test_all_unused_codes_are_revoked_through_the_page_and_the_api(personas: Any, objects: Any,
                                                                   client_as: Any) -> None:
    survey, codes = _open(personas, objects, count=4)
    services.survey_answer_submit(code=codes[0], answers=answer_all(survey))
    leader = client_as(personas.leader_a)
    url = reverse("surveys:tokens-revoke", args=[survey.pk])
    assert leader.post(url, {}).status_code == 400  # neither a code nor "all"
    assert leader.post(url, {"code": codes[1]}).status_code == 302
    response = leader.post(url, {"all_unused": "on"}, follow=True)
    assert "已作废未使用的答题码 2 个" in response.content.decode()
    assert list(SurveyToken.objects.filter(survey=survey).order_by("id").values_list("used", "revoked")) == [
        (True, False), (False, True), (False, True), (False, True)]
    assert json.loads(AuditEvent.objects.filter(action="survey.tokens_revoke").get().details)["count"] == 2
    detail = leader.get(reverse("surveys:survey-detail", args=[survey.pk])).content.decode()
    assert "作废" in detail
    # Printable slips leave the revoked codes out.
    assert services.format_code(codes[2]) not in leader.get(reverse("surveys:survey-slips",
                                                                    args=[survey.pk])).content.decode()
    api = f"/api/v1/surveys/{survey.pk}/tokens/revoke-unused"
    assert leader.post(api, content_type="application/json").status_code == 409  # none left
    more = services.tokens_issue(actor=personas.leader_a, survey_id=survey.pk, group="middle", count=2).codes
    one = leader.post(f"/api/v1/surveys/{survey.pk}/tokens/revoke", {"code": more[0]}, content_type="application/json")
    assert one.status_code == 200 and one.json() == {"revoked": 1}
    assert leader.post(api, content_type="application/json").json() == {"revoked": 1}
    # The office director reads surveys but does not run them; the liaison finds nothing.
    assert client_as(personas.office_director).post(url, {"all_unused": "on"}).status_code == 403


# ---- the minimum group size from the settings ---------------------------------------------------------------------


def test_the_minimum_group_size_defaults_to_the_setting_within_its_bounds(personas: Any, objects: Any,
                                                                          settings: Any) -> None:
    settings.XUNCHA_SURVEY_MIN_GROUP = 8
    assert default_min_group() == 8
    assert SurveyFactory.create(inspection=objects.inspection_a).min_group_size == 8
    settings.XUNCHA_SURVEY_MIN_GROUP = 1
    assert default_min_group() == 3  # never below the floor: a group of one or two would be identified
    settings.XUNCHA_SURVEY_MIN_GROUP = 500
    assert default_min_group() == 50


# ---- the Excel export -----------------------------------------------------------------------------------------


def _rows(job: BackgroundJob) -> list[tuple[Any, ...]]:
    with default_storage.open(job.result_file, "rb") as fh:
        sheet = load_workbook(io.BytesIO(fh.read())).active
    return list(sheet.iter_rows(values_only=True))


def test_the_results_export_as_a_watermarked_audited_job_with_the_minimum_applied(
        personas: Any, objects: Any, client_as: Any, django_capture_on_commit_callbacks: Any) -> None:
    survey = _closed_with(personas, objects, {"staff": 6, "middle": 5, "leadership": 2, "retired": 3}, text="意见")
    leader = client_as(personas.leader_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = leader.post(reverse("surveys:results-export", args=[survey.pk]))
    assert response.status_code == 302
    job = BackgroundJob.objects.get(kind="survey.results_export")
    assert job.status == "succeeded" and job.percent == 100 and job.result_name.endswith(".xlsx")
    rows = _rows(job)
    header = rows[0]
    assert header[:6] == ("序号", "题目", "题型", "选项", "全部（人数）", "全部（占比）")
    # 中层干部 and 一般干部职工 reach the minimum and have columns; the two 班子成员 and three 退休干部 only together,
    # merged (as the page shows them): never a column of their own.
    assert "中层干部（人数）" in header and "一般干部职工（人数）" in header
    assert f"{REMAINDER_LABEL}（人数）" in header
    assert not any(g in str(h) for h in header for g in ("班子成员", "退休干部"))
    # Free text only overall (the option column), sorted, nothing in any group's column.
    texts = [r for r in rows if r[2] == "文字意见"]
    assert len(texts) == 16 and all(r[4:] == (None,) * len(r[4:]) for r in texts)
    assert [r[3] for r in texts] == sorted(r[3] for r in texts)
    assert AuditEvent.objects.filter(action="export.request").exists()
    export_file = json.loads(AuditEvent.objects.filter(action="export.file").latest("id").details)
    assert export_file["rows"] > 10 and personas.leader_a.username in export_file["watermark"]
    # The page shows the job's progress and its download.
    page = leader.get(reverse("surveys:survey-results", args=[survey.pk]), {"job": job.pk}).content.decode()
    assert job.result_name in page


def test_no_export_while_the_results_are_withheld(personas: Any, objects: Any, client_as: Any) -> None:
    small = _closed_with(personas, objects, {"staff": 4})  # below the minimum of 5
    with pytest.raises(TransitionNotAllowed, match="少于 5 份"):
        services.results_export_start(actor=personas.leader_a, survey_id=small.pk)
    response = client_as(personas.leader_a).post(reverse("surveys:results-export", args=[small.pk]), follow=True)
    assert "不能导出" in response.content.decode()
    assert not BackgroundJob.objects.filter(kind="survey.results_export").exists()
    # Nor for an outsider: the other team finds no survey.
    assert client_as(personas.member_b).post(reverse("surveys:results-export", args=[small.pk])).status_code == 404
