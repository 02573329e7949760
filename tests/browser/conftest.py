"""The browser harness: Debian's chromium driven by Playwright against a demo server of our own.

Session-wide: a ``manage.py runserver`` on a free port with its own SQLite database and var dir in a
temporary directory (migrated, static files collected, demo loaded, DEBUG off, whitenoise serving the
static files), and one Chromium. Per test: a fresh browser context (1366×768, zh-CN) whose page is
watched for console errors, uncaught exceptions and requests to other hosts.

Under pytest-xdist all of them run on one worker (the ``browser`` xdist group), whose temporary directory and free
port are its own either way. Without chromium the tests skip and say why; in CI (CI=true or XUNCHA_REQUIRE_BROWSER=1) they fail
instead, so a missing browser never passes silently. Screenshots go to var/screenshots/.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.support import (
    CHROMIUM_FLAGS,
    LOCALE,
    VIEWPORT,
    DemoServer,
    PageWatch,
    browser_required,
    find_chromium,
    login,
    screenshot_dir,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the browser tests, and keep them on one xdist worker (``--dist loadgroup``): one demo server and one
    chromium for all of them, not one per worker."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _unavailable(reason: str) -> None:
    if browser_required():
        pytest.fail(f"{reason} (required here: CI=true or XUNCHA_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        _unavailable("Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk), "
                     "or set XUNCHA_CHROMIUM to its path")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[DemoServer]:
    """The demo, served by runserver on a free port; its var dir holds demo-accounts.json."""
    server = DemoServer(root=tmp_path_factory.mktemp("demo-server"))
    try:
        server.prepare()
        server.start()
    except RuntimeError as exc:
        server.stop()
        pytest.fail(f"the demo server could not start: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(demo_server: DemoServer) -> str:
    return demo_server.url


@pytest.fixture(scope="session")
def demo_accounts(demo_server: DemoServer) -> list[dict[str, str]]:
    """The accounts load_demo wrote: [{role, role_label, username, password, totp_secret, scope}, …]."""
    path = demo_server.var_dir / "demo-accounts.json"
    if not path.exists():
        pytest.fail(f"load_demo wrote no {path.name} into XUNCHA_VAR_DIR", pytrace=False)
    accounts: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return accounts


@pytest.fixture(scope="session")
def account(demo_accounts: list[dict[str, str]]) -> Callable[[str], dict[str, str]]:
    """``account("director")``: that demo account's entry (role, role_label, username, password, scope)."""
    by_name = {a["username"]: a for a in demo_accounts}

    def get(username: str) -> dict[str, str]:
        if username not in by_name:
            pytest.fail(f"no demo account {username!r} in demo-accounts.json ({', '.join(by_name)})")
        return by_name[username]

    return get


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (make install-dev)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale=LOCALE,
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def watch(base_url: str) -> PageWatch:
    return PageWatch(base_url=base_url)


@pytest.fixture
def page(context: Any, watch: PageWatch) -> Any:
    """A page of a fresh context (no cookies), recorded by ``watch``."""
    page = context.new_page()
    watch.attach(page)
    return page


@pytest.fixture
def login_as(page: Any, account: Callable[[str], dict[str, str]]) -> Callable[[str], dict[str, str]]:
    """``login_as("director")``: sign the page in with that demo account's password (and the code of its
    published authenticator when its role needs one); returns the account."""

    def sign_in(username: str) -> dict[str, str]:
        entry = account(username)
        login(page, entry["username"], entry["password"], entry.get("totp_secret", ""))
        return entry

    return sign_in


@pytest.fixture(scope="session")
def screenshots() -> Path:
    return screenshot_dir()
