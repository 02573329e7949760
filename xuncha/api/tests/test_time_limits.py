import pytest

from xuncha.audit.models import AuditEvent
from xuncha.rules.models import TimeLimits

pytestmark = pytest.mark.django_db


def _url(jurisdiction):
    return f"/jurisdictions/{jurisdiction.pk}/time-limits"


def test_defaults_then_inherited_then_own(world, as_user):
    api = as_user("county_staff")
    body = api.get(_url(world.county)).json()
    assert (body["source"], body["inherited"], body["source_jurisdiction"]) == ("default", True, None)
    assert body["fieldwork_days_routine"] == 30

    TimeLimits.objects.create(jurisdiction=world.city, fieldwork_days_routine=40)
    body = api.get(_url(world.county)).json()
    assert (body["source"], body["inherited"]) == ("ancestor", True)
    assert body["source_jurisdiction"] == {"id": world.city.pk, "name": "江城市"}
    assert body["fieldwork_days_routine"] == 40

    TimeLimits.objects.create(jurisdiction=world.county, fieldwork_days_routine=45)
    body = api.get(_url(world.county)).json()
    assert (body["source"], body["inherited"], body["fieldwork_days_routine"]) == ("own", False, 45)


@pytest.mark.parametrize("persona", ["office_staff", "system_admin", "security_auditor", "member_a"])
def test_anyone_seeing_the_jurisdiction_reads_its_limits(world, as_user, persona):
    assert as_user(persona).get(_url(world.city)).status_code == 200


def test_liaison_sees_no_jurisdiction(world, as_user):
    assert as_user("liaison_a").get(_url(world.city)).status_code == 404


def test_system_admin_sets_limits_and_it_is_audited(world, as_user):
    TimeLimits.objects.create(jurisdiction=world.city, fieldwork_days_routine=40)
    response = as_user("system_admin").put(_url(world.county), {"fieldwork_days_special": 20})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["source"], body["fieldwork_days_special"]) == ("own", 20)
    assert body["fieldwork_days_routine"] == 40  # taken over from the city, where it was in force
    event = AuditEvent.objects.filter(action="config.time_limits").get()
    assert event.actor_username == "system_admin"
    assert '"fieldwork_days_special":[15,20]' in event.details  # one shape for page and API: [old, new]
    assert '"created":true' in event.details

    as_user("system_admin").put(_url(world.county), {"fieldwork_days_special": 20})
    assert AuditEvent.objects.filter(action="config.time_limits").count() == 1  # nothing changed


@pytest.mark.parametrize("persona", ["office_director", "county_system_admin", "security_admin"])
def test_others_may_not_set_limits(world, as_user, persona):
    response = as_user(persona).put(_url(world.city), {"fieldwork_days_routine": 35})
    # Visible but not theirs to configure: 403; the county administrator does not see the city: 404.
    assert response.status_code == (404 if persona == "county_system_admin" else 403)
    assert not TimeLimits.objects.exists()


def test_county_system_admin_sets_own_county(world, as_user):
    assert as_user("county_system_admin").put(_url(world.county), {"coverage_cycle_years": 5}).status_code == 200


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"evaluation_sampling_percent": 101}, "evaluation_sampling_percent", "不能大于 100。"),
    ({"fieldwork_days_routine": 0}, "fieldwork_days_routine", "不能小于 1。"),
    ({"fieldwork_days_routine": "thirty"}, "fieldwork_days_routine", "应为整数。"),
    ({"fieldwork_days": 30}, "fieldwork_days", "不支持此字段。"),
])
def test_invalid_values_are_422_in_chinese(world, as_user, body, field, message):
    response = as_user("system_admin").put(_url(world.city), body)
    assert response.status_code == 422
    assert response.json()["fields"] == {field: [message]}


def test_rules_across_fields_are_400_in_chinese(world, as_user):
    response = as_user("system_admin").put(_url(world.city), {"fieldwork_days_special": 5,
                                                              "petition_cutoff_days_before_end": 5})
    assert response.status_code == 400
    assert "petition_cutoff_days_before_end" in response.json()["fields"]
    assert "进驻天数" in response.json()["message"]
    response = as_user("system_admin").put(_url(world.city), {"lead_feedback_due_months": 8})
    assert response.status_code == 400
    assert not TimeLimits.objects.exists()
