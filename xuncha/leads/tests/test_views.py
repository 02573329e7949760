"""The lead pages and endpoints: the lists (no person's name in them), drafting with persons, the lead's page as
each side sees it, the steps from the page and the API, refusals as clear messages."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xuncha.leads.models import Lead
from xuncha.petitions.models import Petition

pytestmark = pytest.mark.django_db
MakeLead = Callable[..., Lead]


def _form(objects: SimpleNamespace, **overrides: Any) -> dict[str, Any]:
    data = {"source": "talk", "summary": "工程项目围标", "facts": "办公楼改造项目疑似围标串标。", "target": "discipline",
            "receiving_jurisdiction": str(objects.city.pk), "receiver_name": "甲市纪委监委",
            "persons-TOTAL_FORMS": "2", "persons-INITIAL_FORMS": "0", "persons-MIN_NUM_FORMS": "1",
            "persons-MAX_NUM_FORMS": "20", "persons-0-name": "钱科长", "persons-0-post": "甲市发改委基建科科长",
            "persons-0-level": "township", "persons-1-name": "", "persons-1-post": "", "persons-1-level": ""}
    data.update(overrides)
    return data


def test_a_member_drafts_from_the_page(objects: SimpleNamespace, today: datetime.date,
                                       client_as: Callable[[str], Any]) -> None:
    client = client_as("member_a")
    url = reverse("leads:lead-create", args=[objects.inspection_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(objects))
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("leads:lead-detail", args=[lead.pk])
    assert lead.persons.get().name == "钱科长"
    page = client.get(response["Location"]).content.decode()
    assert "钱科长" in page and "工程项目围标" in page


def test_a_lead_is_drafted_from_a_petition(objects: SimpleNamespace, today: datetime.date,
                                           client_as: Callable[[str], Any]) -> None:
    petition = Petition.objects.create(inspection=objects.inspection_a, number="XF-9", channel="letter",
                                       received_on=today, about_whom="王主任", summary="会费未入账", content="内容")
    url = reverse("leads:lead-create", args=[objects.inspection_a.pk])
    html = client_as("member_a").get(url, {"origin": f"petitions.petition:{petition.pk}"}).content.decode()
    assert re.search(rf'name="origins" value="petitions\.petition:{petition.pk}"[^>]*checked', html)
    assert re.search(r'<option value="petition" selected>', html)
    # A reference the user may not cite is simply not preselected.
    assert client_as("member_a").get(url, {"origin": "petitions.petition:999999"}).status_code == 200


def test_bad_input_on_the_page_is_a_message_not_a_500(objects: SimpleNamespace, today: datetime.date,
                                                      client_as: Callable[[str], Any]) -> None:
    client = client_as("member_a")
    url = reverse("leads:lead-create", args=[objects.inspection_a.pk])
    response = client.post(url, _form(objects, **{"persons-0-name": "", "persons-0-post": ""}))
    assert response.status_code == 400 and "请至少写明一名被反映人" in response.content.decode()
    response = client.post(url, _form(objects, receiving_jurisdiction="999999", amount="abc"))
    assert response.status_code == 400
    assert not Lead.objects.exists()


def test_the_lists_show_no_names_and_filter(make_lead: MakeLead, objects: SimpleNamespace,
                                            client_as: Callable[[str], Any]) -> None:
    lead = make_lead("transferred")
    other = make_lead("draft", summary="另一条线索")
    client = client_as("cdi")
    html = client.get(reverse("leads:lead-list")).content.decode()
    assert lead.number in html and other.number not in html and "王主任" not in html
    office = client_as("office_staff")
    url = reverse("leads:inspection-leads", args=[objects.inspection_a.pk])
    html = office.get(url, {"status": "draft"}).content.decode()
    assert other.number in html and lead.number not in html
    assert office.get(url, {"status": "nonsense", "due": "x"}).status_code == 200


def test_the_list_reads_a_flat_number_of_queries(make_lead: MakeLead, client_as: Callable[[str], Any]) -> None:
    make_lead("transferred")
    client = client_as("office_staff")
    url = reverse("leads:lead-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for status in ("draft", "approved", "received", "closed"):
        make_lead(status)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    api = reverse("api:lead_list")
    client.get(api)
    with CaptureQueriesContext(connection) as api_many:
        assert client.get(api).json()["count"] == 5
    make_lead("draft")
    with CaptureQueriesContext(connection) as api_more:
        client.get(api)
    assert len(api_more.captured_queries) == len(api_many.captured_queries)


def test_the_liaison_and_other_teams_never_reach_a_lead(make_lead: MakeLead, objects: SimpleNamespace,
                                                        client_as: Callable[[str], Any]) -> None:
    lead = make_lead("closed")
    for persona in ("liaison_a", "leading_group", "sysadmin"):
        client = client_as(persona)
        assert client.get(reverse("leads:lead-list")).status_code == 404
        assert client.get(reverse("leads:lead-detail", args=[lead.pk])).status_code == 404
        assert client.get(reverse("leads:inspection-leads", args=[objects.inspection_a.pk])).status_code == 404
        assert client.get(reverse("api:lead_detail", args=[lead.pk])).status_code == 404
        assert client.get(reverse("api:lead_list")).json()["count"] == 0
    member_b = client_as("member_b")
    assert member_b.get(reverse("leads:lead-detail", args=[lead.pk])).status_code == 404
    assert member_b.get(reverse("leads:inspection-leads", args=[objects.inspection_a.pk])).status_code == 404


def test_the_receiving_body_receives_disposes_and_reports_from_its_page(
        make_lead: MakeLead, client_as: Callable[[str], Any]) -> None:
    lead = make_lead("transferred")
    client = client_as("cdi")
    detail = reverse("leads:lead-detail", args=[lead.pk])
    page = client.get(detail).content.decode()
    assert "签收" in page and "移交材料（移交时固定）" in page
    assert client.post(reverse("leads:lead-receive", args=[lead.pk]),
                       {"received_on": "2018-11-20"}).status_code == 302
    assert client.post(reverse("leads:lead-dispose", args=[lead.pk]), {
        "disposal": "preliminary_verification", "disposal_on": "2018-11-20", "note": "初步核实"}).status_code == 302
    person = lead.persons.get()
    response = client.post(reverse("leads:lead-outcome", args=[lead.pk]), {
        "summary": "经初核属实，给予党内警告处分，收缴违规发放款项。", "recovered_amount": "3.2",
        "reported_on": "2018-11-20", "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "40", "items-0-person": str(person.pk),
        "items-0-kind": "party_warning", "items-0-note": ""})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == "reported" and lead.outcome_items.get().kind == "party_warning"
    # The team reads the outcome; it cannot take the receiving body's steps.
    leader = client_as("leader_a")
    assert "党内警告" in leader.get(detail).content.decode()
    assert leader.post(reverse("leads:lead-receive", args=[lead.pk]), {"received_on": "2018-11-20"}).status_code == 403


def test_steps_from_the_page(make_lead: MakeLead, client_as: Callable[[str], Any]) -> None:
    lead = make_lead("draft")
    step = reverse("leads:lead-step", args=[lead.pk, "endorse"])
    assert client_as("member_a").post(step).status_code == 403
    assert client_as("leader_a").post(step).status_code == 302
    back = reverse("leads:lead-step", args=[lead.pk, "send_back"])
    response = client_as("office_director").post(back, {"note": ""})
    assert response.status_code == 400 and "请填写理由" in response.content.decode()
    assert client_as("office_director").post(reverse("leads:lead-step", args=[lead.pk, "nonsense"])).status_code == 400


def test_the_letter_of_a_transferred_lead(make_lead: MakeLead, client_as: Callable[[str], Any]) -> None:
    draft = make_lead("draft")
    lead = make_lead("transferred")
    client = client_as("cdi")
    html = client.get(reverse("leads:lead-letter", args=[lead.pk])).content.decode()
    assert lead.referral_no in html and "关于移交问题线索的函" in html
    assert client_as("office_staff").get(reverse("leads:lead-letter", args=[draft.pk])).status_code == 404


def test_the_api_drafts_and_walks_the_loop(objects: SimpleNamespace, personas: SimpleNamespace,
                                           today: datetime.date, client_as: Callable[[str], Any]) -> None:
    body = {"source": "petition", "summary": "违规发放购物卡", "facts": "以加班费名义发放购物卡。", "target": "organization",
            "receiving_jurisdiction_id": objects.city.pk, "receiver_name": "甲市委组织部",
            "persons": [{"name": "王主任", "post": "甲市发改委主任", "level": "county", "is_leadership": True}]}
    member = client_as("member_a")
    response = member.post(reverse("api:lead_create", args=[objects.inspection_a.pk]), json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    lead_id = response.json()["id"]
    bad = member.post(reverse("api:lead_create", args=[objects.inspection_a.pk]),
                      json.dumps({**body, "persons": []}), content_type="application/json")
    assert bad.status_code == 400 and "被反映人" in bad.json()["message"]

    def post(persona: str, name: str, payload: dict[str, Any], *args: Any) -> Any:
        return client_as(persona).post(reverse(name, args=[lead_id, *args]), json.dumps(payload),
                                       content_type="application/json")

    assert post("leader_a", "api:lead_transition", {}, "endorse").json()["status"] == "endorsed"
    assert post("office_director", "api:lead_transition", {}, "approve").json()["status"] == "approved"
    transferred = post("office_staff", "api:lead_transfer", {}).json()
    assert transferred["referral_no"] == "甲巡移〔2018〕1号"
    assert post("cdi", "api:lead_receipt", {}).status_code == 404  # referred to the organisation department
    received = post("org_dept", "api:lead_receipt", {"note": "已收到"}).json()
    assert received["status"] == "received" and received["person_list"] == []
    assert received["referral_package"]["persons"][0]["name"] == "王主任"
    post("org_dept", "api:lead_disposal", {"disposal": "talk_inquiry", "note": "谈话函询"})
    reported = post("org_dept", "api:lead_outcome", {"summary": "诫勉谈话", "items": [{"kind": "admonishment"}]})
    assert reported.json()["status"] == "reported"
    listed = client_as("org_dept").get(reverse("api:lead_list"), {"status": "reported"}).json()
    assert [r["id"] for r in listed["results"]] == [lead_id]
    assert client_as("org_dept").get(reverse("api:lead_list"), {"due": "nonsense"}).status_code == 422
