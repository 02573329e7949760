"""The demo data set in the test database, loaded at most once per pytest process (once per xdist worker).

Two packages test against the demo: xuncha/demo/tests (the loader's own tests) and tests/permissions (the
permission matrix). Both ask for the session fixture ``demo_database`` (root conftest.py) and call ``ensure()``,
which loads the demo inside a transaction that stays open; every test of theirs runs in a savepoint inside it.

The transaction is rolled back (``release()``) before the first test that uses the database without the demo, so
no other test ever sees the demo; the root conftest orders the demo's tests after all the others (browser tests
excepted, which use a server of their own), so that on each worker the demo is loaded once. A test that uses the
database without the demo arriving later all the same (``-p no:…``, another ordering) only costs another load.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from xuncha.demo.loader import LoadResult, load_demo

DEMO_FIXTURE = "demo_database"


class DemoDatabase:
    """``ensure()``: the demo is in the test database (in an open transaction); ``release()``: it is not."""

    def __init__(self, blocker: Any, accounts_path: Path) -> None:
        self._blocker = blocker
        self.accounts_path = accounts_path
        self._atomic: Any = None
        self.result: LoadResult | None = None
        self.progress = ""
        self.loads = 0  # how often this process loaded the demo (1 when the ordering works)

    @property
    def loaded(self) -> bool:
        return self._atomic is not None

    def ensure(self) -> LoadResult:
        if self._atomic is None:
            self._blocker.unblock()  # restored in release(): the demo's tests use savepoints, not ``db``
            name = str(connection.settings_dict["NAME"])
            if not (name.startswith("test_") or "memory" in name):
                self._blocker.restore()
                pytest.fail(f"refusing to load the demo into {name!r}: not a test database", pytrace=False)
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            stream = io.StringIO()
            self.result = load_demo(stream=stream, accounts_path=self.accounts_path)
            self.progress = stream.getvalue()
            self.loads += 1
        assert self.result is not None
        return self.result

    def release(self) -> None:
        if self._atomic is None:
            return
        transaction.set_rollback(True)
        atomic, self._atomic, self.result = self._atomic, None, None
        atomic.__exit__(None, None, None)
        self._blocker.restore()


def uses_demo(item: pytest.Item) -> bool:
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


def uses_database(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                         "live_server"}) or item.get_closest_marker("django_db") is not None
