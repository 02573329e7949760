"""Fixtures for the integration tests under tests/ (the whole-suite ones live in the root conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import models

from xuncha.accounts.scope import forget_scope


@pytest.fixture
def visible() -> Callable[[type[models.Model], Any], set[Any]]:
    """``visible(Inspection, user)``: the set of objects ``Model.objects.visible_to(user)`` returns, read with
    a fresh scope (as at the user's next request)."""

    def read(model: type[models.Model], user: Any) -> set[Any]:
        forget_scope(user)
        return set(model._default_manager.visible_to(user))  # type: ignore[attr-defined]

    return read
