"""Verifying the audit chain on the task worker: a large log takes minutes, so the page polls its progress."""

from __future__ import annotations

import datetime
from typing import Any

from django.tasks import task
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.audit.anchors import as_details
from xuncha.audit.models import AuditEvent, AuditResult
from xuncha.audit.services import audit_record, audit_verify
from xuncha.core.context import current_request
from xuncha.core.jobs import JobFailed, Progress, enqueue_on_commit, job_create, job_run
from xuncha.core.models import BackgroundJob, JobStatus

JOB_KIND = "audit.verify"
# Progress is written every this many rows: often enough for a polling page, rarely enough to cost nothing.
PROGRESS_EVERY = 2000


def verify_work(job: BackgroundJob, progress: Progress) -> str:
    """Walk the chain, record the run in the log itself (AUD-01), and report the first broken link."""
    # An estimate for the bar (ids may have gaps); no COUNT over a large log.
    total = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    progress(0, total)

    def step(checked: int) -> None:
        if checked % PROGRESS_EVERY == 0:
            progress(checked, max(total, checked))

    result = audit_verify(progress=step)
    details: dict[str, Any] = {"checked": result.checked, "job": job.pk, **job.params}
    if not result.ok:
        details.update(broken_id=result.broken_id, reason=result.reason)
    if result.anchored is not None:
        details["anchor"] = as_details(result.anchored)
    audit_record("audit.verify", actor=job.created_by, obj=job,
                 result=AuditResult.SUCCESS if result.ok else AuditResult.FAILURE, details=details)
    if not result.ok:
        raise JobFailed(result.message, errors=[f"#{result.broken_id}"] if result.broken_id else [])
    progress(result.checked, result.checked)
    return f"审计日志完好：共校验 {result.checked} 条记录，哈希链完整，与检查点一致。"


@task
def audit_verify_task(job_id: int) -> None:
    job_run(job_id, verify_work)


def audit_verify_start(*, actor: User) -> BackgroundJob:
    """Start a verification for the auditor, or return the one of theirs still queued or running."""
    # A run older than an hour is taken for lost (a worker stopped) and does not block a new one.
    recent = timezone.now() - datetime.timedelta(hours=1)
    running = (BackgroundJob.objects.filter(kind=JOB_KIND, created_by=actor, created_at__gte=recent,
                                            status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
               .order_by("-pk").first())
    if running is not None:
        return running
    # The run is recorded by the worker, which has no request: keep where it was asked from.
    ctx = current_request.get()
    job = job_create(actor=actor, kind=JOB_KIND, label="校验审计日志哈希链",
                     params={"client_ip": ctx.client_ip if ctx else "", "request_id": ctx.request_id if ctx else ""})
    enqueue_on_commit(audit_verify_task, job_id=job.pk)
    return job
