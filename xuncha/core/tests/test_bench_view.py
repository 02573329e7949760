"""The framework-overhead page of bench/bench_load.py answers only when XUNCHA_BENCH_VIEWS is on."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from xuncha.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_in() -> Client:
    client = Client()
    client.force_login(User.objects.create_user("bench", password="Xc-test-Passw0rd"))
    return client


def test_off_by_default_it_is_404(client_in: Client) -> None:
    assert client_in.get(reverse("core:bench-ping")).status_code == 404


@override_settings(XUNCHA_BENCH_VIEWS=True)
def test_on_it_answers_signed_in_users_only(client_in: Client) -> None:
    response = client_in.get(reverse("core:bench-ping"))
    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Cache-Control"] == "no-store"
    assert Client().get(reverse("core:bench-ping")).status_code == 302
