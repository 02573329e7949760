"""Background tasks of the pool: they take a job id and call the service that does the work."""

from __future__ import annotations

from django.tasks import task

from xuncha.core.jobs import job_run


@task
def pool_export_task(job_id: int) -> None:
    from xuncha.pool.services import pool_export_work

    job_run(job_id, pool_export_work)


@task
def pool_import_task(job_id: int) -> None:
    from xuncha.pool.services import pool_import_work

    job_run(job_id, pool_import_work)
