"""Forms of the inspector pool pages: the list filters, a pool entry, the Excel import.

Choices come from what the user may see or manage; a value outside them is a form error in Chinese,
never a server error. Business rules stay in ``pool.services``."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.core.clock import business_today
from xuncha.core.forms import InvalidMarkingMixin
from xuncha.orgs.filters import select_widget
from xuncha.orgs.models import Jurisdiction, Person
from xuncha.pool.models import Availability
from xuncha.pool.services import MAX_IMPORT_BYTES
from xuncha.rules.models import Skill

NOTE_MAX_LENGTH = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date_widget(**attrs: Any) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "form-control", **attrs}, format="%Y-%m-%d")


DATE_ERRORS = {"invalid": _("请输入有效的日期，格式为 年-月-日。")}


class JurisdictionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.committee_name)




class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.organization} · {obj.post}）"


class ProfileForm(InvalidMarkingMixin, forms.Form):
    """A pool entry: who (on creation only), which pool, skills, availability, fitness to lead."""

    person = PersonChoiceField(
        label=_("干部"), queryset=Person.objects.none(), widget=forms.RadioSelect,
        error_messages={"required": _("请先查找并选择一名干部。"),
                        "invalid_choice": _("所选干部不存在或不在您的管辖范围内。")},
    )
    jurisdiction = JurisdictionField(
        label=_("所属人才库"), queryset=Jurisdiction.objects.none(), empty_label=None, widget=select_widget(),
        error_messages={"invalid_choice": _("您不能维护这个人才库。"), "required": _("请选择所属人才库。")},
    )
    skills = forms.MultipleChoiceField(
        label=_("专长"), required=False, choices=Skill.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("专长“%(value)s”不在专长目录中。")},
    )
    availability = forms.ChoiceField(label=_("状态"), choices=Availability.choices, widget=select_widget(),
                                     initial=Availability.AVAILABLE)
    unavailable_until = forms.DateField(label=_("暂不可抽调至"), required=False, widget=_date_widget(),
                                        input_formats=["%Y-%m-%d"], error_messages=DATE_ERRORS,
                                        help_text=_("状态为“暂不可抽调”时填写，可留空。"))
    can_lead = forms.BooleanField(label=_("可任组长"), required=False,
                                  widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                                  help_text=_("具备担任巡察组组长的职级和经历。"))
    joined_on = forms.DateField(label=_("入库日期"), required=False, widget=_date_widget(),
                                input_formats=["%Y-%m-%d"], error_messages=DATE_ERRORS,
                                help_text=_("留空为今天。"))
    note = forms.CharField(label=_("备注"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                           error_messages={"max_length": _("备注不能超过 %(limit_value)d 个字。")})

    def __init__(self, *args: Any, people: QuerySet[Person] | None, jurisdictions: QuerySet[Jurisdiction],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is None:  # editing: the person is fixed
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["jurisdiction"].queryset = jurisdictions  # type: ignore[attr-defined]

    def clean_unavailable_until(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("unavailable_until")
        if day and day < business_today():
            raise forms.ValidationError(_("“暂不可抽调至”不能早于今天。"))
        return day

    def clean_joined_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("joined_on")
        if day and day > business_today():
            raise forms.ValidationError(_("入库日期不能晚于今天。"))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("availability") != Availability.UNAVAILABLE:
            data["unavailable_until"] = None
        return data


class ImportForm(InvalidMarkingMixin, forms.Form):
    jurisdiction = JurisdictionField(
        label=_("导入到"), queryset=Jurisdiction.objects.none(), empty_label=None, widget=select_widget(),
        error_messages={"invalid_choice": _("您不能维护这个人才库。"), "required": _("请选择人才库。")},
    )
    file = forms.FileField(
        label=_("Excel 文件"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": f".xlsx,{XLSX_TYPE}"}),
        error_messages={"required": _("请选择要上传的 Excel 文件（.xlsx）。"), "empty": _("上传的文件是空的。"),
                        "invalid": _("上传的文件无法读取。")},
        help_text=_("仅支持 .xlsx，不超过 5 MB、5000 行。"),
    )

    def __init__(self, *args: Any, jurisdictions: QuerySet[Jurisdiction], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = jurisdictions  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("文件超过 5 MB。"))
        return upload
