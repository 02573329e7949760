"""The chokepoint for loading an inspection: 404 when out of scope, 403 when a capability is missing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.exceptions import CapabilityMissing
from xuncha.planning.models import Inspection

if TYPE_CHECKING:
    from xuncha.accounts.models import User


def inspection_capabilities(user: User, inspection: Inspection) -> frozenset[Cap]:
    """Capabilities the user holds over this inspection, from each role whose scope covers it."""
    return scope_of(user).capabilities_at(
        jurisdiction_path=inspection.jurisdiction.path,
        team_ids={inspection.team_id} if inspection.team_id else set(),
        organization_ids={t.organization_id for t in inspection.targets.all()},
    )


def access_inspection(user: User, pk: Any, *, capability: Cap | None = None, lock: bool = False) -> Inspection:
    """Load one inspection the user may see. Out of scope and non-existent look the same (404)."""
    try:
        pk = int(pk)
    except (ValueError, TypeError) as exc:
        raise Http404("巡察不存在或无权查看。") from exc
    # Scope first (the scope query may need DISTINCT, which cannot be combined with FOR UPDATE).
    if not Inspection.objects.visible_to(user).filter(pk=pk).exists():
        raise Http404("巡察不存在或无权查看。")
    qs = Inspection.objects.with_related()
    if lock:
        qs = qs.select_for_update(of=("self",))
    inspection = qs.get(pk=pk)
    if capability is not None and capability not in inspection_capabilities(user, inspection):
        raise CapabilityMissing("您没有执行此操作的权限。")
    return inspection
