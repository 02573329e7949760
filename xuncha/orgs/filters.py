"""Filters of the organisation and cadre lists: the pages' filter bars and the query parameters of
``GET /api/v1/organizations`` and ``/people`` (``core.lists.filter_schema``). Choices come from what the user may
see; on a page a value outside them (or malformed) is a form error that is shown and otherwise ignored, never a
server error; the API answers it with 422."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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


def _tree_key(org: Organization) -> list[int]:
    # Paths hold ids ("/12/45/"): compared as numbers they give the tree in the order units were entered.
    return [int(part) for part in org.path.strip("/").split("/") if part]


class GroupedOrganizationChoices(ModelChoiceIterator):
    """The choices of a unit picker, grouped by jurisdiction (市直 first, then each county by division code),
    each group in tree order and indented by depth, so that some 300 units of city and counties read as
    lists a person can scan — and search (``data-searchable`` in app.js)."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        orgs = sorted(self.queryset.select_related("jurisdiction"),
                      key=lambda o: (o.jurisdiction.depth, o.jurisdiction.division_code, _tree_key(o)))
        groups: dict[int, tuple[str, list[tuple[Any, str]]]] = {}
        for org in orgs:
            _name, options = groups.setdefault(org.jurisdiction_id, (org.jurisdiction.name, []))
            options.append(self.choice(org))
        yield from groups.values()


class GroupedOrganizationField(forms.ModelChoiceField):
    """An organisation picker grouped by jurisdiction (``<optgroup>``), indented as a tree, searchable."""

    iterator = GroupedOrganizationChoices

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs["data-searchable"] = ""

    def label_from_instance(self, obj: Any) -> str:
        return "\u3000" * min(obj.depth, 6) + str(obj)


class OrganizationChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = GroupedOrganizationField


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
    organization = OrganizationChoiceFilter(
        label=_("工作单位（含下级）"), queryset=_visible_organizations, method="filter_organization",
        empty_label=_("全部单位"), widget=select_widget(),
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
