"""Idle timeout without a write per request (SEC-12, scale issue): the session is saved only once it is older
than ``SESSION_RENEW_AFTER_SECONDS``, so consecutive requests write nothing and an idle session still ends."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xuncha.accounts.models import User

pytestmark = pytest.mark.django_db

AGE = settings.SESSION_COOKIE_AGE
Clock = Callable[[float], None]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """``clock(seconds)`` moves ``timezone.now()`` (used by the session store and the renewal) forward."""
    start = timezone.now()
    offset = [0.0]
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(seconds=offset[0]))

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


@pytest.fixture
def signed_in(clock: Callable[[float], None]) -> Client:
    user = User.objects.create_user("renewal", password="Xc-test-Passw0rd")
    client = Client()
    client.force_login(user)
    # The first request stamps the session (absolute start and renewal time): one write, once.
    assert client.get(reverse("dashboards:home")).status_code == 200
    return client


def _session_writes(client: Client, times: int = 1) -> tuple[int, bool]:
    with CaptureQueriesContext(connection) as queries:
        for _ in range(times):
            response = client.get(reverse("dashboards:home"))
            assert response.status_code == 200
    writes = [q["sql"] for q in queries.captured_queries
              if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]
    return len(writes), settings.SESSION_COOKIE_NAME in response.cookies


def test_consecutive_requests_write_no_session(signed_in: Client, clock: Clock) -> None:
    clock(AGE * 0.2)
    assert _session_writes(signed_in, times=5) == (0, False)


def test_session_is_renewed_once_past_the_threshold_and_stays_alive(signed_in: Client, clock: Clock) -> None:
    clock(settings.SESSION_RENEW_AFTER_SECONDS + 1)
    writes, cookie_sent = _session_writes(signed_in)
    assert writes >= 1 and cookie_sent
    # Renewed: alive a full idle window after the renewal, longer than the first save allowed.
    clock(AGE - 5)
    assert signed_in.get(reverse("dashboards:home")).status_code == 200
    assert _session_writes(signed_in) == (0, False)


def test_idle_session_expires_after_the_idle_window(signed_in: Client, clock: Clock) -> None:
    clock(AGE + 1)
    response = signed_in.get(reverse("dashboards:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_requests_without_a_write_do_not_extend_the_idle_window(signed_in: Client, clock: Clock) -> None:
    # Active but below the renewal threshold: no write, so the session still ends AGE after its last save,
    # never later than AGE after the last request.
    clock(settings.SESSION_RENEW_AFTER_SECONDS - 5)
    assert _session_writes(signed_in) == (0, False)
    clock(AGE - settings.SESSION_RENEW_AFTER_SECONDS + 10)
    response = signed_in.get(reverse("dashboards:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_logout_does_not_recreate_a_session(signed_in: Client, clock: Clock) -> None:
    clock(settings.SESSION_RENEW_AFTER_SECONDS + 1)
    signed_in.post(reverse("accounts:logout"))
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 0
