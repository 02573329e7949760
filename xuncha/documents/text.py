"""A formal text (公文) as the builder needs it: the parts GB/T 9704 names, in plain data.

Apps compose a :class:`FormalText` from their own records and hand it to ``xuncha.documents.services``; the
builder numbers the headings itself (一、 （一） 1. （1）), so a heading's text is given without its numeral.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numerals; 1–99)."""
    if not 1 <= n <= 99:
        raise ValueError("标题序号应在 1 至 99 之间。")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def heading_label(level: int, n: int) -> str:
    """The numeral of the n-th heading of a level: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError("标题层级应为 1 至 4。")


def chinese_date(day: datetime.date) -> str:
    """成文日期 in Arabic numerals, no leading zeros: 2018年11月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the text. ``level`` 0 is body text; 1–4 are the heading levels, numbered by the
    builder. ``run_on`` is body text continuing a heading's paragraph ("（一）标题。" followed by the text)."""

    text: str
    level: int = 0
    run_on: str = ""

    def __post_init__(self) -> None:
        if self.level not in (0, 1, 2, 3, 4):
            raise ValueError("标题层级应为 0（正文）或 1 至 4。")


def heading(level: int, text: str, run_on: str = "") -> Paragraph:
    return Paragraph(text, level, run_on)


def body(text: str) -> Paragraph:
    return Paragraph(text)


@dataclass(frozen=True)
class FormalText:
    """A formal text following GB/T 9704-2012. Only ``title`` is required; each empty part is left out.

    - ``issuing_mark``: 发文机关标志, printed red at the head ("中共洛阳市委巡察工作领导小组办公室"; "文件" may
      be appended by the caller).
    - ``number``: 发文字号 ("洛巡办〔2018〕25号"), from ``document_number_issue`` or typed by the office.
    - ``classification`` / ``urgency``: 密级和保密期限 ("秘密★1年"), 紧急程度 ("特急"); ``copy_number``: 份号.
    - ``addressee``: 主送机关, without the colon.
    - ``paragraphs``: the body; ``attachments``: the names for the 附件说明.
    - ``signature`` and ``date``: 发文机关署名和成文日期; ``note``: 附注 (without parentheses).
    - ``copy_to``: 抄送机关; ``printed_by`` and ``printed_on``: 印发机关和印发日期 (the 版记).
    - ``letter``: the letter format (信函格式, §10.1), which a notice from an inspection team to an organisation
      usually takes: the mark over a red double rule (thick over thin) 170 mm wide, the number on the right under
      it, a red double rule (thin over thick) at the foot of the first page, no page number on the first page, and
      a 版记 without the printing body and date.
    """

    title: str
    issuing_mark: str = ""
    number: str = ""
    classification: str = ""
    urgency: str = ""
    copy_number: str = ""
    addressee: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signature: str = ""
    date: datetime.date | None = None
    note: str = ""
    copy_to: list[str] = field(default_factory=list)
    printed_by: str = ""
    printed_on: datetime.date | None = None
    letter: bool = False

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("公文标题不能为空。")
