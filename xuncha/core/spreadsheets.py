"""Every .xlsx the system writes or reads goes through this module.

Writing: text is always stored as text. A cell whose text starts with ``=``, ``+``, ``-``, ``@``, tab or CR
would be taken for a formula by Excel or LibreOffice (CSV/formula injection, e.g. ``=cmd|' /C calc'!A0`` in
a note); such cells are written as explicit strings with Excel's quote prefix, so the text shows as typed
and is never evaluated, not even after the user edits the cell. Numbers, dates and booleans keep their
type, so a negative number stays a number.

Exports carry a watermark (SEC-46): given ``exported_by``, the workbook names the person and the time of the
export in every printed page's header and footer and in its document properties, and writing it records an
``export.file`` audit event (what, how many rows, for whom) — so every exported file is registered in the audit
log by the one writer that makes it.

Reading: an upload is checked by content and size before it is stored, and a sheet is read as a stream
that stops as soon as it holds more rows than allowed, so a small file declaring millions of (empty) rows
costs a few reads instead of minutes of the task worker.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from xuncha.core import events

XLSX_MAGIC = b"PK\x03\x04"
# Characters that make a spreadsheet program read a cell's text as a formula (or DDE command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Unpacked size of all parts of an upload: a 5 MB zip of a real 5,000-row sheet unpacks to a few MB; more
# is a zip bomb or a sheet padded with empty rows.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Columns read per row: imports use a dozen; a stray cell in column XFD must not widen every row to 16,384.
MAX_READ_COLUMNS = 50
# How often (in rows read) a reader calls its ``check`` (the job's deadline).
CHECK_EVERY = 500

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")


class SpreadsheetError(Exception):
    """An uploaded workbook that cannot or may not be read; ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---- Writing ----------------------------------------------------------------------------------------------------

def needs_neutralising(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def export_watermark(user: Any, when: Any = None) -> str:
    """"张三（zhangsan）于 2019-03-18 10:05 导出 · 内部资料 注意保密" — who exported and when (local time)."""
    when = timezone.localtime(when or timezone.now())
    name = getattr(user, "get_full_name", lambda: "")() or str(user)
    return f"{name}（{user.get_username()}）于 {when:%Y-%m-%d %H:%M} 导出 · 内部资料 注意保密"


class SheetWriter:
    """A one-sheet workbook written row by row (streamed, so a large export keeps little in memory).

    >>> sheet = SheetWriter("巡察干部人才库", header=["姓名", "备注"], widths=[10, 24], exported_by=user)
    >>> sheet.append(["张三", "=1+1"])      # stored as the text "=1+1"
    >>> data = sheet.to_bytes()            # watermarked with the user and the time; audited as export.file

    Without ``exported_by`` (a blank import template) there is neither watermark nor audit event.
    """

    def __init__(self, title: str, *, header: Sequence[str] | None = None,
                 widths: Sequence[float] | None = None, exported_by: Any = None) -> None:
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet(title)
        self.title = title
        self.rows = 0
        self.exported_by = exported_by
        self.watermark = export_watermark(exported_by) if exported_by is not None else ""
        if self.watermark:
            self._stamp(self.watermark)
        # Column widths must be set before the first row in a streamed sheet.
        for index, width in enumerate(widths or (), start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        if header is not None:
            self.append(header, header=True)

    def _stamp(self, watermark: str) -> None:
        # Header and footer show on every printed page and in the page layout view; the properties travel
        # with the file (File > Info), where a copy pasted elsewhere still names who exported it.
        for header_footer in (self._sheet.oddHeader, self._sheet.oddFooter, self._sheet.evenHeader,
                              self._sheet.evenFooter, self._sheet.firstHeader, self._sheet.firstFooter):
            header_footer.center.text = watermark
            header_footer.center.size = 9
            header_footer.center.color = "7F1D1D"
        properties = self._workbook.properties
        properties.creator = properties.lastModifiedBy = self.exported_by.get_username()
        properties.title = self.title
        properties.description = watermark
        properties.keywords = "内部资料"

    def append(self, values: Iterable[Any], *, header: bool = False) -> None:
        self._sheet.append([self._cell(value, header) for value in values])
        if not header:
            self.rows += 1

    def _cell(self, value: Any, header: bool) -> WriteOnlyCell:
        cell = WriteOnlyCell(self._sheet, value=value)
        if isinstance(value, str):
            # openpyxl infers a formula from a leading "=" and an error from "#N/A": text stays text.
            cell.data_type = "s"
            if needs_neutralising(value):
                cell.quotePrefix = True
        if header:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
        return cell

    def to_bytes(self) -> bytes:
        """The workbook; for an export, recorded in the audit log first (fail closed: no event, no file)."""
        if self.exported_by is not None:
            events.record("export.file", actor=self.exported_by, object_type="xlsx", object_repr=self.title,
                          details={"title": self.title, "rows": self.rows, "watermark": self.watermark})
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()


# ---- Reading ----------------------------------------------------------------------------------------------------

def check_xlsx(name: str, data: bytes, *, max_bytes: int, max_rows: int | None = None) -> None:
    """Refuse, before anything is stored, a file that is not a readable .xlsx of at most ``max_bytes``:
    by name, size, zip signature, unpacked size, the parts of a workbook, and openpyxl opening it. With
    ``max_rows``, a first sheet declaring more rows than :func:`iter_sheet` would read is refused too."""
    if not name.lower().endswith(".xlsx"):
        raise SpreadsheetError("请上传 Excel 文件（.xlsx）。")
    if len(data) > max_bytes:
        raise SpreadsheetError(f"文件超过 {max_bytes // (1024 * 1024)} MB。")
    if not data.startswith(XLSX_MAGIC):
        raise SpreadsheetError("文件内容不是 Excel 格式。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetError("文件内容不是 Excel 格式。") from exc
    names = {part.filename for part in parts}
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise SpreadsheetError("文件内容不是 Excel 格式。")
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise SpreadsheetError("文件解压后过大（可能含大量空行或多余内容），请只保留需要导入的数据后重新上传。")
    with open_first_sheet(data) as sheet:
        if max_rows is not None:
            _check_declared_rows(sheet, max_rows)


@contextlib.contextmanager
def open_first_sheet(data: bytes) -> Iterator[Any]:
    """The first worksheet of a workbook, read-only (streamed) and with cached values instead of formulas."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError("无法读取该 Excel 文件，请检查文件是否损坏。") from exc
    try:
        if not workbook.worksheets:
            raise SpreadsheetError("文件中没有工作表。")
        yield workbook.worksheets[0]
    finally:
        workbook.close()


def scan_limit(max_rows: int) -> int:
    """Rows (header, data and blank) read at most: the allowed data rows plus as many blank ones."""
    return 2 * max_rows + 1


def _check_declared_rows(sheet: Any, max_rows: int) -> None:
    declared = getattr(sheet, "max_row", None)
    if isinstance(declared, int) and declared > scan_limit(max_rows):
        raise SpreadsheetError(
            f"表格第一个工作表共有 {declared} 行（包括空行和只设置了格式的行），超过可读取的上限 "
            f"{scan_limit(max_rows)} 行。一次最多导入 {max_rows} 行数据，请删除多余的行或分批导入。"
        )


class SheetRows:
    """The rows of a sheet's first worksheet, streamed: ``header`` is the first row; iterating yields
    ``(line, values)`` for each non-blank row after it. Reading stops with a :class:`SpreadsheetError` once
    more than ``max_rows`` non-blank rows, or more than :func:`scan_limit` rows in all, have been read.
    ``rows_read`` counts the rows taken from the file."""

    def __init__(self, sheet: Any, *, max_rows: int, check: Callable[[], None] | None = None) -> None:
        _check_declared_rows(sheet, max_rows)
        # The declared dimension only bounds what we refuse; trusting it for the end of the data would drop
        # rows a file places past it.
        sheet.reset_dimensions()
        self.max_rows = max_rows
        self.rows_read = 0
        self._check = check
        self._rows = sheet.iter_rows(max_col=MAX_READ_COLUMNS, values_only=True)
        first = self._next()
        self.header: list[str] = [] if first is None else _trim([_text(v) for v in first])

    def _next(self) -> tuple[Any, ...] | None:
        row = next(self._rows, None)
        if row is None:
            return None
        self.rows_read += 1
        if self.rows_read > scan_limit(self.max_rows):
            raise SpreadsheetError(
                f"表格行数过多（含空行），读取 {scan_limit(self.max_rows)} 行后仍未结束。"
                f"一次最多导入 {self.max_rows} 行数据，请删除多余的空行后重新上传。"
            )
        if self._check is not None and self.rows_read % CHECK_EVERY == 0:
            self._check()
        return tuple(row)

    def __iter__(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        seen = 0
        while (row := self._next()) is not None:
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            seen += 1
            if seen > self.max_rows:
                raise SpreadsheetError(f"数据超过 {self.max_rows} 行。一次最多导入 {self.max_rows} 行，请分批导入。")
            yield self.rows_read, row


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _trim(values: list[str]) -> list[str]:
    while values and not values[-1]:
        values.pop()
    return values
