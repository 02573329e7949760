"""Background tasks of the pool: they take a job id and call the service that does the work. An import may
run for minutes, so it has the long queue (and its own worker) to itself; exports stay on the default one."""

from __future__ import annotations

from django.tasks import task

from xuncha.core.jobs import LONG_QUEUE, job_run


@task
def pool_export_task(job_id: int) -> None:
    from xuncha.pool.services import pool_export_work

    job_run(job_id, pool_export_work)


@task(queue_name=LONG_QUEUE)
def pool_import_task(job_id: int) -> None:
    from xuncha.pool.services import pool_import_work

    job_run(job_id, pool_import_work)
