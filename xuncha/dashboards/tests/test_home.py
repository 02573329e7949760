"""The work page (工作台): one section per kind of role, the right data in each, nothing out of scope, and no
business data at all for the three administrators (三员分立)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant

pytestmark = pytest.mark.django_db

# Text that only business data produces: inspection codes, team and organisation names, round names.
BUSINESS = ["JC-S-01", "JC-F-02", "JC-P-03", "JC-N-04", "市委第一巡察组", "市委第二巡察组", "工商业联合会",
            "住房和城乡建设局", "十二届市委第三轮巡察"]
SECTION_TITLES = {
    "office": "巡察工作概览", "supervision": "整改监督", "team": "我的巡察组", "liaison": "本单位接受巡察情况",
    "system_admin": "账户与配置", "security_admin": "角色授权</h2>", "security_auditor": "安全审计",
}


def _page(login, persona: str) -> str:
    response = login(persona).get(reverse("dashboards:home"))
    assert response.status_code == 200
    return response.content.decode()


def _sections(html: str) -> set[str]:
    return {key for key, title in SECTION_TITLES.items() if f'id="section-{key}"' in html and title in html}


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("persona", "sections"), [
    ("office_staff", {"office"}),
    ("office_director", {"office"}),
    ("leading_group", {"office"}),
    ("cdi", {"supervision"}),
    ("orgdept", {"supervision"}),
    ("leader_a", {"team"}),
    ("member_b", {"team"}),
    ("liaison_a", {"liaison"}),
    ("system_admin", {"system_admin"}),
    ("security_admin", {"security_admin"}),
    ("security_auditor", {"security_auditor"}),
    ("outsider", set()),
])
def test_each_role_sees_its_own_section(login, world, persona, sections):
    assert _sections(_page(login, persona)) == sections


def test_office_sees_phases_rounds_coverage_and_inspections_in_progress(login, world):
    html = _page(login, "office_staff")
    for text in ("进行中的巡察", "当前轮次", "本届已覆盖党组织", "各阶段巡察数量", "JC-S-01", "JC-F-02", "JC-P-03",
                 "十二届市委第三轮巡察", "进驻了解", "反馈移交"):
        assert text in html
    assert "JC-N-04" not in html.split("进行中的巡察</span>")[1]  # planned is not in progress
    assert "河口" not in html


def test_office_of_another_city_sees_nothing_of_this_one(login, world):
    html = _page(login, "other_staff")
    for text in BUSINESS:
        assert text not in html


def test_team_member_sees_the_team_inspections_and_the_next_step(login, world):
    html = _page(login, "leader_a")
    for text in ("市委第一巡察组", "我是巡察组组长", "赵组长", "JC-S-01", "JC-P-03", "开展个别谈话",
                 "撤驻前 3 天停止受理信访"):
        assert text in html
    # The other team's inspections are not shown.
    assert "JC-F-02" not in html and "JC-N-04" not in html and "市委第二巡察组" not in html


def test_liaison_sees_only_their_organisation(login, world):
    html = _page(login, "liaison_a")
    assert world.org_a.name in html
    assert "本阶段需要您做的" in html
    assert "进驻后 3 天内向巡察组提交工作汇报" in html  # stationed (JC-S-01), with the jurisdiction's time limit
    assert "报送联络组名单" in html  # preparing (JC-P-03, inspected together with another organisation)
    # Never another organisation, not even the one inspected alongside (1托2), nor a planned inspection.
    for text in ("住房和城乡建设局", "市住建局", "JC-F-02", "JC-N-04", "市委第二巡察组"):
        assert text not in html


def test_liaison_sees_the_rectification_duties_with_local_limits(login, world):
    from xuncha.rules.models import TimeLimits

    TimeLimits.objects.create(jurisdiction=world.city, rectification_plan_due_working_days=10)
    html = _page(login, "liaison_b")
    assert world.org_b.name in html and "参加巡察反馈会" in html
    assert world.org_a.name not in html and "工商业联合会" not in html


def test_supervisors_see_feedback_and_rectification(login, world):
    html = _page(login, "cdi")
    assert "JC-F-02" in html and "需日常监督的巡察" in html
    assert "JC-S-01" not in html and "JC-P-03" not in html


@pytest.mark.parametrize("persona", ["system_admin", "security_admin", "security_auditor"])
def test_administrators_see_no_business_data(login, world, persona):
    html = _page(login, persona)
    if persona == "security_auditor":
        # The auditor reads the log, whose rows name what they are about; nothing else.
        html = html.replace(html[html.index("最新审计记录"):html.index("</table>")], "")
    for text in BUSINESS:
        assert text not in html


def test_system_admin_sees_accounts_and_recent_sign_ins(client, login, world):
    from tests.worlds import PASSWORD

    client.post(reverse("accounts:login"), {"username": "leader_a", "password": PASSWORD})
    html = _page(login, "system_admin")
    assert "账户总数" in html and "最近登录" in html and "leader_a" in html
    assert reverse("accounts:user-list") in html and reverse("accounts:time-limits-list") in html


def test_security_admin_sees_the_role_summary(login, world):
    html = _page(login, "security_admin")
    assert "各角色有效授权数" in html and "巡察组组长" in html
    assert reverse("accounts:role-grant") in html


def test_security_auditor_sees_latest_events_and_the_verify_button(login, world):
    html = _page(login, "security_auditor")
    assert "最新审计记录" in html and "授予角色" in html
    assert reverse("audit:verify") in html and 'hx-post="' in html


def test_a_user_with_several_roles_sees_several_sections(login, world):
    role_grant(actor=None, user=world.users["leader_a"], role=Role.LIAISON, organization=world.org_b)
    assert _sections(_page(login, "leader_a")) == {"team", "liaison"}


def test_the_work_page_has_no_inline_script_or_style(login, world):
    for persona in ("office_staff", "liaison_a", "security_auditor"):
        html = _page(login, persona)
        assert "style=" not in html
        assert "<script>" not in html
