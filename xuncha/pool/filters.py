"""The filters of the pool list: the page's filter bar, the query parameters of ``GET /api/v1/pool``
(``core.lists.filter_schema``) and the filters an Excel export runs with (``as_kwargs``). Choices come from what
the user may see; on the page a value outside them is shown and ignored, the API answers it with 422."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from xuncha.core.lists import YesNoFilter
from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget, select_widget
from xuncha.orgs.models import Jurisdiction
from xuncha.pool.forms import JurisdictionField
from xuncha.pool.models import Availability, InspectorProfile
from xuncha.pool.selectors import pool_jurisdictions
from xuncha.pool.services import pool_filter
from xuncha.rules.models import Skill


def _pools(request: HttpRequest | None) -> QuerySet[Jurisdiction]:
    return pool_jurisdictions(actor=getattr(request, "user", None))  # type: ignore[arg-type]


class JurisdictionChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = JurisdictionField


class PoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名、单位或职务"), max_length=SEARCH_MAX_LENGTH, method="by_selector",
                                  widget=search_widget(_("如：王、审计局、科长")))
    skill = django_filters.ChoiceFilter(label=_("专长"), choices=Skill.choices, empty_label=_("全部专长"),
                                        method="by_selector", widget=select_widget())
    availability = django_filters.ChoiceFilter(label=_("状态"), choices=Availability.choices,
                                               empty_label=_("全部状态"), method="by_selector",
                                               widget=select_widget())
    can_lead = YesNoFilter(label=_("可任组长"), yes=_("可任组长"), no=_("不可任组长"), either=_("不限"),
                           method="by_selector", widget=select_widget())
    jurisdiction = JurisdictionChoiceFilter(label=_("所属人才库"), queryset=_pools, empty_label=_("全部人才库"),
                                            method="by_selector", widget=select_widget())

    class Meta:
        model = InspectorProfile
        fields = ["q", "skill", "availability", "can_lead", "jurisdiction"]

    def by_selector(self, queryset: QuerySet[InspectorProfile], name: str, value: Any) -> QuerySet[InspectorProfile]:
        # Applied all at once in filter_queryset, with the same function the export and team forming use.
        return queryset

    def filter_queryset(self, queryset: QuerySet[InspectorProfile]) -> QuerySet[InspectorProfile]:
        return pool_filter(queryset, **self.as_kwargs())

    def as_kwargs(self) -> dict[str, Any]:
        """The valid, non-empty values as keyword arguments of ``pool_filter`` (stored with an export job)."""
        data = self.form.cleaned_data if self.is_valid() or hasattr(self.form, "cleaned_data") else {}
        out: dict[str, Any] = {}
        if (data.get("q") or "").strip():
            out["q"] = data["q"].strip()
        for key in ("skill", "availability"):
            if data.get(key):
                out[key] = data[key]
        if data.get("can_lead") is not None:
            out["can_lead"] = data["can_lead"]
        if data.get("jurisdiction"):
            out["jurisdiction_id"] = data["jurisdiction"].pk
        return out
