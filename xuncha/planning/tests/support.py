"""Test helpers shared by the apps' fixtures."""

from __future__ import annotations

import datetime
from typing import Any

from xuncha.inspections.models import DeclarationKind, MemberDeclaration, Team, TeamMembership
from xuncha.inspections.states import TeamStatus


def ready_for_stationing(*, recorded_by: Any, on: datetime.date = datetime.date(2024, 2, 20)) -> None:
    """Authorise every leader and deputy and record every member's declarations, as an office would before
    stationing, and confirm the composition of every team with members (set here as a fixture: the test teams
    are smaller than the rules want), so that fixtures can move inspections through the whole lifecycle."""
    memberships = list(TeamMembership.objects.all())
    for m in memberships:
        if m.role in ("leader", "deputy_leader"):
            m.authorized_on, m.authorization_ref = on, "测试授权〔2024〕1号"
    TeamMembership.objects.bulk_update(memberships, ["authorized_on", "authorization_ref"])
    MemberDeclaration.objects.bulk_create(
        [MemberDeclaration(membership=m, kind=kind, signed_on=on, recorded_by=recorded_by)
         for m in memberships for kind in DeclarationKind.values],
        ignore_conflicts=True,
    )
    Team.objects.filter(memberships__isnull=False).update(status=TeamStatus.FORMED)
