"""Private file storage and the one way to hand a stored file to a browser (SEC-16).

Files live under ``settings.PRIVATE_FILES_ROOT`` (``var/private`` by default), outside ``STATIC_ROOT`` and any
web root; the storage has no public URL, so a file can only leave through ``serve_private_file``, called by a
view that has already found the owning object through its scope (``visible_to`` / ``access``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from xuncha.audit.services import audit_record


class PrivateFileSystemStorage(FileSystemStorage):
    """A ``FileSystemStorage`` readable by the service account only, and without URLs."""

    def __init__(self, location: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        kwargs["base_url"] = None
        super().__init__(location=location, **kwargs)

    def url(self, name: str | None) -> str:
        raise ValueError("私有文件没有公开地址，请通过 serve_private_file 提供下载。")


def serve_private_file(request: HttpRequest, obj: models.Model, file: FieldFile | str, *, filename: str,
                       action: str = "file.download", storage: Storage | None = None,
                       content_type: str | None = None) -> FileResponse:
    """Stream ``file`` (a ``FieldFile`` or a name in ``storage``, default storage otherwise) as an attachment.

    ``obj`` must already be scoped by the caller: this helper does not decide who may read, it records that
    ``request.user`` read the file of ``obj`` (``action``; the audit write comes first, so a failing audit
    serves nothing) and answers with ``Content-Disposition: attachment`` (RFC 6266 filename) and
    ``Cache-Control: no-store``. A missing file or a name that escapes the storage answers 404.
    """
    if isinstance(file, FieldFile):
        storage, name = file.storage, file.name or ""
    else:
        storage, name = storage or default_storage, file
    if not name:
        raise Http404("文件不存在或已清理。")
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, SuspiciousFileOperation) as exc:
        raise Http404("文件不存在或已清理。") from exc
    try:
        with transaction.atomic():
            audit_record(action, actor=request.user, obj=obj, details={"file": filename})
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


@register()
def check_private_root(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The private root must not be (inside) a directory served as static or media files, nor contain one."""
    private = Path(settings.PRIVATE_FILES_ROOT).resolve()
    public = [Path(p).resolve() for p in (settings.STATIC_ROOT, settings.MEDIA_ROOT) if p]
    public += [Path(p[1] if isinstance(p, tuple) else p).resolve() for p in settings.STATICFILES_DIRS]
    return [
        Error(f"PRIVATE_FILES_ROOT ({private}) overlaps a public directory ({root}).",
              hint="Keep uploads outside STATIC_ROOT, MEDIA_ROOT and STATICFILES_DIRS (XUNCHA_PRIVATE_FILES_ROOT).",
              id="xuncha.E001")
        for root in public
        if _inside(private, root) or _inside(root, private)
    ]
