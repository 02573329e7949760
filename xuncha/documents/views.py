"""Start the export of a formal text (.docx or .pdf) as a background job; the page shows its progress in place.

One endpoint for every registered kind of document (``services.register_document``): the kind's builder
decides who may export which record (404 out of scope, 403 without the right), exactly as for its page."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from xuncha.accounts.pages import signed_in, wants_partial
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.documents.services import document_export_start

JOB_PARAMETER = "document_job"


def _back(request: HttpRequest, job_id: int | None = None) -> str:
    """Where the form came from (``next``, same site only), with the job to show there."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    if job_id is None:
        return target
    parts = urlsplit(target)
    query = "&".join(filter(None, [parts.query, urlencode({JOB_PARAMETER: job_id})]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


@login_required
@require_POST
def document_export(request: HttpRequest, key: str, object_id: int, fmt: str) -> HttpResponseBase:
    """POST: queue the export. Over htmx the answer is the job's progress card (it polls until the download is
    ready); without JavaScript, a redirect back to the page, which shows the same card."""
    try:
        job = document_export_start(actor=signed_in(request), key=key, object_id=object_id, fmt=fmt)
    except CapabilityMissing as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        if wants_partial(request):
            return render(request, "documents/export_refused.html", {"message": exc.message}, status=400)
        messages.error(request, exc.message)
        return redirect(_back(request))
    if wants_partial(request):
        return render(request, "components/job_status.html", {"job": job})
    return redirect(_back(request, job.pk))


