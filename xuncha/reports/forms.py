"""The forms of the report, meeting and feedback pages; each turns into what its service takes (the API builds the
same)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.core.forms import StyledForm
from xuncha.inspections.models import Inspection
from xuncha.reports.models import (
    FEEDBACK_SECTIONS,
    REPORT_SECTIONS,
    CopyBody,
    DecisionKind,
    DeliveryKind,
    Ecology,
    Implementation,
    MeetingKind,
    SpecialReportKind,
)
from xuncha.reports.services import TEXT_MAX, DecisionData, MeetingData


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text_area(label: Any, *, rows: int = 8, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}))


class ReportForm(StyledForm):
    """Each section a text area, the overall judgment, a note on what changed."""

    ecology = forms.ChoiceField(label=_("政治生态"), required=False, choices=[("", "—"), *Ecology.choices])
    implementation = forms.ChoiceField(label=_("贯彻决策部署"), required=False,
                                       choices=[("", "—"), *Implementation.choices])
    note = forms.CharField(label=_("修改说明"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, heading in REPORT_SECTIONS:
            self.fields[key] = _text_area(heading, rows=10 if key == "problems" else 6)

    def section_fields(self) -> list[Any]:
        return [self[key] for key, _h in REPORT_SECTIONS]

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _h in REPORT_SECTIONS}


class StepForm(StyledForm):
    """A step from a page: an optional day, and the reason (required by the step that sends back)."""

    on = forms.DateField(label=_("日期"), required=False, widget=_date_widget())
    note = forms.CharField(label=_("意见或理由"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    received_name = forms.CharField(label=_("签收人"), required=False, max_length=30)

    # The fields each step shows (the rest are not asked).
    STEP_FIELDS = {"submit": ("on",), "approve": ("on", "note"), "return": ("note",), "issue": ("on",),
                   "receive": ("on", "received_name")}

    def __init__(self, *args: Any, step: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = self.STEP_FIELDS.get(step)
        if keep is not None:
            for name in [n for n in self.fields if n not in keep]:
                del self.fields[name]
        if step == "return":
            self.fields["note"].required = True
            self.fields["note"].label = _("退回理由")


class SpecialReportForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=SpecialReportKind.choices)
    title = forms.CharField(label=_("标题"), max_length=120)
    body = _text_area(_("正文"), rows=12, required=True)
    on = forms.DateField(label=_("日期"), required=False, widget=_date_widget())


class MeetingForm(StyledForm):
    """A meeting and, per inspection of the round heard, the decisions and their wording (fields named by the
    inspection's code: ``kinds_11-7-03``, ``text_11-7-03``)."""

    kind = forms.ChoiceField(label=_("会议"), choices=MeetingKind.choices)
    held_on = forms.DateField(label=_("会议日期"), widget=_date_widget())
    place = forms.CharField(label=_("地点"), required=False, max_length=80)
    chair = forms.CharField(label=_("主持人"), max_length=60)
    attendees = forms.CharField(label=_("出席人员"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = _text_area(_("会议纪要"), rows=5)

    field_aliases = {"decisions": "__all__"}

    def __init__(self, *args: Any, inspections: list[Inspection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inspections = inspections
        for insp in inspections:
            self.fields[f"kinds_{insp.code}"] = forms.MultipleChoiceField(
                label=_("决定事项"), required=False, choices=DecisionKind.choices,
                widget=forms.CheckboxSelectMultiple)
            self.fields[f"text_{insp.code}"] = forms.CharField(
                label=_("决定内容"), required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def rows(self) -> list[tuple[Inspection, Any, Any]]:
        return [(i, self[f"kinds_{i.code}"], self[f"text_{i.code}"]) for i in self.inspections]

    def data_object(self) -> MeetingData:
        c = self.cleaned_data
        decisions = [DecisionData(i.pk, list(c.get(f"kinds_{i.code}") or []), c.get(f"text_{i.code}", ""))
                     for i in self.inspections if c.get(f"kinds_{i.code}") or c.get(f"text_{i.code}", "").strip()]
        return MeetingData(kind=c["kind"], held_on=c["held_on"], chair=c["chair"], attendees=c["attendees"],
                           place=c.get("place", ""), minutes=c.get("minutes", ""), decisions=decisions)


class FeedbackForm(StyledForm):
    title = forms.CharField(label=_("标题"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, heading in FEEDBACK_SECTIONS:
            self.fields[key] = _text_area(heading, rows=10 if key == "problems" else 5,
                                          required=key in ("problems", "requirements"))

    field_aliases = {"sections": "__all__"}

    def section_fields(self) -> list[Any]:
        return [self[key] for key, _h in FEEDBACK_SECTIONS]

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _h in FEEDBACK_SECTIONS}


class DeliveryForm(StyledForm):
    kind = forms.ChoiceField(label=_("反馈对象"), choices=DeliveryKind.choices)
    delivered_on = forms.DateField(label=_("反馈日期"), widget=_date_widget())
    place = forms.CharField(label=_("地点"), max_length=80)
    delivered_by = forms.CharField(label=_("反馈人"), max_length=200)
    received_by = forms.CharField(label=_("接受反馈人"), max_length=200)


class CopyForm(StyledForm):
    body = forms.ChoiceField(label=_("抄告对象"), choices=CopyBody.choices)
    name = forms.CharField(label=_("名称"), max_length=80)
    on = forms.DateField(label=_("抄告日期"), required=False, widget=_date_widget())
