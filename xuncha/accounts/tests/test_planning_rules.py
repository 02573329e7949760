"""The system administrator sets how recusal grounds are treated and the team rules of a jurisdiction."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.audit.models import AuditEvent
from xuncha.orgs.models import Jurisdiction
from xuncha.rules.models import PlanningPolicy, RecusalPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client):
    city = Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")
    county = Jurisdiction.objects.create(name="子县", committee_name="中共子县委", level="county",
                                         division_code="990121", parent=city)
    users = {}
    for name, role in [("sysadmin", Role.SYSTEM_ADMIN), ("office", Role.OFFICE_DIRECTOR)]:
        users[name] = User.objects.create_user(username=name, password="x")
        role_grant(actor=None, user=users[name], role=role, jurisdiction=city)
    return {"city": city, "county": county, "users": users, "url": reverse("accounts:planning-rules-edit",
                                                                           args=[county.pk])}


def _post(severity: str = "blocking", **over):
    data = {"team_size_min": 4, "team_size_max": 6, "deputies_max": 1, "leader_min_rank": "sec_chief",
            "deputy_min_rank": "sec_deputy",
            "required_skills": ["discipline", "audit"], "cross_lookback_rounds": 2,
            "recusal_worked_at": "blocking", "recusal_relative_at": "blocking", "recusal_leadership_tie": severity,
            "recusal_from_region": "blocking", "recusal_repeat": "off"}
    data.update(over)
    return data


def test_system_admin_sets_a_countys_rules_which_then_apply_there(client, setting):
    client.force_login(setting["users"]["sysadmin"])
    assert client.get(setting["url"]).status_code == 200
    response = client.post(setting["url"], _post("blocking"))
    assert response.status_code == 302
    assert RecusalPolicy.effective_for(setting["county"])["leadership_tie"] == "blocking"
    assert RecusalPolicy.effective_for(setting["county"])["repeat"] == "off"
    assert RecusalPolicy.effective_for(setting["city"])["leadership_tie"] == "warning"  # the city keeps defaults
    policy = PlanningPolicy.effective_for(setting["county"])
    assert (policy.team_size_min, policy.leader_min_rank, policy.required_skill_codes) == (4, "sec_chief",
                                                                                           ["discipline", "audit"])
    assert policy.deputy_min_rank == "sec_deputy"
    event = AuditEvent.objects.get(action="config.planning_rules")
    assert "recusal.leadership_tie" in event.details


def test_bad_input_is_refused_in_chinese_and_changes_nothing(client, setting):
    client.force_login(setting["users"]["sysadmin"])
    response = client.post(setting["url"], _post(team_size_min=8, team_size_max=5))
    assert response.status_code == 400 and "最少人数不能多于最多人数" in response.content.decode()
    assert not PlanningPolicy.objects.exists() and not RecusalPolicy.objects.exists()


def test_the_page_offers_the_deputy_minimum_and_refuses_a_bad_one(client, setting):
    client.force_login(setting["users"]["sysadmin"])
    html = client.get(setting["url"]).content.decode()
    assert "副组长最低职级" in html and 'name="deputy_min_rank"' in html
    response = client.post(setting["url"], _post(deputy_min_rank="general"))
    assert response.status_code == 400
    assert not PlanningPolicy.objects.exists()


def test_other_roles_do_not_find_the_page(client, setting):
    client.force_login(setting["users"]["office"])
    assert client.get(setting["url"]).status_code == 404
    assert client.post(setting["url"], _post()).status_code == 404
    assert not RecusalPolicy.objects.exists()
