"""Cadres of every organisation (干部) with their careers (工作经历) and declared relatives (亲属)."""

from __future__ import annotations

import datetime
from itertools import accumulate

from xuncha.datasets.context import AS_OF, Context, JurisdictionInfo
from xuncha.demo import data
from xuncha.orgs.models import (
    Gender,
    JurisdictionLevel,
    Kinship,
    Organization,
    OrganizationType,
    Person,
    Rank,
    Relative,
    Sector,
    WorkHistory,
)

# How many cadres an organisation has, relative to the others (a town many, a village branch few).
SECTOR_WEIGHT: dict[str, float] = {
    Sector.PARTY_GOVERNMENT: 1.6, Sector.PUBLIC_INSTITUTION: 1.0, Sector.STATE_ENTERPRISE: 1.4,
    Sector.MASS_ORGANIZATION: 0.8, Sector.TOWNSHIP: 2.4, Sector.VILLAGE: 0.45, Sector.EDUCATION: 1.3,
    Sector.HEALTH: 1.3, Sector.OTHER: 1.0,
}
# Rank ladder by level of the jurisdiction: principal, deputies, section heads, their deputies, staff.
LADDER: dict[str, tuple[str, ...]] = {
    JurisdictionLevel.PROVINCE: (Rank.DEPARTMENT_CHIEF, Rank.DEPARTMENT_DEPUTY, Rank.DIVISION_CHIEF,
                                 Rank.DIVISION_DEPUTY, Rank.SECTION_CHIEF),
    JurisdictionLevel.CITY: (Rank.DIVISION_CHIEF, Rank.DIVISION_DEPUTY, Rank.SECTION_CHIEF, Rank.SECTION_DEPUTY,
                             Rank.STAFF),
    JurisdictionLevel.COUNTY: (Rank.SECTION_CHIEF, Rank.SECTION_DEPUTY, Rank.STAFF, Rank.STAFF, Rank.STAFF),
}
TIER = ("head", "deputy", "section", "section_deputy", "staff")
SECTION_POSTS = ("办公室主任", "综合科科长", "财务科科长", "人事科科长", "法规科科长", "业务科科长", "监督科科长")
STAFF_POSTS = ("科员", "科员", "干部", "办事员", "会计", "文秘")
VILLAGE_POSTS = ("党支部书记、村委会主任", "村委会副主任", "村务监督委员会主任", "村委会委员", "村会计", "妇联主席")
COMMUNITY_POSTS = ("党支部书记、居委会主任", "居委会副主任", "居务监督委员会主任", "社区网格员", "居委会委员")


def _head_word(unit: str) -> str:
    for suffix, word in (("医院", "院长"), ("学", "校长"), ("中心", "主任"), ("院", "院长"), ("局", "局长"),
                         ("厅", "厅长"), ("部", "部长"), ("公司", "董事长"), ("会", "主席"), ("委员会", "主任"),
                         ("政府", "镇长"), ("办事处", "主任")):
        if unit.endswith(suffix):
            return word
    return "主任"


def _titles(org: Organization, n: int) -> list[tuple[str, int]]:
    """(post, rank step) of ``n`` cadres of ``org``: the principal, deputies, section heads, staff."""
    if org.sector == Sector.VILLAGE:
        posts = COMMUNITY_POSTS if org.unit_name.endswith("居民委员会") else VILLAGE_POSTS
        return [(posts[min(i, len(posts) - 1)], 4) for i in range(n)]
    head = _head_word(org.unit_name)
    secretaries: dict[str, str] = {OrganizationType.LEADING_PARTY_GROUP: "党组书记、",
                                   OrganizationType.PARTY_COMMITTEE: "党委书记、",
                                   OrganizationType.WORKING_COMMITTEE: "党工委书记、"}
    secretary = secretaries.get(str(org.org_type), "党支部书记、")
    rows = [(f"{secretary}{head}", 0)]
    for i in range(1, n):
        if i <= 2:
            rows.append((f"{'党组成员、' if secretary == '党组书记、' else ''}副{head}", 1))
        elif i <= 5:
            rows.append((SECTION_POSTS[(i - 3) % len(SECTION_POSTS)], 2))
        elif i <= 8:
            post = SECTION_POSTS[(i - 6) % len(SECTION_POSTS)]
            rows.append((post.replace("主任", "副主任").replace("科长", "副科长"), 3))
        else:
            rows.append((STAFF_POSTS[i % len(STAFF_POSTS)], 4))
    return rows


class Names:
    """Fictional names by weight; they repeat, as real names do at this scale (demo.names keeps them unique)."""

    def __init__(self, ctx: Context) -> None:
        self.rng = ctx.rng
        self.surnames = [s for s, _ in data.SURNAMES]
        self.weights = list(accumulate(w for _, w in data.SURNAMES))

    def surname(self) -> str:
        return self.rng.choices(self.surnames, cum_weights=self.weights)[0]

    def name(self, gender: str, surname: str | None = None) -> str:
        rng, male = self.rng, gender == Gender.MALE
        if rng.random() < 0.3:
            given = rng.choice(data.MALE_SINGLE if male else data.FEMALE_SINGLE)
        else:
            given = rng.choice(data.MALE_FIRST if male else data.FEMALE_FIRST) + rng.choice(
                data.MALE_SECOND if male else data.FEMALE_SECOND)
        return (surname or self.surname()) + given


def _id_number(ctx: Context, area: str, born: datetime.date, gender: str) -> str:
    """A fictional 18-digit identity number with a valid check digit (GB 11643)."""
    seq = ctx.rng.randrange(0, 999, 2) + (1 if gender == Gender.MALE else 0)
    body = f"{area}{born:%Y%m%d}{seq:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def per_jurisdiction(ctx: Context, j: JurisdictionInfo) -> None:
    rng, size = ctx.rng, ctx.size
    names = getattr(ctx, "_names", None)
    if names is None:
        names = Names(ctx)
        ctx._names = names  # type: ignore[attr-defined]
    orgs = j.orgs
    weights = [SECTOR_WEIGHT.get(o.sector, 1.0) for o in orgs]
    factor = size.cadres_per_org * len(orgs) / (sum(weights) or 1)
    ladder = LADDER[j.level]
    native = "河南" + (j.place.base if j.level != JurisdictionLevel.PROVINCE else "郑州")
    first = last = 0
    for org, weight in zip(orgs, weights, strict=True):
        expected = weight * factor
        n = max(1, int(expected) + (1 if rng.random() < expected - int(expected) else 0))
        step_down = 1 if org.parent_id and org.sector != Sector.VILLAGE else 0
        for i, (post, step) in enumerate(_titles(org, n)):
            pk = j.principal[org.pk] if i == 0 else ctx.new_id(Person)
            first, last = (pk if not first else min(first, pk)), max(last, pk)
            rank = ladder[min(step + step_down, len(ladder) - 1)] if org.sector != Sector.VILLAGE else Rank.STAFF
            tier = "village" if org.sector == Sector.VILLAGE else TIER[min(step + step_down, 4)]
            gender = Gender.MALE if rng.random() < data.MALE_SHARE[tier] else Gender.FEMALE
            born = datetime.date(rng.randint(*data.BIRTH_YEARS[tier]), rng.randint(1, 12), rng.randint(1, 28))
            local = rng.random() < 0.8
            person = Person(
                id=pk, name=names.name(gender), gender=gender, birth_year=born.year, organization_id=org.pk,
                post=post[:80], rank=rank, hometown=native if local else rng.choice(data.PLACES_OUTSIDE),
                hometown_jurisdiction_id=j.obj.pk if local else None,
                id_number=_id_number(ctx, j.obj.division_code, born, gender),
                phone=f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
            )
            ctx.add(person)
            _career(ctx, j, person, born, org)
            _relatives(ctx, j, person, names)
            if org.sector != Sector.VILLAGE:
                j.cadres.append((pk, org.pk, step + step_down))
    j.person_ids = (first, last)
    j.orgs = []  # the rows are written; later areas need only the ids


def _career(ctx: Context, j: JurisdictionInfo, person: Person, born: datetime.date, org: Organization) -> None:
    """The current post and one or two earlier ones, at other units of the jurisdiction or elsewhere."""
    rng = ctx.rng
    begin = datetime.date(born.year + rng.choice((21, 22, 23)), rng.choice((7, 8)), 1)
    current = datetime.date(rng.randint(min(max(begin.year + 2, 2008), 2025), 2025), rng.randint(1, 12), 1)
    earlier = rng.choice((1, 1, 2)) if (current - begin).days > 3 * 365 else 0
    starts = [begin]
    for k in range(1, earlier):
        starts.append(begin + (current - begin) * k / earlier)
    ends = [*starts[1:], current]
    for s, e in zip(starts[:earlier], ends, strict=False):
        if rng.random() < 0.45 and j.org_ids:
            other = rng.choice(j.org_ids)
            ctx.add(WorkHistory(person_id=person.pk, organization_id=other,
                                organization_name=j.org_names[other][:120],
                                post=rng.choice(STAFF_POSTS + SECTION_POSTS), start=s,
                                end=e - datetime.timedelta(days=1)))
        else:
            place = rng.choice(data.COUNTY_OTHER_WORKPLACES).format(c=j.place.name)
            ctx.add(WorkHistory(person_id=person.pk, organization_id=None, organization_name=place[:120],
                                post=rng.choice(STAFF_POSTS), start=s, end=e - datetime.timedelta(days=1)))
    ctx.add(WorkHistory(person_id=person.pk, organization_id=org.pk,
                        organization_name=(org.unit_name or org.name)[:120], post=person.post, start=current, end=None))


def _relatives(ctx: Context, j: JurisdictionInfo, person: Person, names: Names) -> None:
    rng = ctx.rng
    age = AS_OF.year - person.birth_year
    kinds = [Kinship.SPOUSE, Kinship.PARENT, Kinship.SIBLING] + ([Kinship.CHILD] if age >= 45 else [])
    n = rng.choices((0, 1, 2, 3), weights=(2, 4, 3, 1))[0]
    for kinship in rng.sample(kinds, min(n, len(kinds))):
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        if kinship == Kinship.SPOUSE:
            gender = Gender.FEMALE if person.gender == Gender.MALE else Gender.MALE
        same = kinship in (Kinship.SIBLING, Kinship.CHILD) or (kinship == Kinship.PARENT and gender == Gender.MALE)
        relative = Relative(person_id=person.pk, name=names.name(gender, person.name[0] if same else None),
                            kinship=kinship)
        if kinship == Kinship.PARENT and age >= 35:
            relative.workplace = "已退休"
        elif rng.random() < 0.2 and j.org_ids:
            other = rng.choice(j.org_ids)
            relative.organization_id, relative.workplace, relative.post = other, j.org_names[other][:120], "科员"
        else:
            relative.workplace, relative.post = rng.choice(data.RELATIVE_WORKPLACES)
        ctx.add(relative)
