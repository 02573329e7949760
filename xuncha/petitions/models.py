"""Petitions (信访受理, spec §4.3): what the public and cadres report to a stationed team.

Everything here is team-confidential: a petition is visible to the inspection's team and the office director
of the dispatching jurisdiction (``PetitionQuerySet.grant_filter``), never to the liaison or to other teams.
The petitioner's name and contact details are encrypted at rest and shown only to holders of
``VIEW_CONFIDENTIAL``. A public petition keeps no client address or browser fingerprint; its receipt code is kept
only as a keyed hash (``receipts``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.crypto import EncryptedTextField
from xuncha.core.scoping import ScopedQuerySet, ScopedVia
from xuncha.inspections.models import Inspection, Team
from xuncha.petitions.workflow import OPEN_STATUSES, PetitionStatus
from xuncha.taxonomy.models import FrameworkNode


class PetitionPage(models.Model):
    """The public petition page of one inspection (码上巡察): reached by an unguessable slug, not the pk."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="petition_page")
    slug = models.CharField(_("页面标识"), max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["PetitionPage"].as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("信访受理页面")
        verbose_name_plural = _("信访受理页面")

    def __str__(self) -> str:
        return f"{self.inspection.code} 信访受理页面"


class Channel(models.TextChoices):
    LETTER = "letter", _("来信")
    PHONE = "phone", _("来电")
    VISIT = "visit", _("来访")
    BOX = "box", _("意见箱")
    EMAIL = "email", _("电子邮箱")
    ONLINE = "online", _("网络/扫码")
    BUREAU = "bureau", _("信访部门转来")


# Channels the team registers by hand (the public page makes the online ones).
REGISTERED_CHANNELS = [c for c in Channel if c != Channel.ONLINE]


class PetitionerKind(models.TextChoices):
    CADRE = "cadre", _("干部")
    PUBLIC = "public", _("群众")
    RETIRED = "retired", _("退休人员")
    CLIENT = "client", _("服务对象")
    UNKNOWN = "unknown", _("不详")


class Priority(models.TextChoices):
    NORMAL = "normal", _("一般")
    HIGH = "high", _("重要")
    URGENT = "urgent", _("紧急")


class PetitionQuerySet(ScopedQuerySet["Petition"]):
    def grant_filter(self, user: Any) -> models.Q | None:
        """Team-confidential: the inspection's team and the office director of the dispatching jurisdiction
        (holders of VIEW_PETITIONS there); not the liaison, not other teams, not the rest of the office."""
        scope = scope_of(user)
        q = models.Q(inspection__team_id__in=sorted(scope.all_team_ids(Cap.VIEW_PETITIONS)))
        for path in scope.business_paths(Cap.VIEW_PETITIONS):
            q |= models.Q(inspection__jurisdiction__path__startswith=path)
        return q

    def open(self) -> PetitionQuerySet:
        """Neither handled nor carried into the report (these hold back the withdrawal)."""
        return self.filter(status__in=OPEN_STATUSES)


class Petition(models.Model):
    """One petition item (信访件)."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("巡察"), on_delete=models.PROTECT,
                                   related_name="petitions")
    number = models.CharField(_("信访编号"), max_length=60)
    channel = models.CharField(_("来源渠道"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("收到日期"), help_text=_("来信以邮戳日期为准。"))
    after_cutoff = models.BooleanField(_("截止后收到"), default=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    # The petitioner: protected. Empty name and contact for an anonymous petition.
    anonymous = models.BooleanField(_("匿名"), default=True)
    petitioner_name = EncryptedTextField(_("反映人姓名"), blank=True)
    petitioner_contact = EncryptedTextField(_("反映人联系方式"), blank=True)
    petitioner_unit = EncryptedTextField(_("反映人单位"), blank=True)
    petitioner_kind = models.CharField(_("反映人身份"), max_length=10, choices=PetitionerKind.choices,
                                       default=PetitionerKind.UNKNOWN)
    # What is reported.
    about_whom = models.CharField(_("被反映人"), max_length=200, help_text=_("姓名、单位、职务。"))
    summary = models.CharField(_("反映内容提要"), max_length=200)
    content = models.TextField(_("反映内容"))
    since_when = models.CharField(_("问题发生时间"), max_length=60, blank=True)
    # Triage (研判): suggested by triage.py, decided by the team.
    suggested_category = models.ForeignKey(FrameworkNode, verbose_name=_("建议分类"), null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+")
    category = models.ForeignKey(FrameworkNode, verbose_name=_("问题分类"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    priority = models.CharField(_("优先级"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    in_scope = models.BooleanField(_("属于巡察受理范围"), null=True, blank=True)
    duplicate_of = models.ForeignKey("self", verbose_name=_("合并至"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="duplicates")
    status = models.CharField(_("状态"), max_length=12, choices=PetitionStatus.choices,
                              default=PetitionStatus.RECEIVED, editable=False)
    handled_on = models.DateField(_("办结日期"), null=True, blank=True, editable=False)
    # The keyed hash of the receipt code (receipts.py); the code itself is never stored.
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    last_petitioner_message_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PetitionQuerySet.as_manager()
    scope = ScopedVia("inspection")

    class Meta:
        verbose_name = _("信访件")
        verbose_name_plural = _("信访件")
        ordering = ["-received_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="petition_unique_number")]
        indexes = [models.Index(fields=["inspection", "status"]), models.Index(fields=["inspection", "received_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def _evidence_path(instance: PetitionFile, filename: str) -> str:
    # The stored name carries no part of the uploaded name (which may identify the petitioner).
    return f"petitions/{instance.petition.inspection_id}/{instance.sha256[:32]}{instance.extension}"


class PetitionFile(models.Model):
    """Evidence handed in with a petition, checked by content and stripped of metadata before storing."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_evidence_path)
    name = models.CharField(_("文件名"), max_length=120)
    kind = models.CharField(_("类型"), max_length=10)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["PetitionFile"].as_manager()
    scope = ScopedVia("petition")

    class Meta:
        verbose_name = _("信访材料")
        verbose_name_plural = _("信访材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class PetitionMessage(models.Model):
    """A message between the petitioner (through the receipt code) and the team; a reply is one."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="messages")
    from_petitioner = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet["PetitionMessage"].as_manager()
    scope = ScopedVia("petition")

    class Meta:
        verbose_name = _("信访沟通记录")
        verbose_name_plural = _("信访沟通记录")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.petition} · {self.created_at:%Y-%m-%d}"


class TransferTarget(models.TextChoices):
    DISCIPLINE = "discipline", _("纪委监委")
    BUREAU = "bureau", _("信访部门")
    DEPARTMENT = "department", _("主管部门")
    ORGANIZATION = "organization", _("被巡察党组织")


class PetitionTransfer(models.Model):
    """The transfer record (转办单) of a petition outside the inspection's remit."""

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="transfer")
    target = models.CharField(_("转办对象"), max_length=12, choices=TransferTarget.choices)
    receiver = models.CharField(_("接收单位"), max_length=100)
    reference_no = models.CharField(_("转办函号"), max_length=60, blank=True)
    transferred_on = models.DateField(_("转办日期"))
    reason = models.TextField(_("转办理由"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet["PetitionTransfer"].as_manager()
    scope = ScopedVia("petition")

    class Meta:
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")

    def __str__(self) -> str:
        return f"{self.petition} → {self.receiver}"


class PetitionCounter(models.Model):
    """The per-year sequence of a team's petition numbers (the office's numbering rule, ``numbering``)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet["PetitionCounter"].as_manager()
    scope = ScopedVia("team")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="petition_counter_unique_year")]

    def __str__(self) -> str:
        return f"{self.team} {self.year}: {self.last}"
