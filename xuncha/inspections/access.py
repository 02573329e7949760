"""The chokepoint for loading an inspection: 404 when out of scope, 403 when a capability is missing."""

from __future__ import annotations

from typing import Any

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.exceptions import CapabilityMissing
from xuncha.core.scoping import access
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Jurisdiction

PLANNING_DENIED = "只有巡察办可以安排巡察组和巡察计划。"


def inspection_capabilities(user: Any, inspection: Inspection) -> frozenset[Cap]:
    """Capabilities the user holds over this inspection, from each role whose scope covers it."""
    return inspection.capabilities_for(user)


def access_inspection(user: Any, pk: Any, *, capability: Cap | None = None, lock: bool = False) -> Inspection:
    """Load one inspection the user may see (the kernel's ``access`` with the inspection's usual joins)."""
    return access(Inspection, user, pk, capability=capability, lock=lock, queryset=Inspection.objects.with_related())


def require_planning(actor: User, jurisdiction: Jurisdiction) -> None:
    """Raise unless ``actor`` may plan in ``jurisdiction`` (office staff or director there)."""
    if Cap.MANAGE_PLANNING not in scope_of(actor).capabilities_at(jurisdiction_path=jurisdiction.path):
        raise CapabilityMissing(PLANNING_DENIED)
