"""API endpoints: exporting a formal text as .docx or .pdf (GB/T 9704), on the same service as the pages.

``POST /documents/{key}/{object_id}/exports`` starts the job (the kind's builder decides who may: 404 out of
scope, 403 without the right, 400 with a Chinese message for a PDF without LibreOffice); ``GET
/document-exports/{job_id}`` is its progress, for its starter only, with the download address once it is done
(the same audited download as the pages')."""

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Status

from xuncha.core.api import actor_of, attach
from xuncha.core.api.schemas import Id
from xuncha.core.models import BackgroundJob, JobStatus
from xuncha.documents.schemas import ExportIn, ExportJobOut
from xuncha.documents.services import document_export_start, document_job

router = Router(tags=["公文（GB/T 9704）"])


def _out(job: BackgroundJob) -> BackgroundJob:
    done = job.status == JobStatus.SUCCEEDED and bool(job.result_file)
    return attach(job, file_name=job.result_name, errors=[str(e) for e in job.errors],
                  download_url=reverse("core:job-download", args=[job.pk]) if done else None)


@router.post("/documents/{key}/{object_id}/exports", response={201: ExportJobOut}, summary="生成公文（Word / PDF）")
def document_export(request: HttpRequest, key: str, object_id: Id, payload: ExportIn) -> Status:
    """Queue the export of one formal text (``key``: a registered kind, e.g. ``planning.notice``)."""
    job = document_export_start(actor=actor_of(request), key=key, object_id=object_id, fmt=payload.format)
    return Status(201, _out(job))


@router.get("/document-exports/{job_id}", response=ExportJobOut, summary="公文生成进度")
def document_export_status(request: HttpRequest, job_id: Id) -> Any:
    job = document_job(actor=actor_of(request), pk=job_id)
    if job is None:
        raise Http404("任务不存在或无权查看。")
    return _out(job)
