"""The filters of the administrators' lists: the accounts page and the role assignments (whose FilterSet is also
the query parameters of ``GET /api/v1/role-assignments``, ``core.lists.filter_schema``). A value outside the
choices is shown and ignored on the page, a 422 in the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Role
from xuncha.administration.selectors import SEARCH_MAX_LENGTH


def _search(placeholder: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "class": "form-control", "placeholder": placeholder,
                                  "autocomplete": "off"})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


class RoleAssignmentFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(label=_("角色"), choices=Role.choices, empty_label=_("全部角色"),
                                       widget=_select())
    user = django_filters.CharFilter(label=_("用户"), method="filter_user", max_length=SEARCH_MAX_LENGTH,
                                     widget=_search(_("用户名或姓名")))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=[("active", _("有效")), ("revoked", _("已撤销"))],
                                         empty_label=_("全部"), method="filter_status", widget=_select())

    class Meta:
        model = RoleAssignment
        fields = ["role", "user", "status"]

    def filter_user(self, queryset: QuerySet[RoleAssignment], name: str, value: str) -> QuerySet[RoleAssignment]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(user__username__icontains=value) | Q(user__display_name__icontains=value))

    def filter_status(self, queryset: QuerySet[RoleAssignment], name: str, value: str) -> QuerySet[RoleAssignment]:
        return queryset.filter(is_active=value == "active") if value else queryset


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("用户名或姓名"), method="filter_q", max_length=SEARCH_MAX_LENGTH,
                                  widget=_search(_("用户名或姓名")))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=[("active", _("启用")), ("disabled", _("停用")), ("never", _("从未登录"))],
        empty_label=_("全部"), method="filter_status", widget=_select())

    class Meta:
        model = User
        fields = ["q", "status"]

    def filter_q(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value) | Q(display_name__icontains=value))

    def filter_status(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        if value == "active":
            return queryset.filter(is_active=True)
        if value == "disabled":
            return queryset.filter(is_active=False)
        if value == "never":
            return queryset.filter(last_login__isnull=True)
        return queryset
