"""The demo, loaded once per test process (xdist worker) and shared with the permission matrix
(tests/demo_database.py): inside a transaction that is rolled back before any other app's test runs, so the
other apps' tests never see it, and each test runs in a savepoint of its own (``django_db``)."""

from __future__ import annotations

import pytest

from tests.demo_database import DemoDatabase
from xuncha.demo.loader import LoadResult


@pytest.fixture(scope="module")
def demo(demo_database: DemoDatabase) -> LoadResult:
    result = demo_database.ensure()
    result.progress = demo_database.progress  # type: ignore[attr-defined]
    return result
