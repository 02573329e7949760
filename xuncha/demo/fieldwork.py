"""The demo's fieldwork (驻点工作): what the round-7 teams recorded during their stay.

The third team's stay at 市工商联 (11-7-03, 1 November – 10 December 2018) is carried furthest: its talk plan drawn
from the unit's people (``fieldwork.services.plan_talks``) plus retired cadres, staff and member enterprises, the
talk records signed off by the leader, the document requests (delivered by the unit's liaison, received, reviewed
and returned), the other work records (the unit's report, forums, a Party-group meeting attended, visits to member
enterprises and county federations, a financial check, a spot check of personal-matters reports, team meetings)
and the daily log of every working day. The other inspections stationed in round 7 get a shorter plan, a few
records and a week of the log.

By the time this runs the inspections have moved on (``lifecycle``): their stays are over, so the services refuse
new fieldwork. 11-7-03's stay is replayed through the services, as the notices are (``demo.notices``): the inspection
is put back to 进驻了解 and the business clock to the day of each step, then both are restored; codes, sequences,
recusal checks, encryption, audit events and status records are the services' own, and the status records and
sign-off times are dated to the days the steps took place. The shorter stays of the other teams are written as an
import of their paper records would be, in the shape the services give them (``plan_talks`` for the talks).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone

from xuncha.core.clock import set_business_date
from xuncha.core.exceptions import DomainError
from xuncha.core.models import StatusChange
from xuncha.demo import data
from xuncha.demo.notices import _stay
from xuncha.fieldwork import services
from xuncha.fieldwork.models import (
    DocumentRequest,
    DocumentStatus,
    RecordStatus,
    Talk,
    TalkCategory,
    TalkRecord,
    TalkStatus,
    TalkType,
    WorkLogEntry,
    WorkMethod,
    WorkRecord,
)
from xuncha.fieldwork.services import SLOT_TIMES, plan_talks, team_seats
from xuncha.inspections.models import Inspection
from xuncha.inspections.states import InspectionStatus

if TYPE_CHECKING:
    from xuncha.accounts.models import User
    from xuncha.demo.loader import _Builder

d = datetime.date
GSL_CODE = "11-7-03"
PLACE = "市工商联三楼巡察组谈话室"

# What people said, by category: (questions and answers, issues raised, follow-ups).
TALK_TEXTS: dict[str, list[tuple[str, str, str]]] = {
    TalkCategory.LEADERSHIP: [
        ("问：请谈谈党组落实全面从严治党主体责任的情况。\n答：党组每年研究党风廉政建设工作，但专题研究次数偏少，"
         "对所属商会党建工作指导不够。\n问：“三重一大”事项决策情况如何？\n答：大额资金使用一般经党组会研究，"
         "个别会员活动经费由分管领导审批后报销。",
         "个别会员活动经费未经集体研究；对所属商会党建指导不够。",
         "调阅2017年以来党组会会议记录、会员活动经费报销凭证。"),
        ("问：对班子和主要负责人有什么意见建议？\n答：班子总体团结，主要负责人抓工作有力，但民主集中制执行"
         "不够规范，有时会上临时动议。\n问：选人用人方面呢？\n答：近两年提拔的两名科级干部程序完整。",
         "党组会临时动议议题；民主集中制执行不够规范。", "核实党组会议题提前报送情况。"),
    ],
    TalkCategory.MIDDLE: [
        ("问：机关作风建设方面存在哪些问题？\n答：服务会员企业的主动性不够，有的同志下企业少。\n问：公车使用"
         "是否规范？\n答：公车有登记，但节假日曾有借用现象。",
         "节假日公车借用；服务企业主动性不强。", "调阅公车使用登记簿，核实节假日用车。"),
        ("问：会费收取和使用情况怎样？\n答：会费按标准收取，票据由财务统一管理；部分会员企业反映缴费后"
         "服务少。\n问：有无违规收费？\n答：未发现。",
         "会员企业反映缴费后服务少。", "走访会员企业了解会费和服务情况。"),
    ],
    TalkCategory.STAFF: [
        ("问：你对单位党建工作有什么看法？\n答：“三会一课”基本正常，但学习内容以读文件为主，形式单一。\n"
         "问：有没有反映的问题？\n答：年底加班较多，工作安排有时比较随意。",
         "“三会一课”形式单一。", ""),
        ("问：单位落实中央八项规定精神情况如何？\n答：公务接待减少很多，但有的活动在会员企业安排用餐。",
         "部分活动在会员企业安排用餐。", "调阅公务接待台账，核对活动用餐安排。"),
    ],
    TalkCategory.RETIRED: [
        ("问：您对现任班子有什么评价和建议？\n答：班子有干劲，但联系老同志少，希望多听取意见；所属商会"
         "换届有的拖得较长。",
         "所属商会换届不及时。", "调阅所属商会换届材料。"),
    ],
    TalkCategory.SERVICE_USERS: [
        ("问：工商联为企业服务的情况如何？\n答：政策宣讲会参加过几次，帮企业解决融资问题作用有限；"
         "会费每年按时缴纳。\n问：有无向企业索要财物？\n答：没有，但有的活动赞助是企业自愿出的。",
         "活动赞助由会员企业承担，是否自愿需核实。", "核实2017年以来活动赞助来源和使用。"),
    ],
}
TALK_TEXTS[TalkCategory.SUBORDINATE] = TALK_TEXTS[TalkCategory.MIDDLE]
TALK_TEXTS[TalkCategory.DEPUTIES] = TALK_TEXTS[TalkCategory.SERVICE_USERS]

# Beyond the directory: (name kind, post, category, talk type).
EXTRA_TALKS = [
    ("M", "市工商联原副主席（已退休）", TalkCategory.RETIRED, TalkType.APPOINTED),
    ("F", "市工商联原调研员（已退休）", TalkCategory.RETIRED, TalkType.APPOINTED),
    ("F", "市工商联办公室科员", TalkCategory.STAFF, TalkType.APPOINTED),
    ("M", "市工商联会员部科员", TalkCategory.STAFF, TalkType.VOLUNTARY),
    ("M", "市工商联经济服务部科员", TalkCategory.STAFF, TalkType.APPOINTED),
    ("M", "洛阳某机械制造有限公司董事长（会员企业）", TalkCategory.SERVICE_USERS, TalkType.APPOINTED),
    ("F", "洛阳某商贸有限公司总经理（会员企业）", TalkCategory.SERVICE_USERS, TalkType.VOLUNTARY),
    ("M", "市温州商会会长", TalkCategory.SERVICE_USERS, TalkType.APPOINTED),
]

DOCUMENTS = [
    ("2016年以来党组会、党组理论学习中心组学习会议记录", "2016年1月—2018年10月", d(2018, 11, 2)),
    ("“三重一大”事项决策台账及相关会议纪要", "2016年以来", d(2018, 11, 2)),
    ("2016年以来财务会计凭证、账簿及年度决算报告", "2016年1月—2018年10月", d(2018, 11, 5)),
    ("会费收缴、使用台账及票据存根", "2016年以来", d(2018, 11, 7)),
    ("公务接待、公务用车使用登记台账", "2017年以来", d(2018, 11, 9)),
    ("2016年以来干部选拔任用工作档案（动议、推荐、考察、讨论决定、任职）", "2016年以来", d(2018, 11, 12)),
    ("领导干部个人有关事项报告材料", "2017—2018年度", d(2018, 11, 14)),
    ("所属商会换届、年检材料", "2016年以来", d(2018, 11, 19)),
]

# (method, title, day, place, people met, what was learned, follow-ups)
WORK = [
    (WorkMethod.BRIEFING, "听取市工商联党组工作汇报", d(2018, 11, 1), "市工商联会议室",
     "党组书记、主席及班子成员", "党组汇报2016年以来落实全面从严治党、服务非公经济发展等情况；自查"
     "问题5项，主要是对所属商会党建指导不够、会费使用管理不够细。", "对照汇报调阅相关台账。"),
    (WorkMethod.FORUM, "机关中层干部座谈会", d(2018, 11, 6), "市工商联会议室", "机关各部室负责人8人",
     "与会人员反映机关服务企业主动性不强，部分制度执行不严，节假日公车借用时有发生。", "核对公车使用登记。"),
    (WorkMethod.FORUM, "会员企业代表座谈会", d(2018, 11, 13), "市工商联会议室", "会员企业负责人12人",
     "企业希望工商联在融资、用地方面多协调；个别企业反映活动赞助“被自愿”。", "核实活动赞助来源。"),
    (WorkMethod.ATTEND_MEETING, "列席市工商联党组会", d(2018, 11, 20), "市工商联会议室", "党组成员",
     "会议研究年度会员发展和经费预算，议题未提前送达，两项议题临时动议。", "与党组会议事规则对照。"),
    (WorkMethod.FIELD_VISIT, "走访会员企业", d(2018, 11, 15), "洛阳某机械制造有限公司", "董事长、财务负责人",
     "企业反映会费按时缴纳，工商联组织的政策宣讲有帮助，活动赞助由企业承担约2万元。", "核对赞助资金使用。"),
    (WorkMethod.FIELD_VISIT, "走访异地商会", d(2018, 11, 22), "市温州商会", "商会会长、秘书长",
     "商会换届推迟一年，党组织活动开展不正常。", "调阅商会换届材料。"),
    (WorkMethod.DOWNWARD_INQUIRY, "下沉县区工商联了解情况", d(2018, 11, 27), "偃师市工商联",
     "县级工商联主席、副主席", "了解市工商联对县级工商联指导情况：业务指导较多，党建指导较少。", ""),
    (WorkMethod.SPECIAL_CHECK, "财务收支专项检查", d(2018, 11, 28), "市工商联财务室", "财务人员2人",
     "抽查2017年凭证120份，发现会员活动经费报销附件不全6笔，在会员企业用餐2次未入公务接待台账。",
     "形成问题底稿，与财务人员核实。"),
    (WorkMethod.PERSONAL_MATTERS, "领导干部个人有关事项报告抽查核实", d(2018, 11, 30), "巡察组驻地",
     "抽查对象2人（班子成员）", "对照房产、投资信息核实，1人漏报1处房产，系理解偏差。", "提请组织部门处理。"),
    (WorkMethod.TEAM_MEETING, "组务会：第一周工作小结", d(2018, 11, 9), "巡察组驻地", "巡察组全体成员",
     "通报谈话和调阅进展，明确下周走访会员企业和财务检查安排。", ""),
    (WorkMethod.TEAM_MEETING, "组务会：问题梳理", d(2018, 11, 23), "巡察组驻地", "巡察组全体成员",
     "梳理问题线索，研究财务专项检查方案；临时党支部开展组织生活。", ""),
    (WorkMethod.TEAM_MEETING, "组务会：撤驻前工作安排", d(2018, 12, 7), "巡察组驻地", "巡察组全体成员",
     "审议问题底稿，安排资料退还和撤驻工作。", ""),
]

NOTES = {
    d(2018, 11, 6): "座谈中反映节假日公车借用，需调阅登记簿核实。",
    d(2018, 11, 13): "个别会员企业反映活动赞助“被自愿”，需核实赞助来源。",
    d(2018, 11, 20): "列席党组会发现临时动议议题，与议事规则对照。",
    d(2018, 11, 28): "财务检查发现报销附件不全、在会员企业用餐未入台账，形成问题底稿。",
}


def _at(day: datetime.date, slot: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, SLOT_TIMES[slot % len(SLOT_TIMES)]))


def _working_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def populate_fieldwork(b: _Builder) -> None:
    """The fieldwork of round 7's stays (see the module docstring)."""
    inspections = list(Inspection.objects.filter(round=b.round7_obj, stationed_on__isnull=False, team__isnull=False)
                       .select_related("team").prefetch_related("targets__organization").order_by("code"))
    bar = b.bar("驻点工作", len(inspections))
    leader3 = b.users.get("leader3") or b.director
    for inspection in inspections:
        full = inspection.code == GSL_CODE
        liaison = b.users.get("liaison_gsl")
        if full and "leader3" in b.users and liaison is not None:
            _replay_gsl(b, inspection, leader3, liaison)
        else:
            author = leader3 if full else b.director
            _talks(b, inspection, author, full=full)
            _documents(b, inspection, author, full=full)
            _work_records(inspection, author, full=full)
            _log(inspection, author, full=full)
        bar.advance()
    bar.finish()
    b.counts["talks"] = Talk.objects.count()
    b.counts["talk_records"] = TalkRecord.objects.count()
    b.counts["document_requests"] = DocumentRequest.objects.count()
    b.counts["work_records"] = WorkRecord.objects.count()


# ---- 11-7-03 through the services --------------------------------------------------------------------------------

DECLINE_NOTE = "谈话对象因病休假，驻点期间无法谈话。"


def _redate(model: type[Model], pks: list[int], days: dict[int, list[datetime.datetime]]) -> None:
    """The status records of ``model``'s rows ``pks``, in order, dated to the times in ``days`` (the steps happened
    during the stay; the services stamp them with the time of the load)."""
    changes = list(StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                               object_id__in=pks).order_by("pk"))
    taken: dict[int, int] = {}
    for change in changes:
        times = days.get(change.object_id, [])
        k = taken.get(change.object_id, 0)
        if k < len(times):
            change.created_at = times[k]
        taken[change.object_id] = k + 1
    StatusChange.objects.bulk_update(changes, ["created_at"], batch_size=500)


def _replay_gsl(b: _Builder, inspection: Inspection, leader: User, liaison: User) -> None:
    """11-7-03's stay through the services (module docstring): the plan drawn up on the first working day, the extra
    talks added, the documents asked for on their days; then, at the end of the stay, the records written and signed
    off, the documents handled on their dates, the other work recorded and the log written."""
    entry = inspection.stationed_on or inspection.planned_entry
    end = _stay_end(inspection)
    over = inspection.status != InspectionStatus.STATIONED
    last = end if over else min(end, data.BUSINESS_DATE)
    org = next(iter(inspection.targets.all())).organization
    with _stay(inspection):
        set_business_date(entry + datetime.timedelta(days=1), reason="演示：回放驻点期间")
        talks = services.talk_plan_generate(actor=leader, inspection_id=inspection.pk)
        seats = [s for s in services.team_seats(inspection) if s.role != "liaison_officer"]
        last_at = talks[-1].scheduled_at if talks else _at(entry)
        day = timezone.localtime(last_at).date() + datetime.timedelta(days=1)
        for index, (gender, post, category, talk_type) in enumerate(EXTRA_TALKS):
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
            first, second = seats[(index + 2) % len(seats)], seats[(index + 3) % len(seats)]
            talks.append(services.talk_add(actor=leader, inspection_id=inspection.pk, data=services.TalkData(
                organization_id=org.pk, name=b.names.name(gender), post=post, category=category,
                talk_type=talk_type, scheduled_at=_at(day, index), place=PLACE, interviewer_id=first.person_id,
                recorder_id=second.person_id)))
            if index % 2:
                day += datetime.timedelta(days=1)
        requests: list[DocumentRequest] = []
        for title, period, asked in DOCUMENTS:
            set_business_date(asked, reason="演示：回放驻点期间")
            requests.append(services.document_request_create(
                actor=leader, inspection_id=inspection.pk, data=services.DocumentRequestData(
                    organization_id=org.pk, title=title, period=period, deadline=asked + datetime.timedelta(days=2),
                    originals=len(requests) in (0, 5))))
        set_business_date(last, reason="演示：回放驻点期间")
        step_times: dict[int, list[datetime.datetime]] = {}
        record_times: dict[int, list[datetime.datetime]] = {}
        signed: list[TalkRecord] = []
        for index, talk in enumerate(talks):
            talk_day = timezone.localtime(talk.scheduled_at).date() if talk.scheduled_at else last
            if index == 3:
                services.talk_apply_transition(actor=leader, talk_id=talk.pk, transition="decline",
                                               note=DECLINE_NOTE)
                step_times[talk.pk] = [talk.scheduled_at or _at(last)]
                continue
            if talk_day > last:
                continue
            qa, issues, follow = (texts := TALK_TEXTS[talk.category])[index % len(texts)]
            started = talk.scheduled_at or _at(talk_day)
            record = services.talk_record_save(actor=leader, talk_id=talk.pk, data=services.RecordData(
                started_at=started, ended_at=started + datetime.timedelta(minutes=50), place=PLACE,
                questions_answers=qa, issues_raised=issues, follow_ups=follow))
            step_times[talk.pk] = [started + datetime.timedelta(minutes=50)]
            if over:
                services.talk_record_sign_off(actor=leader, talk_id=talk.pk)
                record.signed_at = started + datetime.timedelta(days=1)
                record_times[record.pk] = [record.signed_at]
                signed.append(record)
        TalkRecord.objects.bulk_update(signed, ["signed_at"])
        document_times: dict[int, list[datetime.datetime]] = {}
        for request in requests:
            delivered = request.requested_on + datetime.timedelta(days=2)
            steps = [("deliver", liaison, delivered, "纸质材料已送巡察组驻地，由办公室登记交接。"),
                     ("receive", leader, delivered + datetime.timedelta(days=1), ""),
                     ("review", leader, delivered + datetime.timedelta(days=6), "已摘录相关问题，形成工作底稿。")]
            if over:
                steps.append(("return", leader, end - datetime.timedelta(days=1), ""))
            for step, actor, on, note in steps:
                services.document_request_transition(actor=actor, request_id=request.pk, transition=step, note=note,
                                                     on=on)
            document_times[request.pk] = [_at(on, 1) for _step, _actor, on, _note in steps]
        for method, title, held_on, place, met, content, follow in sorted(WORK, key=lambda w: w[2]):
            if held_on > last:
                continue
            services.work_record_create(actor=leader, inspection_id=inspection.pk, data=services.WorkRecordData(
                method=method, title=title, held_on=held_on, content=content, place=place, organization_id=org.pk,
                team_participants="、".join(s.name for s in seats[:3]), people_met=met, follow_ups=follow))
        for day, work_done in _log_texts(inspection, _working_days(entry, last)):
            services.work_log_save(actor=leader, inspection_id=inspection.pk, data=services.LogData(
                day=day, work_done=work_done, items_to_note=NOTES.get(day, ""),
                next_steps="按计划继续开展个别谈话和资料审阅。"))
    _redate(Talk, [t.pk for t in talks], step_times)
    _redate(TalkRecord, list(record_times), record_times)
    _redate(DocumentRequest, [r.pk for r in requests], document_times)


def _stay_end(inspection: Inspection) -> datetime.date:
    """The last day of the stay (the planned withdrawal for a team still stationed)."""
    return inspection.withdrawn_on or inspection.planned_withdrawal


def _talks(b: _Builder, inspection: Inspection, author: User, *, full: bool) -> None:
    entry = inspection.stationed_on or inspection.planned_entry
    try:
        talks = plan_talks(inspection, entry + datetime.timedelta(days=1))
    except DomainError:
        return  # a team too small, or recused, for a plan of its own: the demo leaves it without one
    if not full:
        talks = [t for t in talks if t.category == TalkCategory.LEADERSHIP][:4]
    else:
        seats = [s for s in team_seats(inspection) if s.role != "liaison_officer"]
        last = talks[-1].scheduled_at if talks else _at(entry)
        day = timezone.localtime(last).date() + datetime.timedelta(days=1)
        for index, (gender, post, category, talk_type) in enumerate(EXTRA_TALKS):
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
            first, second = seats[(index + 2) % len(seats)], seats[(index + 3) % len(seats)]
            sequence = (talks[-1].sequence if talks else 0) + 1
            talks.append(Talk(inspection=inspection, sequence=sequence, code=f"{inspection.code}-TH-{sequence:03d}",
                              organization=talks[0].organization, name=b.names.name(gender), post=post,
                              category=category, talk_type=talk_type, scheduled_at=_at(day, index), place=PLACE,
                              interviewer_id=first.person_id, recorder_id=second.person_id))
            if index % 2:
                day += datetime.timedelta(days=1)
    end = _stay_end(inspection)
    over = inspection.status != InspectionStatus.STATIONED
    records = []
    for index, talk in enumerate(talks):
        talk.place = PLACE if full else talk.place
        day = timezone.localtime(talk.scheduled_at).date() if talk.scheduled_at else end
        if full and index == 3:
            talk.status = TalkStatus.DECLINED  # on sick leave through the stay
        elif day <= end and (over or day <= data.BUSINESS_DATE):
            talk.status = TalkStatus.DONE
        Talk.objects.bulk_create([talk])
        if talk.status != TalkStatus.DONE:
            continue
        texts = TALK_TEXTS[talk.category]
        qa, issues, follow = texts[index % len(texts)]
        started = talk.scheduled_at or _at(day)
        records.append(TalkRecord(
            talk=talk, started_at=started, ended_at=started + datetime.timedelta(minutes=50), place=talk.place,
            questions_answers=qa, issues_raised=issues, follow_ups=follow, written_by=author,
            status=RecordStatus.SIGNED if over else RecordStatus.DRAFT,
            signed_by=author if over else None, signed_at=started + datetime.timedelta(days=1) if over else None))
    TalkRecord.objects.bulk_create(records)


def _documents(b: _Builder, inspection: Inspection, author: User, *, full: bool) -> None:
    org = next(iter(inspection.targets.all())).organization
    end = _stay_end(inspection)
    over = inspection.status != InspectionStatus.STATIONED
    liaison = b.users.get("liaison_gsl") if full else None
    rows = []
    for index, (title, period, asked) in enumerate(DOCUMENTS if full else DOCUMENTS[:2]):
        delivered = asked + datetime.timedelta(days=2)
        received = delivered + datetime.timedelta(days=1) if liaison else delivered
        reviewed = received + datetime.timedelta(days=5)
        returned = end - datetime.timedelta(days=1)
        status = DocumentStatus.RETURNED if over else DocumentStatus.REVIEWED
        rows.append(DocumentRequest(
            inspection=inspection, organization=org, sequence=index + 1, code=f"{inspection.code}-DY-{index + 1:03d}",
            title=title, period=period, copies=1, medium="paper", originals=index in (0, 5), deadline=delivered,
            requested_on=asked, requested_by=author, delivered_on=delivered if liaison else None,
            delivery_note="纸质材料已送巡察组驻地，由办公室登记交接。" if liaison else "",
            received_on=received, reviewed_on=reviewed, returned_on=returned if over else None,
            notes=f"{reviewed:%Y-%m-%d} 审阅完毕：已摘录相关问题，形成工作底稿。", status=status))
    DocumentRequest.objects.bulk_create(rows)


def _work_records(inspection: Inspection, author: User, *, full: bool) -> None:
    org = next(iter(inspection.targets.all())).organization
    work = WORK if full else [WORK[0], WORK[1], WORK[9]]
    members = "、".join(s.name for s in team_seats(inspection)[:3])
    rows = []
    for index, (method, title, day, place, met, content, follow) in enumerate(sorted(work, key=lambda w: w[2])):
        if not full:
            title = title.replace("市工商联", org.short_name)
            place = place.replace("市工商联", org.short_name)
            content = f"{org.short_name}：{content.split('；')[0]}。"
        rows.append(WorkRecord(
            inspection=inspection, sequence=index + 1, reference=f"{inspection.code}-GZ-{index + 1:03d}",
            method=method, title=title, held_on=day, place=place, organization=org, team_participants=members,
            people_met=met, content=content, follow_ups=follow, recorded_by=author))
    WorkRecord.objects.bulk_create(rows)


def _log_texts(inspection: Inspection, days: list[datetime.date]) -> list[tuple[datetime.date, str]]:
    """What the team did each day, from its records: talks held, work recorded, documents asked for."""
    talks_by_day: dict[datetime.date, int] = {}
    for started in TalkRecord.objects.filter(talk__inspection=inspection).values_list("started_at", flat=True):
        day = timezone.localtime(started).date()
        talks_by_day[day] = talks_by_day.get(day, 0) + 1
    records = {r.held_on: r.title for r in WorkRecord.objects.filter(inspection=inspection)}
    asked = {r.requested_on: r.title for r in DocumentRequest.objects.filter(inspection=inspection)}
    texts = []
    for day in days:
        done = []
        if talks_by_day.get(day):
            done.append(f"开展个别谈话{talks_by_day[day]}人次")
        if day in records:
            done.append(records[day])
        if day in asked:
            done.append(f"调阅{asked[day]}")
        if not done:
            done.append("查阅调取的资料，整理谈话记录")
        texts.append((day, "；".join(done) + "。"))
    return texts


def _log(inspection: Inspection, author: User, *, full: bool) -> None:
    entry = inspection.stationed_on or inspection.planned_entry
    days = _working_days(entry, _stay_end(inspection))
    if not full:
        days = days[:5]
    rows = [WorkLogEntry(inspection=inspection, day=day, work_done=text,
                         items_to_note=NOTES.get(day, "") if full else "",
                         next_steps="按计划继续开展个别谈话和资料审阅。", written_by=author)
            for day, text in _log_texts(inspection, days)]
    WorkLogEntry.objects.bulk_create(rows)
