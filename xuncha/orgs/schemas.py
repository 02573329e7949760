"""API shapes of jurisdictions, organisations and cadres.

No ``from __future__ import annotations`` here: pydantic and ninja read these annotations at run time.
"""

import datetime
from typing import Any

from ninja import Schema

from xuncha.core.api.schemas import Ref
from xuncha.core.lists import filter_schema
from xuncha.orgs.filters import JurisdictionFilter, OrganizationFilter, PersonFilter


class OrganizationRef(Schema):
    id: int
    name: str
    short_name: str




JurisdictionFilters = filter_schema(JurisdictionFilter)


class JurisdictionOut(Schema):
    id: int
    name: str
    committee_name: str
    level: str
    level_label: str
    division_code: str
    parent_id: int | None
    depth: int

    @staticmethod
    def resolve_level_label(obj: Any) -> str:
        return str(obj.get_level_display())


# The parameters of the organisation and cadre lists: the pages' FilterSets, translated (one definition).
OrganizationFilters = filter_schema(OrganizationFilter)


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    unit_name: str
    org_type: str
    org_type_label: str
    sector: str
    sector_label: str
    jurisdiction: Ref
    parent_id: int | None
    depth: int
    staff_size: int
    is_inspectable: bool

    @staticmethod
    def resolve_org_type_label(obj: Any) -> str:
        return str(obj.get_org_type_display())

    @staticmethod
    def resolve_sector_label(obj: Any) -> str:
        return str(obj.get_sector_display())


class OrganizationDetailOut(OrganizationOut):
    address: str


PersonFilters = filter_schema(PersonFilter)


class PersonOut(Schema):
    """A cadre; the identity-card number is never part of any answer."""

    id: int
    name: str
    gender: str
    gender_label: str
    birth_year: int
    organization: OrganizationRef
    post: str
    rank: str
    rank_label: str

    @staticmethod
    def resolve_gender_label(obj: Any) -> str:
        return str(obj.get_gender_display())

    @staticmethod
    def resolve_rank_label(obj: Any) -> str:
        return str(obj.get_rank_display())


class WorkHistoryOut(Schema):
    organization: OrganizationRef | None
    organization_name: str
    post: str
    start: datetime.date
    end: datetime.date | None


class RelativeOut(Schema):
    name: str
    kinship: str
    kinship_label: str
    organization: OrganizationRef | None
    workplace: str
    post: str

    @staticmethod
    def resolve_kinship_label(obj: Any) -> str:
        return str(obj.get_kinship_display())


class PersonDetailOut(PersonOut):
    hometown: str
    hometown_jurisdiction: Ref | None
    phone: str
    work_history: list[WorkHistoryOut]
    relatives: list[RelativeOut]
