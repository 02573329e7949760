"""The audit recorder as core's engines see it (the workflow engine, private-file downloads).

The audit log is an app above core (it uses core's exceptions, progress and request context), so core cannot
import it; the audit app installs its ``audit_record`` here when Django starts (``AuditConfig.ready``). Every
call goes to that one recorder; without it (a misconfigured project) recording fails loudly, never silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_recorder: Callable[..., Any] | None = None


def install_recorder(recorder: Callable[..., Any]) -> None:
    global _recorder
    _recorder = recorder


def record(action: str, **kwargs: Any) -> Any:
    """Append one audit event (``xuncha.audit.services.audit_record``'s arguments)."""
    if _recorder is None:
        raise RuntimeError("no audit recorder installed: is xuncha.audit in INSTALLED_APPS?")
    return _recorder(action, **kwargs)
