"""The demo data set with the matrix's extras, and one signed-in client per persona.

The demo itself is loaded once per test process (xdist worker) and shared with the demo's own tests
(``demo_database``, tests/demo_database.py): in a transaction that is rolled back before any test that does not
use it, so the other tests never see it. The matrix's extra users, jobs and signed-in clients are made in a
savepoint inside it, rolled back after the package's last test. Each test runs in a savepoint of its own (the
``rollback`` fixture), so a write that a persona is allowed to make is undone before the next cell. Works on
SQLite and PostgreSQL alike.

Changing the objects of the matrix: ``_build_objects`` maps the keys that ``matrix.Obj`` names to primary keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client

from tests.permissions.matrix import ANONYMOUS, AREAS, PERSONAS
from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.administration.forms import PlanningRulesForm
from xuncha.audit.models import AuditEvent
from xuncha.core.models import BackgroundJob, JobStatus
from xuncha.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from xuncha.inspections.models import Inspection, InspectionTarget, LiaisonContact, Round, TeamMembership, Term
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.planning.models import AnnualPlan, CrossAssignmentRun, WorkPlan
from xuncha.pool.models import InspectorProfile
from xuncha.rules.models import PlanningPolicy, RecusalPolicy, TimeLimits
from xuncha.taxonomy.models import Framework

# The inspections of the two "worlds" of the matrix (see matrix.py).
GSL_CODE = "11-7-03"  # 市工商联, 市委第三巡察组, rectifying
FGJ_CODE = "11-7-05"  # 市房管局, 市委第五巡察组, reporting


@dataclass
class DemoWorld:
    users: dict[str, User]  # persona → user (no entry for the anonymous visitor)
    objects: dict[str, Any]  # matrix.Obj key → primary key (or a whole form, a password, a file's bytes)
    codes: frozenset[str]  # every inspection code of the demo
    visible_codes: dict[str, frozenset[str]]  # persona → the codes ``Inspection.visible_to`` gives them
    code_pattern: re.Pattern[str]
    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        return self.clients[persona]

    def fresh_client(self, persona: str) -> Client:
        """A client of its own, for a request that ends the session."""
        # A server error is a status like any other here (the log shows its traceback).
        client = Client(raise_request_exception=False)
        if persona != ANONYMOUS:
            client.force_login(self.users[persona])
        return client

    def foreign_codes(self, persona: str, text: str) -> set[str]:
        """Inspection codes in ``text`` that ``persona`` may not see."""
        return set(self.code_pattern.findall(text)) - self.visible_codes.get(persona, frozenset())


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _build_users() -> dict[str, User]:
    """The demo accounts by persona; the team deputy and the outsider are made here (the demo has neither)."""
    team3 = Inspection.objects.get(code=GSL_CODE).team
    users: dict[str, User] = {}
    for persona, (role, username) in PERSONAS.items():
        if username is None:
            continue
        if role == Role.TEAM_DEPUTY:
            # The demo's own deputy of 第三组 if it has one, else the matrix's.
            username = next((a.username for a in DEMO_ACCOUNTS if a.role == role and a.scope == team3.name),
                            username)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, display_name=f"矩阵{persona}", password=None)
            if role == Role.TEAM_DEPUTY:
                role_grant(actor=None, user=user, role=role, team=team3)
            elif role is not None:
                raise LookupError(f"the demo has no account {username!r} for {persona}")
        users[persona] = user
    # The matrix's team deputy is the deputy of 第三组, whoever they are.
    assert RoleAssignment.objects.active().filter(user=users["team_deputy"], role=Role.TEAM_DEPUTY,
                                                  team=team3).exists()
    return users


def _build_objects(users: dict[str, User]) -> dict[str, int]:
    gsl = Inspection.objects.select_related("team").get(code=GSL_CODE)
    fgj = Inspection.objects.select_related("team").get(code=FGJ_CODE)
    org_gsl = Organization.objects.get(short_name="市工商联")
    org_fgj = Organization.objects.get(short_name="市房管局")
    city = Jurisdiction.objects.get(parent__isnull=True)
    county = Jurisdiction.objects.get(name="新安县")

    def principal(org: Organization) -> Person:
        # The unit's leader (the first post), who sits on no team.
        return Person.objects.filter(organization=org, team_memberships__isnull=True).order_by("pk").first()

    # A finished export of office_staff's, with its file, for the job pages.
    name = default_storage.save("matrix/export.xlsx", ContentFile(b"PK\x03\x04matrix"))
    job = BackgroundJob.objects.create(kind="pool.export", label="人才库导出", status=JobStatus.SUCCEEDED,
                                       result_file=name, result_name="export.xlsx",
                                       created_by=users["office_staff"])
    verify = BackgroundJob.objects.create(kind="audit.verify", label="校验哈希链", status=JobStatus.SUCCEEDED,
                                          created_by=users["security_auditor"])
    return {
        "inspection.gsl": gsl.pk,
        "inspection.fgj": fgj.pk,
        # 上下联动 (matrix.LINKED_OWN_TEAM, LINKED_TARGETS): round 7's cross inspections by 洛龙区's team and of
        # 洛龙区's organisations.
        "inspection.linked_team": Inspection.objects.get(round__number=7, round__jurisdiction=city,
                                                         team__name="洛龙区委巡察组").pk,
        "inspection.linked_targets": Inspection.objects.get(round__number=7, round__jurisdiction=city,
                                                            team__name="瀍河回族区委巡察组").pk,
        "team.gsl": gsl.team_id,
        "team.fgj": fgj.team_id,
        "organization.gsl": org_gsl.pk,
        "organization.fgj": org_fgj.pk,
        "person.gsl": principal(org_gsl).pk,
        "person.fgj": principal(org_fgj).pk,
        "jurisdiction.city": city.pk,
        "jurisdiction.county": county.pk,
        "term.city": Term.objects.get(jurisdiction=city).pk,
        "round.7": Round.objects.get(jurisdiction=city, number=7).pk,
        "round.6": Round.objects.get(jurisdiction=city, number=6).pk,
        "user.member1": users["member1"].pk,
        "assignment.member1": RoleAssignment.objects.get(user=users["member1"]).pk,
        "job.office": job.pk,
        "job.verify": verify.pk,
        "audit_event.first": AuditEvent.objects.order_by("pk").values_list("pk", flat=True).first(),
        "framework.F2018": Framework.objects.get(code="F2018").pk,
        # Round 7's preparation (xuncha/demo/preparation.py): its latest work plan, the 2019 annual plan (a
        # draft), the cross-assignment run; a place on each world's team; the first inspector-pool entry.
        "workplan.7": WorkPlan.objects.filter(round__number=7, round__jurisdiction=city)
        .order_by("-version").values_list("pk", flat=True).first(),
        "annualplan.2019": AnnualPlan.objects.get(term__jurisdiction=city, year=2019).pk,
        "run.7": CrossAssignmentRun.objects.filter(round__number=7, round__jurisdiction=city)
        .order_by("pk").values_list("pk", flat=True).first(),
        "membership.gsl": TeamMembership.objects.filter(team_id=gsl.team_id).order_by("pk")
        .values_list("pk", flat=True).first(),
        "membership.fgj": TeamMembership.objects.filter(team_id=fgj.team_id).order_by("pk")
        .values_list("pk", flat=True).first(),
        "profile.first": InspectorProfile.objects.order_by("pk").values_list("pk", flat=True).first(),
        # Values of the writes' bodies (matrix.py): what a valid write of the demo needs.
        "organization.free": _free_organization(city),
        "person.pool": InspectorProfile.objects.filter(jurisdiction=city, availability="available")
        .exclude(person__team_memberships__team__round__number__in=(6, 7)).order_by("pk")
        .values_list("person_id", flat=True).first(),
        "password.demo": DEMO_PASSWORD,
        "form.time-limits": _time_limits_form(city),
        "form.planning-rules": _planning_rules_form(city),
        "file.pool-import": _pool_import_file(),
        # A member of each inspected unit's liaison group (the demo records none).
        "liaison_contact.gsl": LiaisonContact.objects.create(
            inspection=gsl, organization=org_gsl, name="矩阵联络员", post="办公室主任", phone="0379-63212345").pk,
        "liaison_contact.fgj": LiaisonContact.objects.create(
            inspection=fgj, organization=org_fgj, name="矩阵联络员", post="办公室主任", phone="0379-63212346").pk,
    }


def _free_organization(city: Jurisdiction) -> int:
    """A party group of the city that no inspection of the term targets: one more inspection may be planned."""
    taken = InspectionTarget.objects.filter(inspection__round__term__jurisdiction=city).values("organization_id")
    pk = (Organization.objects.filter(jurisdiction=city, org_type="party_group").exclude(pk__in=taken)
          .order_by("pk").values_list("pk", flat=True).first())
    assert pk is not None, "the demo has no party group of the city left to inspect"
    return pk


def _time_limits_form(city: Jurisdiction) -> dict[str, Any]:
    """The time-limits form of the city as the page shows it (every field, its current value)."""
    limits = TimeLimits.effective_for(city)
    return {name: getattr(limits, name) for name in TimeLimits.editable_fields()}


def _planning_rules_form(city: Jurisdiction) -> dict[str, Any]:
    """The planning-rules form of the city as the page shows it."""
    form = PlanningRulesForm(severities=RecusalPolicy.effective_for(city), policy=PlanningPolicy.effective_for(city))
    return {name: form[name].initial for name in form.fields}


def _pool_import_file() -> bytes:
    """A workbook of the import's columns with one new cadre."""
    import io

    from openpyxl import Workbook

    from xuncha.pool.services import IMPORT_COLUMNS

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(IMPORT_COLUMNS))
    ws.append(["矩阵新人", "男", 1980, "市审计局", "经济责任审计科科长", "正科级", "审计、财务会计", "可抽调", "否",
               "", "矩阵导入"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="package")
def demo(demo_database: Any) -> Iterator[DemoWorld]:
    """The demo (loaded once per test process: tests/demo_database.py), the matrix's extra users and objects, and
    a signed-in client per persona; the extras in a savepoint that is rolled back after the package's last test."""
    demo_database.ensure()
    with transaction.atomic():
        users = _build_users()
        codes = frozenset(Inspection.objects.values_list("code", flat=True))
        visible = {persona: frozenset(Inspection.objects.visible_to(user).values_list("code", flat=True))
                   for persona, user in users.items()}
        # A code on its own: not part of a longer code, number or date.
        alternatives = "|".join(re.escape(code) for code in sorted(codes, key=len, reverse=True))
        objects = _build_objects(users)
        for area in AREAS:  # matrix.py "Feature areas"
            if hasattr(area, "build_objects"):
                objects.update(area.build_objects(users, objects))
        world = DemoWorld(users=users, objects=objects, codes=codes, visible_codes=visible,
                          code_pattern=re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"))
        for persona in PERSONAS:
            client = world.fresh_client(persona)
            # One request now, so that the session's start stamp (SEC-12) is stored outside the tests' savepoints.
            client.get("/watermark.svg")
            world.clients[persona] = client
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def rollback(demo: DemoWorld) -> Iterator[None]:
    """Each test in a savepoint of its own (lighter than pytest-django's ``db``, which the package-wide
    transaction makes unnecessary): whatever a persona was allowed to write is undone before the next cell."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
