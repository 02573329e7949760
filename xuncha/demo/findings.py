"""The demo's findings (问题底稿): what 市委第三巡察组 found at 市工商联 (11-7-03), and drafts of 第一组 at 市驻郑办.

11-7-03's stay is over when this runs (it is rectifying), so its twelve findings are recorded from the stay's paper
records through ``services.finding_from_paper``: the service's checks as the team leader sees the inspection (the
evidence cited is 11-7-03's talk records, work records, document requests and petitions; the basis is the article
in force on the day of the conduct, ADR-0022), then the approval chain (承办人 → 副组长/组长 → 组长 → 组务会) with
the days it was taken during the stay. 第一组 is still at 市驻郑办 (11-7-E01): member1 files three drafts there
through ``services.finding_create`` as a team member would.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from xuncha.core.clock import set_business_date
from xuncha.core.models import StatusChange
from xuncha.fieldwork.models import DocumentRequest, TalkCategory, TalkRecord, WorkRecord
from xuncha.findings import services
from xuncha.findings.models import Finding, FindingStatus, PersonLevel, Severity
from xuncha.findings.services import FindingData
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Person
from xuncha.petitions.models import Petition
from xuncha.taxonomy.models import Article, FrameworkNode

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.demo.loader import _Builder

d = datetime.date
GSL_CODE = "11-7-03"
ZZB_CODE = "11-7-E01"
MEETING = (d(2018, 12, 7), "组务会：撤驻前工作安排（审议问题底稿）")
ZZB_FILED = d(2018, 11, 21)  # within 第一组's stay at 市驻郑办 (1–30 November)


@dataclass(frozen=True)
class DemoFinding:
    category: str
    title: str
    description: str
    conduct_from: datetime.date
    basis: tuple[tuple[str, str], ...]  # (regulation version code, article number)
    talks: tuple[str, ...] = ()  # talk categories: the first signed record of each is cited
    works: tuple[str, ...] = ()  # work record titles
    documents: tuple[str, ...] = ()  # document request title prefixes
    petitions: tuple[str, ...] = ()  # petition summaries
    amount: Decimal | None = None
    severity: str = Severity.GENERAL
    discipline: str = ""
    eight_rules: str = ""
    source: str = "documents"
    people: str = ""
    person_post: str = ""  # a post at 市工商联 whose holder is linked
    person_level: str = PersonLevel.NONE
    leadership: bool = False
    principal: bool = False
    general: bool = False
    adopted: bool = True
    days: tuple[datetime.date, ...] = field(default=(d(2018, 11, 30), d(2018, 12, 3), d(2018, 12, 5)))


GSL_FINDINGS: tuple[DemoFinding, ...] = (
    DemoFinding("D1", "以“节日加班费”名义向班子成员发放购物卡",
                "2018年春节前，机关以“节日加班费”名义向6名班子成员每人发放购物卡2000元，共计12000元，"
                "未纳入单位账务核算，部分购物卡由会员企业“赞助”。", d(2018, 2, 10),
                (("BX2012", "第八项"), ("BXXZ2017", "关于厉行勤俭节约"), ("LJ2015", "第三条")),
                talks=(TalkCategory.STAFF,), petitions=("以加班费名义给班子成员发放购物卡",),
                documents=("2016年以来财务会计凭证",), amount=Decimal("12000"), severity=Severity.SERIOUS,
                discipline="integrity", eight_rules="R06", source="petition", people="班子成员6人",
                person_post="副主席", person_level=PersonLevel.COUNTY, leadership=True),
    DemoFinding("D1", "在会员企业安排工作餐未纳入公务接待管理",
                "2017年12月，机关两次组织到会员企业调研时在企业安排用餐，费用由企业承担约3600元，未纳入公务接待"
                "台账，也未按规定开具公函。", d(2017, 12, 15),
                (("BX2012", "第一项"), ("BXXZ2017", "关于改进调查研究"), ("LJ2015", "第三条")),
                talks=(TalkCategory.STAFF,), works=("财务收支专项检查",), documents=("公务接待、公务用车",),
                amount=Decimal("3600"), discipline="integrity", eight_rules="R01", source="check"),
    DemoFinding("D1", "节假日公务用车借用于私人事务",
                "2018年国庆节期间，机关公务用车3次被借用于私人事务，公车使用登记簿记载不全。", d(2018, 10, 3),
                (("BX2012", "第八项"), ("LJ2015", "第五条")),
                talks=(TalkCategory.MIDDLE,), works=("机关中层干部座谈会",), documents=("公务接待、公务用车",),
                discipline="integrity", eight_rules="R04", source="talk", people="机关驾驶员及借车人员"),
    DemoFinding("C1", "党组会议题临时动议，“三重一大”事项决策不规范",
                "列席2018年11月20日党组会发现，两项议题未提前送达、会上临时动议；调阅台账发现2017年以来个别大额"
                "会员活动经费由分管领导审批后报销，未经党组集体研究。", d(2018, 11, 20),
                (("JL2018", "第七十条"), ("DZ2017", "第十条")),
                talks=(TalkCategory.LEADERSHIP,), works=("列席市工商联党组会",),
                documents=("“三重一大”事项决策台账",), discipline="organisational", source="visit",
                leadership=True, principal=True, person_level=PersonLevel.COUNTY),
    DemoFinding("F1", "会员活动中心场地以明显低于市场价出租",
                "会员活动中心场地自2016年3月起出租给个体经营者，年租金较周边同类场地低约6万元，三年少收租金约18万元；"
                "租赁合同未经党组会研究，也未公开招租。", d(2016, 3, 1),
                (("LJ2015", "第六条"),), petitions=("商会活动场地低价出租给私人老板",),
                documents=("2016年以来财务会计凭证",), amount=Decimal("180000"), severity=Severity.SERIOUS,
                discipline="integrity", source="petition", leadership=True, principal=True,
                person_level=PersonLevel.COUNTY, person_post="主席"),
    DemoFinding("F2", "部分会费收入未入单位账户另行存放",
                "2017年部分会费收入共计8.6万元未进入单位账户，由会员部另行存放、使用，支出凭证不全。",
                d(2017, 6, 1), (("LJ2015", "第一条"),), petitions=("会费收入未入账设立小金库",),
                documents=("会费收缴、使用台账",), amount=Decimal("86000"), severity=Severity.GRAVE,
                discipline="integrity", source="petition", people="会员部负责人", person_level=PersonLevel.TOWNSHIP),
    DemoFinding("F2", "会员活动经费报销附件不全",
                "抽查2017年会计凭证120份，会员活动经费报销6笔共计2.34万元无活动通知、参加人员名单等附件。",
                d(2017, 9, 1), (("BX2012", "第八项"),), works=("财务收支专项检查",),
                documents=("2016年以来财务会计凭证",), amount=Decimal("23400"), source="check", adopted=False),
    DemoFinding("C4", "机关党支部“三会一课”不正常，党费收缴不规范",
                "机关党支部2017年11月以来未按期召开支部党员大会，党课2次，部分党员党费未按月足额缴纳。",
                d(2017, 11, 1), (("DZ2017", "第三条"),), talks=(TalkCategory.STAFF,),
                petitions=("机关党支部三会一课不正常",), discipline="organisational", source="petition",
                general=True),
    DemoFinding("C5", "领导干部个人有关事项报告漏报房产",
                "抽查核实2名班子成员个人有关事项报告，1人漏报1处房产，系对报告范围理解偏差。", d(2018, 1, 31),
                (("DZ2017", "第三条"),), works=("领导干部个人有关事项报告抽查核实",),
                documents=("领导干部个人有关事项报告材料",), discipline="organisational", source="check",
                leadership=True, person_level=PersonLevel.COUNTY, adopted=False),
    DemoFinding("E2", "落实全面从严治党主体责任不到位，对所属商会党建指导不够",
                "党组2018年专题研究党风廉政建设仅1次；对所属商会党组织的指导停留在业务层面，市温州商会换届推迟一年、"
                "党组织活动不正常。", d(2018, 10, 15), (("JL2018", "第一百二十一条"),),
                talks=(TalkCategory.LEADERSHIP, TalkCategory.RETIRED),
                works=("听取市工商联党组工作汇报", "走访异地商会"),
                documents=("所属商会换届、年检材料",), discipline="work", source="talk", leadership=True,
                general=True),
    DemoFinding("D3", "会员部工作人员办理入会手续吃拿卡要",
                "2018年9月，会员部1名工作人员在办理企业入会手续时暗示企业“意思意思”，手续拖延两个月。",
                d(2018, 9, 10), (("JL2015", "第八十三条"),), petitions=("办理入会手续吃拿卡要",),
                works=("走访会员企业",), discipline="masses", source="petition", people="会员部工作人员1人",
                person_level=PersonLevel.GENERAL),
    DemoFinding("B1", "理论学习中心组学习以读文件为主，研讨不深入",
                "2018年党组理论学习中心组学习12次，其中9次为传达文件，专题研讨2次，未结合服务民营经济实际。",
                d(2018, 3, 1), (("DZ2017", "第三条"),), talks=(TalkCategory.STAFF,),
                documents=("2016年以来党组会、党组理论学习中心组学习会议记录",), discipline="political",
                source="documents", adopted=False),
)

ZZB_DRAFTS = (
    ("D2", "驻郑办接待工作台账不规范", "2018年接待台账记录不全，部分接待无审批单。", d(2018, 6, 1)),
    ("C4", "驻郑办党支部组织生活会会前谈心谈话不到位", "2017年度组织生活会前未开展谈心谈话。", d(2018, 1, 20)),
    ("F2", "差旅费报销审核把关不严", "抽查2018年差旅费报销凭证，3笔住宿费超标准报销。", d(2018, 5, 8)),
)


def _refs(inspection: Inspection, spec: DemoFinding) -> list[tuple[str, int]]:
    refs: list[tuple[str, int]] = []
    for category in spec.talks:
        record = (TalkRecord.objects.filter(talk__inspection=inspection, talk__category=category)
                  .order_by("talk__sequence").first())
        if record is not None:
            refs.append(("fieldwork.talk", record.pk))
    for title in spec.works:
        for pk in WorkRecord.objects.filter(inspection=inspection, title=title).values_list("pk", flat=True)[:1]:
            refs.append(("fieldwork.work_record", pk))
    for prefix in spec.documents:
        for pk in DocumentRequest.objects.filter(inspection=inspection, title__startswith=prefix).values_list(
                "pk", flat=True)[:1]:
            refs.append(("fieldwork.document_request", pk))
    for summary in spec.petitions:
        for pk in Petition.objects.filter(inspection=inspection, summary=summary).values_list("pk", flat=True)[:1]:
            refs.append(("petitions.petition", pk))
    return refs


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _steps(finding: Finding, spec: DemoFinding, drafter: User, deputy: User, leader: User) -> None:
    """The approval chain as it was taken during the stay: submitted, reviewed, confirmed and (most) adopted."""
    submitted, reviewed, confirmed = spec.days
    chain = [("submit", FindingStatus.DRAFT, FindingStatus.SUBMITTED, drafter, submitted, ""),
             ("review", FindingStatus.SUBMITTED, FindingStatus.REVIEWED, deputy, reviewed, ""),
             ("confirm", FindingStatus.REVIEWED, FindingStatus.CONFIRMED, leader, confirmed, "")]
    if spec.adopted:
        chain.append(("adopt", FindingStatus.CONFIRMED, FindingStatus.ADOPTED, leader, MEETING[0], MEETING[1]))
    for step, old, new, actor, day, note in chain:
        change = StatusChange.record(obj=finding, old=old, new=new, transition=step, actor=actor, note=note)
        StatusChange.objects.filter(pk=change.pk).update(created_at=_at(day, 16))
    Finding.objects.filter(pk=finding.pk).update(
        status=FindingStatus.ADOPTED if spec.adopted else FindingStatus.CONFIRMED, reviewed_by=deputy,
        confirmed_by=leader, confirmed_at=_at(confirmed, 16),
        adopted_on=MEETING[0] if spec.adopted else None, meeting_reference=MEETING[1] if spec.adopted else "")


def build_findings(b: _Builder) -> None:
    """Findings of 11-7-03 (recorded from the stay, most adopted) and drafts of 11-7-E01 (module docstring)."""
    gsl = Inspection.objects.select_related("round").get(code=GSL_CODE)
    leader, member = b.users["leader3"], b.users["member3"]
    deputy = b.users.get("deputy3") or leader
    org = gsl.targets.get().organization
    nodes = {n.code: n for n in FrameworkNode.objects.filter(framework=gsl.round.focus_framework)}
    eight = {n.code: n for n in FrameworkNode.objects.filter(framework=gsl.round.eight_rules_framework)}
    bar = b.bar("问题底稿", len(GSL_FINDINGS) + len(ZZB_DRAFTS))
    for index, spec in enumerate(GSL_FINDINGS):
        basis = [Article.objects.get(regulation__code=code, number=number).pk for code, number in spec.basis]
        person = (Person.objects.filter(organization=org, post__contains=spec.person_post).order_by("pk").first()
                  if spec.person_post else None)
        data = FindingData(
            organization_id=org.pk, category_id=nodes[spec.category].pk, title=spec.title,
            description=spec.description, conduct_from=spec.conduct_from, source=spec.source,
            people_involved=spec.people or (f"{person.name}（{person.post}）" if person else ""),
            person_ids=[person.pk] if person else [], amount=spec.amount, severity=spec.severity,
            discipline=spec.discipline, eight_rules_category_id=eight[spec.eight_rules].pk if spec.eight_rules
            else None, person_level=spec.person_level, involves_leadership=spec.leadership,
            involves_principal=spec.principal, is_general=spec.general, basis_ids=basis,
            evidence=_refs(gsl, spec))
        drafter = member if index % 2 else leader
        filed = spec.days[0] - datetime.timedelta(days=3)
        set_business_date(filed, reason="演示数据")
        finding = services.finding_from_paper(actor=leader, inspection=gsl, data=data, drafted_by=drafter)
        Finding.objects.filter(pk=finding.pk).update(created_at=_at(filed, 10))
        _steps(finding, spec, drafter, deputy, leader)
        bar.advance()
    # 第一组 is still stationed at 市驻郑办: its member files drafts as the team would.
    zzb = Inspection.objects.select_related("round").get(code=ZZB_CODE)
    zzb_org = zzb.targets.get().organization
    member1 = b.users["member1"]
    set_business_date(ZZB_FILED, reason="演示数据")
    zzb_nodes = {n.code: n for n in FrameworkNode.objects.filter(framework=zzb.round.focus_framework)}
    for category, title, description, day in ZZB_DRAFTS:
        services.finding_create(actor=member1, inspection_id=zzb.pk, data=FindingData(
            organization_id=zzb_org.pk, category_id=zzb_nodes[category].pk, title=title, description=description,
            conduct_from=day))
        bar.advance()
    bar.finish()
    b.counts["findings"] = Finding.objects.count()
