"""Cross-inspection assignment (异地交叉配对): which team inspects which jurisdiction.

Pure Python, no Django. The service layer builds a ``Problem`` from the database, calls ``assign`` and
stores ``AssignmentResult.to_dict()`` (e.g. in ``CrossAssignmentRun.result``); ``check`` verifies any
assignment, including one edited by hand, against the same rules, independently of the solver.

Rules (each has a stable code and a Chinese label, see ``Constraint``):

* ``SELF``     不得巡察本地 — a team never inspects its home jurisdiction;
* ``MUTUAL``   不得互相交叉 — if a team from A inspects B, no team from B inspects A in the same round;
* ``HISTORY``  近期已配对的不再重复 — a (home → inspected) pair of the last ``lookback`` rounds is not repeated;
* ``RECUSAL``  回避 — forbidden (team, jurisdiction) pairs, each with its reason (one per member conflict);
* ``CAPACITY`` 承载能力 — a team with a capacity does not get a jurisdiction whose workload exceeds it;
* ``LOCKED``   人工锁定 — pairs fixed by hand are kept, and must themselves obey the other rules;
* ``COUNT``    数量匹配 — every inspected jurisdiction gets exactly one team, a team inspects at most one.

Algorithm (``assign``):

1. Compile: indices, candidate sets, and for every excluded (team, jurisdiction) edge the constraints that
   excluded it (used for every explanation). Locks are validated first.
2. Hopcroft–Karp maximum matching over the seeded candidate order. If it does not cover every jurisdiction,
   the alternating-path reachable set from an uncovered jurisdiction is a Hall (König) certificate: k
   jurisdictions whose candidate teams number fewer than k; the edges leaving it say which constraints cut them.
3. MUTUAL is not a bipartite-matching constraint (with one team per county the question is whether a digraph
   has a cycle cover without 2-cycles, "3-DCC", NP-complete: Bläser & Siebert, ESA 2001), so it is handled
   by repair: each 2-cycle of the matching is broken by the shortest alternating path/cycle that creates
   no new 2-cycle. If repair stalls, an exact backtracking search (MRV + forward checking, ``node_budget``
   nodes) runs on the affected connected components only (MUTUAL never links two components); finishing it
   without a solution proves infeasibility for that component, running out of budget is reported as "not
   determined" (``Infeasibility.proven=False``).
4. Balance (only when teams have different capacities; otherwise each team's load is fixed by the
   jurisdiction it gets and the multiset of loads cannot change): minimise the maximum load/capacity ratio
   by improving moves of the worst team (swap with another team, or hand over to an idle team), then lower
   the sum of squared ratios by pair swaps that do not raise the maximum. A local search, not an optimum; the
   unconstrained optimum of the maximum ratio is reported next to it.
5. Explain: per pair the candidate funnel per constraint, and whether the pair is forced (the same in every
   valid assignment: no alternating cycle or path through it, via Tarjan SCC) and which rule, relaxed
   alone, would free it. Per rule the edges it removed and whether it was *binding*: it forced a pair, it
   made the plan infeasible, MUTUAL had to repair 2-cycles, locks fixed pairs, or — when capacities make
   balance matter — re-solving without it found a better-balanced assignment that really uses a pair it
   excludes. When infeasible: the certificates above plus relaxation hints ("若放宽〈回避〉则可行"), from
   re-solving with each rule (then each pair of rules) relaxed and, for a Hall violation, with single
   excluded pairs re-admitted (the smallest culprit, e.g. one member's recusal); these probes share one
   node budget.

Determinism: every choice is driven by ``random.Random(seed)`` over index-ordered data; nothing iterates a
set of strings. The same problem and seed give an identical result.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import random
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

Id = int | str

_EPS = 1e-9
_MAX_ITEMS = 20  # excluded candidates listed by name per rule and team (the count is always exact)


class Constraint(StrEnum):
    """The rules of a cross-inspection assignment; the value is the stable code."""

    SELF = "SELF"
    MUTUAL = "MUTUAL"
    HISTORY = "HISTORY"
    RECUSAL = "RECUSAL"
    CAPACITY = "CAPACITY"
    LOCKED = "LOCKED"
    COUNT = "COUNT"

    @property
    def label(self) -> str:
        """Chinese label shown to the office."""
        return _LABELS[self]


_LABELS: dict[Constraint, str] = {
    Constraint.SELF: "不得巡察本地",
    Constraint.MUTUAL: "不得互相交叉",
    Constraint.HISTORY: "近期已配对的不再重复",
    Constraint.RECUSAL: "回避",
    Constraint.CAPACITY: "承载能力",
    Constraint.LOCKED: "人工锁定",
    Constraint.COUNT: "数量匹配",
}

# Order of the candidate funnel; an edge excluded by several rules is counted at the first one.
_FUNNEL = (Constraint.SELF, Constraint.HISTORY, Constraint.RECUSAL, Constraint.CAPACITY, Constraint.LOCKED,
           Constraint.MUTUAL)
# Rules that may be relaxed in a hint; SELF is the point of cross inspection and COUNT is arithmetic.
_RELAXABLE = (Constraint.HISTORY, Constraint.RECUSAL, Constraint.CAPACITY, Constraint.LOCKED, Constraint.MUTUAL)


def _tag(code: Constraint) -> str:
    return f"〈{code.label}〉"


# --------------------------------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Jurisdiction:
    """A participating jurisdiction (e.g. a county). ``inspected=False``: it sends a team but is not inspected."""

    id: Id
    name: str
    inspected: bool = True
    targets: int = 0  # number of target organisations to inspect there
    staff: int = 0  # their total staff


@dataclass(frozen=True)
class Team:
    """A team sent by its home jurisdiction. ``capacity`` is the largest workload it can take (optional)."""

    id: Id
    home: Id
    name: str = ""
    capacity: float | None = None


@dataclass(frozen=True)
class PastPair:
    """In round ``round_no`` a team from ``inspector`` inspected ``inspected`` (jurisdiction ids)."""

    inspector: Id
    inspected: Id
    round_no: int


@dataclass(frozen=True)
class Recusal:
    """``team`` must not inspect ``jurisdiction``; ``reason`` e.g. "成员张某某曾在该县任职"."""

    team: Id
    jurisdiction: Id
    reason: str


@dataclass(frozen=True)
class Lock:
    """A pair fixed by hand by the office."""

    team: Id
    jurisdiction: Id
    note: str = ""


@dataclass(frozen=True)
class Problem:
    """Everything ``assign`` needs. Sequences are stored as tuples.

    ``round_no`` is the round being planned (default: last round in ``history`` + 1); pairs of rounds
    ``round_no - lookback`` … ``round_no - 1`` are not repeated (``lookback=0`` switches HISTORY off).
    With ``history_both_directions`` a past A→B also forbids B→A. Workload of a jurisdiction is
    ``targets * weight_targets + staff * weight_staff`` (by default 100 staff weigh like one organisation);
    team capacities are in the same unit.
    """

    jurisdictions: Sequence[Jurisdiction]
    teams: Sequence[Team]
    history: Sequence[PastPair] = ()
    recusals: Sequence[Recusal] = ()
    locks: Sequence[Lock] = ()
    round_no: int | None = None
    lookback: int = 1
    history_both_directions: bool = False
    weight_targets: float = 1.0
    weight_staff: float = 0.01

    def __post_init__(self) -> None:
        for name in ("jurisdictions", "teams", "history", "recusals", "locks"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def current_round(self) -> int:
        """The round being planned."""
        if self.round_no is not None:
            return self.round_no
        return max((p.round_no for p in self.history), default=0) + 1

    def recent_rounds(self) -> range:
        """Rounds whose pairs must not be repeated."""
        now = self.current_round()
        return range(now - max(self.lookback, 0), now)

    def load_of(self, jurisdiction: Jurisdiction) -> float:
        """Workload of inspecting ``jurisdiction``."""
        return jurisdiction.targets * self.weight_targets + jurisdiction.staff * self.weight_staff


class InvalidProblem(ValueError):
    """The input is malformed (duplicate or unknown ids, negative numbers): a bug in the caller, not a plan."""


def _validate(problem: Problem) -> None:
    j_ids = [j.id for j in problem.jurisdictions]
    t_ids = [t.id for t in problem.teams]
    if len(set(j_ids)) != len(j_ids):
        raise InvalidProblem("地区编号重复")
    if len(set(t_ids)) != len(t_ids):
        raise InvalidProblem("巡察组编号重复")
    known_j, known_t = set(j_ids), set(t_ids)
    for t in problem.teams:
        if t.home not in known_j:
            raise InvalidProblem(f"巡察组 {t.id} 的派出地区 {t.home} 不在参加地区之中")
        if t.capacity is not None and t.capacity <= 0:
            raise InvalidProblem(f"巡察组 {t.id} 的承载能力必须为正数")
    for j in problem.jurisdictions:
        if j.targets < 0 or j.staff < 0:
            raise InvalidProblem(f"地区 {j.name} 的工作量不能为负数")
    for r in problem.recusals:
        if r.team not in known_t or r.jurisdiction not in known_j:
            raise InvalidProblem(f"回避引用了未知的巡察组或地区：{r.team} → {r.jurisdiction}")
    for lk in problem.locks:
        if lk.team not in known_t or lk.jurisdiction not in known_j:
            raise InvalidProblem(f"锁定引用了未知的巡察组或地区：{lk.team} → {lk.jurisdiction}")
    if problem.lookback < 0 or problem.weight_targets < 0 or problem.weight_staff < 0:
        raise InvalidProblem("回看轮数和工作量权重不能为负数")


# -------------------------------------------------------------------------------------------------- output


@dataclass(frozen=True)
class Violation:
    """One broken rule in an assignment (from ``check``)."""

    code: Constraint
    message: str
    team: Id | None = None
    jurisdiction: Id | None = None


@dataclass(frozen=True)
class FunnelStep:
    """Candidates left to a team after ``code`` was applied."""

    code: Constraint
    remaining: int


@dataclass(frozen=True)
class Removal:
    """Candidates of a team excluded by ``code``; ``items`` names up to 20 of them with the reason."""

    code: Constraint
    count: int
    items: tuple[str, ...]


@dataclass(frozen=True)
class PairExplanation:
    """One team → jurisdiction pair and why."""

    team_id: Id
    team_name: str
    home_id: Id
    home_name: str
    jurisdiction_id: Id
    jurisdiction_name: str
    locked: bool
    total: int  # jurisdictions to inspect in this round
    funnel: tuple[FunnelStep, ...]
    removed: tuple[Removal, ...]
    candidates: int  # jurisdictions this team could still take: the end of ``funnel``
    rivals: int  # teams that could take this jurisdiction (static rules)
    forced: bool  # the pair is in every valid assignment
    forced_by: tuple[Constraint, ...]  # relaxing one of these alone would free the pair
    load: float
    capacity: float | None
    ratio: float | None  # load / capacity used for balancing
    reason: str


@dataclass(frozen=True)
class ConstraintReport:
    """What one rule did in this run."""

    code: Constraint
    label: str
    removed: int  # (team, jurisdiction) candidate edges it excluded
    removed_only: int  # … excluded by it alone
    jurisdictions: int  # jurisdictions that lost at least one candidate team to it
    binding: bool
    note: str


@dataclass(frozen=True)
class Infeasibility:
    """Why no assignment exists: the rules involved and the jurisdictions/teams concerned.

    ``kind``: "count" (too few teams), "lock" (locked pairs break a rule or each other), "hall" (k
    jurisdictions share fewer than k candidate teams; ``teams`` are those candidates), "mutual" (every
    assignment of the component ``jurisdictions`` has two of them inspect each other).
    """

    kind: str
    codes: tuple[Constraint, ...]
    message: str
    jurisdictions: tuple[Id, ...] = ()
    teams: tuple[Id, ...] = ()
    proven: bool = True  # False: the search budget ran out, infeasibility is not proven


@dataclass(frozen=True)
class Relaxation:
    """Would the problem be feasible with ``codes`` relaxed (or a single excluded pair re-admitted)?"""

    codes: tuple[Constraint, ...]
    feasible: bool | None  # None: not determined within the search budget
    message: str


@dataclass(frozen=True)
class Balance:
    """Workload balance of the result."""

    applies: bool  # teams differ in capacity, so the assignment can change the balance
    max_ratio: float | None
    min_ratio: float | None
    ideal_max_ratio: float | None  # best possible maximum ignoring all rules but capacity ordering
    moves: int
    note: str


@dataclass(frozen=True)
class SearchStats:
    """How hard the search had to work."""

    mutual_conflicts: int  # 2-cycles in the first matching
    repair_moves: int
    backtrack_nodes: int
    budget_exhausted: bool


@dataclass(frozen=True)
class AssignmentResult:
    """Outcome of ``assign``: the pairs with explanations, or why there are none."""

    ok: bool
    seed: int
    pairs: tuple[PairExplanation, ...]
    idle_teams: tuple[Id, ...]
    constraints: tuple[ConstraintReport, ...]
    infeasibilities: tuple[Infeasibility, ...]
    relaxations: tuple[Relaxation, ...]
    balance: Balance | None
    search: SearchStats

    @property
    def binding(self) -> tuple[Constraint, ...]:
        """Codes of the rules that actually shaped the result (or made it impossible)."""
        return tuple(r.code for r in self.constraints if r.binding)

    def mapping(self) -> dict[Id, Id]:
        """Team id → jurisdiction id."""
        return {p.team_id: p.jurisdiction_id for p in self.pairs}

    def summary(self) -> str:
        """A plain Chinese text for the office."""
        lines: list[str] = []
        if self.ok:
            lines.append(f"交叉巡察配对：已生成方案（{len(self.pairs)} 对，随机种子 {self.seed}）")
            for p in self.pairs:
                lines.append(f"- {p.team_name} → {p.jurisdiction_name}：{p.reason}")
            if self.idle_teams:
                lines.append(f"未安排任务的巡察组：{len(self.idle_teams)} 个")
        else:
            lines.append("交叉巡察配对：无可行方案")
            for inf in self.infeasibilities:
                lines.append(f"- {''.join(_tag(c) for c in inf.codes)} {inf.message}")
            if self.relaxations:
                lines.append("调整建议：")
                lines.extend(f"- {r.message}" for r in self.relaxations)
        lines.append("约束作用：")
        for r in self.constraints:
            mark = "【起作用】" if r.binding else ""
            lines.append(f"- {r.label}{mark}：{r.note}")
        if self.balance is not None:
            lines.append(f"负荷均衡：{self.balance.note}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (codes as strings), e.g. for ``CrossAssignmentRun.result``."""
        data = dataclasses.asdict(self)
        data["binding"] = [str(c) for c in self.binding]
        return data


# ------------------------------------------------------------------------------------------------ compile


class _Model:
    """The problem compiled to indices: candidate sets, and for every excluded (team, jurisdiction) edge, why."""

    def __init__(self, problem: Problem, relax: frozenset[Constraint] = frozenset()) -> None:
        _validate(problem)
        self.problem = problem
        self.relax = relax
        js, ts = problem.jurisdictions, problem.teams
        self.j_ids: list[Id] = [j.id for j in js]
        self.j_names: list[str] = [j.name for j in js]
        j_index = {j.id: i for i, j in enumerate(js)}
        t_index = {t.id: i for i, t in enumerate(ts)}
        self.inspected: list[bool] = [j.inspected for j in js]
        self.load: list[float] = [problem.load_of(j) for j in js]
        self.t_ids: list[Id] = [t.id for t in ts]
        self.home: list[int] = [j_index[t.home] for t in ts]
        self.t_names: list[str] = [t.name or f"{self.j_names[self.home[i]]}巡察组" for i, t in enumerate(ts)]
        self.cap: list[float | None] = [t.capacity for t in ts]
        self.teams_from: list[list[int]] = [[] for _ in js]
        for ti, h in enumerate(self.home):
            self.teams_from[h].append(ti)
        self.insp: list[int] = [i for i, j in enumerate(js) if j.inspected]
        self.removed: dict[tuple[int, int], list[Constraint]] = {}
        self.detail: dict[tuple[Constraint, int, int], str] = {}
        self.failures: list[Infeasibility] = []
        self.locked: dict[int, int] = {}  # jurisdiction → team
        self.lock_note: dict[int, str] = {}
        self.stats: _RemovalStats | None = None

        for j in self.insp:
            for t in self.teams_from[j]:
                self._drop(Constraint.SELF, t, j,
                           f"{self.t_names[t]}由{self.j_names[j]}派出，巡察组不得巡察派出它的县（市、区）")
        if Constraint.HISTORY not in relax:
            self._history(j_index)
        if Constraint.RECUSAL not in relax:
            for r in problem.recusals:
                j = j_index[r.jurisdiction]
                if self.inspected[j]:
                    self._drop(Constraint.RECUSAL, t_index[r.team], j, r.reason)
        if Constraint.CAPACITY not in relax:
            self._capacity()
        if Constraint.LOCKED not in relax:
            self._locks(t_index, j_index)
        if len(ts) < len(self.insp):
            self.failures.append(Infeasibility(
                "count", (Constraint.COUNT,),
                f"接受巡察的地区有 {len(self.insp)} 个，巡察组只有 {len(ts)} 个，无法做到每个地区各有一个巡察组",
                tuple(self.j_ids[j] for j in self.insp)))

        locked_teams = set(self.locked.values())
        self.free_js: list[int] = [j for j in self.insp if j not in self.locked]
        self.free_ts: list[int] = [t for t in range(len(ts)) if t not in locked_teams]
        excluded: list[set[int]] = [set() for _ in js]
        for (t, j) in self.removed:
            excluded[j].add(t)
        all_free = set(self.free_ts)
        self.cand: list[set[int]] = [set() for _ in js]
        for j in self.free_js:
            self.cand[j] = all_free - excluded[j]

    def _drop(self, code: Constraint, t: int, j: int, why: str) -> None:
        codes = self.removed.get((t, j))
        if codes is None:
            self.removed[(t, j)] = [code]
            self.detail[(code, t, j)] = why
        elif code in codes:
            self.detail[(code, t, j)] += "；" + why
        else:
            codes.append(code)
            self.detail[(code, t, j)] = why

    def _history(self, j_index: Mapping[Id, int]) -> None:
        problem = self.problem
        window = problem.recent_rounds()
        recent: dict[tuple[int, int], int] = {}
        for p in problem.history:
            if p.round_no in window and p.inspector in j_index and p.inspected in j_index:
                key = (j_index[p.inspector], j_index[p.inspected])
                recent[key] = max(recent.get(key, p.round_no), p.round_no)
        for (a, b), rnd in sorted(recent.items()):
            text = f"第{rnd}轮{self.j_names[a]}已巡察{self.j_names[b]}"
            if self.inspected[b]:
                for t in self.teams_from[a]:
                    self._drop(Constraint.HISTORY, t, b, text)
            if problem.history_both_directions and self.inspected[a]:
                for t in self.teams_from[b]:
                    self._drop(Constraint.HISTORY, t, a, text)

    def _capacity(self) -> None:
        by_load = sorted(self.insp, key=lambda j: (self.load[j], j))
        loads = [self.load[j] for j in by_load]
        for t, cap in enumerate(self.cap):
            if cap is None:
                continue
            for j in by_load[bisect.bisect_right(loads, cap + _EPS):]:
                self._drop(Constraint.CAPACITY, t, j, f"工作量 {self.load[j]:g} 超过承载能力 {cap:g}")

    def _locks(self, t_index: Mapping[Id, int], j_index: Mapping[Id, int]) -> None:
        problem = self.problem
        by_team: dict[int, int] = {}
        bad = len(self.failures)
        for lock in problem.locks:
            t, j = t_index[lock.team], j_index[lock.jurisdiction]
            pair = f"“{self.t_names[t]} → {self.j_names[j]}”"
            if not self.inspected[j]:
                self.failures.append(Infeasibility(
                    "lock", (Constraint.LOCKED, Constraint.COUNT), f"人工锁定的{pair}：{self.j_names[j]}本轮不接受巡察",
                    (self.j_ids[j],), (self.t_ids[t],)))
                continue
            if self.locked.get(j, t) != t:
                other = self.locked[j]
                self.failures.append(Infeasibility(
                    "lock", (Constraint.LOCKED, Constraint.COUNT),
                    f"{self.j_names[j]}被锁定给了两个巡察组：{self.t_names[other]}和{self.t_names[t]}",
                    (self.j_ids[j],), (self.t_ids[other], self.t_ids[t])))
                continue
            if by_team.get(t, j) != j:
                other_j = by_team[t]
                self.failures.append(Infeasibility(
                    "lock", (Constraint.LOCKED, Constraint.COUNT),
                    f"{self.t_names[t]}被锁定巡察两个地区：{self.j_names[other_j]}和{self.j_names[j]}",
                    (self.j_ids[other_j], self.j_ids[j]), (self.t_ids[t],)))
                continue
            for code in self.removed.get((t, j), []):
                self.failures.append(Infeasibility(
                    "lock", (Constraint.LOCKED, code),
                    f"人工锁定的{pair}违反{_tag(code)}：{self.detail[(code, t, j)]}",
                    (self.j_ids[j],), (self.t_ids[t],)))
            self.locked[j] = t
            by_team[t] = j
            self.lock_note[j] = lock.note
        if Constraint.MUTUAL not in self.relax:
            for j, t in sorted(self.locked.items()):
                a = self.home[t]
                back = self.locked.get(a)
                if back is not None and self.home[back] == j and a < j:
                    self.failures.append(Infeasibility(
                        "lock", (Constraint.LOCKED, Constraint.MUTUAL),
                        f"人工锁定的“{self.t_names[t]} → {self.j_names[j]}”与“{self.t_names[back]} → "
                        f"{self.j_names[a]}”互相交叉",
                        (self.j_ids[j], self.j_ids[a]), (self.t_ids[t], self.t_ids[back])))
        if len(self.failures) > bad:
            return
        for j, t in sorted(self.locked.items()):
            note = f"已锁定由{self.t_names[t]}巡察"
            for j2 in self.insp:
                if j2 != j:
                    self._drop(Constraint.LOCKED, t, j2, f"本组已锁定巡察{self.j_names[j]}")
            for t2 in range(len(self.t_ids)):
                if t2 != t:
                    self._drop(Constraint.LOCKED, t2, j, note)
            a = self.home[t]
            if Constraint.MUTUAL not in self.relax and self.inspected[a]:
                for t2 in self.teams_from[j]:
                    self._drop(Constraint.MUTUAL, t2, a, f"{self.t_names[t]}已锁定巡察{self.j_names[j]}")

    def reasons_text(self, t: int, j: int) -> str:
        """Why edge (t, j) is excluded, e.g. "〈回避〉成员张某某曾在该县任职"."""
        return "；".join(f"{_tag(c)}{self.detail[(c, t, j)]}" for c in self.removed.get((t, j), []))


# ------------------------------------------------------------------------------------------------- search


@dataclass
class _Outcome:
    assign: list[int] | None  # jurisdiction index → team index (-1: none)
    failures: list[Infeasibility]
    conflicts: int = 0
    repair_moves: int = 0
    nodes: int = 0
    exhausted: bool = False
    repaired: frozenset[int] = frozenset()


class _Search:
    """One solve of a compiled model with a given candidate graph (hints re-solve with modified graphs)."""

    def __init__(self, model: _Model, cand: list[set[int]], seed: int, budget: int) -> None:
        self.m = model
        self.cand = cand
        self.rng = random.Random(seed)  # noqa: S311 -- reproducible plans, not secrets
        self.budget = budget
        n_j, n_t = len(model.j_ids), len(model.t_ids)
        self.assign = [-1] * n_j
        self.owner = [-1] * n_t
        for j, t in model.locked.items():
            self.assign[j] = t
            self.owner[t] = j
        # Seeded candidate order: one random team permutation, rotated by a random offset per jurisdiction,
        # so that greedy choices spread out (cheaper than shuffling every list).
        perm = list(model.free_ts)
        self.rng.shuffle(perm)
        self.order: list[list[int]] = [[] for _ in range(n_j)]
        for j in model.free_js:
            cj = cand[j]
            off = self.rng.randrange(len(perm)) if perm else 0
            self.order[j] = [t for t in itertools.chain(perm[off:], perm[:off]) if t in cj]
        self.js = list(model.free_js)
        self.rng.shuffle(self.js)
        self.js.sort(key=lambda j: len(cand[j]))  # stable: fewest candidates first, ties in seeded order
        self.pos = {j: i for i, j in enumerate(self.js)}
        self.perm_pos = {t: i for i, t in enumerate(perm)}

    # -- matching ---------------------------------------------------------------------------------------

    def match(self) -> list[int]:
        """Hopcroft–Karp; returns the free jurisdictions left unmatched."""
        assign, owner, order = self.assign, self.owner, self.order
        for j in self.js:  # greedy start
            for t in order[j]:
                if owner[t] == -1:
                    assign[j], owner[t] = t, j
                    break
        inf = len(self.js) + 1
        while True:
            dist: dict[int, int] = {}
            queue: deque[int] = deque()
            for j in self.js:
                if assign[j] == -1:
                    dist[j] = 0
                    queue.append(j)
            found = False
            while queue:
                j = queue.popleft()
                for t in order[j]:
                    k = owner[t]
                    if k == -1:
                        found = True
                    elif k not in dist:
                        dist[k] = dist[j] + 1
                        queue.append(k)
            if not found:
                break
            ptr = dict.fromkeys(self.js, 0)
            augmented = False
            for root in self.js:
                if assign[root] != -1:
                    continue
                stack, via = [root], []
                while stack:
                    j = stack[-1]
                    nbrs = order[j]
                    advanced = False
                    while ptr[j] < len(nbrs):
                        t = nbrs[ptr[j]]
                        ptr[j] += 1
                        k = owner[t]
                        if k == -1:
                            via.append(t)
                            for jj, tt in zip(stack, via, strict=True):
                                assign[jj], owner[tt] = tt, jj
                            augmented = True
                            stack = []
                            advanced = True
                            break
                        if dist.get(k, inf) == dist[j] + 1:
                            via.append(t)
                            stack.append(k)
                            advanced = True
                            break
                    if not advanced:
                        dist[j] = inf
                        stack.pop()
                        if via:
                            via.pop()
            if not augmented:
                break
        return [j for j in self.js if assign[j] == -1]

    def hall_set(self, root: int) -> tuple[list[int], list[int]]:
        """Jurisdictions reachable from unmatched ``root`` by alternating paths, and their candidate teams."""
        seen_j, seen_t = {root}, set()
        queue = deque([root])
        while queue:
            j = queue.popleft()
            for t in self.order[j]:
                if t not in seen_t:
                    seen_t.add(t)
                    k = self.owner[t]
                    if k != -1 and k not in seen_j:
                        seen_j.add(k)
                        queue.append(k)
        return sorted(seen_j), sorted(seen_t)

    # -- MUTUAL -----------------------------------------------------------------------------------------

    def mutual(self, t: int, j: int) -> bool:
        """Would ``t`` inspecting ``j`` form a 2-cycle with the current assignment?"""
        u = self.assign[self.m.home[t]]
        return u >= 0 and self.m.home[u] == j

    def conflicts(self) -> set[int]:
        return {j for j in self.m.free_js if self.assign[j] >= 0 and self.mutual(self.assign[j], j)}

    def reroute(self, j: int) -> list[tuple[int, int]] | None:
        """Shortest alternating path/cycle giving ``j`` another team without a 2-cycle against the current state."""
        assign, owner = self.assign, self.owner
        t0 = assign[j]
        parent: dict[int, tuple[int, int]] = {j: (-1, -1)}
        queue = deque([j])
        while queue:
            x = queue.popleft()
            for t in self.order[x]:
                if t == assign[x] or self.mutual(t, x):
                    continue
                y = owner[t]
                if y == -1 or t == t0:
                    moves = [(x, t)]
                    while parent[x][0] != -1:
                        x, t = parent[x]
                        moves.append((x, t))
                    return moves
                if y not in parent:
                    parent[y] = (x, t)
                    queue.append(y)
        return None

    def apply(self, moves: list[tuple[int, int]]) -> list[tuple[int, int]]:
        undo = [(x, self.assign[x]) for x, _ in moves]
        for x, old in undo:
            if old >= 0 and self.owner[old] == x:
                self.owner[old] = -1
        for x, t in moves:
            self.assign[x] = t
            self.owner[t] = x
        return undo

    def revert(self, undo: list[tuple[int, int]]) -> None:
        for x, _ in undo:
            t = self.assign[x]
            if t >= 0 and self.owner[t] == x:
                self.owner[t] = -1
        for x, old in undo:
            self.assign[x] = old
            if old >= 0:
                self.owner[old] = x

    def repair(self) -> tuple[int, int, set[int], set[int]]:
        """Break 2-cycles by rerouting; returns (initial 2-cycles, accepted moves, changed, still conflicting)."""
        conflicts = self.conflicts()
        initial = len(conflicts) // 2
        changed: set[int] = set()
        dead: set[int] = set()
        accepted = 0
        attempts = 50 + 10 * initial
        while conflicts and attempts > 0:
            live = sorted(conflicts - dead)
            if not live:
                break
            attempts -= 1
            j = live[self.rng.randrange(len(live))]
            moves = self.reroute(j)
            if moves is None:
                dead.add(j)
                continue
            undo = self.apply(moves)
            after = self.conflicts()
            if len(after) < len(conflicts):
                conflicts = after
                changed.update(x for x, _ in moves)
                accepted += 1
                dead.clear()
            else:
                self.revert(undo)
                self.rng.shuffle(self.order[j])  # next attempt from j explores in another order
                dead.add(j)
        return initial, accepted, changed, conflicts

    def component(self, start: int, cand_t: Mapping[int, list[int]]) -> list[int]:
        """Free jurisdictions linked to ``start`` through candidate edges; MUTUAL never crosses components."""
        m = self.m
        seen = {start}
        queue = deque([start])
        while queue:
            x = queue.popleft()
            nbrs: list[int] = [m.home[t] for t in self.cand[x]] if x in self.pos else []
            for t in m.teams_from[x]:
                nbrs.extend(cand_t.get(t, ()))
            for y in nbrs:
                if y not in seen:
                    seen.add(y)
                    queue.append(y)
        return sorted(x for x in seen if x in self.pos)

    def backtrack(self, comp: list[int], nodes_left: int) -> tuple[dict[int, int] | None, int, bool]:
        """Exact search (MRV + forward checking) over one component: (solution, nodes used, budget exhausted)."""
        m = self.m
        domains = {j: set(self.cand[j]) for j in comp}
        hint = {j: self.assign[j] for j in comp}
        unassigned = set(comp)
        solution: dict[int, int] = {}
        nodes = 0
        pos, perm_pos = self.pos, self.perm_pos

        def search() -> bool | None:
            nonlocal nodes
            if not unassigned:
                return True
            j = min(unassigned, key=lambda x: (len(domains[x]), pos[x]))
            values = sorted(domains[j], key=perm_pos.__getitem__)
            if hint[j] in domains[j]:
                values.remove(hint[j])
                values.insert(0, hint[j])
            unassigned.discard(j)
            for t in values:
                nodes += 1
                if nodes > nodes_left:
                    return None
                solution[j] = t
                trail: list[tuple[int, int]] = []
                alive = True
                for k in unassigned:
                    if t in domains[k]:
                        domains[k].discard(t)
                        trail.append((k, t))
                        alive = alive and bool(domains[k])
                a = m.home[t]
                if a in unassigned:
                    for u in m.teams_from[j]:
                        if u in domains[a]:
                            domains[a].discard(u)
                            trail.append((a, u))
                    alive = alive and bool(domains[a])
                result = search() if alive else False
                if result is True:
                    return True
                for k, u in trail:
                    domains[k].add(u)
                del solution[j]
                if result is None:
                    return None
            unassigned.add(j)
            return False

        found = search()
        return (solution if found else None), nodes, found is None

    def run(self, explain: bool = True) -> _Outcome:
        """Solve; with ``explain=False`` (feasibility probes for hints) failures are not worded."""
        m = self.m
        failures: list[Infeasibility] = []
        empty = [j for j in self.js if not self.cand[j]]
        for j in sorted(empty):
            failures.append(_hall_failure(m, [j], []))
            if not explain:
                return _Outcome(None, failures)
        unmatched = self.match()
        empty_set = set(empty)
        roots = [j for j in unmatched if j not in empty_set]
        if roots and not explain:
            return _Outcome(None, [Infeasibility("hall", (), "")])
        if roots:
            seen_sets: set[tuple[int, ...]] = set()
            sets = sorted((self.hall_set(r) for r in roots[:20]), key=lambda st: (len(st[0]), st[0]))
            for s_j, s_t in sets:
                if tuple(s_j) not in seen_sets and len(seen_sets) < 5:
                    seen_sets.add(tuple(s_j))
                    failures.append(_hall_failure(m, s_j, s_t))
        if failures:
            return _Outcome(None, failures)
        if Constraint.MUTUAL in m.relax:
            return _Outcome(list(self.assign), [])
        initial, moves, changed, left = self.repair()
        nodes, exhausted = 0, False
        if left:
            cand_t: dict[int, list[int]] = {}
            for j in m.free_js:
                for t in self.cand[j]:
                    cand_t.setdefault(t, []).append(j)
            done: set[int] = set()
            for j in sorted(left):
                if j in done:
                    continue
                comp = self.component(j, cand_t)
                done.update(comp)
                for k in comp:  # the component is re-solved from scratch, its teams become free
                    self.owner[self.assign[k]] = -1
                sol, used, out = self.backtrack(comp, max(self.budget - nodes, 0))
                nodes += used
                if sol is None:
                    for k in comp:
                        self.owner[self.assign[k]] = k
                    exhausted = exhausted or out
                    if not explain:
                        failures.append(Infeasibility("mutual", (Constraint.MUTUAL,), "", proven=not out))
                        break
                    failures.append(_mutual_failure(m, comp, self, proven=not out))
                    continue
                for k, t in sol.items():
                    if self.assign[k] != t:
                        changed.add(k)
                    self.assign[k] = t
                    self.owner[t] = k
        return _Outcome(None if failures else list(self.assign), failures, initial, moves, nodes, exhausted,
                        frozenset(changed))


def _names(m: _Model, js: Iterable[int], limit: int = 20) -> str:
    """Names joined for a message; long lists are cut ("等 117 个"), the ids stay complete in the data."""
    items = list(js)
    text = "、".join(m.j_names[j] for j in items[:limit])
    return text + (f"等 {len(items)} 个" if len(items) > limit else "")


def _hall_failure(m: _Model, s_j: list[int], s_t: list[int]) -> Infeasibility:
    """Explain a Hall violation: jurisdictions ``s_j`` share only the teams ``s_t`` (fewer than them)."""
    inside = set(s_t)
    per_code: dict[Constraint, int] = {}
    examples: list[str] = []
    specific = (Constraint.RECUSAL, Constraint.HISTORY, Constraint.CAPACITY)
    n_examples = 0
    for j in s_j:
        for t in range(len(m.t_ids)):
            if t in inside:
                continue
            codes = m.removed.get((t, j), [])
            for c in codes:
                per_code[c] = per_code.get(c, 0) + 1
            if any(c in specific for c in codes):
                n_examples += 1
                if n_examples <= 8:  # the details are worth reading only when they are few
                    examples.append(f"{m.t_names[t]}→{m.j_names[j]}：{m.reasons_text(t, j)}")
    # SELF only ever removes a jurisdiction's own teams: mention it, but name it as a cause only if alone.
    present = tuple(c for c in _FUNNEL if c in per_code)
    causes = tuple(c for c in present if c != Constraint.SELF) or present
    breakdown = "，".join(f"{_tag(c)}排除 {per_code[c]} 个" for c in present)
    because = "或".join(_tag(c) for c in causes)
    if len(s_j) == 1 and not s_t:
        j = s_j[0]
        if not m.t_ids:
            message = f"{m.j_names[j]}：没有任何巡察组"
        elif Constraint.SELF in per_code and Constraint.SELF not in causes:
            others = len(m.t_ids) - per_code[Constraint.SELF]
            message = f"{m.j_names[j]}：除本地巡察组外，其余 {others} 个巡察组都因{because}被排除（{breakdown}）"
        else:
            message = f"{m.j_names[j]}：所有巡察组都因{because}被排除（{breakdown}）"
    else:
        teams = "、".join(m.t_names[t] for t in s_t[:20]) + (f"等 {len(s_t)} 个" if len(s_t) > 20 else "") or "没有"
        count = "地区" if len(s_j) > 20 else f" 这 {len(s_j)} 个地区"  # a cut list already says "等 N 个"
        message = (f"{_names(m, s_j)}{count}合计只有 {len(s_t)} 个可选巡察组（{teams}），"
                   f"少于地区数；其余巡察组被{'、'.join(_tag(c) for c in causes)}排除（{breakdown}）")
    if examples and n_examples <= 8:
        message += "。明细：" + "；".join(examples)
    return Infeasibility("hall", causes, message, tuple(m.j_ids[j] for j in s_j), tuple(m.t_ids[t] for t in s_t))


def _mutual_failure(m: _Model, comp: list[int], s: _Search, proven: bool) -> Infeasibility:
    """Explain a component where every assignment obeying the other rules has two jurisdictions inspect each other.

    ``s`` holds a perfect matching of the component under the other rules; a pair of jurisdictions whose
    matched edges are both forced (in every such matching) is the culprit to name.
    """
    cand = s.cand
    forced = _forced(m, cand, s.assign, s.owner)
    pairs = []
    for j in comp:
        a = m.home[s.assign[j]]
        if j in forced and a in forced and a > j and m.home[s.assign[a]] == j:
            pairs.append((j, a))
    if not proven:
        message = (f"{_names(m, comp)}：在搜索上限内未找到避免互相交叉的安排（不能断定无解，可增大搜索上限或"
                   f"放宽约束后重试）")
    elif pairs:
        shown = "；".join(f"{m.j_names[j]}只能由{m.j_names[a]}的巡察组巡察，"
                         f"{m.j_names[a]}也只能由{m.j_names[j]}的巡察组巡察" for j, a in pairs[:5])
        more = f"（共 {len(pairs)} 对）" if len(pairs) > 5 else ""
        message = f"在其他约束下，{shown}{more}，必然互相交叉"
    elif len(comp) == 2:
        message = f"{_names(m, comp)}只能互相巡察，必然互相交叉"
    else:
        count = "" if len(comp) > 20 else f"这 {len(comp)} 个"
        message = (f"{_names(m, comp)}：在满足其他约束的前提下，{count}地区之间的任何安排都会出现两地互相巡察")
    teams = sorted({t for j in comp for t in cand[j]})
    return Infeasibility("mutual", (Constraint.MUTUAL,), message, tuple(m.j_ids[j] for j in comp),
                         tuple(m.t_ids[t] for t in teams), proven)


def _solve(model: _Model, seed: int, budget: int, cand: list[set[int]] | None = None,
           explain: bool = True) -> tuple[_Search, _Outcome]:
    search = _Search(model, model.cand if cand is None else cand, seed, budget)
    if model.failures:
        return search, _Outcome(None, list(model.failures))
    return search, search.run(explain)


# ---------------------------------------------------------------------------------------------- balancing


def _balance(model: _Model, s: _Search) -> tuple[Balance, set[int]]:
    """Lower the largest load/capacity ratio, then the sum of squared ratios, by moves that keep every rule."""
    caps = [c for c in model.cap if c is not None]
    ref = sum(caps) / len(caps) if caps else 1.0
    cap = [c if c is not None else ref for c in model.cap]
    assign, owner, cand = s.assign, s.owner, s.cand
    insp = model.insp
    load = model.load
    if not insp:
        return Balance(False, None, None, None, 0, "没有需要安排的地区"), set()
    applies = len(set(cap)) > 1  # equal capacities: each load is fixed by its jurisdiction, nothing to balance
    ideal_pairs = zip(sorted((load[j] for j in insp), reverse=True), sorted(cap, reverse=True), strict=False)
    ideal = max((lo / c for lo, c in ideal_pairs), default=0.0)
    moved: set[int] = set()
    n_moves = 0
    mutual_on = Constraint.MUTUAL not in model.relax
    free = [j for j in model.free_js]
    free_set = set(free)

    def ratio(j: int) -> float:
        return load[j] / cap[assign[j]]

    if applies:
        for _ in range(4 * len(insp) + 10):  # phase 1: the worst team
            jm = max(insp, key=lambda j: (ratio(j), -j))
            rmax = ratio(jm)
            if jm not in free_set:
                break
            t = assign[jm]
            best: tuple[float, int, int] | None = None  # (new max of the moved pair, kind, other)
            for f in s.order[jm]:
                if owner[f] == -1:
                    r = load[jm] / cap[f]
                    if r < rmax - _EPS and (best is None or r < best[0]) and not (mutual_on and s.mutual(f, jm)):
                        best = (r, 0, f)
            for k in free:
                if k == jm:
                    continue
                u = assign[k]
                r = max(load[k] / cap[t], load[jm] / cap[u])
                if r >= rmax - _EPS or (best is not None and r >= best[0]):
                    continue
                if u not in cand[jm] or t not in cand[k]:
                    continue
                undo = s.apply([(jm, u), (k, t)])
                if mutual_on and (s.mutual(u, jm) or s.mutual(t, k)):
                    s.revert(undo)
                    continue
                s.revert(undo)
                best = (r, 1, k)
            if best is None:
                break
            _, kind, other = best
            if kind == 0:
                s.apply([(jm, other)])
                moved.add(jm)
            else:
                s.apply([(jm, assign[other]), (other, t)])
                moved.update((jm, other))
            n_moves += 1
        top = max(ratio(j) for j in insp)
        inv2 = [1.0 / (c * c) for c in cap]
        for _ in range(3):  # phase 2: spread, never above the reached maximum
            improved = False
            for i, j in enumerate(free):
                for k in free[i + 1:]:
                    t, u = assign[j], assign[k]
                    lj, lk = load[j], load[k]
                    if (lk * lk - lj * lj) * (inv2[t] - inv2[u]) >= -_EPS:
                        continue
                    if lk / cap[t] > top + _EPS or lj / cap[u] > top + _EPS:
                        continue
                    if u not in cand[j] or t not in cand[k]:
                        continue
                    undo = s.apply([(j, u), (k, t)])
                    if mutual_on and (s.mutual(u, j) or s.mutual(t, k)):
                        s.revert(undo)
                        continue
                    moved.update((j, k))
                    n_moves += 1
                    improved = True
            if not improved:
                break
    ratios = [ratio(j) for j in insp]
    hi, lo = max(ratios), min(ratios)
    if not applies:
        note = (("各巡察组承载能力相同" if caps else "各巡察组未设承载能力")
                + "，每组负荷由所分配地区的工作量决定，均衡无调整余地")
        return Balance(False, hi if caps else None, lo if caps else None, ideal if caps else None, 0, note), moved
    note = (f"负荷/承载比最高 {hi:.2f}、最低 {lo:.2f}；不考虑其他约束时最高可低至 {ideal:.2f}；"
            f"均衡调整 {n_moves} 次（局部搜索，非最优解保证）")
    return Balance(True, hi, lo, ideal, n_moves, note), moved


# ---------------------------------------------------------------------------------------------- explaining


def _forced(model: _Model, cand: list[set[int]], assign: list[int], owner: list[int]) -> set[int]:
    """Free jurisdictions whose current team is the same in every assignment under the static rules.

    Jurisdiction j is free to change iff it lies on an alternating cycle or reaches an idle team: in the
    digraph j → k ("j could take k's team") that is an SCC of size > 1 or a path to a node with an idle team.
    """
    free = model.free_js
    suspects: list[int] = []
    for j in free:  # cheap pass: a 2-swap or an idle candidate frees j; dense problems stop here
        t0 = assign[j]
        for t in cand[j]:
            k = owner[t]
            if k == -1 or (k != j and t0 in cand[k]):
                break
        else:
            suspects.append(j)
    if not suspects:
        return set()
    adj: dict[int, list[int]] = {}
    escape: set[int] = set()
    for j in free:
        out = []
        for t in cand[j]:
            k = owner[t]
            if k == -1:
                escape.add(j)
            elif k != j:
                out.append(k)
        adj[j] = out
    comps = _tarjan(free, adj)
    reach: dict[int, bool] = {}
    for comp in comps:  # Tarjan emits sinks first, so successors are settled before
        ok = len(comp) > 1 or any(v in escape for v in comp) or any(reach.get(w, False) for v in comp for w in adj[v])
        for v in comp:
            reach[v] = ok
    return {j for j in free if not reach[j]}


def _tarjan(nodes: list[int], adj: Mapping[int, list[int]]) -> list[list[int]]:
    """Strongly connected components, iteratively, in reverse topological order."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for s in nodes:
        if s in index:
            continue
        index[s] = low[s] = counter
        counter += 1
        stack.append(s)
        on_stack.add(s)
        work = [(s, 0)]
        while work:
            v, i = work[-1]
            nbrs = adj[v]
            if i < len(nbrs):
                work[-1] = (v, i + 1)
                w = nbrs[i]
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, 0))
                elif w in on_stack and index[w] < low[v]:
                    low[v] = index[w]
            else:
                work.pop()
                if work:
                    u = work[-1][0]
                    low[u] = min(low[u], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(comp)
    return out


@dataclass
class _RemovalStats:
    total: dict[Constraint, int]  # edges excluded per rule
    only: dict[Constraint, int]  # … by that rule alone
    touched: dict[Constraint, set[int]]  # jurisdictions that lost a candidate to it
    only_free: dict[Constraint, dict[int, set[int]]]  # rule → jurisdiction → free teams excluded by it alone


def _removal_stats(model: _Model) -> _RemovalStats:
    """One pass over the excluded edges; cached on the model."""
    if model.stats is not None:
        return model.stats
    total: dict[Constraint, int] = dict.fromkeys(_FUNNEL, 0)
    only: dict[Constraint, int] = dict.fromkeys(_FUNNEL, 0)
    touched: dict[Constraint, set[int]] = {c: set() for c in _FUNNEL}
    only_free: dict[Constraint, dict[int, set[int]]] = {c: {} for c in _FUNNEL}
    free_t = set(model.free_ts)
    free_j = set(model.free_js)
    for (t, j), codes in model.removed.items():
        for c in codes:
            total[c] += 1
            touched[c].add(j)
        if len(codes) == 1:
            c = codes[0]
            only[c] += 1
            if t in free_t and j in free_j:
                only_free[c].setdefault(j, set()).add(t)
    model.stats = _RemovalStats(total, only, touched, only_free)
    return model.stats


def _constraint_reports(model: _Model, outcome: _Outcome, forced_by_code: Mapping[Constraint, list[int]],
                        failing: set[Constraint], helpful: set[Constraint],
                        costs: Mapping[Constraint, str] | None = None) -> tuple[ConstraintReport, ...]:
    stats = _removal_stats(model)
    total, only, touched = stats.total, stats.only, stats.touched
    reports = []
    for code in _FUNNEL:
        n, n_only, n_j = total.get(code, 0), only.get(code, 0), len(touched.get(code, ()))
        parts = [f"排除 {n} 个候选配对（其中 {n_only} 个仅因本约束），涉及 {n_j} 个地区" if n else "未排除任何候选配对"]
        forced = forced_by_code.get(code, [])
        cost = (costs or {}).get(code)
        binding = code in failing or code in helpful or bool(forced) or cost is not None
        if code == Constraint.SELF:
            parts = [f"每个巡察组不巡察本地（排除 {n} 个候选配对）"]
        if code == Constraint.LOCKED:
            if model.locked:
                parts.append(f"人工锁定 {len(model.locked)} 对，直接决定了这些配对")
            binding = binding or bool(model.locked)
        if code == Constraint.MUTUAL:
            parts = [f"因锁定而排除 {n} 个候选配对"] if n else []
            effort = f"经 {outcome.repair_moves} 次调整" + (f"及 {outcome.nodes} 步回溯搜索" if outcome.nodes else "")
            if code in failing:
                parts.append(f"初次匹配中出现 {outcome.conflicts} 处互相交叉，{effort}仍无法全部消除")
            elif outcome.conflicts:
                parts.append(f"初次匹配中出现 {outcome.conflicts} 处互相交叉，{effort}全部消除")
            elif not failing:
                parts.append("匹配中未出现互相交叉")
            else:
                parts.append("其他约束已使问题无解，未进行互相交叉检查")
            binding = binding or outcome.conflicts > 0
        if forced:
            parts.append(f"使 {len(forced)} 个地区只剩唯一可行的巡察组：{_names(model, forced[:8])}"
                         + ("等" if len(forced) > 8 else ""))
        if cost:
            parts.append(cost)
        if code in failing:
            parts.append("是无解的原因之一")
        if code in helpful:
            parts.append("放宽后可行")
        if not binding and code != Constraint.SELF and n:
            parts.append("未改变可行性，未使任何配对成为唯一选择，也未发现它妨碍负荷均衡")
        reports.append(ConstraintReport(code, code.label, n, n_only, n_j, binding, "；".join(parts)))
    count_note = f"巡察组 {len(model.t_ids)} 个，接受巡察的地区 {len(model.insp)} 个"
    if Constraint.COUNT in failing:
        count_note += "；是无解的原因之一"
    reports.append(ConstraintReport(Constraint.COUNT, Constraint.COUNT.label, 0, 0, 0, Constraint.COUNT in failing,
                                    count_note))
    return tuple(reports)


def _pair_explanations(model: _Model, s: _Search, outcome: _Outcome, seed: int, forced: set[int],
                       forced_by: Mapping[int, list[Constraint]], balanced: set[int],
                       balance: Balance) -> tuple[PairExplanation, ...]:
    by_team: dict[int, list[tuple[int, list[Constraint]]]] = {}
    for (t, j), codes in model.removed.items():
        by_team.setdefault(t, []).append((j, codes))
    caps = [c for c in model.cap if c is not None]
    ref = sum(caps) / len(caps) if caps else None
    rivals = {j: len(s.cand[j]) for j in model.free_js}
    total = len(model.insp)
    out = []
    for j in model.insp:
        t = s.assign[j]
        removed = by_team.get(t, [])  # in rule order, then input order: deterministic
        first: dict[Constraint, int] = {}
        counts: dict[Constraint, int] = {}
        items: dict[Constraint, list[str]] = {}
        for k, codes in removed:
            first[codes[0]] = first.get(codes[0], 0) + 1
            for c in codes:
                counts[c] = counts.get(c, 0) + 1
                shown = items.setdefault(c, [])
                if len(shown) < _MAX_ITEMS:  # a team may lose nearly every county to one rule: list a few
                    shown.append(model.j_names[k] if c in (Constraint.SELF, Constraint.LOCKED)
                                 else f"{model.j_names[k]}（{model.detail[(c, t, k)]}）")
        locked = j in model.locked
        # the jurisdiction inspecting this team's home rules out the reverse pair (MUTUAL at the final state)
        a = model.home[t]
        back = s.assign[a] if model.inspected[a] else -1
        b = model.home[back] if back >= 0 else -1
        if (not locked and b >= 0 and model.inspected[b] and (t, b) not in model.removed
                and Constraint.MUTUAL not in model.relax):
            first[Constraint.MUTUAL] = first.get(Constraint.MUTUAL, 0) + 1
            counts[Constraint.MUTUAL] = counts.get(Constraint.MUTUAL, 0) + 1
            items.setdefault(Constraint.MUTUAL, []).append(f"{model.j_names[b]}（{model.j_names[b]}的巡察组巡察本地）")
        remaining = total
        funnel = []
        for c in _FUNNEL:
            remaining -= first.get(c, 0)
            funnel.append(FunnelStep(c, remaining))
        removals = tuple(Removal(c, counts[c], tuple(items[c]) if c != Constraint.LOCKED or counts[c] < 5 else ())
                         for c in _FUNNEL if c in items)
        # The same figure as the end of the funnel (after the mutual-crossing exclusion of this plan), so that the
        # reason and the funnel never name two different counts of "available" jurisdictions.
        candidates = remaining
        cap = model.cap[t]
        denom = cap if cap is not None else ref
        ratio = model.load[j] / denom if denom else None
        jn = model.j_names[j]
        if locked:
            note = model.lock_note.get(j, "")
            reason = "人工锁定" + (f"：{note}" if note else "")
        elif j in forced:
            why = forced_by.get(j, [])
            reason = f"在所有满足约束的方案中，{jn}都只能由本组巡察" + (
                f"（放宽{'或'.join(_tag(c) for c in why)}即可有其他安排）" if why else "（多项约束共同所致）")
        else:
            reason = (f"经各项规则筛选，本组可巡察的地区有 {candidates} 个，"
                      f"可巡察{jn}的巡察组有 {rivals.get(j, 0)} 个；在这些可行配对中按随机种子 {seed} 的匹配选定{jn}")
            if j in outcome.repaired:
                reason += "，为避免互相交叉作了调整"
            if j in balanced:
                reason += "，为均衡负荷作了调整"
        if balance.applies and ratio is not None:
            reason += f"；工作量 {model.load[j]:g}，工作量与承载能力之比 {ratio:.2f}"
        out.append(PairExplanation(
            model.t_ids[t], model.t_names[t], model.j_ids[a], model.j_names[a], model.j_ids[j], jn, locked, total,
            tuple(funnel), removals, candidates, 1 if locked else rivals.get(j, 0), locked or j in forced,
            tuple(forced_by.get(j, [])), model.load[j], cap, ratio, reason))
    order = {t: i for i, t in enumerate(model.t_ids)}
    return tuple(sorted(out, key=lambda p: order[p.team_id]))


# ------------------------------------------------------------------------------------------------- hints


def _relaxations(problem: Problem, model: _Model, seed: int, budget: int,
                 failures: list[Infeasibility], hall_search: _Search | None) -> list[Relaxation]:
    """Re-solve with each rule relaxed (then pairs of rules); for Hall violations, re-admit single edges."""
    total = _removal_stats(model).total
    present = [c for c in _RELAXABLE if total.get(c, 0) or (c == Constraint.LOCKED and problem.locks)
               or (c == Constraint.MUTUAL and any(Constraint.MUTUAL in f.codes for f in failures))
               or any(c in f.codes for f in failures)]
    # All probes share one node budget, so hints cost at most about as much as the main search.
    left = [budget]
    hints: list[Relaxation] = []

    def probe(model_: _Model, cand: list[set[int]] | None = None) -> bool | None:
        _, out = _solve(model_, seed, min(left[0], max(budget // 10, 200)), cand, explain=False)
        left[0] = max(left[0] - out.nodes, 0)
        if out.assign is not None:
            return True
        return None if out.exhausted else False

    def feasible(relax: frozenset[Constraint]) -> bool | None:
        return probe(_Model(problem, relax))

    found = False
    for c in present:
        ok = feasible(frozenset({c}))
        if ok is not False:
            found = found or bool(ok)
            text = "则可行" if ok else "能否可行未能确定"
            hints.append(Relaxation((c,), ok, f"若放宽{_tag(c)}{text}"))
    if not found:
        for c1, c2 in itertools.combinations(present, 2):
            ok = feasible(frozenset({c1, c2}))
            if ok:
                found = True
                hints.append(Relaxation((c1, c2), ok, f"若同时放宽{_tag(c1)}和{_tag(c2)}则可行"))
    if not found:
        hints.append(Relaxation(tuple(present), False, "单独或两两放宽各项约束均不能得到可行方案"))
    # Re-admitting one excluded pair names the smallest culprit (e.g. one member's recusal).
    if hall_search is not None:
        trials: list[tuple[int, int]] = []
        free_t = set(model.free_ts)
        for f in failures:
            if f.kind != "hall":
                continue
            s_j = [model.j_ids.index(x) for x in f.jurisdictions]
            inside = {model.t_ids.index(x) for x in f.teams}
            for j in s_j:
                for t in sorted(free_t - inside):
                    codes = model.removed.get((t, j), [])
                    if codes and Constraint.SELF not in codes and Constraint.MUTUAL not in codes:
                        trials.append((t, j))
        good = 0
        for t, j in trials[:12]:
            cand = list(model.cand)
            cand[j] = cand[j] | {t}
            if probe(model, cand):
                extra = "（可考虑调整该组相关成员）" if Constraint.RECUSAL in model.removed[(t, j)] else ""
                text = (f"若允许{model.t_names[t]}巡察{model.j_names[j]}（现因{model.reasons_text(t, j)}被排除）"
                        f"则可行{extra}")
                hints.append(Relaxation(tuple(model.removed[(t, j)]), True, text))
                good += 1
                if good >= 3:
                    break
    return hints


# --------------------------------------------------------------------------------------------------- API


def assign(problem: Problem, seed: int = 0, *, node_budget: int = 10_000) -> AssignmentResult:
    """Assign teams to the jurisdictions they inspect, with explanations; see the module docstring.

    Deterministic for a given ``problem`` and ``seed``. ``node_budget`` bounds the exact backtracking search
    used only when repairing mutual pairs stalls. Never raises for an infeasible plan (``ok=False`` with
    ``infeasibilities`` and ``relaxations``); raises ``InvalidProblem`` for malformed input.
    """
    model = _Model(problem)
    search, outcome = _solve(model, seed, node_budget)
    stats = SearchStats(outcome.conflicts, outcome.repair_moves, outcome.nodes, outcome.exhausted)
    if outcome.assign is None:
        failing = {c for f in outcome.failures for c in f.codes}
        hall = search if any(f.kind == "hall" for f in outcome.failures) else None
        relaxations = _relaxations(problem, model, seed, node_budget, outcome.failures, hall)
        helpful = {r.codes[0] for r in relaxations if r.feasible and len(r.codes) == 1}
        reports = _constraint_reports(model, outcome, {}, failing, helpful)
        return AssignmentResult(False, seed, (), (), reports, tuple(outcome.failures), tuple(relaxations), None,
                                stats)
    balance, balanced = _balance(model, search)
    forced = _forced(model, search.cand, search.assign, search.owner)
    forced_by: dict[int, list[Constraint]] = {}
    forced_by_code: dict[Constraint, list[int]] = {}
    if forced:
        for code in (Constraint.HISTORY, Constraint.RECUSAL, Constraint.CAPACITY, Constraint.MUTUAL):
            extra = _removal_stats(model).only_free[code]
            if not extra:
                continue
            cand = list(search.cand)
            for j, ts in extra.items():
                cand[j] = cand[j] | ts
            freed = sorted(forced - _forced(model, cand, search.assign, search.owner))
            for j in freed:
                forced_by.setdefault(j, []).append(code)
            if freed:
                forced_by_code[code] = freed
    costs = _balance_costs(problem, model, seed, node_budget, balance)
    pairs = _pair_explanations(model, search, outcome, seed, forced, forced_by, balanced, balance)
    idle = tuple(model.t_ids[t] for t in range(len(model.t_ids)) if search.owner[t] == -1)
    reports = _constraint_reports(model, outcome, forced_by_code, set(), set(), costs)
    return AssignmentResult(True, seed, pairs, idle, reports, (), (), balance, stats)


def _balance_costs(problem: Problem, model: _Model, seed: int, budget: int, balance: Balance) -> dict[Constraint, str]:
    """Rules without which a better-balanced assignment was found (one that really uses a pair the rule excludes).

    Only when balance matters and the result is above the unconstrained optimum. The claim is one-sided: a
    better assignment exists once the rule is relaxed; it does not claim the current one is optimal.
    """
    if not balance.applies or balance.max_ratio is None or balance.ideal_max_ratio is None:
        return {}
    if balance.max_ratio <= balance.ideal_max_ratio + _EPS:
        return {}
    total = _removal_stats(model).total
    costs: dict[Constraint, str] = {}
    for code in (Constraint.HISTORY, Constraint.RECUSAL, Constraint.MUTUAL):
        if code != Constraint.MUTUAL and not total.get(code):
            continue
        relaxed = _Model(problem, frozenset({code}))
        search, out = _solve(relaxed, seed, budget // 10, explain=False)
        if out.assign is None:
            continue
        other, _ = _balance(relaxed, search)
        if other.max_ratio is None or other.max_ratio >= balance.max_ratio - _EPS:
            continue
        pairs = [(search.assign[j], j) for j in relaxed.insp]
        if code == Constraint.MUTUAL:
            uses = any(search.mutual(t, j) for t, j in pairs)
        else:
            uses = any(code in model.removed.get(pair, ()) for pair in pairs)
        if uses:
            costs[code] = f"放宽后负荷/承载比最高可由 {balance.max_ratio:.2f} 降至 {other.max_ratio:.2f}"
    return costs


def check[T: Id, J: Id](problem: Problem, assignment: Mapping[T, J] | Iterable[tuple[T, J]]) -> list[Violation]:
    """Every rule broken by ``assignment`` (team id → jurisdiction id, or (team, jurisdiction) pairs).

    Written from the problem data alone, independently of the solver, so that tests and the service layer
    can verify any assignment, including one edited by hand.
    """
    pairs: list[tuple[Id, Id]] = list(assignment.items()) if isinstance(assignment, Mapping) else list(assignment)
    v: list[Violation] = []
    juris = {j.id: j for j in problem.jurisdictions}
    teams = {t.id: t for t in problem.teams}
    seen_team: set[Id] = set()
    inspectors: dict[Id, list[Id]] = {}
    for t_id, j_id in pairs:
        if t_id not in teams or j_id not in juris:
            v.append(Violation(Constraint.COUNT, f"未知的巡察组或地区：{t_id} → {j_id}", t_id, j_id))
            continue
        if not juris[j_id].inspected:
            v.append(Violation(Constraint.COUNT, f"{juris[j_id].name}本轮不接受巡察", t_id, j_id))
        if t_id in seen_team:
            v.append(Violation(Constraint.COUNT, f"巡察组 {t_id} 被安排了不止一个地区", t_id, j_id))
        seen_team.add(t_id)
        inspectors.setdefault(j_id, []).append(t_id)
    for j in problem.jurisdictions:
        got = inspectors.get(j.id, [])
        if j.inspected and len(got) != 1:
            v.append(Violation(Constraint.COUNT, f"{j.name}应恰有一个巡察组，实有 {len(got)} 个", None, j.id))
    valid = [(t, j) for t, j in pairs if t in teams and j in juris]
    home_pairs = {(teams[t].home, j) for t, j in valid}
    recent_rounds = problem.recent_rounds()
    recent = {(p.inspector, p.inspected) for p in problem.history if p.round_no in recent_rounds}
    if problem.history_both_directions:
        recent |= {(b, a) for a, b in recent}
    recused = {(r.team, r.jurisdiction): r.reason for r in problem.recusals}
    for t_id, j_id in valid:
        team, target = teams[t_id], juris[j_id]
        home = team.home
        if home == j_id:
            v.append(Violation(Constraint.SELF, f"{target.name}的巡察组巡察本地", t_id, j_id))
        if (j_id, home) in home_pairs and home != j_id:
            v.append(Violation(Constraint.MUTUAL, f"{juris[home].name}与{target.name}互相巡察", t_id, j_id))
        if (home, j_id) in recent:
            v.append(Violation(Constraint.HISTORY, f"{juris[home].name}→{target.name}在近 {problem.lookback} 轮已配对",
                               t_id, j_id))
        if (t_id, j_id) in recused:
            v.append(Violation(Constraint.RECUSAL, f"巡察组 {t_id} 应回避{target.name}：{recused[(t_id, j_id)]}",
                               t_id, j_id))
        if team.capacity is not None and problem.load_of(target) > team.capacity + _EPS:
            v.append(Violation(Constraint.CAPACITY, f"{target.name}的工作量超过巡察组 {t_id} 的承载能力", t_id, j_id))
    given = set(valid)
    for lock in problem.locks:
        if (lock.team, lock.jurisdiction) not in given:
            v.append(Violation(Constraint.LOCKED, f"锁定的配对 {lock.team} → {lock.jurisdiction} 未被保留",
                               lock.team, lock.jurisdiction))
    return v
