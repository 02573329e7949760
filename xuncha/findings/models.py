"""Findings (问题底稿, spec §4.5 and §5): what a team found in one organisation of an inspection, classified by the
framework version in force for the inspection, resting on evidence (citations of fieldwork records and petitions
through ``inspections.evidence``) and on a basis (articles of the rule library in force at the time of the conduct,
ADR-0022), moved along the approval chain 承办人 → 副组长 → 组长 → 组务会 by ``workflow.FINDING_WORKFLOW``.

Who reads a finding (``FindingQuerySet.grant_filter``): the team's leader and deputies all of their team's findings;
a member their own drafts and the team's findings from confirmation on; the office of the dispatching committee and
the leading group the confirmed ones (read-only). Never the liaison of the inspected organisation, never another
team, never the bodies leads are referred to.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap, Role
from xuncha.accounts.scope import scope_of
from xuncha.core.crypto import EncryptedTextField
from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Organization, Person
from xuncha.taxonomy.models import Article, Discipline, Framework, FrameworkNode


class FindingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待副组长审核")
    REVIEWED = "reviewed", _("待组长确认")
    CONFIRMED = "confirmed", _("组长已确认")
    ADOPTED = "adopted", _("组务会已通过")
    IN_REPORT = "in_report", _("已写入巡察报告")
    FED_BACK = "fed_back", _("已反馈")
    RECTIFYING = "rectifying", _("整改中")


S = FindingStatus
# From the leader's confirmation on a finding is the team's, no longer its drafter's.
CONFIRMED_STATUSES = frozenset({S.CONFIRMED, S.ADOPTED, S.IN_REPORT, S.FED_BACK, S.RECTIFYING})
EDITABLE_STATUSES = frozenset({S.DRAFT})


class Severity(models.TextChoices):
    GENERAL = "general", _("一般")
    SERIOUS = "serious", _("较重")
    GRAVE = "grave", _("严重")


class PersonLevel(models.TextChoices):
    """The level of the people involved (spec §5.9)."""

    COUNTY = "county", _("县处级")
    TOWNSHIP = "township", _("乡科级")
    GENERAL = "general", _("一般干部")
    OTHER = "other", _("其他人员")
    NONE = "none", _("不涉及个人")


class FindingSource(models.TextChoices):
    """Where the problem was first found (问题来源)."""

    TALK = "talk", _("个别谈话")
    PETITION = "petition", _("信访举报")
    DOCUMENTS = "documents", _("调阅资料")
    VISIT = "visit", _("走访、下沉")
    SURVEY = "survey", _("民主测评、问卷")
    CHECK = "check", _("专项检查")
    OTHER = "other", _("其他")


class FindingQuerySet(ScopedQuerySet["Finding"]):
    def grant_filter(self, user: Any) -> models.Q | None:
        scope = scope_of(user)
        q = models.Q(pk__in=[])
        leading = scope.team_ids.get(Role.TEAM_LEADER, frozenset()) | scope.team_ids.get(Role.TEAM_DEPUTY,
                                                                                            frozenset())
        if leading:
            q |= models.Q(inspection__team_id__in=sorted(leading))
        if members := scope.team_ids.get(Role.TEAM_MEMBER, frozenset()):
            mine = models.Q(drafted_by_id=getattr(user, "pk", None))
            q |= models.Q(inspection__team_id__in=sorted(members)) & (mine | models.Q(status__in=CONFIRMED_STATUSES))
        for path in scope.business_paths(Cap.VIEW_FINDINGS):
            q |= models.Q(inspection__jurisdiction__path__startswith=path, status__in=CONFIRMED_STATUSES)
        return q

    def confirmed(self) -> FindingQuerySet:
        return self.filter(status__in=CONFIRMED_STATUSES)


class Finding(models.Model):
    """One problem found (问题) in one organisation of an inspection."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("巡察"), on_delete=models.PROTECT,
                                   related_name="findings")
    organization = models.ForeignKey(Organization, verbose_name=_("单位"), on_delete=models.PROTECT,
                                     related_name="+")
    code = models.CharField(_("问题编号"), max_length=40, unique=True)
    sequence = models.PositiveIntegerField(_("序号"))
    # The framework version the finding was filed under stays with it when a newer version comes into force.
    framework = models.ForeignKey(Framework, verbose_name=_("分类体系版本"), on_delete=models.PROTECT,
                                  related_name="+")
    category = models.ForeignKey(FrameworkNode, verbose_name=_("问题类别"), on_delete=models.PROTECT,
                                 related_name="+")
    title = models.CharField(_("问题概述"), max_length=200)
    description = EncryptedTextField(_("问题表现（事实）"))
    source = models.CharField(_("问题来源"), max_length=12, choices=FindingSource.choices,
                              default=FindingSource.OTHER)
    conduct_from = models.DateField(_("行为发生时间"), help_text=_("定性依据按行为发生时有效的条款适用。"))
    conduct_to = models.DateField(_("行为持续至"), null=True, blank=True)
    people_involved = models.CharField(_("涉及人员"), max_length=300, blank=True,
                                       help_text=_("姓名、单位、职务；不在干部名录中的人员在此填写。"))
    persons = models.ManyToManyField(Person, verbose_name=_("涉及干部"), blank=True, related_name="+")
    amount = models.DecimalField(_("涉及金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal("0"))])
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices, default=Severity.GENERAL)
    # Cross-cutting classifiers (spec §5.9).
    discipline = models.CharField(_("纪律类别"), max_length=16, choices=Discipline.choices, blank=True)
    eight_rules_category = models.ForeignKey(FrameworkNode, verbose_name=_("八项规定统计类别"), null=True,
                                             blank=True, on_delete=models.PROTECT, related_name="+")
    person_level = models.CharField(_("涉及人员层级"), max_length=10, choices=PersonLevel.choices,
                                    default=PersonLevel.NONE)
    involves_leadership = models.BooleanField(_("涉及领导班子成员"), default=False)
    involves_principal = models.BooleanField(_("涉及主要负责人"), default=False)
    is_general = models.BooleanField(_("普遍性、倾向性问题"), default=False,
                                     help_text=_("可作为专题报告的素材。"))
    basis = models.ManyToManyField(Article, verbose_name=_("定性依据"), blank=True, related_name="+")
    basis_note = models.CharField(_("定性说明"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=FindingStatus.choices, default=S.DRAFT,
                              editable=False)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), on_delete=models.PROTECT,
                                   related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", editable=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", editable=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)
    adopted_on = models.DateField(_("组务会日期"), null=True, blank=True, editable=False)
    meeting_reference = models.CharField(_("组务会记录"), max_length=120, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FindingQuerySet.as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["inspection", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "sequence"], name="finding_unique_sequence"),
            models.CheckConstraint(condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                                   name="finding_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["inspection", "status"]), models.Index(fields=["inspection", "category"]),
                   models.Index(fields=["status", "inspection"])]

    def __str__(self) -> str:
        # Never the facts: this string goes into the audit log.
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("findings:finding-detail", args=[self.pk])


class FindingEvidence(models.Model):
    """A citation of a record another app owns (``inspections.evidence``): only the kind and the id are stored."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("依据类型"), max_length=40)
    object_id = models.PositiveIntegerField(_("记录编号"))
    note = models.CharField(_("引用说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet["FindingEvidence"].as_manager()
    scope = ScopedVia("finding")

    class Meta:
        verbose_name = _("问题证据")
        verbose_name_plural = _("问题证据")
        ordering = ["finding", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["finding", "kind", "object_id"],
                                               name="finding_evidence_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
