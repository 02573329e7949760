"""Per-user API rate limit (security issue: ninja's throttling): past the rate a caller gets 429 with the
Chinese error body and Retry-After; other users are not affected; an empty rate turns it off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from xuncha.accounts.models import User

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.create_user(username, password="Xc-test-Passw0rd"))
    return client


@pytest.fixture(autouse=True)
def fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@override_settings(XUNCHA_API_USER_RATE="3/m")
def test_a_user_past_the_rate_gets_429_and_others_do_not() -> None:
    busy, other = _client("busy"), _client("other")
    assert [busy.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 200]
    refused = busy.get("/api/v1/me")
    assert refused.status_code == 429
    assert refused.json()["message"] == "请求过于频繁，请稍后再试。"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert other.get("/api/v1/me").status_code == 200


@override_settings(XUNCHA_API_USER_RATE="")
def test_an_empty_rate_turns_it_off() -> None:
    client = _client("free")
    assert {client.get("/api/v1/me").status_code for _ in range(5)} == {200}
