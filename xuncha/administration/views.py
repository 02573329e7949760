"""The pages of the three administrators (三员): the system administrator's accounts and configuration (time
limits, planning rules), the security administrator's role assignments. Thin views: selectors read, the
services write and audit. The security auditor's pages are ``administration.audit_views``."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.accounts import signin
from xuncha.accounts.models import RecoveryCodeDevice, User
from xuncha.accounts.pages import render_page
from xuncha.accounts.roles import ROLE_SCOPE, Cap, Role
from xuncha.accounts.selectors import require_capability
from xuncha.accounts.services import (
    role_grant,
    role_grant_refused,
    role_revoke,
    user_create,
    user_otp_reset,
    user_password_reset,
    user_set_active,
)
from xuncha.administration import selectors
from xuncha.administration.filters import RoleAssignmentFilter, UserFilter
from xuncha.administration.forms import (
    PlanningRulesForm,
    RoleGrantForm,
    TimeLimitsForm,
    UserCreateForm,
    limit_label,
    limit_unit,
)
from xuncha.administration.tables import RoleAssignmentTable, UserTable
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError
from xuncha.core.forms import submit
from xuncha.core.lists import show_table
from xuncha.rules.models import PlanningPolicy, RecusalPolicy, TimeLimits
from xuncha.rules.selectors import inherited_time_limits
from xuncha.rules.services import planning_rules_save, time_limits_reset


def _actor(request: HttpRequest) -> User:
    """The signed-in user (every view below is behind ``login_required``)."""
    return cast(User, request.user)


# ---- Accounts (系统管理员) --------------------------------------------------------------------------------------


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    filterset = UserFilter(request.GET, queryset=selectors.user_list(actor=_actor(request)), request=request)
    context = {
        "filter": filterset, "table": show_table(request, UserTable(filterset.qs)),
        "counts": selectors.account_counts(actor=_actor(request)),
        "crumbs": [(_("用户管理"), None)],
    }
    return render_page(request, "administration/user_list.html", context, partial="user-results")


@login_required
@require_http_methods(["GET", "POST"])
def user_create_view(request: HttpRequest) -> HttpResponse:
    require_capability(_actor(request), Cap.MANAGE_ACCOUNTS)
    form = UserCreateForm(request.POST or None, actor=_actor(request))
    if request.method == "POST":
        done = submit(form, lambda data: user_create(
            actor=_actor(request), username=data["username"], display_name=data["display_name"],
            password=data["password1"], person=data.get("person")))
        if done.ok:
            messages.success(request, _("已新建用户 %(name)s。授予角色请联系安全保密管理员。") % {
                "name": done.value.username})
            return redirect("accounts:user-list")
    context = {
        "form": form,
        # A cadre picked before the form came back with errors is named again (no script needed).
        "chosen_person": getattr(form, "cleaned_data", {}).get("person"),
        "crumbs": [(_("用户管理"), reverse("accounts:user-list")), (_("新建用户"), None)],
    }
    return render(request, "administration/user_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def person_search(request: HttpRequest) -> HttpResponse:
    """Candidates for linking an account to a cadre (htmx fragment): name and unit only."""
    q = request.GET.get("q", "")[: selectors.SEARCH_MAX_LENGTH]
    people = selectors.person_search(actor=_actor(request), q=q)
    if q.strip():
        # Names and units of cadres, read by an administrator: audited like every read of people data.
        audit_record("person.search", actor=_actor(request), object_type="orgs.person",
                     details={"q": q.strip(), "count": len(people), "via": "account_linking"})
    return render(request, "administration/_person_results.html", {"people": people, "q": request.GET.get("q", "")})


@login_required
@require_POST
def user_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.user_get(actor=_actor(request), pk=pk)
    try:
        user_set_active(actor=_actor(request), user=user, active=not user.is_active)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if user.is_active:
            messages.success(request, _("已启用用户 %(name)s。") % {"name": user.username})
        else:
            messages.success(request, _("已停用用户 %(name)s，其登录会话随即失效。") % {"name": user.username})
    # Back to the same filtered page; the query string is re-encoded, never passed through as is.
    back = QueryDict(request.POST.get("back", "")[:500]).urlencode()
    return redirect(f"{reverse('accounts:user-list')}?{back}" if back else reverse("accounts:user-list"))


@login_required
@require_GET
def user_security(request: HttpRequest, pk: int) -> HttpResponse:
    """The system administrator's view of one account's sign-in security, with the two resets."""
    user = selectors.user_get(actor=_actor(request), pk=pk)
    recovery = RecoveryCodeDevice.objects.filter(user=user).first()
    context = {
        "account": user, "totp": signin.confirmed_totp(user), "required": signin.second_factor_required(user),
        "recovery_left": recovery.remaining() if recovery else 0, "self": user.pk == request.user.pk,
        "crumbs": [(_("用户管理"), reverse("accounts:user-list")), (user.username, None)],
    }
    return render(request, "administration/user_security.html", context)


@login_required
@require_POST
def user_password_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.user_get(actor=_actor(request), pk=pk)
    try:
        password = user_password_reset(actor=_actor(request), user=user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:user-security", pk=user.pk)
    context = {"account": user, "password": password,
               "crumbs": [(_("用户管理"), reverse("accounts:user-list")), (user.username, None)]}
    return render(request, "administration/user_password_reset.html", context)


@login_required
@require_POST
def user_otp_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = selectors.user_get(actor=_actor(request), pk=pk)
    try:
        user_otp_reset(actor=_actor(request), user=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已重置 %(name)s 的双因素认证，其下次登录时须重新绑定动态口令。") % {
            "name": user.username})
    return redirect("accounts:user-security", pk=user.pk)


# ---- Time limits (系统管理员) ----------------------------------------------------------------------------------

# The figures shown in the overview table; the edit page shows all of them.
SUMMARY_FIELDS = ["notice_days_before_entry", "fieldwork_days_routine", "fieldwork_days_special",
                  "rectification_plan_due_working_days", "rectification_report_due_months", "coverage_cycle_years"]


@login_required
@require_GET
def time_limits_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.time_limits_list(actor=_actor(request))
    columns = [(f, limit_label(f), limit_unit(f)) for f in SUMMARY_FIELDS if f in TimeLimits.editable_fields()]
    defaults = TimeLimits()
    # A value that departs from the built-in default is marked, so local settings stand out.
    table = [{"row": r, "values": [(r.value(f), r.value(f) != getattr(defaults, f)) for f, _l, _u in columns]}
             for r in rows]
    context = {"table": table, "columns": columns, "crumbs": [(_("期限参数"), None)]}
    return render(request, "administration/time_limits_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def time_limits_edit(request: HttpRequest, pk: int) -> HttpResponse:
    effective = selectors.time_limits_get(actor=_actor(request), pk=pk)
    jurisdiction = effective.jurisdiction
    form = TimeLimitsForm(request.POST or None, jurisdiction=jurisdiction, current=effective.limits)
    if request.method == "POST" and form.is_valid():
        changes = form.save(actor=_actor(request))
        if changes:
            messages.success(request, _("已保存%(name)s的期限参数，修改了 %(n)s 项。") % {
                "name": jurisdiction.committee_name, "n": len(changes)})
        else:
            messages.info(request, _("期限参数没有变化。"))
        return redirect("accounts:time-limits-edit", pk=jurisdiction.pk)
    context = {
        "form": form, "effective": effective, "jurisdiction": jurisdiction,
        "inherited": inherited_time_limits(jurisdiction) if effective.own else None,
        "crumbs": [(_("期限参数"), reverse("accounts:time-limits-list")), (jurisdiction.committee_name, None)],
    }
    return render(request, "administration/time_limits_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def time_limits_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    effective = selectors.time_limits_get(actor=_actor(request), pk=pk)
    changes = time_limits_reset(actor=_actor(request), jurisdiction=effective.jurisdiction)
    if changes is None:
        messages.info(request, _("本级没有单独设定期限参数，无需恢复。"))
    else:
        messages.success(request, _("已恢复继承：%(name)s改用上级（或系统默认）期限参数。") % {
            "name": effective.jurisdiction.committee_name})
    return redirect("accounts:time-limits-edit", pk=effective.jurisdiction.pk)


# ---- Role assignments (安全保密管理员) -------------------------------------------------------------------------


@login_required
@require_GET
def role_list(request: HttpRequest) -> HttpResponse:
    filterset = RoleAssignmentFilter(request.GET, queryset=selectors.role_assignment_list(actor=_actor(request)),
                                     request=request)
    context = {
        "filter": filterset, "table": show_table(request, RoleAssignmentTable(filterset.qs)),
        "summary": selectors.role_summary(actor=_actor(request)),
        "crumbs": [(_("角色授权"), None)],
    }
    return render_page(request, "administration/role_list.html", context, partial="role-results")


@login_required
@require_http_methods(["GET", "POST"])
def role_grant_view(request: HttpRequest) -> HttpResponse:
    require_capability(_actor(request), Cap.MANAGE_ROLES)
    initial = {"user": request.GET.get("user", "")[:150]}
    form = RoleGrantForm(request.POST or None, actor=_actor(request), initial=initial)
    valid = request.method == "POST" and form.is_valid()
    if valid:
        # A refusal is audited by the service.
        done = submit(form, lambda data: role_grant(actor=_actor(request), user=data["user"], role=data["role"],
                                                    reason=data.get("reason", ""), **form.scope()))
        if done.ok:
            assignment = done.value
            messages.success(request, _("已为 %(user)s 授予“%(role)s”（%(scope)s），即时生效。") % {
                "user": assignment.user.username, "role": Role(assignment.role).label,
                "scope": selectors.scope_label(assignment)})
            return redirect("accounts:role-list")
    elif request.method == "POST":
        reason = "；".join(
            (f"{form[name].label}：" if name in form.fields else "") + "；".join(str(e) for e in errors)
            for name, errors in form.errors.items())
        role_grant_refused(actor=_actor(request), username=str(request.POST.get("user", "")),
                           role=str(request.POST.get("role", "")), reason=reason)
    context = {
        "form": form,
        "role_scopes": {role: str(kind) for role, kind in ROLE_SCOPE.items()},
        "user_options": selectors.grantable_users(_actor(request)).only("username", "display_name")[:300],
        "crumbs": [(_("角色授权"), reverse("accounts:role-list")), (_("授予角色"), None)],
    }
    return render(request, "administration/role_grant.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def role_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.role_assignment_get(actor=_actor(request), pk=pk)
    try:
        # The service refuses (and audits) revoking one's own role or a revoked one.
        role_revoke(actor=_actor(request), assignment=assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已撤销 %(user)s 的“%(role)s”，即时生效。") % {
            "user": assignment.user.username, "role": Role(assignment.role).label})
    return redirect("accounts:role-list")


# ---- Planning rules (组建和回避规则, 系统管理员) -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def planning_rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = selectors.time_limits_get(actor=_actor(request), pk=pk).jurisdiction
    form = PlanningRulesForm(request.POST or None, severities=RecusalPolicy.effective_for(jurisdiction),
                             policy=PlanningPolicy.effective_for(jurisdiction))
    if request.method == "POST":
        done = submit(form, lambda data: planning_rules_save(
            actor=_actor(request), jurisdiction=jurisdiction, severities=form.severities(), policy=form.policy()))
        if done.ok:
            messages.success(request, _("已保存%(name)s的组建和回避规则，修改了 %(n)s 项。") % {
                "name": jurisdiction.committee_name, "n": len(done.value)})
            return redirect("accounts:planning-rules-edit", pk=jurisdiction.pk)
    context = {
        "form": form, "jurisdiction": jurisdiction,
        "rule_fields": [form[name] for name in form.rule_fields],
        "crumbs": [(_("期限参数"), reverse("accounts:time-limits-list")), (jurisdiction.committee_name, None)],
    }
    return render(request, "administration/planning_rules_form.html", context, status=400 if form.errors else 200)
