"""API of the inspector pool and of team forming: scope (404), capability (403), rules (400, in Chinese), and
what a recusal hit tells the caller."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from tests import factories
from xuncha.api.tests.conftest import Api
from xuncha.audit.models import AuditEvent
from xuncha.inspections.models import MemberDeclaration, RecusalOverride, TeamMembership
from xuncha.orgs.models import Person, Rank, WorkHistory
from xuncha.pool.models import InspectorProfile
from xuncha.pool.services import profile_save

pytestmark = pytest.mark.django_db
# factory_boy's factories return model instances; typed as Any for mypy.
InspectionFactory: Any = factories.InspectionFactory
JurisdictionFactory: Any = factories.JurisdictionFactory
OrganizationFactory: Any = factories.OrganizationFactory
PersonFactory: Any = factories.PersonFactory
RoundFactory: Any = factories.RoundFactory
TeamFactory: Any = factories.TeamFactory

REASON = "上次巡察已过四年，本次只负责统筹协调，不参与对该单位的谈话和调阅。"


class TeamApi(Api):
    def delete(self, path: str) -> Any:
        return self.client.delete("/api/v1" + path, headers=self.headers)


@pytest.fixture
def api(client: Client, personas: SimpleNamespace) -> Any:
    """``api("office_staff")`` → a bearer-token client for that persona."""

    def make(name: str) -> TeamApi:
        return TeamApi(client, getattr(personas, name))

    return make


@pytest.fixture
def setup(personas: SimpleNamespace, objects: SimpleNamespace) -> SimpleNamespace:
    """A round-8 team of the city being formed to inspect org B; pool: a cadre who worked at org B until
    2016 (blocking), the leader who inspected org B last time (warning), a clean cadre; another city's entry."""
    round8 = RoundFactory(term=objects.term, number=8, name="第八轮", year=2019,
                          planned_start=datetime.date(2019, 3, 11), planned_end=datetime.date(2019, 4, 30))
    team = TeamFactory(round=round8, number=1, name="第八轮第一巡察组")
    InspectionFactory(round=round8, team=team, targets=[objects.org_b], code="JS-11-8-A")
    office = personas.office_staff

    def pooled(person: Person, skills: list[str], can_lead: bool = False) -> InspectorProfile:
        return profile_save(actor=office, person=person, jurisdiction=objects.city, skills=skills,
                            availability="available", can_lead=can_lead)

    worked = pooled(PersonFactory(name="钱审计", organization=objects.org_x), ["audit", "finance"])
    WorkHistory.objects.create(person=worked.person, organization=objects.org_b, organization_name="甲市房管局",
                               post="计划财务科副科长", start=datetime.date(2011, 3, 1), end=datetime.date(2016, 6, 30))
    repeat = pooled(Person.objects.get(name="郑组长"), ["discipline"], can_lead=True)
    clean = pooled(PersonFactory(name="孙清白", organization=objects.org_x, rank=Rank.DIVISION_CHIEF),
                   ["organization"], can_lead=True)
    elsewhere = JurisdictionFactory(name="丙市")
    foreign = InspectorProfile.objects.create(
        person=PersonFactory(name="外市干部", organization=OrganizationFactory(jurisdiction=elsewhere)),
        jurisdiction=elsewhere)
    return SimpleNamespace(team=team, worked=worked, repeat=repeat, clean=clean, foreign=foreign,
                           elsewhere=elsewhere)


def _add(api: Any, who: str, team_id: int, person_id: int, role: str = "member") -> Any:
    return api(who).post(f"/teams/{team_id}/members", {"person_id": person_id, "role": role})


# ---- Pool -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["office_staff", "office_director", "leading_group", "org_dept"])
def test_pool_list_and_detail_for_pool_roles(api: Any, setup: SimpleNamespace, persona: str) -> None:
    response = api(persona).get("/pool", skill="audit")
    assert response.status_code == 200
    body = response.json()
    assert [r["person"]["name"] for r in body["results"]] == ["钱审计"]
    assert body["results"][0]["skills"] == [{"code": "audit", "label": "审计"}, {"code": "finance", "label": "财务会计"}]
    detail = api(persona).get(f"/pool/{setup.repeat.pk}")
    assert detail.status_code == 200
    assert detail.json()["memberships"][0]["team"]["name"] == "第二巡察组"
    assert detail.json()["memberships"][0]["role_label"] == "组长"


@pytest.mark.parametrize("persona", ["cdi", "leader_a", "member_b", "liaison_a", "sysadmin", "secadmin", "auditor",
                                     "outsider"])
def test_pool_is_empty_and_entries_404_for_other_roles(api: Any, setup: SimpleNamespace, persona: str) -> None:
    assert api(persona).get("/pool").json()["count"] == 0
    assert api(persona).get(f"/pool/{setup.clean.pk}").status_code == 404


def test_pool_filters_and_scope(api: Any, setup: SimpleNamespace, objects: SimpleNamespace) -> None:
    client = api("office_staff")
    names = {r["person"]["name"] for r in client.get("/pool", can_lead="true").json()["results"]}
    assert names == {"郑组长", "孙清白"}
    assert client.get("/pool", q="外市").json()["count"] == 0
    assert client.get(f"/pool/{setup.foreign.pk}").status_code == 404
    assert client.get("/pool", skill="astrology").status_code == 422
    assert client.get("/pool", jurisdiction=objects.county.pk).json()["count"] == 0


def test_pool_list_query_count_does_not_grow(api: Any, setup: SimpleNamespace, objects: SimpleNamespace,
                                             django_assert_max_num_queries: Any) -> None:
    client = api("office_staff")
    for _ in range(30):
        profile = InspectorProfile.objects.create(person=PersonFactory(organization=objects.org_x),
                                                  jurisdiction=objects.city)
        profile.skills.create(skill="law")
    with django_assert_max_num_queries(8):
        body = client.get("/pool", page_size=50).json()
    assert body["count"] == 33 and len(body["results"]) == 33


def test_pool_save_creates_then_updates(api: Any, setup: SimpleNamespace, objects: SimpleNamespace) -> None:
    client = api("org_dept")
    payload = {"person_id": objects.person_b.pk, "jurisdiction_id": objects.city.pk, "skills": ["finance", "law"],
               "can_lead": True, "note": "财务骨干"}
    created = client.post("/pool", payload)
    assert created.status_code == 201 and created.json()["can_lead"] is True
    assert [s["code"] for s in created.json()["skills"]] == ["finance", "law"]
    updated = client.post("/pool", {**payload, "skills": ["finance"], "availability": "unavailable",
                                    "unavailable_until": "2999-01-01"})
    assert updated.status_code == 200 and updated.json()["availability_label"] == "暂不可抽调"
    assert [s["code"] for s in updated.json()["skills"]] == ["finance"]
    assert AuditEvent.objects.filter(action="pool.update").exists()


def test_pool_save_refusals(api: Any, setup: SimpleNamespace, objects: SimpleNamespace) -> None:
    payload = {"person_id": objects.person_b.pk, "jurisdiction_id": objects.city.pk}
    assert api("leading_group").post("/pool", payload).status_code == 403
    for persona in ("cdi", "leader_a", "member_a", "liaison_a", "sysadmin", "outsider"):
        assert api(persona).post("/pool", payload).status_code == 404, persona
    assert api("office_staff").post("/pool", {**payload, "person_id": setup.foreign.person_id}).status_code == 404
    assert api("office_staff").post("/pool", {**payload, "jurisdiction_id": setup.elsewhere.pk}).status_code == 404
    bad = api("office_staff").post("/pool", {**payload, "skills": ["astrology"]})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    extra = api("office_staff").post("/pool", {**payload, "rank": "boss"})
    assert extra.status_code == 422
    assert not InspectorProfile.objects.filter(person=objects.person_b).exists()


# ---- Team forming ------------------------------------------------------------------------------------------------


def test_adding_a_conflicted_member_answers_with_the_reason(api: Any, setup: SimpleNamespace,
                                                            objects: SimpleNamespace) -> None:
    response = _add(api, "office_staff", setup.team.pk, setup.worked.person_id)
    assert response.status_code == 201
    body = response.json()
    assert body["membership"]["person"]["name"] == "钱审计" and body["membership"]["role"] == "member"
    [hit] = body["recusal"]
    assert hit["organization"]["id"] == objects.org_b.pk and hit["rule"] == "worked_at"
    assert hit["severity"] == "blocking" and hit["severity_label"] == "必须回避" and hit["stands"] is True
    assert hit["reason"] == "2011.03—2016.06在甲市房管局任计划财务科副科长（5年内）"
    assert {i["code"] for i in body["composition"]} >= {"leader", "size"}


def test_team_recusal_and_composition(api: Any, setup: SimpleNamespace, objects: SimpleNamespace) -> None:
    _add(api, "office_staff", setup.team.pk, setup.worked.person_id)
    _add(api, "office_staff", setup.team.pk, setup.repeat.person_id, role="leader")
    for persona in ("office_staff", "leading_group", "cdi", "org_dept"):
        body = api(persona).get(f"/teams/{setup.team.pk}/recusal").json()
        assert body["blocking"] == 1 and body["pending"] == 1 and body["resolved"] == 0, persona
        assert [t["short_name"] for t in body["targets"]] == ["甲市房管局"]
        assert {h["rule"] for h in body["hits"]} == {"worked_at", "repeat"}
    composition = api("office_staff").get(f"/teams/{setup.team.pk}/composition").json()
    assert composition["size"] == 2 and composition["ok"] is False
    assert composition["policy"]["team_size_min"] == 5 and composition["policy"]["leader_min_rank_label"] == "副处级"
    assert (composition["policy"]["deputy_min_rank"], composition["policy"]["deputy_min_rank_label"]) == (
        "sec_chief", "正科级")
    assert {s["code"]: s["covered"] for s in composition["policy"]["required_skills"]} == {
        "discipline": True, "organization": False, "finance": True}
    assert any(i["code"] == "authorization" and i["blocking"] for i in composition["issues"])


@pytest.mark.parametrize("persona", ["leader_a", "member_b", "liaison_a", "liaison_b", "sysadmin", "outsider"])
def test_team_reads_are_404_outside_the_team_scope(api: Any, setup: SimpleNamespace, persona: str) -> None:
    assert api(persona).get(f"/teams/{setup.team.pk}/recusal").status_code == 404
    assert api(persona).get(f"/teams/{setup.team.pk}/composition").status_code == 404
    assert _add(api, persona, setup.team.pk, setup.clean.person_id).status_code == 404


def test_a_liaison_never_reads_the_recusal_of_the_team_inspecting_them(api: Any, objects: SimpleNamespace,
                                                                       setup: SimpleNamespace) -> None:
    assert api("liaison_a").get(f"/teams/{objects.team_a.pk}").status_code == 200  # the name, the leader
    assert api("liaison_a").get(f"/teams/{objects.team_a.pk}/recusal").status_code == 404
    assert api("leader_a").get(f"/teams/{objects.team_a.pk}/recusal").status_code == 200  # own team


def test_add_member_refusals(api: Any, setup: SimpleNamespace, objects: SimpleNamespace) -> None:
    assert _add(api, "leading_group", setup.team.pk, setup.clean.person_id).status_code == 403
    assert _add(api, "leader_a", objects.team_a.pk, setup.clean.person_id).status_code == 403
    not_pooled = _add(api, "office_staff", setup.team.pk, objects.person_b.pk)
    assert not_pooled.status_code == 400 and "不在您可查看的巡察干部人才库中" in not_pooled.json()["message"]
    assert _add(api, "office_staff", setup.team.pk, setup.foreign.person_id).status_code == 404
    stationed = _add(api, "office_staff", objects.team_a.pk, setup.clean.person_id)
    assert stationed.status_code == 400 and stationed.json()["message"] == "巡察组已进驻，不能再调整成员。"
    assert _add(api, "office_staff", setup.team.pk, setup.clean.person_id, role="chief").status_code == 422
    _add(api, "office_staff", setup.team.pk, setup.clean.person_id, role="leader")
    second = _add(api, "office_staff", setup.team.pk, setup.repeat.person_id, role="leader")
    assert second.status_code == 400 and second.json()["message"] == "该巡察组已有组长。"


def test_authorization_declarations_and_removal(api: Any, setup: SimpleNamespace) -> None:
    client = api("office_staff")
    membership_id = _add(api, "office_staff", setup.team.pk, setup.clean.person_id, role="leader").json()[
        "membership"]["id"]
    empty = client.post(f"/team-memberships/{membership_id}/authorization", {"on": "2019-02-20", "reference": ""})
    assert empty.status_code == 422
    future = client.post(f"/team-memberships/{membership_id}/authorization",
                         {"on": "2999-01-01", "reference": "甲巡〔2019〕1号"})
    assert future.status_code == 400 and future.json()["message"] == "授权日期不能晚于今天。"
    authorized = client.post(f"/team-memberships/{membership_id}/authorization",
                             {"on": "2019-02-20", "reference": "甲巡〔2019〕1号"})
    assert authorized.status_code == 200 and authorized.json()["authorization_ref"] == "甲巡〔2019〕1号"
    assert api("leading_group").post(f"/team-memberships/{membership_id}/authorization",
                                     {"on": "2019-02-20", "reference": "x"}).status_code == 403
    declared = client.post(f"/team-memberships/{membership_id}/declarations",
                           {"kind": "confidentiality", "signed_on": "2019-02-20"})
    assert declared.status_code == 201 and declared.json()["kind_label"] == "保密承诺书"
    assert MemberDeclaration.objects.filter(membership_id=membership_id).count() == 1
    late = client.post(f"/team-memberships/{membership_id}/declarations",
                       {"kind": "recusal", "signed_on": "2999-01-01"})
    assert late.status_code == 400 and late.json()["fields"] == {"signed_on": ["签署日期不能晚于今天。"]}
    assert api("cdi").delete(f"/team-memberships/{membership_id}").status_code == 403
    assert api("member_b").delete(f"/team-memberships/{membership_id}").status_code == 404
    assert api("office_staff").delete(f"/team-memberships/{membership_id}").status_code == 204
    assert not TeamMembership.objects.filter(pk=membership_id).exists()


def test_removing_from_a_stationed_team_is_refused(api: Any, objects: SimpleNamespace) -> None:
    membership = TeamMembership.objects.get(team=objects.team_a, role="member")
    response = api("office_staff").delete(f"/team-memberships/{membership.pk}")
    assert response.status_code == 400 and response.json()["message"] == "巡察组已进驻，不能再调整成员。"


# ---- Overrides ---------------------------------------------------------------------------------------------------


def test_director_overrides_a_warning_and_the_decision_shows(api: Any, setup: SimpleNamespace,
                                                             objects: SimpleNamespace) -> None:
    membership_id = _add(api, "office_staff", setup.team.pk, setup.repeat.person_id).json()["membership"]["id"]
    payload = {"membership_id": membership_id, "organization_id": objects.org_b.pk, "rule": "repeat",
               "reason": REASON}
    assert api("office_staff").post("/recusal-overrides", payload).status_code == 403
    short = api("office_director").post("/recusal-overrides", {**payload, "reason": "太短"})
    assert short.status_code == 400 and short.json()["message"] == "请写明保留理由（不少于10个字）。"
    created = api("office_director").post("/recusal-overrides", payload)
    assert created.status_code == 201 and created.json()["decided_by"] == "office_director"
    assert created.json()["rule_label"] == "上次巡察过同一单位"
    [hit] = api("office_staff").get(f"/teams/{setup.team.pk}/recusal").json()["hits"]
    assert hit["stands"] is False and hit["override"]["reason"] == REASON
    assert AuditEvent.objects.filter(action="recusal.override").exists()


def test_a_blocking_ground_is_refused_with_a_chinese_message(api: Any, setup: SimpleNamespace,
                                                             objects: SimpleNamespace) -> None:
    membership_id = _add(api, "office_staff", setup.team.pk, setup.worked.person_id).json()["membership"]["id"]
    response = api("office_director").post("/recusal-overrides", {
        "membership_id": membership_id, "organization_id": objects.org_b.pk, "rule": "worked_at", "reason": REASON})
    assert response.status_code == 400
    assert response.json()["message"] == "这一情形必须回避，不能说明理由保留；请调整巡察组成员。"
    assert not RecusalOverride.objects.exists()
    outside = api("member_b").post("/recusal-overrides", {
        "membership_id": membership_id, "organization_id": objects.org_b.pk, "rule": "worked_at", "reason": REASON})
    assert outside.status_code == 404
