"""The three administrators' endpoints: the audit log (auditor) and role assignments (security admin)."""

import pytest
from django.utils import timezone

from xuncha.accounts.models import RoleAssignment, User
from xuncha.audit.models import AuditEvent
from xuncha.audit.services import audit_record
from xuncha.inspections.models import Inspection, TeamMembership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["office_director", "system_admin", "security_admin", "member_a", "outsider"])
def test_audit_log_does_not_exist_for_others(world, as_user, persona):
    response = as_user(persona).get("/audit-events")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_auditor_reads_and_filters_the_log(world, as_user):
    audit_record("person.read", actor=world.users["office_staff"], obj=world.person_a)
    audit_record("inspection.transition", actor=world.users["leader_a"], obj=world.inspection_a,
                 details={"transition": "withdraw"})
    api = as_user("security_auditor")
    body = api.get("/audit-events").json()
    assert body["count"] >= 2
    [row] = api.get("/audit-events", action="inspection.transition").json()["results"]
    assert row["actor_username"] == "leader_a"
    assert row["details"] == {"transition": "withdraw"}
    assert len(row["hash"]) == 64
    assert api.get("/audit-events", actor="office_staff", object_type="orgs.person",
                   object_id=str(world.person_a.pk)).json()["count"] == 1
    today = timezone.localdate(AuditEvent.objects.latest("id").created_at).isoformat()
    assert api.get("/audit-events", date_from=today, date_to=today).json()["count"] == body["count"]
    assert api.get("/audit-events", date_to="2000-01-01").json()["count"] == 0
    assert api.get("/audit-events", date_to="9999-12-31").json()["count"] == body["count"]  # no day after it
    assert api.get("/audit-events", date_to="not a date").status_code == 422
    assert api.get("/audit-events", action="inspection.").json()["count"] == 1  # the family of a code
    assert api.get("/audit-events", actor="leader").json()["count"] == 1  # the beginning of a user name
    assert api.get("/audit-events", result="denied").json()["count"] == 0


def test_role_assignments_only_for_security_admin(world, as_user):
    for persona in ["system_admin", "security_auditor", "office_director", "outsider"]:
        api = as_user(persona)
        assert api.get("/role-assignments").status_code == 404
        assert api.post("/role-assignments", {"username": "outsider", "role": "office_staff",
                                               "jurisdiction": world.city.pk}).status_code == 404
        assignment = RoleAssignment.objects.get(user=world.users["member_a"])
        assert api.post(f"/role-assignments/{assignment.pk}/revoke").status_code == 404
    assert RoleAssignment.objects.filter(user=world.users["outsider"]).count() == 0


def test_security_admin_lists_grants_and_revokes(world, as_user):
    api = as_user("security_admin")
    body = api.get("/role-assignments").json()
    assert body["count"] == len(world.users) - 1  # every persona's assignment lies inside the city
    response = api.post("/role-assignments", {"username": "outsider", "role": "liaison",
                                              "organization": world.org_b.pk})
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["role_label"] == "被巡察单位联络员"
    assert created["scope"] == {"kind": "organization", "id": world.org_b.pk, "label": "市住建局"}
    assert created["granted_by"] == "security_admin"
    # The world's own grants are in the log too; this one is the security administrator's.
    assert AuditEvent.objects.filter(action="role.grant", actor_id=world.users["security_admin"].pk).count() == 1

    # The new role applies at once: the outsider now sees the inspection of that organisation.
    assert as_user("outsider").get(f"/inspections/{world.inspection_b.pk}").status_code == 200

    response = api.post(f"/role-assignments/{created['id']}/revoke")
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert as_user("outsider").get(f"/inspections/{world.inspection_b.pk}").status_code == 404
    again = api.post(f"/role-assignments/{created['id']}/revoke")
    assert again.status_code == 400
    assert again.json()["message"] == "该授权已撤销。"
    assert api.get("/role-assignments", user="outsider", status="revoked").json()["count"] == 1


def test_grant_is_checked(world, as_user):
    api = as_user("security_admin")
    cases = [
        ({"username": "nobody", "role": "office_staff", "jurisdiction": world.city.pk}, 400, "username"),
        ({"username": "outsider", "role": "team_member", "jurisdiction": world.city.pk}, 400, None),
        ({"username": "outsider", "role": "office_staff", "jurisdiction": 999999}, 400, "jurisdiction"),
        ({"username": "outsider", "role": "wizard", "jurisdiction": world.city.pk}, 422, "role"),
        ({"username": "outsider", "role": "office_staff", "jurisdiction": world.city.pk, "x": 1}, 422, "x"),
        ({"username": "security_admin", "role": "office_staff", "jurisdiction": world.city.pk}, 403, None),
        ({"username": "office_staff", "role": "office_staff", "jurisdiction": world.city.pk}, 400, None),
    ]
    for body, status, field in cases:
        response = api.post("/role-assignments", body)
        assert response.status_code == status, (body, response.content)
        if field:
            assert field in response.json()["fields"], body
    own = RoleAssignment.objects.get(user=world.users["security_admin"])
    assert api.post(f"/role-assignments/{own.pk}/revoke").status_code == 403


def test_team_roles_bind_to_teams_in_scope(world, as_user):
    api = as_user("security_admin")
    body = {"username": "outsider", "role": "team_member", "team": world.team_b.pk}
    # A team role follows the roster: an account with no cadre is refused, one of 第二组's cadres is not.
    response = api.post("/role-assignments", body)
    assert response.status_code == 400 and "未关联干部" in response.json()["message"]
    seat = TeamMembership.objects.get(team=world.team_b)
    User.objects.filter(username="outsider").update(person=seat.person)
    response = api.post("/role-assignments", body)
    assert response.status_code == 201
    assert response.json()["scope"]["label"] == "第二巡察组"


def test_team_role_after_withdrawal_needs_the_directors_reason(world, as_user):
    seat = TeamMembership.objects.get(team=world.team_b)
    User.objects.filter(username="outsider").update(person=seat.person)
    Inspection.objects.filter(team=world.team_b).update(status="rectifying")
    api = as_user("security_admin")
    body = {"username": "outsider", "role": "team_leader", "team": world.team_b.pk}
    response = api.post("/role-assignments", body)
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    reason = "组长需查阅整改台账，经巡察办主任同意。"
    response = api.post("/role-assignments", {**body, "reason": reason})
    assert response.status_code == 201, response.content
    assert reason in AuditEvent.objects.get(action="role.grant", result="success", object_id=str(response.json()["id"])).details



@pytest.mark.parametrize("persona", ["office_staff", "liaison_a", "system_admin", "security_auditor"])
def test_role_assignment_endpoints_do_not_exist_for_others_even_with_a_bad_body(world, as_user, persona):
    """The role gate answers before the body is validated: no 422, which would reveal the endpoint."""
    api = as_user(persona)
    assert api.post("/role-assignments", {}).status_code == 404
    assert api.get("/role-assignments").status_code == 404
