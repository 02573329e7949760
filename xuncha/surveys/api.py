"""API endpoints: surveys (民主测评, 问卷调查) as the team runs them and the office director reads them; answering
is by one-time code on the public page, not through the API. The same services and FilterSet as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status

from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.lists import api_filter
from xuncha.core.scoping import access
from xuncha.surveys import selectors, services
from xuncha.surveys.filters import SurveyFilter
from xuncha.surveys.models import Survey, SurveyTemplate
from xuncha.surveys.schemas import (
    QuestionIn,
    QuestionOut,
    RevokedOut,
    SurveyCreateIn,
    SurveyDetailOut,
    SurveyFilters,
    SurveyOut,
    SurveyResultsOut,
    SurveyUpdateIn,
    TemplateOut,
    TokenRevokeIn,
    TokensIn,
    TokensOut,
)
from xuncha.surveys.workflows import SURVEY_WORKFLOW

router = Router(tags=["民主测评与问卷调查"])


def _question(payload: QuestionIn) -> services.QuestionInput:
    return services.QuestionInput(text=payload.text, kind=payload.kind, options=payload.options,
                                  section=payload.section, required=payload.required,
                                  max_choices=payload.max_choices)


@router.get("/survey-templates", response=list[TemplateOut], summary="测评表模板")
def template_list(request: HttpRequest) -> Any:
    """The current versions of the questionnaire templates (领导班子民主测评、选人用人工作民主评议、巡后评估)."""
    return SurveyTemplate.objects.visible_to(actor_of(request)).filter(is_current=True).order_by("kind", "code")


@router.get("/surveys", response=paged(SurveyOut), summary="测评列表")
def survey_list(request: HttpRequest, filters: Query[SurveyFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """The surveys the caller may see: their team's, or (the office director) those of their jurisdictions."""
    actor = actor_of(request)
    return paginate(api_filter(SurveyFilter, filters, selectors.visible_surveys(actor), actor), filters)


@router.post("/inspections/{inspection_id}/surveys", response={201: SurveyDetailOut}, summary="按模板新建测评")
def survey_create(request: HttpRequest, inspection_id: Id, payload: SurveyCreateIn) -> Status[Survey]:
    """The inspection's team makes a survey from a template (its questions copied, adjustable until opened)."""
    actor = actor_of(request)
    survey = services.survey_create(actor=actor, inspection_id=inspection_id, template_id=payload.template_id,
                                    title=payload.title)
    return Status(201, selectors.survey_detail(actor, survey.pk))


@router.get("/surveys/{survey_id}", response=SurveyDetailOut, summary="测评详情")
def survey_detail(request: HttpRequest, survey_id: Id) -> Survey:
    return selectors.survey_detail(actor_of(request), survey_id)


@router.patch("/surveys/{survey_id}", response=SurveyDetailOut, summary="修改测评设置")
def survey_update(request: HttpRequest, survey_id: Id, payload: SurveyUpdateIn) -> Survey:
    """Title, instructions and the minimum number of responses (draft only: 409 once opened)."""
    actor = actor_of(request)
    services.survey_update(actor=actor, survey_id=survey_id, title=payload.title, intro=payload.intro,
                           min_group_size=payload.min_group_size)
    return selectors.survey_detail(actor, survey_id)


@router.post("/surveys/{survey_id}/questions", response={201: QuestionOut}, summary="添加题目")
def question_add(request: HttpRequest, survey_id: Id, payload: QuestionIn) -> Status[Any]:
    return Status(201, services.question_add(actor=actor_of(request), survey_id=survey_id, data=_question(payload)))


@router.put("/survey-questions/{question_id}", response=QuestionOut, summary="修改题目")
def question_update(request: HttpRequest, question_id: Id, payload: QuestionIn) -> Any:
    return services.question_update(actor=actor_of(request), question_id=question_id, data=_question(payload))


@router.delete("/survey-questions/{question_id}", response={204: None}, summary="删除题目")
def question_delete(request: HttpRequest, question_id: Id) -> Status[None]:
    services.question_remove(actor=actor_of(request), question_id=question_id)
    return Status(204, None)


@router.post("/surveys/{survey_id}/tokens", response={201: TokensOut}, summary="生成答题码")
def tokens_issue(request: HttpRequest, survey_id: Id, payload: TokensIn) -> Status[dict[str, Any]]:
    """A new batch of one-time answer codes for one respondent group, returned once with their answer links."""
    batch = services.tokens_issue(actor=actor_of(request), survey_id=survey_id, group=payload.group,
                                  count=payload.count)
    urls = [request.build_absolute_uri(reverse("surveys:answer", args=[c])) for c in batch.codes]
    return Status(201, {"batch": batch.batch, "group": batch.group,
                        "codes": [services.format_code(c) for c in batch.codes], "urls": urls})


@router.post("/surveys/{survey_id}/tokens/revoke", response=RevokedOut, summary="作废一个答题码")
def token_revoke(request: HttpRequest, survey_id: Id, payload: TokenRevokeIn) -> dict[str, int]:
    """A lost or misprinted slip: its code answers nothing from then on. 409 for a used or already revoked code,
    400 for a code the survey does not have. Audited (the batch and group, never the code)."""
    services.token_revoke(actor=actor_of(request), survey_id=survey_id, code=payload.code)
    return {"revoked": 1}


@router.post("/surveys/{survey_id}/tokens/revoke-unused", response=RevokedOut, summary="作废全部未使用的答题码")
def tokens_revoke_unused(request: HttpRequest, survey_id: Id) -> dict[str, int]:
    """Every unused code of the survey; 409 when there is none (or the survey is closed). Audited with the count."""
    return {"revoked": services.tokens_revoke_unused(actor=actor_of(request), survey_id=survey_id)}


@router.post("/surveys/{survey_id}/transitions/{name}", response=SurveyDetailOut, summary="开始或结束答题")
def survey_transition(request: HttpRequest, survey_id: Id, name: str) -> Survey:
    """``open`` (a draft with questions and codes) or ``close``. 409 when the state or a precondition refuses."""
    if name not in SURVEY_WORKFLOW.transitions:
        raise Http404("操作不存在。")
    actor = actor_of(request)
    services.survey_transition(actor=actor, survey_id=survey_id, name=name)
    return selectors.survey_detail(actor, survey_id)


@router.get("/surveys/{survey_id}/results", response=SurveyResultsOut, summary="测评结果")
def survey_results(request: HttpRequest, survey_id: Id) -> Any:
    """Aggregated results of a closed survey, withheld below its minimum number of responses; a breakdown by
    respondent group only where every group shown reaches it; free texts without their group."""
    return selectors.survey_results(access(Survey, actor_of(request), survey_id))
