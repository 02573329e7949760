"""Password policy beyond Django's validators: character classes and history (GB/T 22239 §8.1.4.1 a)),
expiry, and the record of each new password. Configured in ``AUTH_PASSWORD_VALIDATORS`` and settings."""

from __future__ import annotations

import datetime
import secrets
import string
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.models import PasswordHistory, User

# Lower-case, upper-case, digit, symbol (anything else, Chinese characters included).
CLASSES: tuple[Callable[[str], bool], ...] = (
    str.islower, str.isupper, str.isdigit, lambda ch: not (ch.islower() or ch.isupper() or ch.isdigit()),
)


def character_classes(password: str) -> int:
    return sum(any(test(ch) for ch in password) for test in CLASSES)


class CharacterClassValidator:
    """At least ``min_classes`` of lower-case letters, upper-case letters, digits and symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = max(1, min(min_classes, len(CLASSES)))

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)s 类。") % {"n": self.min_classes}


class PasswordHistoryValidator:
    """None of the user's last ``count`` passwords (the current one included) may be chosen again."""

    def __init__(self, count: int = 5) -> None:
        self.count = max(0, count)

    def validate(self, password: str, user: Any = None) -> None:
        if not self.count or user is None or not getattr(user, "pk", None):
            return
        current = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
        earlier = list(PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")
                       .values_list("password", flat=True)[: max(self.count - 1, 0)])
        for encoded in [current, *earlier]:
            if encoded and check_password(password, encoded):
                raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self) -> str:
        return _("不能使用最近 %(n)s 次用过的密码。") % {"n": self.count}


def remember_password(user: Any) -> None:
    """Keep the hash of the password ``user`` has now (call before changing it), pruning old entries."""
    if not user.password or not user.has_usable_password():
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk").values_list("pk", flat=True)[:20]
    PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()


def password_expires_at(user: Any) -> datetime.datetime | None:
    days = int(getattr(settings, "XUNCHA_PASSWORD_MAX_AGE_DAYS", 0) or 0)
    if days <= 0 or not user.has_usable_password():
        return None
    changed = user.password_changed_at or user.date_joined
    return changed + datetime.timedelta(days=days) if changed else None


def password_expired(user: Any) -> bool:
    expires = password_expires_at(user)
    return expires is not None and expires <= timezone.now()


def generate_password(length: int = 14) -> str:
    """A one-time password for an administrator's reset: every character class, no look-alike characters."""
    pools = ["abcdefghjkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "#%+=?@"]
    chars = [secrets.choice(pool) for pool in pools]
    alphabet = "".join(pools)
    chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def generate_recovery_code() -> str:
    """``xxxxx-xxxxx``: ten characters of a 28-letter alphabet without look-alikes (48 bits)."""
    alphabet = string.ascii_lowercase.translate(str.maketrans("", "", "ilou")) + "236789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"
