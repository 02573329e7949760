"""What every area of ``generate_dataset`` shares: the data set's day, the benchmark password, the jurisdiction
being filled (``JurisdictionInfo``) and the build's state (``Context``: one seeded PRNG, primary keys allocated
in Python, rows written in batches). Kept apart from ``builder`` (which lists the areas) so that the areas
import it and ``builder`` imports the areas, each at module level."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.core.management.color import no_style
from django.db import connection, models

from xuncha.core.progress import ProgressBar
from xuncha.datasets.places import Place
from xuncha.datasets.sizes import Size
from xuncha.orgs.models import Jurisdiction

# The day the data set describes: term 2 is under way, its current round stationed (fixed, so that a seed
# always gives the same statuses).
AS_OF = datetime.date(2026, 11, 30)
BATCH = 2000
PASSWORD = "Bench#2026xc"  # noqa: S105 - published in the command output and var/dataset-accounts.json
ACCOUNTS_FILENAME = "dataset-accounts.json"


@dataclass(eq=False)
class JurisdictionInfo:
    """One jurisdiction being filled, with what later areas need of it (kept small: ids, not rows)."""

    obj: Jurisdiction
    place: Place
    level: str  # province | city | county
    index: int  # 0-based within its level (the first city, county… get the benchmark accounts)
    population: list[int] = field(default_factory=list)  # inspectable top-level organisations (coverage)
    org_ids: list[int] = field(default_factory=list)  # every organisation but the villages
    org_names: dict[int, str] = field(default_factory=dict)
    village_ids: list[int] = field(default_factory=list)
    orgs: list[Any] = field(default_factory=list)  # the Organization rows, for the cadre step
    principal: dict[int, int] = field(default_factory=dict)  # organisation id → its principal's person id
    office_org: int | None = None  # the 巡察办 / 巡视办
    # (person id, organisation id, rank index within the organisation 0 = principal) of non-village cadres
    cadres: list[tuple[int, int, int]] = field(default_factory=list)
    person_ids: tuple[int, int] = (0, 0)  # first and last id
    pool: list[tuple[int, int, bool]] = field(default_factory=list)  # (person id, organisation id, can lead)
    director_user: int | None = None
    office_user: int | None = None
    # team id → (person ids by seat role) of the stationed round (the benchmark's team accounts)
    current_teams: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    current_targets: list[int] = field(default_factory=list)  # organisations inspected right now
    inspection_ids: list[int] = field(default_factory=list)
    term_ids: list[int] = field(default_factory=list)
    round_ids: list[int] = field(default_factory=list)


class Context:
    """Shared state of one build."""

    def __init__(self, size: Size, seed: int, stream: TextIO, accounts_path: Path | None = None) -> None:
        self.size, self.seed, self.stream, self.accounts_path = size, seed, stream, accounts_path
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.counts: dict[str, int] = {}
        self.jurisdictions: list[JurisdictionInfo] = []
        self.users: list[tuple[int, str, str]] = []  # (id, username, roles) for the audit events
        self.accounts: list[dict[str, str]] = []  # the benchmark accounts, as written to the JSON file
        self._next: dict[type[models.Model], int] = {}
        self._pending: dict[type[models.Model], list[models.Model]] = {}
        self._order: list[type[models.Model]] = []

    # -- keys and writes ----------------------------------------------------------------------------------

    def new_id(self, model: type[models.Model]) -> int:
        if model not in self._next:
            last = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self._next[model] = last + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def add(self, obj: models.Model) -> None:
        """Queue a row (with its key set); rows are written in batches of ``BATCH`` per model."""
        model = type(obj)
        rows = self._pending.get(model)
        if rows is None:
            rows = self._pending[model] = []
            self._order.append(model)
        rows.append(obj)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + 1
        if len(rows) >= BATCH:
            self._write(model)

    def add_all(self, objs: Iterable[models.Model]) -> None:
        for obj in objs:
            self.add(obj)

    def flush(self) -> None:
        for model in self._order:
            self._write(model)

    def _write(self, model: type[models.Model]) -> None:
        rows = self._pending.get(model)
        if not rows:
            return
        # Timestamps given here (backdated steps, audit times) must survive auto_now / auto_now_add.
        given = [f for f in model._meta.concrete_fields
                 if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
                 and getattr(rows[0], f.attname) is not None]
        saved = [(f, f.auto_now, f.auto_now_add) for f in given]  # type: ignore[attr-defined]
        try:
            for f in given:
                f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
            model._default_manager.bulk_create(rows, batch_size=BATCH)
        finally:
            for f, now, now_add in saved:
                f.auto_now, f.auto_now_add = now, now_add  # type: ignore[attr-defined]
        rows.clear()

    def bar(self, label: str, total: int) -> ProgressBar:
        return ProgressBar(label, total, stream=self.stream)

    def reset_sequences(self) -> None:
        """Move the databases' key sequences past the keys allocated here (PostgreSQL; SQLite follows)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self._next))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
