"""The inspector pool (巡察干部人才库): each jurisdiction's share of ``Size.pool``, never fewer than its teams
need, with deputies of departments as the ones fit to lead. ``per_jurisdiction`` picks the cadres; the
profiles are written by ``write`` once planning knows who is on a team in the field (在组)."""

from __future__ import annotations

import datetime

from xuncha.datasets.context import AS_OF, Context, JurisdictionInfo
from xuncha.orgs.models import JurisdictionLevel
from xuncha.pool.models import Availability, InspectorProfile, InspectorSkill
from xuncha.rules.models import Skill

LEVEL_INDEX: dict[str, int] = {JurisdictionLevel.PROVINCE: 0, JurisdictionLevel.CITY: 1, JurisdictionLevel.COUNTY: 2}
REQUIRED = (Skill.DISCIPLINE, Skill.ORGANIZATION, Skill.FINANCE, Skill.AUDIT)
SEATS_PER_TEAM = 7
AWAY = ("借调上级巡视机构", "参加党校中青年干部培训班", "休产假", "抽调驻村工作队", "病休")


def teams_per_round(ctx: Context, j: JurisdictionInfo) -> int:
    return ctx.size.teams[LEVEL_INDEX[j.level]]


def per_jurisdiction(ctx: Context, j: JurisdictionInfo) -> None:
    rng = ctx.rng
    weight = sum(teams_per_round(ctx, x) for x in ctx.jurisdictions) or 1
    teams = teams_per_round(ctx, j)
    n = min(len(j.cadres), max(teams * (SEATS_PER_TEAM + 2), round(ctx.size.pool * teams / weight)))
    deputies = [c for c in j.cadres if c[2] == 1]
    leads = rng.sample(deputies, min(len(deputies), max(teams * 3, n // 5)))
    chosen = {c[0] for c in leads}
    others = [c for c in j.cadres if c[0] not in chosen and c[2] >= 2]
    rest = rng.sample(others, min(len(others), n - len(leads)))
    j.pool = [(pk, org, True) for pk, org, _ in leads] + [(pk, org, False) for pk, org, _ in rest]


def write(ctx: Context, j: JurisdictionInfo, on_team: set[int]) -> None:
    """The profiles and their skills; cadres in ``on_team`` are on a team in the field."""
    rng = ctx.rng
    skills = list(Skill.values)
    for person_id, _, can_lead in j.pool:
        pk = ctx.new_id(InspectorProfile)
        profile = InspectorProfile(
            id=pk, person_id=person_id, jurisdiction_id=j.obj.pk, can_lead=can_lead,
            joined_on=AS_OF - datetime.timedelta(days=rng.randint(30, 2500)),
        )
        if person_id in on_team:
            profile.availability = Availability.ON_TEAM
        elif rng.random() < 0.05:
            profile.availability = Availability.UNAVAILABLE
            profile.note = rng.choice(AWAY)
            profile.unavailable_until = AS_OF + datetime.timedelta(days=rng.randint(20, 300))
        ctx.add(profile)
        picked = {rng.choice(REQUIRED)} | {rng.choice(skills) for _ in range(rng.randint(0, 2))}
        for skill in sorted(picked):
            ctx.add(InspectorSkill(profile_id=pk, skill=skill))
