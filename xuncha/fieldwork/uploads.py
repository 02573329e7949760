"""Checks on a file before it is stored: the type is read from the content (never the name alone), the size bounded."""

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


def check_upload(name: str, data: bytes) -> tuple[str, str]:
    """The clean file name and the content type of an acceptable file; ``DomainError`` (nothing stored) when the
    file is empty, too large, or its content is not what its extension says."""
    clean = PurePosixPath(name.replace("\\", "/")).name.strip()[:MAX_FILENAME]
    if not clean or "\x00" in clean:
        raise DomainError("文件名无效。", fields={"file": ["文件名无效。"]})
    if not data:
        raise DomainError("文件为空。", fields={"file": ["文件为空。"]})
    if len(data) > MAX_UPLOAD_BYTES:
        message = f"文件不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB。"
        raise DomainError(message, fields={"file": [message]})
    suffix = PurePosixPath(clean).suffix.lower()
    for kind in KINDS:
        if suffix in kind.extensions:
            if not data.startswith(kind.signature):
                message = f"文件内容不是 {kind.label} 格式。"
                raise DomainError(message, fields={"file": [message]})
            return clean, kind.content_type
    message = f"只接受 {ALLOWED} 文件。"
    raise DomainError(message, fields={"file": [message]})
