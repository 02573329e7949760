"""Filters of the inspection lists: the page's filter bar and the query parameters of ``GET /api/v1/inspections``
(``core.lists.filter_schema``). Choices come from what the user may see; on the page a malformed or out-of-scope
value is a form error that is shown and otherwise ignored, never a server error; the API answers it with 422."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import IdFilter
from xuncha.inspections.models import Inspection, InspectionTarget, InspectionType, Round
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget, select_widget


def _visible_rounds(request: HttpRequest | None) -> QuerySet[Round]:
    user = getattr(request, "user", None)
    return Round.objects.visible_to(user).select_related("term__jurisdiction").order_by("-planned_start", "-number")


class RoundField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.term.jurisdiction.name}）"


class RoundChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RoundField


class RoundInspectionFilter(django_filters.FilterSet):
    """The filters of an inspection table inside one round or team."""

    q = django_filters.CharFilter(label=_("被巡察党组织"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=search_widget(_("党组织名称或巡察编号")))
    type = django_filters.ChoiceFilter(label=_("巡察类型"), field_name="inspection_type",
                                       choices=InspectionType.choices, empty_label=_("全部类型"),
                                       widget=select_widget())
    status = django_filters.ChoiceFilter(label=_("阶段"), choices=InspectionStatus.choices,
                                         empty_label=_("全部阶段"), widget=select_widget())

    class Meta:
        model = Inspection
        fields = ["q", "type", "status"]

    def filter_q(self, queryset: QuerySet[Inspection], name: str, value: str) -> QuerySet[Inspection]:
        value = value.strip()
        if not value:
            return queryset
        matching = Inspection.objects.filter(
            Q(code__icontains=value)
            | Q(targets__organization__name__icontains=value)
            | Q(targets__organization__short_name__icontains=value)
        ).values("pk")
        return queryset.filter(pk__in=matching)


class InspectionFilter(RoundInspectionFilter):
    """Every inspection the user may see: the inspection list page and the API's list. ``team`` and
    ``organization`` are ids (links from a team or an organisation; API clients), not choices of the bar."""

    round = RoundChoiceFilter(label=_("轮次"), queryset=_visible_rounds, empty_label=_("全部轮次"),
                              widget=select_widget())
    team = IdFilter(label=_("巡察组编号"), field_name="team")
    organization = IdFilter(label=_("被巡察党组织编号"), method="filter_organization")

    class Meta:
        model = Inspection
        fields = ["q", "round", "type", "status", "team", "organization"]

    def filter_organization(self, queryset: QuerySet[Inspection], name: str, value: int | None
                            ) -> QuerySet[Inspection]:
        if value is None:
            return queryset
        # A subquery, not a join: an inspection of several organisations stays one row.
        targeted = InspectionTarget.objects.filter(organization_id=value).values("inspection_id")
        return queryset.filter(pk__in=targeted)
