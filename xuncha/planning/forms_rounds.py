"""Forms of the round-planning and stationing pages. They check the shape of the input in Chinese; the services
check the business rules, and ``core.forms.submit`` shows their ``DomainError`` on the form (``field_aliases``)."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.core.autocomplete import AutocompleteWidget
from xuncha.inspections.models import Inspection, InspectionType, Team
from xuncha.orgs.models import Jurisdiction, Organization, OrganizationType, Sector
from xuncha.planning.selectors_rounds import LAST_INSPECTED_CHOICES, CandidateFilters

DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
INVALID_DATE = _("请输入有效的日期，格式为 年-月-日。")


def _required(what: str) -> dict[str, Any]:
    return {"required": _("请填写%(what)s。") % {"what": what}}


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": INVALID_DATE, "required": _("请填写%(what)s。") % {"what": label}},
    )


def _text(label: Any, max_length: int, *, required: bool = True, help_text: Any = "",
          placeholder: Any = "") -> forms.CharField:
    attrs = {"placeholder": placeholder} if placeholder else {}
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
        error_messages={"required": _("请填写%(what)s。") % {"what": label},
                        "max_length": _("%(what)s不能超过 %%(limit_value)d 个字。") % {"what": label}},
    )


def _area(label: Any, *, rows: int = 4, required: bool = True, max_length: int = 5000,
          help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": _("请填写%(what)s。") % {"what": label},
                        "max_length": _("%(what)s不能超过 %%(limit_value)d 个字。") % {"what": label}},
    )


def _choices(form: forms.Form, name: str) -> forms.ModelChoiceField:
    """A model choice field of ``form``, whose queryset the view narrows to what the user may pick."""
    return cast(forms.ModelChoiceField, form.fields[name])


class PlanForm(forms.Form):
    """Bootstrap classes on every widget; errors of a service shown on the fields they name."""

    # Service field names that differ from the form's.
    field_aliases: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            widget = f.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def _check_order(self, start: str, end: str, message: Any) -> None:
        a, b = self.cleaned_data.get(start), self.cleaned_data.get(end)
        if a and b and b < a:
            self.add_error(end, message)


# ---- Rounds ----------------------------------------------------------------------------------------------------


class RoundCreateForm(PlanForm):
    number = forms.IntegerField(
        label=_("轮次"), min_value=1, max_value=99, help_text=_("默认为本届下一轮。"),
        error_messages={"required": _("请填写轮次。"), "invalid": _("轮次应为整数。"),
                        "min_value": _("轮次应在 1 到 99 之间。"), "max_value": _("轮次应在 1 到 99 之间。")},
    )
    name = _text(_("名称"), 60, required=False, help_text=_("不填则为“××届第×轮巡察”。"))
    planned_start = _date_field(_("计划进驻时间"))
    planned_end = _date_field(_("计划撤驻时间"))
    focus_notes = _area(_("监督重点说明"), rows=5, required=False,
                        help_text=_("本轮巡察的监督重点、专项要求等，工作方案中再细化。"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._check_order("planned_start", "planned_end", _("计划撤驻时间不能早于计划进驻时间。"))
        return self.cleaned_data


class RoundCopyForm(PlanForm):
    planned_start = _date_field(_("新一轮计划进驻时间"))
    planned_end = _date_field(_("新一轮计划撤驻时间"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._check_order("planned_start", "planned_end", _("计划撤驻时间不能早于计划进驻时间。"))
        return self.cleaned_data


# ---- Target picking --------------------------------------------------------------------------------------------


class RegionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * max(0, obj.depth - 1)}{obj.name}" if hasattr(obj, "depth") else str(obj)


class TargetFilterForm(PlanForm):
    """The GET filters of the candidate table; an invalid value is reported and ignored."""

    q = _text(_("名称"), 60, required=False, placeholder=_("党组织全称或简称"))
    org_type = forms.ChoiceField(label=_("组织类型"), required=False,
                                 choices=[("", _("全部类型")), *OrganizationType.choices])
    sector = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别")), *Sector.choices])
    region = RegionField(label=_("所属党委"), required=False, queryset=Jurisdiction.objects.none(),
                         empty_label=_("全部"), error_messages={"invalid_choice": _("所选党委不在本届巡察范围内。")})
    min_staff = forms.IntegerField(label=_("人数不少于"), required=False, min_value=0, max_value=1_000_000,
                                   widget=forms.NumberInput(attrs={"placeholder": _("不限")}))
    max_staff = forms.IntegerField(label=_("人数不多于"), required=False, min_value=0, max_value=1_000_000,
                                   widget=forms.NumberInput(attrs={"placeholder": _("不限")}))
    last = forms.ChoiceField(label=_("上次巡察"), required=False,
                             choices=[("", _("不限")), *[(k, _(v)) for k, v in LAST_INSPECTED_CHOICES]])
    include_covered = forms.BooleanField(label=_("包括本届已覆盖的"), required=False)

    def __init__(self, *args: Any, regions: QuerySet[Jurisdiction], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_f_%s")
        super().__init__(*args, **kwargs)
        _choices(self, "region").queryset = regions
        for name in ("min_staff", "max_staff"):
            self.fields[name].error_messages.update({"invalid": _("人数应为整数。"),
                                                     "min_value": _("人数不能为负数。")})

    def filters(self) -> CandidateFilters:
        """The valid filters (an invalid one is dropped: the page says so)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        region = data.get("region")
        return CandidateFilters(
            q=data.get("q") or "", org_type=data.get("org_type") or "", sector=data.get("sector") or "",
            region_id=region.pk if region else None, min_staff=data.get("min_staff"),
            max_staff=data.get("max_staff"), last=data.get("last") or "",
            include_covered=bool(data.get("include_covered")),
        )


class TeamField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def linked_inspection_label(inspection: Inspection) -> str:
    """How an inspection to extend or revisit is named (its targets prefetched, its round selected)."""
    names = "、".join(str(t.organization) for t in inspection.targets.all())
    return f"{inspection.code} {names}（{inspection.round.name}）"


class LinkedInspectionField(forms.ModelChoiceField):
    """An inspection picked by typing its code or a target's name (``core.autocomplete``): the visible inspections
    are never listed (6,001 of them twice at 100× the demo, issue 8)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", AutocompleteWidget(placeholder=_("输入编号或被巡察党组织名称查找")))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return linked_inspection_label(obj)


class InspectionPlanForm(PlanForm):
    """One inspection of the checked organisations (1托N)."""

    organizations = forms.ModelMultipleChoiceField(
        label=_("被巡察党组织"), queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少勾选一个被巡察党组织。"),
                        "invalid_choice": _("所选单位不在本级党委的巡察范围内。"),
                        "invalid_pk_value": _("所选单位不在本级党委的巡察范围内。"),
                        "invalid_list": _("所选单位不在本级党委的巡察范围内。")},
    )
    team = TeamField(label=_("巡察组"), required=False, queryset=Team.objects.none(), empty_label=_("暂不指定"),
                     error_messages={"invalid_choice": _("巡察组不属于本轮。")})
    inspection_type = forms.ChoiceField(label=_("巡察类型"), choices=InspectionType.choices,
                                        initial=InspectionType.ROUTINE,
                                        error_messages={"required": _("请选择巡察类型。"),
                                                        "invalid_choice": _("巡察类型不正确。")})
    special_topic = _text(_("专项主题"), 60, required=False, placeholder=_("如：公租房、扶贫领域"),
                          help_text=_("专项巡察必填。"))
    is_cross = forms.BooleanField(label=_("异地交叉"), required=False)
    is_linked = forms.BooleanField(label=_("上下联动"), required=False)
    parent_inspection = LinkedInspectionField(
        label=_("延伸自"), required=False, queryset=Inspection.objects.none(), empty_label=_("—"),
        help_text=_("延伸巡察：对其主管党组织的巡察；不填则单独开展。"),
        error_messages={"invalid_choice": _("所选巡察不存在或无权查看。")})
    revisit_of = LinkedInspectionField(
        label=_("回头看对象"), required=False, queryset=Inspection.objects.none(), empty_label=_("—"),
        help_text=_("“回头看”必填。"), error_messages={"invalid_choice": _("所选巡察不存在或无权查看。")})
    planned_entry = _date_field(_("计划进驻"), required=False, help_text=_("不填则为本轮计划时间。"))
    planned_withdrawal = _date_field(_("计划撤驻"), required=False)

    field_aliases = {"parent_inspection_id": "parent_inspection", "revisit_of_id": "revisit_of"}

    def __init__(self, *args: Any, organizations: QuerySet[Organization], teams: QuerySet[Team],
                 inspections: QuerySet[Inspection], inspection_search_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (("organizations", organizations), ("team", teams), ("parent_inspection", inspections),
                         ("revisit_of", inspections)):
            _choices(self, name).queryset = qs
        for name in ("parent_inspection", "revisit_of"):
            cast(AutocompleteWidget, self.fields[name].widget).url = inspection_search_url

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("inspection_type")
        # Fields of other types (hidden on the page, but still sent) do not belong to this inspection.
        if kind != InspectionType.SPECIAL:
            data["special_topic"] = ""
        if kind != InspectionType.EXTENDED:
            data["parent_inspection"] = None
        if kind != InspectionType.REVISIT:
            data["revisit_of"] = None
        if kind == InspectionType.SPECIAL and not data.get("special_topic"):
            self.add_error("special_topic", _("专项巡察必须填写专项主题。"))
        if kind == InspectionType.REVISIT and not data.get("revisit_of"):
            self.add_error("revisit_of", _("“回头看”必须指明原巡察。"))
        self._check_order("planned_entry", "planned_withdrawal", _("计划撤驻时间不能早于计划进驻时间。"))
        return data


# ---- Work plans and annual plans -------------------------------------------------------------------------------


class WorkPlanForm(PlanForm):
    focus = _area(_("监督重点"), rows=6, help_text=_("如：“六个围绕、一个加强”在本轮的具体要求。"))
    schedule = _area(_("时间安排"), rows=5, help_text=_("动员部署、进驻、撤驻、报告、反馈等各环节的时间。"))
    key_matters = _area(_("重点事项"), rows=5, required=False,
                        help_text=_("组织领导、纪律要求、巡察组分工、需协调的事项等。"))


class AnnualPlanForm(PlanForm):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=(),
                                  error_messages={"required": _("请选择年度。"),
                                                  "invalid_choice": _("年度应在本届任期内。")})
    title = _text(_("标题"), 100, placeholder=_("如：中共××市委2019年度巡察工作计划"))
    rounds_planned = forms.IntegerField(
        label=_("计划轮次数"), min_value=1, max_value=12, initial=2,
        error_messages={"required": _("请填写计划轮次数。"), "invalid": _("计划轮次数应为整数。"),
                        "min_value": _("计划轮次数应在 1 到 12 之间。"),
                        "max_value": _("计划轮次数应在 1 到 12 之间。")})
    summary = _area(_("说明"), rows=6, required=False,
                    help_text=_("本年度拟巡察的党组织范围、重点领域和轮次安排。"))

    def __init__(self, *args: Any, years: range, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [(y, f"{y}年") for y in years]


# ---- Stationing ------------------------------------------------------------------------------------------------


class OrganizationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.short_name or obj.name)


DEFAULT_NOTICE_REQUIREMENTS = (
    "一、准备本单位工作汇报，重点报告存在的问题（问题部分不少于40%），进驻后3日内报送巡察组；\n"
    "二、成立联络组，明确一名班子成员任组长，于{due}前报送联络组名单；\n"
    "三、准备领导班子及成员基本情况、自上次巡察以来的党委（党组）会议纪要、财务账目等资料；\n"
    "四、安排巡察组办公场所，在便于群众投递处设置意见箱（避开监控区域）。"
)


class NoticeForm(PlanForm):
    organization = OrganizationField(label=_("被巡察党组织"), queryset=Organization.objects.none(),
                                     empty_label=None,
                                     error_messages={"required": _("请选择被巡察党组织。"),
                                                     "invalid_choice": _("该单位不是本次巡察的被巡察党组织。")})
    notice_no = _text(_("文号"), 40, required=False, placeholder=_("如：洛巡通〔2018〕12号"),
                      help_text=_("留空则按本年度巡察通知文号顺序自动编号。"))
    issued_on = _date_field(_("印发日期"))
    requirements = _area(_("准备事项"), rows=6)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_notice_%s")
        super().__init__(*args, **kwargs)
        _choices(self, "organization").queryset = organizations


class LiaisonContactForm(PlanForm):
    organization = OrganizationField(label=_("单位"), queryset=Organization.objects.none(), empty_label=None,
                                     error_messages={"required": _("请选择单位。"),
                                                     "invalid_choice": _("您不能为该单位报送联络组名单。")})
    name = _text(_("姓名"), 30)
    post = _text(_("职务"), 60, placeholder=_("如：党组成员、副主席"))
    phone = forms.RegexField(
        label=_("电话"), max_length=20, regex=r"^[0-9+\-() ]{5,20}$",
        error_messages={"required": _("请填写电话。"), "invalid": _("电话只能包含数字、空格和 + - ( )。"),
                        "max_length": _("电话不能超过 20 个字符。")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    is_head = forms.BooleanField(label=_("联络组组长"), required=False)

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_contact_%s")
        super().__init__(*args, **kwargs)
        _choices(self, "organization").queryset = organizations


class LiaisonContactEditForm(LiaisonContactForm):
    """Correcting one member of a liaison group: their organisation stays as it was."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, organizations=Organization.objects.none(), **kwargs)
        del self.fields["organization"]


class MeetingForm(PlanForm):
    held_at = forms.DateTimeField(
        label=_("时间"), input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("请填写会议时间。"), "invalid": _("请输入有效的时间，如 2018-11-01 09:00。")},
    )
    place = _text(_("地点"), 100, placeholder=_("如：市工商联三楼会议室"))
    attendees = _area(_("参会范围"), rows=3, max_length=2000,
                      help_text=_("如：领导班子成员、中层干部、退休干部代表等。"))
    speakers = _area(_("讲话人"), rows=3, max_length=2000,
                     help_text=_("如：领导小组成员讲话、组长通报、被巡察党组织书记表态。"))
    minutes = _area(_("会议纪要"), rows=5, required=False, max_length=20000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_meeting_%s")
        super().__init__(*args, **kwargs)


class AnnouncementForm(PlanForm):
    phone = _text(_("值班电话"), 40, placeholder=_("如：0379-63900000"))
    phone_hours = _text(_("接听时间"), 60)
    post_box = _text(_("邮政信箱"), 80, required=False, placeholder=_("如：洛阳市A001号邮政信箱"))
    visit_address = _text(_("来访地址"), 120, required=False)
    suggestion_box = _text(_("意见箱位置"), 120, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False, max_length=254,
                             error_messages={"invalid": _("请输入有效的电子邮箱地址。")})
    web_channel = _text(_("网络举报渠道"), 120, required=False, placeholder=_("网址或公众号"))
    accept_from = _date_field(_("受理开始"), required=False, help_text=_("不填则为计划进驻日期。"))
    accept_until = _date_field(_("受理截止"), required=False)
    scope_text = _area(_("受理范围"), rows=5, max_length=2000)
    published_on = _date_field(_("发布日期"), required=False)

    def __init__(self, *args: Any, cutoff: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cutoff is not None:
            self.fields["accept_until"].help_text = _("信访截止，不能晚于 %(day)s（撤驻前规定天数）。") % {
                "day": f"{cutoff:%Y-%m-%d}"}
            self.fields["accept_until"].widget.attrs["max"] = cutoff.isoformat()

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._check_order("accept_from", "accept_until", _("受理截止时间不能早于开始时间。"))
        return self.cleaned_data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        # Blank dates mean "the default" to the service.
        for name in ("accept_from", "accept_until"):
            if not data.get(name):
                data.pop(name, None)
        return data
