"""API of accounts: the caller's own account, roles and capabilities."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from xuncha.accounts import selectors
from xuncha.accounts.schemas import MeOut
from xuncha.accounts.scope import scope_of
from xuncha.core.api import actor_of

router = Router(tags=["账户"])


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
