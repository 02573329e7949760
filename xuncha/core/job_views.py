"""The progress of a background job, polled by the page that started it, and its result file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xuncha.audit.services import audit_record
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
    if not job.result_file or not default_storage.exists(job.result_file):
        raise Http404("文件不存在或已清理。")
    audit_record("export.download", actor=request.user, obj=job, details={"file": job.result_name})
    return FileResponse(default_storage.open(job.result_file, "rb"), as_attachment=True,
                        filename=job.result_name or "export.xlsx")
