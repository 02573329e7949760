"""Every list endpoint takes its query parameters from the FilterSet of the page that shows the same list: one
definition (ADR-0017). A filter added to the page appears in the API; one written only in the API fails here."""

from __future__ import annotations

import pytest

from xuncha.administration.filters import RoleAssignmentFilter
from xuncha.administration.schemas import RoleAssignmentFilters
from xuncha.fieldwork.api import DocumentFilters, TalkFilters, WorkRecordFilters
from xuncha.fieldwork.filters import DocumentRequestFilter, TalkFilter, WorkRecordFilter
from xuncha.findings.api import FindingFilters
from xuncha.findings.filters import FindingFilter
from xuncha.inspections.filters import InspectionFilter
from xuncha.inspections.schemas import InspectionFilters
from xuncha.inspections.workflow import InspectionStatus
from xuncha.notices.filters import NoticeFilter
from xuncha.notices.schemas import NoticeFilters
from xuncha.orgs.filters import JurisdictionFilter, OrganizationFilter, PersonFilter
from xuncha.orgs.schemas import JurisdictionFilters, OrganizationFilters, PersonFilters
from xuncha.petitions.api import PetitionFilters
from xuncha.petitions.filters import PetitionFilter
from xuncha.pool.api import PoolFilters
from xuncha.pool.filters import PoolFilter
from xuncha.reports.filters import MeetingFilter, ReportFilter
from xuncha.reports.schemas import MeetingFilters, ReportFilters
from xuncha.surveys.filters import SurveyFilter
from xuncha.surveys.schemas import SurveyFilters
from xuncha.taxonomy.api import ArticleFilters, WordingFilters
from xuncha.taxonomy.filters import ArticleFilter, WordingFilter

# (the API's query schema, the page's FilterSet)
LIST_FILTERS = [
    (FindingFilters, FindingFilter),
    (ArticleFilters, ArticleFilter),
    (WordingFilters, WordingFilter),
    (InspectionFilters, InspectionFilter),
    (JurisdictionFilters, JurisdictionFilter),
    (OrganizationFilters, OrganizationFilter),
    (PersonFilters, PersonFilter),
    (PoolFilters, PoolFilter),
    (RoleAssignmentFilters, RoleAssignmentFilter),
    (NoticeFilters, NoticeFilter),
    (TalkFilters, TalkFilter),
    (DocumentFilters, DocumentRequestFilter),
    (WorkRecordFilters, WorkRecordFilter),
    (PetitionFilters, PetitionFilter),
    (SurveyFilters, SurveyFilter),
    (ReportFilters, ReportFilter),
    (MeetingFilters, MeetingFilter),
]


@pytest.mark.parametrize(("schema", "filterset"), LIST_FILTERS, ids=lambda c: getattr(c, "__name__", ""))
def test_api_parameters_are_the_pages_filterset(schema: type, filterset: type) -> None:
    # The schema is made from the FilterSet, not written beside it: same names, nothing more but paging.
    assert schema.filterset_class is filterset  # type: ignore[attr-defined]
    assert set(schema.model_fields) == {*filterset.base_filters, "page", "page_size"}  # type: ignore[attr-defined]


def test_api_choices_and_bounds_are_the_filtersets() -> None:
    properties = InspectionFilters.model_json_schema()["properties"]
    assert properties["status"]["anyOf"][0]["enum"] == list(InspectionStatus.values)
    assert properties["q"]["anyOf"][0]["maxLength"] == InspectionFilter.base_filters["q"].extra["max_length"]


def test_a_yes_no_filter_is_a_boolean_in_the_api() -> None:
    # ?can_lead=1 on the page, can_lead=true in the API: the same filter.
    can_lead = PoolFilters.model_json_schema()["properties"]["can_lead"]
    assert can_lead["anyOf"][0]["type"] == "boolean"
    assert PoolFilter({"can_lead": "1"}).form.is_valid()
