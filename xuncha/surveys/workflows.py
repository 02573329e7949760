"""A survey's life: drafted (questions adjustable), open for answers, closed (results shown)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.clock import business_today
from xuncha.core.workflow import Transition, Workflow, register
from xuncha.surveys.models import SurveyStatus

S = SurveyStatus


def _has_questions(survey: Any) -> str | None:
    """测评表至少有一道题。"""
    return None if survey.questions.exists() else "测评表还没有题目。"


def _has_tokens(survey: Any) -> str | None:
    """已发放答题码。"""
    return None if survey.tokens.exists() else "尚未生成答题码：请先按发放对象生成答题码。"


def _opened_today(survey: Any, actor: Any) -> Iterable[str]:
    survey.opened_on = business_today()
    return ["opened_on"]


def _closed_today(survey: Any, actor: Any) -> Iterable[str]:
    survey.closed_on = business_today()
    return ["closed_on"]


SURVEY_WORKFLOW = register(Workflow(
    "survey", _("民主测评与问卷调查"), SurveyStatus, {
        "open": Transition("open", _("开始答题"), frozenset({S.DRAFT}), S.OPEN, Cap.RUN_SURVEYS,
                           (_has_questions, _has_tokens), effect=_opened_today,
                           wrong_state="只有草稿可以开始答题。"),
        "close": Transition("close", _("结束答题"), frozenset({S.OPEN}), S.CLOSED, Cap.RUN_SURVEYS, style="danger",
                            effect=_closed_today, wrong_state="只有答题中的测评可以结束。"),
    },
    audit_action="survey.{name}",
))
