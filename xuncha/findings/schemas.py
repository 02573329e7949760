"""API shapes of findings. No ``from __future__ import annotations``: pydantic and ninja read them at run time."""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from xuncha.core.api.schemas import Id, InputSchema
from xuncha.findings.models import FindingSource, PersonLevel, Severity
from xuncha.taxonomy.models import Discipline

EvidenceRef = Field(pattern=r"^[a-z_]+\.[a-z_]+:[1-9][0-9]{0,17}$", max_length=60,
                    description="依据引用：类型:编号，如 fieldwork.talk:12")


class NodeRef(Schema):
    id: int
    code: str
    name: str


class FindingOut(Schema):
    id: int
    code: str
    inspection_id: int
    organization_id: int
    organization: str
    framework: str = Field(description="登记时适用的分类体系版本")
    category: NodeRef
    title: str
    source: str
    conduct_from: datetime.date
    conduct_to: datetime.date | None
    people_involved: str
    amount: Decimal | None
    severity: str
    discipline: str
    person_level: str
    involves_leadership: bool
    involves_principal: bool
    is_general: bool
    status: str
    status_label: str
    drafted_by: str
    adopted_on: datetime.date | None
    meeting_reference: str

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return str(obj.organization.short_name or obj.organization.name)

    @staticmethod
    def resolve_framework(obj: Any) -> str:
        return str(obj.framework.code)

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_drafted_by(obj: Any) -> str:
        return str(obj.drafted_by)


class ArticleRef(Schema):
    id: int
    citation: str
    text: str
    is_summary: bool


class CitationOut(Schema):
    ref: str
    kind: str
    label: str
    visible: bool = Field(description="调用者是否有权查看该依据；无权查看时只显示类型和“（无权查看的依据）”")
    title: str
    detail: str
    url: str


class FindingDetailOut(FindingOut):
    description: str
    persons: list[NodeRef]
    eight_rules_category: NodeRef | None
    basis: list[ArticleRef]
    basis_note: str
    evidence: list[CitationOut]

    @staticmethod
    def resolve_persons(obj: Any) -> list[dict[str, Any]]:
        return [{"id": p.pk, "code": p.organization.short_name or "", "name": p.name} for p in obj.persons.all()]

    @staticmethod
    def resolve_evidence(obj: Any) -> Any:
        return obj.api_evidence


class FindingIn(InputSchema):
    organization: Id
    category: Id
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=20_000)
    conduct_from: datetime.date
    conduct_to: datetime.date | None = None
    source: FindingSource = FindingSource.OTHER
    people_involved: str = Field("", max_length=300)
    persons: list[Id] = Field(default_factory=list, max_length=50)
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    severity: Severity = Severity.GENERAL
    discipline: Discipline | None = None
    eight_rules_category: Id | None = None
    person_level: PersonLevel = PersonLevel.NONE
    involves_leadership: bool = False
    involves_principal: bool = False
    is_general: bool = False
    basis: list[Id] = Field(default_factory=list, max_length=30, description="定性依据条款编号（/api/v1/articles）")
    basis_note: str = Field("", max_length=300)
    evidence: list[str] = Field(default_factory=list, max_length=50,
                                description="依据引用（类型:编号），可选项见 …/findings/evidence-choices")


class FindingBulkIn(InputSchema):
    rows: list[FindingIn] = Field(min_length=1, max_length=50)


class FindingStepIn(InputSchema):
    note: str = Field("", max_length=500)
    on: datetime.date | None = Field(None, description="组务会日期（adopt）")
    meeting_reference: str = Field("", max_length=120, description="组务会记录（adopt）")


class EvidenceChoice(Schema):
    ref: str
    title: str
    detail: str


class EvidenceKindOut(Schema):
    kind: str
    label: str
    items: list[EvidenceChoice]
