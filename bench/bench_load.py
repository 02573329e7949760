"""Load benchmark: a bounded loopback load against gunicorn on the demo database (scale issue).

Prepares ``var/bench`` (migrate, collectstatic, the demo; once), starts gunicorn on 127.0.0.1 with the worker
model of scripts/run.sh (or the one given), signs in as director (办公室主任), office (巡察办干部) and the
liaison of 市工商联, and runs, at each concurrency (1, 8, 32 client threads, keep-alive connections):

- ``mix``: authenticated pages and API calls of the three roles, round-robin;
- ``ping``: a trivial signed-in page (``core:bench-ping``, on only here): the framework's own cost per
  request (sessions, authentication, CSRF, CSP, middleware), no query beyond the session and user;
- ``static``: one hashed static file through whitenoise.

It reports requests/s, p50/p95 latency and errors (anything but 200, or a broken connection), and writes the
table into docs/performance.md under "Load (bench/bench_load.py)". The client runs on the same machine and
takes CPU from the server: figures are a lower bound of what the server alone would do.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import platform
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
HEADING = "## Load (bench/bench_load.py)"
PASSWORD = "Demo#2018xc"  # noqa: S105  (the demo accounts' shared password, xuncha/demo/accounts.py)

# role → (username, pages and API calls of that role's daily work)
MIX: dict[str, tuple[str, list[str]]] = {
    "director": ("director", ["/", "/planning/inspections/", "/orgs/organizations/", "/pool/",
                              "/api/v1/me", "/api/v1/inspections?page_size=20", "/api/v1/people?page_size=20"]),
    "office": ("office", ["/", "/planning/inspections/", "/orgs/people/", "/api/v1/organizations?page_size=20",
                          "/api/v1/inspections?page_size=20"]),
    "liaison": ("liaison_gsl", ["/", "/planning/inspections/", "/api/v1/me", "/api/v1/inspections"]),
}


def env_for(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(XUNCHA_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings", PYTHONPATH=str(ROOT),
               XUNCHA_BENCH_VIEWS="1", XUNCHA_LOG_LEVEL="ERROR")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(var_dir: Path, port: int, workers: int, threads: int, worker_class: str) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--worker-class", worker_class, "--preload", "--log-level", "warning"]
    if worker_class == "gthread":
        args += ["--threads", str(threads)]
    server = subprocess.Popen(args, cwd=ROOT, env=env_for(var_dir))  # noqa: S603
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


class Session:
    """Cookies of one signed-in user, shared by the client threads acting as that user."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def keep(self, response: http.client.HTTPResponse) -> None:
        for raw in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(raw)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value

    def sign_in(self, username: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", "/accounts/login/")
        response = conn.getresponse()
        page = response.read().decode()
        self.keep(response)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise SystemExit("no CSRF token on the sign-in page")
        body = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD})
        conn.request("POST", "/accounts/login/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": self.header()})
        response = conn.getresponse()
        response.read()
        self.keep(response)
        conn.close()
        if response.status != 302:
            raise SystemExit(f"signing in as {username} failed ({response.status}); is the demo loaded?")


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def worker(port: int, plan: list[tuple[Session, str]], offset: int, deadline: float, limit: int,
           result: Result) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies: list[float] = []
    errors = 0
    i = offset
    while time.perf_counter() < deadline and len(latencies) + errors < limit:
        session, path = plan[i % len(plan)]
        i += 1
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": session.header()})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            conn.close()
            ok = False
        elapsed = time.perf_counter() - start
        if ok:
            latencies.append(elapsed)
        else:
            errors += 1
    conn.close()
    with result.lock:
        result.latencies += latencies
        result.errors += errors


def run_load(port: int, plan: list[tuple[Session, str]], concurrency: int, seconds: float,
             limit: int) -> dict[str, float]:
    result = Result()
    per_thread = max(1, limit // concurrency)
    started = time.perf_counter()
    deadline = started + seconds
    threads = [threading.Thread(target=worker, args=(port, plan, n * 7, deadline, per_thread, result))
               for n in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    lat = sorted(result.latencies)
    done = len(lat)

    def pct(p: float) -> float:
        return 1000 * lat[min(done - 1, int(p * done))] if done else float("nan")

    return {"requests": done + result.errors, "rps": done / wall if wall else 0.0, "p50": pct(0.50),
            "p95": pct(0.95), "errors": result.errors, "wall": wall}


def check_plan(port: int, plan: list[tuple[Session, str]]) -> None:
    """Every request of the mix must answer 200 before anything is measured (no timing 404s)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for session, path in plan:
        conn.request("GET", path, headers={"Cookie": session.header()})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}: fix the mix in bench/bench_load.py")
        conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()


def static_path(var_dir: Path) -> str:
    manifest = json.loads((var_dir / "staticfiles" / "staticfiles.json").read_text(encoding="utf-8"))
    css = sorted(name for name in manifest["paths"] if name.endswith(".css"))
    return "/static/" + str(manifest["paths"][css[0]])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import sqlite3

    return (f"{os.cpu_count()} vCPU ({cpu}){mem}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def section(rows: list[tuple[str, int, dict[str, float]]], config: str, load_before: tuple[float, ...],
            load_after: tuple[float, ...], seconds: float) -> str:
    lines = [
        HEADING, "",
        f"Measured {time.strftime('%Y-%m-%d', time.gmtime())} on {machine()}. gunicorn {config}, SQLite demo "
        f"database (`var/bench`), client on the same machine over 127.0.0.1 with keep-alive connections, "
        f"{seconds:g} s per row after a warm-up. Load average (1 min) {load_before[0]:.1f} before and "
        f"{load_after[0]:.1f} after"
        + (": the machine was busy with other work while measuring, so the figures are lower bounds."
           if max(load_before[0], load_after[0]) > 1.0 else "."),
        "",
        "- `mix`: signed-in pages and API reads of the office director, office staff and a liaison, round-robin "
        "(work page, inspection list, organisations, people, pool; `/api/v1/me`, inspections, people, "
        "organisations);",
        "- `ping`: a trivial signed-in page (`core:bench-ping`, on only with `XUNCHA_BENCH_VIEWS`): what every "
        "request pays in the framework (session, user, middleware, CSRF, CSP, no-store);",
        "- `static`: one hashed stylesheet served by whitenoise (compressed, far-future cache headers).",
        "",
        "| load | concurrency | requests | req/s | p50 ms | p95 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, concurrency, r in rows:
        lines.append(f"| {name} | {concurrency} | {r['requests']:.0f} | {r['rps']:.1f} | {r['p50']:.1f} | "
                     f"{r['p95']:.1f} | {r['errors']:.0f} |")
    lines += ["", "Reproduce: `.venv/bin/python bench/bench_load.py` (rewrites this section only; "
              "`--help` for the worker model, durations and concurrencies).", ""]
    return "\n".join(lines)


def write(text: str) -> None:
    """Replace this benchmark's section in docs/performance.md, keeping everything else."""
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current, count=1).rstrip("\n") + "\n"
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    DOC.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each row (default 10)")
    parser.add_argument("--max-requests", type=int, default=3000, help="cap of requests per row (default 3000)")
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--var-dir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/performance.md alone")
    args = parser.parse_args(argv)
    levels = [int(c) for c in args.concurrency.split(",")]

    args.var_dir.mkdir(parents=True, exist_ok=True)
    print("→ prepare var/bench (migrate, collectstatic, demo)", flush=True)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "prepare_run.py")], cwd=ROOT,  # noqa: S603
                   env=env_for(args.var_dir), check=True)
    port = free_port()
    config = (f"{args.workers} × gthread/{args.threads} threads" if args.worker_class == "gthread"
              else f"{args.workers} sync workers")
    print(f"→ gunicorn ({config}) on 127.0.0.1:{port}", flush=True)
    server = start_server(args.var_dir, port, args.workers, args.threads, args.worker_class)
    try:
        sessions = {}
        for role, (username, _) in MIX.items():
            sessions[role] = Session(port)
            sessions[role].sign_in(username)
        # Interleaved, so that every stretch of the run has all three roles.
        per_role = [[(sessions[role], path) for path in paths] for role, (_, paths) in MIX.items()]
        mix = [item for row in itertools.zip_longest(*per_role) for item in row if item is not None]
        ping = [(s, "/_bench/ping/") for s in sessions.values()]
        static = [(sessions["office"], static_path(args.var_dir))]
        check_plan(port, mix + ping + static)
        run_load(port, mix, 4, 3.0, 10**6)  # warm-up: imports, template and connection caches
        load_before = os.getloadavg()
        rows = []
        for name, plan in (("mix", mix), ("ping", ping), ("static", static)):
            for concurrency in levels:
                r = run_load(port, plan, concurrency, args.seconds, args.max_requests)
                print(f"{name:6} c={concurrency:<3} {r['requests']:6.0f} req  {r['rps']:7.1f} req/s  "
                      f"p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  errors {r['errors']:.0f}", flush=True)
                rows.append((name, concurrency, r))
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = section(rows, config, load_before, load_after, args.seconds)
    print(text)
    if not args.no_write:
        write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
