"""The team's forms of the surveys pages (the public answer form is built from the questions in its template)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.surveys.models import MIN_GROUP_CEILING, MIN_GROUP_FLOOR, QuestionKind, RespondentGroup, SurveyTemplate
from xuncha.surveys.services import (
    MAX_OPTION_LENGTH,
    MAX_OPTIONS,
    MAX_TOKENS_PER_BATCH,
    QuestionInput,
)

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


class TemplateField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.code} 第{obj.version}版）"


class SurveyCreateForm(forms.Form):
    template = TemplateField(label=_("测评表模板"), queryset=SurveyTemplate.objects.none(),
                             widget=forms.Select(attrs=_SELECT), empty_label=None)
    title = forms.CharField(label=_("标题"), max_length=100, required=False,
                            widget=forms.TextInput(attrs=_TEXT),
                            help_text=_("不填则按被巡察党组织和模板名称生成，例如“市工商联领导班子民主测评”。"))

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]


class SurveySettingsForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=100, widget=forms.TextInput(attrs=_TEXT))
    intro = forms.CharField(label=_("填表说明"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={**_TEXT, "rows": 3}))
    min_group_size = forms.IntegerField(
        label=_("最少答卷数"), min_value=MIN_GROUP_FLOOR, max_value=MIN_GROUP_CEILING,
        widget=forms.NumberInput(attrs=_TEXT),
        help_text=_("答卷达到此数才显示结果；按人员类别分列时，每一类也须达到此数，不足的合并或不分列。"))


class QuestionForm(forms.Form):
    section = forms.CharField(label=_("所属部分"), max_length=60, required=False,
                              widget=forms.TextInput(attrs={**_TEXT, "placeholder": _("如：二、分项评价")}))
    text = forms.CharField(label=_("题目"), max_length=300, widget=forms.TextInput(attrs=_TEXT))
    kind = forms.ChoiceField(label=_("题型"), choices=QuestionKind.choices, widget=forms.Select(attrs=_SELECT))
    options = forms.CharField(
        label=_("选项"), required=False, max_length=MAX_OPTIONS * (MAX_OPTION_LENGTH + 2),
        widget=forms.Textarea(attrs={**_TEXT, "rows": 4}),
        help_text=_("每行一个选项；等级评价从好到差排列（如 好、较好、一般、差）。文字意见题不填。"))
    required = forms.BooleanField(label=_("必答"), required=False, initial=True,
                                  widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    max_choices = forms.IntegerField(label=_("最多选几项"), min_value=0, max_value=MAX_OPTIONS, initial=0,
                                     required=False, widget=forms.NumberInput(attrs=_TEXT),
                                     help_text=_("仅多项选择题；0 为不限。"))

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        return QuestionInput(text=data["text"], kind=data["kind"], options=data["options"].splitlines(),
                             section=data["section"], required=data["required"],
                             max_choices=data.get("max_choices") or 0)

    @classmethod
    def initial_for(cls, question: Any) -> dict[str, Any]:
        return {"section": question.section, "text": question.text, "kind": question.kind,
                "options": "\n".join(question.options), "required": question.required,
                "max_choices": question.max_choices}


class TokenIssueForm(forms.Form):
    group = forms.ChoiceField(label=_("发放对象"), choices=RespondentGroup.choices,
                              widget=forms.Select(attrs=_SELECT))
    count = forms.IntegerField(label=_("份数"), min_value=1, max_value=MAX_TOKENS_PER_BATCH,
                               widget=forms.NumberInput(attrs=_TEXT))


class TokenRevokeForm(forms.Form):
    """Revoke one code (typed from the lost slip's stub or the printout) or every unused code of the survey."""

    code = forms.CharField(label=_("答题码"), required=False, max_length=40,
                           widget=forms.TextInput(attrs={**_TEXT, "autocomplete": "off", "spellcheck": "false",
                                                         "class": "form-control font-monospace",
                                                         "placeholder": "XXXX-XXXX-XXXX-XXXX"}))
    all_unused = forms.BooleanField(label=_("作废全部未使用的答题码"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("code", "").strip() and not data.get("all_unused"):
            raise forms.ValidationError(_("请填写要作废的答题码，或勾选“作废全部未使用的答题码”。"))
        return data
