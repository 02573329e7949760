import datetime

import pytest
from django.test import Client
from django.utils import timezone

from xuncha.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_bearer_token_authenticates(client, world):
    _, raw = ApiToken.issue(user=world.users["office_staff"])
    response = client.get("/api/v1/me", headers=_bearer(raw))
    assert response.status_code == 200
    assert response.json()["username"] == "office_staff"


def test_no_credentials_is_401_in_chinese(client, world):
    response = client.get("/api/v1/inspections")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert "未登录" in body["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [
    "Bearer nonsense", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000])
def test_bad_authorization_headers_are_401(client, world, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_revoked_token_is_refused(client, world):
    token, raw = ApiToken.issue(user=world.users["office_staff"])
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 401


def test_expired_token_is_refused(client, world):
    _, raw = ApiToken.issue(user=world.users["office_staff"],
                            expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 401


def test_token_of_disabled_user_is_refused(client, world):
    user = world.users["office_staff"]
    _, raw = ApiToken.issue(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 401


def test_last_used_at_is_written_at_most_once_a_minute(client, world):
    token, raw = ApiToken.issue(user=world.users["office_staff"])
    client.get("/api/v1/me", headers=_bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/me", headers=_bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get("/api/v1/me", headers=_bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=2)


def test_session_authenticates_reads(client, world):
    client.force_login(world.users["office_staff"])
    response = client.get("/api/v1/inspections")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_session_write_needs_csrf(world):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.users["office_staff"])
    url = f"/api/v1/inspections/{world.inspection_a.pk}/transitions/station"
    response = csrf_client.post(url, "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"

    csrf_client.get("/api/v1/docs")  # the docs page sets the CSRF cookie, as a browser would get it
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(url, "{}", content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "stationed"


def test_anonymous_write_is_401_not_csrf(world):
    response = Client(enforce_csrf_checks=True).post(
        f"/api/v1/inspections/{world.inspection_a.pk}/transitions/station", "{}", content_type="application/json")
    assert response.status_code == 401


def test_bearer_write_needs_no_csrf(world, as_user):
    response = as_user("office_staff").post(f"/inspections/{world.inspection_a.pk}/transitions/station", {})
    assert response.status_code == 200


def test_me_lists_roles_scopes_and_capabilities(world, as_user):
    body = as_user("leader_a").get("/me").json()
    assert body["username"] == "leader_a"
    assert body["display_name"] == "leader_a"
    [role] = body["roles"]
    assert role["role"] == "team_leader"
    assert role["role_label"] == "巡察组组长"
    assert role["scope"] == {"kind": "team", "id": world.team_a.pk, "label": "第一巡察组"}
    assert "withdraw_inspection" in body["capabilities"]
    assert "manage_planning" not in body["capabilities"]
