"""Rules that differ between localities, each set per jurisdiction and inherited down the tree:
time limits (期限参数), recusal severities (回避规则) and team composition rules (组建巡察组规则)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.core.scoping import ScopedQuerySet, ScopeReference
from xuncha.orgs.models import Jurisdiction

_RULES_ARE_REFERENCE = ScopeReference(
    "各级党委的期限参数和工作规则是办理巡察工作的公开依据，登录用户均可查阅；修改只能由系统管理员通过规则服务进行。"
)


class Skill(models.TextChoices):
    """Specialities a team needs covered (spec §3.1: staff drawn from 纪检, 组织, 宣传, 审计, 财务 …)."""

    DISCIPLINE = "discipline", _("纪检监察")
    ORGANIZATION = "organization", _("组织人事")
    FINANCE = "finance", _("财务会计")
    AUDIT = "audit", _("审计")
    LAW = "law", _("法律")
    PROPAGANDA = "propaganda", _("宣传")
    ENGINEERING = "engineering", _("工程建设")
    HOUSING = "housing", _("住房保障")
    AGRICULTURE = "agriculture", _("农业农村")
    INFORMATION = "information", _("信息化")
    WRITING = "writing", _("文字综合")


class TimeLimits(models.Model):
    """Time limits of one jurisdiction's inspection work (期限参数, spec §1.4). They differ between
    localities, so each jurisdiction may set its own; without a row it inherits the nearest ancestor's,
    and the field defaults are the values the domain specification reports as common."""

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, related_name="time_limits")
    notice_days_before_entry = models.PositiveSmallIntegerField(_("巡察通知提前天数"), default=10)
    liaison_list_days_before_entry = models.PositiveSmallIntegerField(_("联络组名单提前天数"), default=2)
    unit_report_days_after_entry = models.PositiveSmallIntegerField(_("进驻后提交工作汇报天数"), default=3)
    fieldwork_days_routine = models.PositiveSmallIntegerField(_("常规巡察进驻天数"), default=30)
    fieldwork_days_special = models.PositiveSmallIntegerField(_("专项巡察进驻天数"), default=15)
    petition_cutoff_days_before_end = models.PositiveSmallIntegerField(_("信访受理截止（撤驻前天数）"), default=3)
    report_to_secretary_meeting_days = models.PositiveSmallIntegerField(_("撤驻后向书记专题会汇报天数"), default=30)
    rectification_plan_due_working_days = models.PositiveSmallIntegerField(_("整改方案报送（工作日）"), default=15)
    rectification_report_due_months = models.PositiveSmallIntegerField(_("整改情况报告报送（月）"), default=2)
    lead_feedback_due_months = models.PositiveSmallIntegerField(_("线索办理结果反馈（月）"), default=3)
    lead_closure_target_months = models.PositiveSmallIntegerField(_("线索办结目标（月）"), default=6)
    evaluation_sampling_percent = models.PositiveSmallIntegerField(_("巡后评估抽查比例（%）"), default=20)
    revisit_after_months = models.PositiveSmallIntegerField(_("回头看间隔（月）"), default=12)
    recusal_work_history_years = models.PositiveSmallIntegerField(_("回避：曾任职年限"), default=5)
    coverage_cycle_years = models.PositiveSmallIntegerField(_("全覆盖周期（年）"), default=5)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet["TimeLimits"].as_manager()
    scope = _RULES_ARE_REFERENCE

    class Meta:
        verbose_name = _("期限参数")
        verbose_name_plural = _("期限参数")

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {self._meta.verbose_name}"

    @classmethod
    def effective_for(cls, jurisdiction: Jurisdiction) -> TimeLimits:
        """The limits that apply in ``jurisdiction``: its own, else the nearest ancestor's, else defaults."""
        chain = [*jurisdiction.ancestor_ids(), jurisdiction.pk]
        rows = {t.jurisdiction_id: t for t in cls.objects.filter(jurisdiction_id__in=chain)}
        for jid in reversed(chain):
            if jid in rows:
                return rows[jid]
        return cls(jurisdiction=jurisdiction)

    @classmethod
    def editable_fields(cls) -> list[str]:
        return [f.name for f in cls._meta.concrete_fields if f.name not in {"id", "jurisdiction", "updated_at"}]


class RecusalRule(models.TextChoices):
    """The grounds for recusal (回避) checked when a cadre is put on a team (spec §3.2)."""

    WORKED_AT = "worked_at", _("曾在被巡察单位或其下属单位任职")
    RELATIVE_AT = "relative_at", _("近亲属在被巡察单位工作")
    LEADERSHIP_TIE = "leadership_tie", _("曾与被巡察单位主要负责人有领导与被领导关系")
    FROM_REGION = "from_region", _("交叉巡察中来自或籍贯属于被巡察地区")
    REPEAT = "repeat", _("上次巡察过同一单位")


class RecusalSeverity(models.TextChoices):
    BLOCKING = "blocking", _("必须回避")
    WARNING = "warning", _("提示，可说明理由后保留")
    OFF = "off", _("不检查")


# Defaults where a jurisdiction has set nothing (the last two are practice, not rule: warnings).
DEFAULT_SEVERITY: dict[str, str] = {
    RecusalRule.WORKED_AT: RecusalSeverity.BLOCKING,
    RecusalRule.RELATIVE_AT: RecusalSeverity.BLOCKING,
    RecusalRule.LEADERSHIP_TIE: RecusalSeverity.WARNING,
    RecusalRule.FROM_REGION: RecusalSeverity.BLOCKING,
    RecusalRule.REPEAT: RecusalSeverity.WARNING,
}


class RecusalPolicy(models.Model):
    """How one jurisdiction treats one recusal ground; inherited down the jurisdiction tree."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="recusal_policies")
    rule = models.CharField(_("回避情形"), max_length=16, choices=RecusalRule.choices)
    severity = models.CharField(_("处理方式"), max_length=10, choices=RecusalSeverity.choices)

    objects = ScopedQuerySet["RecusalPolicy"].as_manager()
    scope = _RULES_ARE_REFERENCE

    class Meta:
        verbose_name = _("回避规则")
        verbose_name_plural = _("回避规则")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "rule"], name="recusal_policy_unique")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {self.get_rule_display()} · {self.get_severity_display()}"

    @classmethod
    def effective_for(cls, jurisdiction: Jurisdiction) -> dict[str, str]:
        """rule → severity in force in ``jurisdiction`` (own rows, else nearest ancestor's, else defaults)."""
        chain = [*jurisdiction.ancestor_ids(), jurisdiction.pk]
        depth = {jid: i for i, jid in enumerate(chain)}
        result = dict(DEFAULT_SEVERITY)
        best: dict[str, int] = {}
        for row in cls.objects.filter(jurisdiction_id__in=chain):
            if depth[row.jurisdiction_id] >= best.get(row.rule, -1):
                best[row.rule] = depth[row.jurisdiction_id]
                result[row.rule] = row.severity
        return result


class PlanningPolicy(models.Model):
    """Team composition and cross-inspection rules of one jurisdiction (组建巡察组规则), inherited down the tree.

    Spec §1.3 P1 reports teams of 5–7 with one leader and one or two deputies, staff drawn from discipline,
    organisation, audit and finance work; localities differ, so these are data, not constants.
    """

    jurisdiction = models.OneToOneField(Jurisdiction, on_delete=models.CASCADE, related_name="planning_policy")
    team_size_min = models.PositiveSmallIntegerField(_("巡察组最少人数"), default=5)
    team_size_max = models.PositiveSmallIntegerField(_("巡察组最多人数"), default=7)
    deputies_max = models.PositiveSmallIntegerField(_("副组长最多人数"), default=2)
    leader_min_rank = models.CharField(_("组长最低职级"), max_length=12, default="div_deputy",
                                       help_text=_("市级一般为副处级以上，县级一般为正科级以上。"))
    deputy_min_rank = models.CharField(_("副组长最低职级"), max_length=12, default="sec_chief",
                                       help_text=_("市级一般为正科级以上，县级一般为副科级以上。"))
    deputy_min_rank = models.CharField(_("副组长最低职级"), max_length=12, default="sec_chief",
                                       help_text=_("市级一般为正科级以上，县级一般为副科级以上。"))
    required_skills = models.CharField(_("必须覆盖的专长"), max_length=200,
                                       default="discipline,organization,finance",
                                       help_text=_("专长代码，以逗号分隔。"))
    cross_lookback_rounds = models.PositiveSmallIntegerField(_("交叉配对回看轮数"), default=1)

    objects = ScopedQuerySet["PlanningPolicy"].as_manager()
    scope = _RULES_ARE_REFERENCE

    class Meta:
        verbose_name = _("组建规则")
        verbose_name_plural = _("组建规则")

    def __str__(self) -> str:
        return f"{self.jurisdiction} · {self._meta.verbose_name}"

    @property
    def required_skill_codes(self) -> list[str]:
        return [c.strip() for c in self.required_skills.split(",") if c.strip()]

    @classmethod
    def effective_for(cls, jurisdiction: Jurisdiction) -> PlanningPolicy:
        chain = [*jurisdiction.ancestor_ids(), jurisdiction.pk]
        rows = {p.jurisdiction_id: p for p in cls.objects.filter(jurisdiction_id__in=chain)}
        for jid in reversed(chain):
            if jid in rows:
                return rows[jid]
        return cls(jurisdiction=jurisdiction)
