"""The filters of the survey lists (the inspection's surveys page and the API's list)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import IdFilter
from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget, select_widget
from xuncha.surveys.models import Survey, SurveyKind, SurveyStatus


class SurveyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("标题"), field_name="title", lookup_expr="icontains",
                                  max_length=SEARCH_MAX_LENGTH, widget=search_widget(_("测评标题")))
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=SurveyKind.choices, empty_label=_("全部类别"),
                                       widget=select_widget())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=SurveyStatus.choices, empty_label=_("全部状态"),
                                         widget=select_widget())

    # The page lists one inspection's surveys already; the API's list narrows to one with ``?inspection=``.
    inspection = IdFilter(label=_("巡察（编号）"), field_name="inspection_id")

    class Meta:
        model = Survey
        fields = ["q", "kind", "status", "inspection"]
