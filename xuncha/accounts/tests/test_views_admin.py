"""The administrators' pages: who may open them (everyone else: 404), accounts, time limits, role assignments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent
from xuncha.inspections.models import TeamMembership
from xuncha.rules.models import TimeLimits
from xuncha.rules.selectors import limit_label

pytestmark = pytest.mark.django_db

ALL_PERSONAS = ["office_staff", "office_director", "leading_group", "cdi", "orgdept", "leader_a", "member_b",
                "liaison_a", "system_admin", "security_admin", "security_auditor", "outsider"]
PAGES = {
    "accounts:user-list": "system_admin",
    "accounts:user-create": "system_admin",
    "accounts:time-limits-list": "system_admin",
    "accounts:role-list": "security_admin",
    "accounts:role-grant": "security_admin",
}


@pytest.mark.parametrize("url_name", sorted(PAGES))
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_administration_pages_exist_only_for_their_administrator(login, url_name, persona):
    response = login(persona).get(reverse(url_name))
    assert response.status_code == (200 if persona == PAGES[url_name] else 404)


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p != "system_admin"])
def test_time_limits_and_user_actions_are_404_for_others(login, world, persona):
    client = login(persona)
    assert client.get(reverse("accounts:time-limits-edit", args=[world.city.pk])).status_code == 404
    assert client.post(reverse("accounts:time-limits-edit", args=[world.city.pk]),
                       {"fieldwork_days_routine": 40}).status_code == 404
    assert client.post(reverse("accounts:time-limits-reset", args=[world.city.pk])).status_code == 404
    target = world.users["member_b"]
    assert client.post(reverse("accounts:user-toggle-active", args=[target.pk])).status_code == 404
    assert client.get(reverse("accounts:person-search"), {"q": "周"}).status_code == 404
    target.refresh_from_db()
    assert target.is_active
    assert not TimeLimits.objects.filter(jurisdiction=world.city).exists()


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p != "security_admin"])
def test_role_actions_are_404_for_others(login, world, persona):
    assignment = RoleAssignment.objects.get(user=world.users["member_b"])
    client = login(persona)
    assert client.post(reverse("accounts:role-revoke", args=[assignment.pk])).status_code == 404
    assert client.post(reverse("accounts:role-grant"), {"user": "outsider", "role": "liaison",
                                                        "organization": world.org_a.pk}).status_code == 404
    assignment.refresh_from_db()
    assert assignment.is_active
    assert not RoleAssignment.objects.filter(user=world.users["outsider"]).exists()


# ---- Accounts --------------------------------------------------------------------------------------------------


def test_user_list_shows_role_names_only(login, world):
    html = login("system_admin").get(reverse("accounts:user-list")).content.decode()
    assert "leader_a" in html and "巡察组组长" in html and "被巡察单位联络员" in html
    # No business data: neither the team nor the organisation a role is bound to.
    for business in ("市委第一巡察组", "市工商联", "市住建局", "JC-S-01"):
        assert business not in html
    # Accounts bound only in another city are not this administrator's.
    assert "other_staff" not in html and "other_admin" not in html
    assert "outsider" in html  # not placed anywhere yet: every administrator can find it


def test_user_list_search_and_bad_filters(login, world):
    client = login("system_admin")
    html = client.get(reverse("accounts:user-list"), {"q": "liaison"}).content.decode()
    assert "liaison_a" in html and "leader_a" not in html
    assert client.get(reverse("accounts:user-list"), {"status": "bogus", "page": "x" * 50}).status_code == 200


def test_user_create_is_audited_and_links_a_cadre(login, world):
    client = login("system_admin")
    response = client.post(reverse("accounts:user-create"), {
        "username": "new_clerk", "display_name": "钱新", "password1": "Lq7#mvW2pz!x", "password2": "Lq7#mvW2pz!x",
        "person": world.person_free.pk})
    assert response.status_code == 302
    user = User.objects.get(username="new_clerk")
    assert user.person == world.person_free
    assert user.check_password("Lq7#mvW2pz!x")
    assert not user.role_assignments.exists()
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor_username == "system_admin" and event.object_id == str(user.pk)


@pytest.mark.parametrize(("data", "message"), [
    ({"password1": "12345", "password2": "12345"}, "此密码太短"),
    ({"password1": "Lq7#mvW2pz!x", "password2": "Lq7#mvW2pz!y"}, "两次输入的密码不一致"),
    ({"username": "leader_a"}, "用户名已存在"),
    ({"username": "bad name!"}, "用户名"),
    ({"username": ""}, "请填写用户名"),
    ({"person": "999999"}, "干部不存在"),
    ({"person": "abc"}, "干部不存在"),
])
def test_user_create_refuses_bad_input_in_chinese(login, world, data, message):
    client = login("system_admin")
    payload = {"username": "new_clerk", "display_name": "钱新", "password1": "Lq7#mvW2pz!x",
               "password2": "Lq7#mvW2pz!x", **data}
    before = User.objects.count()
    response = client.post(reverse("accounts:user-create"), payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_user_create_cannot_link_a_cadre_outside_the_jurisdiction(login, world):
    client = login("system_admin")
    response = client.post(reverse("accounts:user-create"), {
        "username": "new_clerk", "display_name": "钱新", "password1": "Lq7#mvW2pz!x", "password2": "Lq7#mvW2pz!x",
        "person": world.person_other.pk})
    assert response.status_code == 400
    assert "干部不存在、不在您的管辖范围内" in response.content.decode()


def test_person_search_lists_unlinked_cadres_in_scope(login, world):
    client = login("system_admin")
    html = client.get(reverse("accounts:person-search"), {"q": "周"}).content.decode()
    assert "周自由" in html and f'data-person-id="{world.person_free.pk}"' in html
    assert "吴外市" not in client.get(reverse("accounts:person-search"), {"q": "吴"}).content.decode()
    # Each search of cadres is a read of people data: audited with the term and the number found.
    searches = AuditEvent.objects.filter(action="person.search", actor_username="system_admin").order_by("pk")
    assert [(e.details, e.object_type) for e in searches] == [
        ('{"count":1,"q":"周","via":"account_linking"}', "orgs.person"),
        ('{"count":0,"q":"吴","via":"account_linking"}', "orgs.person")]


def test_disabling_an_account_ends_its_session_and_is_audited(client, login, world):
    from django.test import Client

    victim = Client()
    victim.force_login(world.users["leader_a"])
    assert victim.get("/").status_code == 200
    response = login("system_admin").post(reverse("accounts:user-toggle-active", args=[world.users["leader_a"].pk]),
                                          {"back": "q=lead&x=\r\nSet-Cookie: a=b"})
    assert response.status_code == 302
    assert "\r" not in response["Location"] and "\n" not in response["Location"]
    world.users["leader_a"].refresh_from_db()
    assert not world.users["leader_a"].is_active
    assert AuditEvent.objects.filter(action="user.disable", object_id=str(world.users["leader_a"].pk)).exists()
    assert victim.get("/").status_code == 302  # signed out at the next request (SEC-13)
    client.post(reverse("accounts:user-toggle-active", args=[world.users["leader_a"].pk]))
    world.users["leader_a"].refresh_from_db()
    assert world.users["leader_a"].is_active
    assert AuditEvent.objects.filter(action="user.enable").exists()


def test_administrator_cannot_disable_self_or_reach_other_cities(login, world):
    client = login("system_admin")
    response = client.post(reverse("accounts:user-toggle-active", args=[world.users["system_admin"].pk]),
                           follow=True)
    assert "不能停用自己的账户" in response.content.decode()
    assert User.objects.get(username="system_admin").is_active
    assert client.post(reverse("accounts:user-toggle-active",
                               args=[world.users["other_staff"].pk])).status_code == 404
    assert client.post(reverse("accounts:user-toggle-active", args=[987654])).status_code == 404


# ---- Time limits -----------------------------------------------------------------------------------------------


def test_time_limits_list_shows_effective_values_and_their_source(login, world):
    TimeLimits.objects.create(jurisdiction=world.city, fieldwork_days_routine=35)
    html = login("system_admin").get(reverse("accounts:time-limits-list")).content.decode()
    assert "中共江城市委员会" in html and "中共东湖县委员会" in html
    assert "中共河口市委员会" not in html
    assert "本级设定" in html and "沿用江城市" in html
    assert ">35<" in html


def test_time_limits_edit_shows_every_field_with_its_label(login, world):
    html = login("system_admin").get(reverse("accounts:time-limits-edit", args=[world.county.pk])).content.decode()
    for name in TimeLimits.editable_fields():
        assert f'name="{name}"' in html
        assert limit_label(name) in html
    assert "系统默认" in html


def _limits_payload(**overrides):
    defaults = TimeLimits()
    data = {f: getattr(defaults, f) for f in TimeLimits.editable_fields()}
    data.update(overrides)
    return data


def test_time_limits_save_creates_the_row_and_audits_the_changes(login, world):
    client = login("system_admin")
    url = reverse("accounts:time-limits-edit", args=[world.county.pk])
    response = client.post(url, _limits_payload(fieldwork_days_routine=40, coverage_cycle_years=5))
    assert response.status_code == 302
    row = TimeLimits.objects.get(jurisdiction=world.county)
    assert row.fieldwork_days_routine == 40
    event = AuditEvent.objects.get(action="config.time_limits")
    assert event.object_type == "orgs.jurisdiction" and event.object_id == str(world.county.pk)
    assert '"fieldwork_days_routine":[30,40]' in event.details
    assert "coverage_cycle_years" not in event.details
    # Saving the same values again changes nothing and writes nothing.
    client.post(url, _limits_payload(fieldwork_days_routine=40))
    assert AuditEvent.objects.filter(action="config.time_limits").count() == 1


@pytest.mark.parametrize(("overrides", "message"), [
    ({"fieldwork_days_routine": "abc"}, "必须是整数"),
    ({"fieldwork_days_routine": "-1"}, "不能小于 1"),
    ({"fieldwork_days_routine": "99999"}, "不能大于 180"),
    ({"coverage_cycle_years": ""}, "请填写"),
    ({"petition_cutoff_days_before_end": 20, "fieldwork_days_special": 15}, "必须少于进驻天数"),
    ({"lead_feedback_due_months": 8, "lead_closure_target_months": 6}, "不能长于"),
])
def test_time_limits_refuse_bad_input_in_chinese_and_change_nothing(login, world, overrides, message):
    TimeLimits.objects.create(jurisdiction=world.city, fieldwork_days_routine=35)
    client = login("system_admin")
    response = client.post(reverse("accounts:time-limits-edit", args=[world.city.pk]), _limits_payload(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert TimeLimits.objects.get(jurisdiction=world.city).fieldwork_days_routine == 35
    assert not TimeLimits.objects.filter(jurisdiction=world.county).exists()
    assert not AuditEvent.objects.filter(action="config.time_limits").exists()


def test_time_limits_reset_restores_inheritance_and_is_audited(login, world):
    TimeLimits.objects.create(jurisdiction=world.city, fieldwork_days_routine=35)
    TimeLimits.objects.create(jurisdiction=world.county, fieldwork_days_routine=45)
    client = login("system_admin")
    response = client.post(reverse("accounts:time-limits-reset", args=[world.county.pk]))
    assert response.status_code == 302
    assert not TimeLimits.objects.filter(jurisdiction=world.county).exists()
    assert TimeLimits.effective_for(world.county).fieldwork_days_routine == 35
    event = AuditEvent.objects.get(action="config.time_limits")
    assert '"fieldwork_days_routine":[45,35]' in event.details and '"inherit":true' in event.details
    # Nothing left to reset: a message, no second event.
    client.post(reverse("accounts:time-limits-reset", args=[world.county.pk]))
    assert AuditEvent.objects.filter(action="config.time_limits").count() == 1


def test_time_limits_of_another_city_are_404(login, world):
    client = login("system_admin")
    assert client.get(reverse("accounts:time-limits-edit", args=[world.other_city.pk])).status_code == 404
    assert client.post(reverse("accounts:time-limits-edit", args=[world.other_city.pk]),
                       _limits_payload()).status_code == 404
    assert client.get(reverse("accounts:time-limits-edit", args=[10**9])).status_code == 404


# ---- Role assignments ------------------------------------------------------------------------------------------


def test_role_list_shows_active_and_revoked_with_filters(login, world):
    assignment = RoleAssignment.objects.get(user=world.users["member_b"])
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    client = login("security_admin")
    html = client.get(reverse("accounts:role-list")).content.decode()
    assert "member_b" in html and "已撤销" in html and "liaison_a" in html
    assert "十二届第三轮 · 市委第二巡察组" in html
    assert "other_staff" not in html  # bound in another city
    html = client.get(reverse("accounts:role-list"), {"role": "liaison"}).content.decode()
    assert "liaison_a" in html and "member_b" not in html
    html = client.get(reverse("accounts:role-list"), {"status": "revoked"}).content.decode()
    assert "member_b" in html and "liaison_a" not in html
    assert client.get(reverse("accounts:role-list"), {"role": "nonsense", "page": "-3"}).status_code == 200


def test_role_grant_form_lists_scope_objects_by_name(login, world):
    html = login("security_admin").get(reverse("accounts:role-grant")).content.decode()
    assert "十二届第三轮 · 市委第一巡察组" in html
    assert "中共江城市委员会" in html
    assert "河口" not in html
    assert 'id="role-scopes"' in html and "accounts.js" in html
    # Units are too many to list (issue 8): an autocomplete over the organisation search, which finds the
    # administrator's units only; a refused form shows the unit picked by its name.
    assert "中共江城市工商业联合会党组" not in html and '<select name="organization"' not in html
    assert f'data-autocomplete-url="{reverse("orgs:organization-search")}"' in html
    found = login("security_admin").get(reverse("orgs:organization-search"), {"q": "工商"}).content.decode()
    assert 'data-label="中共江城市工商业联合会党组"' in found
    refused = login("security_admin").post(reverse("accounts:role-grant"), {
        "user": "outsider", "role": Role.LIAISON, "organization": world.org_a.pk, "team": world.team_a.pk})
    assert refused.status_code == 400 and 'value="中共江城市工商业联合会党组"' in refused.content.decode()


def test_role_grant_and_revoke_are_audited_and_apply_at_once(client, login, world):
    outsider = client.__class__()
    outsider.force_login(world.users["outsider"])
    assert "JC-F-02" not in outsider.get("/").content.decode()

    admin = login("security_admin")
    response = admin.post(reverse("accounts:role-grant"), {"user": "outsider", "role": Role.LIAISON,
                                                           "organization": world.org_b.pk})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=world.users["outsider"])
    assert assignment.organization == world.org_b and assignment.granted_by == world.users["security_admin"]
    event = AuditEvent.objects.get(action="role.grant", object_id=str(assignment.pk))
    assert event.actor_username == "security_admin"
    # The next request of the grantee already sees the organisation's inspection (SEC-04).
    html = outsider.get("/").content.decode()
    assert "本单位接受巡察情况" in html and world.org_b.name in html and "JC-F-02" not in html

    response = admin.post(reverse("accounts:role-revoke", args=[assignment.pk]))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert AuditEvent.objects.filter(action="role.revoke", object_id=str(assignment.pk)).exists()
    html = outsider.get("/").content.decode()
    assert "本单位接受巡察情况" not in html and world.org_b.name not in html


@pytest.mark.parametrize(("data", "message"), [
    ({"role": Role.TEAM_MEMBER, "jurisdiction": "city"}, "须绑定一个巡察组"),
    ({"role": Role.TEAM_MEMBER, "team": "team_a", "organization": "org_a"}, "不能同时选择单位"),
    ({"role": Role.OFFICE_STAFF}, "须绑定一个党委"),
    ({"role": Role.OFFICE_STAFF, "jurisdiction": "other_city"}, "党委不存在或不在您的管辖范围内"),
    ({"role": "emperor", "jurisdiction": "city"}, "未知角色"),
    ({"user": "nobody", "role": Role.OFFICE_STAFF, "jurisdiction": "city"}, "用户不存在"),
    ({"user": "other_staff", "role": Role.OFFICE_STAFF, "jurisdiction": "city"}, "用户不存在"),
    ({"user": "security_admin", "role": Role.OFFICE_STAFF, "jurisdiction": "city"}, "不能为自己授予角色"),
    ({"user": "office_staff", "role": Role.SECURITY_AUDITOR, "jurisdiction": "city"}, "三员分立"),
    ({"user": "security_auditor", "role": Role.OFFICE_STAFF, "jurisdiction": "city"}, "三员分立"),
    ({"user": "office_staff", "role": Role.OFFICE_STAFF, "jurisdiction": "city"}, "已拥有这一角色授权"),
    ({"role": Role.LIAISON, "organization": "abc"}, "单位不存在"),
])
def test_role_grant_refuses_bad_input_in_chinese(login, world, data, message):
    objects = {"city": world.city.pk, "other_city": world.other_city.pk, "team_a": world.team_a.pk,
               "org_a": world.org_a.pk}
    payload = {"user": "outsider", **{k: objects.get(v, v) for k, v in data.items()}}
    before = RoleAssignment.objects.count()
    response = login("security_admin").post(reverse("accounts:role-grant"), payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert RoleAssignment.objects.count() == before
    assert not AuditEvent.objects.filter(action="role.grant", result="success").exclude(actor_username="").exists()
    # The refused grant is in the log, with its reason.
    refused = AuditEvent.objects.filter(action="role.grant", result="denied").latest("id")
    assert refused.actor_username == "security_admin" and message in refused.details


def test_security_admin_cannot_revoke_own_role(login, world):
    own = RoleAssignment.objects.get(user=world.users["security_admin"])
    response = login("security_admin").post(reverse("accounts:role-revoke", args=[own.pk]), follow=True)
    assert "不能撤销自己的角色" in response.content.decode()
    own.refresh_from_db()
    assert own.is_active


def test_revoking_twice_is_a_message_not_an_error(login, world):
    assignment = RoleAssignment.objects.get(user=world.users["member_b"])
    client = login("security_admin")
    client.post(reverse("accounts:role-revoke", args=[assignment.pk]))
    response = client.post(reverse("accounts:role-revoke", args=[assignment.pk]), follow=True)
    assert response.status_code == 200
    assert "该授权已撤销" in response.content.decode()


def test_regranting_a_revoked_role_reactivates_it(login, world):
    assignment = RoleAssignment.objects.get(user=world.users["member_b"])
    # A team role follows the roster: member_b is a cadre on 第二组 (whose inspection of 市住建局 has withdrawn).
    TeamMembership.objects.create(team=world.team_b, person=world.person_other, role="member")
    User.objects.filter(pk=world.users["member_b"].pk).update(person=world.person_other)
    client = login("security_admin")
    client.post(reverse("accounts:role-revoke", args=[assignment.pk]))
    data = {"user": "member_b", "role": Role.TEAM_MEMBER, "team": world.team_b.pk}
    response = client.post(reverse("accounts:role-grant"), data)
    assert response.status_code == 400 and "巡察办主任书面说明的理由" in response.content.decode()
    reason = "第二组需补充整改督查材料，经巡察办主任批准恢复其授权。"
    response = client.post(reverse("accounts:role-grant"), {**data, "reason": reason})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.is_active
    event = AuditEvent.objects.filter(action="role.grant", object_id=str(assignment.pk)).latest("pk")
    assert reason in event.details


def test_team_role_grant_follows_the_roster_on_the_page(login, world):
    """The case of the issue: 巡察组组长 of a team granted to an account with no cadre, or one not on the roster."""
    client = login("security_admin")
    data = {"user": "outsider", "role": Role.TEAM_LEADER, "team": world.team_a.pk}
    response = client.post(reverse("accounts:role-grant"), data)
    assert response.status_code == 400 and "未关联干部" in response.content.decode()
    User.objects.filter(pk=world.users["outsider"].pk).update(person=world.person_free)
    response = client.post(reverse("accounts:role-grant"), data)
    assert response.status_code == 400 and "不在市委第一巡察组的成员名单上" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=world.users["outsider"]).exists()


def test_role_of_another_city_is_404_to_revoke(login, world):
    other = RoleAssignment.objects.get(user=world.users["other_staff"])
    assert login("security_admin").post(reverse("accounts:role-revoke", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.is_active
