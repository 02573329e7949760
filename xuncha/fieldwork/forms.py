"""The forms of the fieldwork pages; each turns into the dataclass its service takes (the API builds the same)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.core.clock import business_today
from xuncha.core.forms import StyledForm
from xuncha.fieldwork import services
from xuncha.fieldwork.models import RECORD_METHODS, TalkCategory, TalkType, WorkMethod
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Organization, Person

TEXT_MAX = 20_000
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")




def _seat_choices(inspection: Inspection) -> list[tuple[str, str]]:
    labels = {"leader": "组长", "deputy_leader": "副组长", "member": "成员", "liaison_officer": "联络员"}
    return [("", "——")] + [(str(s.person_id), f"{s.name}（{labels.get(s.role, '')}）")
                           for s in services.team_seats(inspection)]


class TalkForm(StyledForm):
    organization = forms.TypedChoiceField(label=_("单位"), coerce=int)
    person = forms.TypedChoiceField(label=_("干部名录中的对象"), coerce=int, required=False, empty_value=None,
                                    help_text=_("名录外的对象（退休干部、服务对象、群众）不选，直接填写姓名。"))
    name = forms.CharField(label=_("姓名"), max_length=30, required=False)
    post = forms.CharField(label=_("单位及职务"), max_length=120, required=False)
    category = forms.ChoiceField(label=_("类别"), choices=TalkCategory.choices)
    talk_type = forms.ChoiceField(label=_("谈话方式"), choices=TalkType.choices, initial=TalkType.APPOINTED)
    scheduled_at = forms.DateTimeField(label=_("安排时间"), required=False, widget=_datetime_widget(),
                                       input_formats=DATETIME_FORMATS)
    place = forms.CharField(label=_("地点"), max_length=80, required=False, initial=services.DEFAULT_PLACE)
    interviewer = forms.TypedChoiceField(label=_("主谈人"), coerce=int, empty_value=None)
    recorder = forms.TypedChoiceField(label=_("记录人"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = [t.organization for t in inspection.targets.all()]
        under = Q(pk__in=[])
        for target in targets:
            under |= Q(path__startswith=target.path)
        orgs = Organization.objects.filter(under)
        self._choices("organization", [(o.pk, o.short_name) for o in orgs.order_by("path")])
        people = Person.objects.filter(organization__in=orgs).select_related("organization").order_by(
            "organization__path", "pk")
        self._choices("person", [("", "——")] + [(p.pk, f"{p.name}（{p.organization.short_name}{p.post}）")
                                                 for p in people])
        seats = _seat_choices(inspection)
        self._choices("interviewer", seats)
        self._choices("recorder", seats)

    def data_object(self) -> services.TalkData:
        c = self.cleaned_data
        return services.TalkData(organization_id=c["organization"], person_id=c.get("person"), name=c["name"],
                                 post=c["post"], category=c["category"], talk_type=c["talk_type"],
                                 scheduled_at=c.get("scheduled_at"), place=c["place"],
                                 interviewer_id=c.get("interviewer"), recorder_id=c.get("recorder"))

    @staticmethod
    def initial_from(talk: Any) -> dict[str, Any]:
        return {"organization": talk.organization_id, "person": talk.person_id, "name": talk.name, "post": talk.post,
                "category": talk.category, "talk_type": talk.talk_type, "place": talk.place,
                "scheduled_at": timezone.localtime(talk.scheduled_at) if talk.scheduled_at else None,
                "interviewer": talk.interviewer_id, "recorder": talk.recorder_id}


class TalkStepForm(StyledForm):
    note = forms.CharField(label=_("原因"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    scheduled_at = forms.DateTimeField(label=_("改期至"), required=False, widget=_datetime_widget(),
                                       input_formats=DATETIME_FORMATS)

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{step}_%s")
        super().__init__(*args, **kwargs)
        self.step = step
        if step != "reschedule":
            del self.fields["scheduled_at"]


class TalkRecordForm(StyledForm):
    started_at = forms.DateTimeField(label=_("开始时间"), widget=_datetime_widget(), input_formats=DATETIME_FORMATS)
    ended_at = forms.DateTimeField(label=_("结束时间"), required=False, widget=_datetime_widget(),
                                   input_formats=DATETIME_FORMATS)
    place = forms.CharField(label=_("地点"), max_length=80)
    questions_answers = forms.CharField(label=_("谈话内容（问答）"), max_length=TEXT_MAX,
                                        widget=forms.Textarea(attrs={"rows": 10}))
    issues_raised = forms.CharField(label=_("反映的问题"), max_length=TEXT_MAX, required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    follow_ups = forms.CharField(label=_("需核实跟进事项"), max_length=TEXT_MAX, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def data_object(self) -> services.RecordData:
        c = self.cleaned_data
        return services.RecordData(started_at=c["started_at"], ended_at=c.get("ended_at"), place=c["place"],
                                   questions_answers=c["questions_answers"], issues_raised=c["issues_raised"],
                                   follow_ups=c["follow_ups"])


class UploadForm(StyledForm):
    file = forms.FileField(label=_("文件"), help_text=_("PDF、Word、Excel、PNG 或 JPEG，不超过 20 MB。"))


class DocumentRequestForm(StyledForm):
    organization = forms.TypedChoiceField(label=_("提供单位"), coerce=int)
    title = forms.CharField(label=_("调阅资料"), max_length=200)
    period = forms.CharField(label=_("所属期间"), max_length=60, required=False)
    copies = forms.IntegerField(label=_("份数"), min_value=1, max_value=99, initial=1)
    medium = forms.ChoiceField(label=_("形式"), choices=[("paper", _("纸质")), ("electronic", _("电子"))])
    originals = forms.BooleanField(label=_("调阅原件"), required=False)
    deadline = forms.DateField(label=_("提供期限"), widget=_date_widget(), input_formats=["%Y-%m-%d"])

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("organization", [(t.organization_id, str(t.organization.short_name))
                                       for t in inspection.targets.all()])
        self.fields["deadline"].initial = business_today() + datetime.timedelta(days=3)

    def data_object(self) -> services.DocumentRequestData:
        c = self.cleaned_data
        return services.DocumentRequestData(organization_id=c["organization"], title=c["title"], period=c["period"],
                                            copies=c["copies"], medium=c["medium"], originals=c["originals"],
                                            deadline=c["deadline"])


class DocumentStepForm(StyledForm):
    on = forms.DateField(label=_("日期"), required=False, widget=_date_widget(), input_formats=["%Y-%m-%d"])
    note = forms.CharField(label=_("说明"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{step}_%s")
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["on"].widget.attrs["max"] = business_today().isoformat()


class WorkRecordForm(StyledForm):
    method = forms.ChoiceField(label=_("工作方式"),
                               choices=[(m, label) for m, label in WorkMethod.choices if m in RECORD_METHODS])
    title = forms.CharField(label=_("事项"), max_length=120)
    held_on = forms.DateField(label=_("日期"), widget=_date_widget(), input_formats=["%Y-%m-%d"])
    place = forms.CharField(label=_("地点"), max_length=80, required=False)
    organization = forms.TypedChoiceField(label=_("涉及单位"), coerce=int, required=False, empty_value=None)
    team_participants = forms.CharField(label=_("巡察组参加人员"), max_length=200, required=False)
    people_met = forms.CharField(label=_("接触人员（姓名、单位、职务）"), max_length=TEXT_MAX, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    content = forms.CharField(label=_("了解到的情况"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}))
    follow_ups = forms.CharField(label=_("需跟进事项"), max_length=TEXT_MAX, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("organization", [("", "——")] + [
            (t.organization_id, str(t.organization.short_name)) for t in inspection.targets.all()])
        self.fields["held_on"].initial = business_today()

    def data_object(self) -> services.WorkRecordData:
        c = self.cleaned_data
        return services.WorkRecordData(method=c["method"], title=c["title"], held_on=c["held_on"], place=c["place"],
                                       organization_id=c.get("organization"),
                                       team_participants=c["team_participants"], people_met=c["people_met"],
                                       content=c["content"], follow_ups=c["follow_ups"])


class WorkLogForm(StyledForm):
    day = forms.DateField(label=_("日期"), widget=_date_widget(), input_formats=["%Y-%m-%d"])
    work_done = forms.CharField(label=_("当日工作"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    items_to_note = forms.CharField(label=_("需关注事项"), max_length=TEXT_MAX, required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("写入每周工作进展，报巡察办。"))
    next_steps = forms.CharField(label=_("下一步安排"), max_length=TEXT_MAX, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = business_today()

    def data_object(self) -> services.LogData:
        c = self.cleaned_data
        return services.LogData(day=c["day"], work_done=c["work_done"], items_to_note=c["items_to_note"],
                                next_steps=c["next_steps"])
