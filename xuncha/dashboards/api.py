"""The to-do list (待办) over the API: the same list as the work page, paginated like every list."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Query, Router

from xuncha.accounts.pages import INSPECTION_PAGE_CAPS
from xuncha.accounts.scope import scope_of
from xuncha.core.api import actor_of
from xuncha.core.api.pagination import MAX_PAGE_SIZE, paged
from xuncha.dashboards.schemas import TodoFilters, TodoOut
from xuncha.dashboards.todos import todos_for

router = Router(tags=["工作台"])


@router.get("/todos", response=paged(TodoOut), summary="待办事项")
def todo_list(request: HttpRequest, filters: Query[TodoFilters]) -> dict[str, Any]:
    """What waits for the caller: approvals, workflow steps whose date has come, deadlines near; most pressing
    first. The three administrators (no business roles) get 404, like the page."""
    actor = actor_of(request)
    if not scope_of(actor).capabilities() & INSPECTION_PAGE_CAPS:
        raise Http404("页面不存在或无权查看。")
    todos = todos_for(actor)
    size = min(filters.page_size or settings.XUNCHA_PAGE_SIZE, settings.XUNCHA_MAX_PAGE_SIZE, MAX_PAGE_SIZE)
    offset = (filters.page - 1) * size
    return {"count": len(todos), "page": filters.page, "page_size": size, "results": todos[offset:offset + size]}
