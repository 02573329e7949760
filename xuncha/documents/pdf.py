"""Render a .docx to PDF with LibreOffice (``soffice --headless --convert-to pdf``), with the fonts the standard
names mapped to the free CJK fonts the project installs (``fonts/fonts.conf``, read through ``FONTCONFIG_FILE``).

LibreOffice and the fonts are Debian packages that ``make office`` (``scripts/install_office.sh``) and ``.ci/run``
install; without them :func:`office_available` is false and :func:`docx_to_pdf` raises :class:`PdfUnavailable`
with a Chinese message, so that the pages offer the .docx and say why the PDF is missing.

Each conversion runs in a temporary directory with its own LibreOffice profile (two workers converting at once
must not share one), with a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
CONVERT_TIMEOUT_SECONDS = 180
UNAVAILABLE = ("服务器未安装 LibreOffice，暂不能生成 PDF；Word 版（.docx）可以正常下载。"
               "请系统管理员运行 make office 安装 LibreOffice 和中文字体。")


class PdfUnavailable(Exception):
    """No LibreOffice on this server (or it failed): the message says so in Chinese."""

    def __init__(self, message: str = UNAVAILABLE) -> None:
        super().__init__(message)
        self.message = message


def soffice_path() -> str | None:
    """The LibreOffice executable (``XUNCHA_SOFFICE`` overrides the search of PATH)."""
    configured: str = getattr(settings, "XUNCHA_SOFFICE", "") or os.environ.get("XUNCHA_SOFFICE", "")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(data: bytes, *, timeout: int = CONVERT_TIMEOUT_SECONDS) -> bytes:
    """The PDF of a .docx, rendered by LibreOffice with the project's font mapping."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable
    with tempfile.TemporaryDirectory(prefix="xuncha-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(data)
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": work, "LC_ALL": "C.UTF-8"}
        command = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                   f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source)]
        try:
            subprocess.run(command, env=env, cwd=work, timeout=timeout, check=True,  # noqa: S603
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailable(f"LibreOffice 在 {timeout} 秒内未完成转换，请稍后重试或下载 Word 版。") from exc
        except (subprocess.CalledProcessError, OSError) as exc:
            raise PdfUnavailable("LibreOffice 转换失败，请下载 Word 版或联系系统管理员。") from exc
        result = folder / "document.pdf"
        if not result.exists():
            raise PdfUnavailable("LibreOffice 转换失败，请下载 Word 版或联系系统管理员。")
        return result.read_bytes()
