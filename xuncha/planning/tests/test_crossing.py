"""The cross-inspection assignment service: problem built from the database, runs kept, applying a run."""

from __future__ import annotations

import datetime

import pytest

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.core.exceptions import DomainError
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, TeamMembership, Term
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.planning import assignment as solver
from xuncha.planning.crossing import build_problem, cross_assignment_apply, cross_assignment_run

pytestmark = pytest.mark.django_db
D = datetime.date
COUNTIES = ["老城区", "西工区", "瀍河回族区", "涧西区", "吉利区", "洛龙区"]


@pytest.fixture
def cross():
    city = Jurisdiction.objects.create(name="洛阳市", committee_name="中共洛阳市委", level="city", division_code="410300")
    counties = [Jurisdiction.objects.create(name=n, committee_name=f"中共{n}委", level="county",
                                            division_code=f"4103{i + 10:02d}", parent=city) for i, n in enumerate(COUNTIES)]
    housing = {c.pk: Organization.objects.create(name=f"中共{c.name}住建局党组", short_name=f"{c.name}住建局",
                                                 org_type="party_group", sector="party_government", jurisdiction=c,
                                                 staff_size=60) for c in counties}
    term = Term.objects.create(jurisdiction=city, number=11, name="十一届", start_date=D(2016, 10, 1),
                               end_date=D(2021, 9, 30))
    office = User.objects.create_user(username="office", password="x")
    role_grant(actor=None, user=office, role=Role.OFFICE_STAFF, jurisdiction=city)

    def make_round(number: int, start: D, shift: int, status: str = "planned") -> Round:
        rnd = Round.objects.create(term=term, number=number, name=f"第{number}轮", year=start.year,
                                   planned_start=start, planned_end=start + datetime.timedelta(days=30))
        teams = [Team.objects.create(round=rnd, number=i + 1, name=f"{c.name}巡察组", home_jurisdiction=c)
                 for i, c in enumerate(counties)]
        for i, team in enumerate(teams):
            target_county = counties[(i + shift) % len(counties)]
            insp = Inspection.objects.create(round=rnd, team=team, code=f"{number}-X{i}", inspection_type="special",
                                             special_topic="公租房", is_cross=True, is_linked=True,
                                             planned_entry=start, planned_withdrawal=start + datetime.timedelta(30),
                                             stationed_on=start if status != "planned" else None)
            insp.status = status
            insp.save()
            InspectionTarget.objects.create(inspection=insp, organization=housing[target_county.pk])
        return rnd

    previous = make_round(6, D(2018, 6, 1), 2, status="archived")
    current = make_round(7, D(2018, 11, 1), 3)
    return {"city": city, "counties": counties, "office": office, "previous": previous, "current": current,
            "housing": housing}


def _pairs(run) -> dict[int, int]:
    return {p["team_id"]: p["jurisdiction_id"] for p in run.result["pairs"]}


def test_problem_carries_history_and_the_assignment_respects_it(cross):
    problem = build_problem(cross["current"], lookback=1, locks=[])
    assert len(problem.jurisdictions) == 6 and len(problem.teams) == 6 and len(problem.history) == 6
    run = cross_assignment_run(actor=cross["office"], round_id=cross["current"].pk, seed=7, lookback=1)
    assert run.feasible
    teams = {t.pk: t.home_jurisdiction_id for t in cross["current"].teams.all()}
    previous = {(h.inspector, h.inspected) for h in problem.history}
    pairs = {(teams[t], j) for t, j in _pairs(run).items()}
    assert not pairs & previous
    assert all(home != j for home, j in pairs)
    assert not any((j, home) in pairs for home, j in pairs)
    assert solver.check(problem, _pairs(run)) == []
    assert "summary" in run.result


def test_a_locked_pair_is_kept(cross):
    team = cross["current"].teams.get(number=1)  # 老城区
    target = cross["counties"][4]  # 吉利区
    run = cross_assignment_run(actor=cross["office"], round_id=cross["current"].pk, locks=[(team.pk, target.pk)])
    assert _pairs(run)[team.pk] == target.pk


def test_member_from_the_region_forbids_the_pair(cross):
    team = cross["current"].teams.get(number=1)
    native = Person.objects.create(name="西工籍", gender="M", birth_year=1980, organization=cross["housing"][
        cross["counties"][0].pk], post="干部", hometown_jurisdiction=cross["counties"][1])
    TeamMembership.objects.create(team=team, person=native, role="member")
    problem = build_problem(cross["current"], lookback=1, locks=[])
    assert any(r.team == team.pk and r.jurisdiction == cross["counties"][1].pk and "西工籍" in r.reason
               for r in problem.recusals)


def test_impossible_locks_are_explained_not_failed(cross):
    team = cross["current"].teams.get(number=1)
    run = cross_assignment_run(actor=cross["office"], round_id=cross["current"].pk,
                               locks=[(team.pk, cross["counties"][0].pk)])  # its own county
    assert not run.feasible
    assert run.result["infeasibilities"] and "不得巡察本地" in run.result["summary"]


def test_apply_sets_the_teams_before_stationing_only(cross):
    run = cross_assignment_run(actor=cross["office"], round_id=cross["current"].pk, seed=3)
    cross_assignment_apply(actor=cross["office"], run_id=run.pk)
    for insp in Inspection.objects.filter(round=cross["current"]).select_related("team"):
        jurisdiction = insp.targets.get().organization.jurisdiction_id
        assert insp.team_id is not None and _pairs(run)[insp.team_id] == jurisdiction
    Inspection.objects.filter(round=cross["current"]).update(status="stationed")
    with pytest.raises(DomainError, match="已进驻"):
        cross_assignment_apply(actor=cross["office"], run_id=run.pk)
