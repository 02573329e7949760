from django.urls import include, path

from xuncha.accounts import urls as accounts_urls
from xuncha.administration import urls as administration_urls

urlpatterns = [
    path("", include("xuncha.core.urls")),
    path("", include("xuncha.dashboards.urls")),
    # Sign-in (accounts) and the administrators' pages (administration) share the "accounts" namespace.
    path("accounts/", include((accounts_urls.urlpatterns + administration_urls.urlpatterns, "accounts"))),
    path("orgs/", include("xuncha.directory.urls")),
    path("planning/", include("xuncha.planning.urls")),
    path("pool/", include("xuncha.pool.urls")),
    # The dictionaries: frameworks, the basis library (定性依据) and the wording library (定性用语).
    path("", include("xuncha.taxonomy.urls")),
    # The feature areas of one inspection (each app's own urls.py, paths under inspections/<pk>/…).
    path("", include("xuncha.fieldwork.urls")),
    path("", include("xuncha.petitions.urls")),
    # The offline captcha of the public petition page (django-simple-captcha: images drawn on this server).
    path("captcha/", include("captcha.urls")),
    path("", include("xuncha.surveys.urls")),
    path("", include("xuncha.findings.urls")),
    path("", include("xuncha.leads.urls")),
    path("", include("xuncha.notices.urls")),
    path("", include("xuncha.reports.urls")),
    path("", include("xuncha.documents.urls")),
    path("audit/", include((administration_urls.audit_urlpatterns, "audit"))),
    path("api/v1/", include("xuncha.api.urls")),
]

handler400 = "xuncha.core.views.bad_request"
handler403 = "xuncha.core.views.permission_denied"
handler404 = "xuncha.core.views.page_not_found"
handler500 = "xuncha.core.views.server_error"
