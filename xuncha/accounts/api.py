"""API of accounts: the caller's own account and the security administrator's role assignments."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from xuncha.accounts import selectors, services
from xuncha.accounts.api_auth import role_gated
from xuncha.accounts.models import RoleAssignment
from xuncha.accounts.roles import Role
from xuncha.accounts.schemas import MeOut, RoleAssignmentFilters, RoleAssignmentIn, RoleAssignmentOut
from xuncha.accounts.scope import scope_of
from xuncha.core.api import actor_of
from xuncha.core.api.pagination import paged, paginate
from xuncha.core.api.schemas import Id

router = Router(tags=["账户与角色授权"])


@router.get("/role-assignments", auth=role_gated(Role.SECURITY_ADMIN),
            response=paged(RoleAssignmentOut), summary="角色授权列表（仅安全保密管理员）")
def role_assignment_list(request: HttpRequest, filters: Query[RoleAssignmentFilters]) -> dict[str, Any]:
    """Assignments bound inside the security administrator's jurisdictions; 404 for everyone else."""
    qs = selectors.role_assignment_filter(actor=actor_of(request), username=filters.username, role=filters.role,
                                        is_active=filters.is_active)
    return paginate(qs, filters)


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


@router.get("/me", response=MeOut, summary="当前用户：角色、范围与能力")
def me(request: HttpRequest) -> dict[str, Any]:
    user = actor_of(request)
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": str(user),
        "roles": selectors.my_role_assignments(user),
        "capabilities": sorted(str(c) for c in scope_of(user).capabilities()),
    }
