"""Forms of the petition pages: the public petition form (with the offline captcha), the receipt form, and the
team's registration, triage and handling forms. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from xuncha.core.forms import StyledForm
from xuncha.petitions.models import REGISTERED_CHANNELS, PetitionerKind, Priority, TransferTarget
from xuncha.petitions.services import PetitionText
from xuncha.petitions.uploads import ACCEPT


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the view reads them (by size first) and the service checks their content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []




ANONYMITY = [("1", _("匿名反映（不留姓名和联系方式）")), ("0", _("实名反映（信息严格保密）"))]


class PetitionTextForm(StyledForm):
    anonymous = forms.TypedChoiceField(label=_("反映方式"), choices=ANONYMITY, coerce=lambda v: v == "1",
                                       initial="1", widget=forms.RadioSelect)
    petitioner_name = forms.CharField(label=_("姓名"), required=False, max_length=30)
    petitioner_contact = forms.CharField(label=_("联系方式"), required=False, max_length=100,
                                         help_text=_("电话或通信地址，仅巡察组组长、副组长可见。"))
    petitioner_unit = forms.CharField(label=_("单位"), required=False, max_length=100)
    petitioner_kind = forms.ChoiceField(label=_("身份"), choices=PetitionerKind.choices, initial=PetitionerKind.UNKNOWN)
    about_whom = forms.CharField(label=_("被反映人"), max_length=200,
                                 help_text=_("姓名、单位、职务，如“某某，某单位副主任”。"))
    summary = forms.CharField(label=_("反映事项"), max_length=200, help_text=_("一句话概括反映的问题。"))
    content = forms.CharField(label=_("具体内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("时间、地点、经过、涉及金额、知情人等，越具体越便于核实。"))
    since_when = forms.CharField(label=_("问题发生时间"), required=False, max_length=60,
                                 help_text=_("如“2017年起”“2018年春节前”。"))
    evidence = MultipleFileField(label=_("证据材料"), required=False,
                            widget=MultipleFileInput(attrs={"accept": ACCEPT}),
                            help_text=_("可选，最多 5 个文件，每个不超过 10 MB：图片（JPG、PNG）、PDF、Word、Excel。"
                                        "上传前会清除照片的拍摄信息和文档的作者信息。"))

    def text(self) -> PetitionText:
        d = self.cleaned_data
        return PetitionText(about_whom=d["about_whom"], summary=d["summary"], content=d["content"],
                            since_when=d.get("since_when", ""), anonymous=d["anonymous"],
                            petitioner_name=d.get("petitioner_name", ""),
                            petitioner_contact=d.get("petitioner_contact", ""),
                            petitioner_unit=d.get("petitioner_unit", ""),
                            petitioner_kind=d.get("petitioner_kind") or PetitionerKind.UNKNOWN)


class PublicPetitionForm(PetitionTextForm):
    captcha = CaptchaField(label=_("验证码"), help_text=_("请输入图中的字符，看不清可点击图片更换。"),
                           error_messages={"invalid": _("验证码不正确，请重新输入。")})


class ReceiptForm(StyledForm):
    code = forms.CharField(label=_("查询码"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "spellcheck": "false", "inputmode": "text"}),
                           help_text=_("提交时显示的 18 位查询码，如 7K2M9Q-XH4D1R-B8ZC3W；不区分大小写。"))


class PetitionerMessageForm(ReceiptForm):
    body = forms.CharField(label=_("补充情况或留言"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class RegisterForm(PetitionTextForm):
    channel = forms.ChoiceField(label=_("来源渠道"), choices=[(c.value, c.label) for c in REGISTERED_CHANNELS])
    received_on = forms.DateField(label=_("收到日期"), widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("来信以邮戳日期为准。"))
    issue_receipt = forms.BooleanField(label=_("生成查询码（告知反映人，用于查询办理情况）"), required=False)

    field_order = ["channel", "received_on", "anonymous", "petitioner_name", "petitioner_contact",
                   "petitioner_unit", "petitioner_kind", "about_whom", "summary", "content", "since_when", "evidence",
                   "issue_receipt"]


class TriageForm(StyledForm):
    category = forms.ChoiceField(label=_("问题分类"), required=False)
    priority = forms.ChoiceField(label=_("优先级"), choices=Priority.choices)
    in_scope = forms.TypedChoiceField(label=_("是否属于巡察受理范围"), required=False,
                                      choices=[("", _("待定")), ("1", _("属于")), ("0", _("不属于（应转办）"))],
                                      coerce=lambda v: v == "1", empty_value=None)

    def __init__(self, *args: Any, categories: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category_field.choices = [("", _("（未分类）")), *(categories or [])]

    @property
    def category_field(self) -> forms.ChoiceField:
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        return field


class NoteForm(StyledForm):
    note = forms.CharField(label=_("答复内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class KeepForm(NoteForm):
    note = forms.CharField(label=_("说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("写入巡察报告的哪一部分、依据什么。"))


class ReferForm(StyledForm):
    target = forms.ChoiceField(label=_("转办对象"), choices=TransferTarget.choices)
    receiver = forms.CharField(label=_("接收单位"), max_length=100)
    reference_no = forms.CharField(label=_("转办函号"), required=False, max_length=60)
    transferred_on = forms.DateField(label=_("转办日期"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("转办理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(StyledForm):
    original = forms.IntegerField(label=_("合并到"), widget=forms.Select)
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)

    def __init__(self, *args: Any, originals: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["original"].widget.choices = [("", "—"), *(originals or [])]


class MessageForm(StyledForm):
    body = forms.CharField(label=_("回复反映人"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("反映人凭查询码可以看到。请勿写入其他反映人或核查对象的信息。"))
