"""The filters of the notice list (the page and the API alike); bad values are form errors, never server errors."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.core.clock import business_today
from xuncha.core.lists import YesNoFilter
from xuncha.notices.models import AWAITING_ANSWER, Notice, NoticeKind, NoticeStatus
from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget, select_widget


class NoticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("通知书"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=search_widget(_("标题、文号或编号")))
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=NoticeKind.choices, empty_label=_("全部类别"),
                                       widget=select_widget())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=NoticeStatus.choices, empty_label=_("全部状态"),
                                         widget=select_widget())
    overdue = YesNoFilter(label=_("逾期"), method="filter_overdue", yes=_("已逾期"), no=_("未逾期"),
                          either=_("是否逾期"), widget=select_widget())

    class Meta:
        model = Notice
        fields = ["q", "kind", "status", "overdue"]

    def filter_q(self, queryset: QuerySet[Notice], name: str, value: str) -> QuerySet[Notice]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(number__icontains=value) | Q(code__icontains=value))

    def filter_overdue(self, queryset: QuerySet[Notice], name: str, value: bool | None) -> QuerySet[Notice]:
        if value is None:
            return queryset
        late = Q(status__in=list(AWAITING_ANSWER), deadline__lt=business_today())
        return queryset.filter(late) if value else queryset.exclude(late)
