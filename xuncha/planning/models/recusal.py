from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.orgs.models import Jurisdiction, Organization
from xuncha.planning.models.base import TeamMembership


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


class RecusalOverride(models.Model):
    """A recusal warning accepted with a written reason (说明理由后保留); blocking grounds cannot be overridden."""

    membership = models.ForeignKey(TeamMembership, on_delete=models.CASCADE, related_name="recusal_overrides")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("回避情形"), max_length=16, choices=RecusalRule.choices)
    reason = models.TextField(_("保留理由"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("回避提示保留决定")
        verbose_name_plural = _("回避提示保留决定")
        constraints = [
            models.UniqueConstraint(fields=["membership", "organization", "rule"], name="recusal_override_unique")
        ]

    def __str__(self) -> str:
        return f"{self.membership} · {self.get_rule_display()}"


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
    required_skills = models.CharField(_("必须覆盖的专长"), max_length=200,
                                       default="discipline,organization,finance",
                                       help_text=_("专长代码，以逗号分隔。"))
    cross_lookback_rounds = models.PositiveSmallIntegerField(_("交叉配对回看轮数"), default=1)

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
