"""Forms of the analysis pages: the coverage projection and table filters, the calendar filter, and the
request for a cross-assignment run. They check shape and range only; the services decide the rest."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.inspections.models import Team, Term
from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget, select_widget
from xuncha.orgs.models import Jurisdiction
from xuncha.planning.selectors_analysis import STATUS_LABELS, STATUS_ORDER

MAX_SEED = 2**31 - 1
MAX_LOOKBACK = 20


class ErrorMarkingForm(forms.Form):
    """Marks fields in error for the eye (Bootstrap) and for screen readers."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"


def _number(label: Any, *, minimum: int, maximum: int, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=minimum, max_value=maximum, help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": minimum, "max": maximum,
                                        "inputmode": "numeric"}),
        error_messages={
            "invalid": _("请输入整数。"),
            "min_value": _("不能小于 %(limit_value)s。"),
            "max_value": _("不能大于 %(limit_value)s。"),
        },
    )


class CoverageProjectionForm(ErrorMarkingForm):
    """As of which day, and with which capacity, to project the rest of the term (empty: from history)."""

    as_of = forms.DateField(
        label=_("统计截至"), required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("请输入有效的日期，格式为 年-月-日。")},
    )
    rounds_remaining = _number(_("剩余轮次"), minimum=0, maximum=60)
    teams_per_round = _number(_("每轮巡察组数"), minimum=1, maximum=100)
    organizations_per_team = _number(_("每组巡察党组织数"), minimum=1, maximum=30)

    CAPACITY_FIELDS = ("rounds_remaining", "teams_per_round", "organizations_per_team")

    def __init__(self, *args: Any, term: Term, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.term = term
        self.fields["as_of"].widget.attrs.update({"min": term.start_date.isoformat(),
                                                  "max": term.end_date.isoformat()})

    def clean_as_of(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("as_of")
        if day and not self.term.start_date <= day <= self.term.end_date:
            raise forms.ValidationError(_("统计日期应在本届任期内（%(start)s 至 %(end)s）。")
                                        % {"start": self.term.start_date, "end": self.term.end_date})
        return day

    def show_estimate(self, estimated: Any, as_of: datetime.date) -> None:
        """Empty fields show what the projection uses instead (the estimate, the default day)."""
        for name in self.CAPACITY_FIELDS:
            self.fields[name].widget.attrs["placeholder"] = _("估算 %(n)s") % {"n": getattr(estimated, name)}
        self.fields["as_of"].widget.attrs["placeholder"] = as_of.isoformat()

    def overrides(self) -> dict[str, int]:
        """The capacity figures set by hand and valid (the others keep the estimate from history)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: self.cleaned_data[name] for name in self.CAPACITY_FIELDS
                if self.cleaned_data.get(name) is not None}

    def as_of_day(self) -> datetime.date | None:
        if not self.is_bound:
            return None
        self.is_valid()
        day: datetime.date | None = self.cleaned_data.get("as_of")
        return day


class CoverageTableForm(ErrorMarkingForm):
    """Filters of the organisation table (choices from the population shown)."""

    q = forms.CharField(label=_("名称"), required=False, max_length=SEARCH_MAX_LENGTH,
                        widget=search_widget(_("党组织全称或简称")))
    status = forms.ChoiceField(label=_("覆盖情况"), required=False, widget=select_widget())
    sector = forms.ChoiceField(label=_("类别"), required=False, widget=select_widget())
    region = forms.ChoiceField(label=_("地区"), required=False, widget=select_widget())

    def __init__(self, *args: Any, sectors: list[tuple[str, str]], regions: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "status", [("", _("全部")), *((s, STATUS_LABELS[s]) for s in STATUS_ORDER)])
        _choices(self, "sector", [("", _("全部类别")), *sectors])
        _choices(self, "region", [("", _("全部地区")), *regions])

    def value(self, name: str) -> str:
        """The cleaned filter value; a bad one is ignored (and shown as an error), the others still apply."""
        if not self.is_bound or (not self.is_valid() and name in self.errors):
            return ""
        return str(self.cleaned_data.get(name) or "")


def _choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    field = form.fields[name]
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


class IndentedJurisdictionField(forms.ModelChoiceField):
    """Jurisdictions in tree order, indented by depth."""

    def label_from_instance(self, obj: Any) -> str:
        return "\u3000" * min(obj.depth, 4) + obj.name


class CalendarFilterForm(ErrorMarkingForm):
    jurisdiction = IndentedJurisdictionField(
        label=_("党委"), required=False, queryset=Jurisdiction.objects.none(), empty_label=_("本届全部"),
        widget=select_widget(), error_messages={"invalid_choice": _("请选择列表中的党委。")},
    )
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None,
                                  widget=select_widget(),
                                  error_messages={"invalid_choice": _("请选择本届任期内的年度。")})

    def __init__(self, *args: Any, jurisdictions: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jurisdiction"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = jurisdictions
        _choices(self, "year", [("", _("整届")), *((str(y), f"{y}年") for y in years)])

    def value(self, name: str) -> Any:
        """The cleaned value; a bad one is ignored (and shown as an error), the other still applies."""
        if not self.is_bound or (not self.is_valid() and name in self.errors):
            return None
        return self.cleaned_data.get(name)


class CrossingRunForm(ErrorMarkingForm):
    """Seed, look-back and, for each team, an optional jurisdiction it must inspect (人工锁定)."""

    seed = forms.IntegerField(
        label=_("随机种子"), min_value=0, max_value=MAX_SEED, initial=0,
        help_text=_("同一条件、同一种子得到同一方案；换一个种子可得到另一种可行方案。"),
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": MAX_SEED, "inputmode": "numeric"}),
        error_messages={"required": _("请填写随机种子。"), "invalid": _("请输入整数。"),
                        "min_value": _("不能小于 %(limit_value)s。"), "max_value": _("不能大于 %(limit_value)s。")},
    )
    lookback = forms.IntegerField(
        label=_("历史配对回看轮数"), min_value=0, max_value=MAX_LOOKBACK,
        help_text=_("最近这么多轮出现过的“派出地 → 被巡察地”配对本轮不再重复；填 0 表示不限制。"),
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": MAX_LOOKBACK,
                                        "inputmode": "numeric"}),
        error_messages={"required": _("请填写回看轮数。"), "invalid": _("请输入整数。"),
                        "min_value": _("不能小于 %(limit_value)s。"), "max_value": _("不能大于 %(limit_value)s。")},
    )

    def __init__(self, *args: Any, teams: list[Team], jurisdictions: list[Jurisdiction], lookback: int,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lookback"].initial = lookback
        self.lock_fields: list[tuple[Team, str]] = []
        choices = [("", _("不锁定"))] + [(str(j.pk), j.name) for j in jurisdictions]
        for team in teams:
            name = f"lock_{team.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=_("%(team)s锁定巡察地区") % {"team": team.name}, required=False, choices=choices,
                coerce=int, empty_value=None, widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                error_messages={"invalid_choice": _("请选择本轮被巡察的地区。")},
            )
            self.lock_fields.append((team, name))

    def lock_rows(self) -> list[tuple[Team, forms.BoundField]]:
        return [(team, self[name]) for team, name in self.lock_fields]

    def locks(self) -> list[tuple[int, int]]:
        """(team id, jurisdiction id) of the locked pairs."""
        return [(team.pk, self.cleaned_data[name]) for team, name in self.lock_fields
                if self.cleaned_data.get(name) is not None]
