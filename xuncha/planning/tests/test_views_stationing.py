"""Stationing pages: the inspection notice, the liaison group, the mobilisation meeting, the announcement and its
printable page, and what stationing still needs. Office roles act, team roles read, the inspected organisation's
liaison reads and adds to its own liaison group."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.audit.models import AuditEvent
from xuncha.inspections.models import (
    InspectionNotice,
    InspectionTarget,
    LiaisonContact,
    MemberDeclaration,
    MobilizationMeeting,
    StationingAnnouncement,
)
from xuncha.inspections.stationing import announcement_save, declaration_record, inspection_notice_issue

pytestmark = pytest.mark.django_db
D = datetime.date


def _html(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def extra(world: Any) -> Any:
    for username, role, scope in (("deputy_a", Role.TEAM_DEPUTY, {"team": world.team_a}),
                                  ("org_dept", Role.ORG_DEPARTMENT, {"jurisdiction": world.city})):
        user = User.objects.create_user(username=username, password="x-test-password-1", display_name=username)
        role_grant(actor=None, user=user, role=role, **scope)
        world.users[username] = user
    return world


@pytest.fixture
def as_user(client: Client, extra: Any) -> Any:
    def sign_in(username: str) -> Client:
        client.force_login(extra.users[username])
        return client

    return sign_in


@pytest.fixture
def announced(world: Any) -> StationingAnnouncement:
    return announcement_save(actor=world.users["office_staff"], inspection_id=world.inspection_a.pk,
                             phone="027-88886666", phone_hours="每天 8:00—18:00", post_box="江城市A001号邮政信箱",
                             email="xcz1@example.gov.cn")


def _url(name: str, inspection: Any) -> str:
    return reverse(name, args=[inspection.pk])


# ---- Who may open which page -------------------------------------------------------------------------------------

# persona → expected status of (stationing-detail, stationing-panel, announcement-edit, announcement-print) on
# inspection A (team A, organisation A, preparing).
MATRIX = {
    "office_staff": (200, 200, 200, 200),
    "office_director": (200, 200, 200, 200),
    "leading_group": (200, 200, 403, 200),
    "cdi": (200, 200, 403, 200),
    "org_dept": (200, 200, 403, 200),
    "leader_a": (200, 200, 403, 200),
    "deputy_a": (200, 200, 403, 200),
    "member_a": (200, 200, 403, 200),
    "liaison_a": (200, 200, 403, 200),
    "member_b": (404, 404, 404, 404),
    "liaison_b": (404, 404, 404, 404),
    "county_staff": (404, 404, 404, 404),
    "system_admin": (404, 404, 404, 404),
    "security_admin": (404, 404, 404, 404),
    "security_auditor": (404, 404, 404, 404),
    "outsider": (404, 404, 404, 404),
}
PAGES = ("planning:stationing-detail", "planning:stationing-panel", "planning:announcement-edit",
         "planning:announcement-print")


@pytest.mark.parametrize(("persona", "url_name", "expected"), [
    (persona, name, statuses[i]) for persona, statuses in MATRIX.items() for i, name in enumerate(PAGES)
])
def test_pages_by_role(as_user: Any, world: Any, announced: Any, persona: str, url_name: str,
                       expected: int) -> None:
    assert as_user(persona).get(_url(url_name, world.inspection_a)).status_code == expected


def test_a_liaison_learns_of_an_inspection_only_from_the_notice_stage(as_user: Any, world: Any) -> None:
    # inspection_planned (organisation B) is still "planned": its liaison does not see it yet.
    assert as_user("liaison_b").get(_url("planning:stationing-detail", world.inspection_planned)).status_code == 404


def test_no_announcement_yet_is_404_on_the_printable_page(as_user: Any, world: Any) -> None:
    assert as_user("office_staff").get(_url("planning:announcement-print", world.inspection_a)).status_code == 404


def test_inspection_page_loads_the_stationing_panel(as_user: Any, world: Any) -> None:
    html = _html(as_user("member_a").get(_url("planning:inspection-detail", world.inspection_a)))
    assert _url("planning:stationing-panel", world.inspection_a) in html


# ---- The panel and the page --------------------------------------------------------------------------------------


def test_panel_shows_what_stationing_still_needs(as_user: Any, world: Any) -> None:
    MemberDeclaration.objects.all().delete()  # the world records them; this team has not signed yet
    response = as_user("office_staff").get(_url("planning:stationing-panel", world.inspection_a),
                                           headers={"HX-Request": "true"})
    html = _html(response)
    assert "<html" not in html
    assert "0/1 已印发" in html
    assert "尚需办理" in html
    assert "签署回避申请书、保密承诺书" in html
    assert "办理进驻准备" in html


def test_page_lists_unsigned_declarations_and_composition_read_only(as_user: Any, world: Any) -> None:
    MemberDeclaration.objects.all().delete()
    leader = world.team_a.memberships.get(role="leader")
    declaration_record(actor=world.users["office_staff"], membership_id=leader.pk, kind="recusal",
                       signed_on=timezone.localdate())
    html = _html(as_user("leader_a").get(_url("planning:stationing-detail", world.inspection_a)))
    assert "赵组长：保密承诺书" in html
    assert "赵组长：回避申请书" not in html
    assert "孙组员：回避申请书" in html
    assert "现有2人，少于规定的" in html
    # Team roles read; they are offered no form.
    assert _url("planning:notice-issue", world.inspection_a) not in html
    assert _url("planning:meeting-save", world.inspection_a) not in html
    assert _url("planning:liaison-contact-add", world.inspection_a) not in html
    assert MemberDeclaration.objects.count() == 1


def test_page_shows_the_standing_recusal_conflict(as_user: Any, world: Any) -> None:
    # 赵组长 worked at organisation B until 2018; put team A on an inspection of B.
    from xuncha.orgs.models import WorkHistory

    WorkHistory.objects.create(person=world.leader_a_person, organization=world.org_a, organization_name="市工商联",
                               post="副主席", start=D(2019, 1, 1), end=D(2022, 12, 31))
    html = _html(as_user("office_staff").get(_url("planning:stationing-detail", world.inspection_a)))
    assert "未解决的回避情形" in html
    assert "赵组长" in html


def test_deadlines_come_from_the_time_limits(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").get(_url("planning:stationing-detail", world.inspection_a))
    st = response.context["st"]
    # Entry 2024-03-01, withdrawal 2024-03-31; defaults 10 / 2 / 3 days.
    assert (st.deadlines.notice_latest, st.deadlines.liaison_due, st.deadlines.petition_cutoff) == (
        D(2024, 2, 20), D(2024, 2, 28), D(2024, 3, 28))
    assert "2024-02-20" in _html(response)


def test_liaison_sees_their_organisation_only(as_user: Any, world: Any) -> None:
    InspectionTarget.objects.create(inspection=world.inspection_a, organization=world.org_b)
    response = as_user("liaison_a").get(_url("planning:stationing-detail", world.inspection_a))
    st = response.context["st"]
    assert [r.organization for r in st.rows] == [world.org_a]
    assert st.readiness is None and st.meeting is None
    html = _html(response)
    assert "市住建局" not in html
    assert "联络员须知" in html
    assert _url("planning:liaison-contact-add", world.inspection_a) in html
    assert _url("planning:notice-issue", world.inspection_a) not in html


# ---- Notices -----------------------------------------------------------------------------------------------------


def _notice(**overrides: Any) -> dict[str, Any]:
    data = {"notice_no": "江巡通〔2024〕3号", "issued_on": "2024-02-19", "requirements": "准备工作汇报。"}
    data.update(overrides)
    return data


def test_office_issues_a_notice(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(_url("planning:notice-issue", world.inspection_a),
                                            _notice(organization=world.org_a.pk))
    assert response.status_code == 302
    notice = InspectionNotice.objects.get()
    assert (notice.organization, notice.issued_on, notice.liaison_list_due) == (world.org_a, D(2024, 2, 19),
                                                                                D(2024, 2, 28))
    assert AuditEvent.objects.filter(action="notice.issue").exists()


def test_notice_form_is_prefilled_with_the_latest_day_and_the_due_date(as_user: Any, world: Any) -> None:
    form = as_user("office_staff").get(_url("planning:stationing-detail", world.inspection_a)).context["notice_form"]
    assert form.initial["issued_on"] == D(2024, 2, 20)
    assert form.initial["organization"] == world.org_a.pk
    assert "2024年2月28日前报送联络组名单" in form.initial["requirements"]


@pytest.mark.parametrize(("data", "message"), [
    ({"issued_on": "2024-02-25"}, "巡察通知应在进驻前10天印发，即不晚于2024年02月20日。"),
    ({"notice_no": "洛巡通〔2024〕03号"}, "文号格式不正确"),
    ({"issued_on": "2024/02/19"}, "请输入有效的日期"),
    ({"requirements": ""}, "请填写准备事项。"),
])
def test_bad_notice_changes_nothing(as_user: Any, world: Any, data: dict[str, Any], message: str) -> None:
    response = as_user("office_staff").post(_url("planning:notice-issue", world.inspection_a),
                                            _notice(organization=world.org_a.pk, **data))
    assert response.status_code == 400
    assert message in _html(response)
    assert not InspectionNotice.objects.exists()


def test_notice_to_an_organisation_not_inspected_is_refused(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(_url("planning:notice-issue", world.inspection_a),
                                            _notice(organization=world.org_b.pk))
    assert response.status_code == 400
    assert "该单位不是本次巡察的被巡察党组织。" in _html(response)
    assert not InspectionNotice.objects.exists()


@pytest.mark.parametrize(("persona", "expected"), [("leader_a", 403), ("liaison_a", 403), ("leading_group", 403),
                                                   ("member_b", 404), ("county_staff", 404)])
def test_only_the_office_issues_notices(as_user: Any, world: Any, persona: str, expected: int) -> None:
    response = as_user(persona).post(_url("planning:notice-issue", world.inspection_a),
                                     _notice(organization=world.org_a.pk))
    assert response.status_code == expected
    assert not InspectionNotice.objects.exists()


def test_stationing_steps_are_post_only(as_user: Any, world: Any) -> None:
    for name in ("planning:notice-issue", "planning:liaison-contact-add", "planning:meeting-save"):
        assert as_user("office_staff").get(_url(name, world.inspection_a)).status_code == 405


# ---- Liaison group -----------------------------------------------------------------------------------------------


def _contact(org: Any, **overrides: Any) -> dict[str, Any]:
    data = {"organization": org.pk, "name": "李建国", "post": "党组成员、副主席", "phone": "027-63218800",
            "is_head": "on"}
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", ["office_staff", "liaison_a"])
def test_office_and_the_organisations_liaison_add_contacts(as_user: Any, world: Any, persona: str) -> None:
    response = as_user(persona).post(_url("planning:liaison-contact-add", world.inspection_a), _contact(world.org_a))
    assert response.status_code == 302
    contact = LiaisonContact.objects.get()
    assert (contact.organization, contact.name, contact.is_head) == (world.org_a, "李建国", True)
    assert AuditEvent.objects.get(action="liaison_contact.add").actor_username == persona


def test_a_liaison_cannot_add_to_another_organisations_group(as_user: Any, world: Any) -> None:
    InspectionTarget.objects.create(inspection=world.inspection_a, organization=world.org_b)
    response = as_user("liaison_a").post(_url("planning:liaison-contact-add", world.inspection_a),
                                         _contact(world.org_b))
    assert response.status_code == 400
    assert "您不能为该单位报送联络组名单。" in _html(response)
    assert not LiaisonContact.objects.exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"phone": "abc"}, "电话只能包含数字、空格和 + - ( )。"),
    ({"name": ""}, "请填写姓名。"),
    ({"post": ""}, "请填写职务。"),
])
def test_bad_contact_changes_nothing(as_user: Any, world: Any, data: dict[str, Any], message: str) -> None:
    response = as_user("office_staff").post(_url("planning:liaison-contact-add", world.inspection_a),
                                            _contact(world.org_a, **data))
    assert response.status_code == 400
    assert message in _html(response)
    assert not LiaisonContact.objects.exists()


@pytest.mark.parametrize(("persona", "expected"), [("member_a", 403), ("leading_group", 403), ("liaison_b", 404)])
def test_others_cannot_add_contacts(as_user: Any, world: Any, persona: str, expected: int) -> None:
    response = as_user(persona).post(_url("planning:liaison-contact-add", world.inspection_a), _contact(world.org_a))
    assert response.status_code == expected
    assert not LiaisonContact.objects.exists()


def _existing_contact(world: Any, org: Any = None, name: str = "李建国") -> LiaisonContact:
    return LiaisonContact.objects.create(inspection=world.inspection_a, organization=org or world.org_a, name=name,
                                         post="党组成员、副主席", phone="027-63218800", is_head=True)


def _contact_url(name: str, contact: LiaisonContact) -> str:
    return reverse(name, args=[contact.pk])


@pytest.mark.parametrize("persona", ["office_staff", "liaison_a"])
def test_office_and_the_organisations_liaison_edit_and_remove_contacts(as_user: Any, world: Any,
                                                                       persona: str) -> None:
    contact = _existing_contact(world)
    client = as_user(persona)
    html = _html(client.get(_url("planning:stationing-detail", world.inspection_a)))
    assert _contact_url("planning:liaison-contact-edit", contact) in html
    assert _contact_url("planning:liaison-contact-remove", contact) in html
    form = client.get(_contact_url("planning:liaison-contact-edit", contact))
    assert form.status_code == 200 and "027-63218800" in _html(form)
    response = client.post(_contact_url("planning:liaison-contact-edit", contact),
                           {"name": "李建国", "post": "党组副书记", "phone": "027-63218899"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.post, contact.phone, contact.is_head) == ("党组副书记", "027-63218899", False)
    event = AuditEvent.objects.get(action="liaison_contact.update")
    assert event.actor_username == persona and "027-63218899" in event.details
    response = client.post(_contact_url("planning:liaison-contact-remove", contact))
    assert response.status_code == 302
    assert not LiaisonContact.objects.exists()
    assert AuditEvent.objects.get(action="liaison_contact.remove").actor_username == persona


def test_bad_contact_edit_changes_nothing(as_user: Any, world: Any) -> None:
    contact = _existing_contact(world)
    response = as_user("office_staff").post(_contact_url("planning:liaison-contact-edit", contact),
                                            {"name": "", "post": "职务", "phone": "abc"})
    assert response.status_code == 400
    assert "电话只能包含数字、空格和 + - ( )。" in _html(response)
    contact.refresh_from_db()
    assert contact.phone == "027-63218800"


@pytest.mark.parametrize(("persona", "expected"), [("member_a", 403), ("leading_group", 403), ("liaison_b", 404)])
def test_others_cannot_edit_or_remove_contacts(as_user: Any, world: Any, persona: str, expected: int) -> None:
    contact = _existing_contact(world)
    client = as_user(persona)
    assert client.post(_contact_url("planning:liaison-contact-edit", contact),
                       {"name": "改名", "post": "职务", "phone": "027-1234567"}).status_code == expected
    assert client.post(_contact_url("planning:liaison-contact-remove", contact)).status_code == expected
    contact.refresh_from_db()
    assert contact.name == "李建国"


def test_a_liaison_cannot_touch_another_organisations_contact(as_user: Any, world: Any) -> None:
    InspectionTarget.objects.create(inspection=world.inspection_a, organization=world.org_b)
    other = _existing_contact(world, org=world.org_b, name="王五")
    client = as_user("liaison_a")
    assert client.get(_contact_url("planning:liaison-contact-edit", other)).status_code == 404
    assert client.post(_contact_url("planning:liaison-contact-remove", other)).status_code == 404
    assert LiaisonContact.objects.filter(pk=other.pk).exists()


# ---- Mobilisation meeting ----------------------------------------------------------------------------------------


def _meeting(**overrides: Any) -> dict[str, Any]:
    data = {"held_at": "2024-03-01T09:00", "place": "市工商联三楼会议室", "attendees": "班子成员、中层干部",
            "speakers": "组长通报，书记表态", "minutes": ""}
    data.update(overrides)
    return data


def test_office_saves_the_meeting_and_may_revise_it(as_user: Any, world: Any) -> None:
    url = _url("planning:meeting-save", world.inspection_a)
    assert as_user("office_director").post(url, _meeting()).status_code == 302
    assert as_user("office_director").post(url, _meeting(place="二楼会议室")).status_code == 302
    meeting = MobilizationMeeting.objects.get()
    assert meeting.place == "二楼会议室"
    assert timezone.localtime(meeting.held_at).strftime("%Y-%m-%d %H:%M") == "2024-03-01 09:00"


@pytest.mark.parametrize(("data", "message"), [
    ({"place": ""}, "请填写地点。"),
    ({"held_at": "明天上午"}, "请输入有效的时间"),
    ({"speakers": ""}, "请填写讲话人。"),
])
def test_bad_meeting_changes_nothing(as_user: Any, world: Any, data: dict[str, Any], message: str) -> None:
    response = as_user("office_staff").post(_url("planning:meeting-save", world.inspection_a), _meeting(**data))
    assert response.status_code == 400
    assert message in _html(response)
    assert not MobilizationMeeting.objects.exists()


def test_team_roles_cannot_save_the_meeting(as_user: Any, world: Any) -> None:
    assert as_user("leader_a").post(_url("planning:meeting-save", world.inspection_a), _meeting()).status_code == 403
    assert not MobilizationMeeting.objects.exists()


# ---- Announcement ------------------------------------------------------------------------------------------------


def _announcement(**overrides: Any) -> dict[str, Any]:
    data = {"phone": "027-88886666", "phone_hours": "每天 8:00—18:00", "post_box": "江城市A001号邮政信箱",
            "visit_address": "", "suggestion_box": "一楼大厅", "email": "", "web_channel": "",
            "accept_from": "", "accept_until": "", "scope_text": "主要受理反映领导班子问题的来信来电来访。",
            "published_on": "2024-03-01"}
    data.update(overrides)
    return data


def test_new_announcement_form_has_the_defaults(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").get(_url("planning:announcement-edit", world.inspection_a))
    form = response.context["form"]
    assert form.initial["accept_from"] == D(2024, 3, 1)
    assert form.initial["accept_until"] == D(2024, 3, 28)
    assert form.initial["scope_text"].startswith("主要受理反映被巡察党组织领导班子")
    assert "不能晚于 2024-03-28" in _html(response)


def test_office_saves_the_announcement_with_default_period(as_user: Any, world: Any) -> None:
    response = as_user("office_staff").post(_url("planning:announcement-edit", world.inspection_a), _announcement())
    assert response.status_code == 302
    a = StationingAnnouncement.objects.get()
    assert (a.accept_from, a.accept_until, a.phone) == (D(2024, 3, 1), D(2024, 3, 28), "027-88886666")
    assert AuditEvent.objects.filter(action="announcement.save").exists()


def test_existing_announcement_is_edited_in_place(as_user: Any, world: Any, announced: Any) -> None:
    form = as_user("office_staff").get(_url("planning:announcement-edit", world.inspection_a)).context["form"]
    assert form.initial["post_box"] == "江城市A001号邮政信箱"
    as_user("office_staff").post(_url("planning:announcement-edit", world.inspection_a),
                                 _announcement(post_box="江城市A009号邮政信箱"))
    assert StationingAnnouncement.objects.get().post_box == "江城市A009号邮政信箱"


@pytest.mark.parametrize(("data", "message"), [
    ({"accept_until": "2024-03-30"}, "信访受理应在撤驻前3天截止，即不晚于2024年03月28日。"),
    ({"accept_from": "2024-02-01"}, "受理开始时间不能早于进驻时间。"),
    ({"accept_from": "2024-03-10", "accept_until": "2024-03-05"}, "受理截止时间不能早于开始时间。"),
    ({"phone": ""}, "请填写值班电话。"),
    ({"email": "not-an-email"}, "请输入有效的电子邮箱地址。"),
    ({"scope_text": ""}, "请填写受理范围。"),
])
def test_bad_announcement_changes_nothing(as_user: Any, world: Any, data: dict[str, Any], message: str) -> None:
    response = as_user("office_staff").post(_url("planning:announcement-edit", world.inspection_a),
                                            _announcement(**data))
    assert response.status_code == 400
    assert message in _html(response)
    assert not StationingAnnouncement.objects.exists()


@pytest.mark.parametrize("persona", ["leader_a", "liaison_a", "leading_group"])
def test_others_cannot_save_the_announcement(as_user: Any, world: Any, persona: str) -> None:
    response = as_user(persona).post(_url("planning:announcement-edit", world.inspection_a), _announcement())
    assert response.status_code == 403
    assert not StationingAnnouncement.objects.exists()


def test_printable_announcement(as_user: Any, world: Any, announced: Any) -> None:
    html = _html(as_user("liaison_a").get(_url("planning:announcement-print", world.inspection_a)))
    assert "中共江城市委员会第一巡察组" in html
    assert "巡察公告" in html
    assert "2024年3月1日至2024年3月31日" in html
    assert "信访受理截止时间为2024年3月28日。" in html
    assert "027-88886666" in html and "江城市A001号邮政信箱" in html and "xcz1@example.gov.cn" in html
    assert "a4-sheet" in html
    assert "data-print" in html


def test_liaison_print_names_only_their_organisation(as_user: Any, world: Any, announced: Any) -> None:
    InspectionTarget.objects.create(inspection=world.inspection_a, organization=world.org_b)
    liaison = _html(as_user("liaison_a").get(_url("planning:announcement-print", world.inspection_a)))
    assert world.org_a.name in liaison and world.org_b.name not in liaison
    office = _html(as_user("office_staff").get(_url("planning:announcement-print", world.inspection_a)))
    assert world.org_a.name in office and world.org_b.name in office


def test_a_notice_shows_on_the_liaisons_panel(as_user: Any, world: Any) -> None:
    inspection_notice_issue(actor=world.users["office_staff"], inspection_id=world.inspection_a.pk,
                            organization_id=world.org_a.pk, notice_no="江巡通〔2024〕3号", issued_on=D(2024, 2, 19),
                            requirements="准备工作汇报。")
    html = _html(as_user("liaison_a").get(_url("planning:stationing-panel", world.inspection_a),
                                          headers={"HX-Request": "true"}))
    assert "江巡通〔2024〕3号" in html
    assert "报送联络组名单" in html
    assert "进驻动员会" not in html


def test_stationing_page_cost_does_not_grow_with_the_targets(as_user: Any, world: Any,
                                                             django_assert_max_num_queries: Any) -> None:
    from xuncha.orgs.models import Organization

    for n in range(6):
        org = Organization.objects.create(name=f"中共江城市测试{n}局党组", short_name=f"测试{n}局",
                                          org_type="party_group", sector="party_government", jurisdiction=world.city)
        InspectionTarget.objects.create(inspection=world.inspection_a, organization=org)
        inspection_notice_issue(actor=world.users["office_staff"], inspection_id=world.inspection_a.pk,
                                organization_id=org.pk, notice_no="", issued_on=D(2024, 2, 19),
                                requirements="r")
        LiaisonContact.objects.create(inspection=world.inspection_a, organization=org, name=f"联络员{n}", post="p",
                                      phone="1234567")
    client = as_user("office_staff")
    # A constant (the to-do badge and the team selector included); an N+1 over the targets would blow it.
    with django_assert_max_num_queries(44):
        response = client.get(_url("planning:stationing-detail", world.inspection_a))
    assert response.context["st"].contact_count == 6
