"""Fieldwork records as evidence: a citation shows only to those who may read the record (inspections.evidence)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from xuncha.fieldwork import services
from xuncha.fieldwork.evidence import DOCUMENT_REQUEST, TALK, WORK_RECORD
from xuncha.fieldwork.models import TalkCategory, WorkMethod
from xuncha.inspections import evidence


def _at(day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2018, 11, day, hour, 0))


def _records(w: SimpleNamespace) -> SimpleNamespace:
    talk = services.talk_add(actor=w.leader, inspection_id=w.inspection.pk, data=services.TalkData(
        organization_id=w.unit.pk, name="", person_id=w.deputy.pk, category=TalkCategory.LEADERSHIP,
        interviewer_id=w.member_a.person_id, recorder_id=w.member_b.person_id, scheduled_at=_at(19)))
    record = services.talk_record_save(actor=w.member_a, talk_id=talk.pk, data=services.RecordData(
        started_at=_at(19), ended_at=_at(19, 10), place="谈话室", questions_answers="问：情况？答：公款宴请。",
        issues_raised="公款宴请", follow_ups=""))
    visit = services.work_record_create(actor=w.member_c, inspection_id=w.inspection.pk, data=services.WorkRecordData(
        method=WorkMethod.FIELD_VISIT, title="走访会员企业", held_on=datetime.date(2018, 11, 15),
        content="企业反映入会费收取不规范。"))
    request = services.document_request_create(actor=w.member_a, inspection_id=w.inspection.pk,
                                               data=services.DocumentRequestData(
                                                   organization_id=w.unit.pk, title="2017年度财务凭证",
                                                   deadline=datetime.date(2018, 11, 23)))
    return SimpleNamespace(talk=talk, record=record, visit=visit, request=request)


def test_a_talk_record_is_cited_visibly_only_to_its_interviewers_the_leaders_and_the_director(world: SimpleNamespace
                                                                                               ) -> None:
    w = world
    r = _records(w)
    ref = [(TALK, r.record.pk)]
    for user in (w.member_a, w.member_b, w.leader, w.deputy_leader, w.director):
        [citation] = evidence.citations(user, ref)
        assert citation.visible and citation.title.startswith(r.talk.code), user
        assert citation.url.endswith(f"/talks/{r.talk.pk}/")
    for user in (w.member_c, w.office, w.leading, w.liaison, w.other_member, w.cdi):
        [citation] = evidence.citations(user, ref)
        assert not citation.visible and citation.title == evidence.HIDDEN_TITLE and citation.url == "", user
        assert citation.label == "谈话笔录"


def test_work_records_and_document_requests_are_the_teams_and_the_directors_not_the_liaisons(
        world: SimpleNamespace) -> None:
    w = world
    r = _records(w)
    refs = [(WORK_RECORD, r.visit.pk), (DOCUMENT_REQUEST, r.request.pk)]
    for user in (w.member_c, w.leader, w.director):
        assert all(c.visible for c in evidence.citations(user, refs)), user
    # The liaison sees the request on its own page, never as the team's evidence.
    for user in (w.liaison, w.office, w.other_member, w.leading):
        assert not any(c.visible for c in evidence.citations(user, refs)), user
    assert "走访" in evidence.citations(w.leader, refs)[0].detail


def test_the_picker_offers_a_member_what_that_member_may_read(world: SimpleNamespace) -> None:
    w = world
    r = _records(w)
    offered = {k.key: [i.id for i in items] for k, items in evidence.citable(w.member_c, w.inspection.pk)}
    assert offered[TALK] == []  # member_c was not at the talk
    assert offered[WORK_RECORD] == [r.visit.pk] and offered[DOCUMENT_REQUEST] == [r.request.pk]
    assert {k.key: [i.id for i in items] for k, items in evidence.citable(w.member_a, w.inspection.pk)}[TALK] == [
        r.record.pk]
    assert all(items == [] for _, items in evidence.citable(w.member_a, w.other.pk))


def test_a_record_of_another_inspection_cannot_be_cited(world: SimpleNamespace) -> None:
    w = world
    r = _records(w)
    assert evidence.check_refs(w.director, [(WORK_RECORD, r.visit.pk)], inspection_id=w.inspection.pk) == []
    assert evidence.check_refs(w.director, [(WORK_RECORD, r.visit.pk)], inspection_id=w.other.pk)
    assert evidence.check_refs(w.member_c, [(TALK, r.record.pk)], inspection_id=w.inspection.pk)
