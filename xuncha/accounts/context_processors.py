"""Navigation built from the user's capabilities: a menu never offers what the scope would refuse.

An app may put a count on one of the items (the to-do badge) with ``register_nav_badge`` from its
``AppConfig.ready``; the menu never imports the app. The count is fetched by the menu from the app's fragment
once the page has loaded, so no page pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap, Role
from xuncha.accounts.scope import scope_of
from xuncha.accounts.signin import pending_step
from xuncha.core.models import BusinessClock


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    icon: str
    caps: frozenset[Cap] | None  # None: every signed-in user


NAV: list[NavItem] = [
    NavItem(_("工作台"), "dashboards:home", "speedometer2", None),
    NavItem(_("待办"), "dashboards:todo-list", "list-check", frozenset({Cap.VIEW_PLANNING, Cap.VIEW_OWN_INSPECTION})),
    NavItem(_("巡察"), "planning:inspection-list", "clipboard-check",
            frozenset({Cap.VIEW_PLANNING, Cap.VIEW_OWN_INSPECTION})),
    NavItem(_("问题线索"), "leads:lead-list", "send", frozenset({Cap.VIEW_LEADS})),
    NavItem(_("巡察报告"), "reports:report-list", "file-earmark-text", frozenset({Cap.VIEW_REPORTS})),
    NavItem(_("届次与轮次"), "planning:term-list", "calendar3", frozenset({Cap.VIEW_PLANNING})),
    NavItem(_("党组织"), "orgs:organization-list", "diagram-3",
            frozenset({Cap.VIEW_PLANNING, Cap.MANAGE_ROLES, Cap.MANAGE_ACCOUNTS})),
    NavItem(_("党委"), "orgs:jurisdiction-list", "bank",
            frozenset({Cap.VIEW_PLANNING, Cap.MANAGE_ROLES, Cap.MANAGE_ACCOUNTS, Cap.MANAGE_CONFIGURATION})),
    NavItem(_("干部"), "orgs:person-list", "people", frozenset({Cap.VIEW_PEOPLE})),
    NavItem(_("巡察干部库"), "pool:profile-list", "person-vcard", frozenset({Cap.VIEW_POOL})),
    NavItem(_("用户管理"), "accounts:user-list", "person-gear", frozenset({Cap.MANAGE_ACCOUNTS})),
    NavItem(_("期限参数"), "accounts:time-limits-list", "sliders", frozenset({Cap.MANAGE_CONFIGURATION})),
    NavItem(_("角色授权"), "accounts:role-list", "key", frozenset({Cap.MANAGE_ROLES})),
    NavItem(_("审计日志"), "audit:event-list", "journal-text", frozenset({Cap.VIEW_AUDIT})),
]

# url name of a menu item → url name of the fragment that shows its count (registered by the app that owns both).
NAV_BADGES: dict[str, str] = {}


def register_nav_badge(url_name: str, badge_url_name: str) -> None:
    """Show a count on the menu item of ``url_name`` (called from an app's ``ready``). The menu fetches it from
    ``badge_url_name`` once the page has loaded: counting (every app's to-dos) is never part of a page's own cost."""
    NAV_BADGES[url_name] = badge_url_name


def business_clock() -> dict[str, Any]:
    """The business date for the page header, and whether it differs from the real date (the demo's clock)."""
    row = BusinessClock.objects.filter(pk=1, business_date__isnull=False).first()
    today = timezone.localdate()
    if row is None or row.business_date == today:
        return {"business_today": today, "business_date_simulated": False}
    return {"business_today": row.business_date, "business_date_simulated": True,
            "business_date_reason": row.reason}


def navigation(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"site_name": settings.XUNCHA_SITE_NAME}
    user = getattr(request, "user", None)
    # No menu before every sign-in step is done (the second factor, a password to change): its items, and the
    # to-do badge it fetches, would only lead back to the step.
    if user is None or not user.is_authenticated or pending_step(request) is not None:
        return context
    scope = scope_of(user)
    caps = scope.capabilities()
    path = request.path
    items = []
    for item in NAV:
        if item.caps is not None and not (caps & item.caps):
            continue
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        badge = NAV_BADGES.get(item.url_name)
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": active,
                      "badge_url": reverse(badge) if badge else ""})
    context["nav_items"] = items
    context.update(business_clock())
    context["user_role_labels"] = [Role(r).label for r in sorted(scope.roles)]
    return context
