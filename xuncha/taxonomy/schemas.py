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
    typical_problems: list[str]
    children: list["FrameworkNodeOut"]


class FrameworkDetailOut(FrameworkOut):
    nodes: list[FrameworkNodeOut]

    @staticmethod
    def resolve_nodes(obj: Any) -> Any:
        return obj.api_node_tree


class RegulationOut(Schema):
    code: str
    family: str
    title: str
    short_title: str
    issuer: str
    version: str
    effective_from: datetime.date
    effective_to: datetime.date | None = Field(None, description="新版本施行之日（不含）；现行有效为空")
    note: str


class ArticleOut(Schema):
    id: int
    regulation: str = Field(description="法规版本代码")
    number: str
    chapter: str
    text: str
    is_summary: bool = Field(description="条文为摘要（引用前与正式文本核对）")
    discipline: str
    citation: str = Field(description="引用格式，如《中国共产党纪律处分条例》（2018年修订）第八十八条")
    effective_from: datetime.date
    effective_to: datetime.date | None

    @staticmethod
    def resolve_regulation(obj: Any) -> str:
        return str(obj.regulation.code)

    @staticmethod
    def resolve_effective_from(obj: Any) -> datetime.date:
        return obj.regulation.effective_from

    @staticmethod
    def resolve_effective_to(obj: Any) -> datetime.date | None:
        return obj.regulation.effective_to


class RegulationDetailOut(RegulationOut):
    articles: list[ArticleOut]

    @staticmethod
    def resolve_articles(obj: Any) -> Any:
        return obj.api_articles


class WordingOut(Schema):
    code: str
    area_code: str
    discipline: str
    title: str
    text: str
