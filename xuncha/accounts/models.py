from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import ROLE_SCOPE, Role, ScopeKind


class User(AbstractUser):
    """A person who signs in (用户). Business rights come only from ``RoleAssignment`` rows."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    person = models.OneToOneField(
        "orgs.Person", verbose_name=_("对应干部"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self) -> RoleAssignmentQuerySet:
        return self.filter(is_active=True)


class RoleAssignment(models.Model):
    """A role held by a user (角色授权), bound to exactly one jurisdiction, team or organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        "orgs.Jurisdiction", verbose_name=_("所属党委"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        "inspections.Team", verbose_name=_("巡察组"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("有效"), default=True)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("授权时间"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        indexes = [models.Index(fields=["user", "is_active"])]
        constraints = [
            # Exactly one scope object, of the kind the role requires.
            models.CheckConstraint(
                name="role_assignment_one_scope",
                condition=(
                    models.Q(jurisdiction__isnull=False, team__isnull=True, organization__isnull=True)
                    | models.Q(jurisdiction__isnull=True, team__isnull=False, organization__isnull=True)
                    | models.Q(jurisdiction__isnull=True, team__isnull=True, organization__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "jurisdiction", "team", "organization"], name="role_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_object}"

    @property
    def scope_kind(self) -> ScopeKind:
        return ROLE_SCOPE[self.role]

    @property
    def scope_object(self) -> Any:
        return self.jurisdiction or self.team or self.organization


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def valid(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A bearer token for the REST API (接口令牌). Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.prefix}…"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str = "", expires_at: Any = None) -> tuple[ApiToken, str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = "xc_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[:8], digest=cls.digest_of(raw),
                                   expires_at=expires_at)
        return token, raw
