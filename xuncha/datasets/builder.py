"""The frame of ``generate_dataset``: one seeded PRNG, primary keys allocated in Python, bulk inserts in
batches, a progress bar per step (``context``), and the list of areas that fill the database.

Keys are allocated here rather than by the database so that materialised tree paths, foreign keys between
rows of one batch and the audit chain can all be computed in Python before anything is written; foreign keys
are checked at commit (Django declares them DEFERRABLE INITIALLY DEFERRED on SQLite and PostgreSQL), and the
PostgreSQL sequences are moved past the keys at the end.

An area is a module with ``per_jurisdiction(ctx, j)`` (called for every jurisdiction, parents first) and/or
``finish(ctx)`` (called once after all jurisdictions, in the order of ``areas()``). A later feature adds its
records by adding a module to ``areas()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from django.db import transaction

from xuncha.accounts.models import User
from xuncha.audit.models import AuditEvent
from xuncha.datasets import accounts, audit, orgs, people, planning, pool
from xuncha.datasets.context import Context
from xuncha.datasets.sizes import Size
from xuncha.orgs.models import Jurisdiction, Organization, Person


class DatabaseNotEmpty(Exception):
    """The target database already holds business data or accounts."""


def database_is_empty() -> bool:
    """No jurisdiction, organisation, cadre, account or audit event yet (migrations' own rows are fine)."""
    return not any(m.objects.exists() for m in (Jurisdiction, Organization, Person, User, AuditEvent))


def areas() -> Sequence[ModuleType]:
    """The modules that fill the database, in order (see the module docstring)."""
    return (orgs, people, pool, accounts, planning, audit)


@dataclass
class BuildResult:
    size: str
    seed: int
    seconds: float
    counts: dict[str, int]
    accounts: list[dict[str, str]]


def build(size: Size, *, seed: int, stream: TextIO, accounts_path: Path | None = None,
          on_step: Callable[[str], None] | None = None) -> BuildResult:
    """Fill an empty database with a data set of ``size``; the same seed always gives the same data.

    Raises ``DatabaseNotEmpty`` when there is business data already. One transaction: a failure leaves
    the database as it was.
    """
    started = time.monotonic()
    if not database_is_empty():
        raise DatabaseNotEmpty
    ctx = Context(size, seed, stream, accounts_path)
    modules = areas()
    with transaction.atomic():
        orgs.jurisdictions(ctx)
        bar = ctx.bar("党委（巡察主体）", len(ctx.jurisdictions))
        for info in ctx.jurisdictions:
            for module in modules:
                step: Any = getattr(module, "per_jurisdiction", None)
                if step is not None:
                    step(ctx, info)
            ctx.flush()
            bar.advance()
        bar.finish()
        for module in modules:
            finish: Any = getattr(module, "finish", None)
            if finish is not None:
                if on_step is not None:
                    on_step(module.__name__.rsplit(".", 1)[-1])
                finish(ctx)
                ctx.flush()
        ctx.reset_sequences()
    return BuildResult(size.name, seed, time.monotonic() - started, dict(ctx.counts), ctx.accounts)
