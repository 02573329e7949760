"""The team's petition pages: the list with its filter, registration, the record (identity for the leaders only),
handling from the page, the poster."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuncha.audit.models import AuditEvent
from xuncha.petitions import services
from xuncha.petitions.models import Petition, PetitionPage
from xuncha.petitions.tests.conftest import text


def _named(page: PetitionPage) -> Petition:
    petition, _ = services.public_submit(slug=page.slug, text=text(anonymous=False, petitioner_name="李四",
                                                                   petitioner_contact="13912345678"), files=[])
    return petition


def test_the_list_filters_and_shows_no_identity(page: PetitionPage, objects: SimpleNamespace,
                                                client_as: Callable[[str], Any]) -> None:
    petition = _named(page)
    services.public_submit(slug=page.slug, text=text(summary="工程项目围标", content="办公楼改造项目围标串标。"),
                           files=[])
    client = client_as("member_a")
    url = reverse("petitions:petition-list", args=[objects.inspection_a.pk])
    html = client.get(url).content.decode()
    assert petition.number in html and "李四" not in html and "13912345678" not in html
    filtered = client.get(url, {"q": "围标"}).content.decode()
    assert "工程项目围标" in filtered and "违规发放津贴补贴" not in filtered
    assert client.get(url, {"status": "nonsense", "received_from": "not-a-date"}).status_code == 200
    assert AuditEvent.objects.filter(action="petition.list").exists()


def test_the_record_shows_the_identity_to_the_leader_only(page: PetitionPage,
                                                          client_as: Callable[[str], Any]) -> None:
    petition = _named(page)
    url = reverse("petitions:petition-detail", args=[petition.pk])
    assert "13912345678" in client_as("leader_a").get(url).content.decode()
    member_html = client_as("member_a").get(url).content.decode()
    assert "13912345678" not in member_html and "仅组长、副组长" in member_html
    for who in ("member_b", "liaison_a", "office_staff"):
        assert client_as(who).get(url).status_code == 404


def test_register_a_letter_and_handle_it_from_the_page(page: PetitionPage, objects: SimpleNamespace,
                                                       client_as: Callable[[str], Any]) -> None:
    leader = client_as("leader_a")
    response = leader.post(reverse("petitions:petition-register", args=[objects.inspection_a.pk]), {
        "channel": "letter", "received_on": "2018-11-03", "anonymous": "1", "petitioner_kind": "unknown",
        "about_whom": "王主任", "summary": "公车私用", "content": "周末使用公务用车接送家属。"})
    petition = Petition.objects.get()
    assert response.status_code == 302 and petition.channel == "letter"
    assert petition.received_on == datetime.date(2018, 11, 3)
    assert petition.suggested_category is not None and petition.suggested_category.code == "D1"
    detail = reverse("petitions:petition-detail", args=[petition.pk])
    bad = leader.post(reverse("petitions:petition-answer", args=[petition.pk]), {"note": ""})
    assert bad.status_code == 400
    leader.post(reverse("petitions:petition-triage", args=[petition.pk]), {"category": "D1", "priority": "high"})
    leader.post(reverse("petitions:petition-keep", args=[petition.pk]), {"note": "纳入报告作风部分。"})
    petition.refresh_from_db()
    assert petition.status == "reported"
    assert "纳入巡察报告" in leader.get(detail).content.decode()


def test_a_receipt_issued_at_registration_is_shown_once(page: PetitionPage, objects: SimpleNamespace,
                                                        client_as: Callable[[str], Any]) -> None:
    response = client_as("member_a").post(reverse("petitions:petition-register", args=[objects.inspection_a.pk]), {
        "channel": "phone", "received_on": "2018-11-04", "anonymous": "0", "petitioner_name": "赵六",
        "petitioner_contact": "0379-1234", "petitioner_kind": "public", "about_whom": "王主任",
        "summary": "违规收礼", "content": "春节收受会员企业礼品。", "issue_receipt": "on"})
    assert response.status_code == 200 and 'id="receipt-code"' in response.content.decode()
    assert Petition.objects.get().receipt_hash


def test_the_poster_carries_a_qr_code_of_the_public_page(page: PetitionPage, objects: SimpleNamespace,
                                                         client_as: Callable[[str], Any]) -> None:
    html = client_as("liaison_a").get(reverse("petitions:petition-poster", args=[objects.inspection_a.pk])
                                      ).content.decode()
    assert "<svg" in html and f"/xf/{page.slug}/" in html


def test_the_api_list_takes_the_pages_filter(page: PetitionPage, objects: SimpleNamespace,
                                             client_as: Callable[[str], Any]) -> None:
    _named(page)
    services.public_submit(slug=page.slug, text=text(summary="工程项目围标", content="办公楼改造项目围标。"), files=[])
    client = client_as("leader_a")
    url = f"/api/v1/inspections/{objects.inspection_a.pk}/petitions"
    body = client.get(url, {"q": "围标"}).json()
    assert body["count"] == 1 and body["results"][0]["summary"] == "工程项目围标"
    assert "petitioner_name" not in body["results"][0]
    assert client.get(url, {"status": "open"}).json()["count"] == 2
    assert client.get(url, {"status": "nonsense"}).status_code == 422
    detail = client.get(f"/api/v1/petitions/{body['results'][0]['id']}").json()
    assert detail["identity"] is None and detail["transitions"]
    assert client_as("member_b").get(url).status_code == 404


def test_the_list_and_the_api_read_a_flat_number_of_queries(page: PetitionPage, objects: SimpleNamespace,
                                                              client_as: Callable[[str], Any]) -> None:
    client = client_as("leader_a")
    urls = [reverse("petitions:petition-list", args=[objects.inspection_a.pk]),
            f"/api/v1/inspections/{objects.inspection_a.pk}/petitions"]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    for _ in range(2):
        services.public_submit(slug=page.slug, text=text(), files=[])
    counts()  # warm the per-process caches (content types, the jieba dictionary)
    few = counts()
    for _ in range(8):
        services.public_submit(slug=page.slug, text=text(), files=[])
    assert counts() == few
