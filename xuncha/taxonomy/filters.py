"""The filters of the basis library (pages and API alike); bad values are form errors, never server errors."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.taxonomy.library import REGULATIONS
from xuncha.taxonomy.models import Article, Discipline, Wording

SEARCH_MAX_LENGTH = 60
FAMILIES = list(dict.fromkeys(family for _code, family, *_rest in REGULATIONS))


def _search(placeholder: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "class": "form-control", "placeholder": placeholder,
                                  "autocomplete": "off", "maxlength": SEARCH_MAX_LENGTH})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("条文"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=_search(_("条文、条款或法规名称")))
    family = django_filters.ChoiceFilter(label=_("法规"), field_name="regulation__family", empty_label=_("全部法规"),
                                         choices=[(f, f) for f in FAMILIES], widget=_select())
    discipline = django_filters.ChoiceFilter(label=_("纪律类别"), choices=Discipline.choices,
                                             empty_label=_("全部类别"), widget=_select())
    in_force_on = django_filters.DateFilter(label=_("行为发生日"), method="filter_in_force_on",
                                            widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))

    class Meta:
        model = Article
        fields = ["q", "family", "discipline", "in_force_on"]

    def filter_q(self, queryset: QuerySet[Article], name: str, value: str) -> QuerySet[Article]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(number__icontains=value) | Q(chapter__icontains=value)
                               | Q(regulation__title__icontains=value))

    def filter_in_force_on(self, queryset: QuerySet[Article], name: str, value: datetime.date | None
                           ) -> QuerySet[Article]:
        """Only the articles of the versions in force that day: what conduct of that day may be qualified by."""
        if value is None:
            return queryset
        return queryset.filter(regulation__effective_from__lte=value).filter(
            Q(regulation__effective_to__isnull=True) | Q(regulation__effective_to__gt=value))


class WordingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("用语"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=_search(_("问题类型或用语")))
    area_code = django_filters.CharFilter(label=_("适用条目"), max_length=12,
                                          widget=_search(_("条目编码，如 D1")))
    discipline = django_filters.ChoiceFilter(label=_("纪律类别"), choices=Discipline.choices,
                                             empty_label=_("全部类别"), widget=_select())

    class Meta:
        model = Wording
        fields = ["q", "area_code", "discipline"]

    def filter_q(self, queryset: QuerySet[Wording], name: str, value: str) -> QuerySet[Wording]:
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value)) if value else queryset
