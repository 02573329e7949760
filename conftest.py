"""Fixtures for the whole suite (xuncha/*/tests and tests/): the shared personas and the objects they see.

    def test_member_b_does_not_see_team_a(personas, objects):
        assert objects.inspection_a not in Inspection.objects.visible_to(personas.member_b)

``personas`` holds one user per role (tests/personas.py draws the world); ``objects`` the jurisdictions,
organisations, term, round, teams and inspections they are bound to. ``client_as("member_b")`` is a
Django test client signed in as that persona.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest


def pytest_report_header(config: pytest.Config) -> list[str]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    engine = str(db["ENGINE"]).rsplit(".", 1)[-1]
    where = db["NAME"] if engine == "sqlite3" else f"{db.get('HOST') or 'socket'}:{db.get('PORT') or 5432}/{db['NAME']}"
    chromium = os.environ.get("XUNCHA_CHROMIUM") or shutil.which("chromium") or "not found (browser tests skip)"
    return [f"xuncha: database {engine} ({where}); chromium: {chromium}"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: they are the slowest, and a broken model should show up first."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None or "browser" in item.path.parts)


@pytest.fixture
def business_date(db: None) -> Callable[..., None]:
    """Set the business date (``xuncha.core.clock``) for a test: ``business_date(datetime.date(2019, 3, 15))``;
    ``business_date(None)`` goes back to the real date. The test's transaction rolls it back afterwards."""
    from xuncha.core.clock import set_business_date

    def set_(day: Any, reason: str = "测试") -> None:
        set_business_date(day, reason=reason)

    return set_


@pytest.fixture
def xuncha_personas_world(db: None) -> Any:
    """The world behind ``personas`` and ``objects`` (named so that an app's own ``world`` fixture
    cannot shadow it)."""
    from tests.personas import build_world

    return build_world()


@pytest.fixture
def personas(xuncha_personas_world: Any) -> SimpleNamespace:
    """office_staff, office_director, leading_group, leader_a, member_a, member_b, liaison_a, liaison_b,
    cdi, org_dept, sysadmin, secadmin, auditor, outsider."""
    return xuncha_personas_world.personas


@pytest.fixture
def objects(xuncha_personas_world: Any) -> SimpleNamespace:
    """city, county, org_a, org_b, org_x, org_county, person, term, round, team_a, team_b,
    inspection_a, inspection_b, inspection_county (and lists: inspections, teams, organizations)."""
    return xuncha_personas_world.objects


@pytest.fixture
def client_as(personas: SimpleNamespace) -> Callable[[Any], Any]:
    """``client_as("liaison_a")`` or ``client_as(user)``: a fresh test client signed in as them."""
    from django.test import Client

    def make(who: Any) -> Client:
        user = getattr(personas, who) if isinstance(who, str) else who
        client = Client()
        client.force_login(user)
        return client

    return make
