"""Leads (问题线索, spec §6): what the team refers to the discipline commission, the organisation department or another
competent body, and what that body reports back.

A lead is high-secrecy and its own scope root (``LeadQuerySet.visible_to``), not simply its inspection's child: the
inspection is visible to the liaison and to every jurisdiction role, a lead is not. Who reads a lead:

- the team's leader and deputies: every lead of their inspections; a member: the drafts they wrote;
- the office (staff and director) of the dispatching jurisdiction and above;
- the receiving body — the role of the target (纪委监委, 组织部) bound to exactly the jurisdiction referred to —
  once the lead is transferred, and no earlier.

Never the liaison, other teams, the leading group or the three administrators. The persons concerned (name, post)
and the referral package are encrypted at rest; so is the petitioner's identity, which enters the package only
with the office director's audited approval.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import ROLE_CAPABILITIES, Cap, Role
from xuncha.accounts.scope import scope_of
from xuncha.core.crypto import EncryptedCharField, EncryptedTextField
from xuncha.core.scoping import ScopedQuerySet, ScopedVia, ScopeRoot
from xuncha.inspections.models import Inspection
from xuncha.leads.states import (
    HANDED_OVER,
    OUTCOME_GROUP,
    STATUS_COLORS,
    TARGET_ROLE,
    CadreLevel,
    DisciplineType,
    Disposal,
    LeadSource,
    LeadStatus,
    OutcomeKind,
    ReferralTarget,
)
from xuncha.orgs.models import Jurisdiction
from xuncha.taxonomy.models import FrameworkNode

# The capabilities a lead can give (the rest of a role's capabilities say nothing about leads).
LEAD_CAPS = frozenset({Cap.VIEW_LEADS, Cap.DRAFT_LEADS, Cap.ENDORSE_LEADS, Cap.APPROVE_LEADS, Cap.TRANSFER_LEADS,
                       Cap.HANDLE_REFERRED_LEADS, Cap.VIEW_CONFIDENTIAL})
OFFICE_ROLES = (Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR)
TEAM_READERS = (Role.TEAM_LEADER, Role.TEAM_DEPUTY)


def _paths_q(paths: tuple[str, ...], field: str, *, exact: bool = False) -> models.Q:
    q = models.Q(pk__in=[])
    for path in paths:
        q |= models.Q(**{field: path} if exact else {f"{field}__startswith": path})
    return q


class LeadQuerySet(models.QuerySet["Lead"]):
    def visible_to(self, user: Any) -> LeadQuerySet:
        """The one scope rule of leads (module docstring)."""
        scope = scope_of(user)
        q = models.Q(pk__in=[])
        for role in OFFICE_ROLES:
            q |= _paths_q(scope.jurisdiction_paths.get(role, ()), "inspection__jurisdiction__path")
        readers: set[int] = set()
        for role in TEAM_READERS:
            readers |= scope.team_ids.get(role, frozenset())
        if readers:
            q |= models.Q(inspection__team_id__in=sorted(readers))
        if members := scope.team_ids.get(Role.TEAM_MEMBER):
            q |= models.Q(inspection__team_id__in=sorted(members), created_by_id=user.pk, status=LeadStatus.DRAFT)
        for target, receiver in TARGET_ROLE.items():
            if paths := scope.jurisdiction_paths.get(receiver):
                q |= (models.Q(target=target, status__in=sorted(HANDED_OVER))
                      & _paths_q(paths, "receiving_jurisdiction__path", exact=True))
        return self.filter(q)

    def awaiting_outcome(self) -> LeadQuerySet:
        return self.filter(status__in=[LeadStatus.TRANSFERRED, LeadStatus.RECEIVED, LeadStatus.HANDLING])


class Lead(models.Model):
    """A lead (问题线索) about possible misconduct, drawn from talks, petitions or findings; referred by the office to
    the competent body, never resolved by the team (条例: no 执纪审查 in the team)."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("巡察"), on_delete=models.PROTECT, related_name="leads")
    number = models.CharField(_("线索编号"), max_length=60, editable=False)
    source = models.CharField(_("线索来源"), max_length=12, choices=LeadSource.choices)
    summary = models.CharField(_("线索摘要"), max_length=200)
    facts = models.TextField(_("主要问题"), help_text=_("反映的具体问题、时间、涉及金额和已掌握的证据。"))
    category = models.ForeignKey(FrameworkNode, verbose_name=_("问题分类"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    discipline_type = models.CharField(_("涉嫌违反"), max_length=16, choices=DisciplineType.choices, blank=True)
    amount = models.DecimalField(_("涉及金额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    proposed_disposal = models.TextField(_("处置建议"), blank=True)
    target = models.CharField(_("移交对象"), max_length=12, choices=ReferralTarget.choices)
    receiving_jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("接收党委"), on_delete=models.PROTECT,
                                               related_name="+")
    receiver_name = models.CharField(_("接收单位"), max_length=100,
                                     help_text=_("如：市纪委监委第三监督检查室、市委组织部干部监督科、市住建局。"))
    # The petitioner's identity (when a named petition is the origin): only holders of VIEW_CONFIDENTIAL read it,
    # and it enters the referral package only with the office director's approval (identity_approved_*).
    petitioner_identity = EncryptedTextField(_("反映人身份"), blank=True)
    identity_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                             on_delete=models.PROTECT, related_name="+")
    identity_approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    identity_approval_reason = models.TextField(_("提供反映人身份的理由"), blank=True, editable=False)

    status = models.CharField(_("状态"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.DRAFT,
                              editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                    on_delete=models.PROTECT, related_name="+")
    endorsed_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The transfer (移交): the referral number of the dispatching jurisdiction's yearly sequence, the fixed package.
    referral_no = models.CharField(_("移交文号"), max_length=60, blank=True, editable=False)
    transferred_on = models.DateField(_("移交日期"), null=True, blank=True, editable=False)
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                       on_delete=models.PROTECT, related_name="+")
    feedback_due_on = models.DateField(_("结果反馈期限"), null=True, blank=True, editable=False)
    package = EncryptedTextField(_("移交材料"), blank=True, editable=False)
    # The receiving body: 签收, disposal, outcome.
    received_on = models.DateField(_("签收日期"), null=True, blank=True, editable=False)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("签收人"), null=True, blank=True,
                                    editable=False, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(null=True, blank=True, editable=False)
    disposal = models.CharField(_("处置方式"), max_length=24, choices=Disposal.choices, blank=True, editable=False)
    disposal_on = models.DateField(_("处置日期"), null=True, blank=True, editable=False)
    disposal_note = models.TextField(_("处置情况"), blank=True, editable=False)
    outcome_summary = models.TextField(_("办理结果"), blank=True, editable=False)
    recovered_amount = models.DecimalField(_("挽回经济损失（万元）"), max_digits=12, decimal_places=2, null=True,
                                           blank=True, editable=False)
    outcome_reported_on = models.DateField(_("结果反馈日期"), null=True, blank=True, editable=False)
    outcome_reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
                                            on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LeadQuerySet.as_manager()
    scope = ScopeRoot()

    class Meta:
        verbose_name = _("问题线索")
        verbose_name_plural = _("问题线索")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="lead_unique_number"),
            models.UniqueConstraint(fields=["referral_no"], condition=~models.Q(referral_no=""),
                                    name="lead_unique_referral_no"),
        ]
        indexes = [models.Index(fields=["inspection", "status"]), models.Index(fields=["status", "feedback_due_on"]),
                   models.Index(fields=["target", "receiving_jurisdiction", "status"])]

    def __str__(self) -> str:
        # The number only: the summary may name a person, and an object's text goes into the audit log.
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("leads:lead-detail", args=[self.pk])

    @property
    def status_color(self) -> str:
        return STATUS_COLORS[LeadStatus(self.status)]

    @property
    def handed_over(self) -> bool:
        return self.status in HANDED_OVER

    @property
    def receiving_role(self) -> str | None:
        """The role that receives this lead in its jurisdiction (None: a body outside the system)."""
        return TARGET_ROLE.get(ReferralTarget(self.target))

    def package_data(self) -> dict[str, Any]:
        """The referral package as fixed at the transfer (empty before)."""
        return json.loads(self.package) if self.package else {}

    def capabilities_for(self, user: Any) -> frozenset[Cap]:
        """What ``user`` may do with this lead: the lead capabilities of each role whose reach covers it (see the
        module docstring). A body outside the system has no role: the office records its receipt and outcome."""
        scope = scope_of(user)
        caps: set[Cap] = set()
        inspection_path = self.inspection.jurisdiction.path
        for role in OFFICE_ROLES:
            if any(inspection_path.startswith(p) for p in scope.jurisdiction_paths.get(role, ())):
                caps |= ROLE_CAPABILITIES[role] & LEAD_CAPS
                if self.target == ReferralTarget.OTHER:
                    caps.add(Cap.HANDLE_REFERRED_LEADS)
        for role in TEAM_READERS:
            if self.inspection.team_id in scope.team_ids.get(role, frozenset()):
                caps |= ROLE_CAPABILITIES[role] & LEAD_CAPS
        if (self.inspection.team_id in scope.team_ids.get(Role.TEAM_MEMBER, frozenset())
                and self.created_by_id == user.pk and self.status == LeadStatus.DRAFT):
            caps |= ROLE_CAPABILITIES[Role.TEAM_MEMBER] & LEAD_CAPS
        receiver = self.receiving_role
        if (receiver and self.status in HANDED_OVER
                and self.receiving_jurisdiction.path in scope.jurisdiction_paths.get(receiver, ())):
            caps |= {Cap.VIEW_LEADS, Cap.HANDLE_REFERRED_LEADS}
        return frozenset(caps)


class LeadPerson(models.Model):
    """A person a lead concerns (被反映人): name and post encrypted at rest; the level decides who manages them."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="persons")
    name = EncryptedCharField(_("姓名"), max_length=30)
    post = EncryptedCharField(_("单位及职务"), max_length=100)
    level = models.CharField(_("职级"), max_length=10, choices=CadreLevel.choices)
    is_leadership = models.BooleanField(_("班子成员"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet["LeadPerson"].as_manager()
    scope = ScopedVia("lead")

    class Meta:
        verbose_name = _("被反映人")
        verbose_name_plural = _("被反映人")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class ReferenceRole(models.TextChoices):
    ORIGIN = "origin", _("线索来源")
    SUPPORT = "support", _("佐证材料")


class LeadReference(models.Model):
    """A record the lead cites — its origin (a finding, a petition) or supporting material (a talk record …) — as a
    kind of the spine's evidence registry and an id; shown only to those who may see the record itself."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="references")
    role = models.CharField(_("用途"), max_length=8, choices=ReferenceRole.choices)
    kind = models.CharField(_("类别"), max_length=40)
    object_id = models.PositiveBigIntegerField()

    objects = ScopedQuerySet["LeadReference"].as_manager()
    scope = ScopedVia("lead")

    class Meta:
        verbose_name = _("线索依据")
        verbose_name_plural = _("线索依据")
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["lead", "kind", "object_id"], name="lead_reference_unique")]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id}"


class LeadOutcomeItem(models.Model):
    """One outcome the receiving body reports for one person (or the lead as a whole): a sanction by kind,
    organisational handling, a transfer to prosecution, or a clearance."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="outcome_items")
    person = models.ForeignKey(LeadPerson, verbose_name=_("被反映人"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("处理结果"), max_length=28, choices=OutcomeKind.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ScopedQuerySet["LeadOutcomeItem"].as_manager()
    scope = ScopedVia("lead")

    class Meta:
        verbose_name = _("处理结果")
        verbose_name_plural = _("处理结果")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def group(self) -> str:
        return OUTCOME_GROUP[self.kind]
