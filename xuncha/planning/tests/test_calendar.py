"""The term calendar: rounds with their inspections planned against actual, feedback dates, linked rounds
of lower jurisdictions under the city round, the jurisdiction filter, scope, and its cost in queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, Term
from xuncha.planning.calendar import term_timeline
from xuncha.planning.tests.test_views_analysis import CrossWorld, build_cross_world

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2018, 11, 20)


@pytest.fixture
def cw() -> CrossWorld:
    return build_cross_world()


def test_rounds_in_order_with_their_inspections(cw: CrossWorld) -> None:
    bars = term_timeline(actor=cw.users["office_staff"], term=cw.term, today=TODAY)
    assert [b.label for b in bars] == ["十一届第1轮", "十一届第6轮", "十一届第7轮"]
    assert all(b.kind == "round" for b in bars)
    first = bars[0]
    assert first.planned == (D(2017, 3, 1), D(2017, 4, 10))
    assert first.actual == (D(2017, 3, 1), D(2017, 4, 10))  # every inspection withdrawn: the round is over
    assert not first.ongoing
    (inspection,) = first.children
    assert inspection.kind == "inspection" and inspection.status == "archived"
    assert inspection.label == "市委第一巡察组·甲市第0局、甲市第1局"
    assert inspection.feedback_on == D(2017, 5, 20)
    assert inspection.url == Inspection.objects.get(code="11-1-01").get_absolute_url()


def test_planned_inspections_have_no_actual_span(cw: CrossWorld) -> None:
    current = term_timeline(actor=cw.users["office_staff"], term=cw.term, today=TODAY)[-1]
    planned = [c for c in current.children if c.kind == "inspection"]
    assert len(planned) == 5 and all(c.actual is None and not c.ongoing for c in planned)
    assert current.actual is None


def test_a_stationed_inspection_runs_until_today(cw: CrossWorld) -> None:
    cw.station()
    current = term_timeline(actor=cw.users["office_staff"], term=cw.term, today=TODAY)[-1]
    inspection = next(c for c in current.children if c.kind == "inspection")
    assert inspection.actual == (cw.current.planned_start, TODAY) and inspection.ongoing
    assert current.actual == (cw.current.planned_start, TODAY) and current.ongoing
    data = inspection.as_dict()
    assert data["ongoing"] is True and data["actual"] == [cw.current.planned_start.isoformat(), TODAY.isoformat()]


def test_linked_rounds_of_lower_jurisdictions_sit_under_the_city_round_they_overlap(cw: CrossWorld) -> None:
    bars = term_timeline(actor=cw.users["office_staff"], term=cw.term, today=TODAY)
    linked = [(b.label, c.label) for b in bars for c in b.children if c.kind == "linked_round"]
    assert linked == [("十一届第7轮", f"东城县·{cw.county_round}")]
    child = next(c for c in bars[-1].children if c.kind == "linked_round")
    assert child.url == cw.county_round.get_absolute_url()
    assert child.planned == (cw.county_round.planned_start, cw.county_round.planned_end)


def test_a_lower_round_without_linked_inspections_is_not_shown(cw: CrossWorld) -> None:
    Inspection.objects.filter(round=cw.county_round).update(is_linked=False)
    bars = term_timeline(actor=cw.users["office_staff"], term=cw.term, today=TODAY)
    assert not [c for b in bars for c in b.children if c.kind == "linked_round"]


def test_the_jurisdiction_filter_keeps_what_concerns_its_subtree(cw: CrossWorld) -> None:
    east, south = cw.counties[0], cw.counties[2]
    bars = term_timeline(actor=cw.users["office_staff"], term=cw.term, today=TODAY, jurisdiction=south)
    current = bars[-1]
    # 南城县's own team, and the team that inspects 南城县; not 东城县's linked round.
    assert sorted(c.label for c in current.children) == ["东城县巡察组·南城县住建局", "南城县巡察组·中城县住建局"]
    assert bars[0].children == []  # round 1 inspected the city's own organisations only
    east_bars = term_timeline(actor=cw.users["office_staff"], term=cw.term, today=TODAY, jurisdiction=east)
    assert any(c.kind == "linked_round" for c in east_bars[-1].children)
    whole = term_timeline(actor=cw.users["office_staff"], term=cw.term, today=TODAY, jurisdiction=cw.city)
    assert sum(len(b.children) for b in whole) == 1 + 5 + 5 + 1


def test_scope_a_team_member_sees_their_round_and_inspection_only(cw: CrossWorld) -> None:
    bars = term_timeline(actor=cw.users["team_member"], term=cw.term, today=TODAY)
    assert [b.label for b in bars] == ["十一届第7轮"]
    assert [c.label for c in bars[0].children] == ["东城县巡察组·南城县住建局"]


def test_scope_the_county_office_sees_no_city_round(cw: CrossWorld) -> None:
    assert term_timeline(actor=cw.users["county_staff"], term=cw.term, today=TODAY) == []


def test_queries_do_not_grow_with_rounds_inspections_or_linked_rounds(cw: CrossWorld,
                                                                      django_assert_max_num_queries: Any) -> None:
    actor = cw.users["office_staff"]
    term_timeline(actor=actor, term=cw.term, today=TODAY)  # the scope is loaded once per user
    with django_assert_max_num_queries(8):
        term_timeline(actor=actor, term=cw.term, today=TODAY)
    for i, county in enumerate(cw.counties[1:], start=1):
        term = Term.objects.create(jurisdiction=county, number=9, name="九届", start_date=D(2016, 10, 1),
                                   end_date=D(2021, 9, 30))
        rnd = Round.objects.create(term=term, number=3, name=f"第三轮{i}", year=2018, planned_start=D(2018, 11, 5),
                                   planned_end=D(2018, 12, 5))
        team = Team.objects.create(round=rnd, number=1, name="第一组", home_jurisdiction=county)
        insp = Inspection.objects.create(round=rnd, team=team, code=f"L-{i}", inspection_type="linked",
                                         is_linked=True, planned_entry=D(2018, 11, 5), planned_withdrawal=D(2018, 12, 5))
        InspectionTarget.objects.create(inspection=insp, organization=cw.housing[county.pk])
    with django_assert_max_num_queries(8):
        bars = term_timeline(actor=actor, term=cw.term, today=TODAY)
    assert len([c for c in bars[-1].children if c.kind == "linked_round"]) == 5
