from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.scoping import ScopedQuerySet, ScopedVia, ScopeRoot
from xuncha.orgs.models import Jurisdiction, Person
from xuncha.rules.models import Skill


class Availability(models.TextChoices):
    AVAILABLE = "available", _("可抽调")
    ON_TEAM = "on_team", _("在组")
    UNAVAILABLE = "unavailable", _("暂不可抽调")


class InspectorProfileQuerySet(models.QuerySet["InspectorProfile"]):
    def visible_to(self, user: Any) -> InspectorProfileQuerySet:
        """The pool of a jurisdiction is seen by its office, leading group and organisation department."""
        q = models.Q(pk__in=[])
        for path in scope_of(user).business_paths(Cap.VIEW_POOL):
            q |= models.Q(jurisdiction__path__startswith=path)
        return self.filter(q)


class InspectorProfile(models.Model):
    """A cadre in the inspector pool (巡察干部人才库): skills, availability, fitness to lead a team."""

    person = models.OneToOneField(Person, verbose_name=_("干部"), on_delete=models.CASCADE,
                                  related_name="inspector_profile")
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("所属人才库"), on_delete=models.PROTECT,
                                     related_name="inspector_profiles")
    availability = models.CharField(_("状态"), max_length=12, choices=Availability.choices,
                                    default=Availability.AVAILABLE)
    unavailable_until = models.DateField(_("暂不可抽调至"), null=True, blank=True)
    can_lead = models.BooleanField(_("可任组长"), default=False)
    joined_on = models.DateField(_("入库日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = InspectorProfileQuerySet.as_manager()
    scope = ScopeRoot()

    class Meta:
        verbose_name = _("巡察干部")
        verbose_name_plural = _("巡察干部人才库")
        ordering = ["jurisdiction", "person__name"]
        indexes = [models.Index(fields=["jurisdiction", "availability"])]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def skill_codes(self) -> list[str]:
        return [s.skill for s in self.skills.all()]

    def capabilities_for(self, user: Any) -> frozenset[Cap]:
        return scope_of(user).capabilities_at(jurisdiction_path=self.jurisdiction.path)


class InspectorSkill(models.Model):
    """One speciality of a pool member (a row per skill keeps filtering portable across databases)."""

    profile = models.ForeignKey(InspectorProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.CharField(_("专长"), max_length=16, choices=Skill.choices)

    objects = ScopedQuerySet["InspectorSkill"].as_manager()
    scope = ScopedVia("profile")

    class Meta:
        verbose_name = _("专长")
        verbose_name_plural = _("专长")
        constraints = [models.UniqueConstraint(fields=["profile", "skill"], name="inspector_skill_unique")]
        indexes = [models.Index(fields=["skill"])]

    def __str__(self) -> str:
        return self.get_skill_display()
