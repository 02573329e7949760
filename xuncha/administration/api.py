"""API of the administrators: the security administrator's role assignments (the security auditor's log is
``audit_api``). For anyone else these endpoints do not exist (404)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from xuncha.accounts.api_auth import role_gated
from xuncha.accounts.models import RoleAssignment
from xuncha.accounts.roles import Role
from xuncha.administration import selectors, services
from xuncha.administration.filters import RoleAssignmentFilter
from xuncha.administration.schemas import RoleAssignmentFilters, RoleAssignmentIn, RoleAssignmentOut
from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id
from xuncha.core.lists import api_filter

router = Router(tags=["角色授权"])


@router.get("/role-assignments", auth=role_gated(Role.SECURITY_ADMIN),
            response=paged(RoleAssignmentOut), summary="角色授权列表（仅安全保密管理员）")
def role_assignment_list(request: HttpRequest,
                         filters: Query[RoleAssignmentFilters]) -> dict[str, Any]:  # type: ignore[valid-type]
    """Assignments bound inside the security administrator's jurisdictions; 404 for everyone else."""
    actor = actor_of(request)
    qs = selectors.role_assignment_filter(actor=actor)
    return paginate(api_filter(RoleAssignmentFilter, filters, qs, actor), filters)


@router.post("/role-assignments", auth=role_gated(Role.SECURITY_ADMIN),
             response={201: RoleAssignmentOut}, summary="授予角色")
def role_assignment_create(request: HttpRequest, payload: RoleAssignmentIn) -> Status[RoleAssignment]:
    """Bind ``role`` to exactly the scope object it needs (jurisdiction, team or organisation), inside
    the caller's jurisdictions. Nobody grants roles to themselves. A team role is granted only to an account
    linked to a cadre on that team's roster, in a matching place and with no recusal ground standing; once the
    team has withdrawn, only with the office director's written ``reason``. Audited as ``role.grant``."""
    assignment = services.role_assignment_create(
        actor=actor_of(request), username=payload.username, role=payload.role,
        jurisdiction=payload.jurisdiction, team=payload.team, organization=payload.organization,
        reason=payload.reason)
    return Status(201, assignment)


@router.post("/role-assignments/{assignment_id}/revoke", auth=role_gated(Role.SECURITY_ADMIN),
             response=RoleAssignmentOut, summary="撤销角色授权")
def role_assignment_revoke(request: HttpRequest, assignment_id: Id) -> RoleAssignment:
    """Effective from the user's next request. Audited as ``role.revoke``."""
    return services.role_assignment_revoke(actor=actor_of(request), pk=assignment_id)
