"""The feedback's de-identification rule (ADR-0027): a feedback carries no trace of a source.

The feedback goes to the inspected organisation, whose leaders are the people talked about; whoever talked to the
team or wrote to it must not be recognisable in it (spec §8.3 "no names of reporters"). The traces of an
inspection's sources are what the fieldwork and petitions apps record about them:

- a talk: the interviewee's name, the talk's code, the day it was held (scheduled, or the record's start);
- a petition: its number, the title it is cited by as evidence (number and summary), the petitioner's name, the day
  it was received (receipt codes are never stored: a petitioner's code cannot leak from here). The summary alone is
  not a trace: it says what is wrong, which is what a finding and the feedback say too.

``scrub`` replaces each trace in a text (the longest first, so a full date goes before its month and day);
``traces_in`` names the traces a text still holds, so that a service refuses to save or issue a feedback that holds
one. The reading is unscoped on purpose (the rule must see every source of the inspection, whoever edits): nothing
read here is shown, only matched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from xuncha.fieldwork.models import Talk, TalkRecord
from xuncha.inspections.models import Inspection
from xuncha.petitions.models import Petition

NAME_MASK = "×××"
SOURCE_MASK = "（来源略）"
DATE_MASK = "某日"


@dataclass(frozen=True)
class Trace:
    text: str
    kind: str  # what it is, in Chinese (never the trace itself)
    mask: str


def date_forms(day: datetime.date) -> list[str]:
    """The ways a day is written in a Chinese text."""
    return [f"{day.year}年{day.month}月{day.day}日", day.isoformat(), f"{day:%Y.%m.%d}", f"{day:%Y/%m/%d}",
            f"{day.month}月{day.day}日"]


def source_traces(inspection: Inspection) -> list[Trace]:
    """Every trace of the inspection's talks and petitions, longest first (no duplicates)."""
    found: dict[str, Trace] = {}

    def add(text: str, kind: str, mask: str) -> None:
        text = (text or "").strip()
        if len(text) >= 2 and text not in found:
            found[text] = Trace(text, kind, mask)

    days: set[datetime.date] = set()
    for name, code, scheduled in Talk.objects.filter(inspection=inspection).values_list("name", "code",
                                                                                        "scheduled_at"):
        add(name, "谈话对象姓名", NAME_MASK)
        add(code, "谈话编号", SOURCE_MASK)
        if scheduled:
            days.add(scheduled.date())
    for started in TalkRecord.objects.filter(talk__inspection=inspection).values_list("started_at", flat=True):
        days.add(started.date())
    for petition in Petition.objects.filter(inspection=inspection).only(
            "number", "summary", "petitioner_name", "received_on"):
        add(petition.number, "信访编号", SOURCE_MASK)
        add(f"{petition.number} {petition.summary}", "信访件标题", SOURCE_MASK)
        add(petition.petitioner_name, "信访人姓名", NAME_MASK)
        days.add(petition.received_on)
    for day in days:
        for form in date_forms(day):
            add(form, "谈话或信访日期", DATE_MASK)
    return sorted(found.values(), key=lambda t: -len(t.text))


def scrub(text: str, traces: list[Trace]) -> str:
    for trace in traces:
        if trace.text in text:
            text = text.replace(trace.text, trace.mask)
    return text


def traces_in(text: str, traces: list[Trace]) -> list[Trace]:
    """The traces ``text`` holds (a date inside a longer trace already found is not named twice)."""
    hits: list[Trace] = []
    for trace in traces:
        if trace.text in text:
            hits.append(trace)
            text = text.replace(trace.text, trace.mask)
    return hits


def describe(hits: list[Trace]) -> str:
    """What a refusal says: the kinds and the texts found (the editor may read them: they wrote them)."""
    shown = "、".join(f"{t.kind}“{t.text}”" for t in hits[:5])
    more = f"等{len(hits)}处" if len(hits) > 5 else ""
    return f"反馈意见不得含有可能识别谈话对象或信访人的内容，请删改：{shown}{more}。"
