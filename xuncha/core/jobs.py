"""Background jobs: start long work on the task worker and report its progress to the page.

A service creates the ``BackgroundJob`` row and enqueues a ``django.tasks`` task after commit; the task
calls ``job_run`` which marks it running, lets the work report progress, and records success or the error.

Each kind of job has a time limit (``XUNCHA_JOB_TIME_LIMITS``, seconds). The worker cannot safely interrupt
work from outside (a signal landing in a transaction or a file write), so the limit is enforced where the
work reports: every ``progress(...)`` and ``progress.check()`` past the deadline raises :class:`JobTimedOut`,
the work's transaction rolls back, and the job is failed with a message. Long kinds run on their own queue
(``LONG_QUEUE``, its own worker in ``scripts/run.sh``) so they never hold up the short ones.

A job's status changes in one place, ``job_move``, along the small table ``JOB_MOVES`` (queued → running →
succeeded or failed). Jobs are not business objects, so they have no ``core.workflow`` table, ``StatusChange`` or
audit event per step (ADR-0020): the work audits what it did, and the page polls the row.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xuncha.core.models import BackgroundJob, JobStatus

# Queue of the jobs that may run for minutes (imports); the default queue keeps exports and the like moving.
LONG_QUEUE = "long"
DEFAULT_TIME_LIMIT = 30 * 60


class Progress(Protocol):
    """What a job's work reports to: ``progress(done, total)``; ``progress.check()`` where it has no count
    to report but may have run long. Both raise :class:`JobTimedOut` once the job's time is up (except a report
    that the work is complete)."""

    def __call__(self, done: int, total: int) -> None: ...

    def check(self) -> None: ...


# The moves a job's status may make: target → the states it may come from. A move is one conditional UPDATE, so
# a task delivered twice does not run a job again, and a finished job never goes back to running.
JOB_MOVES: dict[str, frozenset[str]] = {
    JobStatus.RUNNING: frozenset({JobStatus.QUEUED}),
    JobStatus.SUCCEEDED: frozenset({JobStatus.RUNNING}),
    JobStatus.FAILED: frozenset({JobStatus.QUEUED, JobStatus.RUNNING}),
}


def job_move(job_id: int, to: str, **fields: Any) -> bool:
    """Set the job's status to ``to`` (and ``fields`` with it) if ``JOB_MOVES`` allows the move from its status
    now; a finished job gets its ``finished_at``. The only writer of ``BackgroundJob.status``; returns whether
    the job moved."""
    if to in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        fields.setdefault("finished_at", timezone.now())
    return BackgroundJob.objects.filter(pk=job_id, status__in=JOB_MOVES[to]).update(status=to, **fields) == 1


def job_time_limit(kind: str) -> int:
    """Seconds a job of ``kind`` may run (``XUNCHA_JOB_TIME_LIMITS``, else ``XUNCHA_JOB_TIME_LIMIT_DEFAULT``)."""
    limits: dict[str, int] = getattr(settings, "XUNCHA_JOB_TIME_LIMITS", {})
    return int(limits.get(kind, getattr(settings, "XUNCHA_JOB_TIME_LIMIT_DEFAULT", DEFAULT_TIME_LIMIT)))


def _now() -> float:
    return time.monotonic()


class _JobProgress:
    def __init__(self, job_id: int, limit: int) -> None:
        self.job_id = job_id
        self.limit = limit
        self.deadline = _now() + limit

    def __call__(self, done: int, total: int) -> None:
        if done < total:  # the report that the work is complete is never the one that stops it
            self.check()
        BackgroundJob.objects.filter(pk=self.job_id).update(done=done, total=total)

    def check(self) -> None:
        if _now() > self.deadline:
            raise JobTimedOut(self.limit)


def job_create(*, actor: Any, kind: str, label: str, params: dict[str, Any] | None = None) -> BackgroundJob:
    return BackgroundJob.objects.create(kind=kind, label=label, params=params or {}, created_by=actor)


def job_run(job_id: int, work: Callable[[BackgroundJob, Progress], str]) -> None:
    """Run ``work(job, progress)`` for the job; its return value becomes the job's message.

    Progress is written in its own short transactions (outside the work's transaction) so a polling page
    sees it while the work goes on. Work still going at the kind's time limit is stopped at its next report
    and the job failed (see the module docstring).
    """
    job = BackgroundJob.objects.get(pk=job_id)
    if not job_move(job_id, JobStatus.RUNNING):
        return  # already taken (a task delivered twice) or finished
    progress = _JobProgress(job_id, job_time_limit(job.kind))

    try:
        message = work(job, progress)
    except JobFailed as exc:
        job_move(job_id, JobStatus.FAILED, message=exc.message, errors=exc.errors[:200])
        return
    except Exception:
        job_move(job_id, JobStatus.FAILED, message="处理出错，已记录。请联系系统管理员。")
        raise
    job.refresh_from_db()
    job_move(job_id, JobStatus.SUCCEEDED, message=message, done=max(job.done, job.total))


class JobFailed(Exception):
    """The work refused its input; ``errors`` lists what is wrong (e.g. one line per bad spreadsheet row)."""

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class JobTimedOut(JobFailed):
    """The job ran past its kind's time limit."""

    def __init__(self, limit: int) -> None:
        minutes = max(1, round(limit / 60))
        super().__init__(f"处理时间超过 {minutes} 分钟的时限，任务已中止。请缩小范围或分批处理后重试。")
        self.limit = limit


def enqueue_on_commit(task: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(**kwargs))
