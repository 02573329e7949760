"""The findings tests run in the fieldwork world (a stationed 11-7-03 at 市工商联 with a full team, the office, the
leading group, the liaison and another team), with a few records to cite."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from xuncha.fieldwork import services as fieldwork
from xuncha.fieldwork.models import TalkCategory, WorkMethod
from xuncha.fieldwork.tests.conftest import set_status, world  # noqa: F401  (the shared fixture)
from xuncha.findings.services import FindingData
from xuncha.petitions.models import Channel, Petition
from xuncha.taxonomy.models import Article, FrameworkNode

__all__ = ["finding_world", "set_status"]


def _at(day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2018, 11, day, hour, 0))


@pytest.fixture
def finding_world(world: SimpleNamespace) -> SimpleNamespace:  # noqa: F811
    w = world
    talk = fieldwork.talk_add(actor=w.leader, inspection_id=w.inspection.pk, data=fieldwork.TalkData(
        organization_id=w.unit.pk, name="", person_id=w.chief.pk, category=TalkCategory.MIDDLE,
        interviewer_id=w.member_a.person_id, recorder_id=w.member_b.person_id, scheduled_at=_at(12)))
    w.talk_record = fieldwork.talk_record_save(actor=w.member_a, talk_id=talk.pk, data=fieldwork.RecordData(
        started_at=_at(12), ended_at=_at(12, 10), place="谈话室", questions_answers="问：公车？答：节假日借用。",
        issues_raised="节假日公车借用", follow_ups=""))
    w.visit = fieldwork.work_record_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                           data=fieldwork.WorkRecordData(
                                               method=WorkMethod.FIELD_VISIT, title="走访会员企业",
                                               held_on=datetime.date(2018, 11, 15), content="反映会费收取不规范。"))
    w.petition = Petition.objects.create(
        inspection=w.inspection, number="11-7-03-XF-001", channel=Channel.LETTER,
        received_on=datetime.date(2018, 11, 3), about_whom="乙副主席", summary="公车私用", content="节假日公车私用。")
    w.d1 = FrameworkNode.objects.get(framework__code="F2018", code="D1")
    w.c1 = FrameworkNode.objects.get(framework__code="F2018", code="C1")
    w.gift_2015 = Article.objects.get(regulation__code="JL2015", number="第八十三条")
    w.gift_2018 = Article.objects.get(regulation__code="JL2018", number="第八十八条")
    w.integrity = Article.objects.get(regulation__code="LJ2015", number="第三条")
    return w


def data(w: SimpleNamespace, **overrides: Any) -> FindingData:
    values: dict[str, Any] = {
        "organization_id": w.unit.pk, "category_id": w.d1.pk, "title": "节假日公车私用",
        "description": "2018年国庆期间，单位公务用车被借用于私人事务3次。", "conduct_from": datetime.date(2018, 10, 2),
        "amount": None, "basis_ids": [w.gift_2018.pk], "evidence": [("fieldwork.work_record", w.visit.pk)],
    }
    values.update(overrides)
    return FindingData(**values)
