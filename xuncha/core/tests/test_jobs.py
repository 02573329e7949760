"""Background jobs: a time limit per kind, enforced where the work reports, and a queue per kind of job
with a worker each, so one long job holds up no other."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from xuncha.accounts.models import User
from xuncha.core import jobs
from xuncha.core.jobs import JobTimedOut, job_create, job_run, job_time_limit
from xuncha.core.models import JobStatus

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


class Clock:
    """Stands in for the monotonic clock: each reading moves it on by ``step`` seconds."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def user():
    return User.objects.create_user(username="worker-owner", password="x")


def test_time_limit_comes_from_the_setting_per_kind(settings):
    settings.XUNCHA_JOB_TIME_LIMITS = {"test.slow": 90}
    settings.XUNCHA_JOB_TIME_LIMIT_DEFAULT = 600
    assert job_time_limit("test.slow") == 90
    assert job_time_limit("test.other") == 600


def test_a_job_past_its_deadline_is_failed_with_a_message(settings, monkeypatch, user):
    settings.XUNCHA_JOB_TIME_LIMITS = {"test.slow": 120}
    monkeypatch.setattr(jobs, "_now", Clock(step=50))  # starts at 50 s: the deadline is 170 s
    job = job_create(actor=user, kind="test.slow", label="慢任务")
    reported = []

    def work(job, progress):
        for done in range(1, 10):
            progress(done, 10)
            reported.append(done)
        return "完成"

    job_run(job.pk, work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert job.message == "处理时间超过 2 分钟的时限，任务已中止。请缩小范围或分批处理后重试。"
    assert reported == [1, 2]  # reports at 100 s and 150 s passed; the one at 200 s stopped the work
    assert job.done == 2


def test_check_stops_work_that_has_nothing_to_count(settings, monkeypatch, user):
    settings.XUNCHA_JOB_TIME_LIMITS = {"test.slow": 60}
    monkeypatch.setattr(jobs, "_now", Clock(step=100))
    job = job_create(actor=user, kind="test.slow", label="慢任务")

    def work(job, progress):
        progress.check()
        return "完成"

    job_run(job.pk, work)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "时限" in job.message


def test_work_within_its_limit_succeeds_and_the_final_report_never_stops_it(settings, monkeypatch, user):
    settings.XUNCHA_JOB_TIME_LIMITS = {"test.quick": 60}
    monkeypatch.setattr(jobs, "_now", Clock(step=10))
    job = job_create(actor=user, kind="test.quick", label="快任务")

    def work(job, progress):
        progress(1, 3)  # at 20 s
        progress.check()  # at 30 s
        progress(3, 3)  # the work is done: not checked even though the clock has moved on
        return "完成"

    job_run(job.pk, work)
    job.refresh_from_db()
    assert (job.status, job.message, job.done) == (JobStatus.SUCCEEDED, "完成", 3)


def test_timed_out_is_a_refusal_of_the_job_not_a_crash():
    assert isinstance(JobTimedOut(30), jobs.JobFailed)
    assert JobTimedOut(30).message.startswith("处理时间超过 1 分钟的时限")


def test_every_queue_has_its_own_worker_in_run_sh():
    """The production settings declare the queues and scripts/run.sh starts one db_worker per queue, so an
    import on the long queue never holds up an export on the default one."""
    production = importlib.import_module("config.settings")
    queues = production.TASKS["default"]["QUEUES"]
    assert set(queues) == {"default", jobs.LONG_QUEUE}
    script = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    started = re.findall(r"manage\.py db_worker --queue-name (\w+)", script)
    assert sorted(started) == sorted(queues)


def test_a_job_moves_only_along_the_table(user):
    job = job_create(actor=user, kind="test.once", label="一次")
    runs: list[int] = []

    def work(job, progress):
        runs.append(job.pk)
        return "完成"

    job_run(job.pk, work)
    job_run(job.pk, work)  # the task delivered again: the finished job is not run twice
    job.refresh_from_db()
    assert runs == [job.pk] and job.status == JobStatus.SUCCEEDED
    assert not jobs.job_move(job.pk, JobStatus.RUNNING)  # succeeded never goes back to running
    assert not jobs.job_move(job.pk, JobStatus.FAILED)


def test_no_module_but_core_jobs_sets_a_job_status():
    """``job_move`` is the one writer of ``BackgroundJob.status`` (ADR-0020)."""
    writes = re.compile(r"update\([^)]*\bstatus=JobStatus|\.status\s*=\s*JobStatus")
    found = [str(path.relative_to(ROOT)) for path in (ROOT / "xuncha").rglob("*.py")
             if "tests" not in path.parts and path != ROOT / "xuncha/core/jobs.py"
             and writes.search(path.read_text(encoding="utf-8"))]
    assert found == []
