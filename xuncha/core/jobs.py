"""Background jobs: start long work on the task worker and report its progress to the page.

A service creates the ``BackgroundJob`` row and enqueues a ``django.tasks`` task after commit; the task
calls ``job_run`` which marks it running, lets the work report progress, and records success or the error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from xuncha.core.models import BackgroundJob, JobStatus

Progress = Callable[[int, int], None]


def job_create(*, actor: Any, kind: str, label: str, params: dict[str, Any] | None = None) -> BackgroundJob:
    return BackgroundJob.objects.create(kind=kind, label=label, params=params or {}, created_by=actor)


def job_run(job_id: int, work: Callable[[BackgroundJob, Progress], str]) -> None:
    """Run ``work(job, progress)`` for the job; its return value becomes the job's message.

    Progress is written in its own short transactions (outside the work's transaction) so a polling page
    sees it while the work goes on.
    """
    job = BackgroundJob.objects.get(pk=job_id)
    BackgroundJob.objects.filter(pk=job_id).update(status=JobStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        BackgroundJob.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        message = work(job, progress)
    except JobFailed as exc:
        BackgroundJob.objects.filter(pk=job_id).update(status=JobStatus.FAILED, message=exc.message,
                                                       errors=exc.errors[:200], finished_at=timezone.now())
        return
    except Exception:
        BackgroundJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message="处理出错，已记录。请联系系统管理员。", finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    BackgroundJob.objects.filter(pk=job_id).update(status=JobStatus.SUCCEEDED, message=message,
                                                   done=max(job.done, job.total), finished_at=timezone.now())


class JobFailed(Exception):
    """The work refused its input; ``errors`` lists what is wrong (e.g. one line per bad spreadsheet row)."""

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


def enqueue_on_commit(task: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(**kwargs))
