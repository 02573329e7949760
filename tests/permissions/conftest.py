"""The demo data set, loaded once for the whole matrix, with one signed-in client per persona.

The load runs inside a transaction that is rolled back when the package's last test has run. The fixture is
package-scoped rather than session-scoped for that reason: the tests that run after the matrix in the same session
must not see the demo. Each test runs in a savepoint of its own (the ``rollback`` fixture), so a write that a
persona is allowed to make is undone before the next cell. Works on SQLite and PostgreSQL alike (the test
database is pytest-django's: see ``pytest_collection_modifyitems``).

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

from tests.permissions.matrix import ANONYMOUS, PERSONAS
from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Role
from xuncha.accounts.services import role_grant
from xuncha.audit.models import AuditEvent
from xuncha.core.models import BackgroundJob, JobStatus
from xuncha.demo.accounts import DEMO_ACCOUNTS
from xuncha.demo.loader import load_demo
from xuncha.inspections.models import Inspection, Round, TeamMembership, Term
from xuncha.orgs.models import Jurisdiction, Organization, Person
from xuncha.planning.models import AnnualPlan, CrossAssignmentRun, WorkPlan
from xuncha.pool.models import InspectorProfile
from xuncha.taxonomy.models import Framework

# The inspections of the two "worlds" of the matrix (see matrix.py).
GSL_CODE = "11-7-03"  # 市工商联, 市委第三巡察组, rectifying
FGJ_CODE = "11-7-05"  # 市房管局, 市委第五巡察组, reporting


@dataclass
class DemoWorld:
    users: dict[str, User]  # persona → user (no entry for the anonymous visitor)
    objects: dict[str, int]  # matrix.Obj key → primary key
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
    }


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """pytest-django creates the test database only if a selected test asks for ``db``; the matrix's tests use
    the package-wide transaction and ``rollback`` instead, so the first of them selected (after ``-k``) asks."""
    ours = [item for item in items if "demo" in getattr(item, "fixturenames", ())]
    if ours and not any(item.get_closest_marker("django_db") for item in ours):
        ours[0].add_marker(pytest.mark.django_db)


def _require_test_database() -> None:
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if not (name.startswith("test_") or "memory" in name):
        pytest.fail(f"refusing to load the demo into {name!r}: not a test database", pytrace=False)


@pytest.fixture(scope="package")
def demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[DemoWorld]:
    """The demo (``load_demo``), the matrix's extra users and objects, and a signed-in client per persona."""
    accounts_path = tmp_path_factory.mktemp("matrix-var") / "demo-accounts.json"
    _require_test_database()
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(accounts_path=accounts_path)
        users = _build_users()
        codes = frozenset(Inspection.objects.values_list("code", flat=True))
        visible = {persona: frozenset(Inspection.objects.visible_to(user).values_list("code", flat=True))
                   for persona, user in users.items()}
        # A code on its own: not part of a longer code, number or date.
        alternatives = "|".join(re.escape(code) for code in sorted(codes, key=len, reverse=True))
        world = DemoWorld(users=users, objects=_build_objects(users), codes=codes, visible_codes=visible,
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
