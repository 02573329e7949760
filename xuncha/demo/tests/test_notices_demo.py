"""The notices of the demo: 市工商联's rectification notice and explanation request carried through, dated within
the stay; another inspection's notice issued and never signed for, overdue on the demo's business date."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.core.clock import business_today
from xuncha.core.models import StatusChange
from xuncha.dashboards.todos import todos_for
from xuncha.demo.loader import LoadResult
from xuncha.inspections.models import Inspection
from xuncha.notices import selectors
from xuncha.notices.models import ImmediateItem, Notice, NoticeAnswer, NoticeFile

pytestmark = pytest.mark.django_db


def test_the_third_team_notices_are_carried_through_within_the_stay(demo: LoadResult) -> None:
    gsl = Inspection.objects.get(code="11-7-03")
    assert gsl.status == "rectifying" and gsl.stationed_on and gsl.withdrawn_on
    rectification, explanation = Notice.objects.filter(inspection=gsl).order_by("sequence")
    assert (rectification.kind, rectification.status, rectification.number) == (
        "rectification", "accepted", "洛巡改〔2018〕1号")
    assert (explanation.kind, explanation.status, explanation.number) == ("explanation", "accepted",
                                                                          "洛巡说〔2018〕1号")
    assert rectification.received_by == User.objects.get(username="liaison_gsl") and rectification.received_on
    items = ImmediateItem.objects.filter(notice=rectification)
    assert items.count() == 3 and set(items.values_list("status", flat=True)) == {"done"}
    assert NoticeFile.objects.filter(answer__notice=rectification).exists()
    assert list(NoticeAnswer.objects.filter(notice=explanation).values_list("verdict", flat=True)) == [
        "returned", "accepted"]
    for notice in (rectification, explanation):
        changes = StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Notice),
                                              object_id=notice.pk)
        days = [timezone.localtime(c.created_at).date() for c in changes]
        assert days and all(gsl.stationed_on <= day <= gsl.withdrawn_on for day in days)
        for day in (notice.issued_on, notice.received_on, notice.accepted_on):
            assert day is not None and gsl.stationed_on <= day <= gsl.withdrawn_on
    summary = selectors.immediate_summary(selectors.immediate_items(gsl))
    assert (summary.total, summary.done, summary.rate) == (3, 3, 100)
    # The replay left the inspection and the clock as they were.
    assert Inspection.objects.get(pk=gsl.pk).status == "rectifying"


def test_another_inspection_has_a_notice_nobody_signed_for(demo: LoadResult) -> None:
    (late,) = Notice.objects.exclude(inspection__code="11-7-03")
    assert late.status == "issued" and late.is_overdue(business_today())
    stay = late.inspection
    assert stay.stationed_on and late.issued_on and stay.stationed_on <= late.issued_on
    leader = User.objects.get(username="county_leader")
    assert [t.kind for t in todos_for(leader) if t.object_type == "stay_notice"] == ["notice_overdue"]
    assert late in Notice.objects.visible_to(User.objects.get(username="director"))
    for outsider in ("liaison_gsl", "liaison_fgj", "member3", "leading"):
        assert not Notice.objects.visible_to(User.objects.get(username=outsider)).filter(pk=late.pk).exists()


def test_the_liaison_sees_only_the_notices_of_their_unit(demo: LoadResult) -> None:
    liaison = User.objects.get(username="liaison_gsl")
    assert set(Notice.objects.visible_to(liaison).values_list("inspection__code", flat=True)) == {"11-7-03"}
