"""The fieldwork of the demo: the third team's stay at 市工商联 in full, the other stays shorter."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.demo.loader import LoadResult
from xuncha.fieldwork import selectors
from xuncha.fieldwork.models import DocumentRequest, Talk, TalkRecord, TalkStatus, WorkLogEntry, WorkRecord
from xuncha.inspections.models import Inspection

pytestmark = pytest.mark.django_db


def test_the_third_team_stay_is_recorded_within_its_dates(demo: LoadResult) -> None:
    gsl = Inspection.objects.get(code="11-7-03")
    assert gsl.stationed_on and gsl.withdrawn_on
    talks = Talk.objects.filter(inspection=gsl)
    assert talks.count() >= 12
    assert {"leadership", "middle", "staff", "retired", "service_users"} <= set(talks.values_list("category",
                                                                                                   flat=True))
    assert talks.filter(status=TalkStatus.DECLINED).exists()
    for record in TalkRecord.objects.filter(talk__inspection=gsl):
        assert gsl.stationed_on <= timezone.localtime(record.started_at).date() <= gsl.withdrawn_on
        assert record.status == "signed"
    requests = DocumentRequest.objects.filter(inspection=gsl)
    assert requests.count() >= 6 and set(requests.values_list("status", flat=True)) == {"returned"}
    assert all(r.delivered_on and r.returned_on and r.returned_on <= gsl.withdrawn_on for r in requests)
    methods = set(WorkRecord.objects.filter(inspection=gsl).values_list("method", flat=True))
    assert {"briefing", "forum", "attend_meeting", "field_visit", "downward_inquiry", "special_check",
            "personal_matters", "team_meeting"} <= methods
    days = list(WorkLogEntry.objects.filter(inspection=gsl).values_list("day", flat=True))
    assert len(days) >= 25 and all(gsl.stationed_on <= d <= gsl.withdrawn_on for d in days)


def test_member3_reads_only_the_records_of_the_talks_they_were_at(demo: LoadResult) -> None:
    member3 = User.objects.get(username="member3")
    visible = TalkRecord.objects.visible_to(member3)
    assert visible.exists()
    assert all(member3.person_id in (r.talk.interviewer_id, r.talk.recorder_id) for r in visible)
    assert visible.count() < TalkRecord.objects.filter(talk__inspection__code="11-7-03").count()
    for username in ("liaison_gsl", "member1", "office", "cdi"):
        user = User.objects.get(username=username)
        assert not TalkRecord.objects.visible_to(user).filter(talk__inspection__code="11-7-03").exists()


def test_other_stays_have_fewer_records_and_the_weekly_summary_counts_them(demo: LoadResult) -> None:
    gsl = Inspection.objects.get(code="11-7-03")
    fgj = Inspection.objects.get(code="11-7-05")
    assert 0 < Talk.objects.filter(inspection=fgj).count() < Talk.objects.filter(inspection=gsl).count()
    director = User.objects.get(username="director")
    assert gsl.stationed_on is not None
    week = selectors.weekly_summary(actor=director, inspection=gsl, start=gsl.stationed_on)
    assert week.talks_held > 0 and week.documents_requested > 0


def test_the_third_team_stay_went_through_the_services(demo: LoadResult) -> None:
    from django.contrib.contenttypes.models import ContentType

    from xuncha.audit.models import AuditEvent
    from xuncha.core.models import StatusChange
    from xuncha.petitions.models import Petition

    gsl = Inspection.objects.get(code="11-7-03")
    assert gsl.stationed_on and gsl.withdrawn_on
    for model, steps in ((Talk, {"hold", "decline"}), (TalkRecord, {"sign_off"}),
                         (DocumentRequest, {"deliver", "receive", "review", "return"})):
        rows = model.objects.filter(**({"inspection": gsl} if model is not TalkRecord else {"talk__inspection": gsl}))
        changes = StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                              object_id__in=list(rows.values_list("pk", flat=True)))
        assert set(changes.values_list("transition", flat=True)) == steps, model
        for change in changes:  # dated to the stay, not to the load
            assert gsl.stationed_on <= timezone.localtime(change.created_at).date() <= gsl.withdrawn_on
    for action in ("talk_plan.generate", "talk.add", "talk_record.create", "document_request.create",
                   "work_record.create", "work_log.create"):
        assert AuditEvent.objects.filter(action=action).exists(), action
    declined = Talk.objects.get(inspection=gsl, status=TalkStatus.DECLINED)
    assert StatusChange.objects.get(content_type=ContentType.objects.get_for_model(Talk),
                                    object_id=declined.pk).note
    # Another team, still stationed, has petitions of its own.
    e01 = Inspection.objects.get(code="11-7-E01")
    assert Petition.objects.filter(inspection=e01).count() >= 2
    assert Talk.objects.filter(inspection=e01).exists()
