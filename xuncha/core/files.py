"""Private file storage and the one way to hand a stored file to a browser (SEC-16).

Files live under ``settings.PRIVATE_FILES_ROOT`` (``var/private`` by default), outside ``STATIC_ROOT`` and any
web root; the storage has no public URL, so a file can only leave through ``serve_private_file``, called by a
view that has already found the owning object through its scope (``visible_to`` / ``access``). Their content is
encrypted at rest with the field encryption key ring (``xuncha.core.crypto.encrypt_bytes``, SEC-31): the bytes
on disk, and in the backups' ``files.tar``, are ciphertext; ``open`` returns the plain content.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from xuncha.core import crypto
from xuncha.core.events import record as audit_record


class PrivateFileSystemStorage(FileSystemStorage):
    """A ``FileSystemStorage`` readable by the service account only, and without URLs."""

    def __init__(self, location: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        kwargs["base_url"] = None
        super().__init__(location=location, **kwargs)

    def url(self, name: str | None) -> str:
        raise ValueError("私有文件没有公开地址，请通过 serve_private_file 提供下载。")

    def _save(self, name: str, content: Any) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in content.chunks())
        return str(super()._save(name, ContentFile(crypto.encrypt_bytes(data))))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        if any(flag in mode for flag in "wax+"):
            raise ValueError("私有文件只能读取；写入请用 save()。")
        with open(self.path(name), "rb") as fh:
            plain = crypto.decrypt_bytes(fh.read(), name)
        stream: Any = io.BytesIO(plain) if "b" in mode else io.StringIO(plain.decode())
        return File(stream, name=name)

    def size(self, name: str) -> int:
        path = self.path(name)
        with open(path, "rb") as fh:
            head = fh.read(crypto.FILE_HEADER_MAX)
        return int(Path(path).stat().st_size) - crypto.sealed_overhead(head)


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
