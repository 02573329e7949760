"""Filters of the audit log page and the Chinese names of the events it shows.

A malformed filter value (a date that is not a date, an unknown result) is a form error that is shown and
otherwise ignored; it never turns into a server error."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, AuditResult

# Events written anywhere in the system; an action missing here is shown by its code.
ACTION_LABELS: dict[str, Any] = {
    "access.denied": _("拒绝访问"),
    "auth.login": _("登录"),
    "auth.logout": _("退出"),
    "auth.login_failed": _("登录失败"),
    "auth.locked_out": _("账户锁定"),
    "auth.locked_out_refused": _("锁定期间拒绝登录"),
    "auth.otp_enrolled": _("绑定动态口令"),
    "auth.otp_verified": _("动态口令验证"),
    "auth.otp_failed": _("动态口令错误"),
    "auth.recovery_code_used": _("使用恢复码"),
    "auth.recovery_codes_issued": _("生成恢复码"),
    "auth.password_changed": _("修改密码"),
    "auth.password_change_failed": _("修改密码失败"),
    "auth.session_ended": _("会话被新登录结束"),
    "auth.session_superseded": _("旧会话被拒绝"),
    "user.password_reset": _("重置用户密码"),
    "user.otp_reset": _("重置双因素认证"),
    "person.list": _("查阅干部列表"),
    "person.search": _("检索干部"),
    "pool.list": _("查阅人才库列表"),
    "role.grant": _("授予角色"),
    "role.revoke": _("撤销角色"),
    "user.create": _("新建用户"),
    "user.enable": _("启用用户"),
    "user.disable": _("停用用户"),
    "api_token.issue": _("签发接口令牌"),
    "config.time_limits": _("修改期限参数"),
    "audit.verify": _("校验审计日志"),
    "audit.archive": _("归档审计日志"),
    "person.read": _("查阅干部信息"),
    "inspection.create": _("新建巡察"),
    "inspection.transition": _("巡察阶段变更"),
    "round.create": _("新建轮次"),
    "round.copy": _("复制轮次"),
    "team.create": _("组建巡察组"),
    "team.member_add": _("增加巡察组成员"),
    "team.member_remove": _("移出巡察组成员"),
    "team.authorize": _("巡察组授权"),
    "recusal.override": _("回避提示放行"),
    "declaration.record": _("登记回避申报"),
    "work_plan.save": _("保存工作方案"),
    "work_plan.submit": _("报审工作方案"),
    "work_plan.approve": _("审批工作方案"),
    "notice.issue": _("印发巡察通知"),
    "liaison_contact.add": _("登记联络人"),
    "meeting.save": _("登记动员会"),
    "announcement.save": _("发布巡察公告"),
    "pool.add": _("入库巡察干部"),
    "pool.import_request": _("申请导入人才库"),
    "pool.import": _("导入人才库"),
    "export": _("导出"),
    "export.request": _("申请导出"),
    "export.download": _("下载导出文件"),
    "demo.load": _("载入演示数据"),
}

OBJECT_TYPE_LABELS: dict[str, Any] = {
    "accounts.user": _("用户"),
    "accounts.roleassignment": _("角色授权"),
    "accounts.apitoken": _("接口令牌"),
    "orgs.jurisdiction": _("党委"),
    "orgs.organization": _("党组织"),
    "orgs.person": _("干部"),
    "rules.timelimits": _("期限参数"),
    "inspections.inspection": _("巡察"),
    "inspections.round": _("轮次"),
    "inspections.team": _("巡察组"),
    "planning.workplan": _("工作方案"),
    "core.backgroundjob": _("后台任务"),
}

# Colour of the result badge (the classes of app.css).
RESULT_COLORS: dict[str, str] = {AuditResult.SUCCESS: "success", AuditResult.DENIED: "warning",
                                 AuditResult.FAILURE: "danger"}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def object_type_label(object_type: str) -> str:
    return str(OBJECT_TYPE_LABELS.get(object_type, object_type))


def role_labels(actor_role: str) -> list[str]:
    """"office_staff,team_member" → their Chinese names (an unknown code is kept as it is)."""
    labels = []
    for code in filter(None, actor_role.split(",")):
        try:
            labels.append(str(Role(code).label))
        except ValueError:
            labels.append(code)
    return labels


def decorate_event(event: AuditEvent) -> AuditEvent:
    """Display values for one row (labels are looked up when shown, never stored)."""
    event.action_label = action_label(event.action)  # type: ignore[attr-defined]
    event.object_type_label = object_type_label(event.object_type)  # type: ignore[attr-defined]
    event.role_labels = role_labels(event.actor_role)  # type: ignore[attr-defined]
    event.result_color = RESULT_COLORS.get(event.result, "secondary")  # type: ignore[attr-defined]
    return event


def username_prefix(queryset: QuerySet[AuditEvent], prefix: str) -> QuerySet[AuditEvent]:
    """Events of users whose name starts with ``prefix``, by an index range scan on both databases: PostgreSQL's
    LIKE 'x%' uses the pattern index of the column; SQLite's LIKE is case-insensitive and uses no index, so a
    range on the (binary-ordered) column bounds it first."""
    queryset = queryset.filter(actor_username__startswith=prefix)
    if connection.vendor == "sqlite":
        queryset = queryset.filter(actor_username__gte=prefix, actor_username__lt=prefix + "\U0010ffff")
    return queryset


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the site's time zone (Asia/Shanghai): dates typed by the auditor are local."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _text(placeholder: Any, **attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", "placeholder": placeholder, "autocomplete": "off",
                                  "maxlength": 150, **attrs})


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class AuditEventFilter(django_filters.FilterSet):
    # Any event code, not only those named above: every app writes its own (a code ending in "." asks for the
    # whole family, e.g. "petition." for every petition event). The page offers the named ones as a list.
    action = django_filters.CharFilter(label=_("事件"), method="filter_action", max_length=60,
                                       widget=_text(_("事件代码，如 person.read；以“.”结尾为一类"),
                                                    list="action-options"))
    # Exact name or its beginning, on the indexed column (a "contains" search would read the whole log).
    actor = django_filters.CharFilter(label=_("用户名"), method="filter_actor", max_length=150,
                                      widget=_text(_("用户名或其开头")))
    object_type = django_filters.CharFilter(label=_("对象类型"), field_name="object_type", max_length=60,
                                            widget=_text(_("如 orgs.person"), list="object-type-options"))
    object_id = django_filters.CharFilter(label=_("对象编号"), field_name="object_id", max_length=40,
                                          widget=_text(_("编号"), inputmode="numeric"))
    result = django_filters.ChoiceFilter(label=_("结果"), choices=AuditResult.choices, empty_label=_("全部结果"),
                                         widget=forms.Select(attrs={"class": "form-select"}))
    date_from = django_filters.DateFilter(label=_("起始日期"), method="filter_from", widget=_date())
    date_to = django_filters.DateFilter(label=_("截止日期"), method="filter_to", widget=_date())

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "object_type", "object_id", "result", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.error_messages.update({"invalid": _("格式不正确。"), "invalid_choice": _("不是可选的值。")})
        self.form.fields["date_from"].error_messages["invalid"] = _("请输入有效日期，如 2024-03-01。")
        self.form.fields["date_to"].error_messages["invalid"] = _("请输入有效日期，如 2024-03-31。")
        self.form.clean = self._clean_dates

    def _clean_dates(self) -> dict[str, Any]:
        data = forms.Form.clean(self.form) or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.form.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def filter_action(self, queryset: QuerySet[AuditEvent], name: str, value: str) -> QuerySet[AuditEvent]:
        value = value.strip()
        if value.endswith("."):
            return queryset.filter(action__startswith=value)
        return queryset.filter(action=value)

    def filter_actor(self, queryset: QuerySet[AuditEvent], name: str, value: str) -> QuerySet[AuditEvent]:
        return username_prefix(queryset, value)

    def filter_from(self, queryset: QuerySet[AuditEvent], name: str, value: datetime.date) -> QuerySet[AuditEvent]:
        return queryset.filter(created_at__gte=_day_start(value))

    def filter_to(self, queryset: QuerySet[AuditEvent], name: str, value: datetime.date) -> QuerySet[AuditEvent]:
        try:
            end = _day_start(value + datetime.timedelta(days=1))
        except OverflowError:  # 9999-12-31: nothing lies after it
            return queryset
        return queryset.filter(created_at__lt=end)
