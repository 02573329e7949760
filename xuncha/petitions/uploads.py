"""Evidence files of a petition: the type is decided by the content (and must match the extension), the size is
checked before anything is kept, and metadata that could identify the petitioner is removed before storing:

- JPEG/PNG: decoded and re-encoded by Pillow without EXIF, XMP, ICC text or PNG text chunks (GPS, camera serial,
  author); a file Pillow cannot decode is refused;
- Word/Excel (.docx/.xlsx, OOXML): the package is rewritten with empty document properties (docProps/core.xml,
  app.xml, custom.xml: author, last modified by, company, template); macro-enabled packages are refused;
- PDF: the strings of the document information dictionary (Author, Creator, Producer, Title, Subject, Keywords)
  and an uncompressed XMP packet are blanked in place (same length, so the cross-reference table stays valid);
  an encrypted PDF, or one whose information dictionary or XMP packet is compressed and cannot be cleaned, is
  refused with the advice to send a photo or scan instead.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from xuncha.core.exceptions import DomainError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_TOTAL_BYTES = 25 * 1024 * 1024
# Decompression bombs: Pillow refuses images above this many pixels.
MAX_PIXELS = 40_000_000

EXTENSIONS = {"jpeg": (".jpg", ".jpeg"), "png": (".png",), "pdf": (".pdf",), "docx": (".docx",),
              "xlsx": (".xlsx",)}
ACCEPT = ",".join(ext for exts in EXTENSIONS.values() for ext in exts)
KIND_LABELS = {"jpeg": "图片", "png": "图片", "pdf": "PDF", "docx": "Word", "xlsx": "Excel"}


@dataclass(frozen=True)
class CleanFile:
    kind: str
    extension: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _refuse(name: str, why: str) -> DomainError:
    return DomainError(f"文件“{name[:40]}”{why}", fields={"evidence": [f"文件“{name[:40]}”{why}"]})


def sniff(head: bytes) -> str | None:
    """The type by the file's first bytes (never by its name)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "ooxml"
    return None


def _image(name: str, data: bytes, kind: str) -> bytes:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            out = io.BytesIO()
            if kind == "jpeg":
                # A new image without info: no EXIF, XMP, comments or ICC profile is carried over.
                clean = img.convert("RGB") if img.mode not in ("RGB", "L") else img.copy()
                clean.info = {}
                clean.save(out, "JPEG", quality=90)
            else:
                clean = img.copy()
                clean.info = {}
                clean.save(out, "PNG")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _refuse(name, "不是有效的图片，或图片过大。") from exc
    return out.getvalue()


_CORE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         b'xmlns:dc="http://purl.org/dc/elements/1.1/"/>')
_APP = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>')
_CUSTOM = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>')
_BLANKED_PARTS = {"docProps/core.xml": _CORE, "docProps/app.xml": _APP, "docProps/custom.xml": _CUSTOM}


def _ooxml(name: str, data: bytes) -> tuple[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = package.namelist()
            if "[Content_Types].xml" not in names:
                raise _refuse(name, "不是有效的 Word 或 Excel 文件。")
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise _refuse(name, "含有宏，不能上传。请另存为不含宏的文档。")
            if sum(info.file_size for info in package.infolist()) > 10 * MAX_FILE_BYTES:
                raise _refuse(name, "解压后过大。")
            kind = "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else None
            if kind is None:
                raise _refuse(name, "不是有效的 Word 或 Excel 文件。")
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as clean:
                for info in package.infolist():
                    body = _BLANKED_PARTS.get(info.filename) or package.read(info.filename)
                    # Fixed timestamps: the package's dates would tell when and where it was edited.
                    clean.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), body,
                                   compress_type=zipfile.ZIP_DEFLATED)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise _refuse(name, "不是有效的 Word 或 Excel 文件。") from exc
    return kind, out.getvalue()


_INFO_KEYS = rb"/(?:Author|Creator|Producer|Title|Subject|Keywords)\s*"


def _blank_literal(buf: bytearray, start: int) -> None:
    """Blank the PDF literal string opening at ``buf[start] == '('`` (nested parentheses, escapes)."""
    depth, i = 0, start
    while i < len(buf):
        c = buf[i]
        if c == 0x5C:  # backslash: the next byte is escaped
            buf[i] = 0x20
            if i + 1 < len(buf):
                buf[i + 1] = 0x20
            i += 2
            continue
        if c == 0x28:
            depth += 1
            if i != start:
                buf[i] = 0x20
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return
            buf[i] = 0x20
        else:
            buf[i] = 0x20
        i += 1


def _pdf(name: str, data: bytes) -> bytes:
    if re.search(rb"/Encrypt\b", data):
        raise _refuse(name, "已加密，不能上传。请去除密码后再上传。")
    buf = bytearray(data)
    for ref in set(re.findall(rb"/Info\s+(\d+)\s+0\s+R", data)):
        obj = re.search(rb"(?<!\d)" + ref + rb"\s+0\s+obj(.*?)endobj", data, re.S)
        if obj is None:
            raise _refuse(name, "的文档属性无法清除（可能经过压缩）。请改为上传照片或扫描件。")
        for match in re.finditer(_INFO_KEYS + rb"([(<])", data[obj.start():obj.end()]):
            pos = obj.start() + match.end() - 1
            if data[pos:pos + 1] == b"(":
                _blank_literal(buf, pos)
            else:
                end = data.find(b">", pos)
                if end > pos:
                    buf[pos + 1:end] = b"0" * (end - pos - 1)
    for packet in re.finditer(rb"<x:xmpmeta.*?</x:xmpmeta>", data, re.S):
        buf[packet.start():packet.end()] = b" " * (packet.end() - packet.start())
    if re.search(rb"/Type\s*/Metadata\b[^>]*/Filter", data) and not re.search(rb"<x:xmpmeta", data):
        raise _refuse(name, "的元数据经过压缩，无法清除。请改为上传照片或扫描件。")
    return bytes(buf)


def clean_upload(name: str, data: bytes) -> CleanFile:
    """Check one uploaded file by content and size and return it without identifying metadata, or raise a
    ``DomainError`` saying why it is refused (nothing is stored before this returns)."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(name, f"超过 {MAX_FILE_BYTES // (1024 * 1024)} MB。")
    if not data:
        raise _refuse(name, "是空文件。")
    detected = sniff(data[:8])
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if detected is None:
        raise _refuse(name, "的类型不允许。只能上传图片（JPG、PNG）、PDF、Word（.docx）或 Excel（.xlsx）文件。")
    if detected == "ooxml":
        detected, content = _ooxml(name, data)
    elif detected in ("jpeg", "png"):
        content = _image(name, data, detected)
    else:
        content = _pdf(name, data)
    if extension not in EXTENSIONS[detected]:
        raise _refuse(name, f"的内容（{KIND_LABELS[detected]}）与扩展名不符。")
    return CleanFile(kind=detected, extension=EXTENSIONS[detected][0], content=content)


def clean_uploads(files: list[tuple[str, bytes]]) -> list[CleanFile]:
    """Check all files of one submission (count and total size first, then each)."""
    if len(files) > MAX_FILES:
        raise DomainError(f"最多上传 {MAX_FILES} 个文件。", fields={"evidence": [f"最多上传 {MAX_FILES} 个文件。"]})
    if sum(len(data) for _, data in files) > MAX_TOTAL_BYTES:
        message = f"文件合计不能超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB。"
        raise DomainError(message, fields={"evidence": [message]})
    return [clean_upload(name, data) for name, data in files]
