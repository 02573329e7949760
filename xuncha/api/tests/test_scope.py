"""Scope lives in the data layer: what a persona may not see is absent from lists and 404 in detail."""

import pytest

from xuncha.audit.models import AuditEvent
from xuncha.inspections.models import Inspection, InspectionTarget
from xuncha.inspections.workflow import InspectionStatus

pytestmark = pytest.mark.django_db

ADMINS = ["system_admin", "security_admin", "security_auditor"]


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_office_staff_sees_every_inspection_of_the_city(world, as_user):
    assert _ids(as_user("office_staff").get("/inspections")) == {world.inspection_a.pk, world.inspection_b.pk}


def test_county_staff_sees_no_city_inspection(world, as_user):
    api = as_user("county_staff")
    assert _ids(api.get("/inspections")) == set()
    assert api.get(f"/inspections/{world.inspection_a.pk}").status_code == 404


def test_team_member_sees_only_their_team(world, as_user):
    api = as_user("member_a")
    assert _ids(api.get("/inspections")) == {world.inspection_a.pk}
    assert api.get(f"/inspections/{world.inspection_a.pk}").status_code == 200
    response = api.get(f"/inspections/{world.inspection_b.pk}")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "巡察不存在或无权查看。", "fields": {}}


def test_liaison_sees_only_own_organisation_and_not_before_preparation(world, as_user):
    api = as_user("liaison_a")
    assert _ids(api.get("/inspections")) == {world.inspection_a.pk}
    assert api.get(f"/inspections/{world.inspection_b.pk}").status_code == 404
    Inspection.objects.filter(pk=world.inspection_a.pk).update(status=InspectionStatus.PLANNED)
    assert _ids(api.get("/inspections")) == set()
    assert api.get(f"/inspections/{world.inspection_a.pk}").status_code == 404


def test_liaison_does_not_learn_the_other_targets_of_a_shared_inspection(world, as_user):
    InspectionTarget.objects.create(inspection=world.inspection_a, organization=world.org_b)
    body = as_user("liaison_a").get(f"/inspections/{world.inspection_a.pk}").json()
    assert [t["id"] for t in body["targets"]] == [world.org_a.pk]
    assert body["history"] is None  # who moved it and their notes are internal
    staff = as_user("office_staff").get(f"/inspections/{world.inspection_a.pk}").json()
    assert {t["id"] for t in staff["targets"]} == {world.org_a.pk, world.org_b.pk}
    assert staff["history"] == []


@pytest.mark.parametrize("persona", [*ADMINS, "outsider"])
@pytest.mark.parametrize("collection", ["people", "terms", "rounds", "teams", "inspections"])
def test_administrators_see_no_business_data(world, as_user, persona, collection):
    response = as_user(persona).get(f"/{collection}")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("persona", [*ADMINS, "outsider"])
def test_administrators_get_404_on_business_details(world, as_user, persona):
    api = as_user(persona)
    for path in [f"/people/{world.person_a.pk}", f"/terms/{world.term.pk}", f"/rounds/{world.round.pk}",
                 f"/teams/{world.team_a.pk}", f"/inspections/{world.inspection_a.pk}"]:
        assert api.get(path).status_code == 404, (persona, path)


def test_organisations_follow_scope(world, as_user):
    assert _ids(as_user("office_staff").get("/organizations")) == {
        world.org_a.pk, world.org_b.pk, world.org_county.pk}
    assert _ids(as_user("county_staff").get("/organizations")) == {world.org_county.pk}
    assert _ids(as_user("liaison_a").get("/organizations")) == {world.org_a.pk}
    assert _ids(as_user("member_a").get("/organizations")) == {world.org_a.pk}
    assert _ids(as_user("security_auditor").get("/organizations")) == set()
    assert as_user("liaison_a").get(f"/organizations/{world.org_b.pk}").status_code == 404


def test_organisation_filters(world, as_user):
    api = as_user("office_staff")
    assert _ids(api.get("/organizations", q="工商联")) == {world.org_a.pk}
    assert _ids(api.get("/organizations", jurisdiction=world.county.pk)) == {world.org_county.pk}
    assert _ids(api.get("/organizations", sector="party_government", org_type="party_group")) == {
        world.org_a.pk, world.org_b.pk, world.org_county.pk}
    assert _ids(api.get("/organizations", sector="")) == {world.org_a.pk, world.org_b.pk, world.org_county.pk}
    assert api.get("/organizations", sector="nonsense").status_code == 422


def test_jurisdictions_follow_scope(world, as_user):
    assert _ids(as_user("office_staff").get("/jurisdictions")) == {world.city.pk, world.county.pk}
    assert _ids(as_user("county_staff").get("/jurisdictions")) == {world.county.pk}
    assert _ids(as_user("office_staff").get("/jurisdictions", parent=world.city.pk)) == {world.county.pk}
    assert _ids(as_user("liaison_a").get("/jurisdictions")) == set()
    body = as_user("county_staff").get(f"/jurisdictions/{world.county.pk}").json()
    assert body["level_label"] == "县级"
    assert as_user("county_staff").get(f"/jurisdictions/{world.city.pk}").status_code == 404


def test_people_follow_scope_and_never_show_the_id_number(world, as_user):
    api = as_user("office_staff")
    response = api.get("/people", q="张")
    assert _ids(response) == {world.person_a.pk}
    assert "id_number" not in response.json()["results"][0]
    detail = api.get(f"/people/{world.person_a.pk}")
    assert detail.status_code == 200
    assert "id_number" not in detail.json()
    assert "420101197501011234" not in detail.content.decode()
    assert detail.json()["phone"] == "13800000001"
    # A team member sees the cadres of the organisations their team inspects, and their own team.
    assert world.person_a.pk in _ids(as_user("member_a").get("/people"))
    assert as_user("member_a").get(f"/people/{world.person_county.pk}").status_code == 404
    assert as_user("liaison_a").get("/people").json()["count"] == 0


def test_person_read_is_audited(world, as_user):
    before = AuditEvent.objects.count()
    body = as_user("office_staff").get(f"/people/{world.person_a.pk}").json()
    assert body["work_history"] == [] and body["relatives"] == []
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.actor_username, event.object_type, event.object_id, event.result) == (
        "person.read", "office_staff", "orgs.person", str(world.person_a.pk), "success")


def test_refused_person_read_is_audited_as_denied(world, as_user):
    assert as_user("liaison_a").get(f"/people/{world.person_a.pk}").status_code == 404
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor_username, event.result) == ("person.read", "liaison_a", "denied")


def test_liaison_sees_team_name_and_leader_but_not_members(world, as_user):
    body = as_user("liaison_a").get(f"/teams/{world.team_a.pk}").json()
    assert body["name"] == "第一巡察组"
    assert body["leader"] == "赵组长"
    assert body["members_visible"] is False
    assert body["members"] is None
    assert as_user("liaison_a").get(f"/teams/{world.team_b.pk}").status_code == 404


@pytest.mark.parametrize("persona", ["office_staff", "member_a"])
def test_planners_and_team_see_members(world, as_user, persona):
    body = as_user(persona).get(f"/teams/{world.team_a.pk}").json()
    assert body["members_visible"] is True
    assert [(m["name"], m["role"], m["role_label"]) for m in body["members"]] == [
        ("赵组长", "leader", "组长"), ("孙组员", "member", "成员")]


def test_terms_rounds_and_teams(world, as_user):
    api = as_user("member_a")
    assert _ids(api.get("/terms")) == {world.term.pk}
    assert _ids(api.get("/rounds", term=world.term.pk)) == {world.round.pk}
    assert _ids(api.get("/teams")) == {world.team_a.pk}
    assert _ids(as_user("office_staff").get("/teams", round=world.round.pk)) == {world.team_a.pk, world.team_b.pk}
    detail = api.get(f"/rounds/{world.round.pk}").json()
    # The round picks the dictionaries valid when it starts (seeded by the taxonomy migration).
    assert detail["focus_framework"] is None or detail["focus_framework"]["code"]
    assert detail["term"] == {"id": world.term.pk, "name": "第十二届"}
