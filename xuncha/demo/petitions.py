"""Petitions (信访) of the demo: 市委第三巡察组's stay at 市工商联 (11-7-03, 1 Nov – 10 Dec 2018) received them by
letter, phone, visit, the suggestion box, the petition bureau and the public page; one came twice and was merged,
one was referred to the petition bureau, and every one was handled or carried into the report before the team
withdrew. 市委第一巡察组, still stationed at 市驻郑办 (11-7-E01), has two, triaged and being looked into. Handled
through the services on the day each step took place (the business date is set per step, the records' times are
backdated to it)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from xuncha.core.clock import set_business_date
from xuncha.core.models import StatusChange
from xuncha.demo import data
from xuncha.demo.preparation import at
from xuncha.inspections.models import Inspection
from xuncha.orgs.models import Person
from xuncha.petitions import receipts, services, triage
from xuncha.petitions.models import Channel, Petition, PetitionFile, PetitionMessage
from xuncha.petitions.rules import next_number
from xuncha.petitions.uploads import clean_upload

if TYPE_CHECKING:
    from xuncha.demo.loader import _Builder

d = datetime.date


@dataclass(frozen=True)
class DemoPetition:
    key: str
    channel: str
    day: datetime.date
    about: str  # a post of the organisation ("主席", "副主席" …) or a free text
    summary: str
    content: str
    since: str = ""
    petitioner: tuple[str, str, str] | None = None  # kind, unit, contact (a generated name is added)
    triage: tuple[str, str, bool] | None = None  # category, priority, in scope
    handling: tuple[str, datetime.date, str] | None = None  # step, day, note
    extra: dict[str, Any] = field(default_factory=dict)


GSL_PETITIONS = (
    DemoPetition("card-letter", Channel.LETTER, d(2018, 11, 5), "副主席", "以加班费名义给班子成员发放购物卡",
                 "2018年春节前，机关以“节日加班费”名义给班子成员每人发放购物卡2000元，未入账，会员企业也被要求"
                 "“赞助”购物卡。", "2018年2月", ("retired", "市工商联机关（已退休）", "0379-6321xxxx"),
                 ("D1", "high", True), ("keep_for_report", d(2018, 11, 30),
                                        "已核实发放购物卡的账目，写入巡察报告“落实中央八项规定精神”部分。")),
    DemoPetition("card-online", Channel.ONLINE, d(2018, 11, 8), "副主席", "春节发购物卡",
                 "听说春节前给班子成员发了购物卡，是用会员企业赞助的钱买的，希望巡察组查一查。", "2018年春节前",
                 triage=("D1", "high", True), handling=("merge", d(2018, 11, 9), "与来信反映的为同一事项。"),
                 extra={"photo": True, "merge_into": "card-letter",
                        "question": "巡察组收到了吗？我这里有一张购物卡的照片，已上传。"}),
    DemoPetition("property", Channel.PHONE, d(2018, 11, 12), "小区物业公司", "小区物业收费纠纷",
                 "反映所住小区物业公司乱收停车费，要求巡察组出面解决。", "2018年10月",
                 ("public", "西工区某小区居民", "139xxxx1234"), ("D3", "normal", False),
                 ("refer", d(2018, 11, 13), "属个人诉求，不属于巡察受理范围，按规定转办。")),
    DemoPetition("venue", Channel.ONLINE, d(2018, 11, 20), "主席", "商会活动场地低价出租给私人老板",
                 "工商联下属的会员活动中心场地长期以远低于市场价的租金出租给一私人老板，租赁合同未经党组会研究。",
                 "2016年起", triage=("F1", "high", True),
                 handling=("keep_for_report", d(2018, 12, 5), "场地租赁合同已调阅，写入巡察报告“资产管理”部分。")),
    DemoPetition("service", Channel.VISIT, d(2018, 11, 26), "会员部工作人员", "办理入会手续吃拿卡要",
                 "本企业申请入会时，会员部工作人员暗示要“意思意思”才给办，拖了两个月。", "2018年9月",
                 ("client", "洛阳某机械制造有限公司", "0379-6xxxxxxx"), ("D3", "normal", True),
                 ("answer", d(2018, 12, 4), "经了解情况属实，已交被巡察党组织立行立改，入会手续已办结，"
                                            "有关人员已作检讨。感谢您的监督。")),
    DemoPetition("funds", Channel.BUREAU, d(2018, 11, 28), "机关财务", "会费收入未入账设立小金库",
                 "市信访局转来：反映工商联机关部分会费收入未入单位账户，另行存放使用。", "2017年",
                 triage=("F2", "urgent", True),
                 handling=("keep_for_report", d(2018, 12, 6), "已调阅会费收支凭证，问题写入巡察报告，线索另行研究。")),
    DemoPetition("branch", Channel.BOX, d(2018, 12, 3), "机关党支部", "机关党支部三会一课不正常",
                 "机关党支部一年多没有正常开展三会一课，党费收缴也不规范。", "2017年起",
                 triage=("C4", "normal", True),
                 handling=("answer", d(2018, 12, 6), "已向机关党委了解核实，作为整改建议反馈。")),
)
# 市委第一巡察组 at 市驻郑办 (11-7-E01), still stationed on the demo's date: a letter and a web petition, triaged and
# being looked into (no handling yet: the stay goes on).
E01_PETITIONS = (
    DemoPetition("e01-car", Channel.LETTER, d(2018, 11, 7), "副主任", "公务用车接送家属",
                 "驻郑办一名副主任多次在周末使用公务用车接送家属往返洛阳和郑州，未按规定登记。", "2018年以来",
                 ("public", "市驻郑办职工家属", "0371-6xxxxxxx"), ("D1", "normal", True)),
    DemoPetition("e01-hospitality", Channel.ONLINE, d(2018, 11, 14), "主任", "接待费用偏高、陪餐人数超标",
                 "驻郑办接待来郑人员时经常安排高档酒店，陪餐人数超过规定，费用以会议费名义列支。", "2017年以来",
                 triage=("D1", "high", True)),
)


def _photo() -> bytes:
    img = Image.new("RGB", (320, 200), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, 40, 300, 160), outline="darkred", width=4)
    draw.text((40, 90), "GIFT CARD 2000", fill="darkred")
    out = io.BytesIO()
    img.save(out, "JPEG")
    return out.getvalue()


def _about(inspection: Inspection, post: str) -> str:
    org = inspection.targets.select_related("organization").first()
    if org is None:
        return post
    person = Person.objects.filter(organization=org.organization, post__contains=post).order_by("pk").first()
    name = org.organization.short_name or org.organization.name
    return f"{person.name}（{name}{person.post}）" if person else f"{name}{post}"


def _create(b: _Builder, inspection: Inspection, item: DemoPetition, registrar: Any) -> Petition:
    set_business_date(item.day, reason="演示数据")
    named = item.petitioner is not None
    petition = Petition.objects.create(
        inspection=inspection, number=next_number(inspection, item.day), channel=item.channel,
        received_on=item.day, registered_by=None if item.channel == Channel.ONLINE else registrar,
        anonymous=not named, petitioner_name=b.names.name("M") if named else "",
        petitioner_unit=item.petitioner[1] if item.petitioner else "",
        petitioner_contact=item.petitioner[2] if item.petitioner else "",
        petitioner_kind=item.petitioner[0] if item.petitioner else "unknown",
        about_whom=_about(inspection, item.about), summary=item.summary, content=item.content,
        since_when=item.since)
    suggestion = triage.suggest_category(triage.framework_for(inspection), f"{item.summary} {item.content}")
    petition.suggested_category = suggestion.node if suggestion else None
    if item.channel == Channel.ONLINE:
        # A public petition's receipt: the demo keeps no code either (nobody can follow these).
        petition.receipt_hash = receipts.digest(receipts.normalize(receipts.new_code()) or "")
    petition.save()
    Petition.objects.filter(pk=petition.pk).update(created_at=at(item.day, 9, 30))
    if item.extra.get("photo"):
        clean = clean_upload("photo.jpg", _photo())
        record = PetitionFile(petition=petition, name=f"材料1{clean.extension}", kind=clean.kind,
                              extension=clean.extension, size=len(clean.content), sha256=clean.sha256)
        record.file.save("evidence", ContentFile(clean.content), save=False)
        record.save()
    if item.extra.get("question"):
        PetitionMessage.objects.create(petition=petition, from_petitioner=True, body=item.extra["question"])
        Petition.objects.filter(pk=petition.pk).update(last_petitioner_message_at=at(item.day, 20, 15))
    return petition


def _handle(inspection: Inspection, item: DemoPetition, petition: Petition, made: dict[str, Petition],
            leader: Any, member: Any) -> None:
    if item.triage:
        set_business_date(item.day + datetime.timedelta(days=1), reason="演示数据")
        category, priority, in_scope = item.triage
        services.petition_triage(actor=member, petition_id=petition.pk, category_code=category, priority=priority,
                                 in_scope=in_scope)
    if item.handling is None:
        return
    step, day, note = item.handling
    set_business_date(day, reason="演示数据")
    if step == "answer":
        services.petition_answer(actor=leader, petition_id=petition.pk, reply=note)
    elif step == "keep_for_report":
        services.petition_keep_for_report(actor=leader, petition_id=petition.pk, note=note)
    elif step == "merge":
        services.petition_merge(actor=leader, petition_id=petition.pk, original_id=made[item.extra["merge_into"]].pk,
                                note=note)
    elif step == "refer":
        services.petition_refer(actor=leader, petition_id=petition.pk, target="bureau", receiver="洛阳市信访局",
                                reason=note, transferred_on=day, reference_no=f"洛巡转〔2018〕{petition.pk}号")
    for change in StatusChange.for_object(petition):
        StatusChange.objects.filter(pk=change.pk).update(created_at=at(day if change.transition != "triage"
                                                                          else item.day + datetime.timedelta(days=1),
                                                                          16, 0))
    PetitionMessage.objects.filter(petition=petition, from_petitioner=False).update(created_at=at(day, 16, 5))


def _stay(b: _Builder, inspection: Inspection, items: tuple[DemoPetition, ...], leader: Any, member: Any) -> int:
    made: dict[str, Petition] = {}
    for item in items:
        made[item.key] = _create(b, inspection, item, member)
    for item in items:
        _handle(inspection, item, made[item.key], made, leader, member)
    return len(items)


def load_petitions(b: _Builder) -> None:
    """The petitions of 11-7-03 (市工商联), all handled or carried into the report before withdrawal."""
    gsl = Inspection.objects.get(round=b.round7_obj, targets__organization__short_name=data.GSL)
    b.counts["petitions"] = _stay(b, gsl, GSL_PETITIONS, b.users["leader3"], b.users["member3"])
    e01 = (Inspection.objects.filter(round=b.round7_obj, targets__organization__short_name="市驻郑办",
                                     status="stationed").first())
    member1 = b.users.get("member1")
    if e01 is not None and member1 is not None:
        b.counts["petitions"] += _stay(b, e01, E01_PETITIONS, member1, member1)
