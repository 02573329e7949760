"""The audit log pages: the security auditor alone reads them (三员分立, AUD-09); for everyone else they do not
exist (404). There is no edit and no delete anywhere: the log is append-only (AUD-03)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.accounts.pages import signed_in
from xuncha.accounts.roles import Role
from xuncha.accounts.scope import scope_of
from xuncha.administration.audit_filters import ACTION_LABELS, OBJECT_TYPE_LABELS, AuditEventFilter, decorate_event
from xuncha.administration.audit_tasks import JOB_KIND, audit_verify_start
from xuncha.audit.models import AuditEvent
from xuncha.audit.services import event_hash
from xuncha.core.models import BackgroundJob
from xuncha.core.pagination import keyset_paginate
from xuncha.core.scoping import access


def require_auditor(request: HttpRequest) -> None:
    if not scope_of(request.user).has_role(Role.SECURITY_AUDITOR):
        raise Http404("页面不存在或无权查看。")


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    require_auditor(request)
    filterset = AuditEventFilter(request.GET, queryset=AuditEvent.objects.visible_to(request.user))
    # Keyset pages: a log of hundreds of millions of rows is never counted nor skipped through (AUD-10).
    page_obj = keyset_paginate(request, filterset.qs)
    for event in page_obj:
        decorate_event(event)
    context = {
        "filter": filterset, "page_obj": page_obj, "object_types": OBJECT_TYPE_LABELS, "actions": ACTION_LABELS,
        "crumbs": [(_("审计日志"), None)],
    }
    template = "administration/audit/event_list.html"
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        template += "#event-results"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_auditor(request)
    visible = AuditEvent.objects.visible_to(request.user)
    event = visible.filter(pk=pk).first()
    if event is None:
        raise Http404("审计记录不存在。")
    decorate_event(event)
    previous = visible.filter(pk__lt=event.pk).order_by("-pk").first()
    following = visible.filter(pk__gt=event.pk).order_by("pk").first()
    values = {f: getattr(event, f) for f in ("created_at", "actor_id", "actor_username", "actor_role", "action",
                                             "object_type", "object_id", "object_repr", "result", "client_ip",
                                             "request_id", "details")}
    try:
        details: Any = json.loads(event.details or "{}")
        details_text = json.dumps(details, ensure_ascii=False, indent=2, sort_keys=True)
    except ValueError:
        details_text = event.details
    context = {
        "event": event,
        "details_text": details_text,
        "previous": previous,
        "following": following,
        # This row on its own: its content matches its hash, and it links to the row before it.
        "content_ok": event_hash(event.prev_hash, values) == event.hash,
        "link_ok": previous is None or previous.hash == event.prev_hash,
        "crumbs": [(_("审计日志"), reverse("audit:event-list")), (f"#{event.pk}", None)],
    }
    return render(request, "administration/audit/event_detail.html", context)


def _job_for(request: HttpRequest, pk: int) -> BackgroundJob:
    return access(BackgroundJob, request.user, pk, queryset=BackgroundJob.objects.filter(kind=JOB_KIND))


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@login_required
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    """Start verifying the whole chain on the task worker; answer with the status fragment that polls."""
    require_auditor(request)
    job = audit_verify_start(actor=signed_in(request))
    if not _is_htmx(request):
        return redirect("audit:verify-status", pk=job.pk)
    return render(request, "administration/audit/_verify_status.html", {"job": job}, status=202)


@login_required
@require_GET
def verify_status(request: HttpRequest, pk: int) -> HttpResponse:
    require_auditor(request)
    job = _job_for(request, pk)
    template = "administration/audit/_verify_status.html" if _is_htmx(request) else "administration/audit/verify.html"
    context = {"job": job, "crumbs": [(_("审计日志"), reverse("audit:event-list")), (_("校验哈希链"), None)]}
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
