"""The form behind each inspection transition button: an optional date (for the dated steps) and a note."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.core.clock import business_today
from xuncha.inspections.models import Team

NOTE_MAX_LENGTH = 500


class TransitionForm(forms.Form):
    on = forms.DateField(
        label=_("日期"), required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("请输入有效的日期，格式为 年-月-日。")},
    )
    note = forms.CharField(
        label=_("说明（可不填）"), required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"max_length": _("说明不能超过 %(limit_value)d 个字。")},
    )

    def __init__(self, *args: Any, transition: str, takes_date: bool, default_date: datetime.date | None = None,
                 **kwargs: Any) -> None:
        # Field ids must be unique: one form per transition sits on the same page.
        kwargs.setdefault("auto_id", f"id_{transition}_%s")
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.takes_date = takes_date
        if takes_date:
            today = business_today()
            self.fields["on"].initial = default_date or today
            self.fields["on"].widget.attrs["max"] = today.isoformat()
        else:
            del self.fields["on"]

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        # Mark the fields in error for the eye (Bootstrap) and for screen readers.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"

    def clean_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("on")
        if day and day > business_today():
            raise forms.ValidationError(_("日期不能晚于今天。"))
        return day


class InspectionTeamForm(forms.Form):
    """Which team of the round carries out an inspection; empty takes the team off."""

    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("巡察组"), required=False, queryset=None, empty_label=_("不指定巡察组"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("巡察组不属于本轮。")},
    )

    def __init__(self, *args: Any, inspection: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team"]
        field.queryset = Team.objects.filter(round_id=inspection.round_id).order_by("number")
        field.label_from_instance = lambda team: team.name
        if not self.is_bound:
            self.initial.setdefault("team", inspection.team_id)
