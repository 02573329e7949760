"""The filter of an inspection's petition list, shared by the page and the API (a malformed value is a form
error shown and otherwise ignored, never a server error)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.petitions.models import Channel, Petition, Priority
from xuncha.petitions.workflow import OPEN_STATUSES, PetitionStatus

SEARCH_MAX_LENGTH = 60


class PetitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search", max_length=SEARCH_MAX_LENGTH,
                                  widget=forms.TextInput(attrs={"type": "search", "class": "form-control",
                                                                "placeholder": _("编号、被反映人、事项")}))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=[("open", _("未办理")), *PetitionStatus.choices],
                                         method="by_status", widget=forms.Select(attrs={"class": "form-select"}))
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices,
                                          widget=forms.Select(attrs={"class": "form-select"}))
    priority = django_filters.ChoiceFilter(label=_("优先级"), choices=Priority.choices,
                                           widget=forms.Select(attrs={"class": "form-select"}))
    received_from = django_filters.DateFilter(label=_("收到日期自"), field_name="received_on", lookup_expr="gte",
                                              widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    received_to = django_filters.DateFilter(label=_("至"), field_name="received_on", lookup_expr="lte",
                                            widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))

    class Meta:
        model = Petition
        fields: list[str] = []

    def search(self, queryset: QuerySet[Petition], name: str, value: str) -> QuerySet[Petition]:
        value = value.strip()
        if not value:
            return queryset
        # The petitioner's fields are encrypted and never searched (nor searchable).
        return queryset.filter(Q(number__icontains=value) | Q(about_whom__icontains=value)
                               | Q(summary__icontains=value))

    def by_status(self, queryset: QuerySet[Petition], name: str, value: Any) -> QuerySet[Petition]:
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value) if value else queryset
