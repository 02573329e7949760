"""The tables of the organisation search and the cadre list. Cells read the organisation (and its jurisdiction
and parent) that the selectors join: no query per row."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import Table
from xuncha.orgs.models import Jurisdiction, Organization, Person


class OrganizationTable(Table):
    name = tables.Column(verbose_name=_("党组织全称"), orderable=True)
    short_name = tables.Column(verbose_name=_("简称"))
    org_type = tables.Column(verbose_name=_("组织类型"))
    sector = tables.Column(verbose_name=_("类别"))
    jurisdiction = tables.Column(verbose_name=_("所属党委"), accessor="jurisdiction__name")
    parent = tables.Column(verbose_name=_("上级党组织"), default="—", attrs={"td": {"class": "small"}})
    staff_size = tables.Column(verbose_name=_("干部职工人数"), orderable=True,
                               attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}})

    empty_icon = "search"

    class Meta(Table.Meta):
        model = Organization
        fields = ("name", "short_name", "org_type", "sector", "jurisdiction", "parent", "staff_size")
        empty_text = _("没有找到符合条件的党组织。")

    def render_name(self, record: Organization, value: str) -> SafeString:
        return format_html('<a href="{}" class="fw-semibold">{}</a>',
                           reverse("orgs:organization-detail", args=[record.pk]), value)

    def render_sector(self, record: Organization) -> SafeString:
        return format_html('<span class="badge sector-badge">{}</span>', record.get_sector_display())


class PersonTable(Table):
    name = tables.Column(verbose_name=_("姓名"), orderable=True)
    gender = tables.Column(verbose_name=_("性别"))
    birth_year = tables.Column(verbose_name=_("出生年份"), orderable=True)
    organization = tables.Column(verbose_name=_("现工作单位"))
    post = tables.Column(verbose_name=_("现任职务"))
    rank = tables.Column(verbose_name=_("职级"))

    empty_icon = "people"

    class Meta(Table.Meta):
        model = Person
        fields = ("name", "gender", "birth_year", "organization", "post", "rank")
        empty_text = _("没有符合条件的干部。")

    def render_name(self, record: Person, value: str) -> SafeString:
        return format_html('<a href="{}" class="fw-semibold">{}</a>', reverse("orgs:person-detail", args=[record.pk]),
                           value)

    def render_rank(self, record: Person) -> SafeString:
        return format_html('<span class="badge rank-badge">{}</span>', record.get_rank_display())


class JurisdictionTable(Table):
    """The jurisdiction search. The counts come as dicts computed once per page (``organization_counts`` and, for
    roles that see inspections, ``inspection_counts``)."""

    committee_name = tables.Column(verbose_name=_("党委"), orderable=True)
    level = tables.Column(verbose_name=_("层级"))
    division_code = tables.Column(verbose_name=_("行政区划代码"), orderable=True,
                                  attrs={"td": {"class": "font-monospace"}})
    parent = tables.Column(verbose_name=_("上级党委"), accessor="parent__committee_name", default="—")
    organizations = tables.Column(verbose_name=_("党组织"), accessor="pk",
                                  attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}})
    inspections = tables.Column(verbose_name=_("巡察"), accessor="pk",
                                attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}})

    empty_icon = "search"

    class Meta(Table.Meta):
        model = Jurisdiction
        fields = ("committee_name", "level", "division_code", "parent", "organizations", "inspections")
        empty_text = _("没有找到符合条件的党委。")

    def __init__(self, data: Any, *, organization_counts: dict[int, int], inspection_counts: dict[int, int] | None,
                 **kwargs: Any) -> None:
        super().__init__(data, exclude=[] if inspection_counts is not None else ["inspections"], **kwargs)
        self.organization_counts = organization_counts
        self.inspection_counts = inspection_counts or {}

    def render_committee_name(self, record: Jurisdiction, value: str) -> SafeString:
        return format_html('<a href="{}" class="fw-semibold">{}</a><div class="text-muted small">{}</div>',
                           reverse("orgs:jurisdiction-detail", args=[record.pk]), value, record.name)

    def render_level(self, record: Jurisdiction) -> SafeString:
        return format_html('<span class="badge level-badge">{}</span>', record.get_level_display())

    def render_organizations(self, record: Jurisdiction) -> int:
        return self.organization_counts.get(record.pk, 0)

    def render_inspections(self, record: Jurisdiction) -> int:
        return self.inspection_counts.get(record.pk, 0)
