"""The work page (工作台) and the to-do list (待办)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xuncha.accounts.pages import INSPECTION_PAGE_CAPS, require_any_capability
from xuncha.core.pagination import paginate
from xuncha.dashboards.home import home_sections
from xuncha.dashboards.todos import request_todos, todo_count

HOME_TASKS_SHOWN = 8  # the work page shows the most pressing ones; the to-do page all of them
# Who has a to-do list at all: the business roles (the three administrators see no business data); the
# same capabilities as the menu item in accounts.context_processors.
TASK_PAGE_CAPS = INSPECTION_PAGE_CAPS


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The work page: the user's to-dos, then one section per kind of role the user holds."""
    todos = request_todos(request)
    return render(request, "dashboards/home.html", {
        "sections": home_sections(request.user), "todos": todos[:HOME_TASKS_SHOWN], "todo_total": len(todos),
    })


@login_required
@require_GET
def todo_badge(request: HttpRequest) -> HttpResponse:
    """The menu's count of to-dos, fetched by the menu after the page has loaded (nothing when there is none)."""
    require_any_capability(request, TASK_PAGE_CAPS)
    return render(request, "dashboards/todo_badge.html", {"count": todo_count(request)})


@login_required
@require_GET
def todo_list(request: HttpRequest) -> HttpResponse:
    """Everything waiting for the user (待办), most pressing first."""
    require_any_capability(request, TASK_PAGE_CAPS)
    return render(request, "dashboards/todo_list.html", {"page_obj": paginate(request, request_todos(request))})
