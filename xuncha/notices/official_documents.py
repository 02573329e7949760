"""The notices during the stay as formal texts (GB/T 9704), for ``xuncha.documents``' Word and PDF exports:
《整改通知书》 with its immediate-rectification items, 《情况说明通知书》 with its questions. Registered when the app
is ready (``apps.py``).

Who may export a notice is who may read it (``access``: the team and the dispatching office every notice, the
liaison the issued ones addressed to their organisation; a draft is not a formal text yet and is not exported)."""

from __future__ import annotations

from django.http import Http404

from xuncha.accounts.models import User
from xuncha.core.clock import business_today
from xuncha.core.scoping import access
from xuncha.documents.services import DocumentSource, register_document
from xuncha.documents.text import FormalText, Paragraph, body, chinese_date, heading
from xuncha.inspections.models import Inspection
from xuncha.notices.models import ImmediateItem, Notice, NoticeKind, NoticeStatus

NOTICE = "notices.notice"


def team_heading(inspection: Inspection) -> str:
    """"中共洛阳市委第三巡察组": the dispatching committee and the team (its own prefix dropped)."""
    team = inspection.team
    if team is None:
        return f"{inspection.jurisdiction.committee_name}巡察组"
    name = team.name
    marker = name.find("委")
    if 0 <= marker < name.find("巡察组"):
        name = name[marker + 1:]
    return f"{team.home_jurisdiction.committee_name}{name}"


def _lines(text: str) -> list[Paragraph]:
    return [body(line.strip()) for line in text.splitlines() if line.strip()]


def notice_text(notice: Notice, items: list[ImmediateItem]) -> FormalText:
    """The formal text of a notice (its number, the unit addressed, what, on what basis, by when, signed by the
    team on the day it was issued)."""
    inspection = notice.inspection
    team = team_heading(inspection)
    organization = notice.organization.name
    paragraphs: list[Paragraph] = []
    if notice.kind == NoticeKind.RECTIFICATION:
        paragraphs.append(body(f"根据{inspection.jurisdiction.committee_name}巡察工作统一部署，{team}正在对你单位开展"
                               f"巡察。巡察中发现以下问题，属于能够立即整改的问题，现通知你单位立行立改。"))
        paragraphs += [heading(1, "发现的问题"), *_lines(notice.subject)]
        if notice.basis:
            paragraphs += [heading(1, "定性依据"), *_lines(notice.basis)]
        if items:
            paragraphs.append(heading(1, "立行立改事项"))
            paragraphs += [heading(2, f"{item.problem}。" if not item.problem.endswith("。") else item.problem,
                                   run_on=f"整改要求：{item.requirement}" if item.requirement else "")
                           for item in items]
        paragraphs += [heading(1, "整改要求"), *_lines(notice.requirement)]
        closing = "请于{}前将整改措施、完成情况及相关凭证书面报送巡察组。"
    else:
        paragraphs.append(body(f"根据{inspection.jurisdiction.committee_name}巡察工作统一部署，{team}正在对你单位开展"
                               f"巡察。巡察中需你单位就以下事项作出书面说明。"))
        paragraphs += [heading(1, "需说明的事项"), *_lines(notice.subject)]
        if notice.basis:
            paragraphs += [heading(1, "依据"), *_lines(notice.basis)]
        paragraphs += [heading(1, "需回答的问题和提供的材料"), *_lines(notice.requirement)]
        closing = "请于{}前将情况说明及相关材料书面报送巡察组。"
    paragraphs.append(body(closing.format(chinese_date(notice.deadline))
                           + (f"联系人及电话：{notice.contact}。" if notice.contact else "")))
    paragraphs.append(body("特此通知。"))
    day = notice.issued_on or business_today()
    return FormalText(title=notice.title, issuing_mark=team, number=notice.number, addressee=organization,
                      paragraphs=paragraphs, signature=team, date=day, printed_by=team, printed_on=day)


def build_notice(actor: User, notice_id: int) -> DocumentSource:
    notice = access(Notice, actor, notice_id, queryset=Notice.objects.select_related(
        "inspection__jurisdiction", "inspection__team__home_jurisdiction", "organization"))
    if notice.status == NoticeStatus.DRAFT:
        raise Http404("通知书尚未签发，不能导出公文。")
    items = list(ImmediateItem.objects.filter(notice=notice).order_by("sequence"))
    return DocumentSource(text=notice_text(notice, items), obj=notice,
                          filename=f"{notice.get_kind_display()}-{notice.number}-{notice.organization.short_name}")


register_document(NOTICE, label="驻点期间通知书", build=build_notice)
