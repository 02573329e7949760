"""The progress of a background job, polled by the page that started it, and its result file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xuncha.core.files import serve_private_file
from xuncha.core.models import BackgroundJob, JobStatus
from xuncha.core.scoping import access


@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = access(BackgroundJob, request.user, pk)
    return render(request, "components/job_status.html", {"job": job})


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = access(BackgroundJob, request.user, pk, queryset=BackgroundJob.objects.filter(status=JobStatus.SUCCEEDED))
    return serve_private_file(request, job, job.result_file, filename=job.result_name or "export.xlsx",
                              action="export.download")
