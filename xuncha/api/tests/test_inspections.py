import datetime

import pytest
from django.utils import timezone

from xuncha.audit.models import AuditEvent
from xuncha.core.models import StatusChange
from xuncha.inspections.models import Inspection, InspectionTarget, TeamMembership
from xuncha.inspections.workflow import InspectionStatus

pytestmark = pytest.mark.django_db


def _station(api, inspection, **body):
    return api.post(f"/inspections/{inspection.pk}/transitions/station", body)


def test_detail_shape(world, as_user):
    body = as_user("office_staff").get(f"/inspections/{world.inspection_a.pk}").json()
    assert body["code"] == "JC-2024-3-01"
    assert (body["status"], body["status_label"]) == ("preparing", "巡前准备")
    assert (body["inspection_type"], body["inspection_type_label"]) == ("routine", "常规巡察")
    assert body["team"] == {"id": world.team_a.pk, "name": "第一巡察组"}
    assert body["round"]["id"] == world.round.pk
    assert body["targets"] == [{"id": world.org_a.pk, "name": world.org_a.name, "short_name": "市工商联"}]
    assert body["parent_inspection"] is None
    assert body["planned_entry"] == "2024-03-01"
    [station] = body["available_transitions"]
    assert station == {"name": "station", "label": "进驻", "takes_date": True, "allowed": True, "blockers": []}


def test_transitions_listed_with_blockers(world, as_user):
    TeamMembership.objects.filter(team=world.team_a, role="leader").delete()
    body = as_user("office_staff").get(f"/inspections/{world.inspection_a.pk}").json()
    [station] = body["available_transitions"]
    assert station["allowed"] is False
    assert station["blockers"] == ["巡察组尚未明确组长（一次一授权）。"]
    assert as_user("member_a").get(f"/inspections/{world.inspection_a.pk}").json()["available_transitions"] == []


def test_transition_moves_records_and_audits(world, as_user):
    on = timezone.localdate() - datetime.timedelta(days=1)
    response = _station(as_user("office_staff"), world.inspection_a, on=on.isoformat(), note="进驻动员会已召开")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "stationed"
    assert body["stationed_on"] == on.isoformat()
    assert [(h["old_status"], h["new_status"], h["transition"], h["actor"], h["note"]) for h in body["history"]] == [
        ("preparing", "stationed", "station", "office_staff", "进驻动员会已召开")]
    assert StatusChange.objects.count() == 1
    event = AuditEvent.objects.filter(action="inspection.transition").get()
    assert (event.actor_username, event.object_id) == ("office_staff", str(world.inspection_a.pk))


def test_transition_not_allowed_now_is_409(world, as_user):
    response = as_user("office_director").post(f"/inspections/{world.inspection_a.pk}/transitions/archive", {})
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert response.json()["message"] == "当前状态下不能执行此操作。"


def test_transition_with_failing_guard_is_409(world, as_user):
    InspectionTarget.objects.filter(inspection=world.inspection_a).delete()
    response = _station(as_user("office_staff"), world.inspection_a)
    assert response.status_code == 409
    assert "尚未确定被巡察党组织" in response.json()["message"]
    assert Inspection.objects.get(pk=world.inspection_a.pk).status == InspectionStatus.PREPARING


def test_transition_visible_but_not_permitted_is_403(world, as_user):
    response = _station(as_user("member_a"), world.inspection_a)
    assert response.status_code == 403
    assert response.json() == {"code": "permission_denied", "message": "您没有执行此操作的权限。", "fields": {}}
    assert _station(as_user("liaison_a"), world.inspection_a).status_code == 403
    assert StatusChange.objects.count() == 0


@pytest.mark.parametrize("persona", ["member_b", "liaison_b", "county_staff", "system_admin", "outsider"])
def test_transition_on_invisible_inspection_is_404(world, as_user, persona):
    assert _station(as_user(persona), world.inspection_a).status_code == 404
    assert StatusChange.objects.count() == 0


def test_unknown_transition_is_404(world, as_user):
    response = as_user("office_staff").post(f"/inspections/{world.inspection_a.pk}/transitions/teleport", {})
    assert response.status_code == 404
    assert response.json()["message"] == "操作不存在。"


def test_future_date_is_400_with_field(world, as_user):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _station(as_user("office_staff"), world.inspection_a, on=tomorrow.isoformat())
    assert response.status_code == 400
    assert response.json()["fields"] == {"on": ["日期不能晚于今天。"]}


@pytest.mark.parametrize(("body", "field"), [
    ({"on": "2024-13-01"}, "on"),
    ({"note": "x" * 2001}, "note"),
    ({"when": "2024-01-01"}, "when"),
])
def test_bad_transition_body_is_422_in_chinese(world, as_user, body, field):
    response = _station(as_user("office_staff"), world.inspection_a, **body)
    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert response.json()["message"].startswith("请求参数有误")


def test_withdraw_by_team_leader(world, as_user):
    Inspection.objects.filter(pk=world.inspection_a.pk).update(
        status=InspectionStatus.STATIONED, stationed_on=timezone.localdate() - datetime.timedelta(days=20))
    response = as_user("leader_a").post(f"/inspections/{world.inspection_a.pk}/transitions/withdraw", {})
    assert response.status_code == 200
    assert response.json()["withdrawn_on"] == timezone.localdate().isoformat()


def test_list_filters(world, as_user):
    api = as_user("office_staff")

    def ids(**params):
        return {r["id"] for r in api.get("/inspections", **params).json()["results"]}

    assert ids(team=world.team_b.pk) == {world.inspection_b.pk}
    assert ids(organization=world.org_a.pk) == {world.inspection_a.pk}
    assert ids(status="preparing", round=world.round.pk, inspection_type="routine") == {
        world.inspection_a.pk, world.inspection_b.pk}
    assert ids(status="archived") == set()
    response = api.get("/inspections", status="done")
    assert response.status_code == 422
    assert "status" in response.json()["fields"]


def test_parent_inspection_shown_only_when_visible(world, as_user):
    extension = Inspection.objects.create(
        round=world.round, team=world.team_b, code="JC-2024-3-02-E", inspection_type="extended",
        parent_inspection=world.inspection_a, status=InspectionStatus.PREPARING,
        planned_entry=world.inspection_a.planned_entry, planned_withdrawal=world.inspection_a.planned_withdrawal)
    InspectionTarget.objects.create(inspection=extension, organization=world.org_b)
    staff = as_user("office_staff").get(f"/inspections/{extension.pk}").json()
    assert staff["parent_inspection"] == {"id": world.inspection_a.pk, "code": "JC-2024-3-01"}
    assert as_user("member_b").get(f"/inspections/{extension.pk}").json()["parent_inspection"] is None


def test_list_query_count_does_not_grow_with_rows(world, as_user, django_assert_max_num_queries):
    for n in range(3, 13):
        extra = Inspection.objects.create(
            round=world.round, team=world.team_a, code=f"JC-2024-3-{n:02d}", inspection_type="routine",
            planned_entry=world.inspection_a.planned_entry, planned_withdrawal=world.inspection_a.planned_withdrawal)
        InspectionTarget.objects.create(inspection=extra, organization=world.org_a)
    api = as_user("office_staff")
    api.get("/me")  # the token's first use writes last_used_at; keep that write out of the budget
    # token 1 + scope 1 + count 1 + page 1 + targets 1 + visible targets 1, whatever the number of rows
    with django_assert_max_num_queries(6):
        response = api.get("/inspections", page_size=50)
    assert response.json()["count"] == 12
