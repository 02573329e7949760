"""Trees, inherited time limits and field encryption."""

from __future__ import annotations

import pytest
from django.db import connection

from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.rules.models import TimeLimits

pytestmark = pytest.mark.django_db


def _j(name: str, code: str, parent: Jurisdiction | None = None, level: str = "county") -> Jurisdiction:
    return Jurisdiction.objects.create(name=name, committee_name=f"中共{name}委", level=level, division_code=code,
                                       parent=parent)


def test_paths_follow_the_tree_and_moves_carry_the_subtree():
    province = _j("某省", "990000", level="province")
    city_a = _j("甲市", "990100", province, "city")
    city_b = _j("乙市", "990200", province, "city")
    county = _j("丙县", "990121", city_a)
    assert county.path == f"/{province.pk}/{city_a.pk}/{county.pk}/"
    assert county.depth == 2
    assert county.ancestor_ids() == [province.pk, city_a.pk]
    assert set(Jurisdiction.objects.descendants_of([city_a.path])) == {city_a, county}
    city_a.parent = city_b
    city_a.save()
    county.refresh_from_db()
    assert county.path == f"/{province.pk}/{city_b.pk}/{city_a.pk}/{county.pk}/"


def test_time_limits_are_inherited_from_the_nearest_ancestor():
    city = _j("甲市", "990100", level="city")
    county = _j("丙县", "990121", city)
    assert TimeLimits.effective_for(county).pk is None  # nothing set: defaults
    assert TimeLimits.effective_for(county).fieldwork_days_routine == 30
    TimeLimits.objects.create(jurisdiction=city, fieldwork_days_routine=40)
    assert TimeLimits.effective_for(county).fieldwork_days_routine == 40
    TimeLimits.objects.create(jurisdiction=county, fieldwork_days_routine=25)
    assert TimeLimits.effective_for(county).fieldwork_days_routine == 25
    assert TimeLimits.effective_for(city).fieldwork_days_routine == 40


def test_id_number_is_encrypted_at_rest():
    city = _j("甲市", "990100", level="city")
    org = Organization.objects.create(name="党组", short_name="某局", org_type="party_group",
                                      sector="party_government", jurisdiction=city)
    person = Person.objects.create(name="王某", gender="M", birth_year=1970, organization=org, post="局长",
                                   id_number="410302197001011234")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM orgs_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
    assert "410302197001011234" not in stored and stored.startswith("xc2:")
    assert Person.objects.get(pk=person.pk).id_number == "410302197001011234"
