"""The PDF as LibreOffice renders it with the project's font mapping, turned into PNG pages (pdftoppm) that are
checked here and left in var/screenshots/documents/ to be looked at.

Marked ``office``: skipped where LibreOffice or poppler-utils is missing (``make office`` installs them), except
under ``XUNCHA_REQUIRE_OFFICE=1`` (CI, whose .ci/run installs them), where a missing tool fails the test."""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from xuncha.documents import layout as L
from xuncha.documents.builder import build_docx
from xuncha.documents.pdf import PdfUnavailable, docx_to_pdf, office_available
from xuncha.documents.text import FormalText, body, heading

# One worker renders and checks the pages (they share var/screenshots/documents/).
pytestmark = [pytest.mark.office, pytest.mark.xdist_group("office")]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots" / "documents"
REQUIRED = os.environ.get("XUNCHA_REQUIRE_OFFICE") == "1"


def _tools() -> None:
    missing = [tool for tool, ok in (("soffice", office_available()), ("pdftoppm", shutil.which("pdftoppm")))
               if not ok]
    if missing:
        message = f"{', '.join(missing)} not installed (make office)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603


def _text() -> FormalText:
    return FormalText(
        title="关于对市工商联党组开展巡察的通知",
        issuing_mark="中共洛阳市委巡察工作领导小组办公室",
        number="洛巡办〔2018〕25号",
        addressee="市工商联党组",
        paragraphs=[body("根据市委巡察工作统一部署，市委第三巡察组将于2018年9月10日起对你单位党组开展常规巡察。"
                         "现将有关事项通知如下。")]
        + [heading(1, "巡察时间和方式"), body("巡察组进驻时间为2018年9月10日，巡察时间约2个月。" * 3),
           heading(2, "准备汇报材料", run_on="请于进驻前准备书面工作汇报，重点报告存在的问题。"),
           heading(3, "领导班子情况。", run_on="包括班子成员分工。"), heading(4, "其他事项。")] * 3,
        attachments=["巡察组联系方式", "需提供的资料清单"],
        signature="中共洛阳市委巡察工作领导小组办公室",
        date=datetime.date(2018, 8, 31),
        note="联系人：张三，电话：0379-12345678",
        copy_to=["市委巡察工作领导小组成员", "市委第三巡察组"],
        printed_by="中共洛阳市委巡察工作领导小组办公室",
        printed_on=datetime.date(2018, 8, 31),
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _tools()
    folder = tmp_path_factory.mktemp("pdf")
    pdf = folder / "notice.pdf"
    pdf.write_bytes(docx_to_pdf(build_docx(_text(), watermark="王五（wangwu）于 2026-12-05 08:00 导出")))
    # The pages are checked where they were rendered (nothing else writes there) and copied to be looked at.
    _run("pdftoppm", "-r", "72", "-png", str(pdf), str(folder / "notice"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("notice-*.png"):
        old.unlink(missing_ok=True)
    for page in folder.glob("notice-*.png"):
        shutil.copyfile(page, SCREENSHOTS / page.name)
    return pdf


def _pages(rendered: Path) -> list[Path]:
    return sorted(rendered.parent.glob("notice-*.png"))


def test_a4_pages_an_even_number_of_them(rendered: Path) -> None:
    info = _run("pdfinfo", str(rendered))
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert (round(width), round(height)) == (595, 842)  # 210 × 297 mm in points
    assert pages >= 2 and pages % 2 == 0  # the footer block on the last, even page
    images = _pages(rendered)
    assert len(images) == pages
    for image in images:
        with Image.open(image) as png:
            assert abs(png.width / png.height - 210 / 297) < 0.01


def test_the_standards_fonts_are_mapped_to_embedded_cjk_fonts(rendered: Path) -> None:
    fonts = _run("pdffonts", str(rendered))
    embedded = [line for line in fonts.splitlines()[2:] if line.split()[-5] == "yes"]
    names = " ".join(line.split()[0] for line in embedded)
    assert len(embedded) == len(fonts.splitlines()[2:])  # every font embedded
    assert "FandolFang" in names or "UMing" in names   # 仿宋_GB2312
    assert "FandolKai" in names or "UKai" in names     # 楷体_GB2312
    assert "NotoSerifCJK" in names                     # 方正小标宋简体 (bold Song)
    assert "NotoSansCJK" in names                      # 黑体


def test_the_text_comes_through_and_the_record_sits_at_the_foot_of_the_last_page(rendered: Path) -> None:
    text = _run("pdftotext", "-layout", str(rendered), "-")
    for expected in ("中共洛阳市委巡察工作领导小组办公室", "洛巡办〔2018〕25号", "关于对市工商联党组开展巡察的通知",
                     "一、巡察时间和方式", "（一）准备汇报材料", "附件：1.巡察组联系方式", "2018 年 8 月 31 日印发"):
        assert expected.replace(" ", "") in text.replace(" ", ""), expected
    assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text)
    pages = len(_pages(rendered))
    boxes = _run("pdftotext", "-bbox", "-f", str(pages), "-l", str(pages), str(rendered), "-")
    bottom = max(float(m) for m in re.findall(r'yMax="([\d.]+)">[^<]*印发', boxes))
    type_area_bottom = L.mm_to_pt(L.TOP_MARGIN_MM + L.TYPE_AREA_HEIGHT_MM)
    line = L.LINE_PITCH_TWIPS / 20
    assert type_area_bottom - 3 * line < bottom <= type_area_bottom


def _red(image: Image.Image) -> int:
    pixels: Any = image.get_flattened_data()
    return sum(1 for r, g, b in pixels if r > 180 and g < 90 and b < 90)


def test_the_issuing_mark_and_the_separator_are_red(rendered: Path) -> None:
    with Image.open(_pages(rendered)[0]) as png:
        rgb = png.convert("RGB")
        top = rgb.crop((0, 0, rgb.width, rgb.height // 3))
        red = _red(top)
        lower = rgb.crop((0, rgb.height // 3, rgb.width, rgb.height))
        red_below = _red(lower)
    assert red > 500 and red_below == 0


def test_a_missing_soffice_says_so_in_chinese(monkeypatch: pytest.MonkeyPatch, settings: object) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("XUNCHA_SOFFICE", raising=False)
    with pytest.raises(PdfUnavailable, match="未安装 LibreOffice"):
        docx_to_pdf(b"")


def test_the_letter_format_has_its_red_rules_and_no_number_on_the_first_page(tmp_path: Path) -> None:
    _tools()
    text = dataclasses.replace(_text(), letter=True, issuing_mark="中共洛阳市委第三巡察组", number="洛巡三〔2018〕3号")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(docx_to_pdf(build_docx(text)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _run("pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "letter"))
    first_page = next(tmp_path.glob("letter-*1.png"))
    shutil.copyfile(first_page, SCREENSHOTS / first_page.name)
    first = _run("pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-")
    assert "洛巡三〔2018〕3号".replace(" ", "") in first.replace(" ", "")
    assert not re.search(r"—\s*1\s*—", first)
    with Image.open(first_page) as png:
        rgb = png.convert("RGB")
        assert _red(rgb.crop((0, 0, rgb.width, rgb.height // 4))) > 500       # the mark and the rule under it
        assert _red(rgb.crop((0, rgb.height * 3 // 4, rgb.width, rgb.height))) > 200  # the rule at the foot
