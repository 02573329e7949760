"""Benchmark of the cross-inspection assignment (xuncha.planning.assignment).

Run: ``.venv/bin/python bench/bench_assignment.py [--reps N] [--no-write]``. Prints a Markdown table and
writes it into docs/performance.md under "Cross-inspection assignment (bench/bench_assignment.py)",
replacing only that section.

Each size gets several random but realistic instances: one team per jurisdiction, the last two rounds'
pairs forbidden (lookback 2), about 5 % of (team, jurisdiction) pairs recused, three pairs locked by hand,
workloads of 8–40 organisations with their staff, and half of the teams with a capacity (so that
balancing has work to do). Every run is timed end to end (compile, matching, repair, balancing and the
full explanation) and its result is verified with ``check``. A last row times an infeasible province
(one county recused by every team), which adds the relaxation hints.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from xuncha.planning.assignment import (
    AssignmentResult,
    Jurisdiction,
    Lock,
    PastPair,
    Problem,
    Recusal,
    Team,
    assign,
    check,
)

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
HEADING = "## Cross-inspection assignment (bench/bench_assignment.py)"
SIZES = (15, 50, 100, 200)


def _cycle(rng: random.Random, n: int) -> list[int]:
    """A random single-cycle permutation: every jurisdiction inspected, no self or mutual pairs."""
    order = list(range(n))
    rng.shuffle(order)
    target = [0] * n
    for i, j in enumerate(order):
        target[j] = order[(i + 1) % n]
    return target


def make_problem(n: int, seed: int, *, infeasible: bool = False) -> Problem:
    """A realistic instance of ``n`` jurisdictions (see the module docstring)."""
    rng = random.Random(seed)
    js = [Jurisdiction(i, f"地区{i:03d}", targets=rng.randint(8, 40), staff=rng.randint(300, 6000)) for i in range(n)]
    ts = [Team(1000 + i, i, capacity=float(rng.randint(45, 110)) if rng.random() < 0.5 else None) for i in range(n)]
    history = [PastPair(i, t, rnd) for rnd in (1, 2) for i, t in enumerate(_cycle(rng, n))]
    recusals = [Recusal(1000 + t, j, "成员曾在该地任职") for t in range(n) for j in range(n)
                if t != j and rng.random() < 0.05]
    if infeasible:
        recusals += [Recusal(1000 + t, 0, "成员近亲属在该地工作") for t in range(1, n)]
    base = Problem(js, ts, history, recusals, round_no=3, lookback=2)
    locks: list[Lock] = []
    if not infeasible:
        solution = assign(base, seed)
        assert solution.ok, solution.summary()
        picked = rng.sample(list(solution.pairs), 3)
        locks = [Lock(p.team_id, p.jurisdiction_id, "办公室指定") for p in picked]
    return Problem(js, ts, history, recusals, locks, round_no=3, lookback=2)


def _time(fn: Callable[[], AssignmentResult]) -> tuple[float, float, AssignmentResult]:
    """Wall-clock and CPU seconds of one call (CPU time is what other load on a shared VM cannot inflate)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - start, time.process_time() - cpu, result


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(reps: int) -> list[dict[str, object]]:
    """Time every size; each row aggregates ``reps`` runs over 3 instances and several seeds."""
    rows: list[dict[str, object]] = []
    cases: list[tuple[str, int, bool]] = [(str(n), n, False) for n in SIZES] + [("200 (infeasible)", 200, True)]
    for label, n, infeasible in cases:
        problems = [make_problem(n, 100 + k, infeasible=infeasible) for k in range(3)]
        assign(problems[0])  # warm-up
        times: list[float] = []
        cpu_times: list[float] = []
        check_times: list[float] = []
        for rep in range(reps):
            problem = problems[rep % len(problems)]
            elapsed, cpu, result = _time(functools.partial(assign, problem, rep))
            times.append(elapsed)
            cpu_times.append(cpu)
            assert result.ok != infeasible, result.summary()
            if result.ok:
                start = time.perf_counter()
                violations = check(problem, result.mapping())
                check_times.append(time.perf_counter() - start)
                assert violations == [], violations
        rows.append({
            "case": label,
            "recusals": len(problems[0].recusals),
            "history": len(problems[0].history),
            "runs": reps,
            "median_ms": statistics.median(times) * 1000,
            "p95_ms": _p95(times) * 1000,
            "max_ms": max(times) * 1000,
            "cpu_median_ms": statistics.median(cpu_times) * 1000,
            "check_ms": statistics.median(check_times) * 1000 if check_times else None,
        })
    return rows


def table(rows: list[dict[str, object]]) -> str:
    """Markdown table of the rows."""
    lines = ["| jurisdictions | recusal pairs | history pairs | runs | median ms | p95 ms | max ms | CPU median ms "
             "| check() ms |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        check_ms = r["check_ms"]
        check_text = f"{check_ms:.2f}" if isinstance(check_ms, float) else "–"
        lines.append(f"| {r['case']} | {r['recusals']} | {r['history']} | {r['runs']} | {r['median_ms']:.1f} | "
                     f"{r['p95_ms']:.1f} | {r['max_ms']:.1f} | {r['cpu_median_ms']:.1f} | {check_text} |")
    return "\n".join(lines)


def section(rows: list[dict[str, object]]) -> str:
    """The docs/performance.md section for this benchmark."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return "\n".join([
        HEADING,
        "",
        f"Measured {datetime.date.today().isoformat()} on a {os.cpu_count()} vCPU VM ({platform.machine()}, "
        f"{platform.system()}), Python {platform.python_version()}; 1-minute load average at the end {load:.1f} "
        "(the VM is shared with other work, so figures are upper bounds).",
        "",
        "Wall-clock times (median, p95, max) and the median CPU time of `assign()` end to end: compile, "
        "Hopcroft–Karp matching, MUTUAL repair, balancing and the full explanation. "
        "Instances: one team per jurisdiction, the last 2 rounds' pairs forbidden (lookback 2), ~5 % of pairs "
        "recused, 3 locked pairs, half of the teams with a capacity. Runs cycle over 3 instances and as many seeds; "
        "every result is verified with `check()`. The infeasible row has one county recused by every team and "
        "includes the relaxation hints (each rule relaxed in turn, single pairs re-admitted).",
        "",
        table(rows),
        "",
        "Reproduce: `.venv/bin/python bench/bench_assignment.py` (rewrites this section only).",
        "",
    ])


def write(text: str) -> None:
    """Replace this benchmark's section in docs/performance.md, keeping everything else."""
    if DOC.exists():
        current = DOC.read_text(encoding="utf-8")
    else:
        current = "# Performance\n\nMeasured figures of the project's benchmarks (scripts under `bench/`).\n\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current, count=1).rstrip("\n") + "\n"
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    DOC.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reps", type=int, default=21, help="timed runs per size (default 21)")
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/performance.md alone")
    args = parser.parse_args(argv)
    rows = run(args.reps)
    text = section(rows)
    print(text)
    if not args.no_write:
        write(text)
        print(f"written to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
