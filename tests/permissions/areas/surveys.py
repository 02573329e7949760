"""The surveys area (xuncha/surveys): the team's pages and endpoints, the office director's reading of results, the
public answer page. Surveys are the team's (RUN_SURVEYS) and the office director's to read (VIEW_SURVEYS): the
liaison of the inspected unit, the rest of the office, other teams and 洛龙区's roles find nothing (404).

Objects (``build_objects``): a draft survey of 11-7-03 with answer codes issued (so it may be opened) and its
first question; an open survey of 11-7-03 with an unused code and a valid answer for the public page; a draft
survey of 11-7-05 (市房管局, 第五组) and its first question for the out-of-scope rows.
"""

from __future__ import annotations

from typing import Any

from tests.factories import SurveyFactory, answer_all
from tests.permissions.matrix import (
    ADMINS,
    ANONYMOUS,
    API_LIST,
    ELSEWHERE,
    EVERYONE,
    JURISDICTION_ROLES,
    LIAISON,
    OFFICE_DIRECTOR,
    OUTSIDER,
    POST_ONLY_GET,
    TEAM3,
    Obj,
    Route,
    Scoped,
    Spec,
    all_but,
    group,
)
from xuncha.accounts.models import User
from xuncha.inspections.models import Inspection
from xuncha.surveys import services
from xuncha.surveys.models import SurveyTemplate

SURVEY = Scoped(Obj("survey.gsl"), Obj("survey.fgj"))
QUESTION = Scoped(Obj("survey_question.gsl"), Obj("survey_question.fgj"))
INSPECTION = Scoped(Obj("inspection.gsl"), Obj("inspection.fgj"))
READERS = group(TEAM3, OFFICE_DIRECTOR)  # VIEW_SURVEYS over 11-7-03


def read(anonymous: int = 302) -> Spec:
    """A survey page: the team and the office director; every one else 404 (their roles never use these pages,
    or the survey lies outside their scope)."""
    return {ANONYMOUS: anonymous, READERS: 200, all_but(READERS): 404}


def run(code: int = 302, anonymous: int = 302) -> Spec:
    """The team's work on a survey (RUN_SURVEYS); the office director reads it only (403)."""
    return {ANONYMOUS: anonymous, TEAM3: code, OFFICE_DIRECTOR: 403, all_but(READERS): 404}


PAGES: dict[str, Route] = {
    "surveys:inspection-surveys": Route(kwargs={"pk": INSPECTION}, get=read()),
    "surveys:survey-create": Route(kwargs={"pk": INSPECTION}, get=POST_ONLY_GET, post=run(),
                                   body={"template": Obj("survey_template.leadership"), "title": ""}),
    "surveys:survey-detail": Route(kwargs={"pk": SURVEY}, get=read()),
    "surveys:survey-settings": Route(kwargs={"pk": SURVEY}, get=POST_ONLY_GET, post=run(),
                                     body={"title": "市工商联领导班子民主测评（矩阵）", "intro": "", "min_group_size": 5}),
    "surveys:question-add": Route(kwargs={"pk": SURVEY}, get=POST_ONLY_GET, post=run(), body={
        "section": "六、补充", "text": "对本单位作风建设的评价", "kind": "scale", "options": "好\n较好\n一般\n差",
        "required": "on", "max_choices": 0}),
    "surveys:tokens-issue": Route(kwargs={"pk": SURVEY}, get=POST_ONLY_GET, post=run(),
                                  body={"group": "staff", "count": 3}),
    "surveys:survey-slips": Route(kwargs={"pk": SURVEY}, get=run(200)),
    # A lost slip: one code, or every unused one, revoked by the team (the office director reads only).
    "surveys:tokens-revoke": Route(kwargs={"pk": SURVEY}, get=POST_ONLY_GET, post=run(),
                                   body={"all_unused": "on"}),
    # The results as Excel: whoever reads them starts the job (here a draft survey: refused with a message on the
    # results page, 302 either way); no one else finds the survey.
    "surveys:results-export": Route(kwargs={"pk": SURVEY}, get=POST_ONLY_GET,
                                    post={ANONYMOUS: 302, READERS: 302, all_but(READERS): 404}),
    "surveys:survey-results": Route(kwargs={"pk": SURVEY}, get=read()),
    "surveys:survey-transition": Route(kwargs={"pk": SURVEY, "name": "open"}, get=POST_ONLY_GET, post=run()),
    "surveys:question-edit": Route(kwargs={"pk": QUESTION}, get=run(200), post=run(), body={
        "section": "一、总体评价", "text": "对本单位领导班子的总体评价", "kind": "scale",
        "options": "好\n较好\n一般\n差", "required": "on", "max_choices": 0}),
    "surveys:question-delete": Route(kwargs={"pk": QUESTION}, get=POST_ONLY_GET, post=run()),
    "surveys:question-move": Route(kwargs={"pk": QUESTION}, get=POST_ONLY_GET, post=run(),
                                   body={"direction": "down"}),
    # Public, no sign-in: whoever holds a code answers, signed in or not; nobody's account is looked at.
    "surveys:answer-entry": Route(get={EVERYONE: 200}),
    "surveys:answer": Route(kwargs={"code": Obj("survey.code")}, get={EVERYONE: 200}, post={EVERYONE: 200},
                            body=Obj("form.survey-answer"),
                            note="200 with the thanks page; each cell is rolled back, so the code is unused again"),
}

# ---- API --------------------------------------------------------------------------------------------------------

API_KWARGS: dict[str, Any] = {"survey_id": SURVEY, "question_id": QUESTION}


def api_read() -> Spec:
    return {ANONYMOUS: 401, READERS: 200, all_but(READERS): 404}


def api_run(code: int) -> Spec:
    """The team's writes through the API; the office director sees the survey (403); no one else does (404)."""
    return {ANONYMOUS: 401, TEAM3: code, OFFICE_DIRECTOR: 403, all_but(READERS): 404}


QUESTION_BODY = {"text": "对本单位作风建设的评价", "kind": "scale", "options": ["好", "较好", "一般", "差"],
                 "section": "六、补充", "required": True, "max_choices": 0}
API: dict[tuple[str, str], Route] = {
    ("GET", "/api/v1/survey-templates"): Route(get=API_LIST, note="reference data: forms without answers"),
    ("GET", "/api/v1/surveys"): Route(get=API_LIST, empty_for=all_but(READERS) - {ANONYMOUS}),
    # The API has no page kinds: whoever sees 11-7-03 but may not run its surveys is refused (403), the liaison
    # included; they learn nothing of its surveys.
    ("POST", "/api/v1/inspections/{inspection_id}/surveys"): Route(
        body={"template_id": Obj("survey_template.leadership"), "title": ""},
        post={ANONYMOUS: 401, TEAM3: 201, group(JURISDICTION_ROLES, LIAISON): 403,
              group(ELSEWHERE, ADMINS, OUTSIDER): 404}),
    ("GET", "/api/v1/surveys/{survey_id}"): Route(get=api_read()),
    ("PATCH", "/api/v1/surveys/{survey_id}"): Route(
        body={"title": "市工商联领导班子民主测评（矩阵）", "intro": "", "min_group_size": 6}, patch=api_run(200)),
    ("POST", "/api/v1/surveys/{survey_id}/questions"): Route(body=QUESTION_BODY, post=api_run(201)),
    ("PUT", "/api/v1/survey-questions/{question_id}"): Route(body=QUESTION_BODY, put=api_run(200)),
    ("DELETE", "/api/v1/survey-questions/{question_id}"): Route(delete=api_run(204)),
    ("POST", "/api/v1/surveys/{survey_id}/tokens"): Route(body={"group": "middle", "count": 2}, post=api_run(201)),
    ("POST", "/api/v1/surveys/{survey_id}/tokens/revoke"): Route(body={"code": Obj("survey.gsl_code")},
                                                                 post=api_run(200)),
    ("POST", "/api/v1/surveys/{survey_id}/tokens/revoke-unused"): Route(post=api_run(200)),
    ("POST", "/api/v1/surveys/{survey_id}/transitions/{name}"): Route(kwargs={"survey_id": SURVEY, "name": "open"},
                                                                      post=api_run(200)),
    ("GET", "/api/v1/surveys/{survey_id}/results"): Route(get=api_read()),
}


def build_objects(users: dict[str, User], objects: dict[str, Any]) -> dict[str, Any]:
    leader = users["team_leader"]
    template = SurveyTemplate.objects.get(code="MZCP-BZ", version=1)
    draft = services.survey_create(actor=leader, inspection_id=objects["inspection.gsl"], template_id=template.pk)
    draft_codes = services.tokens_issue(actor=leader, survey_id=draft.pk, group="staff", count=5).codes
    running = services.survey_create(actor=leader, inspection_id=objects["inspection.gsl"], template_id=template.pk,
                                     title="矩阵：答题中的测评")
    code = services.tokens_issue(actor=leader, survey_id=running.pk, group="middle", count=1).codes[0]
    services.survey_transition(actor=leader, survey_id=running.pk, name="open")
    other = SurveyFactory.create(inspection=Inspection.objects.get(pk=objects["inspection.fgj"]), created_by=leader,
                                 template=template)
    return {
        "survey_template.leadership": template.pk,
        "survey.gsl": draft.pk,
        "survey.fgj": other.pk,
        "survey_question.gsl": draft.questions.order_by("position").values_list("pk", flat=True).first(),
        "survey_question.fgj": other.questions.order_by("position").values_list("pk", flat=True).first(),
        "survey.code": code,
        "survey.gsl_code": draft_codes[0],
        "form.survey-answer": answer_all(running, text="希望班子进一步加强作风建设"),
    }
