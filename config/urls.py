from django.urls import include, path

urlpatterns = [
    path("", include("xuncha.core.urls")),
    path("", include("xuncha.dashboards.urls")),
    path("accounts/", include("xuncha.accounts.urls")),
    path("orgs/", include("xuncha.directory.urls")),
    path("planning/", include("xuncha.planning.urls")),
    path("pool/", include("xuncha.pool.urls")),
    path("audit/", include("xuncha.audit.urls")),
    path("api/v1/", include("xuncha.api.urls")),
]

handler400 = "xuncha.core.views.bad_request"
handler403 = "xuncha.core.views.permission_denied"
handler404 = "xuncha.core.views.page_not_found"
handler500 = "xuncha.core.views.server_error"
