"""The referral letter (问题线索移交函) as a formal document (GB/T 9704, xuncha.documents): built from the package
fixed at the transfer, for whoever may read the lead (the office, the team's leaders, the receiving body); a lead
not yet transferred has no letter."""

from __future__ import annotations

import datetime

from django.http import Http404

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.core.scoping import access
from xuncha.documents.services import DocumentSource, register_document
from xuncha.documents.text import FormalText, body, chinese_date, heading
from xuncha.leads.models import Lead

REFERRAL_LETTER = "leads.referral_letter"


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def build_referral_letter(actor: User, lead_id: int) -> DocumentSource:
    lead = access(Lead, actor, lead_id, capability=Cap.VIEW_LEADS,
                  queryset=Lead.objects.select_related("inspection__jurisdiction"))
    p = lead.package_data()
    if not p:
        raise Http404("该线索尚未移交，没有移交函。")
    persons = "；".join(f"{x['name']}（{x['post']}，{x['level']}）" for x in p["persons"])
    material = "；".join(f"{m['kind']}{'（' + m['title'] + '）' if m['title'] else ''}" for m in p["material"])
    due = _date(p["feedback_due_on"])
    transferred = _date(p["transferred_on"])
    paragraphs = [
        body(f"{p['team']}在{p['inspection']}（{'、'.join(p['organizations'])}）巡察中发现以下问题线索，经巡察组组长审核、"
             "巡察办主任批准，按照干部管理权限移交你单位处置。"),
        heading(1, "线索基本情况"),
        body(f"线索编号：{p['number']}。线索来源：{p['source']}。问题分类：{p['category'] or '未分类'}"
             f"{'；涉嫌违反' + p['discipline_type'] if p['discipline_type'] else ''}"
             f"{'；涉及金额' + p['amount'] + '万元' if p['amount'] else ''}。"),
        body(f"被反映人：{persons}。"),
        heading(1, "主要问题"),
        *[body(line.strip()) for line in p["facts"].splitlines() if line.strip()],
        *([heading(1, "处置建议"), *[body(line.strip()) for line in p["proposed_disposal"].splitlines()
                                     if line.strip()]] if p["proposed_disposal"] else []),
        heading(1, "有关材料"),
        body(f"{material}。" if material else "无。"),
        *([heading(1, "反映人身份"), body(f"{p['petitioner_identity']}（经巡察办主任批准提供，请严格保密）。")]
          if p.get("petitioner_identity") else []),
        body(f"请于{chinese_date(due)}前将办理结果书面反馈巡察办。" if due else "请及时将办理结果书面反馈巡察办。"),
    ]
    text = FormalText(title="关于移交问题线索的函", issuing_mark=p["from"], number=p["referral_no"],
                      classification="机密", addressee=p["receiver"], paragraphs=paragraphs, signature=p["from"],
                      date=transferred, printed_by=p["from"], printed_on=transferred)
    return DocumentSource(text=text, obj=lead, filename=f"问题线索移交函-{lead.number}")


register_document(REFERRAL_LETTER, label="问题线索移交函", build=build_referral_letter)
