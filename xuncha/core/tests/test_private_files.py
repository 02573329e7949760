"""Private files (SEC-16): stored outside the web root without a URL, and served only through the authorising,
audited helper, here through a background job's result file (the export download)."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from xuncha.accounts.models import User
from xuncha.audit.models import AuditEvent
from xuncha.core.files import PrivateFileSystemStorage, serve_private_file
from xuncha.core.models import BackgroundJob, JobStatus

pytestmark = pytest.mark.django_db

CONTENT = b"PK\x03\x04 exported workbook bytes"
NAME = "巡察干部人才库-20261204.xlsx"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner() -> User:
    return User.objects.create_user("exporter", password="Xc-test-Passw0rd")


@pytest.fixture
def job(owner: User) -> BackgroundJob:
    stored = default_storage.save("exports/result.xlsx", ContentFile(CONTENT))
    return BackgroundJob.objects.create(kind="pool.export", label="导出", status=JobStatus.SUCCEEDED,
                                        created_by=owner, result_file=stored, result_name=NAME)


def test_owner_downloads_as_attachment_not_cached_and_audited(owner: User, job: BackgroundJob) -> None:
    response = _client(owner).get(reverse("core:job-download", args=[job.pk]))
    assert response.status_code == 200
    assert response.getvalue() == CONTENT
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(NAME)}"
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="export.download")
    assert (event.actor_id, event.object_type, event.object_id) == (owner.pk, "core.backgroundjob", str(job.pk))
    assert NAME in event.details


def test_someone_else_gets_404_and_nothing_is_audited(job: BackgroundJob) -> None:
    other = User.objects.create_user("other", password="Xc-test-Passw0rd")
    assert _client(other).get(reverse("core:job-download", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="export.download").exists()


def test_a_missing_file_is_404_and_not_audited(owner: User, job: BackgroundJob) -> None:
    default_storage.delete(job.result_file)
    assert _client(owner).get(reverse("core:job-download", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="export.download").exists()


def test_a_name_escaping_the_private_root_is_404(tmp_path: Path, rf: RequestFactory, owner: User,
                                                 job: BackgroundJob) -> None:
    (tmp_path / "secret_key").write_text("do not serve")
    storage = PrivateFileSystemStorage(location=tmp_path / "private")
    request = rf.get("/")
    request.user = owner
    from django.http import Http404

    with pytest.raises(Http404):
        serve_private_file(request, job, "../secret_key", filename="x.txt", storage=storage)
    assert not AuditEvent.objects.exists()


def test_private_storage_has_no_url_and_owner_only_permissions(tmp_path: Path) -> None:
    storage = PrivateFileSystemStorage(location=tmp_path / "private")
    name = storage.save("imports/a.xlsx", ContentFile(b"x"))
    path = Path(storage.path(name))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with pytest.raises(ValueError, match="没有公开地址"):
        storage.url(name)


def test_production_default_storage_is_private_under_var_outside_static() -> None:
    from config import settings as production

    backend = cast(dict[str, Any], production.STORAGES["default"])
    assert backend["BACKEND"] == "xuncha.core.files.PrivateFileSystemStorage"
    root = Path(backend["OPTIONS"]["location"])
    assert root == production.PRIVATE_FILES_ROOT and production.VAR_DIR in root.parents
    assert not [m for m in run_checks() if m.id == "xuncha.E001"]


def test_check_refuses_a_private_root_inside_static_root(tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path, PRIVATE_FILES_ROOT=tmp_path / "private"):
        assert [m.id for m in run_checks() if m.id == "xuncha.E001"] == ["xuncha.E001"]
