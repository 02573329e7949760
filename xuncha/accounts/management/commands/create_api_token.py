"""``manage.py create_api_token USERNAME``: issue a bearer token; the token is the last line printed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xuncha.accounts.models import User
from xuncha.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "为用户签发接口令牌（Authorization: Bearer <令牌>）；令牌只显示这一次。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="命令行签发", help="令牌用途说明")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在或已停用。")
        token, raw = api_token_issue(actor=None, user=user, name=name)
        self.stderr.write(f"已为 {user}（{username}）签发令牌 {token.prefix}…，请妥善保存：")
        self.stdout.write(raw)
