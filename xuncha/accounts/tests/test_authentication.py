"""Signing in with a second factor (SEC-06), recovery codes, the password policy and forced changes (SEC-08,
GB/T 22239 §8.1.4.1 a)), the administrator's resets, lock-out per account and per address (SEC-07), one
session per account, and the audit of each of these events (AUD-01)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.worlds import PASSWORD
from xuncha.accounts.models import PasswordHistory, RecoveryCode, RoleAssignment, User
from xuncha.accounts.roles import SECOND_FACTOR_ROLES, Role
from xuncha.accounts.services import recovery_codes_issue, role_grant, user_create
from xuncha.audit.models import AuditEvent, AuditResult
from xuncha.core.exceptions import DomainError

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
HOME = "/"
VERIFY = "/accounts/2fa/verify/"
ENROL = "/accounts/2fa/enrol/"
PASSWORD_CHANGE = "/accounts/password/"
NEW_PASSWORD = "Neu-Kennwort-2026"


def _sign_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _enrol(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="手机令牌", confirmed=True)


def _code(device: TOTPDevice, ahead: int = 0) -> str:
    """The device's code, ``ahead`` steps later (the device accepts one step either side; a step once used is
    never accepted again)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=ahead):06d}"


def _throttle_passed(device: TOTPDevice) -> None:
    """As if django-otp's delay after a wrong code (doubling with each failure) had run out."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)


def _actions(username: str) -> list[str]:
    return list(AuditEvent.objects.filter(actor_username=username).order_by("pk").values_list("action", flat=True))


# ---- Which roles need a second factor ---------------------------------------------------------------------------


def test_second_factor_roles_are_those_reading_confidential_records_and_the_administrators():
    expected = {Role.OFFICE_DIRECTOR, Role.TEAM_LEADER, Role.TEAM_DEPUTY, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN,
                Role.SECURITY_AUDITOR}
    assert set(SECOND_FACTOR_ROLES) == expected


def test_a_password_alone_opens_nothing_for_a_confidential_role(client, world):
    response = _sign_in(client, "office_director")
    assert response.status_code == 302
    home = client.get(HOME)
    assert home.status_code == 302 and home["Location"].startswith(ENROL)
    for path in ("/planning/inspections/", f"/planning/inspections/{world.stationed.pk}/", "/accounts/security/"):
        assert client.get(path)["Location"].startswith(ENROL)
    api = client.get("/api/v1/inspections")
    assert api.status_code == 403 and api.json()["step"] == "enrol"
    assert AuditEvent.objects.get(action="auth.login", actor_username="office_director").details == (
        '{"second_factor":"pending"}')
    # The step's page has no menu: its items (and the to-do badge it would fetch) lead back to the step.
    step_page = client.get(ENROL).content.decode()
    assert "todos/badge" not in step_page and 'class="nav-link' not in step_page


def test_a_role_without_confidential_records_signs_in_with_the_password(client, world):
    _sign_in(client, "office_staff")
    assert client.get(HOME).status_code == 200


@override_settings(XUNCHA_REQUIRE_2FA=False)
def test_requirement_can_be_switched_off_but_an_enrolled_device_is_still_asked_for(client, world):
    _sign_in(client, "office_director")
    assert client.get(HOME).status_code == 200
    _enrol(world.users["leader_a"])
    other = Client()
    _sign_in(other, "leader_a")
    assert other.get(HOME)["Location"].startswith(VERIFY)


def test_force_login_of_the_suite_counts_as_verified_but_a_password_backend_does_not(world):
    verified = Client()
    verified.force_login(world.users["system_admin"])  # tests.backends.ForceLoginBackend (config/settings_test)
    assert verified.get(HOME).status_code == 200
    plain = Client()
    plain.force_login(world.users["system_admin"], backend=f"{ModelBackend.__module__}.{ModelBackend.__name__}")
    assert plain.get(HOME)["Location"].startswith(ENROL)


# ---- Enrolment, verification, recovery codes ---------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_gives_ten_recovery_codes_once(client, world):
    _sign_in(client, "office_director")
    page = client.get(ENROL)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html  # drawn by the server, no CDN
    assert 'for="id_code"' in html and "style=" not in html and "<script>" not in html
    device = TOTPDevice.objects.get(user=world.users["office_director"], confirmed=False)

    wrong = client.post(ENROL, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "动态口令不正确" in wrong.content.decode()
    _throttle_passed(device)
    done = client.post(ENROL, {"code": _code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", done.content.decode())
    assert len(set(codes)) == 10
    stored = list(RecoveryCode.objects.filter(device__user=world.users["office_director"])
                  .values_list("digest", flat=True))
    assert len(stored) == 10 and not set(codes) & set(stored)  # only digests are kept
    assert client.get(HOME).status_code == 200
    assert _actions("office_director") == ["auth.login", "auth.otp_failed", "auth.otp_enrolled",
                                           "auth.recovery_codes_issued"]


def test_verification_step_accepts_the_current_code_once_and_rotates_the_session(client, world):
    device = _enrol(world.users["system_admin"])
    _sign_in(client, "system_admin")
    assert client.get("/accounts/users/")["Location"] == f"{VERIFY}?next=%2Faccounts%2Fusers%2F"
    before = client.session.session_key
    wrong = client.post(VERIFY, {"code": "12345", "next": "/accounts/users/"})
    assert wrong.status_code == 400 and 'for="id_code"' in wrong.content.decode()
    _throttle_passed(device)
    ok = client.post(VERIFY, {"code": _code(device), "next": "/accounts/users/"})
    assert ok.status_code == 302 and ok["Location"] == "/accounts/users/"
    assert client.session.session_key != before  # SEC-11 on the step-up
    assert client.get("/accounts/users/").status_code == 200
    # The same code cannot open a second session.
    other = Client()
    _sign_in(other, "system_admin")
    assert other.post(VERIFY, {"code": _code(device)}).status_code == 400
    failed = AuditEvent.objects.filter(action="auth.otp_failed", actor_username="system_admin")
    assert failed.count() == 2 and set(failed.values_list("result", flat=True)) == {AuditResult.FAILURE}
    assert AuditEvent.objects.filter(action="auth.otp_verified", actor_username="system_admin").count() == 1


def test_an_offsite_next_is_not_followed(client, world):
    device = _enrol(world.users["leader_a"])
    _sign_in(client, "leader_a")
    response = client.post(VERIFY, {"code": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboards:home")


def test_a_recovery_code_signs_in_once(client, world):
    user = world.users["leader_a"]
    _enrol(user)
    codes = recovery_codes_issue(user=user)
    _sign_in(client, "leader_a")
    response = client.post(VERIFY, {"code": codes[3].upper()})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    event = AuditEvent.objects.get(action="auth.recovery_code_used", actor_username="leader_a")
    assert event.details == '{"remaining":9}'
    again = Client()
    _sign_in(again, "leader_a")
    assert again.post(VERIFY, {"code": codes[3]}).status_code == 400


def test_renewed_recovery_codes_replace_the_old_ones(world):
    user = world.users["leader_a"]
    first = recovery_codes_issue(user=user)
    second = recovery_codes_issue(user=user)
    client = Client()
    _enrol(user)
    _sign_in(client, "leader_a")
    assert client.post(VERIFY, {"code": first[0]}).status_code == 400
    assert client.post(VERIFY, {"code": second[0]}).status_code == 302


def test_five_wrong_codes_end_the_session(client, world):
    _enrol(world.users["leader_a"])
    _sign_in(client, "leader_a")
    for _ in range(4):
        assert client.post(VERIFY, {"code": "abcde-fghjk"}).status_code == 400
    response = client.post(VERIFY, {"code": "abcde-fghjk"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_session_waiting_for_its_code_cannot_enrol_another_device(client, world):
    _enrol(world.users["leader_a"])
    _sign_in(client, "leader_a")
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"] == VERIFY


# ---- Password change and policy -----------------------------------------------------------------------------------


def test_every_user_changes_their_own_password(client, world):
    _sign_in(client, "office_staff")
    page = client.get(PASSWORD_CHANGE)
    html = page.content.decode()
    assert page.status_code == 200
    for label in ('for="id_old_password"', 'for="id_new_password1"', 'for="id_new_password2"', "原密码"):
        assert label in html
    other = Client()
    _sign_in(other, "office_staff")
    before = client.session.session_key
    response = client.post(PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                             "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(username="office_staff")
    assert user.check_password(NEW_PASSWORD) and not user.must_change_password
    assert PasswordHistory.objects.filter(user=user).count() == 1
    assert client.session.session_key != before and client.get(HOME).status_code == 200
    assert other.get(HOME).status_code == 302  # the other session ends with the old password
    assert "auth.password_changed" in _actions("office_staff")


@pytest.mark.parametrize(("new", "message"), [
    ("kurz1A!", "太短"),
    ("lowercaseonly-words", "至少 3 类"),
    (PASSWORD, "最近 5 次"),
])
def test_password_policy_refuses_weak_and_reused_passwords(client, world, new, message):
    _sign_in(client, "office_staff")
    response = client.post(PASSWORD_CHANGE, {"old_password": PASSWORD, "new_password1": new,
                                             "new_password2": new})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.get(username="office_staff").check_password(PASSWORD)
    event = AuditEvent.objects.get(action="auth.password_change_failed", actor_username="office_staff")
    assert event.result == AuditResult.FAILURE


def test_a_wrong_old_password_changes_nothing(client, world):
    _sign_in(client, "office_staff")
    response = client.post(PASSWORD_CHANGE, {"old_password": "nope", "new_password1": NEW_PASSWORD,
                                             "new_password2": NEW_PASSWORD})
    assert response.status_code == 400 and "原密码不正确" in response.content.decode()
    assert User.objects.get(username="office_staff").check_password(PASSWORD)


def test_history_keeps_earlier_passwords_out(client, world):
    _sign_in(client, "office_staff")
    second, third = "Zweites-Kennwort-9", "Drittes-Kennwort-8"
    for old, new in ((PASSWORD, second), (second, third)):
        response = client.post(PASSWORD_CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})
        assert response.status_code == 302
    back = client.post(PASSWORD_CHANGE, {"old_password": third, "new_password1": PASSWORD,
                                         "new_password2": PASSWORD})
    assert back.status_code == 400 and "最近 5 次" in back.content.decode()


def test_an_administrator_set_password_must_be_changed_at_first_sign_in(client, world):
    user = user_create(actor=world.users["system_admin"], username="newbie", display_name="新人",
                       password="Anfangs-Kennwort-1")
    assert user.must_change_password
    _sign_in(client, "newbie", "Anfangs-Kennwort-1")
    response = client.get("/accounts/security/")
    assert response["Location"] == f"{PASSWORD_CHANGE}?next=%2Faccounts%2Fsecurity%2F"
    page = client.get(PASSWORD_CHANGE)
    assert "首次登录须修改" in page.content.decode()
    assert client.get("/api/v1/inspections").json()["step"] == "password"
    done = client.post(PASSWORD_CHANGE, {"old_password": "Anfangs-Kennwort-1", "new_password1": NEW_PASSWORD,
                                         "new_password2": NEW_PASSWORD, "next": "/accounts/security/"})
    assert done["Location"] == "/accounts/security/"
    assert client.get("/accounts/security/").status_code == 200


def test_an_expired_password_must_be_changed(client, world):
    days = settings.XUNCHA_PASSWORD_MAX_AGE_DAYS
    User.objects.filter(username="office_staff").update(
        password_changed_at=timezone.now() - datetime.timedelta(days=days, minutes=1))
    _sign_in(client, "office_staff")
    assert client.get(HOME)["Location"].startswith(PASSWORD_CHANGE)
    with override_settings(XUNCHA_PASSWORD_MAX_AGE_DAYS=0):  # expiry off
        assert client.get(HOME).status_code == 200


def test_the_second_factor_comes_before_the_forced_change(client, world):
    User.objects.filter(username="leader_a").update(must_change_password=True)
    device = _enrol(world.users["leader_a"])
    _sign_in(client, "leader_a")
    assert client.get(PASSWORD_CHANGE)["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": _code(device)})
    assert client.get(HOME)["Location"].startswith(PASSWORD_CHANGE)


# ---- The system administrator's resets ---------------------------------------------------------------------------


def test_system_administrator_resets_a_password_once_shown_and_audited(client, world):
    victim = Client()
    _sign_in(victim, "office_staff")
    admin = Client()
    admin.force_login(world.users["system_admin"])
    user = world.users["office_staff"]
    page = admin.get(f"/accounts/users/{user.pk}/security/")
    assert page.status_code == 200 and "重置密码" in page.content.decode()
    response = admin.post(f"/accounts/users/{user.pk}/reset-password/")
    assert response.status_code == 200
    found = re.search(r'fs-4 user-select-all">([^<]+)</p>', response.content.decode())
    assert found is not None
    temporary = found.group(1)
    user.refresh_from_db()
    assert user.must_change_password and user.check_password(temporary)
    assert victim.get(HOME).status_code == 302  # the user's session ended
    assert AuditEvent.objects.get(action="user.password_reset").object_id == str(user.pk)
    assert temporary not in AuditEvent.objects.get(action="user.password_reset").details
    fresh = Client()
    _sign_in(fresh, "office_staff", temporary)
    assert fresh.get(HOME)["Location"].startswith(PASSWORD_CHANGE)


def test_system_administrator_resets_a_second_factor_and_the_user_enrols_again(client, world):
    user = world.users["leader_a"]
    _enrol(user)
    recovery_codes_issue(user=user)
    admin = Client()
    admin.force_login(world.users["system_admin"])
    response = admin.post(f"/accounts/users/{user.pk}/reset-2fa/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists() and not RecoveryCode.objects.filter(
        device__user=user).exists()
    assert AuditEvent.objects.get(action="user.otp_reset").actor_username == "system_admin"
    _sign_in(client, "leader_a")
    assert client.get(HOME)["Location"].startswith(ENROL)


@pytest.mark.parametrize("persona", ["security_admin", "office_director", "leader_a"])
def test_only_the_system_administrator_resets(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    target = world.users["office_staff"]
    assert client.post(f"/accounts/users/{target.pk}/reset-password/").status_code == 404
    assert client.post(f"/accounts/users/{target.pk}/reset-2fa/").status_code == 404
    assert client.get(f"/accounts/users/{target.pk}/security/").status_code == 404
    assert not AuditEvent.objects.filter(action__in=["user.password_reset", "user.otp_reset"]).exists()


def test_an_administrator_does_not_reset_their_own_account(world):
    admin = Client()
    admin.force_login(world.users["system_admin"])
    me = world.users["system_admin"]
    response = admin.post(f"/accounts/users/{me.pk}/reset-password/", follow=True)
    assert "不能重置自己的密码" in response.content.decode()
    assert User.objects.get(pk=me.pk).check_password(PASSWORD)


# ---- Lock-out per account and per address ------------------------------------------------------------------------


def test_password_spraying_from_one_address_is_stopped(client, world):
    """Twelve wrong passwords for twelve accounts from one address, then the right one: refused."""
    for n in range(12):
        _sign_in(client, f"guess{n}", "Spray-Passw0rd")
    response = _sign_in(client, "office_staff")
    assert response.status_code in (403, 429) and "已被临时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.locked_out", client_ip="127.0.0.1").exists()
    # The lock is the address's: the same account signs in from another address.
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert _sign_in(elsewhere, "office_staff").status_code == 302


def test_an_office_behind_one_address_gets_more_room_than_one_account(client, world):
    for n in range(settings.XUNCHA_LOCKOUT_ADDRESS_FAILURES - 1):
        _sign_in(client, f"typo{n}", "Spray-Passw0rd")
    assert _sign_in(client, "office_staff").status_code == 302


def test_a_sign_in_clears_the_accounts_failures_but_not_the_addresss(client, world):
    from axes.models import AccessAttempt

    for n in range(4):
        _sign_in(client, f"guess{n}", "Spray-Passw0rd")
    _sign_in(client, "office_staff", "wrong-one")
    _sign_in(Client(), "office_staff")
    assert not AccessAttempt.objects.filter(username="office_staff").exists()
    assert AccessAttempt.objects.filter(ip_address="127.0.0.1").count() == 4


def test_each_further_lock_out_doubles_the_cool_off(client, world):
    from axes.models import AccessAttempt

    def lock() -> str:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _sign_in(client, "leader_a", "wrong-password")
        return _sign_in(client, "leader_a").content.decode()

    base = settings.XUNCHA_LOCKOUT_MINUTES
    assert f"{base} 分钟" in lock()
    # The first cool-off has run out: its failures are older than it.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=base + 1))
    assert _sign_in(client, "leader_a", "wrong-password").status_code == 200  # no longer locked
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=base + 1))
    assert f"{base * 2} 分钟" in lock()
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_username="leader_a").count() == 2
    assert AuditEvent.objects.filter(action="auth.locked_out_refused", actor_username="leader_a").count() == 2


# ---- One session per account -------------------------------------------------------------------------------------


@override_settings(XUNCHA_SINGLE_SESSION=True)
def test_a_new_sign_in_ends_the_older_session_where_configured(world):
    first, second = Client(), Client()
    _sign_in(first, "office_staff")
    assert first.get(HOME).status_code == 200
    _sign_in(second, "office_staff")
    assert second.get(HOME).status_code == 200
    response = first.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    event = AuditEvent.objects.get(action="auth.session_ended")
    assert (event.actor_username, event.details) == ("office_staff", '{"reason":"newer_sign_in"}')


@override_settings(XUNCHA_SINGLE_SESSION=True)
def test_a_session_that_is_not_the_accounts_current_one_is_ended_at_its_next_request(world):
    """Whatever kept the older session (a session store that cannot delete it), it is not the current one."""
    client = Client()
    _sign_in(client, "office_staff")
    User.objects.filter(username="office_staff").update(current_session_key="a-newer-session")
    response = client.get(HOME, follow=True)
    assert "该账户已在其他地方登录" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.session_superseded", actor_username="office_staff").exists()


@override_settings(XUNCHA_SINGLE_SESSION=True)
def test_a_password_without_its_code_ends_no_session(world):
    device = _enrol(world.users["leader_a"])
    first = Client()
    _sign_in(first, "leader_a")
    first.post(VERIFY, {"code": _code(device)})
    intruder = Client()
    _sign_in(intruder, "leader_a")  # knows the password, not the code
    assert first.get(HOME).status_code == 200
    assert not AuditEvent.objects.filter(action="auth.session_ended").exists()


def test_without_the_setting_sessions_coexist(world):
    first, second = Client(), Client()
    _sign_in(first, "office_staff")
    _sign_in(second, "office_staff")
    assert first.get(HOME).status_code == second.get(HOME).status_code == 200


# ---- 三员分立 in the database ---------------------------------------------------------------------------------------


def test_the_database_refuses_a_second_administrator_duty(world):
    admin = world.users["system_admin"]
    for role, jurisdiction in ((Role.SECURITY_AUDITOR, world.city), (Role.SECURITY_ADMIN, world.county),
                               (Role.SYSTEM_ADMIN, world.county)):
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(user=admin, role=role, jurisdiction=jurisdiction)
    # A revoked duty is history, not a duty: it does not block.
    RoleAssignment.objects.filter(user=admin).update(is_active=False)
    RoleAssignment.objects.create(user=admin, role=Role.SECURITY_AUDITOR, jurisdiction=world.city)


def test_the_service_refuses_a_second_administrator_duty_with_a_message(world):
    with pytest.raises(DomainError, match="三员分立"):
        role_grant(actor=world.users["security_admin"], user=world.users["system_admin"],
                   role=Role.SYSTEM_ADMIN, jurisdiction=world.county)
