"""``manage.py demo_otp``: the current code of a demo account's published authenticator."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP

from xuncha.demo.accounts import DEMO_ACCOUNTS


def test_prints_a_code_the_demo_device_accepts_now():
    account = next(a for a in DEMO_ACCOUNTS if a.username == "director")
    out = io.StringIO()
    call_command("demo_otp", "director", stdout=out, stderr=io.StringIO())
    code = int(out.getvalue().strip())
    # The server accepts one step either side of now (a step boundary may fall between the two calls).
    assert TOTP(account.totp_key).verify(code, tolerance=1)


def test_refuses_accounts_without_a_second_factor_and_unknown_names():
    with pytest.raises(CommandError, match="不需要动态口令"):
        call_command("demo_otp", "office", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="没有演示账户"):
        call_command("demo_otp", "mallory", stdout=io.StringIO(), stderr=io.StringIO())
