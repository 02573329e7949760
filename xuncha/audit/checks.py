"""Start-up checks of the audit settings (AUD-05, AUD-07): a deployment that keeps the log too briefly or cannot
sign its checkpoints does not start."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

MIN_RETENTION_DAYS = 183  # six months (网络安全法 Art. 21)


@register()
def audit_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    retention = getattr(settings, "XUNCHA_AUDIT_RETENTION_DAYS", None)
    if not isinstance(retention, int) or retention < MIN_RETENTION_DAYS:
        errors.append(Error(
            f"审计日志保存期限为 {retention} 天，不得少于 {MIN_RETENTION_DAYS} 天（六个月）。/ Audit retention is "
            f"{retention} days; at least {MIN_RETENTION_DAYS} (six months) are required.",
            hint="XUNCHA_AUDIT_RETENTION_DAYS", id="xuncha_audit.E001"))
    key = str(getattr(settings, "XUNCHA_AUDIT_ANCHOR_KEY", "") or "")
    if len(key) < 16:
        errors.append(Error(
            "审计检查点签名密钥缺失或过短（至少 16 个字符）。/ The audit checkpoint signing key is missing or "
            "shorter than 16 characters.", hint="XUNCHA_AUDIT_ANCHOR_KEY or var/keys/audit_anchor_key",
            id="xuncha_audit.E002"))
    if not getattr(settings, "XUNCHA_AUDIT_ANCHOR_DIR", None):
        errors.append(Error("未配置审计检查点目录。/ No audit checkpoint directory is configured.",
                            hint="XUNCHA_AUDIT_ANCHOR_DIR", id="xuncha_audit.E003"))
    return errors
