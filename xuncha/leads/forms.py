"""Forms of the lead pages. They parse; the services decide (their refusals land on the field they name)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.core.forms import StyledForm
from xuncha.leads.services import LeadData, OutcomeData, PersonData
from xuncha.leads.states import CadreLevel, DisciplineType, Disposal, LeadSource, OutcomeKind, ReferralTarget

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")




class PersonForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=30, required=False)
    post = forms.CharField(label=_("单位及职务"), max_length=100, required=False)
    level = forms.ChoiceField(label=_("职级"), choices=[("", "—"), *CadreLevel.choices], required=False)
    is_leadership = forms.BooleanField(label=_("班子成员"), required=False)

    def person(self) -> PersonData | None:
        data = self.cleaned_data
        if not (data.get("name") or data.get("post")):
            return None  # a blank row
        return PersonData(data.get("name", ""), data.get("post", ""), data.get("level", ""),
                          bool(data.get("is_leadership")))


PersonFormSet = forms.formset_factory(PersonForm, extra=0, min_num=1, max_num=20, validate_max=True)


def person_formset(data: Any = None, *, initial: list[dict[str, Any]] | None = None) -> Any:
    formset = PersonFormSet(data, prefix="persons", initial=initial)
    if data is None and not initial:
        formset.extra = 2
    return formset


class LeadForm(StyledForm):
    source = forms.ChoiceField(label=_("线索来源"), choices=LeadSource.choices)
    summary = forms.CharField(label=_("线索摘要"), max_length=200)
    facts = forms.CharField(label=_("主要问题"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_("反映的具体问题、时间、涉及金额和已掌握的证据。"))
    category = forms.ChoiceField(label=_("问题分类"), required=False)
    discipline_type = forms.ChoiceField(label=_("涉嫌违反"), choices=[("", "—"), *DisciplineType.choices],
                                        required=False)
    amount = forms.DecimalField(label=_("涉及金额（万元）"), required=False, min_value=0, max_digits=12,
                                decimal_places=2)
    proposed_disposal = forms.CharField(label=_("处置建议"), max_length=5000, required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    target = forms.ChoiceField(label=_("移交对象"), choices=ReferralTarget.choices,
                               help_text=_("按干部管理权限：违纪违法线索移交纪委监委；选人用人、民主集中制问题移交组织部；"
                                           "其他移交有关部门或交办被巡察党组织。"))
    receiving_jurisdiction = forms.TypedChoiceField(label=_("接收党委"), coerce=int)
    receiver_name = forms.CharField(label=_("接收单位"), max_length=100)
    petitioner_identity = forms.CharField(
        label=_("反映人身份"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("实名信访的反映人姓名和联系方式；加密保存，仅经巡察办主任批准后随移交材料提供。"))
    origins = forms.MultipleChoiceField(label=_("线索来源记录"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    supports = forms.MultipleChoiceField(label=_("佐证材料"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, categories: list[tuple[str, str]], jurisdictions: list[tuple[int, str]],
                 citable: list[tuple[str, str]], identity: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("category", [("", _("（未分类）")), *categories])
        self._choices("receiving_jurisdiction", jurisdictions)
        self._choices("origins", citable)
        self._choices("supports", citable)
        if not identity:
            del self.fields["petitioner_identity"]

    def _choices(self, name: str, choices: list[Any]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices

    def lead_data(self, persons: list[PersonData]) -> LeadData:
        d = self.cleaned_data
        return LeadData(source=d["source"], summary=d["summary"], facts=d["facts"], target=d["target"],
                        receiving_jurisdiction_id=d["receiving_jurisdiction"], receiver_name=d["receiver_name"],
                        persons=persons, category_code=d.get("category", ""),
                        discipline_type=d.get("discipline_type", ""), amount=d.get("amount"),
                        proposed_disposal=d.get("proposed_disposal", ""),
                        petitioner_identity=d.get("petitioner_identity", ""), origins=list(d.get("origins", [])),
                        supports=list(d.get("supports", [])))


class NoteForm(StyledForm):
    note = forms.CharField(label=_("意见或理由"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class IdentityForm(StyledForm):
    reason = forms.CharField(label=_("提供反映人身份的理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("如：接收单位核实需要与实名反映人联系。批准记入审计日志。"))


class TransferForm(StyledForm):
    transferred_on = forms.DateField(label=_("移交日期"), widget=DATE)


class ReceiveForm(StyledForm):
    received_on = forms.DateField(label=_("签收日期"), widget=DATE)
    note = forms.CharField(label=_("签收说明"), max_length=1000, required=False)


class DisposalForm(StyledForm):
    disposal = forms.ChoiceField(label=_("处置方式"), choices=Disposal.choices)
    disposal_on = forms.DateField(label=_("处置日期"), widget=DATE)
    note = forms.CharField(label=_("处置情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeItemForm(StyledForm):
    person = forms.TypedChoiceField(label=_("被反映人"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("处理结果"), choices=[("", "—"), *OutcomeKind.choices], required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class OutcomeForm(StyledForm):
    summary = forms.CharField(label=_("办理结果"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    recovered_amount = forms.DecimalField(label=_("挽回经济损失（万元）"), required=False, min_value=0, max_digits=12,
                                          decimal_places=2)
    reported_on = forms.DateField(label=_("反馈日期"), widget=DATE)


def outcome_data(d: dict[str, Any], items: list[tuple[int | None, str, str]]) -> OutcomeData:
    """The outcome form's cleaned data with its items, as the service takes them."""
    return OutcomeData(summary=d["summary"], items=items, recovered_amount=d.get("recovered_amount"),
                       reported_on=d["reported_on"])


OutcomeItemFormSet = forms.formset_factory(OutcomeItemForm, extra=0, min_num=1, max_num=40, validate_max=True)


def outcome_formset(data: Any = None, *, persons: list[tuple[int, str]]) -> Any:
    formset = OutcomeItemFormSet(data, prefix="items")
    if data is None:
        formset.extra = max(len(persons), 1)
    for form in formset.forms:
        field = form.fields["person"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", _("（线索整体）")), *persons]
    return formset


def outcome_items(formset: Any) -> list[tuple[int | None, str, str]]:
    return [(f.cleaned_data.get("person"), f.cleaned_data["kind"], f.cleaned_data.get("note", ""))
            for f in formset.forms if f.cleaned_data.get("kind")]
