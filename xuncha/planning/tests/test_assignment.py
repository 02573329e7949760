"""Cross-inspection assignment (异地交叉): properties against an independent checker and brute force, and the
Luoyang cases. No database."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xuncha.planning.assignment import (
    AssignmentResult,
    Constraint,
    Id,
    InvalidProblem,
    Jurisdiction,
    Lock,
    PastPair,
    Problem,
    Recusal,
    Team,
    assign,
    check,
)

LUOYANG = ["老城区", "西工区", "瀍河回族区", "涧西区", "吉利区", "洛龙区", "偃师市", "孟津县", "新安县", "栾川县",
           "嵩县", "汝阳县", "宜阳县", "洛宁县", "伊川县"]
PROPERTY = settings(derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------------------------------------ helpers


def luoyang(**kwargs: object) -> Problem:
    """15 counties, one team each (team id = 100 + county id), last round a cyclic shift i → i+1."""
    js = [Jurisdiction(i, name, targets=4 + i % 5, staff=80 * (i + 1)) for i, name in enumerate(LUOYANG)]
    ts = [Team(100 + i, i) for i in range(len(js))]
    history = [PastPair(i, (i + 1) % 15, 7) for i in range(15)]
    defaults: dict[str, object] = {"history": history, "round_no": 8, "lookback": 1}
    defaults.update(kwargs)
    return Problem(js, ts, **defaults)  # type: ignore[arg-type]


def random_problem(rng: random.Random, n: int) -> Problem:
    """A random problem: mostly one team per county, some send-only/receive-only, history, recusal, locks."""
    js = []
    for i in range(n):
        inspected = rng.random() > 0.1
        targets, staff = rng.randint(0, 30), rng.randint(0, 3000)
        js.append(Jurisdiction(i, f"县{i}", inspected=inspected, targets=targets, staff=staff))
    capacity_mode = rng.choice(["none", "some", "all"])
    ts = []
    for i in range(n):
        for k in range(rng.choices([0, 1, 2], weights=[1, 12, 1])[0]):
            cap = None
            if capacity_mode == "all" or (capacity_mode == "some" and rng.random() < 0.5):
                cap = float(rng.randint(10, 70))
            ts.append(Team(f"t{i}-{k}", i, capacity=cap))
    rounds = rng.randint(0, 3)
    history = []
    for r in range(1, rounds + 1):
        for i in range(n):
            if rng.random() < 0.8:
                history.append(PastPair(i, rng.randrange(n), r))
    density = rng.choice([0.0, 0.05, 0.2, 0.5, 0.75])  # high densities leave few candidates: MUTUAL gets hard
    recusals = [Recusal(t.id, j.id, f"成员{t.id}与{j.name}有关联") for t in ts for j in js if rng.random() < density]
    locks = []
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        if ts:
            team = rng.choice(ts)
            others = [j.id for j in js if j.id != team.home and j.inspected]
            # mostly plausible locks, sometimes arbitrary ones (own county, not inspected, …)
            target = rng.choice(others) if others and rng.random() < 0.8 else rng.randrange(n)
            locks.append(Lock(team.id, target, "手工指定"))
    return Problem(js, ts, history=history, recusals=recusals, locks=locks, round_no=rounds + 1,
                   lookback=rng.randint(0, 2), history_both_directions=rng.random() < 0.2,
                   weight_staff=rng.choice([0.0, 0.01]))


@st.composite
def problems(draw: st.DrawFn, min_n: int, max_n: int) -> Problem:
    n = draw(st.integers(min_n, max_n))
    return random_problem(draw(st.randoms(use_true_random=False)), n)


def all_solutions(problem: Problem) -> Iterator[dict[Id, Id]]:
    """Every valid assignment, by enumerating the injections of teams into inspected jurisdictions.

    Written from the rules directly (not from the solver's compiled model)."""
    inspected = [j.id for j in problem.jurisdictions if j.inspected]
    teams = {t.id: t for t in problem.teams}
    loads = {j.id: problem.load_of(j) for j in problem.jurisdictions}
    recent = {(p.inspector, p.inspected) for p in problem.history if p.round_no in problem.recent_rounds()}
    if problem.history_both_directions:
        recent |= {(b, a) for a, b in recent}
    recused = {(r.team, r.jurisdiction) for r in problem.recusals}
    locks = {(lk.team, lk.jurisdiction) for lk in problem.locks}

    def allowed(t: Id, j: Id) -> bool:
        team = teams[t]
        return (team.home != j and (team.home, j) not in recent and (t, j) not in recused
                and (team.capacity is None or loads[j] <= team.capacity + 1e-9))

    ok = {j: [t for t in teams if allowed(t, j)] for j in inspected}
    for perm in itertools.product(*(ok[j] for j in inspected)):
        if len(set(perm)) != len(perm):
            continue
        mapping = dict(zip(perm, inspected, strict=True))
        if any(mapping.get(t) != j for t, j in locks):
            continue
        homes = {(teams[t].home, j) for t, j in mapping.items()}
        if any((j, h) in homes for h, j in homes):
            continue
        yield mapping


def brute_force(problem: Problem) -> dict[Id, Id] | None:
    """The first valid assignment, or None."""
    return next(all_solutions(problem), None)


def assert_valid(problem: Problem, result: AssignmentResult) -> None:
    assert result.ok
    mapping = result.mapping()
    assert check(problem, mapping) == []
    for lock in problem.locks:
        assert mapping[lock.team] == lock.jurisdiction
    assert sorted(map(str, mapping.values())) == sorted(str(j.id) for j in problem.jurisdictions if j.inspected)
    assert len(result.pairs) + len(result.idle_teams) == len(problem.teams)


# --------------------------------------------------------------------------------------------- properties


@settings(PROPERTY, max_examples=80)
@given(problems(2, 60), st.integers(0, 3))
def test_result_is_valid_or_explained(problem: Problem, seed: int) -> None:
    result = assign(problem, seed)
    if result.ok:
        assert_valid(problem, result)
        assert result.infeasibilities == ()
    else:
        assert result.pairs == ()
        assert result.infeasibilities
        for inf in result.infeasibilities:
            assert inf.codes and all(isinstance(c, Constraint) for c in inf.codes)
            assert inf.message
        assert set(result.binding) & {c for inf in result.infeasibilities for c in inf.codes} or any(
            Constraint.SELF in inf.codes for inf in result.infeasibilities)


@settings(PROPERTY, max_examples=250)
@given(problems(2, 7), st.integers(0, 3))
def test_small_problems_agree_with_brute_force(problem: Problem, seed: int) -> None:
    expected = brute_force(problem)
    if expected is not None:
        assert check(problem, expected) == []  # the brute force and the checker agree on what is valid
    result = assign(problem, seed)
    assert not result.search.budget_exhausted
    assert result.ok == (expected is not None), result.summary()
    if result.ok:
        assert_valid(problem, result)
        forced = [(p.team_id, p.jurisdiction_id) for p in result.pairs if p.forced]
        for solution in itertools.islice(all_solutions(problem), 500):
            assert all(solution[t] == j for t, j in forced), "a pair reported as forced is not in every solution"
    else:
        assert all(inf.proven for inf in result.infeasibilities)


@settings(PROPERTY, max_examples=25)
@given(problems(2, 40), st.integers(0, 1000))
def test_same_seed_same_result(problem: Problem, seed: int) -> None:
    first = assign(problem, seed)
    assert assign(problem, seed) == first
    assert json.dumps(first.to_dict(), ensure_ascii=False) == json.dumps(assign(problem, seed).to_dict(),
                                                                           ensure_ascii=False)


@settings(PROPERTY, max_examples=25)
@given(problems(2, 40))
def test_relaxation_hints_are_true(problem: Problem) -> None:
    """A hint that relaxing one rule makes the plan feasible is checked by removing that rule's input."""
    result = assign(problem)
    for hint in result.relaxations:
        if hint.feasible and hint.codes == (Constraint.RECUSAL,):
            assert assign(Problem(problem.jurisdictions, problem.teams, problem.history, (), problem.locks,
                                  problem.round_no, problem.lookback, problem.history_both_directions,
                                  problem.weight_targets, problem.weight_staff)).ok
        if hint.feasible and hint.codes == (Constraint.HISTORY,):
            assert assign(Problem(problem.jurisdictions, problem.teams, (), problem.recusals, problem.locks,
                                  problem.round_no, problem.lookback, problem.history_both_directions,
                                  problem.weight_targets, problem.weight_staff)).ok
        if hint.feasible and hint.codes == (Constraint.LOCKED,):
            assert assign(Problem(problem.jurisdictions, problem.teams, problem.history, problem.recusals, (),
                                  problem.round_no, problem.lookback, problem.history_both_directions,
                                  problem.weight_targets, problem.weight_staff)).ok


def test_same_result_across_processes() -> None:
    """String ids must not leak hash randomisation into the result (the service layer re-runs plans)."""
    script = (
        "import json, sys\n"
        "from xuncha.planning.assignment import Jurisdiction, PastPair, Problem, Team, assign\n"
        "names = json.loads(sys.argv[1])\n"
        "p = Problem([Jurisdiction(n, n) for n in names], [Team('t' + n, n) for n in names],\n"
        "            history=[PastPair(a, b, 1) for a, b in zip(names, names[1:])])\n"
        "print(json.dumps(assign(p, 3).to_dict(), ensure_ascii=False))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script, json.dumps(LUOYANG)],  # noqa: S603
                             capture_output=True, text=True, check=True, env=env)
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_seeds_give_valid_and_varied_solutions() -> None:
    problem = luoyang()
    mappings = set()
    for seed in range(10):
        result = assign(problem, seed)
        assert_valid(problem, result)
        mappings.add(tuple(sorted(result.mapping().items())))
    assert len(mappings) > 1


# ------------------------------------------------------------------------------------------ Luoyang cases


def test_luoyang_previous_round_forbidden_and_one_lock() -> None:
    recusals = [Recusal(103, 10, "成员张某某曾在嵩县任职"), Recusal(103, 11, "成员李某某配偶在汝阳县工作")]
    problem = luoyang(locks=[Lock(100, 8, "领导小组研究确定")], recusals=recusals)
    result = assign(problem, seed=7)
    assert_valid(problem, result)
    mapping = result.mapping()
    assert mapping[100] == 8  # 老城区 → 新安县, locked
    for i in range(15):
        assert mapping[100 + i] != (i + 1) % 15, "last round's pair repeated"
        assert mapping[100 + i] != i
    locked = next(p for p in result.pairs if p.team_id == 100)
    assert locked.locked and "人工锁定" in locked.reason and "领导小组研究确定" in locked.reason
    team3 = next(p for p in result.pairs if p.team_id == 103)
    assert team3.total == 15
    steps = {s.code: s.remaining for s in team3.funnel}
    assert steps[Constraint.SELF] == 14 and steps[Constraint.HISTORY] == 13 and steps[Constraint.RECUSAL] == 11
    recusal = next(r for r in team3.removed if r.code == Constraint.RECUSAL)
    assert any("张某某" in item for item in recusal.items)
    assert Constraint.LOCKED in result.binding
    text = result.summary()
    assert "老城区巡察组 → 新安县" in text and "人工锁定" in text
    json.dumps(result.to_dict(), ensure_ascii=False)


def test_two_participants_cannot_avoid_mutual() -> None:
    problem = Problem([Jurisdiction(1, "老城区"), Jurisdiction(2, "西工区")], [Team("a", 1), Team("b", 2)])
    result = assign(problem)
    assert not result.ok
    (inf,) = result.infeasibilities
    assert inf.codes == (Constraint.MUTUAL,) and inf.proven
    assert "老城区" in inf.message and "西工区" in inf.message and "互相交叉" in inf.message
    assert Constraint.MUTUAL in result.binding
    assert any(r.codes == (Constraint.MUTUAL,) and r.feasible for r in result.relaxations)


def test_county_with_every_team_recused() -> None:
    recusals = [Recusal(100 + i, 8, f"成员{LUOYANG[i]}某某曾在新安县任职") for i in range(15) if i != 8]
    result = assign(luoyang(history=[], recusals=recusals))
    assert not result.ok
    (inf,) = result.infeasibilities
    assert inf.codes == (Constraint.RECUSAL,)
    assert inf.jurisdictions == (8,)
    assert inf.message.startswith("新安县：") and "回避" in inf.message
    assert "若放宽〈回避〉则可行" in [r.message for r in result.relaxations]
    # the smallest culprit: lifting one member's recusal would do
    assert any("若允许" in r.message and "新安县" in r.message for r in result.relaxations)


def test_county_excluded_by_recusal_or_history() -> None:
    # 新安县 (8): inspected last round by 孟津县 (7); every other team recused
    recusals = [Recusal(100 + i, 8, "成员曾在新安县任职") for i in range(15) if i not in (7, 8)]
    result = assign(luoyang(recusals=recusals))
    assert not result.ok
    (inf,) = result.infeasibilities
    assert set(inf.codes) == {Constraint.HISTORY, Constraint.RECUSAL}
    assert "新安县" in inf.message and "回避" in inf.message and "近期已配对" in inf.message


def test_hall_violation_names_the_set() -> None:
    # 嵩县 (10) and 汝阳县 (11) may only be inspected by 栾川县's team (109)
    recusals = [Recusal(100 + i, j, "成员回避") for j in (10, 11) for i in range(15) if i not in (9, j)]
    result = assign(luoyang(history=[], recusals=recusals))
    assert not result.ok
    inf = result.infeasibilities[0]
    assert set(inf.jurisdictions) == {10, 11} and inf.teams == (109,)
    assert "嵩县" in inf.message and "汝阳县" in inf.message and "2 个地区合计只有 1 个可选巡察组" in inf.message
    assert Constraint.RECUSAL in inf.codes


def test_locked_pair_repeating_history_is_explained() -> None:
    result = assign(luoyang(locks=[Lock(100, 1)]))  # 老城区 → 西工区 was last round's pair
    assert not result.ok
    (inf,) = result.infeasibilities
    assert inf.codes == (Constraint.LOCKED, Constraint.HISTORY)
    assert "老城区巡察组 → 西工区" in inf.message and "第7轮" in inf.message
    assert any(r.codes == (Constraint.LOCKED,) and r.feasible for r in result.relaxations)


def test_locked_pairs_conflicting_with_each_other() -> None:
    own = assign(luoyang(locks=[Lock(100, 0)]))
    assert not own.ok and own.infeasibilities[0].codes == (Constraint.LOCKED, Constraint.SELF)
    mutual = assign(luoyang(locks=[Lock(100, 5), Lock(105, 0)]))
    assert not mutual.ok and mutual.infeasibilities[0].codes == (Constraint.LOCKED, Constraint.MUTUAL)
    twice = assign(luoyang(locks=[Lock(100, 5), Lock(100, 6)]))
    assert not twice.ok and Constraint.LOCKED in twice.infeasibilities[0].codes
    shared = assign(luoyang(locks=[Lock(100, 5), Lock(102, 5)]))
    assert not shared.ok and "洛龙区被锁定给了两个巡察组" in shared.infeasibilities[0].message


def test_lock_forbids_the_reverse_pair() -> None:
    problem = luoyang(history=[], locks=[Lock(100, 5)])
    for seed in range(5):
        result = assign(problem, seed)
        assert_valid(problem, result)
        assert result.mapping()[105] != 0


def test_counts_that_cannot_match() -> None:
    problem = luoyang(history=[])
    short = Problem(problem.jurisdictions, problem.teams[:14])
    result = assign(short)
    assert not result.ok
    assert result.infeasibilities[0].codes == (Constraint.COUNT,)
    assert "15 个" in result.infeasibilities[0].message and "14 个" in result.infeasibilities[0].message


def test_send_only_and_receive_only_jurisdictions() -> None:
    js = [Jurisdiction(0, "市直", inspected=False), *(Jurisdiction(i, LUOYANG[i - 1]) for i in range(1, 6))]
    ts = [Team("city", 0), *(Team(f"t{i}", i) for i in range(1, 5))]  # LUOYANG[4] (吉利区) sends no team
    problem = Problem(js, ts)
    result = assign(problem, 3)
    assert_valid(problem, result)
    assert "市直巡察组" in {p.team_name for p in result.pairs}
    surplus = Problem(js, [*ts, Team("t5", 5), Team("extra", 1)])
    more = assign(surplus)
    assert_valid(surplus, more)
    assert len(more.idle_teams) == 2


def test_forced_pair_is_explained_with_its_cause() -> None:
    # 嵩县 (10) may only be inspected by 栾川县's team (109): everyone else recused or inspected it last round
    recusals = [Recusal(100 + i, 10, "成员回避") for i in range(15) if i not in (9, 10, 11)]
    history = [PastPair(11, 10, 7)]
    result = assign(luoyang(history=history, recusals=recusals))
    assert result.ok
    pair = next(p for p in result.pairs if p.jurisdiction_id == 10)
    assert pair.team_id == 109 and pair.forced and pair.rivals == 1
    assert set(pair.forced_by) == {Constraint.HISTORY, Constraint.RECUSAL}  # relaxing either one frees it
    assert "只能由本组巡察" in pair.reason
    assert {Constraint.HISTORY, Constraint.RECUSAL} <= set(result.binding)
    # now every recused team also inspected 嵩县 last round, and 汝阳县's team only did that: HISTORY alone binds
    history = [PastPair(i, 10, 7) for i in range(15) if i not in (9, 10)]
    result = assign(luoyang(history=history, recusals=recusals))
    pair = next(p for p in result.pairs if p.jurisdiction_id == 10)
    assert pair.forced and pair.forced_by == (Constraint.HISTORY,)


def test_capacity_is_respected_and_balanced() -> None:
    rng = random.Random(5)
    js = [Jurisdiction(i, f"县{i}", targets=rng.randint(5, 40)) for i in range(30)]
    ts = [Team(i, i, capacity=float(rng.randint(40, 80))) for i in range(30)]
    problem = Problem(js, ts, recusals=[Recusal(0, 5, "回避")])
    result = assign(problem, 1)
    assert_valid(problem, result)
    assert result.balance is not None and result.balance.applies
    assert result.balance.max_ratio is not None and result.balance.ideal_max_ratio is not None
    assert result.balance.max_ratio >= result.balance.ideal_max_ratio - 1e-9
    # balancing beats the plain matching on the worst ratio
    loads = {j.id: problem.load_of(j) for j in js}
    caps = {t.id: t.capacity or 1.0 for t in ts}
    worst_unbalanced = max(loads[p.jurisdiction_id] / caps[p.team_id]
                           for p in assign(Problem(js, [Team(t.id, t.home) for t in ts]), 1).pairs)
    assert result.balance.max_ratio <= worst_unbalanced + 1e-9
    tight = Problem(js, [Team(i, i, capacity=10.0) for i in range(30)])
    out = assign(tight)
    assert not out.ok and Constraint.CAPACITY in out.infeasibilities[0].codes


def test_check_reports_each_rule() -> None:
    problem = luoyang(recusals=[Recusal(102, 4, "成员回避")], locks=[Lock(114, 3)])
    bad = {100: 0, 101: 2, 102: 4, 103: 6, 104: 3, 105: 1, 106: 99}
    codes = {v.code for v in check(problem, bad)}
    assert {Constraint.SELF, Constraint.HISTORY, Constraint.RECUSAL, Constraint.LOCKED, Constraint.COUNT} <= codes
    mutual = {v.code for v in check(problem, [(101, 5), (105, 1)])}
    assert Constraint.MUTUAL in mutual
    twice = check(problem, [(101, 5), (101, 6)])
    assert any(v.code == Constraint.COUNT and v.team == 101 for v in twice)


def test_invalid_input_raises() -> None:
    with pytest.raises(InvalidProblem):
        assign(Problem([Jurisdiction(1, "甲"), Jurisdiction(1, "乙")], []))
    with pytest.raises(InvalidProblem):
        assign(Problem([Jurisdiction(1, "甲")], [Team("a", 2)]))
    with pytest.raises(InvalidProblem):
        assign(Problem([Jurisdiction(1, "甲")], [Team("a", 1)], recusals=[Recusal("b", 1, "x")]))


def test_province_size_is_solved_and_valid() -> None:
    rng = random.Random(11)
    problem = random_problem(rng, 200)
    problem = Problem([Jurisdiction(j.id, j.name, True, j.targets, j.staff) for j in problem.jurisdictions],
                      [Team(i, i) for i in range(200)],
                      history=[PastPair(i, (i + k) % 200, r) for r, k in ((1, 1), (2, 2)) for i in range(200)],
                      recusals=[Recusal(t, j, "成员回避") for t in range(200) for j in range(200)
                                if rng.random() < 0.05],
                      locks=[Lock(0, 17), Lock(50, 120)], round_no=3, lookback=2)
    result = assign(problem)
    assert_valid(problem, result)


def test_each_pair_names_one_count_of_available_jurisdictions() -> None:
    """The reason and the funnel name the same figure (it used to read "可选 11 个" beside "本组有 12 个可选地区")."""
    problem = luoyang(recusals=[Recusal(103, 10, "成员张某某曾在嵩县任职")])
    result = assign(problem, seed=7)
    assert result.ok
    for pair in result.pairs:
        end = pair.funnel[-1].remaining
        assert pair.candidates == end, pair.team_name
        if not pair.locked and not pair.forced:
            assert f"本组可巡察的地区有 {end} 个" in pair.reason
            assert f"可巡察{pair.jurisdiction_name}的巡察组有 {pair.rivals} 个" in pair.reason


def test_a_county_locked_on_itself_is_explained_in_a_full_sentence() -> None:
    result = assign(luoyang(locks=[Lock(108, 8)]))  # 新安县's own team locked on 新安县
    assert not result.ok
    message = result.infeasibilities[0].message
    assert message.endswith("新安县巡察组由新安县派出，巡察组不得巡察派出它的县（市、区）")
    assert "：本地" not in message
