"""The demo's notices during the stay (驻点期间通知书).

市委第三巡察组 at 市工商联 (11-7-03, stationed 1 November – 10 December 2018): a rectification notice (《整改通知书》)
with three immediate-rectification items, issued in the second week, signed for by the unit's liaison, answered with
the vouchers and accepted (all three items done); an explanation request (《情况说明通知书》) about the sponsorship of
events, answered, sent back once for the missing vouchers, answered again and accepted. 洛龙区委巡察组's cross
inspection in 新安县 has one rectification notice issued near the end of its stay that nobody has signed for: it is
overdue on the demo's business date, on the team's home page and the office's list.

The stays are over when this runs (``lifecycle``), so the services would refuse to issue. The loader replays each
stay through the services: the inspection is put back to 进驻了解 and the business clock to the day of each step,
then both are restored, and the status records are dated to those days. Numbers, items, receipts, answers and
files are what the services make of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from xuncha.core.clock import set_business_date, simulated_date
from xuncha.core.models import StatusChange
from xuncha.inspections.models import Inspection
from xuncha.inspections.states import InspectionStatus
from xuncha.notices import services
from xuncha.notices.models import ImmediateItem, Notice

if TYPE_CHECKING:
    from xuncha.demo.loader import _Builder

d = datetime.date
GSL_CODE = "11-7-03"
# A voucher as the unit would scan it: a small but real PDF.
VOUCHER_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
               b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n"
               b"%%EOF\n")

RECTIFICATION = services.NoticeData(
    kind="rectification", organization_id=0, title="关于立即整改会员活动经费管理等问题的通知",
    subject="巡察组在个别谈话、调阅财务凭证和走访会员企业中发现：部分会员活动经费未经党组集体研究即由分管领导审批报销；"
            "节假日存在公车借用现象；部分活动在会员企业安排用餐。",
    basis="《中国共产党廉洁自律准则》；《党政机关厉行节约反对浪费条例》第十九条；《洛阳市市直机关公务用车管理办法》。",
    requirement="请立即对照问题逐项整改，于期限内将整改措施、完成情况及相关凭证书面报送巡察组。",
    deadline=d(2018, 11, 23), contact="市委第三巡察组 0379-63218803",
    items=[services.ItemData("会员活动经费未经党组集体研究即报销",
                             "大额经费支出一律提交党组会研究，补正2018年以来审批手续"),
           services.ItemData("节假日公车借用", "收回借用车辆，完善公车使用登记和节假日封存制度"),
           services.ItemData("部分活动在会员企业安排用餐", "停止在会员企业用餐，已发生费用按标准退还")])
RECTIFICATION_ANSWER = (
    "一、2018年11月16日党组会研究通过《会员活动经费管理办法》，对2018年以来5笔未经集体研究的支出补正审批手续；"
    "二、借用车辆已于11月15日收回，节假日车辆一律封存；三、已向3家会员企业退还用餐费用共计2,160元，今后一律不在会员企业用餐。")
EXPLANATION = services.NoticeData(
    kind="explanation", organization_id=0, title="关于说明2017年以来活动赞助来源和使用情况的通知",
    subject="会员企业反映市工商联举办活动的赞助由企业承担，是否出于自愿需核实。",
    requirement="请说明2017年以来各项活动赞助的来源、金额、使用和入账情况，并提供赞助协议和收支凭证。",
    deadline=d(2018, 11, 26), contact="市委第三巡察组 0379-63218803")
EXPLANATION_ANSWER = "2017年以来共举办需赞助的活动4次，赞助均由会员企业自愿提供，已全部入账，用于活动场地和资料印制。"
EXPLANATION_AGAIN = ("补充说明：4次活动赞助共计8.6万元，逐笔附赞助协议和入账凭证；其中1次赞助超出活动支出部分1.2万元，"
                     "已于11月28日退还企业。")
LATE = services.NoticeData(
    kind="rectification", organization_id=0, title="关于立即整改公租房分配台账不全问题的通知",
    subject="抽查发现2017年公租房分配资格审核台账缺失，部分承租人资格复核未留存记录。",
    requirement="请立即补齐台账，开展资格复核，于期限内书面报送巡察组。", deadline=d(2018, 11, 1),
    items=[services.ItemData("公租房分配资格审核台账缺失", "补齐2017年以来审核台账")])


@contextmanager
def _stay(inspection: Inspection) -> Iterator[None]:
    """The inspection as it was while stationed, for the time of the replay."""
    status = inspection.status
    clock = simulated_date()
    Inspection.objects.filter(pk__in=[inspection.pk]).update(status=InspectionStatus.STATIONED)
    try:
        yield
    finally:
        Inspection.objects.filter(pk__in=[inspection.pk]).update(status=status)
        set_business_date(clock, reason="演示")


def _on(day: datetime.date) -> datetime.date:
    set_business_date(day, reason="演示：回放驻点期间")
    return day


def _data(data: services.NoticeData, organization_id: int) -> services.NoticeData:
    return services.NoticeData(**{**data.__dict__, "organization_id": organization_id})


def _date_changes(notice: Notice, days: list[datetime.date]) -> None:
    """The status records of ``notice``, in order, dated to ``days`` (the steps happened during the stay)."""
    changes = list(StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Notice),
                                               object_id=notice.pk).order_by("pk"))
    for k, (change, day) in enumerate(zip(changes, days, strict=True)):
        change.created_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))
                                                + datetime.timedelta(minutes=k))
    StatusChange.objects.bulk_update(changes, ["created_at"])


def populate_notices(b: _Builder) -> None:
    leader3, member3, liaison = b.users.get("leader3"), b.users.get("member3"), b.users.get("liaison_gsl")
    gsl = Inspection.objects.filter(code=GSL_CODE).prefetch_related("targets").first()
    if gsl is not None and leader3 and member3 and liaison:
        _gsl(gsl, leader3, member3, liaison)
    county_leader = b.users.get("county_leader")
    county = (Inspection.objects.filter(round=b.round7_obj, team__name="洛龙区委巡察组", stationed_on__isnull=False)
              .prefetch_related("targets").first())
    if county is not None and county_leader is not None:
        _unsigned(county, county_leader)
    b.counts["stay_notices"] = Notice.objects.count()
    b.counts["immediate_items"] = ImmediateItem.objects.count()


def _gsl(inspection: Inspection, leader: Any, member: Any, liaison: Any) -> None:
    org = next(iter(inspection.targets.all())).organization_id
    with _stay(inspection):
        # 《整改通知书》: drafted, issued, signed for, answered with the vouchers, accepted.
        _on(d(2018, 11, 12))
        notice = services.notice_create(actor=member, inspection_id=inspection.pk, data=_data(RECTIFICATION, org))
        services.notice_transition(actor=leader, notice_id=notice.pk, transition="issue", on=_on(d(2018, 11, 13)))
        services.notice_transition(actor=liaison, notice_id=notice.pk, transition="receive", on=_on(d(2018, 11, 14)))
        items = [services.ItemAnswer(i.pk, m, True) for i, m in zip(
            ImmediateItem.objects.filter(notice=notice).order_by("sequence"),
            ("党组会研究通过《会员活动经费管理办法》，补正5笔支出审批手续", "收回借用车辆，节假日车辆封存",
             "向3家会员企业退还用餐费用2,160元"), strict=True)]
        services.notice_answer(actor=liaison, notice_id=notice.pk, data=services.AnswerData(
            text=RECTIFICATION_ANSWER, items=items, on=_on(d(2018, 11, 21)),
            files=[("整改情况报告及凭证.pdf", VOUCHER_PDF), ("公车封存登记.pdf", VOUCHER_PDF)]))
        services.notice_transition(actor=leader, notice_id=notice.pk, transition="accept", on=_on(d(2018, 11, 23)),
                                   note="经核对凭证，三项问题已整改到位，予以认可。")
        _date_changes(notice, [d(2018, 11, 13), d(2018, 11, 14), d(2018, 11, 21), d(2018, 11, 23)])
        # 《情况说明通知书》: answered, sent back once for the vouchers, answered again, accepted.
        _on(d(2018, 11, 16))
        request = services.notice_create(actor=member, inspection_id=inspection.pk, data=_data(EXPLANATION, org))
        services.notice_transition(actor=leader, notice_id=request.pk, transition="issue", on=_on(d(2018, 11, 19)))
        services.notice_transition(actor=liaison, notice_id=request.pk, transition="receive",
                                   on=_on(d(2018, 11, 20)))
        services.notice_answer(actor=liaison, notice_id=request.pk, data=services.AnswerData(
            text=EXPLANATION_ANSWER, on=_on(d(2018, 11, 23))))
        services.notice_transition(actor=leader, notice_id=request.pk, transition="return", on=_on(d(2018, 11, 26)),
                                   note="未逐笔说明赞助金额，未附赞助协议和入账凭证，请补充。",
                                   deadline=d(2018, 11, 30))
        services.notice_answer(actor=liaison, notice_id=request.pk, data=services.AnswerData(
            text=EXPLANATION_AGAIN, on=_on(d(2018, 11, 29)),
            files=[("赞助协议及入账凭证.pdf", VOUCHER_PDF)]))
        services.notice_transition(actor=leader, notice_id=request.pk, transition="accept", on=_on(d(2018, 12, 3)),
                                   note="情况已说明清楚，超出部分已退还，予以认可；相关问题在巡察报告中反映。")
        _date_changes(request, [d(2018, 11, 19), d(2018, 11, 20), d(2018, 11, 23), d(2018, 11, 26),
                                d(2018, 11, 29), d(2018, 12, 3)])


def _unsigned(inspection: Inspection, leader: Any) -> None:
    """Issued ten days into the stay with five days to answer; never signed for."""
    org = next(iter(inspection.targets.all())).organization_id
    issued = (inspection.stationed_on or inspection.planned_entry) + datetime.timedelta(days=10)
    with _stay(inspection):
        _on(issued)
        notice = services.notice_create(actor=leader, inspection_id=inspection.pk, data=services.NoticeData(
            **{**LATE.__dict__, "organization_id": org, "deadline": issued + datetime.timedelta(days=5)}))
        services.notice_transition(actor=leader, notice_id=notice.pk, transition="issue", on=issued)
        _date_changes(notice, [issued])
