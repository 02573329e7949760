"""Checks on an uploaded file before it is stored: the type read from the content (never the name alone), the size
bounded. Every feature app's attachments go through ``check_upload``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from xuncha.core.exceptions import DomainError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_FILENAME = 120


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple[str, ...]
    signature: bytes


KINDS = (
    Kind("PDF", "application/pdf", (".pdf",), b"%PDF-"),
    Kind("PNG", "image/png", (".png",), b"\x89PNG\r\n\x1a\n"),
    Kind("JPEG", "image/jpeg", (".jpg", ".jpeg"), b"\xff\xd8\xff"),
    # Office documents are ZIP containers.
    Kind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), b"PK\x03\x04"),
    Kind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), b"PK\x03\x04"),
)
ALLOWED = "、".join(sorted({k.label for k in KINDS}))


def check_upload(name: str, data: bytes, *, field: str = "file") -> tuple[str, str]:
    """The clean file name and the content type of an acceptable file; ``DomainError`` (nothing stored) when the
    file is empty, too large, or its content is not what its extension says."""
    clean = PurePosixPath(name.replace("\\", "/")).name.strip()[:MAX_FILENAME]

    def refuse(message: str) -> DomainError:
        return DomainError(message, fields={field: [message]})

    if not clean or "\x00" in clean:
        raise refuse("文件名无效。")
    if not data:
        raise refuse(f"文件“{clean}”为空。")
    if len(data) > MAX_UPLOAD_BYTES:
        raise refuse(f"文件“{clean}”超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
    suffix = PurePosixPath(clean).suffix.lower()
    for kind in KINDS:
        if suffix in kind.extensions:
            if not data.startswith(kind.signature):
                raise refuse(f"文件“{clean}”的内容不是 {kind.label} 格式。")
            return clean, kind.content_type
    raise refuse(f"只接受 {ALLOWED} 文件（“{clean}”不是）。")
