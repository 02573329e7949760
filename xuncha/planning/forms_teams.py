"""Forms of team forming (组建巡察组): a new team, a member from the pool, the per-round authorisation of a
leader, keeping a member despite a recusal warning, and a signed declaration. They check the shape of the
input in Chinese; the services decide the rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.core.clock import business_today
from xuncha.core.forms import InvalidMarkingMixin
from xuncha.inspections.models import DeclarationKind, MembershipRole
from xuncha.orgs.filters import SEARCH_MAX_LENGTH, search_widget, select_widget
from xuncha.orgs.models import Jurisdiction, Person
from xuncha.pool.forms import DATE_ERRORS, JurisdictionField
from xuncha.pool.models import Availability
from xuncha.rules.models import RecusalRule, Skill

REASON_MIN_LENGTH = 10


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=["%Y-%m-%d"], error_messages={**DATE_ERRORS, "required": _("请填写日期。")},
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"), **kwargs,
    )


class TeamCreateForm(InvalidMarkingMixin, forms.Form):
    number = forms.IntegerField(
        label=_("组别"), min_value=1, max_value=99,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 1, "max": 99}),
        error_messages={"required": _("请填写组别。"), "invalid": _("组别应为整数。"),
                        "min_value": _("组别应为 1 到 99。"), "max_value": _("组别应为 1 到 99。")},
    )
    name = forms.CharField(
        label=_("名称"), max_length=60, widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写巡察组名称。"), "max_length": _("名称不能超过 %(limit_value)d 个字。")},
        help_text=_("如：市委第一巡察组。"),
    )
    home_jurisdiction = JurisdictionField(
        label=_("派出党委"), queryset=Jurisdiction.objects.none(), empty_label=None, widget=select_widget(),
        error_messages={"invalid_choice": _("派出党委应为本级或下级党委。"), "required": _("请选择派出党委。")},
        help_text=_("县级巡察组参加市委统筹的交叉巡察时，选择其所在县（市、区）。"),
    )

    def __init__(self, *args: Any, jurisdictions: QuerySet[Jurisdiction], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_jurisdiction"].queryset = jurisdictions  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写巡察组名称。"))
        return name


class CandidateSearchForm(forms.Form):
    """Search of the pool when adding a member; invalid values are ignored."""

    q = forms.CharField(label=_("姓名、单位或职务"), required=False, max_length=SEARCH_MAX_LENGTH,
                        widget=search_widget(_("姓名、单位或职务")))
    skill = forms.ChoiceField(label=_("专长"), required=False, choices=[("", _("全部专长")), *Skill.choices],
                              widget=select_widget())
    availability = forms.ChoiceField(label=_("状态"), required=False,
                                     choices=[("", _("全部状态")), *Availability.choices], widget=select_widget())

    def values(self) -> dict[str, str]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: data.get(k) or "" for k in ("q", "skill", "availability")}


class MemberAddForm(InvalidMarkingMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("干部"), queryset=Person.objects.none(),
        error_messages={"required": _("请先在人才库中选择一名干部。"),
                        "invalid_choice": _("所选干部不在您可查看的巡察干部人才库中。")},
    )
    role = forms.ChoiceField(label=_("组内职务"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER,
                             widget=select_widget(), error_messages={"invalid_choice": _("组内职务不正确。")})

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "add_%s")
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class AuthorizeForm(InvalidMarkingMixin, forms.Form):
    on = _date_field(_("授权日期"))
    reference = forms.CharField(
        label=_("授权文号"), max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("如：洛巡领〔2018〕12号")}),
        error_messages={"required": _("请填写授权决定的文号。"),
                        "max_length": _("文号不能超过 %(limit_value)d 个字。")},
    )

    def __init__(self, *args: Any, membership_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"auth{membership_id}_%s")
        super().__init__(*args, **kwargs)
        self.fields["on"].widget.attrs["max"] = business_today().isoformat()

    def clean_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["on"]
        if day > business_today():
            raise forms.ValidationError(_("授权日期不能晚于今天。"))
        return day


class OverrideForm(InvalidMarkingMixin, forms.Form):
    organization = forms.IntegerField(min_value=1, widget=forms.HiddenInput,
                                      error_messages={"required": _("缺少被巡察单位。"),
                                                      "invalid": _("被巡察单位不正确。")})
    rule = forms.ChoiceField(choices=RecusalRule.choices, widget=forms.HiddenInput,
                             error_messages={"invalid_choice": _("回避情形不正确。"), "required": _("缺少回避情形。")})
    reason = forms.CharField(
        label=_("保留理由（不少于10个字，记入审计日志）"), max_length=500,
        widget=forms.Textarea(attrs={
            "rows": 2, "class": "form-control",
            "placeholder": _("写明为何不影响公正履职，如：任职已满五年且与该单位无业务往来。")}),
        error_messages={"required": _("请写明保留理由（不少于10个字）。"),
                        "max_length": _("保留理由不能超过 %(limit_value)d 个字。")},
    )

    def __init__(self, *args: Any, prefix_id: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"ovr{prefix_id}_%s")
        super().__init__(*args, **kwargs)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < REASON_MIN_LENGTH:
            raise forms.ValidationError(_("请写明保留理由（不少于10个字）。"))
        return reason


class DeclarationForm(InvalidMarkingMixin, forms.Form):
    kind = forms.ChoiceField(choices=DeclarationKind.choices, widget=forms.HiddenInput,
                             error_messages={"invalid_choice": _("类别不正确。"), "required": _("缺少类别。")})
    signed_on = _date_field(_("签署日期"))
    note = forms.CharField(label=_("申报事项"), required=False, max_length=200,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                           error_messages={"max_length": _("申报事项不能超过 %(limit_value)d 个字。")})

    def __init__(self, *args: Any, membership_id: int, kind: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"decl{membership_id}{kind}_%s")
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].widget.attrs.update({"max": business_today().isoformat(),
                                                      "class": "form-control form-control-sm"})

    def clean_signed_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["signed_on"]
        if day > business_today():
            raise forms.ValidationError(_("签署日期不能晚于今天。"))
        return day
