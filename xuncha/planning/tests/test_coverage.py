"""Term coverage: the population, what counts as covered, and the projection over the remaining rounds."""

from __future__ import annotations

import datetime

import pytest

from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, Term
from xuncha.orgs.models import Jurisdiction, Organization
from xuncha.planning.coverage import Capacity, term_coverage

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def term_setup():
    city = Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")
    county = Jurisdiction.objects.create(name="子县", committee_name="中共子县委", level="county",
                                         division_code="990121", parent=city)
    orgs = [Organization.objects.create(name=f"中共甲市第{i}局党组", short_name=f"第{i}局", org_type="party_group",
                                        sector="party_government" if i % 2 else "public_institution",
                                        jurisdiction=city) for i in range(10)]
    Organization.objects.create(name="支部", short_name="第0局支部", org_type="branch", sector="party_government",
                                jurisdiction=city, parent=orgs[0])
    Organization.objects.create(name="不在范围", short_name="不在范围", org_type="party_group", sector="other",
                                jurisdiction=city, is_inspectable=False)
    Organization.objects.create(name="县局", short_name="县局", org_type="party_group", sector="party_government",
                                jurisdiction=county)
    term = Term.objects.create(jurisdiction=city, number=11, name="十一届", start_date=D(2016, 10, 1),
                               end_date=D(2021, 9, 30))

    def inspect(round_no: int, start: D, org_idx: list[int], *, status: str = "archived", kind: str = "routine"):
        rnd, _ = Round.objects.get_or_create(term=term, number=round_no, defaults={
            "name": f"第{round_no}轮", "year": start.year, "planned_start": start,
            "planned_end": start + datetime.timedelta(days=40)})
        team = Team.objects.create(round=rnd, number=Team.objects.filter(round=rnd).count() + 1, name="组",
                                   home_jurisdiction=city)
        insp = Inspection.objects.create(round=rnd, team=team, code=f"{round_no}-{team.number}", inspection_type=kind,
                                         special_topic="主题" if kind == "special" else "",
                                         planned_entry=start, planned_withdrawal=start + datetime.timedelta(days=40),
                                         stationed_on=start if status != "planned" else None)
        insp.status = status
        insp.save()
        for i in org_idx:
            InspectionTarget.objects.create(inspection=insp, organization=orgs[i])

    return {"term": term, "orgs": orgs, "inspect": inspect}


def test_population_counts_top_level_inspectable_organisations_of_the_jurisdiction(term_setup):
    coverage = term_coverage(term_setup["term"], as_of=D(2018, 1, 1))
    assert {o.short_name for o in coverage.population} == {f"第{i}局" for i in range(10)}


def test_inspected_scheduled_and_not_planned(term_setup):
    term_setup["inspect"](1, D(2017, 3, 1), [0, 1])
    term_setup["inspect"](2, D(2017, 9, 1), [2], kind="special")  # special does not count
    term_setup["inspect"](3, D(2018, 3, 1), [3, 4], status="planned")
    coverage = term_coverage(term_setup["term"], as_of=D(2018, 1, 1))
    assert set(coverage.inspected) == {term_setup["orgs"][0].pk, term_setup["orgs"][1].pk}
    assert set(coverage.scheduled) == {term_setup["orgs"][3].pk, term_setup["orgs"][4].pk}
    assert len(coverage.not_planned) == 6
    assert coverage.rate == pytest.approx(0.2)
    assert coverage.progress() == [(D(2017, 3, 1), 2)]
    sectors = {row["sector"]: row for row in coverage.by_sector()}
    assert sum(int(str(sectors[s]["inspected"])) for s in ("party_government", "public_institution")) == 2


def test_projection_says_whether_the_rest_fits_the_remaining_rounds(term_setup):
    term = term_setup["term"]
    fits = term_coverage(term, as_of=D(2018, 1, 1), capacity=Capacity(5, 2, 1))
    assert fits.reachable and fits.shortfall == 0 and len(fits.allocation) == 5  # 10 orgs, 2 per round
    short = term_coverage(term, as_of=D(2018, 1, 1), capacity=Capacity(2, 2, 1))
    assert not short.reachable and short.shortfall == 6


def test_capacity_is_estimated_from_the_terms_history(term_setup):
    term_setup["inspect"](1, D(2017, 3, 1), [0, 1])
    term_setup["inspect"](2, D(2017, 9, 1), [2, 3])
    coverage = term_coverage(term_setup["term"], as_of=D(2018, 1, 1))
    assert coverage.capacity is not None
    assert coverage.capacity.organizations_per_team == 2
    assert coverage.capacity.teams_per_round == 1
    assert coverage.capacity.rounds_remaining >= 7  # about every six months until September 2021


def test_allocation_puts_the_never_inspected_first(term_setup):
    orgs = term_setup["orgs"]
    # Special inspections: they do not cover, but they are the last time the units were looked at.
    term_setup["inspect"](1, D(2017, 3, 1), [0], kind="special")
    term_setup["inspect"](2, D(2017, 9, 1), [1], kind="special")
    rounds = term_coverage(term_setup["term"], as_of=D(2018, 1, 1), capacity=Capacity(5, 1, 2)).allocation
    assert [len(r) for r in rounds] == [2, 2, 2, 2, 2]
    assert orgs[0].pk not in rounds[0] and orgs[1].pk not in rounds[0]
    assert rounds[-1] == [orgs[0].pk, orgs[1].pk]  # the longest ago first: 2017-03 before 2017-09


def test_a_branch_is_covered_with_its_unit_unless_marked_to_stand_alone(term_setup):
    from xuncha.planning.rounds import target_candidates

    term = term_setup["term"]
    branch = Organization.objects.get(short_name="第0局支部")
    population = {o.pk for o in term_coverage(term, as_of=D(2018, 12, 1)).population}
    candidates = {o.pk for o in target_candidates(term, uninspected_only=False)}
    assert branch.pk not in population and branch.pk not in candidates  # one rule for both lists
    Organization.objects.filter(pk=branch.pk).update(inspected_separately=True)
    population = {o.pk for o in term_coverage(term, as_of=D(2018, 12, 1)).population}
    candidates = {o.pk for o in target_candidates(term, uninspected_only=False)}
    assert branch.pk in population and branch.pk in candidates


def test_the_figures_are_counted_by_the_database(term_setup, django_assert_num_queries):
    """Counts, breakdowns and the progress line come from two grouped queries whatever the population (issue 8);
    the same rule as the organisation-by-organisation reading."""
    term_setup["inspect"](1, D(2017, 3, 1), [0, 1])
    term_setup["inspect"](3, D(2018, 3, 1), [3], status="planned")
    with django_assert_num_queries(2):
        figures = term_coverage(term_setup["term"], as_of=D(2018, 1, 1), allocate=False)
        counts, sectors, progress = figures.counts, figures.by_sector(), figures.progress()
    assert counts == {"population": 10, "inspected": 2, "scheduled": 1, "not_planned": 7}
    assert counts["inspected"] == len(figures.inspected) and counts["scheduled"] == len(figures.scheduled)
    assert sum(int(str(row["not_planned"])) for row in sectors) == len(figures.not_planned) == 7
    assert progress == [(D(2017, 3, 1), 2)]
    # Stationed after the day counted: scheduled then, inspected since.
    later = term_coverage(term_setup["term"], as_of=D(2016, 12, 31), allocate=False).counts
    assert (later["inspected"], later["scheduled"]) == (0, 3)
