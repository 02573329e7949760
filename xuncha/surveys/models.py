"""Surveys of one inspection (民主测评, 问卷调查; spec §4.5) and the templates they are made from (ADR-0017).

Anonymity is a property of the schema, not of the pages: ``SurveyToken`` (who may answer, once) and
``SurveyResponse``/``SurveyAnswer`` (what was answered) are separate tables with no relation, no shared value
and no timestamp between them. A response holds its survey, the respondent group printed on the slip (班子成员,
中层干部 …) and the day only; its key is a random UUID, so the key says nothing about the order of arrival.
A token holds whether it was used, never when. ``tests`` check the schema for any path between them.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.crypto import EncryptedTextField
from xuncha.core.scoping import ScopedQuerySet, ScopedVia, ScopeReference
from xuncha.inspections.models import Inspection

# The bounds of a survey's minimum group size (the team may set it within them).
MIN_GROUP_FLOOR, MIN_GROUP_CEILING = 3, 50


def default_min_group() -> int:
    """A new survey's minimum group size: ``XUNCHA_SURVEY_MIN_GROUP``, kept within the bounds."""
    return max(MIN_GROUP_FLOOR, min(MIN_GROUP_CEILING, int(settings.XUNCHA_SURVEY_MIN_GROUP)))


class SurveyKind(models.TextChoices):
    LEADERSHIP = "leadership", _("领导班子民主测评")
    SELECTION = "selection", _("选人用人工作民主评议")
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    EVALUATION = "evaluation", _("巡后评估")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("等级评价")
    SINGLE = "single", _("单项选择")
    MULTIPLE = "multiple", _("多项选择")
    TEXT = "text", _("文字意见")


# Kinds whose answer is one or more option indexes (the rest are free text).
CHOICE_KINDS = frozenset({QuestionKind.SCALE, QuestionKind.SINGLE, QuestionKind.MULTIPLE})


class RespondentGroup(models.TextChoices):
    """Who receives a slip (spec §4.2's classes of interviewees): the only thing a response says of its author."""

    LEADERSHIP = "leadership", _("班子成员")
    MIDDLE = "middle", _("中层干部")
    STAFF = "staff", _("一般干部职工")
    RETIRED = "retired", _("退休干部")
    SERVICE = "service", _("服务对象")
    OTHER = "other", _("其他人员")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("答题中")
    CLOSED = "closed", _("已结束")


class SurveyTemplate(models.Model):
    """A versioned questionnaire (测评表) from the spec; a survey copies its questions, so a later version
    changes no survey already made."""

    code = models.CharField(_("代码"), max_length=20)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类别"), max_length=16, choices=SurveyKind.choices)
    intro = models.TextField(_("填表说明"), blank=True)
    is_current = models.BooleanField(_("现行版本"), default=True)

    objects = ScopedQuerySet["SurveyTemplate"].as_manager()
    scope = ScopeReference("questionnaire templates: forms without any answer or business content")

    class Meta:
        verbose_name = _("测评表模板")
        verbose_name_plural = _("测评表模板")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="survey_template_unique_version")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class QuestionFields(models.Model):
    """What a question is, in a template or in a survey."""

    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    section = models.CharField(_("部分"), max_length=60, blank=True)
    text = models.CharField(_("题目"), max_length=300)
    kind = models.CharField(_("题型"), max_length=10, choices=QuestionKind.choices)
    # The labels of the options in order (a scale: best first, e.g. 好/较好/一般/差).
    options = models.JSONField(_("选项"), default=list, blank=True)
    required = models.BooleanField(_("必答"), default=True)
    # Multiple choice: at most this many ticks (0: no limit).
    max_choices = models.PositiveSmallIntegerField(_("最多选几项"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text


class TemplateQuestion(QuestionFields):
    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="questions")

    objects = ScopedQuerySet["TemplateQuestion"].as_manager()
    scope = ScopeReference("questions of a questionnaire template")

    class Meta:
        verbose_name = _("模板题目")
        verbose_name_plural = _("模板题目")
        ordering = ["template", "position", "id"]


class SurveyQuerySet(ScopedQuerySet["Survey"]):
    def grant_filter(self, user: Any) -> Q | None:
        """Surveys are the team's: visible to the team of the inspection and to the office director of its
        jurisdiction (VIEW_SURVEYS); the liaison and the rest of the office who see the inspection do not."""
        scope = scope_of(user)
        q = Q(inspection__team_id__in=sorted(scope.all_team_ids(Cap.VIEW_SURVEYS)))
        for path in scope.business_paths(Cap.VIEW_SURVEYS):
            q |= Q(inspection__jurisdiction__path__startswith=path)
        return q


class Survey(models.Model):
    """One survey of one inspection (a democratic appraisal, a questionnaire), made from a template and
    adjustable until it is opened (``SURVEY_WORKFLOW``: draft → open → closed)."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("巡察"), on_delete=models.PROTECT,
                                   related_name="surveys")
    template = models.ForeignKey(SurveyTemplate, verbose_name=_("模板"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    template_version = models.PositiveSmallIntegerField(_("模板版本"), null=True, blank=True)
    kind = models.CharField(_("类别"), max_length=16, choices=SurveyKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    intro = models.TextField(_("填表说明"), blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT,
                              editable=False)
    # Results (and any breakdown by respondent group) are shown only from this many responses on.
    min_group_size = models.PositiveSmallIntegerField(_("最少答卷数"), default=default_min_group)
    opened_on = models.DateField(_("开始日期"), null=True, blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("测评")
        verbose_name_plural = _("测评")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["inspection", "status"], name="survey_inspection_status")]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(QuestionFields):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")

    objects = ScopedQuerySet["SurveyQuestion"].as_manager()
    scope = ScopedVia("survey")

    class Meta:
        verbose_name = _("测评题目")
        verbose_name_plural = _("测评题目")
        ordering = ["survey", "position", "id"]


class SurveyToken(models.Model):
    """A one-time answer code (答题码), printed on a slip or sent as a link. The code is kept encrypted so that
    unused slips can be printed again; lookups go by its SHA-256. Used or not — never when, never by whom."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    group = models.CharField(_("发放对象"), max_length=12, choices=RespondentGroup.choices)
    batch = models.PositiveSmallIntegerField(_("批次"), default=1)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    code = EncryptedTextField(_("答题码"), editable=False)
    used = models.BooleanField(_("已使用"), default=False)
    # A lost or misprinted slip is revoked (作废): its code answers nothing any more. Never set on a used code.
    revoked = models.BooleanField(_("已作废"), default=False)
    issued_on = models.DateField(_("发放日期"))

    objects = ScopedQuerySet["SurveyToken"].as_manager()
    scope = ScopedVia("survey")

    class Meta:
        verbose_name = _("答题码")
        verbose_name_plural = _("答题码")
        ordering = ["survey", "batch", "id"]

    def __str__(self) -> str:
        return f"{self.survey_id}-{self.batch}-{self.pk}"


class SurveyResponse(models.Model):
    """One completed questionnaire (答卷). No token, no user, no address, no time of day: see the module docstring."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    group = models.CharField(_("答题人员类别"), max_length=12, choices=RespondentGroup.choices)
    answered_on = models.DateField(_("答题日期"))

    objects = ScopedQuerySet["SurveyResponse"].as_manager()
    scope = ScopedVia("survey")

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        # By the random key: any listing is in no particular order, never the order of arrival.
        ordering = ["id"]

    def __str__(self) -> str:
        return f"答卷 {self.pk}"


class SurveyAnswer(models.Model):
    """The answer to one question of a response: option indexes, or a free text (encrypted at rest)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)
    text = EncryptedTextField(blank=True)

    objects = ScopedQuerySet["SurveyAnswer"].as_manager()
    scope = ScopedVia("response__survey")

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = _("答案")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"答案 {self.pk}"
