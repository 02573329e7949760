"""Sign-in and sign-out: audit (AUD-01), one message for every failure (SEC-09), lock-out (SEC-07), session key
rotation (SEC-11)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.worlds import PASSWORD
from xuncha.accounts.services import user_set_active
from xuncha.audit.models import AuditEvent, AuditResult

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def _post(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_is_a_labelled_form(client, world):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("accounts:login") == LOGIN
    for needle in ['name="username"', 'name="password"', 'type="submit"', 'for="id_username"', 'for="id_password"',
                   "用户登录"]:
        assert needle in html
    assert "Demo#2018xc" not in html  # passwords never appear on the page
    assert "style=" not in html and "<script>" not in html  # strict CSP: no inline style or script


def test_login_success_is_audited_and_rotates_the_session_key(client, world):
    session = client.session
    session["probe"] = 1
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = _post(client, "office_staff", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("dashboards:home")
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor_username == "office_staff"
    assert event.result == AuditResult.SUCCESS
    assert event.actor_role == "office_staff"


def test_wrong_password_and_unknown_user_look_the_same(client, world):
    wrong = _post(client, "office_staff", "not-the-password")
    unknown = _post(client, "nobody-at-all", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        html = response.content.decode()
        assert "用户名或密码错误" in html
        assert "不存在" not in html
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(action="auth.login_failed")
    assert sorted(failed.values_list("actor_username", flat=True)) == ["nobody-at-all", "office_staff"]
    assert set(failed.values_list("result", flat=True)) == {AuditResult.FAILURE}


def test_disabled_account_gets_the_same_message(client, world):
    user_set_active(actor=world.users["system_admin"], user=world.users["office_staff"], active=False)
    response = _post(client, "office_staff", PASSWORD)
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_for_the_right_password(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, "leader_a", "wrong-password")
    response = _post(client, "leader_a", PASSWORD)
    assert response.status_code in (403, 429)
    html = response.content.decode()
    assert "账户已临时锁定" in html
    assert "30 分钟" in html
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action="auth.login", actor_username="leader_a").exists()
    # Another account is not affected by the lock (lock-out is per account).
    assert _post(client, "office_staff", PASSWORD).status_code == 302


def test_four_failures_then_success_resets_the_counter(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post(client, "leader_a", "wrong-password")
    assert _post(client, "leader_a", PASSWORD).status_code == 302


def test_empty_form_is_refused_in_chinese(client, world):
    response = client.post(LOGIN, {})
    assert response.status_code == 200
    assert "请输入用户名" in response.content.decode()


def test_next_is_followed_only_inside_the_site(client, world):
    response = client.post(f"{LOGIN}?next=/audit/", {"username": "security_auditor", "password": PASSWORD,
                                                     "next": "/audit/"})
    assert response.url == "/audit/"
    client.post("/accounts/logout/")
    response = client.post(LOGIN, {"username": "security_auditor", "password": PASSWORD,
                                   "next": "https://evil.example/"})
    assert response.url == reverse("dashboards:home")


def test_logout_is_post_only_and_audited(client, world):
    _post(client, "liaison_a", PASSWORD)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.actor_username == "liaison_a"
    assert client.get("/").status_code == 302


def test_signed_in_user_opening_login_goes_home(login, world):
    client = login("office_staff")
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response.url == reverse("dashboards:home")
