"""The one spreadsheet writer (text never becomes a formula) and the streamed, bounded reader of uploads."""

from __future__ import annotations

import ast
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from xuncha.accounts.models import User
from xuncha.audit.models import AuditEvent
from xuncha.core.spreadsheets import (
    FORMULA_TRIGGERS,
    MAX_UNPACKED_BYTES,
    SheetRows,
    SheetWriter,
    SpreadsheetError,
    check_xlsx,
    open_first_sheet,
    scan_limit,
)

PACKAGE = Path(__file__).resolve().parents[2]
DANGEROUS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\")"]


def _read_back(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def test_text_starting_like_a_formula_is_written_as_quoted_text():
    sheet = SheetWriter("导出", header=["备注"])
    for text in DANGEROUS:
        sheet.append([text])
    cells = [row[0] for row in _read_back(sheet.to_bytes()).iter_rows(min_row=2)]
    # The text is kept exactly, but for a stored CR, which reads back as CR or LF depending on the XML reader
    # openpyxl picked (lxml or expat).
    assert [c.value.replace("\r", "\n") for c in cells] == [t.replace("\r", "\n") for t in DANGEROUS]
    assert all(c.data_type == "s" for c in cells), [(c.value, c.data_type) for c in cells]
    # The quote prefix keeps Excel from evaluating the text even after the user edits the cell.
    assert all(c.quotePrefix for c in cells)
    assert {t[0] for t in DANGEROUS} == set(FORMULA_TRIGGERS) | {"="}


def test_numbers_stay_numbers_and_plain_text_is_not_quoted():
    sheet = SheetWriter("导出")
    sheet.append([-5, -2.5, 0, "张三", "#N/A", "", None])
    row = next(_read_back(sheet.to_bytes()).iter_rows())
    assert [(c.value, c.data_type) for c in row[:5]] == [(-5, "n"), (-2.5, "n"), (0, "n"), ("张三", "s"),
                                                         ("#N/A", "s")]
    assert not any(c.quotePrefix for c in row)


def test_header_row_is_styled_and_widths_are_set():
    sheet = SheetWriter("导出", header=["姓名", "=备注"], widths=[10, 24])
    ws = _read_back(sheet.to_bytes())
    assert ws.title == "导出"
    assert ws["A1"].font.b and ws["B1"].value == "=备注" and ws["B1"].data_type == "s"
    assert ws.column_dimensions["B"].width == 24


def test_every_workbook_the_project_writes_goes_through_the_one_writer():
    """openpyxl is imported only by the spreadsheet module (tests aside), so no export can bypass it."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "spreadsheets.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "openpyxl" or n.startswith("openpyxl.") for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


# ---- Reading ----------------------------------------------------------------------------------------------------

def _xlsx(rows, *, styled_row: int | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if styled_row:
        # An empty but formatted cell far down: the sheet declares (and a reader walks) every row up to it.
        ws.cell(row=styled_row, column=1).font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data: bytes, change, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == part:
                body = change(body)
            dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _without_dimension(data: bytes) -> bytes:
    return _rewrite_sheet(data, lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml))


def _rows(data: bytes, max_rows: int, check=None) -> tuple[list[tuple], int]:
    with open_first_sheet(data) as sheet:
        reader = SheetRows(sheet, max_rows=max_rows, check=check)
        try:
            return list(reader), reader.rows_read
        except SpreadsheetError as exc:
            exc.rows_read = reader.rows_read  # type: ignore[attr-defined]
            raise


def test_reader_yields_header_and_non_blank_rows_with_their_line():
    data = _xlsx([["姓名", "单位", None], ["张三", "市审计局"], [None, "  "], ["李四", "市财政局"]])
    with open_first_sheet(data) as sheet:
        reader = SheetRows(sheet, max_rows=10)
        assert reader.header == ["姓名", "单位"]
        rows = list(reader)
    assert [(line, row[:2]) for line, row in rows] == [(2, ("张三", "市审计局")), (4, ("李四", "市财政局"))]


def test_a_huge_declared_area_is_refused_before_any_row_is_read():
    data = _xlsx([["姓名"], ["张三"]], styled_row=1_000_000)
    with open_first_sheet(data) as sheet:
        assert sheet.max_row == 1_000_000
        with pytest.raises(SpreadsheetError, match="一次最多导入 5000 行") as caught:
            SheetRows(sheet, max_rows=5000)
    assert "行" in caught.value.message
    with pytest.raises(SpreadsheetError, match="超过可读取的上限"):
        check_xlsx("名单.xlsx", data, max_bytes=5 * 1024 * 1024, max_rows=5000)


def test_an_undeclared_empty_area_stops_the_reader_at_the_scan_limit():
    data = _without_dimension(_xlsx([["姓名"], ["张三"]], styled_row=1_000_000))
    with pytest.raises(SpreadsheetError, match="表格行数过多（含空行）") as caught:
        _rows(data, max_rows=100)
    assert caught.value.rows_read == scan_limit(100) + 1  # type: ignore[attr-defined]


def test_more_non_blank_rows_than_allowed_stop_at_the_first_row_too_many():
    data = _without_dimension(_xlsx([["姓名"], *[[f"干部{i}"] for i in range(50)]]))
    with pytest.raises(SpreadsheetError, match="数据超过 20 行。一次最多导入 20 行") as caught:
        _rows(data, max_rows=20)
    assert caught.value.rows_read == 1 + 21  # type: ignore[attr-defined]


def test_rows_past_a_too_small_declared_dimension_are_still_read():
    data = _rewrite_sheet(_xlsx([["姓名"], ["张三"], ["李四"]]),
                          lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A2"', xml))
    rows, _read = _rows(data, max_rows=10)
    assert [row[0] for _line, row in rows] == ["张三", "李四"]


def test_reader_calls_its_check_while_reading_so_a_deadline_can_stop_it():
    class Stop(Exception):
        pass

    calls = []

    def check():
        calls.append(1)
        raise Stop

    data = _xlsx([["姓名"], *[[f"干部{i}"] for i in range(600)]])
    with pytest.raises(Stop):
        _rows(data, max_rows=1000, check=check)
    assert calls == [1]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("名单.xls", b"PK\x03\x04", "请上传 Excel 文件（.xlsx）。"),
    ("名单.xlsx", b"PK\x03\x04" + b"0" * 100, "文件内容不是 Excel 格式。"),
    ("名单.xlsx", b"%PDF-1.7", "文件内容不是 Excel 格式。"),
])
def test_uploads_are_checked_by_name_and_content(name, data, message):
    with pytest.raises(SpreadsheetError) as caught:
        check_xlsx(name, data, max_bytes=1024 * 1024)
    assert caught.value.message == message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "不是表格")
    with pytest.raises(SpreadsheetError, match="不是 Excel 格式"):
        check_xlsx("名单.xlsx", buffer.getvalue(), max_bytes=1024 * 1024)


def test_a_zip_bomb_is_refused_by_its_unpacked_size():
    padded = _rewrite_sheet(_xlsx([["姓名"]]), lambda xml: xml.replace(
        b"</worksheet>", b"<!--" + b" " * (MAX_UNPACKED_BYTES + 1) + b"--></worksheet>"))
    assert len(padded) < 1024 * 1024
    with pytest.raises(SpreadsheetError, match="解压后过大"):
        check_xlsx("名单.xlsx", padded, max_bytes=1024 * 1024)


def test_a_damaged_workbook_is_refused_in_chinese():
    damaged = _rewrite_sheet(_xlsx([["姓名"]]), lambda xml: b"<not-xml", part="xl/workbook.xml")
    with pytest.raises(SpreadsheetError, match="无法读取该 Excel 文件"):
        check_xlsx("名单.xlsx", damaged, max_bytes=1024 * 1024)


@pytest.mark.django_db
def test_an_export_names_who_exported_it_and_when_and_is_audited():
    user = User.objects.create_user("export_user", first_name="导出人")
    sheet = SheetWriter("巡察干部人才库", header=["姓名"], exported_by=user)
    sheet.append(["张三"])
    sheet.append(["李四"])
    workbook = load_workbook(io.BytesIO(sheet.to_bytes()))
    stamp = f"{timezone.localtime():%Y-%m-%d}"
    text = workbook.worksheets[0].oddHeader.center.text
    assert "导出人（export_user）于 " + stamp in text and "导出" in text
    assert workbook.worksheets[0].oddFooter.center.text == text
    assert (workbook.properties.creator, workbook.properties.description) == ("export_user", text)
    event = AuditEvent.objects.get(action="export.file")
    assert event.actor_username == "export_user"
    assert json.loads(event.details) == {"title": "巡察干部人才库", "rows": 2, "watermark": text}


@pytest.mark.django_db
def test_a_blank_template_carries_no_watermark_and_no_event():
    workbook = load_workbook(io.BytesIO(SheetWriter("模板", header=["姓名"]).to_bytes()))
    assert not workbook.worksheets[0].oddHeader.center.text
    assert not AuditEvent.objects.filter(action="export.file").exists()
