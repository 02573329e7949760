"""The filters of the fieldwork lists (pages and API alike); bad values are form errors, never server errors."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import YesNoFilter
from xuncha.fieldwork.models import (
    RECORD_METHODS,
    DocumentRequest,
    DocumentStatus,
    Talk,
    TalkCategory,
    TalkStatus,
    WorkMethod,
    WorkRecord,
)
from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget, select_widget


class TalkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("谈话对象"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=search_widget(_("姓名、职务或谈话编号")))
    status = django_filters.ChoiceFilter(label=_("进展"), choices=TalkStatus.choices, empty_label=_("全部进展"),
                                         widget=select_widget())
    category = django_filters.ChoiceFilter(label=_("类别"), choices=TalkCategory.choices,
                                           empty_label=_("全部类别"), widget=select_widget())
    mine = YesNoFilter(label=_("谈话人"), method="filter_mine", yes=_("只看我参加的"), no=_("我未参加的"),
                       either=_("全部谈话"), widget=select_widget())

    class Meta:
        model = Talk
        fields = ["q", "status", "category", "mine"]

    def filter_q(self, queryset: QuerySet[Talk], name: str, value: str) -> QuerySet[Talk]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(post__icontains=value) | Q(code__icontains=value))

    def filter_mine(self, queryset: QuerySet[Talk], name: str, value: Any) -> QuerySet[Talk]:
        if value is None:
            return queryset
        # The page and the API (``core.lists.api_filter``) both pass the caller as ``request.user``.
        person_id = getattr(getattr(self.request, "user", None), "person_id", None)
        mine = Q(interviewer_id=person_id) | Q(recorder_id=person_id)
        if not person_id:
            return queryset.none() if value else queryset
        return queryset.filter(mine) if value else queryset.exclude(mine)


class DocumentRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("资料"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=search_widget(_("资料名称或调阅编号")))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DocumentStatus.choices, empty_label=_("全部状态"),
                                         widget=select_widget())

    class Meta:
        model = DocumentRequest
        fields = ["q", "status"]

    def filter_q(self, queryset: QuerySet[DocumentRequest], name: str, value: str) -> QuerySet[DocumentRequest]:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value)) if value else queryset


class WorkRecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("事项"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=search_widget(_("事项、地点或记录编号")))
    method = django_filters.ChoiceFilter(label=_("工作方式"), empty_label=_("全部方式"), widget=select_widget(),
                                         choices=[(m, label) for m, label in WorkMethod.choices
                                                  if m in RECORD_METHODS])
    held_after = django_filters.DateFilter(label=_("起始日期"), field_name="held_on", lookup_expr="gte",
                                           widget=forms.DateInput(
                                               attrs={"type": "date", "class": "form-control"}))
    held_before = django_filters.DateFilter(label=_("截止日期"), field_name="held_on", lookup_expr="lte",
                                            widget=forms.DateInput(
                                                attrs={"type": "date", "class": "form-control"}))

    class Meta:
        model = WorkRecord
        fields = ["q", "method", "held_after", "held_before"]

    def filter_q(self, queryset: QuerySet[WorkRecord], name: str, value: str) -> QuerySet[WorkRecord]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value) | Q(reference__icontains=value))
