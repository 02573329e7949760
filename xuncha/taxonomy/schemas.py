"""API shapes of the versioned dictionaries (frameworks).

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from xuncha.core.api.schemas import Filters
from xuncha.taxonomy.models import FrameworkKind

FrameworkCode = Annotated[str, Field(max_length=30, pattern=r"^[^\x00/]+$")]


class FrameworkRef(Schema):
    code: str
    name: str




class FrameworkFilters(Filters):
    kind: FrameworkKind | None = None
    valid_on: datetime.date | None = Field(None, description="在该日期有效的版本")


class FrameworkOut(Schema):
    code: str
    kind: FrameworkKind
    kind_label: str
    name: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    source: str

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class FrameworkNodeOut(Schema):
    code: str
    name: str
    level: int
    children: list["FrameworkNodeOut"]


class FrameworkDetailOut(FrameworkOut):
    nodes: list[FrameworkNodeOut]

    @staticmethod
    def resolve_nodes(obj: Any) -> Any:
        return obj.api_node_tree
