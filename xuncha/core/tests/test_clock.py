"""One business date for deadlines, overdue flags and coverage: the real date unless one is set (the demo's
2019), shown plainly in every page's header when it differs; audit times stay real."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from xuncha.audit.models import AuditEvent
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_now, business_today
from xuncha.dashboards.home import add_months

pytestmark = pytest.mark.django_db


def test_the_real_date_unless_one_is_set(business_date):
    today = timezone.localdate()
    assert business_today() == today and business_now().date() == today
    business_date(datetime.date(2019, 3, 15), "演示")
    assert business_today() == datetime.date(2019, 3, 15)
    assert business_now().date() == datetime.date(2019, 3, 15)
    business_date(None)
    assert business_today() == today


def test_header_shows_the_business_date_only_when_it_differs(login, world, business_date):
    client = login("member_b")
    assert "业务日期" not in client.get(reverse("dashboards:home")).content.decode()
    business_date(datetime.date(2019, 3, 15), "演示")
    html = client.get(reverse("dashboards:home")).content.decode()
    assert "业务日期：2019年3月15日（演示）" in html
    assert "今天是 2019年3月15日" in html


def test_deadlines_and_overdue_flags_follow_the_business_date(login, world, business_date):
    # JC-F-02 had feedback 12 days ago, its rectification report is due two months after; JC-S-01 is planned
    # to withdraw in 10 days. A hundred days on, both are late — on the business date, not the calendar.
    assert not re.search(r"逾期 \d+ 天", login("cdi").get(reverse("dashboards:home")).content.decode())
    later = timezone.localdate() + datetime.timedelta(days=100)
    business_date(later)
    due = add_months(world.feedback.feedback_on, 2)
    assert f"逾期 {(later - due).days} 天" in login("cdi").get(reverse("dashboards:home")).content.decode()
    assert "逾期未撤驻 90 天" in login("office_staff").get(reverse("dashboards:home")).content.decode()
    assert "逾期未撤驻 90 天" in login("leader_a").get(reverse("dashboards:home")).content.decode()


def test_audit_times_stay_real(world, business_date):
    business_date(datetime.date(2019, 3, 15))
    audit_record("test.clock", actor=world.users["office_staff"], obj=world.round)
    assert AuditEvent.objects.get(action="test.clock").created_at.date() >= timezone.now().date() - datetime.timedelta(
        days=1)
