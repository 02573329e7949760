"""Cross-inspection assignment (异地交叉) for a round: build the problem from the database, run the solver
(``planning.assignment``), keep the run with its explanation, and apply a chosen run to the inspections."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access, capabilities
from xuncha.inspections.access import PLANNING_DENIED
from xuncha.inspections.models import Inspection, InspectionTarget, Round, TeamMembership
from xuncha.inspections.recusal import CheckContext, check_person
from xuncha.orgs.models import Relative, WorkHistory
from xuncha.planning import assignment as solver
from xuncha.planning.models import CrossAssignmentRun, RunStatus
from xuncha.planning.workflows import ASSIGNMENT_RUN_WORKFLOW
from xuncha.rules.models import PlanningPolicy, RecusalSeverity


def cross_inspections(rnd: Round) -> list[Inspection]:
    """The round's cross inspections (异地交叉), each with its targets in one jurisdiction."""
    return list(
        Inspection.objects.filter(round=rnd, is_cross=True)
        .select_related("team__home_jurisdiction")
        .prefetch_related(Prefetch("targets", queryset=InspectionTarget.objects.select_related(
            "organization__jurisdiction")))
        .order_by("code")
    )


def _round_sequence(rnd: Round) -> dict[int, int]:
    """Round id → its position among all rounds of the jurisdiction (across terms), for the history look-back."""
    ids = Round.objects.filter(jurisdiction=rnd.jurisdiction).order_by("planned_start", "pk").values_list("pk",
                                                                                                        flat=True)
    return {pk: index for index, pk in enumerate(ids, start=1)}


def build_problem(rnd: Round, *, lookback: int, locks: list[tuple[int, int]]) -> solver.Problem:
    """The solver's input for ``rnd``: teams of its cross inspections, the jurisdictions they inspect, past
    pairs, and the team × jurisdiction pairs that recusal forbids (a blocking ground for any member)."""
    inspections = cross_inspections(rnd)
    if not inspections:
        raise DomainError("本轮没有异地交叉巡察。")
    sequence = _round_sequence(rnd)
    targets_by_jurisdiction: dict[int, list[Any]] = defaultdict(list)
    teams = {}
    for insp in inspections:
        for t in insp.targets.all():
            targets_by_jurisdiction[t.organization.jurisdiction_id].append(t.organization)
        if insp.team is not None:
            teams[insp.team.pk] = insp.team
    names = {}
    for team in teams.values():
        names[team.home_jurisdiction_id] = team.home_jurisdiction.name
    for orgs in targets_by_jurisdiction.values():
        names[orgs[0].jurisdiction_id] = orgs[0].jurisdiction.name
    jurisdictions = [
        solver.Jurisdiction(id=jid, name=names[jid], inspected=jid in targets_by_jurisdiction,
                            targets=len(targets_by_jurisdiction.get(jid, [])),
                            staff=sum(o.staff_size for o in targets_by_jurisdiction.get(jid, [])))
        for jid in sorted(names)
    ]
    history = [
        solver.PastPair(inspector=home, inspected=target_j, round_no=sequence[round_id])
        for home, target_j, round_id in InspectionTarget.objects.filter(
            inspection__is_cross=True, inspection__round__jurisdiction=rnd.jurisdiction,
            inspection__team__isnull=False,
        ).exclude(inspection__round=rnd).values_list(
            "inspection__team__home_jurisdiction_id", "organization__jurisdiction_id", "inspection__round_id")
        if home in names and target_j in names
    ]
    return solver.Problem(
        jurisdictions=jurisdictions,
        teams=[solver.Team(id=t.pk, home=t.home_jurisdiction_id, name=t.name) for t in teams.values()],
        history=history,
        recusals=_recusals(rnd, list(teams), targets_by_jurisdiction),
        locks=[solver.Lock(team=t, jurisdiction=j, note="巡察办指定") for t, j in locks],
        round_no=sequence[rnd.pk],
        lookback=lookback,
    )


def _recusals(rnd: Round, team_ids: list[int], targets_by_jurisdiction: dict[int, list[Any]]) -> list[solver.Recusal]:
    memberships = list(
        TeamMembership.objects.filter(team_id__in=team_ids)
        .select_related("person__organization__jurisdiction")
        .prefetch_related(
            Prefetch("person__work_history", queryset=WorkHistory.objects.select_related("organization")),
            Prefetch("person__relatives", queryset=Relative.objects.select_related("organization")),
        )
    )
    found: dict[tuple[int, int], str] = {}
    for jid, orgs in targets_by_jurisdiction.items():
        context = CheckContext.build(orgs, jurisdiction=rnd.jurisdiction, on=rnd.planned_start, cross_region=True)
        for m in memberships:
            if (m.team_id, jid) in found:
                continue
            for hit in check_person(m.person, orgs, jurisdiction=rnd.jurisdiction, context=context):
                if hit.severity == RecusalSeverity.BLOCKING:
                    found[(m.team_id, jid)] = f"成员{hit.person_name}：{hit.reason}"
                    break
    return [solver.Recusal(team=t, jurisdiction=j, reason=r) for (t, j), r in sorted(found.items())]


@transaction.atomic
def cross_assignment_run(*, actor: User, round_id: int, seed: int = 0, lookback: int | None = None,
                         locks: list[tuple[int, int]] | None = None) -> CrossAssignmentRun:
    """Generate (or regenerate) the cross assignment of a round and keep it with its explanation."""
    rnd = access(Round, actor, round_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                 queryset=Round.objects.select_related("jurisdiction"))
    if lookback is None:
        lookback = PlanningPolicy.effective_for(rnd.jurisdiction).cross_lookback_rounds
    locks = locks or []
    try:
        problem = build_problem(rnd, lookback=lookback, locks=locks)
        result = solver.assign(problem, seed=seed)
    except solver.InvalidProblem as exc:
        raise DomainError(f"配对条件有误：{exc}") from exc
    run = CrossAssignmentRun.objects.create(
        round=rnd, seed=seed, lookback_rounds=lookback, locked_pairs=[list(p) for p in locks],
        result={**result.to_dict(), "summary": result.summary()}, feasible=result.ok, created_by=actor,
    )
    audit_record("cross_assignment.run", actor=actor, obj=run,
                 details={"seed": seed, "lookback": lookback, "locks": locks, "feasible": result.ok})
    return run


@transaction.atomic
def cross_assignment_apply(*, actor: User, run_id: int) -> int:
    """Give each cross inspection the team the chosen run assigns to its jurisdiction; only before stationing."""
    run = access(CrossAssignmentRun, actor, run_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                 lock=True, queryset=CrossAssignmentRun.objects.select_related("round__jurisdiction"))
    caps = capabilities(actor, run)
    if not run.feasible:  # a refusal of the request itself (400), before the state's (409)
        raise DomainError("该方案无可行解，不能采用。")
    ASSIGNMENT_RUN_WORKFLOW.ensure_allowed(run, ASSIGNMENT_RUN_WORKFLOW.get("apply"))
    inspections = cross_inspections(run.round)
    team_for = {pair["jurisdiction_id"]: pair["team_id"] for pair in run.result["pairs"]}
    changed = 0
    for insp in inspections:
        jids = {t.organization.jurisdiction_id for t in insp.targets.all()}
        if len(jids) != 1:
            raise DomainError(f"{insp.code}的被巡察单位分属多个地区，无法按地区配对。")
        team_id = team_for.get(jids.pop())
        if team_id and team_id != insp.team_id:
            insp.team_id = team_id
            insp.save(update_fields=["team", "updated_at"])
            changed += 1
    for previous in run.round.assignment_runs.filter(status=RunStatus.APPLIED).exclude(pk=run.pk):
        ASSIGNMENT_RUN_WORKFLOW.apply(previous, "supersede", actor=actor, caps=caps, note=f"采用方案 #{run.pk}")
    ASSIGNMENT_RUN_WORKFLOW.apply(run, "apply", actor=actor, caps=caps, details={"changed": changed})
    return changed

