"""Leads (问题线索) of the demo, walked through the services on the day each step took place.

市委第三巡察组 at 市工商联 (11-7-03, stay 1 Nov – 10 Dec 2018) found two leads:

- the membership fees kept off the books (the petition bureau's letter, 会费收入未入账设立小金库): drafted by the leader
  during the stay, endorsed, approved by the director, transferred after withdrawal to 洛阳市纪委监委 (第三监督检查室),
  which signed for it, verified it (初步核实) and reported the outcome before its deadline — a Party warning and
  8.6万元 recovered (the finding's amount); it waits for the office to close it;
- a promotion pushed through without the required steps (选人用人): transferred to 市委组织部, signed for and handled by
  talk and letter inquiry (谈话函询); its outcome was due on 12 March 2019 and is late on the business date, so it is
  escalated on the office's and the organisation department's to-dos.

第一巡察组's extended stay at 市驻郑办 (11-7-E01, still stationed) has a lead in draft.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType

from xuncha.core.clock import set_business_date
from xuncha.core.models import StatusChange
from xuncha.demo import data
from xuncha.demo.preparation import at
from xuncha.fieldwork.evidence import TALK
from xuncha.inspections import evidence
from xuncha.inspections.models import Inspection
from xuncha.leads import services
from xuncha.leads.models import Lead
from xuncha.orgs.models import Jurisdiction, Person
from xuncha.petitions.evidence import PETITION
from xuncha.petitions.models import Petition

if TYPE_CHECKING:
    from xuncha.demo.loader import _Builder

d = datetime.date


def _on(day: datetime.date) -> None:
    set_business_date(day, reason="演示数据")


def _person(inspection: Inspection, post: str, level: str = "county", leadership: bool = True
            ) -> services.PersonData:
    org = inspection.targets.select_related("organization").get().organization
    person = Person.objects.filter(organization=org, post__contains=post).order_by("pk").first()
    name = person.name if person else "（待查）"
    return services.PersonData(name, f"{org.short_name or org.name}{person.post if person else post}", level,
                               leadership)


def _refs(user: Any, inspection: Inspection, kind: str, limit: int) -> list[str]:
    items = [item for k, found in evidence.citable(user, inspection.pk) if k.key == kind for item in found]
    return [item.ref for item in items[:limit]]


def _backdate(lead: Lead, days: dict[str, datetime.date]) -> None:
    """Give the status changes the days their steps took place (the records carry the business dates already)."""
    changes = list(StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Lead),
                                               object_id=lead.pk))
    for change in changes:
        change.created_at = at(days[change.transition], 16, 30)
    StatusChange.objects.bulk_update(changes, ["created_at"])
    Lead.objects.filter(pk=lead.pk).update(created_at=at(days["create"], 10, 0))


def _gsl_fees(b: _Builder, gsl: Inspection, city: Jurisdiction) -> Lead:
    leader, director, office, cdi = b.users["leader3"], b.users["director"], b.users["office"], b.users["cdi"]
    days = {"create": d(2018, 12, 3), "endorse": d(2018, 12, 3), "approve": d(2018, 12, 7),
            "transfer": d(2018, 12, 12), "receive": d(2018, 12, 13), "dispose": d(2018, 12, 20),
            "report": d(2019, 3, 5)}
    petition = Petition.objects.filter(inspection=gsl, summary="会费收入未入账设立小金库").first()
    _on(days["create"])
    lead = services.lead_create(actor=leader, inspection_id=gsl.pk, data=services.LeadData(
        source="petition", summary="机关会费收入未入账、设立“小金库”",
        facts="市信访局转来信访件反映，2017年起机关部分会费收入未入单位账户，另行存放使用。巡察组调阅会费收缴、"
              "使用台账和2017年以来会计凭证，发现2017年部分会费收入共计8.6万元未进入单位账户，由会员部另行存放、"
              "使用，用于接待和发放补贴，支出经秘书长审批，凭证不全。",
        target="discipline", receiving_jurisdiction_id=city.pk, receiver_name="市纪委监委第三监督检查室",
        persons=[_person(gsl, "秘书长"), _person(gsl, "会员部部长", "township", False)], category_code="F2",
        discipline_type="integrity", amount="8.6",
        proposed_disposal="建议初步核实，并督促收缴违规资金。",
        origins=[f"{PETITION}:{petition.pk}"] if petition else [], supports=_refs(leader, gsl, TALK, 2)))
    services.lead_step(actor=leader, lead_id=lead.pk, name="endorse", note="同意移交纪委监委。")
    _on(days["approve"])
    services.lead_step(actor=director, lead_id=lead.pk, name="approve")
    _on(days["transfer"])
    services.lead_transfer(actor=office, lead_id=lead.pk)
    _on(days["receive"])
    services.lead_receive(actor=cdi, lead_id=lead.pk, note="已签收，转第三监督检查室办理。")
    _on(days["dispose"])
    services.lead_dispose(actor=cdi, lead_id=lead.pk, disposal="preliminary_verification",
                          note="成立初核组，调取会费账户流水和支出凭证，与有关人员谈话。")
    _on(days["report"])
    secretary, head = list(lead.persons.order_by("order"))
    services.lead_report_outcome(actor=cdi, lead_id=lead.pk, data=services.OutcomeData(
        summary="经初步核实，问题属实。给予秘书长党内警告处分，对会员部部长进行诫勉；收缴违规资金8.6万元，"
                "已全部上缴财政；责成市工商联党组专题整改，清理账外资金。",
        items=[(secretary.pk, "party_warning", "违反廉洁纪律"), (head.pk, "admonishment", "")],
        recovered_amount="8.6"))
    _backdate(lead, days)
    return lead


def _gsl_promotion(b: _Builder, gsl: Inspection, city: Jurisdiction) -> Lead:
    member, leader, director, office = b.users["member3"], b.users["leader3"], b.users["director"], b.users["office"]
    orgdept = b.users["orgdept"]
    days = {"create": d(2018, 12, 6), "endorse": d(2018, 12, 7), "approve": d(2018, 12, 10),
            "transfer": d(2018, 12, 12), "receive": d(2018, 12, 14), "dispose": d(2019, 1, 10)}
    _on(days["create"])
    lead = services.lead_create(actor=member, inspection_id=gsl.pk, data=services.LeadData(
        source="talk", summary="2017年中层干部提拔未经民主推荐和考察",
        facts="个别谈话中多人反映，2017年6月机关两名中层干部的提拔未经民主推荐、考察和公示，由分管副主席提名后"
              "直接上党组会研究，党组会记录中无讨论情况。巡察组调阅了2017年干部任免材料，推荐和考察材料缺失。",
        target="organization", receiving_jurisdiction_id=city.pk, receiver_name="市委组织部干部监督科",
        persons=[_person(gsl, "副主席")], category_code="C3", discipline_type="organizational",
        proposed_disposal="建议对选人用人问题进行核查，视情况进行组织处理。"))
    _on(days["endorse"])
    services.lead_step(actor=leader, lead_id=lead.pk, name="endorse")
    _on(days["approve"])
    services.lead_step(actor=director, lead_id=lead.pk, name="approve")
    _on(days["transfer"])
    services.lead_transfer(actor=office, lead_id=lead.pk)
    _on(days["receive"])
    services.lead_receive(actor=orgdept, lead_id=lead.pk)
    _on(days["dispose"])
    services.lead_dispose(actor=orgdept, lead_id=lead.pk, disposal="talk_inquiry",
                          note="向分管副主席发函询问，要求说明2017年两名中层干部提拔的程序和依据。")
    _backdate(lead, days)
    return lead


def _extended_draft(b: _Builder, city: Jurisdiction) -> Lead:
    zzb = Inspection.objects.get(round=b.round7_obj, targets__organization__short_name=data.ZZB)
    day = d(2018, 11, 28)
    _on(day)
    lead = services.lead_create(actor=b.users["member1"], inspection_id=zzb.pk, data=services.LeadData(
        source="documents", summary="公务接待超标准、无公函",
        facts="调阅2018年公务接待台账，发现多批次接待无公函、陪餐人数超标准，费用以会议费名义报销。",
        target="discipline", receiving_jurisdiction_id=city.pk, receiver_name="市纪委监委",
        persons=[_person(zzb, "主任")], category_code="D1", discipline_type="integrity"))
    Lead.objects.filter(pk=lead.pk).update(created_at=at(day, 15, 0))
    return lead


def populate_leads(b: _Builder) -> None:
    """The leads of round 7 (module docstring), dated within and after the stays."""
    gsl = Inspection.objects.get(round=b.round7_obj, targets__organization__short_name=data.GSL)
    city = gsl.jurisdiction
    leads = [_gsl_fees(b, gsl, city), _gsl_promotion(b, gsl, city), _extended_draft(b, city)]
    b.counts["leads"] = len(leads)
