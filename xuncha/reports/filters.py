"""The filters of the report list and the meeting list (the pages and the API alike); bad values are form errors,
never server errors."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget, select_widget
from xuncha.reports.models import Meeting, MeetingKind, Report, ReportStatus


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("巡察"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=search_widget(_("编号或被巡察党组织")))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ReportStatus.choices, empty_label=_("全部状态"),
                                         widget=select_widget())
    year = django_filters.NumberFilter(label=_("年度"), field_name="inspection__round__year",
                                       widget=forms.NumberInput(attrs={"class": "form-control", "min": 2000,
                                                                       "max": 2100, "placeholder": _("年度")}))

    class Meta:
        model = Report
        fields = ["q", "status", "year"]

    def filter_q(self, queryset: QuerySet[Report], name: str, value: str) -> QuerySet[Report]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(inspection__code__icontains=value)
                               | Q(inspection__targets__organization__short_name__icontains=value)
                               | Q(inspection__targets__organization__name__icontains=value)).distinct()


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("会议"), choices=MeetingKind.choices, empty_label=_("全部会议"),
                                       widget=select_widget())

    class Meta:
        model = Meeting
        fields = ["kind"]
