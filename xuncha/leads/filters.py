"""The filter of the lead lists (the inspection's tab, the receiving body's and the office's list), shared by the
pages and the API (a malformed value is a form error shown and otherwise ignored on a page, a 422 in the API)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.core.clock import business_today
from xuncha.core.lists import IdFilter
from xuncha.leads.models import Lead
from xuncha.leads.states import AWAITING_OUTCOME, SOON_DAYS, DueState, LeadStatus, ReferralTarget

SEARCH_MAX_LENGTH = 60


class LeadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search", max_length=SEARCH_MAX_LENGTH,
                                  widget=forms.TextInput(attrs={"type": "search", "class": "form-control",
                                                                "placeholder": _("线索编号、移交文号、摘要")}))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=LeadStatus.choices,
                                         widget=forms.Select(attrs={"class": "form-select"}))
    target = django_filters.ChoiceFilter(label=_("移交对象"), choices=ReferralTarget.choices,
                                         widget=forms.Select(attrs={"class": "form-select"}))
    due = django_filters.ChoiceFilter(label=_("反馈期限"), choices=DueState.choices, method="by_due",
                                      widget=forms.Select(attrs={"class": "form-select"}))
    inspection = IdFilter(label=_("巡察"), field_name="inspection_id")

    class Meta:
        model = Lead
        fields: list[str] = []

    def search(self, queryset: QuerySet[Lead], name: str, value: str) -> QuerySet[Lead]:
        value = value.strip()
        if not value:
            return queryset
        # The persons concerned are encrypted and never searched.
        return queryset.filter(Q(number__icontains=value) | Q(referral_no__icontains=value)
                               | Q(summary__icontains=value))

    def by_due(self, queryset: QuerySet[Lead], name: str, value: Any) -> QuerySet[Lead]:
        today = business_today()
        waiting = queryset.filter(status__in=sorted(AWAITING_OUTCOME))
        soon = today + datetime.timedelta(days=SOON_DAYS)
        if value == DueState.OVERDUE:
            return waiting.filter(feedback_due_on__lt=today)
        if value == DueState.SOON:
            return waiting.filter(feedback_due_on__gte=today, feedback_due_on__lte=soon)
        if value == DueState.RUNNING:
            return waiting.filter(feedback_due_on__gt=soon)
        if value == DueState.DONE:
            return queryset.filter(feedback_due_on__isnull=False).exclude(status__in=sorted(AWAITING_OUTCOME))
        return queryset
