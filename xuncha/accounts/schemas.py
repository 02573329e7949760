"""API shapes of the caller's own account and of role assignments.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

from typing import Any, Literal

from ninja import Field, Schema

from xuncha.accounts.roles import Role


class ScopeOut(Schema):
    kind: Literal["jurisdiction", "team", "organization"]
    id: int
    label: str


def scope_of_assignment(obj: Any) -> dict[str, Any]:
    target = obj.scope_object
    return {"kind": str(obj.scope_kind), "id": target.pk, "label": str(target)}




class RoleOut(Schema):
    id: int
    role: Role
    role_label: str
    scope: ScopeOut

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_scope(obj: Any) -> dict[str, Any]:
        return scope_of_assignment(obj)


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[RoleOut]
    capabilities: list[str] = Field(description="在任一范围内持有的能力（具体对象上的权限以各接口为准）")
