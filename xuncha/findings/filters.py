"""The filters of the findings list (page and API alike): category, status, severity, organisation, drafter, text.
The choices are those of the findings being filtered (one inspection's), so a value out of sight is refused."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.models import User
from xuncha.findings.models import Finding, FindingStatus, Severity
from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget, select_widget
from xuncha.orgs.models import Organization
from xuncha.taxonomy.models import FrameworkNode


class FindingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("问题"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=search_widget(_("问题概述、涉及人员或编号")))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=FindingStatus.choices, empty_label=_("全部状态"),
                                         widget=select_widget())
    severity = django_filters.ChoiceFilter(label=_("严重程度"), choices=Severity.choices,
                                           empty_label=_("全部程度"), widget=select_widget())
    category = django_filters.ModelChoiceFilter(label=_("问题类别"), queryset=FrameworkNode.objects.none(),
                                                method="filter_category", empty_label=_("全部类别"),
                                                widget=select_widget())
    organization = django_filters.ModelChoiceFilter(label=_("单位"), queryset=Organization.objects.none(),
                                                    empty_label=_("全部单位"), widget=select_widget())
    drafted_by = django_filters.ModelChoiceFilter(label=_("承办人"), queryset=User.objects.none(),
                                                  empty_label=_("全部承办人"), widget=select_widget())

    class Meta:
        model = Finding
        fields = ["q", "status", "severity", "category", "organization", "drafted_by"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        findings = self.queryset
        # A category filters its sub-items too: the areas and items the listed findings fall under.
        used = FrameworkNode.objects.filter(pk__in=findings.values("category"))
        parents = FrameworkNode.objects.filter(pk__in=used.values("parent"))
        self.filters["category"].queryset = (used | parents).order_by("framework__valid_from", "order")
        self.filters["organization"].queryset = Organization.objects.filter(
            pk__in=findings.values("organization")).order_by("path")
        self.filters["drafted_by"].queryset = User.objects.filter(pk__in=findings.values("drafted_by")).order_by(
            "display_name", "username")
        self.filters["category"].field.label_from_instance = lambda n: f"{n.code} {n.name}"[:60]

    def filter_q(self, queryset: QuerySet[Finding], name: str, value: str) -> QuerySet[Finding]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(people_involved__icontains=value)
                               | Q(code__icontains=value))

    def filter_category(self, queryset: QuerySet[Finding], name: str, value: FrameworkNode | None
                        ) -> QuerySet[Finding]:
        if value is None:
            return queryset
        return queryset.filter(Q(category=value) | Q(category__parent=value))
