"""``manage.py demo_otp director``: the current dynamic code of a demo account's published authenticator, for
trying the demo without a phone (the key is in var/demo-accounts.json, like the password)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp

from xuncha.demo.accounts import DEMO_ACCOUNTS

STEP = 30


class Command(BaseCommand):
    help = "显示演示账户当前的动态口令（只适用于演示账户；密钥已随演示密码公开）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="演示账户的用户名，如 director、sysadmin。")

    def handle(self, *args: Any, **options: Any) -> None:
        account = next((a for a in DEMO_ACCOUNTS if a.username == options["username"]), None)
        if account is None:
            raise CommandError(f"没有演示账户 {options['username']}。")
        if not account.totp_key:
            raise CommandError(f"{account.username}（{account.role_label}）登录不需要动态口令。")
        now = time.time()
        code = totp(account.totp_key, step=STEP, t0=0, digits=6)
        left = STEP - int(now) % STEP
        self.stdout.write(f"{code:06d}")
        self.stderr.write(f"{account.username} 的动态口令，{left} 秒内有效；每个口令只能使用一次。")
