"""The talk plan and talk records: generation, recusal, progress, sign-off, confidentiality, encryption, audit."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.audit.models import AuditEvent
from xuncha.core.crypto import is_sealed
from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.fieldwork import selectors, services
from xuncha.fieldwork.models import Talk, TalkCategory, TalkRecord, TalkStatus
from xuncha.fieldwork.tests.conftest import set_status
from xuncha.orgs.models import Kinship, Relative

SECRET = "某副主席在会员企业报销私人宴请费用"


def _at(day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2018, 11, day, hour, 0))


def _record(w: SimpleNamespace, talk: Talk, actor: User | None = None, text: str = SECRET) -> TalkRecord:
    return services.talk_record_save(actor=actor or w.member_a, talk_id=talk.pk, data=services.RecordData(
        started_at=_at(19), ended_at=_at(19, 10), place="谈话室", questions_answers=f"问：情况？答：{text}",
        issues_raised=text, follow_ups="核实报销凭证"))


def _talk(w: SimpleNamespace, person: Any = None) -> Talk:
    return services.talk_add(actor=w.leader, inspection_id=w.inspection.pk, data=services.TalkData(
        organization_id=w.unit.pk, name="", person_id=(person or w.deputy).pk, category=TalkCategory.LEADERSHIP,
        interviewer_id=w.member_a.person_id, recorder_id=w.member_b.person_id, scheduled_at=_at(21)))


def test_the_plan_is_drawn_from_the_unit_people_by_category_with_two_interviewers(world: SimpleNamespace) -> None:
    w = world
    talks = services.talk_plan_generate(actor=w.leader, inspection_id=w.inspection.pk)
    by_person = {t.person_id: t for t in talks}
    assert talks[0].person_id == w.principal.pk  # 主要负责人 first
    assert by_person[w.deputy.pk].category == TalkCategory.LEADERSHIP
    assert by_person[w.chief.pk].category == TalkCategory.MIDDLE
    assert by_person[w.clerk.pk].category == TalkCategory.STAFF
    assert by_person[w.branch_head.pk].category == TalkCategory.MIDDLE
    team_people = {u.person_id for u in (w.leader, w.deputy_leader, w.member_a, w.member_b, w.member_c)}
    assert not team_people & set(by_person)
    for talk in talks:
        assert talk.interviewer_id != talk.recorder_id
        assert {talk.interviewer_id, talk.recorder_id} <= team_people
        assert talk.scheduled_at is not None and timezone.localtime(talk.scheduled_at).weekday() < 5
        assert timezone.localtime(talk.scheduled_at).date() >= datetime.date(2018, 11, 20)
    # The leadership talks are led by the leader or a deputy.
    assert by_person[w.principal.pk].interviewer_id in {w.leader.person_id, w.deputy_leader.person_id}
    assert [t.code for t in talks][:2] == ["11-7-03-TH-001", "11-7-03-TH-002"]
    # Generating again adds nobody twice.
    assert services.talk_plan_generate(actor=w.leader, inspection_id=w.inspection.pk) == []


def test_a_member_with_a_recusal_ground_never_interviews_there(world: SimpleNamespace) -> None:
    w = world
    Relative.objects.create(person=w.member_c.person, name="某亲属", kinship=Kinship.SPOUSE, organization=w.unit)
    talks = services.talk_plan_generate(actor=w.leader, inspection_id=w.inspection.pk)
    assert all(w.member_c.person_id not in (t.interviewer_id, t.recorder_id) for t in talks)
    with pytest.raises(DomainError, match="回避"):
        services.talk_add(actor=w.leader, inspection_id=w.inspection.pk, data=services.TalkData(
            organization_id=w.unit.pk, name="自愿来谈者", category=TalkCategory.STAFF,
            interviewer_id=w.member_c.person_id, recorder_id=w.member_b.person_id))


@pytest.mark.parametrize(("interviewer", "recorder", "message"), [
    ("member_a", "member_a", "同一人"), ("member_a", None, "两名"), ("member_a", "other_member", "本巡察组成员"),
])
def test_two_different_team_members_interview(world: SimpleNamespace, interviewer: str, recorder: str | None,
                                              message: str) -> None:
    w = world
    with pytest.raises(DomainError, match=message):
        services.talk_add(actor=w.leader, inspection_id=w.inspection.pk, data=services.TalkData(
            organization_id=w.unit.pk, name="某退休干部", category=TalkCategory.RETIRED,
            interviewer_id=getattr(w, interviewer).person_id,
            recorder_id=getattr(w, recorder).person_id if recorder else None))


def test_only_the_leader_and_deputies_plan_talks(world: SimpleNamespace) -> None:
    with pytest.raises(CapabilityMissing):
        services.talk_plan_generate(actor=world.member_a, inspection_id=world.inspection.pk)


def test_the_talk_record_is_seen_only_by_its_interviewers_the_leaders_and_the_director(world: SimpleNamespace) -> None:
    w = world
    talk = _talk(w)
    record = _record(w, talk)
    readers = {u.username for u in (w.member_a, w.member_b, w.leader, w.deputy_leader, w.director)}
    everyone = [w.member_a, w.member_b, w.member_c, w.leader, w.deputy_leader, w.director, w.office, w.leading,
                w.cdi, w.orgdept, w.liaison, w.liaison_other, w.other_member]
    for user in everyone:
        sees = TalkRecord.objects.visible_to(user).filter(pk__in=[record.pk]).exists()
        assert sees == (user.username in readers), user.username
    # The plan itself is the team's and the director's: not the office staff, not the liaison, not another team.
    plan_readers = readers | {"member_c"}
    for user in everyone:
        assert Talk.objects.visible_to(user).filter(pk__in=[talk.pk]).exists() == (user.username in plan_readers)


def test_a_member_not_at_the_talk_may_not_write_its_record(world: SimpleNamespace) -> None:
    w = world
    talk = _talk(w)
    with pytest.raises(CapabilityMissing):
        _record(w, talk, actor=w.member_c)


def test_the_record_text_is_encrypted_in_the_database(world: SimpleNamespace) -> None:
    w = world
    record = _record(w, _talk(w))
    with connection.cursor() as cursor:
        cursor.execute("SELECT questions_answers, issues_raised, follow_ups FROM fieldwork_talkrecord WHERE id = %s",
                       [record.pk])
        raw = cursor.fetchone()
    assert all(is_sealed(value) for value in raw)
    assert not any(SECRET in value or "核实报销" in value for value in raw)
    assert TalkRecord.objects.get(pk=record.pk).issues_raised == SECRET


def test_every_read_of_a_record_is_audited_without_its_content(world: SimpleNamespace) -> None:
    w = world
    talk = _talk(w)
    _record(w, talk)
    before = AuditEvent.objects.filter(action="talk_record.read").count()
    assert selectors.talk_record_read(actor=w.director, talk=talk) is not None
    assert selectors.talk_record_read(actor=w.member_c, talk=talk) is None
    events = AuditEvent.objects.filter(action="talk_record.read").order_by("pk")
    assert events.count() == before + 1
    last = events.last()
    assert last is not None and last.actor_id == w.director.pk
    assert SECRET not in last.details
    assert not AuditEvent.objects.filter(details__contains="报销").exists()


def test_a_record_makes_the_talk_done_and_the_leader_signs_it_off(world: SimpleNamespace) -> None:
    w = world
    talk = _talk(w)
    _record(w, talk)
    talk.refresh_from_db()
    assert talk.status == TalkStatus.DONE
    with pytest.raises(CapabilityMissing):
        services.talk_record_sign_off(actor=w.deputy_leader, talk_id=talk.pk)
    record = services.talk_record_sign_off(actor=w.leader, talk_id=talk.pk)
    assert record.status == "signed" and record.signed_by == w.leader
    with pytest.raises(DomainError, match="审签"):
        _record(w, talk, text="改动")


def test_reschedule_and_decline_need_a_reason(world: SimpleNamespace) -> None:
    w = world
    talk = _talk(w)
    with pytest.raises(DomainError, match="理由"):
        services.talk_apply_transition(actor=w.member_a, talk_id=talk.pk, transition="decline")
    talk = services.talk_apply_transition(actor=w.member_a, talk_id=talk.pk, transition="reschedule",
                                          note="对象出差", scheduled_at=_at(23))
    assert talk.status == TalkStatus.RESCHEDULED and talk.scheduled_at == _at(23)
    talk = services.talk_apply_transition(actor=w.member_a, talk_id=talk.pk, transition="decline", note="病假")
    assert talk.status == TalkStatus.DECLINED
    with pytest.raises(TransitionNotAllowed):
        services.talk_apply_transition(actor=w.member_a, talk_id=talk.pk, transition="hold")


def test_after_withdrawal_no_new_talks_but_records_are_finished_until_the_report(world: SimpleNamespace) -> None:
    w = world
    talk = _talk(w)
    set_status(w.inspection, "reporting", withdrawn_on=datetime.date(2018, 11, 20))
    with pytest.raises(DomainError, match="撤驻"):
        _talk(w, person=w.chief)
    _record(w, talk)
    set_status(w.inspection, "feedback")
    with pytest.raises(TransitionNotAllowed, match="报告阶段已结束"):
        services.talk_record_sign_off(actor=w.leader, talk_id=talk.pk)


def test_attachments_are_checked_by_content(world: SimpleNamespace) -> None:
    w = world
    talk = _talk(w)
    _record(w, talk)
    with pytest.raises(DomainError, match="PDF"):
        services.talk_attachment_add(actor=w.member_a, talk_id=talk.pk, name="材料.pdf", data=b"<script>")
    with pytest.raises(DomainError, match="只接受"):
        services.talk_attachment_add(actor=w.member_a, talk_id=talk.pk, name="run.exe", data=b"MZ")
    attachment = services.talk_attachment_add(actor=w.member_a, talk_id=talk.pk, name="../材料.pdf",
                                              data=b"%PDF-1.4 x")
    assert attachment.filename == "材料.pdf" and attachment.content_type == "application/pdf"
    assert selectors.talk_attachment_get(actor=w.leader, pk=attachment.pk) == attachment
    from django.http import Http404
    with pytest.raises(Http404):
        selectors.talk_attachment_get(actor=w.member_c, pk=attachment.pk)
