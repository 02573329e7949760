"""``manage.py generate_dataset --size city|province [--seed N]``: synthetic data for scale tests."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xuncha.datasets.builder import DatabaseNotEmpty, build
from xuncha.datasets.context import PASSWORD
from xuncha.datasets.sizes import SIZES

DEFAULT_SEED = 20260101
LABELS = (("orgs.Jurisdiction", "党委"), ("orgs.Organization", "党组织"), ("orgs.Person", "干部"),
          ("pool.InspectorProfile", "人才库干部"), ("planning.Round", "轮次"), ("planning.Inspection", "巡察"),
          ("accounts.User", "账户"), ("audit.AuditEvent", "审计日志"))


class Command(BaseCommand):
    help = ("在空数据库中生成合成数据（省、市或测试规模），用于规模与性能测试；同一种子生成相同的数据。"
            "Fills an EMPTY database with synthetic data of the given size (deterministic for a seed).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), required=True,
                            help="规模：tiny/tiny2（测试）、city（一市十县）、province（一省十八市约一百六十县）。")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机数种子（默认 {DEFAULT_SEED}）。")

    def handle(self, *args: Any, **options: Any) -> None:
        size = SIZES[options["size"]]
        try:
            # The raw stream: the wrapper would append a newline to every redraw of the progress bar.
            result = build(size, seed=options["seed"], stream=cast(TextIO, self.stderr._out))
        except DatabaseNotEmpty as exc:
            raise CommandError(
                "数据库不是空的（已有党委、党组织、干部、账户或审计日志），未作任何改动。"
                "请在新建并迁移过的空数据库上运行（例如设置 XUNCHA_SQLITE_PATH 或 DATABASE_URL 指向新库）。"
            ) from exc
        summary = "、".join(f"{label} {result.counts.get(key, 0)}" for key, label in LABELS)
        self.stdout.write(self.style.SUCCESS(
            f"合成数据（{size.name}，种子 {result.seed}）已生成（{result.seconds:.1f} 秒）：{summary}。"))
        self.stdout.write(f"基准测试账户 {len(result.accounts)} 个，密码均为 {PASSWORD}，"
                          "已写入 var/dataset-accounts.json：")
        for account in result.accounts:
            self.stdout.write(f"  {account['username']:<20} {account['role_label']}（{account['scope']}）")
