"""The team's forming goes through its transition table (TEAM_WORKFLOW): confirming the composition names what is
missing, the roster is frozen once confirmed, reopening needs a reason and is refused once the team has gone in,
and an inspection is not stationed before its team is confirmed. The page and the API call the same service."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    InspectionFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
    grant,
)
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.core.models import StatusChange
from xuncha.inspections.models import Team
from xuncha.inspections.states import InspectionStatus, TeamStatus
from xuncha.inspections.workflow import INSPECTION_WORKFLOW
from xuncha.orgs.models import WorkHistory
from xuncha.planning.teams import team_leader_authorize, team_member_add, team_member_remove, team_step
from xuncha.planning.workflows import TEAM_WORKFLOW
from xuncha.rules.models import PlanningPolicy

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def forming() -> dict[str, Any]:
    """A team of a city round with one inspection in preparation; rules small enough for three people."""
    insp = InspectionFactory.create(status=InspectionStatus.PREPARING)
    team, city = insp.team, insp.round.term.jurisdiction
    assert team is not None
    PlanningPolicy.objects.create(jurisdiction=city, team_size_min=3, required_skills="")
    office = UserFactory.create(username="office")
    leading = UserFactory.create(username="leading")
    grant(office, Role.OFFICE_STAFF, city)
    grant(leading, Role.LEADING_GROUP, city)
    home = OrganizationFactory.create(jurisdiction=city)

    def add(role: str, rank: str = "staff") -> Any:
        person = PersonFactory.create(organization=home, rank=rank)
        return team_member_add(actor=office, team_id=team.pk, person_id=person.pk, role=role).membership

    return {"insp": insp, "team": team, "office": office, "leading": leading, "add": add, "target":
            insp.targets.get().organization}


def _ready(f: dict[str, Any]) -> None:
    """Leader, deputy and member on the team, leaders authorised: nothing missing."""
    for membership in (f["add"]("leader", "div_chief"), f["add"]("deputy_leader", "sec_chief")):
        team_leader_authorize(actor=f["office"], membership_id=membership.pk, on=D(2018, 10, 20),
                              reference="洛巡组〔2018〕7号")
    f["add"]("member")


def test_confirming_names_what_is_missing(forming: dict[str, Any]) -> None:
    team = forming["team"]
    with pytest.raises(TransitionNotAllowed) as refused:
        team_step(actor=forming["office"], team_id=team.pk, transition="confirm")
    assert "尚未确定组长" in refused.value.message
    leader = forming["add"]("leader", "div_chief")
    forming["add"]("deputy_leader", "sec_chief")
    forming["add"]("member")
    with pytest.raises(TransitionNotAllowed, match="尚未授权"):
        team_step(actor=forming["office"], team_id=team.pk, transition="confirm")
    deputy = team.memberships.get(role="deputy_leader")
    assert [s.blockers for s in TEAM_WORKFLOW.available(team, {"manage_planning"})] == [
        [f"尚未授权（一次一授权）：组长{leader.person.name}、副组长{deputy.person.name}。"]]


def test_confirm_records_the_step_and_freezes_the_roster(forming: dict[str, Any]) -> None:
    _ready(forming)
    team = team_step(actor=forming["office"], team_id=forming["team"].pk, transition="confirm")
    assert Team.objects.get(pk=team.pk).status == TeamStatus.FORMED
    change = StatusChange.for_object(team).get()
    assert (change.transition, change.old_status, change.new_status) == ("confirm", "forming", "formed")
    assert AuditEvent.objects.filter(action="team.confirm", object_id=str(team.pk)).exists()
    with pytest.raises(DomainError, match="组成人员已确定"):
        forming["add"]("member")
    with pytest.raises(DomainError, match="组成人员已确定"):
        team_member_remove(actor=forming["office"], membership_id=team.memberships.filter(role="member").get().pk)


def test_reopening_needs_a_reason_and_is_refused_once_stationed(forming: dict[str, Any]) -> None:
    _ready(forming)
    team_id = forming["team"].pk
    team_step(actor=forming["office"], team_id=team_id, transition="confirm")
    with pytest.raises(DomainError, match="请写明理由"):
        team_step(actor=forming["office"], team_id=team_id, transition="reopen")
    team = team_step(actor=forming["office"], team_id=team_id, transition="reopen", note="副组长调任，需另行选配")
    assert team.status == TeamStatus.FORMING
    assert StatusChange.for_object(team).filter(transition="reopen").get().note == "副组长调任，需另行选配"
    forming["add"]("member")  # the roster is open again
    team_step(actor=forming["office"], team_id=team_id, transition="confirm")
    forming["insp"].__class__.objects.filter(pk=forming["insp"].pk).update(status=InspectionStatus.STATIONED)
    with pytest.raises(TransitionNotAllowed, match="已进驻"):
        team_step(actor=forming["office"], team_id=team_id, transition="reopen", note="进驻后想换人，应被拒绝")


def test_an_unresolved_recusal_ground_blocks_the_confirmation(forming: dict[str, Any]) -> None:
    _ready(forming)
    member = forming["team"].memberships.filter(role="member").get()
    WorkHistory.objects.create(person=member.person, organization=forming["target"], organization_name="被巡察单位",
                               post="科长", start=D(2010, 1, 1), end=D(2016, 12, 31))
    with pytest.raises(TransitionNotAllowed, match="未解决的回避情形"):
        team_step(actor=forming["office"], team_id=forming["team"].pk, transition="confirm")


def test_only_the_office_confirms(forming: dict[str, Any]) -> None:
    _ready(forming)
    with pytest.raises(CapabilityMissing):
        team_step(actor=forming["leading"], team_id=forming["team"].pk, transition="confirm")


def test_an_inspection_is_not_stationed_before_its_team_is_confirmed(forming: dict[str, Any]) -> None:
    _ready(forming)
    insp = forming["insp"]
    station = INSPECTION_WORKFLOW.get("station")
    assert any("组成人员尚未确定" in r for r in INSPECTION_WORKFLOW.blockers(insp, station))
    team_step(actor=forming["office"], team_id=forming["team"].pk, transition="confirm")
    insp.refresh_from_db()
    assert not any("组成人员" in r for r in INSPECTION_WORKFLOW.blockers(insp, station))


def test_the_page_and_the_api_take_the_same_step(forming: dict[str, Any]) -> None:
    _ready(forming)
    team = forming["team"]
    client = Client()
    client.force_login(forming["office"])
    api = f"/api/v1/teams/{team.pk}"
    state = client.get(f"{api}/forming").json()
    assert (state["status"], [t["name"] for t in state["available_transitions"]]) == ("forming", ["confirm"])
    response = client.post(reverse("planning:team-step", args=[team.pk, "confirm"]))
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.status == TeamStatus.FORMED
    refused = client.post(f"{api}/transitions/reopen", json.dumps({}), content_type="application/json")
    assert refused.status_code == 400
    reopened = client.post(f"{api}/transitions/reopen", json.dumps({"note": "组长另有任用，重新选配"}),
                           content_type="application/json")
    assert reopened.status_code == 200 and reopened.json()["status"] == "forming"
    assert client.post(f"{api}/transitions/approve", json.dumps({}), content_type="application/json").status_code == 404
