"""GB/T 9704-2012 (党政机关公文格式) in numbers: every size, margin and font the builder uses, kept in one place.

Lengths are in millimetres or points as the standard gives them; ``twips`` (1/20 pt) is what WordprocessingML
stores. The paper and type-area figures are §5 of the standard; the header, footer block and page-number
figures are §7 as commonly summarised (``shared/domain/gbt9704.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_INCH = 25.4
PT_PER_INCH = 72


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_INCH / MM_PER_INCH


def mm_to_twips(mm: float) -> int:
    return round(mm_to_pt(mm) * 20)


# ---- Paper and type area (§5.2) ---------------------------------------------------------------------------------
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
TOP_MARGIN_MM = 37       # 天头
LEFT_MARGIN_MM = 28      # 订口
TYPE_AREA_WIDTH_MM = 156  # 版心宽
TYPE_AREA_HEIGHT_MM = 225  # 版心高
RIGHT_MARGIN_MM = PAGE_WIDTH_MM - LEFT_MARGIN_MM - TYPE_AREA_WIDTH_MM      # 26
BOTTOM_MARGIN_MM = PAGE_HEIGHT_MM - TOP_MARGIN_MM - TYPE_AREA_HEIGHT_MM    # 35

# ---- Lines and characters (§5.2.2): 22 lines of 28 characters ------------------------------------------------------
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# ---- Font sizes (号 → pt) -----------------------------------------------------------------------------------------
SIZE_2 = 22.0   # 二号: the title
SIZE_3 = 16.0   # 三号: the body and nearly everything else
SIZE_4 = 14.0   # 四号: the footer block and the page numbers
SIZE_WATERMARK = 9.0  # the export watermark in the header area (not part of the standard's layout)

# One line: the type area's height shared by 22 lines (225 mm / 22 ≈ 28.95 pt, i.e. a 3号 character plus 7/8 of
# one, as §5.2.2 defines it); one character: the type area's width shared by 28 (156 mm / 28 ≈ 15.79 pt).
LINE_PITCH_TWIPS = int(mm_to_twips(TYPE_AREA_HEIGHT_MM) / LINES_PER_PAGE)   # 579: 22 × 579 ≤ 225 mm
CHAR_PITCH_PT = mm_to_pt(TYPE_AREA_WIDTH_MM) / CHARS_PER_LINE
# docGrid's charSpace: the difference between the grid's character pitch and the default font size (3号), in
# 1/4096 pt. Word reads it with type="linesAndChars" to put 28 characters on a line.
CHAR_SPACE = round((CHAR_PITCH_PT - SIZE_3) * 4096)  # -849
# Every character condensed by this much (1/20 pt): a 3号 character then fits one cell of the grid (15.75 pt
# against 15.79 pt), in LibreOffice as in Word.
CHAR_CONDENSE_TWENTIETHS = -5

# ---- Fonts, named as the standard names them (Windows / WPS fonts on the offices' machines) ------------------------
FONT_TITLE = "方正小标宋简体"   # title and issuing-body mark
FONT_BODY = "仿宋_GB2312"       # body, document number, signature, footer block
FONT_HEADING_1 = "黑体"         # "一、"
FONT_HEADING_2 = "楷体_GB2312"  # "（一）"
FONT_PAGE_NUMBER = "宋体"       # "— 1 —", half-width digits
FONT_LATIN = "Times New Roman"  # digits and Latin letters inside Chinese text
# What Word falls back to when an office machine lacks one of them (fontTable altName): the fonts every Chinese
# Windows has.
FONT_ALTERNATES = {
    FONT_TITLE: "宋体",
    FONT_BODY: "仿宋",
    FONT_HEADING_2: "楷体",
}

# ---- Header (版头, §7.2) ------------------------------------------------------------------------------------------
RED = "FF0000"
MARK_MAX_CHAR_MM = 15   # the issuing-body mark: at most 22 mm high and 15 mm wide per character
MARK_MAX_PT = 42.0      # …and no larger than the usual 初号 (42 pt) even for a short name
MARK_FILL = 0.96        # of the type area's width at most, so that a long name stays on one line
SEPARATOR_BELOW_NUMBER_MM = 4   # the red line 4 mm under the document number
SEPARATOR_WIDTH_EIGHTHS = 12    # its weight: 1.5 pt (w:sz is in eighths of a point)

# ---- Letter format (信函格式, §10.1) -------------------------------------------------------------------------------
LETTER_RULE_WIDTH_MM = 170    # the red double rules, centred: 7 mm beyond the type area on each side
LETTER_RULE_EIGHTHS = 18      # their weight (w:sz of a thick-thin double border)

# ---- Footer block (版记, §7.4) -------------------------------------------------------------------------------------
THICK_RULE_EIGHTHS = 8   # 0.35 mm ≈ 1 pt
THIN_RULE_EIGHTHS = 6    # 0.25 mm ≈ 0.75 pt

# ---- Page numbers (§7.5) ------------------------------------------------------------------------------------------
PAGE_NUMBER_BELOW_TYPE_AREA_MM = 7
# Word measures the footer from the page's bottom edge to the footer line's bottom: the number's line (a 4号 line,
# about 5 mm) starts 7 mm below the type area.
FOOTER_DISTANCE_MM = BOTTOM_MARGIN_MM - PAGE_NUMBER_BELOW_TYPE_AREA_MM - 5   # 23
HEADER_DISTANCE_MM = 15  # where the export watermark sits, inside the top margin

# ---- Indents, in characters of the body's size ---------------------------------------------------------------------
FIRST_LINE_INDENT_CHARS = 2    # every paragraph
DATE_RIGHT_INDENT_CHARS = 4    # 成文日期右空四字
SIGNATURE_MIN_RIGHT_CHARS = 2  # a signature longer than the date: 右空二字


@dataclass(frozen=True)
class HeadingStyle:
    """How one of the four heading levels is set: its font and whether it is bold."""

    font: str
    bold: bool


# 一、 黑体；（一） 楷体；1. 仿宋 bold (practice)；（1） 仿宋.
HEADING_STYLES = {
    1: HeadingStyle(FONT_HEADING_1, False),
    2: HeadingStyle(FONT_HEADING_2, False),
    3: HeadingStyle(FONT_BODY, True),
    4: HeadingStyle(FONT_BODY, False),
}
