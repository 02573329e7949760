from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.inspections.models.base import TeamMembership
from xuncha.orgs.models import Organization
from xuncha.rules.models import RecusalRule


class RecusalOverride(models.Model):
    """A recusal warning accepted with a written reason (说明理由后保留); blocking grounds cannot be overridden."""

    membership = models.ForeignKey(TeamMembership, on_delete=models.CASCADE, related_name="recusal_overrides")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("回避情形"), max_length=16, choices=RecusalRule.choices)
    reason = models.TextField(_("保留理由"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["RecusalOverride"].as_manager()
    scope = ScopedVia("membership")

    class Meta:
        verbose_name = _("回避提示保留决定")
        verbose_name_plural = _("回避提示保留决定")
        constraints = [
            models.UniqueConstraint(fields=["membership", "organization", "rule"], name="recusal_override_unique")
        ]

    def __str__(self) -> str:
        return f"{self.membership} · {self.get_rule_display()}"
