"""Benchmark of the main pages and API lists at demo, city and province size, on SQLite and PostgreSQL.

Run: ``.venv/bin/python bench/bench_pages.py [--sizes demo,city] [--dbs sqlite,postgres] [--reps N] [--no-write]``
(``make bench``; ``make bench SIZES=demo,city,province`` for the full run, which takes hours). Prints Markdown
tables and writes them into docs/performance.md under "Pages and API lists (bench/bench_pages.py)",
replacing only that section.

Each size × database runs in a worker process of its own (the database is chosen by the environment before
Django starts). The database is built once and kept: SQLite files under var/bench/, PostgreSQL databases
``xuncha_bench_<size>_<key>`` on the local server (127.0.0.1:5432, user postgres), where the key hashes the
generator's source, the migrations and the seed, so a changed generator builds afresh. ``demo`` is
``load_demo``; the other sizes are ``generate_dataset``.

For every scenario of ``xuncha.datasets.scenarios`` (page or API list × the roles that use it) the worker
signs in as that role's account with Django's test client (in-process, DEBUG off), warms up, then times
``--reps`` requests: p50 and p95 wall-clock, the number of SQL statements and the response size. The SQL
floor replays the same SELECT statements with the same parameters on a raw cursor (fetching every row),
``--reps`` times; the ratio is the page's p50 over the floor's p50 (writes such as the session update are
counted but not replayed).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
HEADING = "## Pages and API lists (bench/bench_pages.py)"
BENCH_DIR = ROOT / "var" / "bench"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SEED = 20260101
SIZES = ("demo", "city", "province")
DBS = ("sqlite", "postgres")
# Targets (docs: /work/shared/design/targets.md PERF-*): list pages p95, API lists p50, the SQL-floor ratio.
PAGE_P95_MS, API_P50_MS, FLOOR_RATIO = 150.0, 50.0, 2.0


# -- orchestration ---------------------------------------------------------------------------------------------

def source_key(size: str, seed: int) -> str:
    """Hash of what the data depends on: the generator (or the demo), the migrations and the seed."""
    digest = hashlib.sha1(f"{size}:{seed}".encode(), usedforsecurity=False)
    patterns = ["xuncha/datasets/*.py", "xuncha/demo/*.py", "xuncha/*/migrations/*.py"]
    for path in sorted(p for pattern in patterns for p in ROOT.glob(pattern)):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def worker_env(size: str, db: str, seed: int) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings_test", XUNCHA_ALLOWED_HOSTS="testserver",
               XUNCHA_DEBUG="0", PYTHONPATH=str(ROOT))
    key = source_key(size, seed)
    if db == "sqlite":
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        env["XUNCHA_SQLITE_PATH"] = str(BENCH_DIR / f"{size}-{key}.sqlite3")
        env.pop("DATABASE_URL", None)
    else:
        name = f"xuncha_bench_{size}_{key}"
        _pg_database(name)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    return env


def run(sizes: list[str], dbs: list[str], reps: int, seed: int) -> list[dict[str, Any]]:
    results = []
    for size in sizes:
        for db in dbs:
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
                out = Path(fh.name)
            print(f"== {size} on {db}", file=sys.stderr, flush=True)
            cmd = [sys.executable, __file__, "--worker", size, db, "--reps", str(reps), "--seed", str(seed),
                   "--out", str(out)]
            subprocess.run(cmd, check=True, cwd=ROOT, env=worker_env(size, db, seed))  # noqa: S603 - our own script
            results.append(json.loads(out.read_text(encoding="utf-8")))
            out.unlink()
    return results


# -- the worker ---------------------------------------------------------------------------------------------

def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _ensure_data(size: str, seed: int) -> dict[str, Any]:
    import io

    from django.core.management import call_command

    from xuncha.datasets.builder import build, database_is_empty
    from xuncha.datasets.sizes import SIZES as SPECS

    call_command("migrate", verbosity=0)
    info: dict[str, Any] = {"built_seconds": None, "built_cpu_seconds": None}
    if database_is_empty():
        started, cpu = time.monotonic(), time.process_time()
        if size == "demo":
            from xuncha.demo.loader import load_demo

            load_demo(stream=sys.stderr, accounts_path=BENCH_DIR / "demo-accounts.json")
        else:
            build(SPECS[size], seed=seed, stream=sys.stderr, accounts_path=BENCH_DIR / f"{size}-accounts.json")
        info["built_seconds"] = time.monotonic() - started
        info["built_cpu_seconds"] = time.process_time() - cpu
        call_command("clearsessions", verbosity=0, stdout=io.StringIO())
    return info


def _measure(client: Any, url: str, reps: int) -> dict[str, Any]:
    from django.db import connection

    for _ in range(2):  # warm-up: templates, caches, the session row
        client.get(url)
    captured: list[tuple[str, Any, bool]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params, many))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        response = client.get(url)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    selects = [(sql, params) for sql, params, many in captured
               if not many and sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    floor = []
    for _ in range(reps):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in selects:
                cursor.execute(sql, params)
                cursor.fetchall()
        floor.append(time.perf_counter() - start)
    p50, floor_p50 = statistics.median(times) * 1000, statistics.median(floor) * 1000
    return {"status": response.status_code, "p50": p50, "p95": _p95(times) * 1000, "queries": len(captured),
            "selects": len(selects), "bytes": len(response.content), "floor": floor_p50,
            "ratio": p50 / floor_p50 if floor_p50 else None}


def worker(size: str, db: str, reps: int, seed: int, out: Path) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from xuncha.datasets.scenarios import SCENARIOS, user_for
    from xuncha.orgs.models import Organization, Person

    info = _ensure_data(size, seed)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    from xuncha.audit.models import AuditEvent

    info.update(size=size, db=db, version=version, organizations=Organization.objects.count(),
                people=Person.objects.count(), audit_events=AuditEvent.objects.count(), rows=[])
    clients: dict[str, Any] = {}
    for scenario in SCENARIOS:
        for role in scenario.roles:
            row: dict[str, Any] = {"scenario": scenario.label, "kind": scenario.kind, "role": str(role)}
            user = user_for(role)
            url = scenario.url(user) if user is not None else None
            if user is None or url is None:
                info["rows"].append({**row, "status": None})
                continue
            if role not in clients:
                clients[role] = Client()
                clients[role].force_login(user)
            row.update(url=url, **_measure(clients[role], url, reps))
            info["rows"].append(row)
            print(f"  {scenario.label} / {role}: {row['p50']:.1f} ms, {row['queries']} queries",
                  file=sys.stderr, flush=True)
    out.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


# -- the report -------------------------------------------------------------------------------------------

def _cell(row: dict[str, Any] | None, field: str) -> str:
    if row is None or row.get("status") is None:
        return "–"
    if row["status"] != 200:
        return f"HTTP {row['status']}" if field == "time" else "–"
    if field == "time":
        slow = ((row["kind"] == "page" and row["p95"] > PAGE_P95_MS)
                or (row["kind"] == "api" and row["p50"] > API_P50_MS))
        return f"{row['p50']:.0f} / {row['p95']:.0f}{' ⚠' if slow else ''}"
    if field == "queries":
        return str(row["queries"])
    if field == "kb":
        return f"{row['bytes'] / 1024:.0f}"
    ratio = row["ratio"]
    return "–" if ratio is None else f"{ratio:.1f}{' ⚠' if ratio > FLOOR_RATIO else ''}"


def table(results: list[dict[str, Any]], db: str) -> str:
    runs = [r for r in results if r["db"] == db]
    header = "| page / list | role |" + "".join(
        f" {r['size']} p50 / p95 ms | {r['size']} queries | {r['size']} KB | {r['size']} × SQL |" for r in runs)
    lines = [header, "|---|---|" + "---:|---:|---:|---:|" * len(runs)]
    keys = [(row["scenario"], row["role"]) for row in runs[0]["rows"]] if runs else []
    indexed = [{(row["scenario"], row["role"]): row for row in r["rows"]} for r in runs]
    for key in keys:
        cells = "".join(f" {_cell(ix.get(key), 'time')} | {_cell(ix.get(key), 'queries')} | "
                        f"{_cell(ix.get(key), 'kb')} | {_cell(ix.get(key), 'ratio')} |" for ix in indexed)
        lines.append(f"| {key[0]} | {key[1]} |{cells}")
    return "\n".join(lines)


def machine(results: list[dict[str, Any]]) -> str:
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    versions = {r["db"]: r["version"] for r in results}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} vCPU ({platform.machine()}, {platform.system()}), {mem} RAM, "
            f"Python {platform.python_version()}, SQLite {versions.get('sqlite', sqlite3.sqlite_version)}, "
            f"PostgreSQL {versions.get('postgres', 'not run')} (127.0.0.1:5432, TCP); "
            f"1-minute load average at the end {load:.1f}")


def section(results: list[dict[str, Any]], reps: int) -> str:
    sizes = []
    for r in results:
        label = f"{r['size']} ({r['organizations']:,} organisations, {r['people']:,} cadres, " \
                f"{r['audit_events']:,} audit events)"
        if label not in sizes:
            sizes.append(label)
    built = [f"{r['size']} on {r['db']} {r['built_seconds'] / 60:.1f} min wall clock"
             + (f" ({r['built_cpu_seconds'] / 60:.1f} min of CPU in the worker)" if r.get("built_cpu_seconds") else "")
             for r in results if r["built_seconds"]]
    parts = [
        HEADING,
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine(results)}. The VM is shared with other work "
        "(at the time with 7 other engineers' builds and tests), so the times are upper bounds; query counts, "
        "response sizes and the ratios carry over.",
        "",
        f"Sizes: {'; '.join(sizes)}. `make bench` runs demo and city on both databases; "
        "`make bench SIZES=demo,city,province` adds the province (building it takes a long time on each "
        "database; the databases are kept under var/bench/ and in PostgreSQL and reused while the generator is "
        "unchanged).",
        "",
        f"Each cell: {reps} requests through Django's test client in-process (DEBUG off) as the role's account "
        "(jurisdiction roles at the root jurisdiction, team roles on a team in the field, the liaison of an "
        "organisation being inspected), after two warm-up requests. *queries*: SQL statements of one request "
        "(session and audit writes included); *KB*: response body; *× SQL*: the page's p50 over the p50 of "
        "replaying its SELECT statements with the same parameters on a raw cursor. ⚠ marks a miss of the "
        f"targets (list pages p95 ≤ {PAGE_P95_MS:.0f} ms, API lists p50 ≤ {API_P50_MS:.0f} ms, "
        f"≤ {FLOOR_RATIO:.0f}× the SQL floor).",
        "",
    ]
    if built:
        parts += [f"Data sets built in this run: {', '.join(built)}.", ""]
    for db in ("sqlite", "postgres"):
        if any(r["db"] == db for r in results):
            parts += [f"### {'SQLite' if db == 'sqlite' else 'PostgreSQL'}", "", table(results, db), ""]
    parts += ["Reproduce: `make bench` (or `.venv/bin/python bench/bench_pages.py --sizes demo,city`); "
              "rewrites this section only.", ""]
    return "\n".join(parts)


def write(text: str) -> None:
    """Replace this benchmark's section in docs/performance.md, keeping everything else."""
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current, count=1).rstrip("\n") + "\n"
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    DOC.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="demo,city", help="comma-separated: demo, city, province")
    parser.add_argument("--dbs", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--reps", type=int, default=20, help="timed requests per page and role (default 20)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/performance.md alone")
    parser.add_argument("--worker", nargs=2, metavar=("SIZE", "DB"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], args.reps, args.seed, args.out)
        return 0
    sizes = [s for s in args.sizes.split(",") if s]
    dbs = [d for d in args.dbs.split(",") if d]
    unknown = set(sizes) - set(SIZES) | set(dbs) - set(DBS)
    if unknown:
        parser.error(f"unknown size or database: {', '.join(sorted(unknown))}")
    results = run(sizes, dbs, args.reps, args.seed)
    text = section(results, args.reps)
    print(text)
    if not args.no_write:
        write(text)
        print(f"written to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
