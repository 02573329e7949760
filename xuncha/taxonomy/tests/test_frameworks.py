"""Versioned dictionaries: a round uses the versions valid when it ran."""

from __future__ import annotations

import datetime

import pytest

from xuncha.inspections.models import Round, Term
from xuncha.orgs.models import Jurisdiction
from xuncha.taxonomy.models import Framework

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "focus", "eight_rules"),
    [
        (datetime.date(2017, 3, 20), "F2015", "EIGHT_RULES_2013"),  # the demo term's round 1
        (datetime.date(2017, 9, 30), "F2015", "EIGHT_RULES_2013"),
        (datetime.date(2017, 10, 1), "F2018", "EIGHT_RULES_2013"),
        (datetime.date(2018, 11, 1), "F2018", "EIGHT_RULES_2013"),
        (datetime.date(2019, 12, 15), "F2018", "EIGHT_RULES_2020"),
        (datetime.date(2021, 5, 1), "F2020", "EIGHT_RULES_2020"),
        (datetime.date(2025, 3, 1), "F2023", "EIGHT_RULES_2020"),
    ],
)
def test_version_in_force_on_a_day(day, focus, eight_rules):
    found = Framework.for_date(day, "focus"), Framework.for_date(day, "eight_rules")
    assert [f.code if f else None for f in found] == [focus, eight_rules]


def test_seeded_frameworks_have_their_trees():
    f2018 = Framework.objects.get(code="F2018")
    assert f2018.nodes.filter(level=1).count() == 7  # 六个围绕 + 一个加强
    parent = f2018.nodes.get(code="C3").parent
    assert parent is not None and parent.code == "C"
    assert Framework.objects.get(code="EIGHT_RULES_2013").nodes.count() == 9


def test_round_takes_the_dictionaries_valid_at_its_start():
    city = Jurisdiction.objects.create(name="甲市", committee_name="中共甲市委", level="city", division_code="990100")
    term = Term.objects.create(jurisdiction=city, number=11, name="十一届", start_date=datetime.date(2016, 10, 1),
                               end_date=datetime.date(2021, 9, 30))
    rnd = Round.objects.create(term=term, number=7, name="第七轮", year=2018,
                               planned_start=datetime.date(2018, 11, 1), planned_end=datetime.date(2018, 12, 10))
    assert rnd.focus_framework is not None and rnd.eight_rules_framework is not None
    assert (rnd.focus_framework.code, rnd.eight_rules_framework.code) == ("F2018", "EIGHT_RULES_2013")
    assert rnd.jurisdiction == city
