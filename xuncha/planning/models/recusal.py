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
