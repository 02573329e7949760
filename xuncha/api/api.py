"""The REST API under ``/api/v1/`` (django-ninja): one ``NinjaAPI``, one router per part of the domain.

Authentication is a bearer token or the browser session (CSRF for unsafe methods). Scope lives in the
data layer: every endpoint reads through ``visible_to(user)`` or an ``access_*`` chokepoint, so an object
out of scope answers 404 like one that does not exist; a visible object whose action the caller's
roles do not allow answers 403.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from ninja import NinjaAPI
from ninja.operation import Operation

from xuncha.accounts import api as accounts_api
from xuncha.accounts.api_auth import bearer_auth, session_auth
from xuncha.administration import api as administration_api
from xuncha.administration import audit_api
from xuncha.api.docs import LocalSwagger, docs_require_user
from xuncha.api.throttling import SettingsUserRateThrottle
from xuncha.core.api.errors import install_error_handlers
from xuncha.dashboards import api as dashboards_api
from xuncha.documents import api as documents_api
from xuncha.fieldwork import api as fieldwork_api
from xuncha.findings import api as findings_api
from xuncha.inspections import api as inspections_api
from xuncha.leads import api as leads_api
from xuncha.notices import api as notices_api
from xuncha.orgs import api as orgs_api
from xuncha.petitions import api as petitions_api
from xuncha.planning import api as planning_api
from xuncha.pool import api as pool_api
from xuncha.reports import api as reports_api
from xuncha.rules import api as rules_api
from xuncha.surveys import api as surveys_api
from xuncha.taxonomy import api as taxonomy_api

DESCRIPTION = """
巡察工作管理系统的接口。

**认证**：请求头 `Authorization: Bearer <令牌>`（令牌由 `manage.py create_api_token` 签发），
或浏览器已登录的会话（非 GET 请求须带 `X-CSRFToken`）。未认证返回 401。

**范围**：只返回调用者角色范围内的数据；范围外的对象与不存在的对象一样返回 404；
可见但角色无权执行的操作返回 403。系统管理员、安全保密管理员、安全审计员看不到业务数据。

**错误**：统一为 `{"code", "message", "fields"}`，`message` 为中文。参数错误 422，业务规则不允许 400，
状态不允许 409。

**分页**：列表接口接受 `page`、`page_size`（最大 200），返回 `{"count", "page", "page_size", "results"}`。
"""

class XunchaAPI(NinjaAPI):
    _schemas: dict[str, Any]

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> Any:
        # Built once per process: the routes do not change while it runs, and building costs ~300 ms CPU.
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_schemas", {})
        if path_prefix not in cache:
            cache[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return cache[path_prefix]

    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The view function's name, which is also its URL name (api:inspection_detail).
        return str(operation.view_func.__name__)


api = XunchaAPI(
    title="巡察工作管理系统 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[bearer_auth, session_auth],
    docs=LocalSwagger(),
    docs_decorator=docs_require_user,
    throttle=[SettingsUserRateThrottle()],
)
install_error_handlers(api)
# Each app owns its router (its own api.py); this is only the assembly.
for _router in (accounts_api.router, administration_api.router, orgs_api.router, rules_api.router,
                taxonomy_api.router, inspections_api.router, *planning_api.routers, pool_api.router, audit_api.router,
                fieldwork_api.router, petitions_api.router, surveys_api.router, findings_api.router, leads_api.router,
                notices_api.router, documents_api.router, reports_api.router, dashboards_api.router):
    api.add_router("", _router)


def route_table(*, include_docs: bool = True) -> list[tuple[str, str]]:
    """Every API route as ``(METHOD, path template)``, e.g. ``("GET", "/api/v1/inspections/{inspection_id}")``,
    sorted; for the permission-matrix completeness test. ``include_docs`` adds the schema and docs pages."""
    root = reverse("api:api-root")
    schema = api.get_openapi_schema(path_prefix=root.strip("/") + "/")
    routes = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }
    if include_docs:
        routes |= {("GET", reverse("api:openapi-json")), ("GET", reverse("api:openapi-view"))}
    return sorted(routes, key=lambda r: (r[1], r[0]))
