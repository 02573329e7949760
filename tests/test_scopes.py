"""Scope rules on querysets, for every persona: who sees which inspections, rounds, teams and people.

The world is tests/personas.py: city 甲市 (org A ← team A, org B ← team B, round 7) and county 乙县
(org C ← the county's own team); every jurisdiction role is bound to 甲市.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import EmptyResultSet
from django.http import Http404

from tests.factories import InspectionFactory, TeamFactory, UserFactory, grant
from tests.personas import ADMIN_PERSONAS, JURISDICTION_BUSINESS_PERSONAS, PERSONA_ROLES
from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap, Role
from xuncha.accounts.scope import forget_scope
from xuncha.accounts.services import role_grant, role_revoke
from xuncha.core.scoping import capabilities
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection, Round, Team, Term
from xuncha.orgs.models import Jurisdiction, Organization, Person

pytestmark = pytest.mark.django_db

A, B, C = "inspection_a", "inspection_b", "inspection_county"
# persona → the inspections they see (by name in ``objects``)
SEES_INSPECTIONS = {
    "office_staff": {A, B, C},
    "office_director": {A, B, C},
    "leading_group": {A, B, C},
    "cdi": {A, B, C},
    "org_dept": {A, B, C},
    "leader_a": {A},
    "member_a": {A},
    "member_b": {B},
    "liaison_a": {A},
    "liaison_b": {B},
    "sysadmin": set(),
    "secadmin": set(),
    "auditor": set(),
    "outsider": set(),
}


def test_every_persona_has_an_expectation():
    assert set(SEES_INSPECTIONS) == set(PERSONA_ROLES)


@pytest.mark.parametrize("name", sorted(SEES_INSPECTIONS))
def test_inspections_visible_to_each_persona(name, personas, objects, visible):
    expected = {getattr(objects, key) for key in SEES_INSPECTIONS[name]}
    assert visible(Inspection, getattr(personas, name)) == expected


def test_liaison_sees_only_their_own_organisations_inspection(personas, objects, visible):
    assert visible(Inspection, personas.liaison_a) == {objects.inspection_a}
    assert visible(Inspection, personas.liaison_b) == {objects.inspection_b}
    # Organisations: their own (and what lies under it), nobody else's; no cadre records at all.
    assert visible(Organization, personas.liaison_a) == {objects.org_a}
    assert visible(Person, personas.liaison_a) == set()
    assert visible(Round, personas.liaison_a) == set()


def test_liaison_does_not_see_a_planned_inspection_of_their_organisation(personas, objects, visible):
    """They learn of an inspection from its notice, sent in preparation: a planned one stays hidden."""
    planned = InspectionFactory.create(round=objects.round, team=objects.team_b, targets=[objects.org_a])
    assert planned.status == "planned"
    assert planned not in visible(Inspection, personas.liaison_a)
    planned.status = "preparing"
    planned.save()
    assert planned in visible(Inspection, personas.liaison_a)


def test_team_member_does_not_see_the_other_teams_inspection(personas, objects, visible):
    assert objects.inspection_a not in visible(Inspection, personas.member_b)
    assert visible(Team, personas.member_b) == {objects.team_b}
    assert visible(Team, personas.member_a) == {objects.team_a}
    with pytest.raises(Http404):
        access_inspection(personas.member_b, objects.inspection_a.pk)
    assert access_inspection(personas.member_b, objects.inspection_b.pk) == objects.inspection_b


def test_team_member_sees_their_teammates_and_the_cadres_they_inspect(personas, objects, visible):
    people = visible(Person, personas.member_b)
    assert objects.person_b in people  # a cadre of org B, which team B inspects
    assert personas.member_b.person in people
    assert objects.person not in people  # org A is team A's
    assert personas.member_a.person not in people


@pytest.mark.parametrize("name", ADMIN_PERSONAS)
def test_admin_roles_see_no_business_data(name, personas, objects, visible):
    """三员分立: the system, security and audit administrators see no inspections, people or rounds."""
    user = getattr(personas, name)
    for model in (Inspection, Person, Round, Term, Team):
        assert visible(model, user) == set(), model.__name__
    # … but they do see the jurisdictions they administer.
    assert visible(Jurisdiction, user) == {objects.city, objects.county}


@pytest.mark.parametrize("name", JURISDICTION_BUSINESS_PERSONAS)
def test_jurisdiction_roles_see_their_whole_subtree(name, personas, objects, visible):
    user = getattr(personas, name)
    assert visible(Round, user) == {objects.round, objects.county_round}
    assert visible(Team, user) == set(objects.teams)
    assert visible(Jurisdiction, user) == {objects.city, objects.county}


def test_a_county_office_sees_the_county_only(objects, visible):
    clerk = UserFactory.create(username="county_clerk")
    grant(clerk, Role.OFFICE_STAFF, objects.county)
    assert visible(Inspection, clerk) == {objects.inspection_county}
    assert visible(Round, clerk) == {objects.county_round}
    assert visible(Jurisdiction, clerk) == {objects.county}
    assert visible(Person, clerk) == {objects.person_county, *Person.objects.filter(
        organization=objects.org_county)}


def test_people_follow_the_view_people_capability(personas, objects, visible):
    # The discipline commission plans nothing with cadre records: it sees inspections, not people.
    assert visible(Person, personas.cdi) == set()
    assert objects.person in visible(Person, personas.office_staff)
    assert objects.person_county in visible(Person, personas.org_dept)


def test_outsider_sees_nothing(personas, visible):
    for model in (Inspection, Person, Round, Term, Team, Jurisdiction, Organization):
        assert visible(model, personas.outsider) == set(), model.__name__


def test_a_revoked_role_stops_applying(personas, objects, visible):
    user = personas.outsider
    assignment = grant(user, Role.OFFICE_STAFF, objects.city)
    assert visible(Inspection, user) == set(objects.inspections)
    role_revoke(actor=personas.secadmin, assignment=assignment)
    # As at the user's next request: a fresh user object, its scope read again.
    fresh = User.objects.get(pk=user.pk)
    assert visible(Inspection, fresh) == set()
    with pytest.raises(Http404):
        access_inspection(fresh, objects.inspection_a.pk)


def test_a_revoked_team_role_stops_applying(personas, objects, visible):
    assignment = personas.member_b.role_assignments.get(role=Role.TEAM_MEMBER)
    role_revoke(actor=personas.secadmin, assignment=assignment)
    assert visible(Inspection, User.objects.get(pk=personas.member_b.pk)) == set()


def test_a_disabled_account_sees_nothing(personas, visible):
    user = personas.office_director
    user.is_active = False
    user.save()
    assert visible(Inspection, User.objects.get(pk=user.pk)) == set()


# --- 上下联动: a county's roles and the city's inspections of their organisations ------------------------------


@pytest.mark.django_db
def test_a_county_sees_the_citys_inspection_of_its_organisation_from_feedback_on(objects, visible):

    county_office = UserFactory.create(username="county_office")
    role_grant(actor=None, user=county_office, role=Role.OFFICE_DIRECTOR, jurisdiction=objects.county)
    # The city inspects the county's organisation (a linked inspection), dispatched by the city's round.
    city_team = TeamFactory.create(round=objects.round, number=9, name="市委第九巡察组")
    linked = InspectionFactory.create(round=objects.round, team=city_team, targets=[objects.org_county],
                                      code="JS-11-7-L")
    assert linked not in visible(Inspection, county_office)  # planned: nothing to supervise yet
    for status in ("preparing", "stationed", "reporting"):
        Inspection.objects.filter(pk=linked.pk).update(status=status)
        assert linked not in visible(Inspection, county_office), status
    for status in ("feedback", "rectifying", "evaluating", "archived"):
        Inspection.objects.filter(pk=linked.pk).update(status=status)
        assert linked in visible(Inspection, county_office), status
    linked.refresh_from_db()
    caps = capabilities(county_office, linked)
    assert Cap.VIEW_PLANNING in caps and Cap.CLOSE_RECTIFICATION not in caps and Cap.MANAGE_PLANNING not in caps
    # Not the city's other inspections.
    assert objects.inspection_a not in visible(Inspection, county_office)


@pytest.mark.django_db
def test_a_county_sees_its_own_team_lent_to_the_city(objects, visible):

    county_staff = UserFactory.create(username="county_staff")
    role_grant(actor=None, user=county_staff, role=Role.OFFICE_STAFF, jurisdiction=objects.county)
    lent = TeamFactory.create(round=objects.round, number=10, name="乙县巡察组（交叉）", home_jurisdiction=objects.county)
    cross = InspectionFactory.create(round=objects.round, team=lent, targets=[objects.org_b], code="JS-11-7-X",
                                     is_cross=True)
    assert cross in visible(Inspection, county_staff)
    assert objects.inspection_b not in visible(Inspection, county_staff)


@pytest.mark.parametrize("name", sorted(SEES_INSPECTIONS))
def test_scopes_need_no_distinct(name, personas, objects):
    """``visible_to`` reaches teams, targets and memberships through subqueries, not joins (issue 8): no row twice
    though an inspection has several targets in the scope, so no SELECT DISTINCT over every column and a count
    that stays a plain COUNT."""
    shared = InspectionFactory.create(round=objects.round, team=objects.team_a, targets=[objects.org_a, objects.org_b])
    shared.status = "preparing"
    shared.save()
    user = getattr(personas, name)
    for model in (Jurisdiction, Organization, Person, Term, Round, Team, Inspection):
        forget_scope(user)
        qs = model._default_manager.visible_to(user)
        try:
            sql = str(qs.query)
        except EmptyResultSet:  # a scope of nothing: no query at all
            sql = ""
        assert "DISTINCT" not in sql.upper(), model.__name__
        pks = list(qs.values_list("pk", flat=True))
        assert len(pks) == len(set(pks)) == qs.count(), model.__name__
