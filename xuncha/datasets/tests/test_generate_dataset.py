"""``generate_dataset`` at the tiny size: it builds, is deterministic for a seed, refuses a non-empty
database, leaves a valid audit chain and consistent trees, and the usual scope rules hold on its data."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from xuncha.accounts.models import User
from xuncha.accounts.scope import forget_scope
from xuncha.audit.models import AuditEvent
from xuncha.audit.services import audit_verify
from xuncha.core.models import StatusChange
from xuncha.datasets.builder import BuildResult, DatabaseNotEmpty, build
from xuncha.datasets.context import PASSWORD
from xuncha.datasets.sizes import SIZES
from xuncha.inspections.models import Inspection, Round, Team, TeamMembership, Term
from xuncha.inspections.states import TeamStatus
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.models import Jurisdiction, JurisdictionLevel, Organization, Person
from xuncha.pool.models import InspectorProfile


def _snapshot(seed: int, path: Path) -> dict[str, Any]:
    with transaction.atomic():
        result = build(SIZES["tiny"], seed=seed, stream=io.StringIO(), accounts_path=path)
        snapshot = {
            "counts": result.counts,
            "people": list(Person.objects.order_by("id").values_list("id", "name", "post", "organization_id")),
            "orgs": list(Organization.objects.order_by("id").values_list("name", "path")),
            "inspections": list(Inspection.objects.order_by("id").values_list("code", "status")),
            "members": list(TeamMembership.objects.order_by("id").values_list("team_id", "person_id", "role")),
            "audit_head": AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first(),
        }
        transaction.set_rollback(True)
    return snapshot


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_people(tmp_path: Path) -> None:
    first = _snapshot(7, tmp_path / "a.json")
    again = _snapshot(7, tmp_path / "b.json")
    other = _snapshot(8, tmp_path / "c.json")
    assert first == again
    assert first["counts"]["orgs.Person"] > 50
    assert [p[1] for p in first["people"]] != [p[1] for p in other["people"]]


@pytest.mark.django_db
def test_a_non_empty_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    Jurisdiction(name="洛阳市", committee_name="中共洛阳市委", level=JurisdictionLevel.CITY,
                 division_code="410300").save()
    with pytest.raises(DatabaseNotEmpty):
        build(SIZES["tiny"], seed=1, stream=io.StringIO(), accounts_path=tmp_path / "a.json")
    with pytest.raises(CommandError, match="数据库不是空的"):
        call_command("generate_dataset", "--size", "tiny", stdout=io.StringIO(), stderr=io.StringIO())
    assert Jurisdiction.objects.count() == 1
    assert not Person.objects.exists()


@pytest.fixture(scope="module")
def tiny(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[BuildResult]:
    path = tmp_path_factory.mktemp("dataset") / "dataset-accounts.json"
    with django_db_blocker.unblock(), transaction.atomic():
        progress = io.StringIO()
        result = build(SIZES["tiny"], seed=11, stream=progress, accounts_path=path)
        result.progress = progress.getvalue()  # type: ignore[attr-defined]
        result.path = path  # type: ignore[attr-defined]
        yield result
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_audit_chain_of_the_data_set_verifies(tiny: BuildResult) -> None:
    result = audit_verify()
    assert result.ok, result.reason
    assert result.checked == SIZES["tiny"].audit_events == AuditEvent.objects.count()


@pytest.mark.django_db
def test_a_team_that_has_gone_in_had_its_composition_confirmed(tiny: BuildResult) -> None:
    went_in = Team.objects.filter(inspections__status__in=[InspectionStatus.STATIONED, InspectionStatus.REPORTING,
                                                             InspectionStatus.ARCHIVED]).distinct()
    assert went_in.exists()
    assert not went_in.exclude(status=TeamStatus.FORMED).exists()
    confirmed = StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Team), transition="confirm")
    assert confirmed.count() == Team.objects.filter(status=TeamStatus.FORMED).count()


@pytest.mark.django_db
def test_trees_are_consistent_and_every_level_has_two_terms(tiny: BuildResult) -> None:
    for model in (Jurisdiction, Organization):
        for node in model.objects.select_related("parent"):
            assert node.path == f"{node.parent.path if node.parent else '/'}{node.pk}/"
            assert node.depth == node.path.count("/") - 2
    for org in Organization.objects.exclude(principal_leader=None).select_related("principal_leader")[:50]:
        assert org.principal_leader is not None and org.principal_leader.organization_id == org.pk
    for jurisdiction in Jurisdiction.objects.all():
        assert Term.objects.filter(jurisdiction=jurisdiction).count() == 2
    statuses = set(Inspection.objects.values_list("status", flat=True))
    assert {InspectionStatus.ARCHIVED, InspectionStatus.STATIONED, InspectionStatus.PLANNED} <= statuses
    # Rounds point at the focus framework in force when they start, as Round.save() would pick it.
    assert not Round.objects.filter(focus_framework=None).exists()
    # Members of the stationed teams are marked as on a team in the pool.
    on_team = TeamMembership.objects.filter(team__inspections__status=InspectionStatus.STATIONED)
    assert on_team.exists()
    assert set(InspectorProfile.objects.filter(person__in=on_team.values("person")).values_list(
        "availability", flat=True)) == {"on_team"}


@pytest.mark.django_db
def test_the_accounts_sign_in_and_are_written_with_their_password(tiny: BuildResult) -> None:
    listed = json.loads(tiny.path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert {a["username"] for a in listed} == {a["username"] for a in tiny.accounts}
    assert {a["role"] for a in listed} >= {"office_staff", "team_leader", "liaison", "security_auditor"}
    user = User.objects.get(username=listed[0]["username"])
    assert user.check_password(PASSWORD)
    assert "审计日志" in tiny.progress  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_liaison_sees_only_their_own_organisation(tiny: BuildResult) -> None:
    liaison = User.objects.get(username=next(a["username"] for a in tiny.accounts if a["role"] == "liaison"))
    forget_scope(liaison)
    own = liaison.role_assignments.get().organization
    assert own is not None
    visible = set(Organization.objects.visible_to(liaison))
    assert visible == set(Organization.objects.filter(path__startswith=own.path))
    inspections = set(Inspection.objects.visible_to(liaison))
    assert inspections and all(own in [t.organization for t in i.targets.all()] for i in inspections)
    assert not Person.objects.visible_to(liaison).exists()
    leader = User.objects.get(username=next(a["username"] for a in tiny.accounts if a["role"] == "team_leader"))
    team = leader.role_assignments.get().team
    assert set(Team.objects.visible_to(leader)) == {team}
