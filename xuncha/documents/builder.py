"""Write a :class:`~xuncha.documents.text.FormalText` as a .docx laid out by GB/T 9704-2012.

The .docx is the master: offices open it in Word or WPS, where the fonts the standard names (方正小标宋简体,
仿宋_GB2312, 黑体, 楷体_GB2312, 宋体) are installed, so every run names them with the East Asian font attribute
set (Word ignores ``w:ascii`` for Chinese characters) and the font table gives each an alternate for a machine
that lacks it (``w:altName``: 仿宋, 楷体, 宋体). The PDF is this file rendered by LibreOffice (``pdf.py``), which
maps the same names to the free fonts the project installs.

What is set, as the standard (``layout.py``) says:

- A4, 天头 37 mm, 订口 28 mm, type area 156 × 225 mm; a line grid of 22 lines × 28 characters
  (``w:docGrid type="linesAndChars"``) with every line exactly one grid pitch high;
- the header (版头): 份号, 密级, 紧急程度 in 黑体 at the top left; the issuing-body mark red in 小标宋, centred,
  sized to fit; the document number centred two lines below it; the red separator 4 mm under the number;
- the title in 2号 小标宋 centred; the addressee flush left with a full-width colon; the body in 3号 仿宋_GB2312,
  indented two characters, headings 一、 黑体, （一） 楷体_GB2312, 1. 仿宋 bold, （1） 仿宋, numbered here;
- the attachment note, the signature centred over the date with the date four characters from the right, the
  note in parentheses;
- the footer block (版记) at the foot of the last page between thick and thin rules, in 4号 仿宋;
- page numbers "— 1 —" in 4号 宋体 half-width digits, odd pages on the right and even on the left, one
  character in from the edge of the type area;
- the export watermark (who and when) as one light line in the page header above the type area, and in the
  document's properties.
"""

from __future__ import annotations

import datetime
import io
import logging
import math
from typing import Any, cast

import jieba
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from xuncha.documents import layout as L
from xuncha.documents.text import FormalText, Paragraph, chinese_date, heading_label

jieba.setLogLevel(logging.WARNING)

# Style names (Chinese, as an office sees them in Word's style list).
STYLE_BODY = "Normal"
STYLE_TITLE = "公文标题"
STYLE_HEADINGS = {1: "公文一级标题", 2: "公文二级标题", 3: "公文三级标题", 4: "公文四级标题"}
STYLE_RECORD = "公文版记"
MARK_LINES = 2

FALLBACK_NOTE = (
    "本文件按 GB/T 9704-2012《党政机关公文格式》排版，字体按标准命名：标题 方正小标宋简体，正文 仿宋_GB2312，"
    "一级标题 黑体，二级标题 楷体_GB2312，页码 宋体。未安装这些字体的计算机将以 宋体、仿宋、楷体 代替显示，"
    "版式不变；正式印发前请在已安装上述字体的计算机上核对。"
)


def build_docx(text: FormalText, *, watermark: str = "", author: str = "") -> bytes:
    """The .docx of ``text``; ``watermark`` (who exported it and when) goes into every page's header and the
    document's properties."""
    document = Document()
    _set_defaults(document)
    _set_styles(document)
    _set_fonts_table(document)
    _set_page(document, watermark, letter=text.letter)
    _write_header_block(document, text)
    _write_title(document, text)
    _write_body(document, text)
    _write_closing(document, text)
    _write_record(document, text)
    _set_properties(document, text, watermark, author)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---- Fonts and styles ---------------------------------------------------------------------------------------------

def set_run_font(target: Any, east_asia: str, *, size: float | None = None, bold: bool | None = None,
                 color: str | None = None, latin: str = L.FONT_LATIN) -> None:
    """Name the fonts of a run or style: Latin text in ``latin``, Chinese in ``east_asia`` (``w:eastAsia``)."""
    font = target.font
    font.name = latin
    r_pr = target.element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    if size is not None:
        font.size = Pt(size)
        _set(r_pr, "w:szCs", val=str(round(size * 2)))
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)


def _set(parent: Any, tag: str, **attributes: str) -> Any:
    """The child ``tag`` of ``parent`` (created when missing) with ``attributes`` set (``w:`` prefixed)."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    for key, value in attributes.items():
        child.set(qn(f"w:{key}"), value)
    return child


def _set_defaults(document: DocxDocument) -> None:
    """docDefaults: 3号 仿宋_GB2312 with Times New Roman for Latin text, Chinese language, lines one grid pitch."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(r_pr):
        r_pr.remove(child)
    _set(r_pr, "w:rFonts", ascii=L.FONT_LATIN, hAnsi=L.FONT_LATIN, cs=L.FONT_LATIN, eastAsia=L.FONT_BODY)
    size = str(round(L.SIZE_3 * 2))
    _set(r_pr, "w:kern", val="2")
    # Condensed by a quarter point: 28 characters of 3号 (28 × 16 pt = 448 pt) exceed the type area's 156 mm
    # (442 pt), so a character must be a little narrower than its size for the grid's 28 to fit. Word fits them
    # by the grid's charSpace; LibreOffice takes a character wider than the grid's cell as two cells.
    _set(r_pr, "w:spacing", val=str(L.CHAR_CONDENSE_TWENTIETHS))
    _set(r_pr, "w:sz", val=size)
    _set(r_pr, "w:szCs", val=size)
    _set(r_pr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    p_pr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(p_pr):
        p_pr.remove(child)
    # No widow control: a paragraph breaks across pages line by line, so where the text ends can be counted
    # (see _record_spacer).
    _set(p_pr, "w:widowControl", val="0")
    _set(p_pr, "w:spacing", before="0", after="0", line=str(L.LINE_PITCH_TWIPS), lineRule="exact")
    _set(p_pr, "w:jc", val="both")


def _indent_chars(p_pr: Any, *, first: int = 0, left: int = 0, right: int = 0, size: float = L.SIZE_3,
                  hanging: int = 0) -> None:
    """Indents counted in characters (``w:firstLineChars`` in hundredths) with the twips beside for readers
    that ignore the character units."""
    char = round(size * 20)
    attributes: dict[str, str] = {}
    if first:
        attributes.update(firstLineChars=str(first * 100), firstLine=str(first * char))
    if hanging:
        attributes.update(hangingChars=str(hanging * 100), hanging=str(hanging * char))
    if left:
        attributes.update(leftChars=str(left * 100), left=str(left * char))
    if right:
        attributes.update(rightChars=str(right * 100), right=str(right * char))
    _set(p_pr, "w:ind", **attributes)


def _paragraph_style(document: DocxDocument, name: str, font: str, size: float, *, bold: bool = False,
                     outline: int | None = None) -> ParagraphStyle:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[STYLE_BODY]
    style.quick_style = True
    set_run_font(style, font, size=size, bold=bold)
    if outline is not None:
        _set(style.element.get_or_add_pPr(), "w:outlineLvl", val=str(outline))
    return cast("ParagraphStyle", style)


def _set_styles(document: DocxDocument) -> None:
    normal = document.styles[STYLE_BODY]
    set_run_font(normal, L.FONT_BODY, size=L.SIZE_3)
    p_pr = normal.element.get_or_add_pPr()
    # The text keeps its own character widths (condensed to fit 28 a line) and its exact line pitch instead of
    # snapping to the grid's cells: LibreOffice's snapping sets a half-width digit in a cell of its own.
    _set(p_pr, "w:snapToGrid", val="0")
    _indent_chars(p_pr, first=L.FIRST_LINE_INDENT_CHARS)
    title = _paragraph_style(document, STYLE_TITLE, L.FONT_TITLE, L.SIZE_2, outline=0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_p_pr = title.element.get_or_add_pPr()
    _set(title_p_pr, "w:ind", firstLine="0", firstLineChars="0")
    # A 2号 character is wider than the grid's cell: off the character grid, or each would take two cells.
    _set(title_p_pr, "w:snapToGrid", val="0")
    for level, name in STYLE_HEADINGS.items():
        spec = L.HEADING_STYLES[level]
        _paragraph_style(document, name, spec.font, L.SIZE_3, bold=spec.bold, outline=level)
    record = _paragraph_style(document, STYLE_RECORD, L.FONT_BODY, L.SIZE_4)
    _set(record.element.get_or_add_pPr(), "w:ind", firstLine="0", firstLineChars="0")
    _set(record.element.get_or_add_pPr(), "w:snapToGrid", val="0")


def _set_fonts_table(document: DocxDocument) -> None:
    """Declare the standard's fonts in word/fontTable.xml with their alternates (Word uses ``w:altName`` when
    the named font is not installed) and the GB2312 character set."""
    font_table = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = parse_xml(font_table.blob)
    for name in (L.FONT_TITLE, L.FONT_BODY, L.FONT_HEADING_1, L.FONT_HEADING_2, L.FONT_PAGE_NUMBER):
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        if name in L.FONT_ALTERNATES:
            _set(font, "w:altName", val=L.FONT_ALTERNATES[name])
        _set(font, "w:charset", val="86")  # GB2312
        _set(font, "w:family", val="modern" if name == L.FONT_HEADING_1 else "roman")
        _set(font, "w:pitch", val="variable")
        root.append(font)
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---- Page -------------------------------------------------------------------------------------------------------

def _set_page(document: DocxDocument, watermark: str, *, letter: bool = False) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    sect_pr = section._sectPr
    # Exact twips, so that the type area is 156 × 225 mm to the twip (Mm() rounds through EMUs).
    _set(sect_pr, "w:pgSz", w=str(L.mm_to_twips(L.PAGE_WIDTH_MM)), h=str(L.mm_to_twips(L.PAGE_HEIGHT_MM)))
    _set(sect_pr, "w:pgMar", top=str(L.mm_to_twips(L.TOP_MARGIN_MM)), bottom=str(L.mm_to_twips(L.BOTTOM_MARGIN_MM)),
         left=str(L.mm_to_twips(L.LEFT_MARGIN_MM)), right=str(L.mm_to_twips(L.RIGHT_MARGIN_MM)),
         header=str(L.mm_to_twips(L.HEADER_DISTANCE_MM)), footer=str(L.mm_to_twips(L.FOOTER_DISTANCE_MM)),
         gutter="0")
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is not None:
        sect_pr.remove(grid)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(L.LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(L.CHAR_SPACE))
    sect_pr.append(grid)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    headers = [section.header, section.even_page_header]
    if letter:
        # The letter format's first page: no page number; the red double rule (thin over thick) at its foot.
        section.different_first_page_header_footer = True
        headers.append(section.first_page_header)
        foot = section.first_page_footer.paragraphs[0]
        _set(foot._p.get_or_add_pPr(), "w:snapToGrid", val="0")
        _letter_rule(foot, "top", "thinThickSmallGap")
    for header in headers:
        _watermark_line(header.paragraphs[0], watermark)


def _page_number(paragraph: DocxParagraph, *, odd: bool) -> None:
    """"— 1 —" in 4号 宋体, half-width digits: odd pages right with one character's space, even pages left."""
    p_pr = paragraph._p.get_or_add_pPr()
    _set(p_pr, "w:snapToGrid", val="0")
    _set(p_pr, "w:spacing", line="240", lineRule="auto")
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _indent_chars(p_pr, right=1, size=L.SIZE_4)
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _indent_chars(p_pr, left=1, size=L.SIZE_4)

    def run(text: str = "") -> Run:
        r = paragraph.add_run(text)
        set_run_font(r, L.FONT_PAGE_NUMBER, size=L.SIZE_4, latin=L.FONT_PAGE_NUMBER)
        return r

    run("— ")
    _field(run(), "begin")
    instruction = run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instruction._r.append(instr)
    _field(run(), "separate")
    run("1")
    _field(run(), "end")
    run(" —")


def _field(run: Run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _watermark_line(paragraph: DocxParagraph, watermark: str) -> None:
    if not watermark:
        return
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p_pr = paragraph._p.get_or_add_pPr()
    _set(p_pr, "w:snapToGrid", val="0")
    _set(p_pr, "w:spacing", line="240", lineRule="auto")
    _set(p_pr, "w:ind", firstLine="0", firstLineChars="0")
    run = paragraph.add_run(watermark)
    set_run_font(run, L.FONT_BODY, size=L.SIZE_WATERMARK, color="A6A6A6")


# ---- Header block (版头) -------------------------------------------------------------------------------------------

def _plain(document: DocxDocument, text: str = "", *, style: str = STYLE_BODY, align: Any = None,
           indent: bool = False) -> DocxParagraph:
    paragraph = document.add_paragraph(style=style)
    if not indent:
        _set(paragraph._p.get_or_add_pPr(), "w:ind", firstLine="0", firstLineChars="0")
    if align is not None:
        paragraph.alignment = align
    if text:
        paragraph.add_run(text)
    return paragraph


def text_width_chars(text: str) -> float:
    """Width in characters: a Chinese character or full-width mark is one, a half-width digit or letter half."""
    return sum(0.5 if ord(c) < 0x2E80 and c not in "—" else 1.0 for c in text)


def mark_size(mark: str) -> float:
    """The issuing-body mark's size in points: as large as fits the type area's width, no more than 15 mm per
    character and no more than 初号."""
    width_pt = L.mm_to_pt(L.TYPE_AREA_WIDTH_MM)
    fits = width_pt / max(text_width_chars(mark), 1)
    return round(min(fits * L.MARK_FILL, L.mm_to_pt(L.MARK_MAX_CHAR_MM), L.MARK_MAX_PT), 1)


def _write_header_block(document: DocxDocument, text: FormalText) -> None:
    for mark in (text.copy_number, text.classification, text.urgency):
        if mark:
            paragraph = _plain(document)
            set_run_font(paragraph.add_run(mark), L.FONT_HEADING_1, size=L.SIZE_3)
    if not text.issuing_mark:
        if text.number:
            _number_line(document, text.number)
        return
    paragraph = _plain(document, align=WD_ALIGN_PARAGRAPH.CENTER)
    size = mark_size(text.issuing_mark)
    p_pr = paragraph._p.get_or_add_pPr()
    # The mark takes exactly two grid lines (it is at most 42 pt high), so the text below stays on the grid.
    _set(p_pr, "w:spacing", line=str(MARK_LINES * L.LINE_PITCH_TWIPS), lineRule="exact")
    _set(p_pr, "w:snapToGrid", val="0")
    set_run_font(paragraph.add_run(text.issuing_mark), L.FONT_TITLE, size=size, color=L.RED)
    if text.letter:
        _letter_rule(paragraph, "bottom", "thickThinSmallGap")
        if text.number:
            _plain(document, text.number, align=WD_ALIGN_PARAGRAPH.RIGHT)
        return
    _plain(document)
    _number_line(document, text.number)


def _letter_rule(paragraph: DocxParagraph, side: str, style: str) -> None:
    """The letter format's red double rule on one side of ``paragraph``, 170 mm wide (the paragraph reaches 7 mm
    beyond the type area on each side, its text still centred)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = _set(p_pr, "w:pBdr")
    _set(borders, f"w:{side}", val=style, sz=str(L.LETTER_RULE_EIGHTHS),
         space=str(round(L.mm_to_pt(L.SEPARATOR_BELOW_NUMBER_MM))), color=L.RED)
    beyond = str(L.mm_to_twips((L.LETTER_RULE_WIDTH_MM - L.TYPE_AREA_WIDTH_MM) / 2))
    _set(p_pr, "w:ind", left=f"-{beyond}", right=f"-{beyond}", firstLine="0", firstLineChars="0")


def _number_line(document: DocxDocument, number: str) -> None:
    """The document number centred, and under it the red separator as wide as the type area (the paragraph's
    bottom border, 4 mm below the text)."""
    paragraph = _plain(document, number, align=WD_ALIGN_PARAGRAPH.CENTER)
    borders = _set(paragraph._p.get_or_add_pPr(), "w:pBdr")
    _set(borders, "w:bottom", val="single", sz=str(L.SEPARATOR_WIDTH_EIGHTHS),
         space=str(round(L.mm_to_pt(L.SEPARATOR_BELOW_NUMBER_MM))), color=L.RED)


# ---- Title and body ----------------------------------------------------------------------------------------------

def _write_title(document: DocxDocument, text: FormalText) -> None:
    if text.issuing_mark or text.number:
        _plain(document)  # one blank line under the separator
    paragraph = _plain(document, style=STYLE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER)
    for index, line in enumerate(title_lines(text.title)):
        run = paragraph.add_run(line.strip())
        if index:
            run._r.addprevious(_break())
    _plain(document)  # one blank line under the title
    if text.addressee:
        _plain(document, f"{text.addressee.rstrip('：:')}：", align=WD_ALIGN_PARAGRAPH.LEFT)


TITLE_PER_LINE = L.mm_to_pt(L.TYPE_AREA_WIDTH_MM) / L.SIZE_2  # 2号 characters on a line of the type area


def title_lines(title: str) -> list[str]:
    """The title's lines: as the caller broke them; else one line when it fits; else two lines of nearly equal
    length (the standard's 梯形), broken between words (jieba) so that no word is split."""
    lines = [line.strip() for line in title.splitlines() if line.strip()]
    if len(lines) != 1 or text_width_chars(lines[0]) <= TITLE_PER_LINE:
        return lines or [title]
    words = jieba.lcut(lines[0])
    best: tuple[float, int] | None = None
    for cut in range(1, len(words)):
        first, second = "".join(words[:cut]), "".join(words[cut:])
        widths = text_width_chars(first), text_width_chars(second)
        if max(widths) <= TITLE_PER_LINE and (best is None or abs(widths[0] - widths[1]) < best[0]):
            best = (abs(widths[0] - widths[1]), cut)
    if best is None:  # longer than two lines: left to the word processor
        return lines
    return ["".join(words[:best[1]]), "".join(words[best[1]:])]


def _break() -> Any:
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _write_body(document: DocxDocument, text: FormalText) -> None:
    counters = [0, 0, 0, 0, 0]
    for item in text.paragraphs:
        _body_paragraph(document, item, counters)


def _body_paragraph(document: DocxDocument, item: Paragraph, counters: list[int]) -> None:
    if item.level == 0:
        paragraph = document.add_paragraph(style=STYLE_BODY)
        paragraph.add_run(item.text)
        return
    counters[item.level] += 1
    for deeper in range(item.level + 1, len(counters)):
        counters[deeper] = 0
    paragraph = document.add_paragraph(style=STYLE_HEADINGS[item.level])
    paragraph.add_run(heading_label(item.level, counters[item.level]) + item.text)
    if item.run_on:
        # The text that runs on after a heading is body text: 仿宋, not bold.
        set_run_font(paragraph.add_run(item.run_on), L.FONT_BODY, size=L.SIZE_3, bold=False)


# ---- Closing: attachments, signature, date, note -----------------------------------------------------------------

def _write_closing(document: DocxDocument, text: FormalText) -> None:
    if text.attachments:
        _plain(document)
        items = text.attachments
        for index, name in enumerate(items, start=1):
            label = f"{index}." if len(items) > 1 else ""
            paragraph = document.add_paragraph(style=STYLE_BODY)
            p_pr = paragraph._p.get_or_add_pPr()
            if index == 1:
                paragraph.add_run(f"附件：{label}{name}")
            else:
                # Later items line up under the first one's name ("附件：" is three characters).
                _set(p_pr, "w:ind", firstLine="0", firstLineChars="0")
                _indent_chars(p_pr, left=L.FIRST_LINE_INDENT_CHARS + 3)
                paragraph.add_run(f"{label}{name}")
    if text.signature or text.date:
        _plain(document)
        _plain(document)  # room for the seal above the signature and date
        date_text = chinese_date(text.date) if text.date else ""
        date_right, signature_right = _signature_indents(text.signature, date_text)
        if text.signature:
            paragraph = _plain(document, text.signature, align=WD_ALIGN_PARAGRAPH.RIGHT)
            _set_right_indent(paragraph, signature_right)
        if date_text:
            paragraph = _plain(document, date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)
            _set_right_indent(paragraph, date_right)
    if text.note:
        paragraph = document.add_paragraph(style=STYLE_BODY)
        paragraph.add_run(f"（{text.note.strip('（）()')}）")


def _signature_indents(signature: str, date_text: str) -> tuple[float, float]:
    """Right indents (in characters) of the date and the signature: the date four characters from the right and
    the signature centred over it; a signature longer than the date two from the right, the date centred under
    it."""
    signature_width, date_width = text_width_chars(signature), text_width_chars(date_text)
    date_right = float(L.DATE_RIGHT_INDENT_CHARS)
    signature_right = date_right + (date_width - signature_width) / 2
    if signature_right < L.SIGNATURE_MIN_RIGHT_CHARS:
        signature_right = float(L.SIGNATURE_MIN_RIGHT_CHARS)
        date_right = signature_right + (signature_width - date_width) / 2
    return date_right, signature_right


def _set_right_indent(paragraph: DocxParagraph, chars: float) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    _set(p_pr, "w:ind", firstLine="0", firstLineChars="0", right=str(round(chars * L.SIZE_3 * 20)),
         rightChars=str(round(chars * 100)))


# ---- Footer block (版记) ------------------------------------------------------------------------------------------

def _write_record(document: DocxDocument, text: FormalText) -> None:
    """抄送 and 印发 between rules (thick above and below, thin between the two), in 4号 仿宋 one character in
    from each side, at the foot of the last page, an even one: blank lines (and a page break when the text ends
    on an odd page) push it down, counted by :func:`flow_lines`. A floating table (``w:tblpPr``) would be simpler
    for Word, but LibreOffice sets such a table in the flow, where the PDF would show it under the signature."""
    rows: list[tuple[str, str]] = []
    if text.copy_to:
        rows.append((f"抄送：{'，'.join(text.copy_to)}。", ""))
    if (text.printed_by or text.printed_on) and not text.letter:  # a letter's record has no printing line
        rows.append((text.printed_by, f"{chinese_date(text.printed_on)}印发" if text.printed_on else ""))
    if not rows:
        return
    width = L.mm_to_twips(L.TYPE_AREA_WIDTH_MM)
    one_char = round(L.SIZE_4 * 20)
    blank, breaks = _record_spacer(text, len(rows))
    if breaks == 2:
        # A blank page before the record's page: both go unnumbered (§7.5), in a section of their own whose
        # footers are empty (the header's watermark stays).
        section = document.add_section(WD_SECTION_START.NEW_PAGE)
        section.different_first_page_header_footer = False  # a letter's first-page rule is the first page's only
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
        breaks = 1
        _plain(document)  # the blank page's one line
    for index in range(max(blank, breaks)):
        spacer = _plain(document)
        if index < breaks:  # a blank line at the top of the next page
            spacer.paragraph_format.page_break_before = True
    table = document.add_table(rows=len(rows), cols=1)
    tbl_pr = table._tbl.tblPr
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    # Children in the schema's order (Word and LibreOffice drop a table property out of place).
    _set(tbl_pr, "w:tblW", w=str(width), type="dxa")
    borders = _set(tbl_pr, "w:tblBorders")
    _set(borders, "w:top", val="single", sz=str(L.THICK_RULE_EIGHTHS), space="0", color="000000")
    _set(borders, "w:left", val="nil")
    _set(borders, "w:bottom", val="single", sz=str(L.THICK_RULE_EIGHTHS), space="0", color="000000")
    _set(borders, "w:right", val="nil")
    _set(borders, "w:insideH", val="single", sz=str(L.THIN_RULE_EIGHTHS), space="0", color="000000")
    _set(borders, "w:insideV", val="nil")
    _set(tbl_pr, "w:tblLayout", type="fixed")
    margins = _set(tbl_pr, "w:tblCellMar")
    for side in ("left", "right"):
        _set(margins, f"w:{side}", w="0", type="dxa")
    _set(tbl_pr, "w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
         noHBand="1", noVBand="1")
    _set(table._tbl.tblGrid.find(qn("w:gridCol")), "w:gridCol", w=str(width))
    for row, (left_text, right_text) in zip(table.rows, rows, strict=True):
        cell = row.cells[0]
        _set(cell._tc.get_or_add_tcPr(), "w:tcW", w=str(width), type="dxa")
        paragraph = cell.paragraphs[0]
        paragraph.style = document.styles[STYLE_RECORD]
        p_pr = paragraph._p.get_or_add_pPr()
        tabs = _set(p_pr, "w:tabs")
        _set(tabs, "w:tab", val="right", pos=str(width - one_char))
        _set(p_pr, "w:ind", left=str(one_char), right=str(one_char), firstLine="0", firstLineChars="0")
        paragraph.add_run(left_text)
        if right_text:
            paragraph.add_run("\t" + right_text)
    # A document may not end with a table: the paragraph after it, one point high so it never spills over.
    tail = _plain(document)
    _set(tail._p.get_or_add_pPr(), "w:spacing", line="20", lineRule="exact")


# ---- Counting lines ---------------------------------------------------------------------------------------------
# Every paragraph of the flow is set on exact multiples of the line pitch, so where the text ends on its last page
# can be counted: a paragraph takes as many lines as its characters fill at 28 a line (a half-width digit or letter
# counting half), its first line two characters shorter. The count ignores the rule that keeps closing
# punctuation off the start of a line, so the record is placed one line higher than counted, for safety.

RECORD_SAFETY_LINES = 1


def _lines(chars: float, *, per_line: float = L.CHARS_PER_LINE, indent: float = L.FIRST_LINE_INDENT_CHARS) -> int:
    return max(1, math.ceil((chars + indent) / per_line))


def flow_lines(text: FormalText) -> list[float]:
    """The heights, in grid lines, of the lines the text takes before the record (版记), in order: most are one
    line; the issuing-body mark two; the document number's line more by the red rule's gap and weight."""
    lines: list[float] = [1.0] * sum(1 for mark in (text.copy_number, text.classification, text.urgency) if mark)
    gap = (L.mm_to_pt(L.SEPARATOR_BELOW_NUMBER_MM) + L.SEPARATOR_WIDTH_EIGHTHS / 8) / (L.LINE_PITCH_TWIPS / 20)
    if text.letter and text.issuing_mark:
        # the mark with its double rule (the rule's gap and weight), the number's line, a blank line
        lines += [MARK_LINES + gap + L.LETTER_RULE_EIGHTHS / 8 / (L.LINE_PITCH_TWIPS / 20)]
        lines += [1.0] * (bool(text.number) + 1)
        text_after_header = False
    else:
        text_after_header = True
    if text.issuing_mark and text_after_header:
        lines += [float(MARK_LINES), 1.0]
    if text.number and text_after_header:
        lines.append(1.0 + gap)
    if (text.issuing_mark or text.number) and text_after_header:
        lines.append(1.0)
    title_per_line = L.mm_to_pt(L.TYPE_AREA_WIDTH_MM) / L.SIZE_2
    count = sum(_lines(text_width_chars(line.strip()), per_line=title_per_line, indent=0)
                for line in title_lines(text.title))
    count += 1
    if text.addressee:
        count += _lines(text_width_chars(text.addressee) + 1, indent=0)
    counters = [0, 0, 0, 0, 0]
    for item in text.paragraphs:
        label = ""
        if item.level:
            counters[item.level] += 1
            label = heading_label(item.level, counters[item.level])
        count += _lines(text_width_chars(label + item.text + item.run_on))
    if text.attachments:
        count += 1
        for index, name in enumerate(text.attachments, start=1):
            label = f"{index}." if len(text.attachments) > 1 else ""
            if index == 1:
                count += _lines(text_width_chars(f"附件：{label}{name}"))
            else:
                count += _lines(text_width_chars(f"{label}{name}"), per_line=L.CHARS_PER_LINE - 5, indent=0)
    if text.signature or text.date:
        count += 2 + bool(text.signature) + bool(text.date)
    if text.note:
        count += _lines(text_width_chars(text.note) + 2)
    return lines + [1.0] * count


def fill_pages(lines: list[float], per_page: float = L.LINES_PER_PAGE) -> tuple[int, float]:
    """The pages the lines fill and how much of the last one they use: a line that does not fit goes on to the
    next page whole."""
    pages, used = 1, 0.0
    for height in lines:
        if used + height > per_page + 1e-6:
            pages, used = pages + 1, 0.0
        used += height
    return pages, used


def _record_spacer(text: FormalText, rows: int) -> tuple[int, int]:
    """Blank lines before the record, and how many page breaks come first, so that the record sits at the foot of
    an even page: on the text's last page when that is even and has room, otherwise on the next even page."""
    per_page = L.LINES_PER_PAGE
    pages, on_last = fill_pages(flow_lines(text))
    # the rows, the weight of their rules (2 × 1 pt + 0.75 pt between), the safety line
    need = rows + 0.15 + RECORD_SAFETY_LINES
    if pages % 2 == 0 and on_last + need <= per_page:
        return max(0, math.floor(per_page - on_last - need)), 0
    # Each break is a blank paragraph starting a page, counted among the blank lines of the record's page.
    return max(math.floor(per_page - need), 1), 1 if pages % 2 == 1 else 2


# ---- Properties --------------------------------------------------------------------------------------------------

def _set_properties(document: DocxDocument, text: FormalText, watermark: str, author: str) -> None:
    properties = document.core_properties
    properties.title = text.title.replace("\n", "")
    properties.subject = text.number
    properties.author = properties.last_modified_by = author or "巡察工作管理系统"
    properties.keywords = "内部资料"
    properties.comments = "\n".join(filter(None, [watermark, FALLBACK_NOTE]))
    properties.category = "公文"
    properties.created = properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    properties.revision = 1
