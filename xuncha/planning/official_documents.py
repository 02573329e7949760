"""The stationing announcement (巡察公告) and the inspection notice (巡察通知) as formal texts (GB/T 9704), for
``xuncha.documents``' Word and PDF exports. Registered when the app is ready (``apps.py``).

Who may export what is who may read it on the stationing page: the announcement the office, the team and the
inspected organisations' liaisons (who post it); a notice the office and team roles, and the liaison of the
organisation it is addressed to."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.scoping import access
from xuncha.documents.services import DocumentSource, register_document
from xuncha.documents.text import FormalText, Paragraph, body, chinese_date, heading
from xuncha.inspections.access import access_inspection, inspection_capabilities
from xuncha.inspections.models import Inspection, InspectionNotice, StationingAnnouncement
from xuncha.planning.selectors_rounds import announcement_readable
from xuncha.planning.views_rounds import announcement_heading

ANNOUNCEMENT = "planning.announcement"
NOTICE = "planning.notice"
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、\s*")
_CLAUSE = re.compile(r"^(.+?[，。；：])(.*)$")
HEADING_CLAUSE_MAX = 14  # characters of a requirement's first clause set as its heading


def office_name(inspection: Inspection) -> str:
    """The inspection office of the dispatching committee: 中共洛阳市委巡察工作领导小组办公室."""
    return f"{inspection.round.jurisdiction.committee_name}巡察工作领导小组办公室"


def _targets(inspection: Inspection) -> str:
    return "、".join(t.organization.name for t in inspection.targets.select_related("organization"))


def _kind(inspection: Inspection) -> str:
    topic = f"（{inspection.special_topic}）" if inspection.special_topic else ""
    return f"{inspection.get_inspection_type_display()}{topic}"


def build_announcement(actor: User, inspection_id: int) -> DocumentSource:
    inspection = access_inspection(actor, inspection_id)
    if not announcement_readable(actor, inspection):
        raise PermissionDenied("您不能查看这份巡察公告。")
    announcement = StationingAnnouncement.objects.filter(inspection=inspection).first()
    if announcement is None:
        raise Http404("巡察公告尚未拟定。")
    heading_text = announcement_heading(inspection)
    a = announcement
    channels = [f"值班电话：{a.phone}" + (f"（接听时间：{a.phone_hours}）" if a.phone_hours else "")]
    channels += [f"{label}：{value}" for label, value in (
        ("邮政信箱", a.post_box), ("来访地址", a.visit_address), ("意见箱", a.suggestion_box),
        ("电子邮箱", a.email), ("网络举报", a.web_channel)) if value]
    paragraphs: list[Paragraph] = [
        body(f"根据{inspection.round.jurisdiction.committee_name}巡察工作统一部署，{heading_text}于"
             f"{chinese_date(inspection.planned_entry)}至{chinese_date(inspection.planned_withdrawal)}对"
             f"{_targets(inspection)}开展{_kind(inspection)}。巡察期间（{chinese_date(a.accept_from)}至"
             f"{chinese_date(a.accept_until)}），巡察组设立专门值班电话、邮政信箱等，受理干部群众来信来电来访。"),
        *[body(line.strip()) for line in a.scope_text.splitlines() if line.strip()],
        body("巡察组联系方式如下："),
        *[body(line) for line in channels],
        body(f"信访受理截止时间为{chinese_date(a.accept_until)}。"),
        body("欢迎广大干部群众积极反映情况，提出意见建议。反映问题应实事求是、客观具体；提倡实名反映，"
             "巡察组将对反映人信息严格保密。"),
    ]
    text = FormalText(title=f"{heading_text}\n巡察公告", paragraphs=paragraphs, signature=heading_text,
                      date=a.published_on or a.accept_from)
    return DocumentSource(text=text, obj=inspection, filename=f"巡察公告-{inspection.code}")


def _requirement(line: str) -> Paragraph:
    """"一、准备本单位工作汇报，重点……" → a level-1 heading "准备本单位工作汇报，" (黑体) running on into the rest
    (仿宋); an item whose first clause is long keeps only its numeral in 黑体."""
    if not _NUMBERED.match(line):
        return body(line)
    rest = _NUMBERED.sub("", line, count=1)
    match = _CLAUSE.match(rest)
    if match is None or len(match[1]) > HEADING_CLAUSE_MAX:
        return heading(1, "", run_on=rest)
    return heading(1, match[1], run_on=match[2])


def build_notice(actor: User, notice_id: int) -> DocumentSource:
    notice = access(InspectionNotice, actor, notice_id,
                    queryset=InspectionNotice.objects.select_related("organization"))
    inspection = access_inspection(actor, notice.inspection_id)
    caps = inspection_capabilities(actor, inspection)
    if Cap.VIEW_PLANNING not in caps and notice.organization_id not in scope_of(actor).organization_ids:
        raise Http404("巡察通知不存在或无权查看。")
    office = office_name(inspection)
    organization = notice.organization.name
    lines = [line.strip() for line in notice.requirements.splitlines() if line.strip()]
    paragraphs = [
        body(f"根据{inspection.round.jurisdiction.committee_name}巡察工作统一部署，{announcement_heading(inspection)}"
             f"将于{chinese_date(notice.entry_date)}进驻你单位，开展{_kind(inspection)}。现将有关事项通知如下。"),
        *[_requirement(line) for line in lines],
    ]
    if "联络组名单" not in notice.requirements:  # the default requirements already ask for it, with the day
        paragraphs.append(body(f"请于{chinese_date(notice.liaison_list_due)}前将联络组名单报送巡察组。"))
    paragraphs.append(body("特此通知。"))
    text = FormalText(title=f"关于对{organization}开展巡察的通知", issuing_mark=office, number=notice.notice_no,
                      addressee=organization, paragraphs=paragraphs, signature=office, date=notice.issued_on,
                      copy_to=[announcement_heading(inspection)], printed_by=office, printed_on=notice.issued_on)
    return DocumentSource(text=text, obj=inspection, filename=f"巡察通知-{notice.notice_no}-{organization}")


register_document(ANNOUNCEMENT, label="巡察公告", build=build_announcement)
register_document(NOTICE, label="巡察通知", build=build_notice)
