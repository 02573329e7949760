"""``manage.py load_demo``: load the 2018 洛阳 demo (idempotent) and write var/demo-accounts.json."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xuncha.core.exceptions import DomainError
from xuncha.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from xuncha.demo.loader import DEFAULT_SEED, load_demo


class Command(BaseCommand):
    help = (
        "载入演示数据（十一届洛阳市委第七轮巡察，2018年11月）并写出 var/demo-accounts.json；"
        "已载入时只重写账户文件。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"随机数种子，决定虚构人物及其经历（默认 {DEFAULT_SEED}）。")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            # The raw stream: the wrapper would append a newline to every redraw of the progress bar.
            result = load_demo(seed=options["seed"], stream=cast(TextIO, self.stderr._out))
        except DomainError as exc:  # e.g. a demo username is taken by a real account
            raise CommandError(f"演示数据未能载入（已全部回滚）：{exc.message}") from exc
        if result.created:
            summary = "、".join(f"{label} {result.counts[key]}" for key, label in (
                ("jurisdictions", "党委"), ("organizations", "党组织"), ("people", "干部"),
                ("inspections", "巡察"), ("inspector_profiles", "人才库干部"), ("users", "账户")))
            self.stdout.write(self.style.SUCCESS(f"演示数据已载入（{result.seconds:.1f} 秒）：{summary}。"))
        else:
            self.stdout.write("演示数据已存在，未作改动。")
        self.stdout.write(f"演示账户（{len(DEMO_ACCOUNTS)} 个，密码均为 {DEMO_PASSWORD}）已写入 {result.accounts_path}")
