"""factory_boy factories for the core models, and ``grant`` to give a user a role.

Every factory builds a valid object with the fewest arguments: ``InspectionFactory()`` makes a city, its
term and round, a team and an organisation to inspect. Pass the objects you care about and let the rest
follow, e.g. ``InspectionFactory(round=rnd, team=team, targets=[org])``. In type-checked code call
``InspectionFactory.create(…)``: it is typed as returning an ``Inspection``.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import ROLE_SCOPE, ScopeKind
from xuncha.accounts.services import role_grant
from xuncha.inspections.models import Inspection, InspectionTarget, Round, Team, TeamMembership, Term
from xuncha.orgs.models import Jurisdiction, JurisdictionLevel, Organization, Person, Rank
from xuncha.surveys.models import Survey, SurveyQuestion, SurveyTemplate

# Passwords of factory users; the test settings use a fast hasher.
TEST_PASSWORD = "Test#pass-2018"


class JurisdictionFactory(DjangoModelFactory[Jurisdiction]):
    class Meta:
        model = Jurisdiction

    name = factory.Sequence(lambda n: f"测试市{n}")
    committee_name = factory.LazyAttribute(lambda o: f"中共{o.name}委")
    level = JurisdictionLevel.CITY
    division_code = factory.Sequence(lambda n: f"98{n:04d}")


class CountyFactory(JurisdictionFactory):
    """A county under ``parent`` (a new city unless given)."""

    name = factory.Sequence(lambda n: f"测试县{n}")
    level = JurisdictionLevel.COUNTY
    parent = factory.SubFactory(JurisdictionFactory)


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    short_name = factory.Sequence(lambda n: f"测试局{n}")
    name = factory.LazyAttribute(lambda o: f"中共{o.jurisdiction.name}{o.short_name}党组")
    unit_name = factory.LazyAttribute(lambda o: f"{o.jurisdiction.name}{o.short_name}")
    org_type = "party_group"
    sector = "party_government"
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    staff_size = 40


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="zh_CN")
    gender = factory.Iterator(["M", "F"])
    birth_year = factory.Sequence(lambda n: 1965 + n % 25)
    organization = factory.SubFactory(OrganizationFactory)
    post = "科员"
    rank = Rank.STAFF


class TermFactory(DjangoModelFactory[Term]):
    class Meta:
        model = Term

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    number = factory.Sequence(lambda n: 11 + n)
    name = factory.LazyAttribute(lambda o: f"第{o.number}届")
    start_date = datetime.date(2016, 10, 1)
    end_date = datetime.date(2021, 9, 30)


class RoundFactory(DjangoModelFactory[Round]):
    class Meta:
        model = Round

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: 1 + n)
    name = factory.LazyAttribute(lambda o: f"第{o.number}轮")
    year = 2018
    planned_start = datetime.date(2018, 11, 1)
    planned_end = datetime.date(2018, 12, 10)


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    round = factory.SubFactory(RoundFactory)
    number = factory.Sequence(lambda n: 1 + n)
    name = factory.LazyAttribute(lambda o: f"第{o.number}巡察组")
    home_jurisdiction = factory.LazyAttribute(lambda o: o.round.term.jurisdiction)


class TeamMembershipFactory(DjangoModelFactory[TeamMembership]):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    person = factory.SubFactory(PersonFactory)
    role = "member"


def _add_targets(inspection: Inspection, create: bool, extracted: Any, **kwargs: Any) -> None:
    if not create:
        return
    orgs = extracted if extracted is not None else [OrganizationFactory.create(jurisdiction=inspection.round.jurisdiction)]
    for org in orgs:
        InspectionTarget.objects.create(inspection=inspection, organization=org)


class InspectionFactory(DjangoModelFactory[Inspection]):
    """An inspection with one target: ``targets=[org, …]`` names them, otherwise a new organisation of
    the round's jurisdiction is made. ``targets=[]`` makes none."""

    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    team = factory.SubFactory(TeamFactory, round=factory.SelfAttribute("..round"))
    code = factory.Sequence(lambda n: f"XC-TEST-{n:05d}")
    inspection_type = "routine"
    planned_entry = factory.LazyAttribute(lambda o: o.round.planned_start)
    planned_withdrawal = factory.LazyAttribute(lambda o: o.round.planned_end)
    targets = factory.PostGeneration(_add_targets)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password(TEST_PASSWORD)
    is_active = True


def grant(user: User, role: str, scope_obj: Any, *, actor: User | None = None) -> RoleAssignment:
    """Give ``user`` ``role`` bound to ``scope_obj`` (a Jurisdiction, Team or Organization, as the role
    requires), through the audited service."""
    kind = ROLE_SCOPE[role]
    expected = {ScopeKind.JURISDICTION: Jurisdiction, ScopeKind.TEAM: Team, ScopeKind.ORGANIZATION: Organization}
    if not isinstance(scope_obj, expected[kind]):
        raise TypeError(f"{role} is bound to a {kind}, not to {type(scope_obj).__name__}")
    scope: dict[str, Any] = {str(kind): scope_obj}
    return role_grant(actor=actor, user=user, role=role, **scope)


# ---- surveys (民主测评) ------------------------------------------------------------------------------------------


def _copy_template_questions(survey: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
    """A survey starts with its template's questions, as ``surveys.services.survey_create`` copies them."""
    if not create or survey.template is None or survey.questions.exists():
        return
    SurveyQuestion.objects.bulk_create([
        SurveyQuestion(survey=survey, position=q.position, section=q.section, text=q.text, kind=q.kind,
                       options=list(q.options), required=q.required, max_choices=q.max_choices)
        for q in survey.template.questions.all()])


class SurveyFactory(DjangoModelFactory[Survey]):
    """A draft democratic appraisal of the leadership team (the seeded template) of an inspection."""

    class Meta:
        model = Survey
        skip_postgeneration_save = True

    inspection = factory.SubFactory(InspectionFactory)
    template = factory.LazyFunction(lambda: SurveyTemplate.objects.get(code="MZCP-BZ", version=1))
    template_version = 1
    kind = "leadership"
    title = factory.Sequence(lambda n: f"领导班子民主测评{n}")
    created_by = factory.SubFactory(UserFactory)
    questions = factory.PostGeneration(_copy_template_questions)


def answer_all(survey: Any, choice: int = 0, text: str = "") -> dict[str, list[str]]:
    """A complete, valid answer to every question of ``survey`` as the public form sends it: option ``choice``
    (or the last one) of each choice question, ``text`` for the free-text ones."""
    answers: dict[str, list[str]] = {}
    for q in survey.questions.all():
        if q.kind == "text":
            answers[f"q{q.pk}"] = [text] if text else []
        else:
            answers[f"q{q.pk}"] = [str(min(choice, len(q.options) - 1))]
    return answers
