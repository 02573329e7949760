"""The tables of the system administrator's accounts page and the security administrator's role assignments.
Cells read what the selectors load (the active roles prefetched; the user, scope object and granter joined) and
``scope_label`` of the row: no query per row. Action cells carry their forms (the CSRF token of the request)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.models import RoleAssignment, User
from xuncha.administration import selectors
from xuncha.core.lists import Table


def _when(value: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


def _row_class(record: Any) -> str:
    return "" if record.is_active else "row-disabled"


def _active_badge(active: bool, yes: Any, no: Any) -> SafeString:
    return format_html('<span class="badge status-badge status-{}">{}</span>', "success" if active else "secondary",
                       yes if active else no)


class UserTable(Table):
    username = tables.Column(verbose_name=_("用户名"), orderable=True, attrs={"td": {"class": "font-monospace"}})
    display_name = tables.Column(verbose_name=_("姓名"), default="—")
    roles = tables.Column(verbose_name=_("角色"), accessor="pk")
    is_active = tables.Column(verbose_name=_("状态"))
    last_login = tables.Column(verbose_name=_("最近登录"), orderable=True, empty_values=(),
                               attrs={"td": {"class": "small text-nowrap"}})
    date_joined = tables.Column(verbose_name=_("创建时间"), orderable=True,
                                attrs={"td": {"class": "small text-nowrap text-muted"}})
    actions = tables.Column(verbose_name=_("操作"), accessor="pk",
                            attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}})

    empty_icon = "people"
    caption = _("用户列表")

    class Meta(Table.Meta):
        model = User
        fields = ("username", "display_name", "roles", "is_active", "last_login", "date_joined", "actions")
        row_attrs = {"class": _row_class}
        empty_text = _("没有符合条件的用户。")

    def render_roles(self, record: User) -> SafeString:
        labels = selectors.role_labels_of(record)
        if not labels:
            return format_html('<span class="text-muted small">{}</span>', _("未授予角色"))
        return format_html_join(" ", '<span class="badge role-name-badge">{}</span>', ((label,) for label in labels))

    def render_is_active(self, record: User) -> SafeString:
        return _active_badge(record.is_active, _("启用"), _("停用"))

    def render_last_login(self, record: User) -> SafeString:
        if record.last_login:
            return format_html("{}", _when(record.last_login))
        return format_html('<span class="text-muted">{}</span>', _("从未登录"))

    def render_date_joined(self, record: User) -> str:
        return _when(record.date_joined, "%Y-%m-%d")

    def render_actions(self, record: User) -> SafeString:
        request = self.request
        if record.pk == request.user.pk:
            return format_html('<span class="text-muted small">{}</span>', _("当前账户"))
        security = format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}"><i class="bi bi-shield-lock" aria-hidden="true">'
            '</i> {}<span class="visually-hidden"> {}</span></a>',
            reverse("accounts:user-security", args=[record.pk]), _("登录安全"), record.username)
        if record.is_active:
            confirm = str(_("停用账户 {name}？停用后该用户立即无法登录，已登录的会话随即失效。")).format(
                name=record.username)
            button = format_html(
                '<button type="submit" class="btn btn-sm btn-outline-danger" data-confirm="{}">'
                '<i class="bi bi-person-slash" aria-hidden="true"></i> {}<span class="visually-hidden"> {}</span>'
                '</button>', confirm, _("停用"), record.username)
        else:
            button = format_html(
                '<button type="submit" class="btn btn-sm btn-outline-success">'
                '<i class="bi bi-person-check" aria-hidden="true"></i> {}<span class="visually-hidden"> {}</span>'
                '</button>', _("启用"), record.username)
        return format_html(
            '{}\n<form method="post" action="{}" class="d-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="back" value="{}">{}</form>',
            security, reverse("accounts:user-toggle-active", args=[record.pk]), get_token(request),
            request.GET.urlencode(), button)


class RoleAssignmentTable(Table):
    user = tables.Column(verbose_name=_("用户"), accessor="user__username")
    role = tables.Column(verbose_name=_("角色"))
    scope = tables.Column(verbose_name=_("绑定范围"), accessor="pk")
    is_active = tables.Column(verbose_name=_("状态"))
    granted_by = tables.Column(verbose_name=_("授权人"), accessor="granted_by__username", default="—",
                               attrs={"td": {"class": "small"}})
    created_at = tables.Column(verbose_name=_("授权时间"), orderable=True,
                               attrs={"td": {"class": "small text-nowrap"}})
    actions = tables.Column(verbose_name=_("操作"), accessor="pk",
                            attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}})

    empty_icon = "key"
    caption = _("角色授权列表")

    class Meta(Table.Meta):
        model = RoleAssignment
        fields = ("user", "role", "scope", "is_active", "granted_by", "created_at", "actions")
        row_attrs = {"class": _row_class}
        empty_text = _("没有符合条件的角色授权。")

    def render_user(self, record: RoleAssignment) -> SafeString:
        user = record.user
        parts = [format_html('<span class="font-monospace">{}</span>', user.username)]
        if user.display_name:
            parts.append(format_html(' <span class="text-muted small">{}</span>', user.display_name))
        if not user.is_active:
            parts.append(format_html(' <span class="badge status-badge status-secondary ms-1">{}</span>',
                                     _("账户停用")))
        return format_html_join("", "{}", ((p,) for p in parts))

    def render_role(self, record: RoleAssignment) -> SafeString:
        return format_html('<span class="badge role-name-badge">{}</span>', record.get_role_display())

    def render_scope(self, record: RoleAssignment) -> SafeString:
        icon = "people" if record.team_id else "building" if record.organization_id else "bank"
        return format_html('<i class="bi bi-{} text-muted" aria-hidden="true"></i> {}', icon,
                           selectors.scope_label(record))

    def render_is_active(self, record: RoleAssignment) -> SafeString:
        return _active_badge(record.is_active, _("有效"), _("已撤销"))

    def render_created_at(self, record: RoleAssignment) -> str:
        return _when(record.created_at)

    def render_actions(self, record: RoleAssignment) -> SafeString:
        if not record.is_active:
            return format_html('<a class="btn btn-sm btn-outline-secondary" href="{}?{}">{}</a>',
                               reverse("accounts:role-grant"), _query(user=record.user.username), _("重新授予"))
        if record.user_id == self.request.user.pk:
            return format_html('<span class="text-muted small">{}</span>', _("本人"))
        role = record.get_role_display()
        confirm = str(_("撤销 {name} 的“{role}”角色？撤销后立即生效。")).format(name=record.user.username, role=role)
        return format_html(
            '<form method="post" action="{}" class="d-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="btn btn-sm btn-outline-danger" data-confirm="{}">'
            '<i class="bi bi-x-circle" aria-hidden="true"></i> {}<span class="visually-hidden"> {} {}</span>'
            '</button></form>',
            reverse("accounts:role-revoke", args=[record.pk]), get_token(self.request), confirm, _("撤销"),
            record.user.username, role)


def _query(**params: str) -> str:
    return urlencode(params)
