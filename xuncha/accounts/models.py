from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from xuncha.accounts.roles import ADMIN_ROLES, ROLE_SCOPE, Role, ScopeKind
from xuncha.accounts.scope import scope_of


# django-stubs cannot name the reverse manager of django-otp's abstract Device.user on a subclass.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person who signs in (用户). Business rights come only from ``RoleAssignment`` rows."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    person = models.OneToOneField(
        "orgs.Person", verbose_name=_("对应干部"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="user",
    )
    # Set when an administrator chose the password (new account, reset): the next sign-in must change it.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # The session of the latest sign-in; with XUNCHA_SINGLE_SESSION any other session of the account ends.
    current_session_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        # The expiry clock (XUNCHA_PASSWORD_MAX_AGE_DAYS) starts with every new password.
        self.password_changed_at = timezone.now()

    # What the layers below accounts (the audit log) may ask of any signed-in user without importing accounts.
    @property
    def role_codes(self) -> frozenset[str]:
        """The user's active roles (from the scope read once per request)."""
        return scope_of(self).roles

    def has_role(self, role: str) -> bool:
        return role in self.role_codes


class PasswordHistory(models.Model):
    """Hashes of a user's earlier passwords (密码历史), so that the last few cannot be chosen again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)  # Django's encoded hash, never the password itself
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class RecoveryCodeDevice(Device):
    """The set of one-time recovery codes (恢复码) of a user, as a django-otp device so that a session verified
    by a recovery code is a verified session like any other. Only SHA-256 digests of the codes are stored."""

    class Meta(Device.Meta):
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")

    def verify_token(self, token: Any) -> bool:
        digest = RecoveryCode.digest_of(self.user_id, str(token))
        # The update is the check: of two requests with the same code only one changes the row.
        return bool(self.codes.filter(digest=digest, used_at__isnull=True).update(used_at=timezone.now()))

    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_unique")]

    def __str__(self) -> str:
        return f"{self.device.user} · {'已使用' if self.used_at else '未使用'}"

    @staticmethod
    def normalise(code: str) -> str:
        return "".join(ch for ch in code.lower() if ch.isalnum())

    @staticmethod
    def digest_of(user_id: int, code: str) -> str:
        # The codes carry 48 random bits each, so a plain digest (salted with the user) is enough; a slow hash
        # would cost a second per sign-in over ten codes for nothing.
        return hashlib.sha256(f"{user_id}:{RecoveryCode.normalise(code)}".encode()).hexdigest()


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
            # 三员分立 as a rule of the data (SEC-28): an account holds at most one active administrator
            # assignment, so never two of the three duties. A partial unique index, on SQLite and PostgreSQL.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_active=True, role__in=sorted(ADMIN_ROLES)),
                name="role_assignment_one_admin_duty",
                violation_error_message=_("三员分立：一个账户只能担任一项管理员职责。"),
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
