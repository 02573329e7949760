"""API of round planning and stationing: rounds, target candidates, inspections (1托N), work plans, notices,
liaison contacts, the mobilisation meeting and the announcement. 404 out of scope, 403 for a visible object
the caller's roles may not act on, 400 with ``fields`` for a business rule, 422 for a malformed body."""

import datetime

import pytest

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.api.api import route_table
from xuncha.audit.models import AuditEvent
from xuncha.inspections.models import (
    Inspection,
    InspectionNotice,
    InspectionTarget,
    LiaisonContact,
    MobilizationMeeting,
    Round,
    StationingAnnouncement,
)
from xuncha.inspections.stationing import announcement_save
from xuncha.planning.models import WorkPlan
from xuncha.planning.work_plans import work_plan_save, work_plan_submit
from xuncha.rules.models import RecusalPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def leading(world):
    user = User.objects.create_user(username="leading_group", password="x-test-password-1", display_name="领导小组")
    role_grant(actor=None, user=user, role=Role.LEADING_GROUP, jurisdiction=world.city)
    world.users["leading_group"] = user
    return user


def _round_body(world, **overrides):
    body = {"term_id": world.term.pk, "number": 4, "planned_start": "2024-09-02", "planned_end": "2024-10-25",
            "focus_notes": "聚焦“四个聚焦”。"}
    body.update(overrides)
    return body


def test_my_routes_are_in_the_route_table():
    routes = set(route_table(include_docs=False))
    for method, path in [
        ("POST", "/api/v1/rounds"),
        ("POST", "/api/v1/rounds/{round_id}/copy"),
        ("GET", "/api/v1/rounds/{round_id}/target-candidates"),
        ("POST", "/api/v1/rounds/{round_id}/inspections"),
        ("GET", "/api/v1/rounds/{round_id}/work-plans"),
        ("POST", "/api/v1/rounds/{round_id}/work-plans"),
        ("POST", "/api/v1/work-plans/{plan_id}/submit"),
        ("POST", "/api/v1/work-plans/{plan_id}/approve"),
        ("GET", "/api/v1/inspections/{inspection_id}/announcement"),
        ("PUT", "/api/v1/inspections/{inspection_id}/announcement"),
        ("POST", "/api/v1/inspections/{inspection_id}/notices"),
        ("POST", "/api/v1/inspections/{inspection_id}/liaison-contacts"),
        ("PUT", "/api/v1/inspections/{inspection_id}/mobilization-meeting"),
        ("PUT", "/api/v1/inspections/{inspection_id}/team"),
        ("PUT", "/api/v1/liaison-contacts/{contact_id}"),
        ("DELETE", "/api/v1/liaison-contacts/{contact_id}"),
    ]:
        assert (method, path) in routes


# ---- Rounds ------------------------------------------------------------------------------------------------------


def test_office_creates_a_round(world, as_user):
    response = as_user("office_staff").post("/rounds", _round_body(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["name"], body["planned_start"]) == (4, "第十二届第4轮巡察", "2024-09-02")
    assert body["term"] == {"id": world.term.pk, "name": "第十二届"}
    assert AuditEvent.objects.filter(action="round.create", object_id=str(body["id"])).exists()


def test_round_overlap_is_created_with_a_warning(world, as_user):
    body = as_user("office_staff").post("/rounds", _round_body(world)).json()
    assert body["warnings"] == []
    response = as_user("office_staff").post("/rounds", _round_body(world, number=5, planned_start="2024-10-08",
                                                                    planned_end="2024-11-29"))
    assert response.status_code == 201
    assert response.json()["warnings"] == ["与第4轮（2024-09-02—2024-10-25）时间重叠，请确认巡察力量是否够用。"]


@pytest.mark.parametrize(("user", "status"), [
    ("office_director", 201), ("leader_a", 403), ("member_b", 403), ("county_staff", 404), ("liaison_a", 404),
    ("system_admin", 404), ("security_admin", 404), ("security_auditor", 404), ("outsider", 404), (None, 401),
])
def test_round_create_by_role(world, as_user, user, status):
    assert as_user(user).post("/rounds", _round_body(world)).status_code == status
    assert Round.objects.filter(number=4).exists() is (status == 201)


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"planned_end": "2024-08-01"}, "planned_end", "计划撤驻时间不能早于计划进驻时间。"),
    ({"number": 3}, "number", "第十二届已有第3轮。"),
    ({"planned_start": "2027-01-04", "planned_end": "2027-02-01"}, "planned_start",
     "计划进驻时间应在本届任期内（2021-09-01—2026-08-31）。"),
    ({"planned_start": "2026-08-03", "planned_end": "2026-09-30"}, "planned_end",
     "计划撤驻时间应在本届任期内（2021-09-01—2026-08-31）。"),
    ({"planned_start": "2023-09-04", "planned_end": "2023-09-08"}, "number",
     "第4轮的计划进驻时间早于第3轮（2024-03-01进驻），轮次应按时间先后编号。"),
])
def test_round_refused_by_a_rule(world, as_user, overrides, field, message):
    response = as_user("office_staff").post("/rounds", _round_body(world, **overrides))
    assert response.status_code == 400
    assert response.json()["fields"] == {field: [message]}
    assert Round.objects.count() == 1


@pytest.mark.parametrize("overrides", [{"number": 0}, {"planned_start": "2024-13-01"}, {"colour": "red"},
                                       {"name": "长" * 61}, {"term_id": "x"}])
def test_malformed_round_is_422(world, as_user, overrides):
    response = as_user("office_staff").post("/rounds", _round_body(world, **overrides))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_round_of_an_unknown_term_is_404(world, as_user):
    assert as_user("office_staff").post("/rounds", _round_body(world, term_id=999999)).status_code == 404


def test_copy_round(world, as_user):
    work_plan_save(actor=world.users["office_staff"], round_id=world.round.pk, focus="重点", schedule="安排")
    response = as_user("office_director").post(f"/rounds/{world.round.pk}/copy",
                                               {"planned_start": "2024-09-02", "planned_end": "2024-10-25"})
    assert response.status_code == 201, response.content
    new = Round.objects.get(pk=response.json()["id"])
    assert new.number == 4
    assert new.teams.count() == 2
    assert new.work_plans.get().focus == "重点"


@pytest.mark.parametrize(("user", "status"), [("member_a", 403), ("county_staff", 404), ("liaison_a", 404)])
def test_copy_round_by_role(world, as_user, user, status):
    response = as_user(user).post(f"/rounds/{world.round.pk}/copy",
                                  {"planned_start": "2024-09-02", "planned_end": "2024-10-25"})
    assert response.status_code == status
    assert Round.objects.count() == 1


# ---- Target candidates and inspections ---------------------------------------------------------------------------


def _candidates(api, world, **params):
    return api.get(f"/rounds/{world.round.pk}/target-candidates", **params)


def test_candidates_are_those_not_yet_covered(world, as_user):
    body = _candidates(as_user("office_staff"), world).json()
    assert body["count"] == 1
    [row] = body["results"]
    assert (row["id"], row["covered"], row["last_inspected"]) == (world.org_county.pk, False, None)
    assert (row["org_type_label"], row["sector_label"]) == ("党组", "党政机关")
    assert row["jurisdiction"] == {"id": world.county.pk, "name": "江城市东湖县"}


def test_candidates_with_covered_and_filters(world, as_user):
    api = as_user("office_staff")
    Inspection.objects.filter(pk=world.inspection_a.pk).update(stationed_on=datetime.date(2019, 3, 1))
    body = _candidates(api, world, include_covered="true").json()
    assert {r["id"] for r in body["results"]} == {world.org_a.pk, world.org_b.pk, world.org_county.pk}
    covered = {r["id"]: r for r in body["results"]}[world.org_a.pk]
    assert (covered["covered"], covered["last_inspected"]) == (True, "2019-03-01")
    assert [r["id"] for r in _candidates(api, world, include_covered="true", q="教育").json()["results"]] == [
        world.org_county.pk]
    assert [r["id"] for r in _candidates(api, world, include_covered="true",
                                         region=world.county.pk).json()["results"]] == [world.org_county.pk]
    assert _candidates(api, world, min_staff=1000).json()["count"] == 0
    assert _candidates(api, world, sector="").json()["count"] == 1


@pytest.mark.parametrize("params", [{"last": "7"}, {"sector": "nope"}, {"min_staff": -1}, {"page_size": 500}])
def test_bad_candidate_filters_are_422(world, as_user, params):
    assert _candidates(as_user("office_staff"), world, **params).status_code == 422


@pytest.mark.parametrize(("user", "status"), [("office_director", 200), ("leader_a", 403), ("member_b", 403),
                                              ("county_staff", 404), ("liaison_a", 404), ("system_admin", 404)])
def test_candidates_by_role(world, as_user, user, status):
    assert _candidates(as_user(user), world).status_code == status


def _inspection_body(*orgs, **overrides):
    body = {"organization_ids": [o.pk for o in orgs], "inspection_type": "routine"}
    body.update(overrides)
    return body


def test_office_plans_an_inspection_of_several_organisations(world, as_user):
    response = as_user("office_staff").post(
        f"/rounds/{world.round.pk}/inspections",
        _inspection_body(world.org_county, world.org_a, inspection_type="special", special_topic="公租房",
                         team_id=world.team_b.pk, is_cross=True))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["inspection_type"] == "special" and body["special_topic"] == "公租房" and body["is_cross"]
    assert body["team"] == {"id": world.team_b.pk, "name": "第二巡察组"}
    assert {t["id"] for t in body["targets"]} == {world.org_county.pk, world.org_a.pk}
    assert body["status"] == "planned"
    assert body["planned_entry"] == "2024-03-01"


@pytest.mark.parametrize(("body", "field", "message"), [
    ("already", "organizations", "市工商联已列入JC-2024-3-01，不能重复安排。"),
    ("no_topic", "special_topic", "专项巡察必须填写专项主题。"),
    ("stray_parent", "parent_inspection", "县教育局不归JC-2024-3-01的被巡察党组织管理，不能从该巡察延伸；"
                                          "请选择对其主管党组织的巡察，或不填（单独开展延伸巡察）。"),
    ("other_team", "team", "巡察组不属于本轮。"),
])
def test_inspection_refused_by_a_rule(world, as_user, body, field, message):
    other_round = Round.objects.create(term=world.term, number=9, name="第九轮", year=2025,
                                       planned_start=datetime.date(2025, 3, 1), planned_end=datetime.date(2025, 4, 1))
    other_team = other_round.teams.create(number=1, name="别轮组", home_jurisdiction=world.city)
    bodies = {
        "already": _inspection_body(world.org_a),
        "no_topic": _inspection_body(world.org_county, inspection_type="special"),
        "stray_parent": _inspection_body(world.org_county, inspection_type="extended",
                                         parent_inspection_id=world.inspection_a.pk),
        "other_team": _inspection_body(world.org_county, team_id=other_team.pk),
    }
    before = Inspection.objects.count()
    response = as_user("office_staff").post(f"/rounds/{world.round.pk}/inspections", bodies[body])
    assert response.status_code == 400
    messages = response.json()["fields"][field]
    assert messages == [message]
    assert Inspection.objects.count() == before


def test_inspection_linked_to_an_invisible_inspection_is_refused(world, as_user):
    county_term = world.county.terms.create(number=9, name="九届", start_date=datetime.date(2021, 9, 1),
                                            end_date=datetime.date(2026, 8, 31))
    county_round = Round.objects.create(term=county_term, number=1, name="县第一轮", year=2024,
                                        planned_start=datetime.date(2024, 3, 1),
                                        planned_end=datetime.date(2024, 4, 1))
    response = as_user("county_staff").post(f"/rounds/{county_round.pk}/inspections", _inspection_body(
        world.org_county, inspection_type="extended", parent_inspection_id=world.inspection_a.pk))
    assert response.status_code == 400
    assert response.json()["fields"] == {"parent_inspection_id": ["所选巡察不存在或无权查看。"]}
    assert not Inspection.objects.filter(parent_inspection__isnull=False).exists()


@pytest.mark.parametrize(("user", "status"), [("member_a", 403), ("leader_a", 403), ("county_staff", 404),
                                              ("liaison_a", 404), ("security_auditor", 404)])
def test_inspection_create_by_role(world, as_user, user, status):
    before = Inspection.objects.count()
    response = as_user(user).post(f"/rounds/{world.round.pk}/inspections", _inspection_body(world.org_county))
    assert response.status_code == status
    assert Inspection.objects.count() == before


@pytest.mark.parametrize("body", [{"organization_ids": [], "inspection_type": "routine"},
                                  {"organization_ids": [1], "inspection_type": "nope"},
                                  {"organization_ids": [1], "inspection_type": "routine", "code": "X"}])
def test_malformed_inspection_is_422(world, as_user, body):
    assert as_user("office_staff").post(f"/rounds/{world.round.pk}/inspections", body).status_code == 422


# ---- Work plans --------------------------------------------------------------------------------------------------


def _plan_body(**overrides):
    body = {"focus": "聚焦“六个围绕”。", "schedule": "3月进驻，4月撤驻。", "key_matters": "一次一授权。"}
    body.update(overrides)
    return body


def test_work_plan_lifecycle(world, as_user, leading):
    created = as_user("office_staff").post(f"/rounds/{world.round.pk}/work-plans", _plan_body())
    assert created.status_code == 201, created.content
    plan = created.json()
    assert (plan["version"], plan["status"], plan["status_label"], plan["created_by"]) == (
        1, "draft", "草稿", "office_staff")
    submitted = as_user("office_staff").post(f"/work-plans/{plan['id']}/submit")
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    approved = as_user("leading_group").post(f"/work-plans/{plan['id']}/approve")
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["approved_by"]) == ("approved", "领导小组")
    second = as_user("office_staff").post(f"/rounds/{world.round.pk}/work-plans", _plan_body(focus="修订"))
    assert second.json()["version"] == 2
    listed = as_user("member_a").get(f"/rounds/{world.round.pk}/work-plans").json()
    assert [p["version"] for p in listed["results"]] == [2, 1]


def test_only_the_leading_group_approves(world, as_user, leading):
    plan = work_plan_save(actor=world.users["office_staff"], round_id=world.round.pk, focus="f", schedule="s")
    work_plan_submit(actor=world.users["office_staff"], plan_id=plan.pk)
    for user in ("office_staff", "office_director", "leader_a"):
        response = as_user(user).post(f"/work-plans/{plan.pk}/approve")
        assert response.status_code == 403
        assert response.json()["message"] == "工作方案由巡察工作领导小组审批。"
    assert as_user("county_staff").post(f"/work-plans/{plan.pk}/approve").status_code == 404
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_approving_a_draft_is_409(world, as_user, leading):
    plan = work_plan_save(actor=world.users["office_staff"], round_id=world.round.pk, focus="f", schedule="s")
    response = as_user("leading_group").post(f"/work-plans/{plan.pk}/approve")
    assert response.status_code == 409  # the plan's state refuses the step (API: 状态不允许 409)
    assert response.json()["message"] == "只有已报批的方案可以批准。"


def test_empty_work_plan_is_refused(world, as_user):
    response = as_user("office_staff").post(f"/rounds/{world.round.pk}/work-plans", _plan_body(focus=" "))
    assert response.status_code == 400
    assert response.json()["fields"] == {"focus": ["请填写监督重点。"]}
    assert not WorkPlan.objects.exists()


@pytest.mark.parametrize(("user", "get_status", "post_status"), [
    ("office_director", 200, 201), ("leading_group", 200, 403), ("leader_a", 200, 403), ("member_b", 200, 403),
    ("county_staff", 404, 404), ("liaison_a", 404, 404), ("system_admin", 404, 404),
])
def test_work_plans_by_role(world, as_user, leading, user, get_status, post_status):
    assert as_user(user).get(f"/rounds/{world.round.pk}/work-plans").status_code == get_status
    assert as_user(user).post(f"/rounds/{world.round.pk}/work-plans", _plan_body()).status_code == post_status


# ---- Stationing --------------------------------------------------------------------------------------------------


def _announcement_body(**overrides):
    body = {"phone": "027-88886666", "phone_hours": "每天 8:00—18:00", "post_box": "江城市A001号邮政信箱",
            "email": "xcz1@example.gov.cn"}
    body.update(overrides)
    return body


def test_announcement_put_and_get(world, as_user):
    url = f"/inspections/{world.inspection_a.pk}/announcement"
    assert as_user("office_staff").get(url).status_code == 404
    response = as_user("office_staff").put(url, _announcement_body())
    assert response.status_code == 200, response.content
    body = response.json()
    # Defaults: from entry until the configured days before withdrawal; the standard scope text.
    assert (body["accept_from"], body["accept_until"]) == ("2024-03-01", "2024-03-28")
    assert body["scope_text"].startswith("主要受理反映被巡察党组织领导班子")
    for user in ("liaison_a", "member_a", "leader_a"):
        assert as_user(user).get(url).json()["phone"] == "027-88886666"
    assert as_user("liaison_b").get(url).status_code == 404
    assert as_user("member_b").get(url).status_code == 404
    changed = as_user("office_director").put(url, _announcement_body(phone="027-1", accept_until="2024-03-20"))
    assert (changed.json()["phone"], changed.json()["accept_until"]) == ("027-1", "2024-03-20")
    assert StationingAnnouncement.objects.count() == 1


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"accept_until": "2024-03-30"}, "accept_until", "信访受理应在撤驻前3天截止，即不晚于2024年03月28日。"),
    ({"accept_from": "2024-02-01"}, "accept_from", "受理开始时间不能早于进驻时间。"),
    ({"phone": " "}, "phone", "请填写值班电话。"),
])
def test_announcement_refused_by_a_rule(world, as_user, overrides, field, message):
    response = as_user("office_staff").put(f"/inspections/{world.inspection_a.pk}/announcement",
                                           _announcement_body(**overrides))
    assert response.status_code == 400
    assert response.json()["fields"] == {field: [message]}
    assert not StationingAnnouncement.objects.exists()


@pytest.mark.parametrize("overrides", [{"email": "nope"}, {"fax": "1"}, {"accept_until": "soon"}])
def test_malformed_announcement_is_422(world, as_user, overrides):
    response = as_user("office_staff").put(f"/inspections/{world.inspection_a.pk}/announcement",
                                           _announcement_body(**overrides))
    assert response.status_code == 422


@pytest.mark.parametrize(("user", "status"), [("leader_a", 403), ("liaison_a", 403), ("member_b", 404),
                                              ("county_staff", 404), ("outsider", 404)])
def test_announcement_put_by_role(world, as_user, user, status):
    response = as_user(user).put(f"/inspections/{world.inspection_a.pk}/announcement", _announcement_body())
    assert response.status_code == status
    assert not StationingAnnouncement.objects.exists()


def test_notice_issue(world, as_user):
    body = {"organization_id": world.org_a.pk, "notice_no": "江巡通〔2024〕3号", "issued_on": "2024-02-19",
            "requirements": "准备工作汇报。"}
    response = as_user("office_staff").post(f"/inspections/{world.inspection_a.pk}/notices", body)
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["organization"]["id"] == world.org_a.pk
    assert (out["entry_date"], out["liaison_list_due"]) == ("2024-03-01", "2024-02-28")
    late = as_user("office_staff").post(f"/inspections/{world.inspection_a.pk}/notices",
                                        {**body, "issued_on": "2024-02-25"})
    assert late.status_code == 400
    assert late.json()["fields"] == {"issued_on": ["巡察通知应在进驻前10天印发，即不晚于2024年02月20日。"]}
    other = as_user("office_staff").post(f"/inspections/{world.inspection_a.pk}/notices",
                                         {**body, "organization_id": world.org_b.pk})
    assert (other.status_code, other.json()["message"]) == (400, "该单位不是本次巡察的被巡察党组织。")
    assert InspectionNotice.objects.get().issued_on == datetime.date(2024, 2, 19)


@pytest.mark.parametrize(("user", "status"), [("leader_a", 403), ("liaison_a", 403), ("member_b", 404)])
def test_notice_by_role(world, as_user, user, status):
    body = {"organization_id": world.org_a.pk, "notice_no": "N", "issued_on": "2024-02-19", "requirements": "r"}
    assert as_user(user).post(f"/inspections/{world.inspection_a.pk}/notices", body).status_code == status
    assert not InspectionNotice.objects.exists()


def _contact_body(org, **overrides):
    body = {"organization_id": org.pk, "name": "李建国", "post": "副主席", "phone": "027-63218800", "is_head": True}
    body.update(overrides)
    return body


@pytest.mark.parametrize("user", ["office_staff", "liaison_a"])
def test_liaison_contact_added_by_office_or_own_liaison(world, as_user, user):
    response = as_user(user).post(f"/inspections/{world.inspection_a.pk}/liaison-contacts",
                                  _contact_body(world.org_a))
    assert response.status_code == 201, response.content
    assert response.json()["organization_id"] == world.org_a.pk
    assert LiaisonContact.objects.get().is_head


@pytest.mark.parametrize(("user", "org", "status"), [
    ("liaison_a", "org_b", 403),  # not their organisation
    ("member_a", "org_a", 403),
    ("liaison_b", "org_a", 404),  # does not see inspection A
    ("county_staff", "org_a", 404),
])
def test_liaison_contact_by_role(world, as_user, user, org, status):
    response = as_user(user).post(f"/inspections/{world.inspection_a.pk}/liaison-contacts",
                                  _contact_body(getattr(world, org)))
    assert response.status_code == status
    assert not LiaisonContact.objects.exists()


def test_liaison_contact_bad_phone_is_422(world, as_user):
    response = as_user("office_staff").post(f"/inspections/{world.inspection_a.pk}/liaison-contacts",
                                            _contact_body(world.org_a, phone="call me"))
    assert response.status_code == 422


def _meeting_body(**overrides):
    body = {"held_at": "2024-03-01T09:00:00", "place": "市工商联三楼会议室", "attendees": "班子成员",
            "speakers": "组长通报，书记表态"}
    body.update(overrides)
    return body


def test_mobilization_meeting_put(world, as_user):
    url = f"/inspections/{world.inspection_a.pk}/mobilization-meeting"
    response = as_user("office_staff").put(url, _meeting_body())
    assert response.status_code == 200, response.content
    assert response.json()["place"] == "市工商联三楼会议室"
    again = as_user("office_staff").put(url, _meeting_body(place="二楼", held_at="2024-03-01T09:30:00+08:00"))
    assert again.json()["place"] == "二楼"
    assert MobilizationMeeting.objects.count() == 1
    empty = as_user("office_staff").put(url, _meeting_body(place=""))
    assert (empty.status_code, empty.json()["fields"]) == (400, {"place": ["请填写会议地点。"]})


@pytest.mark.parametrize(("user", "status"), [("leader_a", 403), ("liaison_a", 403), ("member_b", 404)])
def test_mobilization_meeting_by_role(world, as_user, user, status):
    response = as_user(user).put(f"/inspections/{world.inspection_a.pk}/mobilization-meeting", _meeting_body())
    assert response.status_code == status
    assert not MobilizationMeeting.objects.exists()


def test_announcement_saved_by_service_is_read_by_the_liaison(world, as_user):
    announcement_save(actor=world.users["office_staff"], inspection_id=world.inspection_a.pk, phone="027-2",
                      phone_hours="全天")
    body = as_user("liaison_a").get(f"/inspections/{world.inspection_a.pk}/announcement").json()
    assert (body["inspection_id"], body["phone"], body["phone_hours"]) == (world.inspection_a.pk, "027-2", "全天")


# ---- The team of an inspection (attach, change, remove before stationing) -----------------------------------------


def test_office_takes_off_attaches_and_changes_the_team_with_the_recusal_check(world, as_user):
    api, path = as_user("office_staff"), f"/inspections/{world.inspection_a.pk}/team"
    response = api.put(path, {"team_id": None})
    assert response.status_code == 200, response.content
    assert response.json()["inspection"]["team"] is None
    # 第二组's leader works at 市工商联, the target: a blocking ground refuses the change, nothing changes.
    response = api.put(path, {"team_id": world.team_b.pk})
    assert response.status_code == 400
    assert "必须回避" in response.json()["fields"]["team"][0]
    assert Inspection.objects.get(pk=world.inspection_a.pk).team is None
    RecusalPolicy.objects.create(jurisdiction=world.city, rule="worked_at", severity="warning")
    response = api.put(path, {"team_id": world.team_b.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["inspection"]["team"]["id"] == world.team_b.pk
    assert [(w["person"]["name"], w["rule"]) for w in body["recusal_warnings"]] == [("钱组长", "worked_at")]
    assert AuditEvent.objects.filter(action="inspection.team_set", object_id=str(world.inspection_a.pk)).count() == 2


def test_team_change_refused_once_stationed(world, as_user):
    Inspection.objects.filter(pk=world.inspection_a.pk).update(status="stationed")
    response = as_user("office_staff").put(f"/inspections/{world.inspection_a.pk}/team", {"team_id": None})
    assert response.status_code == 400
    assert "不能再更换巡察组" in response.json()["message"]
    assert Inspection.objects.get(pk=world.inspection_a.pk).team == world.team_a


@pytest.mark.parametrize(("user", "status"), [
    ("leader_a", 403), ("member_a", 403), ("liaison_a", 403), ("county_staff", 404), ("member_b", 404),
    ("security_admin", 404), (None, 401),
])
def test_team_change_by_role(world, as_user, user, status):
    response = as_user(user).put(f"/inspections/{world.inspection_a.pk}/team", {"team_id": None})
    assert response.status_code == status
    assert Inspection.objects.get(pk=world.inspection_a.pk).team == world.team_a


# ---- Liaison contacts: edit and remove ----------------------------------------------------------------------------


def _contact(world, org=None, name="李建国"):
    return LiaisonContact.objects.create(inspection=world.inspection_a, organization=org or world.org_a, name=name,
                                         post="党组成员", phone="027-63218800", is_head=True)


@pytest.mark.parametrize("user", ["office_staff", "liaison_a"])
def test_office_and_the_organisations_liaison_edit_and_remove_a_contact(world, as_user, user):
    contact = _contact(world)
    api = as_user(user)
    response = api.put(f"/liaison-contacts/{contact.pk}", {"name": "李建国", "post": "党组副书记",
                                                           "phone": "027-63218899"})
    assert response.status_code == 200, response.content
    assert (response.json()["post"], response.json()["phone"], response.json()["is_head"]) == (
        "党组副书记", "027-63218899", False)
    assert AuditEvent.objects.get(action="liaison_contact.update").actor_username == user
    assert api.delete(f"/liaison-contacts/{contact.pk}").status_code == 204
    assert not LiaisonContact.objects.exists()
    assert AuditEvent.objects.get(action="liaison_contact.remove").actor_username == user


@pytest.mark.parametrize(("user", "status"), [
    ("leader_a", 403), ("member_a", 403), ("liaison_b", 404), ("county_staff", 404), ("security_admin", 404),
    (None, 401),
])
def test_contact_edit_and_remove_by_role(world, as_user, user, status):
    contact = _contact(world)
    api = as_user(user)
    assert api.put(f"/liaison-contacts/{contact.pk}", {"name": "改名", "phone": "027-1234567"}).status_code == status
    assert api.delete(f"/liaison-contacts/{contact.pk}").status_code == status
    contact.refresh_from_db()
    assert contact.name == "李建国"


def test_a_liaison_cannot_reach_another_organisations_contact(world, as_user):
    InspectionTarget.objects.create(inspection=world.inspection_a, organization=world.org_b)
    other = _contact(world, org=world.org_b, name="王五")
    api = as_user("liaison_a")
    assert api.put(f"/liaison-contacts/{other.pk}", {"name": "改名", "phone": "027-1234567"}).status_code == 404
    assert api.delete(f"/liaison-contacts/{other.pk}").status_code == 404
