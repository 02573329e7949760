"""Team composition rules and recusal severities over the API: read with inheritance, set by the system
administrator through the same service as the planning-rules page."""

import json

import pytest

from xuncha.audit.models import AuditEvent
from xuncha.rules.models import PlanningPolicy, RecusalPolicy

pytestmark = pytest.mark.django_db


def _url(jurisdiction):
    return f"/jurisdictions/{jurisdiction.pk}/planning-rules"


def test_rules_in_force_are_read_with_the_deputy_minimum(world, as_user):
    body = as_user("office_staff").get(_url(world.county)).json()
    assert body["inherited"] is True
    assert (body["leader_min_rank"], body["deputy_min_rank"], body["deputies_max"]) == ("div_deputy", "sec_chief", 2)
    assert body["recusal"]["worked_at"] == "blocking"


def test_system_admin_sets_the_deputy_minimum_and_it_is_audited(world, as_user):
    response = as_user("system_admin").put(_url(world.county), {"deputy_min_rank": "sec_deputy",
                                                                 "recusal": {"repeat": "off"}})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["inherited"] is False and body["deputy_min_rank"] == "sec_deputy"
    assert body["leader_min_rank"] == "div_deputy"  # left out: kept as in force
    assert PlanningPolicy.effective_for(world.county).deputy_min_rank == "sec_deputy"
    assert RecusalPolicy.effective_for(world.county)["repeat"] == "off"
    event = AuditEvent.objects.get(action="config.planning_rules")
    assert json.loads(event.details)["changes"]["deputy_min_rank"] == ["sec_chief", "sec_deputy"]


@pytest.mark.parametrize("body", [{"deputy_min_rank": "general"}, {"team_size_min": 1}, {"colour": "red"}])
def test_malformed_rules_are_422(world, as_user, body):
    assert as_user("system_admin").put(_url(world.city), body).status_code == 422
    assert not PlanningPolicy.objects.exists()


def test_inconsistent_rules_are_refused_in_chinese(world, as_user):
    response = as_user("system_admin").put(_url(world.city), {"team_size_min": 8, "team_size_max": 5})
    assert response.status_code == 400
    assert response.json()["fields"] == {"team_size_min": ["最少人数不能多于最多人数。"]}
    assert not PlanningPolicy.objects.exists()


def test_only_the_system_admin_sets_rules(world, as_user):
    assert as_user("office_staff").put(_url(world.city), {"deputy_min_rank": "sec_deputy"}).status_code == 403
    assert not PlanningPolicy.objects.exists()
