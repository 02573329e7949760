"""The audit log pages: only the security auditor (AUD-09), filters that never fail, no edit or delete, and the
background verification of the chain with its polled status."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from xuncha.audit.models import AuditEvent, AuditResult
from xuncha.audit.services import audit_record
from xuncha.core.models import BackgroundJob, JobStatus

pytestmark = pytest.mark.django_db

OTHERS = ["office_staff", "office_director", "leading_group", "cdi", "orgdept", "leader_a", "member_b", "liaison_a",
          "system_admin", "security_admin", "outsider"]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("persona", OTHERS)
def test_the_audit_pages_do_not_exist_for_anyone_else(login, world, persona):
    event = audit_record("person.read", actor=world.users["office_staff"], obj=world.person_free)
    client = login(persona)
    assert client.get(reverse("audit:event-list")).status_code == 404
    assert client.get(reverse("audit:event-detail", args=[event.pk])).status_code == 404
    assert client.post(reverse("audit:verify"), **HTMX).status_code == 404
    assert not BackgroundJob.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(client, world):
    response = client.get(reverse("audit:event-list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_auditor_reads_the_log_with_chinese_labels(login, world):
    audit_record("person.read", actor=world.users["office_staff"], obj=world.person_free)
    audit_record("auth.login_failed", username="mallory", result=AuditResult.FAILURE)
    html = login("security_auditor").get(reverse("audit:event-list")).content.decode()
    for text in ("查阅干部信息", "登录失败", "授予角色", "mallory", "office_staff", "巡察办工作人员", "干部", "周自由",
                 "失败", "校验哈希链"):
        assert text in html
    assert "style=" not in html


def test_filters_narrow_the_log(login, world):
    audit_record("person.read", actor=world.users["office_staff"], obj=world.person_free)
    audit_record("auth.login_failed", username="mallory", result=AuditResult.FAILURE)
    client = login("security_auditor")
    url = reverse("audit:event-list")

    def rows(**params):
        return len(client.get(url, params).context["page_obj"].object_list)

    assert rows(action="person.read") == 1
    assert rows(actor="mall") == 1
    assert rows(action="auth.") == AuditEvent.objects.filter(action__startswith="auth.").count()
    assert rows(result="failure") == 1
    assert rows(object_type="orgs.person", object_id=str(world.person_free.pk)) == 1
    # Dates are Beijing dates: every event of this test was written "today" there.
    local_today = timezone.localtime(AuditEvent.objects.latest("id").created_at).date().isoformat()
    assert rows(date_from=local_today, date_to=local_today) == AuditEvent.objects.count()
    assert rows(date_to="2000-01-01") == 0


@pytest.mark.parametrize("params", [
    {"date_from": "not-a-date"}, {"date_to": "2024-02-30"}, {"result": "maybe"}, {"action": "x" * 500},
    {"date_from": "2024-03-02", "date_to": "2024-03-01"}, {"date_to": "9999-12-31"}, {"page": "9999"},
    {"page": "abc", "page_size": "-5"}, {"object_id": "1' OR 1=1 --"},
    {"before": "abc"}, {"after": "-1", "p": "x"}, {"before": "1", "after": "99999999999999999999"}, {"p": "1e9"},
])
def test_bad_filters_are_reported_not_failed(login, world, params):
    response = login("security_auditor").get(reverse("audit:event-list"), params)
    assert response.status_code == 200


def test_reversed_dates_are_explained(login, world):
    response = login("security_auditor").get(reverse("audit:event-list"),
                                             {"date_from": "2024-03-02", "date_to": "2024-03-01"})
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_htmx_filtering_returns_the_table_only(login, world):
    response = login("security_auditor").get(reverse("audit:event-list"), {"action": "role.grant"}, **HTMX)
    html = response.content.decode()
    assert "<table" in html and "<html" not in html


def test_event_detail_shows_the_hashes_and_checks_the_row(login, world):
    event = audit_record("person.read", actor=world.users["office_staff"], obj=world.person_free,
                         details={"reason": "查阅"})
    html = login("security_auditor").get(reverse("audit:event-detail", args=[event.pk])).content.decode()
    assert event.hash in html and event.prev_hash in html
    assert "本条内容与哈希一致" in html and "与上一条记录链接一致" in html
    assert "查阅" in html


def test_event_detail_shows_a_tampered_row(login, world):
    event = audit_record("person.read", actor=world.users["office_staff"], obj=world.person_free)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
        cursor.execute("UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["改", event.pk])
    html = login("security_auditor").get(reverse("audit:event-detail", args=[event.pk])).content.decode()
    assert "本条内容与哈希不符" in html


def test_there_is_no_way_to_change_the_log(login, world):
    event = AuditEvent.objects.latest("id")
    client = login("security_auditor")
    assert client.post(reverse("audit:event-detail", args=[event.pk]), {"action": "x"}).status_code == 405
    assert client.post(reverse("audit:event-list")).status_code == 405
    assert client.delete(reverse("audit:event-detail", args=[event.pk])).status_code == 405
    assert client.get(reverse("audit:event-detail", args=[10**9])).status_code == 404


def test_verification_runs_as_a_task_and_reports_success(login, world, django_capture_on_commit_callbacks):
    client = login("security_auditor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("audit:verify"), **HTMX)
    assert response.status_code == 202
    job = BackgroundJob.objects.get(kind="audit.verify")
    assert job.created_by == world.users["security_auditor"]
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert "审计日志完好" in job.message
    run = AuditEvent.objects.get(action="audit.verify")
    assert run.actor_username == "security_auditor" and run.result == AuditResult.SUCCESS
    status = client.get(reverse("audit:verify-status", args=[job.pk]), **HTMX)
    html = status.content.decode()
    assert status.status_code == 200 and "校验通过" in html and "hx-trigger" not in html


def test_verification_reports_the_first_broken_row(login, world, django_capture_on_commit_callbacks):
    victim = AuditEvent.objects.order_by("id")[3]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
        cursor.execute("UPDATE audit_auditevent SET actor_username = %s WHERE id = %s", ["someone", victim.pk])
    client = login("security_auditor")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("audit:verify"), **HTMX)
    job = BackgroundJob.objects.get(kind="audit.verify")
    assert job.status == JobStatus.FAILED and f"#{victim.pk}" in job.message
    assert AuditEvent.objects.get(action="audit.verify").result == AuditResult.FAILURE
    html = client.get(reverse("audit:verify-status", args=[job.pk]), **HTMX).content.decode()
    assert "发现篡改" in html and f"#{victim.pk}" in html


def test_a_queued_verification_polls_and_is_not_started_twice(login, world):
    client = login("security_auditor")
    # Without the commit callbacks running, the task stays queued (as with a busy worker).
    first = client.post(reverse("audit:verify"), **HTMX)
    assert 'hx-trigger="every 1s"' in first.content.decode()
    client.post(reverse("audit:verify"), **HTMX)
    assert BackgroundJob.objects.filter(kind="audit.verify").count() == 1


def test_verification_without_htmx_has_its_own_page(login, world):
    client = login("security_auditor")
    response = client.post(reverse("audit:verify"))
    job = BackgroundJob.objects.get(kind="audit.verify")
    assert response.status_code == 302 and response.url == reverse("audit:verify-status", args=[job.pk])
    page = client.get(response.url)
    assert page.status_code == 200 and "校验审计日志哈希链" in page.content.decode()
    assert client.get(reverse("audit:verify")).status_code == 405


def test_another_users_verification_status_is_404(login, world, django_capture_on_commit_callbacks):
    client = login("security_auditor")
    client.post(reverse("audit:verify"), **HTMX)
    job = BackgroundJob.objects.get(kind="audit.verify")
    client.force_login(world.users["system_admin"])
    assert client.get(reverse("audit:verify-status", args=[job.pk]), **HTMX).status_code == 404


def test_the_log_is_paged_by_id_without_counting(login, world):
    """Keyset pages (AUD-10): the newest page first, a window of page links, and no COUNT over the log."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    events = [audit_record("export", object_id=str(n)) for n in range(12)]
    client = login("security_auditor")
    url = reverse("audit:event-list")
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url, {"action": "export", "page_size": 5})
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "audit_auditevent" in q["sql"]]
    page = first.context["page_obj"]
    assert [e.pk for e in page] == [e.pk for e in events[:-6:-1]]
    assert [link.number for link in page.window] == [1, 2, 3] and page.previous is None
    html = first.content.decode()
    assert f"before={events[7].pk}" in html and "第 1 页" in html

    second = client.get(url, {"action": "export", "page_size": 5, "before": page.next.before, "p": 2})
    page2 = second.context["page_obj"]
    assert [e.pk for e in page2] == [e.pk for e in events[6:1:-1]] and page2.number == 2
    assert [link.number for link in page2.window] == [1, 2, 3]

    third = client.get(url, {"action": "export", "page_size": 5, "before": page2.next.before, "p": 3})
    page3 = third.context["page_obj"]
    assert [e.pk for e in page3] == [events[1].pk, events[0].pk] and page3.next is None

    back = client.get(url, {"action": "export", "page_size": 5, "after": page3.previous.after, "p": 2})
    assert [e.pk for e in back.context["page_obj"]] == [e.pk for e in page2]


def test_username_filter_is_exact_or_prefix_not_contains(login, world):
    audit_record("auth.login_failed", username="mallory", result=AuditResult.FAILURE)
    client = login("security_auditor")

    def names(value):
        page = client.get(reverse("audit:event-list"), {"actor": value}).context["page_obj"]
        return {e.actor_username for e in page}

    assert names("mallory") == {"mallory"}
    assert names("mall") == {"mallory"}
    assert names("lory") == set()
