"""The planning rules through the API: the same service, checks and audit event as the configuration page."""

from __future__ import annotations

from typing import Any

import pytest

from xuncha.audit.models import AuditEvent
from xuncha.rules.models import PlanningPolicy, RecusalPolicy

pytestmark = pytest.mark.django_db


def test_the_system_administrator_sets_planning_rules(client_as: Any, objects: Any) -> None:
    url = f"/api/v1/jurisdictions/{objects.city.pk}/planning-rules"
    client = client_as("sysadmin")
    before = client.get(url).json()
    assert before["team_size_max"] == 7 and set(before["recusal"]) >= {"worked_at", "repeat"}
    response = client.put(url, {"team_size_max": 9, "recusal": {"repeat": "blocking"},
                                "required_skills": ["discipline", "audit"]}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["team_size_max"] == 9 and body["required_skills"] == ["discipline", "audit"]
    assert RecusalPolicy.effective_for(objects.city)["repeat"] == "blocking"
    assert PlanningPolicy.effective_for(objects.county).team_size_max == 9  # inherited down the tree
    event = AuditEvent.objects.filter(action="config.planning_rules").latest("id")
    assert '"team_size_max":[7,9]' in event.details.replace(" ", "")


def test_the_services_rules_refuse_bad_values_and_change_nothing(client_as: Any, objects: Any) -> None:
    url = f"/api/v1/jurisdictions/{objects.city.pk}/planning-rules"
    client = client_as("sysadmin")
    response = client.put(url, {"team_size_min": 8, "team_size_max": 6}, content_type="application/json")
    assert response.status_code == 400 and "最少人数不能多于最多人数" in response.json()["message"]
    assert client.put(url, {"team_size_max": 99}, content_type="application/json").status_code == 422
    assert not PlanningPolicy.objects.exists()
    assert client_as("office_director").put(url, {"team_size_max": 8},
                                            content_type="application/json").status_code == 403
