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
from collections.abc import Callable, Iterator
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


def _is_browser_test(item: pytest.Item) -> bool:
    return item.get_closest_marker("browser") is not None or "browser" in item.path.parts


@pytest.hookimpl(trylast=True)  # after pytest-django's ordering and after -k/-m deselected
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests on the demo after all others, and the browser tests last (they are the slowest, and a broken model
    should show up first). A stable sort after pytest-django's own ordering, and xdist hands each worker its tests
    in this order: so each worker loads the demo once (tests/demo_database.py)."""
    from tests.demo_database import uses_demo

    items.sort(key=lambda item: 2 if _is_browser_test(item) else 1 if uses_demo(item) else 0)
    # pytest-django creates the test database only when a selected test is marked for it; the matrix's tests use
    # the demo's transaction instead of ``db``, so the first test on the demo (after ``-k``) asks.
    on_demo = [item for item in items if uses_demo(item)]
    if on_demo and not any(item.get_closest_marker("django_db") for item in on_demo):
        on_demo[0].add_marker(pytest.mark.django_db)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before a test that uses the database without the demo: roll the demo back if this process loaded it."""
    from tests.demo_database import uses_database, uses_demo

    if _DEMO is not None and _DEMO.loaded and uses_database(item) and not uses_demo(item):
        _DEMO.release()


_DEMO: Any = None  # this process's tests.demo_database.DemoDatabase, once a test asked for it


@pytest.fixture(scope="session")
def demo_database(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[Any]:
    """The demo in the test database, loaded once per process (xdist worker) by ``ensure()``; see
    tests/demo_database.py. Ask for it from a module- or package-scoped fixture and call ``ensure()`` there."""
    global _DEMO
    from tests.demo_database import DemoDatabase

    _DEMO = DemoDatabase(django_db_blocker, tmp_path_factory.mktemp("demo-var") / "demo-accounts.json")
    yield _DEMO
    _DEMO.release()
    _DEMO = None


@pytest.fixture(autouse=True)
def xuncha_audit_anchor_dir(tmp_path_factory: pytest.TempPathFactory, settings: Any) -> Any:
    """Each test anchors the audit chain in a directory of its own: the database is rolled back after every test,
    and a checkpoint left by one test would make the next test's log look cut short (ADR-0008)."""
    settings.XUNCHA_AUDIT_ANCHOR_DIR = tmp_path_factory.mktemp("audit-anchors")
    return settings.XUNCHA_AUDIT_ANCHOR_DIR


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
