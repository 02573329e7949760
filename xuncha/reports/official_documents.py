"""The report, the feedback and the round's briefing as formal texts (GB/T 9704), for ``xuncha.documents``' Word
and PDF exports. Registered when the app is ready (``apps.py``).

Who may export one is who may read it (``access``): the report and the briefing their readers (never the liaison);
a feedback its readers and, once delivered, the liaison of the organisation it is addressed to. A report without a
version and a draft feedback are not formal texts yet."""

from __future__ import annotations

import re

from django.http import Http404

from xuncha.accounts.models import User
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing
from xuncha.core.scoping import access
from xuncha.documents.services import DocumentSource, register_document
from xuncha.documents.text import FormalText, Paragraph, body, heading
from xuncha.inspections.models import Inspection, Round
from xuncha.reports.models import Feedback, FeedbackStatus, Report
from xuncha.reports.selectors import meetings_round, round_briefing

REPORT = "reports.report"
FEEDBACK = "reports.feedback"
BRIEFING = "reports.briefing"
# The composed texts number their paragraphs themselves; the builder numbers headings, so the numerals go.
_NUMERAL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def team_heading(inspection: Inspection) -> str:
    team = inspection.team
    if team is None:
        return f"{inspection.jurisdiction.committee_name}巡察组"
    name = team.name
    marker = name.find("委")
    if 0 <= marker < name.find("巡察组"):
        name = name[marker + 1:]
    return f"{team.home_jurisdiction.committee_name}{name}"


def _section(title: str, text: str) -> list[Paragraph]:
    out = [heading(1, _NUMERAL.sub("", title).split("：")[0].split(":")[0] if not title.startswith("附")
                   else title)]
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if _NUMERAL.match(line):
            first, _sep, rest = _NUMERAL.sub("", line).partition("。")
            out.append(heading(2, f"{first}。" if rest else first, run_on=rest))
        else:
            out.append(body(line))
    return out


def build_report(actor: User, report_id: int) -> DocumentSource:
    report = access(Report, actor, report_id, queryset=Report.objects.select_related(
        "inspection__jurisdiction", "inspection__team__home_jurisdiction"))
    latest = report.latest_version()
    if latest is None:
        raise Http404("巡察报告尚无正文，不能导出公文。")
    inspection = report.inspection
    ecology = latest.get_ecology_display() or "（未评价）"
    implementation = latest.get_implementation_display() or "（未评价）"
    paragraphs: list[Paragraph] = [body(f"总体评价：政治生态{ecology}；贯彻落实上级决策部署情况{implementation}。")]
    for key, title, text in latest.heading_sections():
        if key == "annex":
            paragraphs += [body(title), *[body(line) for line in text.splitlines() if line.strip()]]
        else:
            paragraphs += _section(title, text)
    team = team_heading(inspection)
    day = report.submitted_on or business_today()
    addressee = f"{inspection.jurisdiction.committee_name}巡察工作领导小组"
    return DocumentSource(text=FormalText(title=report.title, issuing_mark=team, addressee=addressee,
                                          classification="机密", paragraphs=paragraphs, signature=team, date=day,
                                          printed_by=team, printed_on=day),
                          obj=report, filename=f"巡察报告-{inspection.code}-第{latest.number}版")


def build_feedback(actor: User, feedback_id: int) -> DocumentSource:
    feedback = access(Feedback, actor, feedback_id, queryset=Feedback.objects.select_related(
        "inspection__jurisdiction", "inspection__team__home_jurisdiction", "organization"))
    if feedback.status == FeedbackStatus.DRAFT:
        raise Http404("反馈意见尚未印发，不能导出公文。")
    inspection = feedback.inspection
    paragraphs: list[Paragraph] = []
    attachments: list[str] = []
    for key, title, text in feedback.heading_sections():
        if key == "problem_list":
            attachments.append("问题清单")
            continue
        paragraphs += _section(title, text)
    team = team_heading(inspection)
    day = feedback.issued_on or business_today()
    copies = [c.name for c in feedback.copies.all()]
    return DocumentSource(text=FormalText(title=feedback.title, issuing_mark=team, number=feedback.number,
                                          addressee=feedback.organization.name, paragraphs=paragraphs,
                                          attachments=attachments, signature=team, date=day, copy_to=copies,
                                          printed_by=team, printed_on=day),
                          obj=feedback, filename=f"反馈意见-{feedback.number}-{feedback.organization.short_name}")


def build_briefing(actor: User, round_id: int) -> DocumentSource:
    try:
        rnd = meetings_round(actor, round_id)
    except CapabilityMissing as exc:
        raise Http404(exc.message) from exc
    rnd = access(Round, actor, rnd.pk, queryset=Round.objects.select_related("jurisdiction"))
    data = round_briefing(actor=actor, rnd=rnd)
    office = f"{rnd.jurisdiction.committee_name}巡察工作领导小组办公室"
    paragraphs: list[Paragraph] = [
        body(f"{rnd.name}共派出巡察组对{len(data.rows)}个单位（次）开展巡察，巡察报告已审定{data.reports_approved}份。"
             f"巡察期间分类统计的问题{data.problem_total}个，交办立行立改事项{data.immediate_total}项、"
             f"已整改{data.immediate_done}项。现将有关情况报告如下。"),
        heading(1, "发现问题的分布"),
    ]
    for pk, name in data.areas:
        total = data.totals.get(pk, 0)
        if total:
            teams = "、".join(f"{r.inspection.code}（{r.problems[pk]}个）" for r in data.rows if r.problems.get(pk))
            paragraphs.append(heading(2, f"{name}方面{total}个。", run_on=f"分布于{teams}。"))
    paragraphs.append(heading(1, "各巡察组情况"))
    for row in data.rows:
        names = "、".join(str(t.organization) for t in row.inspection.targets.all())
        state = row.report.get_status_display() if row.report else "尚未起草"
        judgment = f"政治生态{row.ecology}，贯彻决策部署{row.implementation}；" if row.ecology else ""
        decided = "；".join(row.decisions) or "尚未听取汇报"
        paragraphs.append(heading(2, f"{row.inspection.code} {names}。",
                                  run_on=f"巡察报告{state}；{judgment}立行立改{row.immediate_done}/{row.immediate_total}"
                                         f"项；{decided}。"))
    day = business_today()
    return DocumentSource(text=FormalText(title=f"关于{rnd.name}情况的综合报告", issuing_mark=office,
                                          addressee=f"{rnd.jurisdiction.committee_name}", classification="机密",
                                          paragraphs=paragraphs, signature=office, date=day, printed_by=office,
                                          printed_on=day),
                          obj=rnd, filename=f"综合报告-{rnd.name}")


register_document(REPORT, label="巡察报告", build=build_report)
register_document(FEEDBACK, label="反馈意见", build=build_feedback)
register_document(BRIEFING, label="巡察综合报告", build=build_briefing)
