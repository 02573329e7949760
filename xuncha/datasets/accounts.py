"""Accounts: the office director and an office staff member of every jurisdiction, and for the benchmark one
account per role at the root, the first city and the first county (team roles on a team in the field,
liaisons of an organisation being inspected). All share ``builder.PASSWORD``; the benchmark accounts are
written to ``var/dataset-accounts.json``."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import translation

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Role
from xuncha.datasets.context import ACCOUNTS_FILENAME, PASSWORD, Context, JurisdictionInfo
from xuncha.inspections.models import Team
from xuncha.orgs.models import JurisdictionLevel, Organization

# Roles bound to a jurisdiction that the benchmark signs in as at the root.
ROOT_ROLES = (Role.LEADING_GROUP, Role.DISCIPLINE_COMMISSION, Role.ORG_DEPARTMENT, Role.SYSTEM_ADMIN,
              Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR)
TEAM_SEATS = (("leader", Role.TEAM_LEADER), ("deputy_leader", Role.TEAM_DEPUTY), ("member", Role.TEAM_MEMBER))
SUFFIX = {Role.OFFICE_STAFF: "office", Role.OFFICE_DIRECTOR: "director", Role.LEADING_GROUP: "leading",
          Role.DISCIPLINE_COMMISSION: "cdi", Role.ORG_DEPARTMENT: "orgdept", Role.SYSTEM_ADMIN: "sysadmin",
          Role.SECURITY_ADMIN: "secadmin", Role.SECURITY_AUDITOR: "auditor", Role.TEAM_LEADER: "leader",
          Role.TEAM_DEPUTY: "deputy", Role.TEAM_MEMBER: "member", Role.LIAISON: "liaison"}


def _hash(ctx: Context) -> str:
    # One hash for all: they share a published password, and a PBKDF2 run per account would dominate.
    value = getattr(ctx, "_password_hash", None)
    if value is None:
        value = make_password(PASSWORD)
        ctx._password_hash = value  # type: ignore[attr-defined]
    return value


def _user(ctx: Context, username: str, role: str, *, person_id: int | None = None, display: str = "",
          jurisdiction: int | None = None, team: int | None = None, organization: int | None = None) -> int:
    pk = ctx.new_id(User)
    linked: set[int] = ctx.__dict__.setdefault("_linked_people", set())
    if person_id in linked:
        person_id = None  # a cadre has one account
    elif person_id is not None:
        linked.add(person_id)
    ctx.add(User(id=pk, username=username, password=_hash(ctx), display_name=display, person_id=person_id))
    ctx.add(RoleAssignment(user_id=pk, role=role, jurisdiction_id=jurisdiction, team_id=team,
                           organization_id=organization))
    ctx.users.append((pk, username, role))
    return pk


def per_jurisdiction(ctx: Context, j: JurisdictionInfo) -> None:
    """The office director and one office staff member (they record the inspections' steps)."""
    office = [c for c in j.cadres if c[1] == j.office_org] if j.office_org else []
    code = j.obj.division_code
    j.director_user = _user(ctx, f"{code}_director", Role.OFFICE_DIRECTOR, jurisdiction=j.obj.pk,
                            person_id=office[0][0] if office else None)
    j.office_user = _user(ctx, f"{code}_office", Role.OFFICE_STAFF, jurisdiction=j.obj.pk,
                          person_id=office[-1][0] if len(office) > 1 else None)


def _places(ctx: Context) -> list[JurisdictionInfo]:
    root = ctx.jurisdictions[0]
    city = next((j for j in ctx.jurisdictions[1:] if j.level == JurisdictionLevel.CITY), None)
    county = next((j for j in ctx.jurisdictions if j.level == JurisdictionLevel.COUNTY), None)
    return [j for j in (root, city, county) if j is not None]


def finish(ctx: Context) -> None:
    """The benchmark accounts, then the accounts file."""
    root = ctx.jurisdictions[0]
    for j in _places(ctx):
        code, scope = j.obj.division_code, j.obj.name
        for role in (Role.OFFICE_DIRECTOR, Role.OFFICE_STAFF):
            _account(ctx, f"{code}_{SUFFIX[role]}", role, scope, j.level)
        roles = ROOT_ROLES if j is root else (Role.LEADING_GROUP,)
        for role in roles:
            _user(ctx, f"{code}_{SUFFIX[role]}", role, jurisdiction=j.obj.pk)
            _account(ctx, f"{code}_{SUFFIX[role]}", role, scope, j.level)
        if j.current_teams:
            team_id = min(j.current_teams)
            seats = j.current_teams[team_id]
            team_name = Team.objects.filter(pk=team_id).values_list("name", flat=True).first() or ""
            for seat, role in TEAM_SEATS:
                if seats.get(seat):
                    _user(ctx, f"{code}_{SUFFIX[role]}", role, team=team_id, person_id=seats[seat][0])
                    _account(ctx, f"{code}_{SUFFIX[role]}", role, team_name, j.level)
        if j.current_targets:
            org = j.current_targets[0]
            org_name = Organization.objects.filter(pk=org).values_list("short_name", flat=True).first() or ""
            _user(ctx, f"{code}_liaison", Role.LIAISON, organization=org)
            _account(ctx, f"{code}_liaison", Role.LIAISON, org_name, j.level)
    ctx.flush()
    write_accounts_file(ctx.accounts, ctx.accounts_path)


def _account(ctx: Context, username: str, role: str, scope: str, level: str) -> None:
    with translation.override("zh-hans"):
        label = str(Role(role).label)
    ctx.accounts.append({"role": str(role), "role_label": label, "username": username, "password": PASSWORD,
                         "scope": scope, "level": str(level)})


def accounts_file_path() -> Path:
    return Path(settings.VAR_DIR) / ACCOUNTS_FILENAME


def write_accounts_file(accounts: list[dict[str, str]], path: Path | None = None) -> Path:
    path = path or accounts_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(accounts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
