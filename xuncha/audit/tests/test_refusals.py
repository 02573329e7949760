"""Denied and failed actions are in the audit log with their reason (AUD-01, AUD-02): a 403 or a 404 answered to a
signed-in user on a page or the API, and a refused role grant; the auditor's "拒绝或失败" figure counts them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from xuncha.accounts.models import RoleAssignment
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import DomainError
from xuncha.planning.views_teams import MANAGE_MESSAGE

pytestmark = pytest.mark.django_db


def _denied(**filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(result="denied", **filters).order_by("id"))


def test_a_page_the_role_lacks_is_recorded_as_denied_with_its_reason(client_as: Any, personas: SimpleNamespace,
                                                                      objects: SimpleNamespace) -> None:
    url = reverse("planning:team-create", args=[objects.round.pk])
    assert client_as("leader_a").get(url).status_code == 403
    (event,) = _denied(action="access.denied")
    assert event.actor_id == personas.leader_a.pk and event.object_repr == f"GET {url}"
    assert '"status":403' in event.details and str(MANAGE_MESSAGE) in event.details


def test_a_page_out_of_scope_is_recorded(client_as: Any, personas: SimpleNamespace) -> None:
    assert client_as("member_a").get(reverse("audit:event-list")).status_code == 404
    (event,) = _denied(action="access.denied")
    assert event.actor_username == personas.member_a.username
    assert '"status":404' in event.details and "页面不存在或无权查看" in event.details


def test_an_api_object_out_of_scope_is_recorded(client_as: Any, objects: SimpleNamespace) -> None:
    response = client_as("member_a").get(f"/api/v1/inspections/{objects.inspection_b.pk}")
    assert response.status_code == 404
    (event,) = _denied(action="access.denied")
    assert event.object_repr == f"GET /api/v1/inspections/{objects.inspection_b.pk}"


def test_an_anonymous_404_is_not_recorded(client: Any, db: None) -> None:
    assert client.get("/no-such-page/").status_code == 404
    assert not AuditEvent.objects.exists()


def test_a_refusal_the_code_recorded_is_not_recorded_twice(client_as: Any, objects: SimpleNamespace) -> None:
    """The API's refused cadre read writes its own ``person.read`` (denied)."""
    assert client_as("member_b").get(f"/api/v1/people/{objects.person.pk}").status_code == 404
    assert [e.action for e in _denied()] == ["person.read"]


def test_a_refused_role_grant_is_recorded_with_its_reason(personas: SimpleNamespace,
                                                          objects: SimpleNamespace) -> None:
    admin = personas.secadmin
    with pytest.raises(DomainError):
        role_grant(actor=admin, user=personas.auditor, role=Role.OFFICE_STAFF, jurisdiction=objects.city)
    (event,) = _denied(action="role.grant")
    assert event.actor_id == admin.pk and event.object_id == str(personas.auditor.pk)
    assert "三员分立" in event.details
    assert not RoleAssignment.objects.filter(user=personas.auditor, role=Role.OFFICE_STAFF).exists()


def test_a_refused_grant_through_the_api_is_recorded(client_as: Any, objects: SimpleNamespace) -> None:
    response = client_as("secadmin").post("/api/v1/role-assignments", {"username": "nobody", "role": "office_staff",
                                                                        "jurisdiction": objects.city.pk},
                                          content_type="application/json")
    assert response.status_code == 400
    (event,) = _denied(action="role.grant")
    assert "用户不存在" in event.details


def test_the_auditor_counts_refusals(client_as: Any, objects: SimpleNamespace) -> None:
    client_as("member_a").get(reverse("audit:event-list"))
    client_as("leader_a").get(reverse("planning:team-create", args=[objects.round.pk]))
    response = client_as("auditor").get(reverse("dashboards:home"))
    figures = next(s for s in response.context["sections"] if s.key == "security_auditor").data["figures"]
    assert figures["refused"] == 2


def test_a_missing_static_file_is_not_an_access_decision(client_as: Any, personas: SimpleNamespace) -> None:
    assert client_as("member_a").get("/static/no-such-file.css").status_code == 404
    assert not _denied()
