"""The demo is loaded once per test module, inside a transaction rolled back at the end of the module,
so the other apps' tests never see it and these tests do not pay for a load each."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from xuncha.demo.loader import LoadResult, load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[LoadResult]:
    path = tmp_path_factory.mktemp("demo-var") / "demo-accounts.json"
    with django_db_blocker.unblock(), transaction.atomic():
        progress = io.StringIO()
        result = load_demo(stream=progress, accounts_path=path)
        result.progress = progress.getvalue()  # type: ignore[attr-defined]
        yield result
        transaction.set_rollback(True)
