"""The .docx read back: paper, margins, type area, line grid, fonts of each part, page numbers, the header and the
footer block, as GB/T 9704-2012 sets them (``layout.py``)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from xuncha.documents import layout as L
from xuncha.documents.builder import (
    STYLE_HEADINGS,
    STYLE_TITLE,
    _signature_indents,
    build_docx,
    fill_pages,
    flow_lines,
    mark_size,
    text_width_chars,
    title_lines,
)
from xuncha.documents.text import FormalText, body, chinese_date, chinese_numeral, heading, heading_label

WATERMARK = "王五（wangwu）于 2026-12-05 08:00 导出 · 内部资料 注意保密"


def sample(paragraphs: int = 1, **overrides: object) -> FormalText:
    values: dict[str, object] = {
        "title": "关于对市工商联党组开展巡察的通知",
        "issuing_mark": "中共洛阳市委巡察工作领导小组办公室",
        "number": "洛巡办〔2018〕25号",
        "urgency": "特急",
        "addressee": "市工商联党组",
        "paragraphs": [body("根据市委巡察工作统一部署，市委第三巡察组将对你单位党组开展常规巡察。")]
        + [heading(1, "巡察时间"), body("巡察组于2018年9月10日进驻。"), heading(2, "汇报材料", run_on="请准备。"),
           heading(3, "班子情况。"), heading(4, "其他。"), heading(1, "联络组")] * paragraphs,
        "attachments": ["巡察组联系方式", "资料清单"],
        "signature": "中共洛阳市委巡察工作领导小组办公室",
        "date": datetime.date(2018, 8, 31),
        "note": "联系人：张三",
        "copy_to": ["市委第三巡察组"],
        "printed_by": "中共洛阳市委巡察工作领导小组办公室",
        "printed_on": datetime.date(2018, 8, 31),
    }
    values.update(overrides)
    return FormalText(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return build_docx(sample(), watermark=WATERMARK, author="wangwu")


@pytest.fixture(scope="module")
def document(docx_bytes: bytes) -> DocxDocument:
    return Document(io.BytesIO(docx_bytes))


def _paragraph(document: DocxDocument, startswith: str) -> object:
    return next(p for p in document.paragraphs if p.text.startswith(startswith))


def _east_asia(element: object) -> str:
    fonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return str(fonts.get(qn("w:eastAsia")))


def _style_font(document: DocxDocument, name: str) -> tuple[str, float, bool]:
    style = document.styles[name]
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return str(fonts.get(qn("w:eastAsia"))), style.font.size.pt, bool(style.font.bold)


def test_a4_with_the_standards_margins_and_type_area(document: DocxDocument) -> None:
    section: Any = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37       # 天头
    assert round(section.left_margin.mm) == 28      # 订口
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(width - Mm(156)) < Mm(0.1) and abs(height - Mm(225)) < Mm(0.1)


def test_a_grid_of_22_lines_of_28_characters(document: DocxDocument) -> None:
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch = int(grid.get(qn("w:linePitch")))
    assert int(L.mm_to_twips(225) / pitch) == 22 and 22 * pitch <= L.mm_to_twips(225)
    # charSpace is the grid's character pitch less the 3号 size, in 1/4096 pt: 28 of them fill 156 mm.
    char_pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert round(L.mm_to_pt(156) / char_pitch, 2) == 28.0
    spacing = document.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(
        qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == (str(pitch), "exact")
    # the characters, condensed a quarter point, fit 28 to a line in the type area
    condensed = 16 + L.CHAR_CONDENSE_TWENTIETHS / 20
    assert 28 * condensed <= L.mm_to_pt(156) < 29 * condensed


def test_fonts_named_as_the_standard_names_them(document: DocxDocument) -> None:
    assert _style_font(document, "Normal") == ("仿宋_GB2312", 16.0, False)
    assert _style_font(document, STYLE_TITLE) == ("方正小标宋简体", 22.0, False)
    assert _style_font(document, STYLE_HEADINGS[1]) == ("黑体", 16.0, False)
    assert _style_font(document, STYLE_HEADINGS[2]) == ("楷体_GB2312", 16.0, False)
    assert _style_font(document, STYLE_HEADINGS[3]) == ("仿宋_GB2312", 16.0, True)
    assert _style_font(document, STYLE_HEADINGS[4]) == ("仿宋_GB2312", 16.0, False)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert (fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii"))) == ("仿宋_GB2312", "Times New Roman")
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_the_font_table_gives_each_font_an_alternate(docx_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        table = etree.fromstring(archive.read("word/fontTable.xml"))
    fonts = {f.get(qn("w:name")): f for f in table.findall(qn("w:font"))}
    assert fonts["仿宋_GB2312"].find(qn("w:altName")).get(qn("w:val")) == "仿宋"
    assert fonts["楷体_GB2312"].find(qn("w:altName")).get(qn("w:val")) == "楷体"
    assert fonts["方正小标宋简体"].find(qn("w:altName")).get(qn("w:val")) == "宋体"
    assert fonts["黑体"].find(qn("w:charset")).get(qn("w:val")) == "86"


def test_the_header_block_red_mark_number_and_separator(document: DocxDocument) -> None:
    urgency = document.paragraphs[0]
    assert urgency.text == "特急" and _east_asia(urgency.runs[0]._r) == "黑体"
    mark = _paragraph(document, "中共洛阳市委巡察工作领导小组办公室")
    run = mark.runs[0]  # type: ignore[attr-defined]
    assert str(run.font.color.rgb) == "FF0000" and _east_asia(run._r) == "方正小标宋简体"
    assert run.font.size.pt <= L.mm_to_pt(15) and run.font.size.pt == mark_size(mark.text)  # type: ignore[attr-defined]
    number = _paragraph(document, "洛巡办")
    assert re.fullmatch(r"\S+〔\d{4}〕[1-9]\d*号", number.text)  # type: ignore[attr-defined]
    assert number.alignment == 1  # type: ignore[attr-defined]  # centred
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))  # type: ignore[attr-defined]
    assert (rule.get(qn("w:color")), rule.get(qn("w:space"))) == ("FF0000", str(round(L.mm_to_pt(4))))


def test_title_addressee_and_numbered_headings(document: DocxDocument) -> None:
    title = _paragraph(document, "关于对市工商联")
    assert title.style.name == STYLE_TITLE and title.alignment == 1  # type: ignore[attr-defined]
    assert _paragraph(document, "市工商联党组").text == "市工商联党组："  # type: ignore[attr-defined]
    styled: list[tuple[str, str]] = [(str(p.style.name if p.style else ""), p.text) for p in document.paragraphs]
    headings = [(name, text) for name, text in styled if name in STYLE_HEADINGS.values()]
    assert headings == [(STYLE_HEADINGS[1], "一、巡察时间"), (STYLE_HEADINGS[2], "（一）汇报材料请准备。"),
                        (STYLE_HEADINGS[3], "1.班子情况。"), (STYLE_HEADINGS[4], "（1）其他。"),
                        (STYLE_HEADINGS[1], "二、联络组")]
    run_on = _paragraph(document, "（一）").runs[1]  # type: ignore[attr-defined]
    assert _east_asia(run_on._r) == "仿宋_GB2312"
    indent = document.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"


def test_attachments_signature_date_and_note(document: DocxDocument) -> None:
    assert _paragraph(document, "附件：").text == "附件：1.巡察组联系方式"  # type: ignore[attr-defined]
    assert _paragraph(document, "2.资料清单") is not None
    date = _paragraph(document, "2018年8月31日")
    assert date.alignment == 2  # type: ignore[attr-defined]  # right
    assert _paragraph(document, "（联系人：张三）") is not None


def test_the_signature_centres_over_the_date_four_characters_from_the_right() -> None:
    date_right, signature_right = _signature_indents("市委第三巡察组", "2018年11月1日")
    assert date_right == 4
    assert signature_right == 4 + (text_width_chars("2018年11月1日") - 7) / 2
    # a signature longer than the date: two characters from the right, the date centred under it
    date_right, signature_right = _signature_indents("中共洛阳市委巡察工作领导小组办公室", "2018年8月31日")
    assert signature_right == 2 and date_right > 4


def test_page_numbers_are_a_page_field_between_dashes_odd_right_even_left(document: DocxDocument) -> None:
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment, side in ((section.footer, 2, "w:right"), (section.even_page_footer, 0, "w:left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert re.fullmatch(r"— \d+ —", paragraph.text)
        xml = paragraph._p.xml
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        run = paragraph.runs[0]
        assert run.font.size.pt == 14 and _east_asia(run._r) == "宋体"
        assert paragraph._p.pPr.find(qn("w:ind")).get(qn(side)) == str(14 * 20)  # one 4号 character


def test_the_watermark_is_in_every_header_and_the_properties(document: DocxDocument) -> None:
    section = document.sections[0]
    assert section.header.paragraphs[0].text == WATERMARK
    assert section.even_page_header.paragraphs[0].text == WATERMARK
    assert WATERMARK in document.core_properties.comments
    assert "仿宋_GB2312" in document.core_properties.comments  # the fallback note
    assert document.core_properties.author == "wangwu"


def test_the_footer_block_between_thick_and_thin_rules(document: DocxDocument) -> None:
    table = document.tables[-1]
    assert [c.text for row in table.rows for c in row.cells] == [
        "抄送：市委第三巡察组。", "中共洛阳市委巡察工作领导小组办公室\t2018年8月31日印发"]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    weights = {side: borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "insideH", "bottom")}
    assert weights == {"top": "8", "insideH": "6", "bottom": "8"}  # 0.35 mm, 0.25 mm, 0.35 mm
    assert table.rows[0].cells[0].paragraphs[0].runs[0].font.size is None  # the style's 4号
    assert document.styles["公文版记"].font.size.pt == 14


@pytest.mark.parametrize("letter", [False, True])
@pytest.mark.parametrize("paragraphs", [1, 3, 6, 10])
def test_the_footer_block_lands_at_the_foot_of_an_even_page(paragraphs: int, letter: bool) -> None:
    text = sample(paragraphs, letter=letter)
    document = Document(io.BytesIO(build_docx(text)))
    pages, used = fill_pages(flow_lines(text))
    body_children = list(document.element.body)
    table_at = next(i for i, child in enumerate(body_children) if child.tag == qn("w:tbl"))
    spacers = body_children[table_at - 60:table_at]
    breaks = sum(1 for child in spacers if child.find(qn("w:pPr")) is not None
                 and child.find(qn("w:pPr")).find(qn("w:pageBreakBefore")) is not None)
    record_page = pages + breaks
    assert record_page % 2 == 0
    blanks = 0
    for child in reversed(body_children[:table_at]):
        if child.tag != qn("w:p") or "".join(child.itertext()):
            break
        blanks += 1
    lines_on_record_page = (used if breaks == 0 else 0) + blanks + len(document.tables[-1].rows)
    assert L.LINES_PER_PAGE - 2 <= lines_on_record_page + 0.2 <= L.LINES_PER_PAGE


def test_fill_pages_moves_a_line_that_does_not_fit_whole() -> None:
    assert fill_pages([1.0] * 22) == (1, 22.0)
    assert fill_pages([1.0] * 23) == (2, 1.0)
    assert fill_pages([1.5] + [1.0] * 21) == (2, 1.0)


def test_numerals_dates_and_widths() -> None:
    assert [chinese_numeral(n) for n in (1, 10, 12, 20, 99)] == ["一", "十", "十二", "二十", "九十九"]
    assert [heading_label(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    assert chinese_date(datetime.date(2018, 11, 1)) == "2018年11月1日"
    assert text_width_chars("2018年") == 3
    with pytest.raises(ValueError, match="标题不能为空"):
        FormalText(title=" ")
    with pytest.raises(ValueError, match="层级"):
        heading(5, "x")


def test_a_text_without_header_or_record_is_just_title_and_body() -> None:
    document = Document(io.BytesIO(build_docx(FormalText(title="巡察公告", paragraphs=[body("正文。")]))))
    assert [p.text for p in document.paragraphs if p.text] == ["巡察公告", "正文。"]
    assert not document.tables
    assert not document.sections[0].header.paragraphs[0].text  # no watermark asked for


def test_the_letter_format_rules_the_first_page_and_leaves_it_unnumbered() -> None:
    text = sample(letter=True, issuing_mark="中共洛阳市委第三巡察组", number="洛巡三〔2018〕3号")
    document = Document(io.BytesIO(build_docx(text)))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    foot = section.first_page_footer.paragraphs[0]
    rule = foot._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
    assert (rule.get(qn("w:val")), rule.get(qn("w:color"))) == ("thinThickSmallGap", "FF0000")
    assert "PAGE" not in foot._p.xml  # no page number on the first page
    mark = _paragraph(document, "中共洛阳市委第三巡察组")
    top_rule = mark._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))  # type: ignore[attr-defined]
    assert top_rule.get(qn("w:val")) == "thickThinSmallGap"
    beyond = L.mm_to_twips(7)  # 170 mm: 7 mm beyond the type area on each side
    indent = mark._p.pPr.find(qn("w:ind"))  # type: ignore[attr-defined]
    assert (indent.get(qn("w:left")), indent.get(qn("w:right"))) == (f"-{beyond}", f"-{beyond}")
    assert _paragraph(document, "洛巡三").alignment == 2  # type: ignore[attr-defined]  # right, under the rule
    # the record: copy-to only, no printing body and date
    assert [c.text for row in document.tables[-1].rows for c in row.cells] == ["抄送：市委第三巡察组。"]


def test_a_long_title_is_set_on_two_balanced_lines_between_words() -> None:
    title = "关于对中共洛阳市工商业联合会党组开展巡察的通知"
    lines = title_lines(title)
    assert "".join(lines) == title and len(lines) == 2
    assert abs(len(lines[0]) - len(lines[1])) <= 3  # 梯形, not 21 characters over "的通知"
    assert all(len(line) * L.SIZE_2 <= L.mm_to_pt(156) for line in lines)
    assert "洛阳市" in lines[0] or "洛阳市" in lines[1]  # no word split across the lines
    assert title_lines("巡察公告") == ["巡察公告"]
    assert title_lines("中共洛阳市委第三巡察组\n巡察公告") == ["中共洛阳市委第三巡察组", "巡察公告"]
    document = Document(io.BytesIO(build_docx(FormalText(title=title))))
    paragraph = next(p for p in document.paragraphs if p.style.name == STYLE_TITLE)  # type: ignore[union-attr]
    assert paragraph._p.xml.count("<w:br/>") == 1 and paragraph.text.replace("\n", "") == title
