"""API shapes of the security administrator's role assignments.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator

from xuncha.accounts.roles import Role
from xuncha.accounts.schemas import ScopeOut, scope_of_assignment
from xuncha.administration.filters import RoleAssignmentFilter
from xuncha.core.api.schemas import Id, InputSchema, no_nul
from xuncha.core.lists import filter_schema

# The parameters of the role assignment list: the page's FilterSet, translated (one definition).
RoleAssignmentFilters = filter_schema(RoleAssignmentFilter)


class UserRef(Schema):
    id: int
    username: str
    display_name: str


class RoleAssignmentOut(Schema):
    id: int
    user: UserRef
    role: Role
    role_label: str
    scope: ScopeOut
    is_active: bool
    granted_by: str | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_scope(obj: Any) -> dict[str, Any]:
        return scope_of_assignment(obj)

    @staticmethod
    def resolve_granted_by(obj: Any) -> str | None:
        return obj.granted_by.username if obj.granted_by_id else None


class RoleAssignmentIn(InputSchema):
    username: Annotated[str, Field(min_length=1, max_length=150), AfterValidator(no_nul)]
    role: Role
    jurisdiction: Id | None = Field(None, description="党委编号（党委类角色）")
    team: Id | None = Field(None, description="巡察组编号（组长、副组长、成员）")
    organization: Id | None = Field(None, description="单位编号（被巡察单位联络员）")
    reason: Annotated[str, Field(max_length=500), AfterValidator(no_nul)] = Field(
        "", description="巡察办主任书面说明的理由（巡察组已撤驻时授予巡察组角色必填，不少于 10 个字；记入审计日志）")
