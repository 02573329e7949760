"""Filters of the organisation and cadre lists: the pages' filter bars and the query parameters of
``GET /api/v1/organizations`` and ``/people`` (``core.lists.filter_schema``). Choices come from what the user may
see; on a page a value outside them (or malformed) is a form error that is shown and otherwise ignored, never a
server error; the API answers it with 422."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from xuncha.core.autocomplete import AutocompleteWidget
from xuncha.core.lists import IdFilter
from xuncha.orgs.models import Jurisdiction, Organization, OrganizationType, Person, Sector

SEARCH_MAX_LENGTH = 60


def search_widget(placeholder: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "class": "form-control", "placeholder": placeholder,
                                  "autocomplete": "off", "maxlength": SEARCH_MAX_LENGTH})


def select_widget() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _visible_jurisdictions(request: HttpRequest | None) -> QuerySet[Jurisdiction]:
    user = getattr(request, "user", None)
    return Jurisdiction.objects.visible_to(user).order_by("depth", "division_code")


def _visible_organizations(request: HttpRequest | None) -> QuerySet[Organization]:
    user = getattr(request, "user", None)
    return Organization.objects.visible_to(user).order_by("path")


class OrganizationPickerField(forms.ModelChoiceField):
    """An organisation picked by typing part of its name (``core.autocomplete``): the visible organisations are
    never listed, only the matches of the search endpoint."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OrganizationPickerFilter(django_filters.ModelChoiceFilter):
    field_class = OrganizationPickerField


def organization_picker(placeholder: Any, empty_label: Any = "") -> AutocompleteWidget:
    return AutocompleteWidget(url=reverse_lazy("orgs:organization-search"), placeholder=placeholder,
                              empty_label=empty_label, attrs={"class": "form-control"})


class JurisdictionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("搜索党委"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
        widget=search_widget(_("党委名称或行政区划代码")),
    )
    parent = IdFilter(label=_("上级党委编号"), field_name="parent")

    class Meta:
        model = Jurisdiction
        fields = ["q", "parent"]

    def filter_q(self, queryset: QuerySet[Jurisdiction], name: str, value: str) -> QuerySet[Jurisdiction]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(committee_name__icontains=value)
                               | Q(division_code__startswith=value))


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("名称"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
        widget=search_widget(_("党组织全称或简称")),
    )
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("所属党委"), queryset=_visible_jurisdictions, method="filter_jurisdiction",
        empty_label=_("全部党委"), widget=select_widget(),
    )
    sector = django_filters.ChoiceFilter(label=_("类别"), choices=Sector.choices, empty_label=_("全部类别"),
                                         widget=select_widget())
    org_type = django_filters.ChoiceFilter(label=_("组织类型"), choices=OrganizationType.choices,
                                           empty_label=_("全部类型"), widget=select_widget())
    parent = IdFilter(label=_("上级党组织编号"), field_name="parent")

    class Meta:
        model = Organization
        fields = ["q", "jurisdiction", "sector", "org_type", "parent"]

    def filter_q(self, queryset: QuerySet[Organization], name: str, value: str) -> QuerySet[Organization]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value)
                               | Q(unit_name__icontains=value))

    def filter_jurisdiction(self, queryset: QuerySet[Organization], name: str,
                            value: Jurisdiction | None) -> QuerySet[Organization]:
        # A jurisdiction stands for its subtree: choosing the city shows the counties' organisations too.
        if value is None:
            return queryset
        return queryset.filter(jurisdiction__path__startswith=value.path)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("姓名或职务"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
        widget=search_widget(_("姓名或现任职务")),
    )
    organization = OrganizationPickerFilter(
        label=_("工作单位（含下级）"), queryset=_visible_organizations, method="filter_organization",
        empty_label=_("全部单位"), widget=organization_picker(_("输入单位名称查找"), _("全部单位")),
    )

    class Meta:
        model = Person
        fields = ["q", "organization"]

    def filter_q(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(post__icontains=value))

    def filter_organization(self, queryset: QuerySet[Person], name: str,
                            value: Organization | None) -> QuerySet[Person]:
        # An organisation stands for itself and the organisations under it.
        if value is None:
            return queryset
        return queryset.filter(organization__path__startswith=value.path)
