"""The preparation records of the demo's round 7 (巡前准备、进驻), written through the planning services as the
office and the leading group would have written them in October 2018, then dated to those days.

Rules of the city (组建规则, 回避规则), the annual plans of 2018 and 2019, the round's work plan (a draft and the
approved version), the inspection notice to every target, liaison groups, the mobilisation meeting at the 市工商联
(the speech), the stationing announcements with their petition channels, and one run of the cross-inspection
assignment that respects round 6's pairs. Round 8 (2019) is created with its first work plan submitted and
awaiting the leading group's approval (the leading group's to-do). The services write the audit log; its
times are the load's.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from xuncha.demo import data
from xuncha.inspections.models import Inspection, InspectionType
from xuncha.inspections.stationing import (
    announcement_save,
    inspection_notice_issue,
    liaison_contact_add,
    mobilization_meeting_save,
)
from xuncha.orgs.models import Gender, Organization, Person, Rank
from xuncha.planning.coverage import term_coverage
from xuncha.planning.crossing import cross_assignment_run
from xuncha.planning.models import AnnualPlan, ApprovalStatus, CrossAssignmentRun, WorkPlan
from xuncha.planning.rounds import round_create
from xuncha.planning.work_plans import work_plan_approve, work_plan_save, work_plan_submit
from xuncha.rules.models import PlanningPolicy, RecusalPolicy, RecusalRule, RecusalSeverity, TimeLimits

if TYPE_CHECKING:
    from xuncha.demo.loader import _Builder

d = datetime.date
NOTICE_FIRST_NUMBER = 21  # 洛巡通〔2018〕21号 is the first notice of round 7
CROSS_SEED = 2018
MEETING_HOUR = datetime.time(9, 0)
WORK_PLAN_DAYS = {"v1_created": d(2018, 10, 9), "v2_created": d(2018, 10, 16), "approved": d(2018, 10, 19)}
# Round 8 (2019): the office submitted its work plan on 15 March; the leading group has not approved it yet.
ROUND8_START, ROUND8_END = d(2019, 4, 15), d(2019, 5, 31)
ROUND8_PLAN_SUBMITTED = d(2019, 3, 15)
MOBILISATION = d(2018, 10, 31)  # the round's 动员部署会, the day before entry
CROSS_RUN_DAY = d(2018, 10, 15)


SEVEN_UNITS = [s for spec in data.ROUND7_ROUTINE for s in spec.targets]


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def md(day: datetime.date) -> str:
    """"11月1日"."""
    return f"{day.month}月{day.day}日"


def ymd(day: datetime.date) -> str:
    """"2018年10月30日"."""
    return f"{day.year}年{md(day)}"


def prepare_round7(b: _Builder) -> None:
    """Everything of round 7's preparation the planning pages show (see the module docstring)."""
    inspections = list(Inspection.objects.filter(round=b.round7_obj).select_related("team")
                       .prefetch_related("targets__organization").order_by("code"))
    targets = sum(i.targets.count() for i in inspections)
    routine = [i for i in inspections if i.inspection_type in (InspectionType.ROUTINE, InspectionType.EXTENDED)]
    bar = b.bar("巡前准备", 6 + targets + len(routine))
    _annual_plans(b)
    bar.advance(2)
    _work_plans(b)
    _round8(b)
    bar.advance()
    limits = TimeLimits.effective_for(b.city)
    notices = 0
    for insp in inspections:
        for t in insp.targets.all():
            notices += 1
            inspection_notice_issue(
                actor=b.director, inspection_id=insp.pk, organization_id=t.organization_id,
                notice_no=f"洛巡通〔2018〕{NOTICE_FIRST_NUMBER + notices - 1}号",
                issued_on=insp.planned_entry - datetime.timedelta(days=limits.notice_days_before_entry),
                requirements=_notice_requirements(t.organization, insp, limits))
            bar.advance()
    contacts = _liaison_groups(b, {t.organization.short_name: i for i in routine for t in i.targets.all()})
    bar.advance()
    _meeting(b, next(i for i in routine if i.targets.filter(organization__short_name=data.GSL).exists()))
    bar.advance()
    phones: dict[int, str] = {}  # a team keeps its duty phone for all its inspections
    for insp in routine:
        _announcement(b, insp, phones)
        bar.advance()
    run = cross_assignment_run(actor=b.director, round_id=b.round7_obj.pk, seed=CROSS_SEED, lookback=1)
    if not run.feasible:  # pragma: no cover - the demo's data guarantee a solution
        raise RuntimeError(f"round 7 cross assignment infeasible: {run.result.get('summary')}")
    CrossAssignmentRun.objects.filter(pk=run.pk).update(created_at=at(CROSS_RUN_DAY, 15, 30))
    bar.advance()
    bar.finish()
    b.counts.update(notices=notices, liaison_contacts=contacts, announcements=len(routine),
                    work_plans=3, annual_plans=2, cross_assignment_runs=1)
    b.counts["rounds"] = b.counts.get("rounds", 0) + 1


def planning_policies(b: _Builder) -> None:
    """The rules the teams were formed under (before any team is confirmed): the city keeps the usual ones (teams
    of 5–7, at most two deputies, leaders from 副处级, deputies from 正科级 — a 纪委监委 监督检查室副主任 may
    deputise; 上次巡察过同一单位 a warning, written down); each county lets 正科级 cadres lead its own teams and
    副科级 deputise (the rule its teams lent to the city's cross rounds are formed under too)."""
    PlanningPolicy.objects.create(jurisdiction=b.city)
    for county in b.counties:
        PlanningPolicy.objects.create(jurisdiction=county, leader_min_rank=Rank.SECTION_CHIEF,
                                      deputy_min_rank=Rank.SECTION_DEPUTY)
    RecusalPolicy.objects.create(jurisdiction=b.city, rule=RecusalRule.REPEAT, severity=RecusalSeverity.WARNING)


def _annual_plans(b: _Builder) -> None:
    rounds_2018 = [r for r in data.EARLIER_ROUNDS if r.year == 2018]
    parts = []
    for r in rounds_2018:
        units = "、".join(s for shorts in r.inspections for s in shorts)
        part = f"第{data.CN_ORDINALS[r.number - 1]}轮（{r.dates['station'].month}月进驻）巡察{units}"
        if r.number == data.ROUND6_CROSS.number:
            part += (f"，为全省{r.special_topic}领域省市县三级联动巡视巡察，15个县（市、区）巡察组异地交叉巡察"
                     f"{data.ROUND6_CROSS.unit}")
        parts.append(part)
    parts.append(f"第七轮（11月进驻）常规巡察{'、'.join(SEVEN_UNITS)}等{len(SEVEN_UNITS)}家单位党组织，统筹15个县（市、区）"
                 f"巡察组开展{data.SPECIAL_TOPIC}领域专项巡察，对{data.ZZB}开展延伸巡察")
    AnnualPlan.objects.create(
        term=b.term, year=2018, title="十一届洛阳市委2018年度巡察工作计划", rounds_planned=len(rounds_2018) + 1,
        summary=f"2018年安排{len(rounds_2018) + 1}轮巡察：" + "；".join(parts) + "。",
        status=ApprovalStatus.APPROVED, approved_on=d(2018, 2, 9))
    left = term_coverage(b.term, as_of=d(2018, 12, 31), allocate=False).counts["not_planned"]
    AnnualPlan.objects.create(
        term=b.term, year=2019, title="十一届洛阳市委2019年度巡察工作计划（草案）", rounds_planned=3,
        summary=(f"按照届内巡察全覆盖要求，2019年安排3轮巡察（第八至第十轮）。截至2018年底，本届尚未安排巡察的"
                 f"市直党组织还有{left}个，按“先未巡、后已巡”的原则优先安排；继续统筹县级巡察组开展异地交叉巡察，"
                 f"配对避开近期已配对的地区；对第七轮巡察单位的整改情况开展监督检查。"),
        status=ApprovalStatus.DRAFT)


def _work_plans(b: _Builder) -> None:
    """Version 1, a draft overtaken by version 2, which the leading group approved on 19 October."""
    rnd = b.round7_obj
    limits = TimeLimits.effective_for(b.city)
    cutoff = data.ROUND7_ROUTINE_END - datetime.timedelta(days=limits.petition_cutoff_days_before_end)
    v1 = work_plan_save(
        actor=b.director, round_id=rnd.pk,
        focus=("突出“六个围绕、一个加强”开展监督检查，聚焦坚持和加强党的全面领导、全面从严治党，重点检查"
               "被巡察党组织落实管党治党政治责任、选人用人、整治“四风”和群众身边腐败问题情况。"),
        schedule="10月下旬　召开巡察工作动员部署会\n11月上旬　各巡察组进驻\n12月中旬　撤驻",
        key_matters=(f"一、市委5个巡察组对{'、'.join(SEVEN_UNITS)}等{len(SEVEN_UNITS)}家单位党组织开展常规巡察。\n"
                     f"二、统筹15个县（市、区）巡察组开展{data.SPECIAL_TOPIC}领域专项巡察。"))
    teams = "；".join(f"第{data.CN_ORDINALS[s.team - 1]}巡察组：{'、'.join(s.targets)}" for s in data.ROUND7_ROUTINE)
    v2 = work_plan_save(
        actor=b.director, round_id=rnd.pk, focus=rnd.focus_notes,
        schedule=(f"{md(MOBILISATION)}　召开十一届市委第七轮巡察工作动员部署会，培训巡察干部，宣布授权\n"
                  f"{md(data.ROUND7_ENTRY)}　各巡察组进驻，分别召开进驻动员会，公布巡察公告和信访渠道\n"
                  f"{md(data.ROUND7_ENTRY)}—{md(cutoff)}　受理信访"
                  f"（撤驻前{limits.petition_cutoff_days_before_end}天截止）\n"
                  f"{md(data.ROUND7_SPECIAL_END)}　{data.SPECIAL_TOPIC}领域专项巡察、{data.ZZB}延伸巡察撤驻\n"
                  f"{md(data.ROUND7_ROUTINE_END)}　常规巡察撤驻\n"
                  "撤驻后30日内　向市委巡察工作领导小组、市委书记专题会汇报巡察情况"),
        key_matters=(f"一、常规巡察（{teams}）。\n"
                     f"二、专项巡察：统筹15个县（市、区）巡察组，采取异地交叉、上下联动方式开展{data.SPECIAL_TOPIC}"
                     "领域专项巡察；配对不得巡察本地、不得互相交叉，并避开第六轮已配对的地区。\n"
                     f"三、延伸巡察：第一巡察组对{data.ZZB}党组开展延伸巡察。\n"
                     "四、巡察组组长、副组长一次一授权；巡察组成员进驻前签署回避申请书和保密承诺书。\n"
                     "五、执行《市委巡察组作风纪律情况巡后评估规定（试行）》，巡察结束后由被巡察单位对巡察组"
                     "和巡察干部的作风纪律情况进行综合评价。"))
    work_plan_submit(actor=b.director, plan_id=v2.pk)
    work_plan_approve(actor=b.users["leading"], plan_id=v2.pk)
    WorkPlan.objects.filter(pk=v1.pk).update(created_at=at(WORK_PLAN_DAYS["v1_created"], 16))
    WorkPlan.objects.filter(pk=v2.pk).update(created_at=at(WORK_PLAN_DAYS["v2_created"], 15, 30),
                                             approved_at=at(WORK_PLAN_DAYS["approved"], 10))


def _round8(b: _Builder) -> None:
    """The next round, planned for April 2019: its work plan waits on the leading group's desk (待办)."""
    rnd = round_create(actor=b.director, term_id=b.term.pk, number=8, name="十一届市委第八轮巡察",
                       planned_start=ROUND8_START, planned_end=ROUND8_END,
                       focus_notes=("坚持问题导向，聚焦党的领导弱化、党的建设缺失、全面从严治党不力，"
                                    "对照第七轮巡察发现的共性问题开展监督。"))
    plan = work_plan_save(
        actor=b.director, round_id=rnd.pk, focus=rnd.focus_notes,
        schedule=("4月上旬　召开十一届市委第八轮巡察工作动员部署会\n"
                  f"{md(ROUND8_START)}　各巡察组进驻\n{md(ROUND8_END)}　撤驻"),
        key_matters="一、按照2019年度巡察工作计划，优先安排本届尚未巡察的市直党组织。\n"
                    "二、巡察组组长、副组长一次一授权；巡察组成员进驻前签署回避申请书和保密承诺书。")
    work_plan_submit(actor=b.director, plan_id=plan.pk)
    WorkPlan.objects.filter(pk=plan.pk).update(created_at=at(ROUND8_PLAN_SUBMITTED, 16))


def _notice_requirements(org: Organization, insp: Inspection, limits: TimeLimits) -> str:
    due = insp.planned_entry - datetime.timedelta(days=limits.liaison_list_days_before_entry)
    return (f"一、请{org.short_name}党组织确定联络组，于{ymd(due)}前将联络组名单报送巡察组。\n"
            f"二、进驻后{limits.unit_report_days_after_entry}日内向巡察组提交领导班子工作汇报，并按巡察组要求提供"
            "有关文件、会议记录、财务资料等。\n"
            "三、安排巡察组办公场所，在单位醒目位置张贴巡察公告、设置意见箱，通知本单位干部职工参加进驻动员会。")


def _holders(b: _Builder, org: Organization, title: str) -> list[Person]:
    """The cadres holding ``title`` in ``org``."""
    return [c.person for c in b.cadres if c.person.organization_id == org.pk and c.person.post == title]


def _liaison_groups(b: _Builder, inspection_of: dict[str, Inspection]) -> int:
    """Liaison groups (联络组) of three targets: a member of the leadership heads it, with the office, the
    discipline inspection and the personnel side; names of people not in the cadre records are made up."""
    groups = {
        data.GSL: (("党组成员、秘书长", ""), ("办公室主任", ""), ("党支部书记", "机关党支部书记（负责纪检工作）"),
                   ("", "办公室干部（负责人事工作）")),
        data.FGJ: (("党组成员、副局长", ""), ("办公室主任", ""), ("党组成员、纪检组长", ""), ("", "人事科科长")),
        data.FGW: (("党组成员、副主任", ""), ("办公室主任", ""), ("党组成员、纪检组长", ""), ("", "人事科科长")),
    }
    count = 0
    for short, rows in groups.items():
        org, insp = b.orgs[short], inspection_of[short]
        for k, (title, post) in enumerate(rows):
            if title:
                # the unit's own post, or one of its branches' (机关党支部书记)
                person = next(p for o in (org, *Organization.objects.filter(parent=org)) for p in _holders(b, o, title))
                name, phone = person.name, person.phone
            else:
                name = b.names.name(Gender.FEMALE if b.rng.random() < 0.5 else Gender.MALE)
                phone = f"0379-6{b.rng.randint(0, 9999999):07d}"
            liaison_contact_add(actor=b.director, inspection_id=insp.pk, organization_id=org.pk, name=name,
                                post=post or title, phone=phone, is_head=k == 0)
            count += 1
    return count


def _meeting(b: _Builder, insp: Inspection) -> None:
    """The 进驻动员会 of the speech: 市委第三巡察组 at the 市工商联, 1 November 2018 (fictional speakers)."""
    gsl = b.orgs[data.GSL]
    chair = b.principal[gsl.pk].person
    member = next(c.person for c in b.cadres if c.person.organization_id == b.orgs[data.CDI].pk
                  and c.person.post.startswith("市纪委副书记"))
    leader = next(c.person for c, role in b.r7_seats[3] if role == "leader")
    mobilization_meeting_save(
        actor=b.director, inspection_id=insp.pk, held_at=at(data.ROUND7_ENTRY, MEETING_HOUR.hour),
        place="市工商联机关会议室",
        attendees="市工商联机关全体干部职工、所属单位主要负责人；市委第三巡察组全体成员",
        speakers=(f"市委巡察工作领导小组成员、市纪委副书记{member.name}讲话\n"
                  f"市委第三巡察组组长{leader.name}通报巡察工作安排\n"
                  f"市工商联党组书记、主席{chair.name}表态发言"),
        minutes=(f"{ymd(data.ROUND7_ENTRY)}上午，市委第三巡察组进驻市工商联党组动员会在市工商联机关会议室召开。"
                 f"{member.name}受市委巡察工作领导小组委托讲话，要求提升认识、坚守政治定位，把握关键、提升巡察质量，"
                 f"担当责任、确保巡察实效；{leader.name}通报了巡察的主要任务、工作安排和纪律要求，公布了巡察期间的"
                 f"值班电话和邮政信箱；{chair.name}代表市工商联党组表态，坚决支持配合巡察工作，对巡察组指出的问题"
                 "立行立改。会后，巡察组向参会人员发放了调查问卷。"))


def _announcement(b: _Builder, insp: Inspection, phones: dict[int, str]) -> None:
    """The 巡察公告 of a city team: duty phone, post box, where to call in and where the suggestion boxes are;
    petitions from entry until the configured days before withdrawal (the service derives both dates)."""
    number = insp.team.number if insp.team else 0
    orgs = [t.organization for t in insp.targets.all()]
    where = orgs[0].address
    if not where.startswith("郑州"):
        where = f"洛阳市{where}"
    if number not in phones:
        phones[number] = f"0379-6{b.rng.randint(0, 9999999):07d}"
    announcement_save(
        actor=b.director, inspection_id=insp.pk, phone=phones[number], phone_hours="每天8:00—18:00",
        post_box=f"洛阳市A{number:03d}号信箱",
        visit_address=f"{where}（{orgs[0].unit_name}）巡察组办公室",
        suggestion_box="、".join(f"{o.short_name}办公楼入口处" for o in orgs),
        web_channel="洛阳市纪委监委网站“巡察公告”栏目", published_on=insp.planned_entry)
