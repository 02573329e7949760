"""The forms of the notice pages; each turns into the dataclass its service takes (the API builds the same)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.core.clock import business_today
from xuncha.core.forms import StyledForm
from xuncha.inspections.models import Inspection
from xuncha.notices import services
from xuncha.notices.models import ImmediateItem, ItemStatus, Notice, NoticeKind

TEXT_MAX = services.TEXT_MAX
ITEM_ROWS = 3  # empty item rows offered on the form (more after saving, or through the API)


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")




class NoticeForm(StyledForm):
    kind = forms.ChoiceField(label=_("类别"), choices=NoticeKind.choices)
    organization = forms.TypedChoiceField(label=_("主送单位"), coerce=int)
    title = forms.CharField(label=_("标题"), max_length=120,
                            help_text=_("如：关于立即整改会员活动经费报销不规范问题的通知"))
    subject = forms.CharField(label=_("发现的问题或需说明的事项"), max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 4}))
    basis = forms.CharField(label=_("依据"), max_length=TEXT_MAX, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("党内法规、制度条款或巡察了解到的事实。"))
    requirement = forms.CharField(label=_("要求"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("整改通知书：整改要求；情况说明通知书：需回答的问题和需提供的材料。"))
    deadline = forms.DateField(label=_("回复期限"), widget=_date_widget(), input_formats=["%Y-%m-%d"])
    contact = forms.CharField(label=_("联系人及电话"), max_length=80, required=False)

    def __init__(self, *args: Any, inspection: Inspection, notice: Notice | None = None, **kwargs: Any) -> None:
        if notice is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {"kind": notice.kind, "organization": notice.organization_id, "title": notice.title,
                                 "subject": notice.subject, "basis": notice.basis,
                                 "requirement": notice.requirement, "deadline": notice.deadline,
                                 "contact": notice.contact}
        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        if isinstance(organization, forms.ChoiceField):
            organization.choices = [(t.organization_id, str(t.organization.short_name))
                                    for t in inspection.targets.all()]
        self.fields["deadline"].initial = self.fields["deadline"].initial or business_today() + datetime.timedelta(
            days=5)
        self.fields["deadline"].widget.attrs["min"] = business_today().isoformat()


class ItemForm(StyledForm):
    problem = forms.CharField(label=_("问题"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    requirement = forms.CharField(label=_("整改要求"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 1}))


ItemFormSet = forms.formset_factory(ItemForm, extra=ITEM_ROWS, max_num=services.MAX_ITEMS, validate_max=True)


def item_formset(data: Any = None, *, notice: Notice | None = None) -> Any:
    initial = [{"problem": i.problem, "requirement": i.requirement}
               for i in ImmediateItem.objects.filter(notice=notice).order_by("sequence")] if notice else []
    return ItemFormSet(data, initial=initial, prefix="items")


def notice_data(form: NoticeForm, items: Any) -> services.NoticeData:
    c = form.cleaned_data
    rows = [services.ItemData(f.cleaned_data.get("problem", ""), f.cleaned_data.get("requirement", ""))
            for f in items.forms if f.cleaned_data]
    return services.NoticeData(kind=c["kind"], organization_id=c["organization"], title=c["title"],
                               subject=c["subject"], basis=c["basis"], requirement=c["requirement"],
                               deadline=c["deadline"], contact=c["contact"], items=rows)


class StepForm(StyledForm):
    """One step from the notice's page: the date it happened (default today), a note (the reason, when sending
    back), the signer's name (receipt) and the new deadline (sending back)."""

    on = forms.DateField(label=_("日期"), required=False, widget=_date_widget(), input_formats=["%Y-%m-%d"])
    received_name = forms.CharField(label=_("签收人"), max_length=30, required=False)
    deadline = forms.DateField(label=_("新的回复期限"), required=False, widget=_date_widget(),
                               input_formats=["%Y-%m-%d"])
    note = forms.CharField(label=_("意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, step: str, signer: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{step}_%s")
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["on"].widget.attrs["max"] = business_today().isoformat()
        if step != "receive":
            del self.fields["received_name"]
        else:
            self.fields["received_name"].initial = signer
        if step != "return":
            del self.fields["deadline"]
        else:
            self.fields["note"].label = _("退回理由")
            self.fields["note"].required = True
            self.fields["note"].error_messages["required"] = _("请写明退回理由。")
            self.fields["deadline"].initial = business_today() + datetime.timedelta(days=services.DEFAULT_RETURN_DAYS)
        if step in ("issue", "receive"):
            del self.fields["note"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class AnswerForm(StyledForm):
    text = forms.CharField(label=_("回复内容"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("整改通知书：整改措施和完成情况；情况说明通知书：逐项说明情况。"))
    attachments = MultipleFileField(label=_("附件"), required=False,
                              help_text=_("PDF、Word、Excel、PNG 或 JPEG，每个不超过 20 MB，至多 10 个。"))

    def __init__(self, *args: Any, items: list[ImmediateItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = [i for i in items if i.status == ItemStatus.OPEN]
        for item in self.items:
            self.fields[f"measures_{item.pk}"] = forms.CharField(
                label=_("第 %(n)s 项的整改措施") % {"n": item.sequence}, max_length=4000, required=False,
                initial=item.measures, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
            self.fields[f"done_{item.pk}"] = forms.BooleanField(
                label=_("已整改完成"), required=False, initial=item.reported_done,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def item_rows(self) -> list[dict[str, Any]]:
        return [{"item": item, "measures": self[f"measures_{item.pk}"], "done": self[f"done_{item.pk}"]}
                for item in self.items]

    def data_object(self, files: list[tuple[str, bytes]]) -> services.AnswerData:
        c = self.cleaned_data
        return services.AnswerData(text=c["text"], files=files, items=[
            services.ItemAnswer(item.pk, c.get(f"measures_{item.pk}", ""), bool(c.get(f"done_{item.pk}")))
            for item in self.items])
