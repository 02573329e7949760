"""The fieldwork lists are the project's lists (ADR-0018): a ``core.lists.Table`` in ``components/table.html``, the
one filter bar, the API taking the page's FilterSet, and a number of queries that does not grow with the rows."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xuncha.fieldwork import services
from xuncha.fieldwork.models import Talk, TalkCategory, WorkMethod
from xuncha.fieldwork.tests.test_records import _request, _work


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _talk(w: SimpleNamespace, n: int) -> Talk:
    return services.talk_add(actor=w.leader, inspection_id=w.inspection.pk, data=services.TalkData(
        organization_id=w.unit.pk, name=f"谈话对象{n}", post="科员", person_id=None, category=TalkCategory.STAFF,
        interviewer_id=w.member_a.person_id if n % 2 else w.member_c.person_id, recorder_id=w.member_b.person_id,
        scheduled_at=timezone.make_aware(datetime.datetime(2018, 11, 21, 8 + n % 9, 0))))


def test_the_lists_use_the_shared_table_and_filter_bar(world: SimpleNamespace) -> None:
    w = world
    _talk(w, 1)
    _request(w)
    _work(w)
    leader = _client(w.leader)
    for name in ("talk-list", "document-list", "workrecord-list"):
        page = leader.get(reverse(f"fieldwork:{name}", args=[w.inspection.pk]))
        assert page.status_code == 200
        templates = {t.name for t in page.templates}
        assert {"components/table.html", "components/filter_bar.html"} <= templates, name
        assert 'class="sort-link"' in page.text, name  # sortable headings of the shared table
    # A refused value is shown and ignored on the page, a 422 naming it in the API.
    page = leader.get(reverse("fieldwork:talk-list", args=[w.inspection.pk]), {"status": "nonsense"})
    assert page.status_code == 200 and "部分筛选条件无效" in page.text and "谈话对象1" in page.text
    response = leader.get(f"/api/v1/inspections/{w.inspection.pk}/talks", {"status": "nonsense"})
    assert response.status_code == 422


def test_mine_filters_the_talks_of_the_caller_on_the_page_and_in_the_api(world: SimpleNamespace) -> None:
    w = world
    for n in range(4):
        _talk(w, n)
    member = _client(w.member_a)  # interviewer of the odd ones
    body = member.get(f"/api/v1/inspections/{w.inspection.pk}/talks", {"mine": "true"}).json()
    assert sorted(r["name"] for r in body["results"]) == ["谈话对象1", "谈话对象3"]
    body = member.get(f"/api/v1/inspections/{w.inspection.pk}/talks", {"mine": "false"}).json()
    assert sorted(r["name"] for r in body["results"]) == ["谈话对象0", "谈话对象2"]
    page = member.get(reverse("fieldwork:talk-list", args=[w.inspection.pk]), {"mine": "1"})
    assert "谈话对象1" in page.text and "谈话对象2" not in page.text
    body = member.get(f"/api/v1/inspections/{w.inspection.pk}/work-records",
                      {"method": WorkMethod.FIELD_VISIT, "held_after": "2018-11-01"}).json()
    assert body["count"] == 0
    _work(w)
    body = member.get(f"/api/v1/inspections/{w.inspection.pk}/work-records",
                      {"method": WorkMethod.FIELD_VISIT, "held_after": "2018-11-01"}).json()
    assert body["count"] == 1


def test_the_lists_read_a_flat_number_of_queries(world: SimpleNamespace) -> None:
    w = world
    base = f"/api/v1/inspections/{w.inspection.pk}"
    cases: list[tuple[Any, str]] = [
        (w.leader, reverse("fieldwork:talk-list", args=[w.inspection.pk])), (w.leader, f"{base}/talks"),
        (w.leader, reverse("fieldwork:document-list", args=[w.inspection.pk])),
        (w.leader, f"{base}/document-requests"),
        (w.liaison, reverse("fieldwork:document-list", args=[w.inspection.pk])),
        (w.liaison, f"{base}/document-requests"),
        (w.leader, reverse("fieldwork:workrecord-list", args=[w.inspection.pk])),
        (w.leader, f"{base}/work-records"),
    ]
    clients = {user.pk: _client(user) for user, _url in cases}

    def counts() -> list[int]:
        result = []
        for user, url in cases:
            with CaptureQueriesContext(connection) as ctx:
                assert clients[user.pk].get(url).status_code == 200, url
            result.append(len(ctx.captured_queries))
        return result

    def add(n: int) -> None:
        _talk(w, n)
        _request(w, f"资料{n}")
        _work(w, day=1 + n % 19)

    for n in range(2):
        add(n)
    counts()  # warm the per-process caches
    few = counts()
    for n in range(2, 10):
        add(n)
    assert counts() == few
