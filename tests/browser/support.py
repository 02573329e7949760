"""Helpers for the browser tests: find Debian's chromium, run the demo server, sign in, watch a page."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
# As the machine's probe starts it: without the background-networking flags Chromium keeps trying to
# reach Google's hosts, which this machine's closed network refuses.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}
LOCALE = "zh-CN"
LOGIN_PATH = "/accounts/login/"


def find_chromium() -> str | None:
    """Debian's chromium: $XUNCHA_CHROMIUM if set, else /usr/bin/chromium, else `chromium` on PATH."""
    candidates = [os.environ.get("XUNCHA_CHROMIUM", ""), "/usr/bin/chromium",
                  shutil.which("chromium") or "", shutil.which("chromium-browser") or ""]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def browser_required() -> bool:
    """In CI (or with XUNCHA_REQUIRE_BROWSER=1) a missing browser fails the run instead of skipping."""
    flag = os.environ.get("XUNCHA_REQUIRE_BROWSER", "").lower()
    if flag in {"0", "false", "no"}:
        return False
    return flag in {"1", "true", "yes"} or os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def screenshot_dir() -> Path:
    path = Path(os.environ.get("XUNCHA_SCREENSHOT_DIR", REPO / "var" / "screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class DemoServer:
    """``manage.py runserver`` on its own SQLite database and var dir, with the demo loaded."""

    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def var_dir(self) -> Path:
        return self.root / "var"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"} and not k.startswith("PYTEST_")}
        env.update({
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "XUNCHA_DEBUG": "0",
            "XUNCHA_VAR_DIR": str(self.var_dir),
            "XUNCHA_SQLITE_PATH": str(self.var_dir / "browser.sqlite3"),
            "XUNCHA_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def manage(self, *args: str, timeout: float = 900) -> None:
        """Run a management command; on failure raise with its output."""
        cmd = [sys.executable, "manage.py", *args]
        result = subprocess.run(
            cmd, cwd=REPO, env=self.env(), capture_output=True, text=True, timeout=timeout, check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"`{' '.join(cmd[1:])}` failed with status {result.returncode}:\n"
                               f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")

    def prepare(self) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage("load_demo")

    def start(self, timeout: float = 60) -> None:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with status {self.process.returncode}:\n{self.log()}")
            if self.answers():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer on {self.url} within {timeout:.0f} s:\n{self.log()}")

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + LOGIN_PATH, timeout=2):  # noqa: S310 (our own http URL)
                return True
        except urllib.error.HTTPError:
            return True  # it answered, if not with 200: the tests say what is wrong with the page
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


@dataclass
class PageWatch:
    """Everything a page did that a test may want to assert on: console errors, uncaught exceptions,
    requests (every URL), failed requests and error responses of sub-resources."""

    base_url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)

    def _on_failed(self, request: Any) -> None:
        # The page's icon is fetched by Chromium at a moment of its choosing; a navigation that starts meanwhile
        # aborts it. Whether the icon loads is checked by its own test (test_site_has_an_icon).
        if "favicon" in request.url and "ERR_ABORTED" in str(request.failure):
            return
        # The menu's to-do badge is fetched once the page has loaded; a click that navigates meanwhile aborts it.
        # Whether it shows is checked by its own tests (dashboards, browser test_dashboards).
        if "/todos/badge/" in request.url and "ERR_ABORTED" in str(request.failure):
            return
        self.failed.append(f"{request.url} ({request.failure})")

    def _on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        where = str(message.location.get("url", ""))
        # Chromium asks for /favicon.ico by itself, at a moment of its choosing: whether the site has an
        # icon is checked once, deterministically, by its own test rather than by whichever page is open.
        if where.endswith("/favicon.ico"):
            return
        self.console_errors.append(f"{message.text} @ {where}")

    def _on_response(self, response: Any) -> None:
        # An error status of the document itself is for the test to check (a 404 can be the point).
        if response.status >= 400 and response.request.resource_type != "document":
            self.bad_responses.append(f"{response.status} {response.url}")

    def foreign_requests(self) -> list[str]:
        """Requests that left this server: every asset is vendored (SEC-19), so there must be none."""
        return [url for url in self.requests
                if not (url.startswith(self.base_url + "/") or url == self.base_url
                        or url.startswith(("data:", "blob:")))]

    def clear(self) -> None:
        for bucket in (self.console_errors, self.page_errors, self.requests, self.failed, self.bad_responses):
            bucket.clear()

    def problems(self, *, ignore_console: tuple[str, ...] = ()) -> list[str]:
        console = [m for m in self.console_errors if not any(pattern in m for pattern in ignore_console)]
        return ([f"console error: {m}" for m in console]
                + [f"uncaught exception: {m}" for m in self.page_errors]
                + [f"request to another host: {u}" for u in self.foreign_requests()]
                + [f"request failed: {u}" for u in self.failed]
                + [f"error response: {u}" for u in self.bad_responses])


# username → the cookies of a session that passed every sign-in step, and the last TOTP step used (one demo
# server per test session).
_SIGNED_IN: dict[str, list[Any]] = {}
_LAST_STEP: dict[str, int] = {}
VERIFY_PATH = "/accounts/2fa/verify/"
TOTP_STEP = 30


def totp_code(secret: str, key: str) -> str:
    """The demo authenticator's code (RFC 6238, the published base32 ``secret``) for a time step not used yet in
    this run: the server accepts one step either side of now, and never the same step twice."""
    now = int(time.time()) // TOTP_STEP
    step = max(now - 1, _LAST_STEP.get(key, -1) + 1)
    while step > now + 1:  # three sign-ins within one step: wait for the next
        time.sleep(TOTP_STEP - time.time() % TOTP_STEP + 0.1)
        now = int(time.time()) // TOTP_STEP
    _LAST_STEP[key] = step
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def login(page: Any, username: str, password: str, totp_secret: str = "") -> None:
    """Sign in through the login form, and the dynamic-code step when the account has one; raise AssertionError
    (with the page's message) when it fails. The first sign-in of an account in a run goes through the pages;
    later ones reuse its session (a code is good once per 30 s, and this is about the pages behind it)."""
    key = username
    if key in _SIGNED_IN:
        page.context.add_cookies(_SIGNED_IN[key])
        response = page.goto("/")
        if response is not None and response.status == 200 and LOGIN_PATH not in page.url:
            return
        page.context.clear_cookies()
        del _SIGNED_IN[key]
    response = page.goto(LOGIN_PATH)
    if response is None or response.status != 200:
        raise AssertionError(f"the login page {LOGIN_PATH} answered {response and response.status}")
    page.fill("input[name='username']", username)
    page.fill("input[name='password']", password)
    with page.expect_navigation():
        page.locator("form:has(input[name='password']) [type='submit']").first.click()
    if LOGIN_PATH in page.url:
        message = page.locator(".alert, .errorlist, .invalid-feedback").all_inner_texts()
        raise AssertionError(f"login as {username!r} failed: {' '.join(message) or page.title()}")
    if VERIFY_PATH in page.url:
        if not totp_secret:
            raise AssertionError(f"{username!r} is asked for a dynamic code and no TOTP secret was given")
        page.fill("input[name='code']", totp_code(totp_secret, key))
        with page.expect_navigation():
            page.locator("form:has(input[name='code']) [type='submit']").first.click()
        if VERIFY_PATH in page.url:
            message = page.locator(".invalid-feedback, .alert").all_inner_texts()
            raise AssertionError(f"the dynamic code of {username!r} was refused: {' '.join(message)}")
    _SIGNED_IN[key] = page.context.cookies()


def html_lang(page: Any) -> str:
    return str(page.evaluate("document.documentElement.lang") or "")
