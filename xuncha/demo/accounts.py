"""The demo accounts: one per role, all with the same published password (the README lists them).

This module needs no database, so tests, the README and the login page can rely on it directly.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation

from xuncha.accounts.roles import SECOND_FACTOR_ROLES, Role, ScopeKind

DEMO_PASSWORD = "Demo#2018xc"  # noqa: S105 - published in the README; demo installations only
ACCOUNTS_FILENAME = "demo-accounts.json"


@dataclass(frozen=True)
class DemoAccount:
    """A demo login. ``scope`` is how the bound object prints (its ``str``); ``person`` names the cadre tag
    or team seat the loader attaches to the user ("" for none)."""

    role: Role
    username: str
    scope_kind: ScopeKind
    scope: str
    person: str

    @property
    def role_label(self) -> str:
        # The labels are Chinese msgids; pin the language so an English request cannot change the file.
        with translation.override("zh-hans"):
            return str(self.role.label)

    @property
    def totp_key(self) -> bytes:
        """The key of the demo account's authenticator (roles that need a second factor only; b"" else). Fixed
        and published like the password, so that the README, the browser tests and ``manage.py demo_otp`` know
        it; demo installations only."""
        if self.role not in SECOND_FACTOR_ROLES:
            return b""
        return hashlib.sha1(f"xuncha-demo-totp:{self.username}".encode()).digest()  # noqa: S324 (a key, not a hash)

    @property
    def totp_secret(self) -> str:
        """The key in base32, as authenticator apps take it ("" when the role needs no second factor)."""
        return base64.b32encode(self.totp_key).decode() if self.totp_key else ""

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role.value, "role_label": self.role_label, "username": self.username,
                "password": DEMO_PASSWORD, "totp_secret": self.totp_secret, "scope": self.scope}


JUR, TEAM, ORG = ScopeKind.JURISDICTION, ScopeKind.TEAM, ScopeKind.ORGANIZATION
# ``person``: a tag from data.P (a post in a unit), "team<n>:<seat>" for a seat on round 7's team number n (1–5
# the city's, 6–20 the counties' cross-inspection teams), or "<unit short name>:<post>" for a post without a tag.
# 上下联动: 洛龙区's own team inspects 新安县's 公租房 in round 7 and 瀍河回族区's team inspects 洛龙区's, which is at
# the feedback stage, so 洛龙区's office director sees both (read-only) and its team leader sees their own.
COUNTY = "洛龙区"
COUNTY_TEAM = "洛龙区委巡察组"
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(Role.OFFICE_STAFF, "office", JUR, "洛阳市", "office"),
    DemoAccount(Role.OFFICE_DIRECTOR, "director", JUR, "洛阳市", "director"),
    DemoAccount(Role.LEADING_GROUP, "leading", JUR, "洛阳市", "leading"),
    DemoAccount(Role.DISCIPLINE_COMMISSION, "cdi", JUR, "洛阳市", "cdi"),
    DemoAccount(Role.ORG_DEPARTMENT, "orgdept", JUR, "洛阳市", "orgdept"),
    DemoAccount(Role.SYSTEM_ADMIN, "sysadmin", JUR, "洛阳市", "sysadmin"),
    DemoAccount(Role.SECURITY_ADMIN, "secadmin", JUR, "洛阳市", "secadmin"),
    DemoAccount(Role.SECURITY_AUDITOR, "auditor", JUR, "洛阳市", "auditor"),
    DemoAccount(Role.TEAM_LEADER, "leader3", TEAM, "市委第三巡察组", "team3:leader"),
    DemoAccount(Role.TEAM_MEMBER, "member3", TEAM, "市委第三巡察组", "team3:member"),
    DemoAccount(Role.TEAM_MEMBER, "member1", TEAM, "市委第一巡察组", "team1:member"),
    DemoAccount(Role.LIAISON, "liaison_gsl", ORG, "市工商联", "liaison_gsl"),
    DemoAccount(Role.LIAISON, "liaison_fgj", ORG, "市房管局", "liaison_fgj"),
    DemoAccount(Role.OFFICE_DIRECTOR, "county_director", JUR, COUNTY, f"{COUNTY}委巡察办:主任"),
    DemoAccount(Role.TEAM_LEADER, "county_leader", TEAM, COUNTY_TEAM, "team11:leader"),
)


def demo_accounts() -> list[dict[str, str]]:
    """The accounts as written to ``var/demo-accounts.json``: role, role_label, username, password,
    totp_secret (base32; "" for roles that sign in without a second factor), scope."""
    return [a.as_dict() for a in DEMO_ACCOUNTS]


def accounts_file_path() -> Path:
    return Path(settings.VAR_DIR) / ACCOUNTS_FILENAME


def write_accounts_file(path: Path | None = None) -> Path:
    """Write the account list as JSON (UTF-8, Chinese kept readable); returns the path written."""
    path = path or accounts_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(demo_accounts(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half a file
    return path
