"""Jurisdictions (the province, its cities and counties) and each one's party organisations, with their
materialised paths computed here (``TreeNode`` would need a save and an update per row)."""

from __future__ import annotations

from typing import Any

from xuncha.datasets.context import Context, JurisdictionInfo
from xuncha.datasets.places import (
    CITIES,
    COUNTY_DEPARTMENTS,
    PROVINCE,
    PROVINCE_UNITS,
    TOWN_WORDS,
    Place,
    UnitSpec,
    county_places,
)
from xuncha.demo import data
from xuncha.orgs.models import Jurisdiction, JurisdictionLevel, Organization, OrganizationType, Person, Sector
from xuncha.rules.models import TimeLimits

OFFICE_WORDS = ("巡察办", "巡视办")


def jurisdictions(ctx: Context) -> None:
    """The jurisdiction tree, parents before children."""
    size, rng = ctx.size, ctx.rng
    used: set[str] = set()

    def add(place: Place, level: str, parent: Jurisdiction | None, index: int) -> Jurisdiction:
        pk = ctx.new_id(Jurisdiction)
        path = f"{parent.path if parent else '/'}{pk}/"
        obj = Jurisdiction(id=pk, name=place.name, committee_name=place.committee, level=level,
                           division_code=place.code, parent=parent, path=path, depth=path.count("/") - 2)
        ctx.add(obj)
        ctx.jurisdictions.append(JurisdictionInfo(obj, place, level, index))
        return obj

    if size.cities == 0:
        city = Place(*CITIES[0])
        root = add(city, JurisdictionLevel.CITY, None, 0)
        for k, county in enumerate(county_places(rng, city, size.counties, used)):
            add(county, JurisdictionLevel.COUNTY, root, k)
    else:
        root = add(Place(PROVINCE[0], PROVINCE[2]), JurisdictionLevel.PROVINCE, None, 0)
        k = 0
        for i, (name, code) in enumerate(CITIES[:size.cities]):
            city = Place(name, code)
            cobj = add(city, JurisdictionLevel.CITY, root, i)
            n = size.counties // size.cities + (1 if i < size.counties % size.cities else 0)
            for county in county_places(rng, city, n, used):
                add(county, JurisdictionLevel.COUNTY, cobj, k)
                k += 1
    ctx.add(TimeLimits(jurisdiction=root))
    ctx.flush()


def _short(text: str, limit: int = 40) -> str:
    return text[:limit]


def per_jurisdiction(ctx: Context, j: JurisdictionInfo) -> None:
    """The organisations of one jurisdiction: its departments and institutions with their subordinate
    branches, and for a county its towns (乡镇、街道) with their villages (村、社区)."""
    size, rng = ctx.size, ctx.rng
    place = j.place
    units: list[tuple[str, str, str, str, str, int, bool, list[tuple[str, str, str, str, int]]]] = []
    # (short, name, unit, org_type, sector, staff, inspectable, children[(short, name, unit, sector, staff)])
    if j.level == JurisdictionLevel.PROVINCE:
        for spec in PROVINCE_UNITS[:size.province_units]:
            units.append(_from_spec(ctx, spec, {"p": place.base}, prefix=""))
    elif j.level == JurisdictionLevel.CITY:
        for cu in data.CITY_UNITS[:size.city_units]:
            city = place.base
            children = [(_short(city + c.short.removeprefix("市")), c.name.replace("洛阳", city),
                         c.unit.replace("洛阳", city), c.sector, c.staff) for c in cu.children]
            units.append((_short(city + cu.short.removeprefix("市")), cu.name.replace("洛阳", city),
                          cu.unit.replace("洛阳", city), cu.org_type, cu.sector, cu.staff, cu.inspectable, children))
    else:
        fmt = {"c": place.name, "cm": place.committee_short, "u": place.name}
        templates: list[Any] = [*data.COUNTY_UNITS, *COUNTY_DEPARTMENTS]
        for spec in templates[:size.county_units]:
            if isinstance(spec, UnitSpec):
                units.append(_from_spec(ctx, spec, fmt, prefix=""))
            else:  # the demo's county units (纪委监委机关, 组织部, 巡察办, 住建局 …)
                units.append((_short(spec.short.format(**fmt)), spec.name.format(**fmt), spec.unit.format(**fmt),
                              spec.org_type, spec.sector, rng.randint(*spec.staff), spec.inspectable, []))
    for short, name, unit, org_type, sector, staff, inspectable, children in units:
        parent = _org(ctx, j, None, short=short, name=name, unit=unit, org_type=org_type, sector=sector,
                      staff=staff, inspectable=inspectable)
        if inspectable:
            j.population.append(parent.pk)
        if any(word in short for word in OFFICE_WORDS):
            j.office_org = parent.pk
        for cshort, cname, cunit, csector, cstaff in children:
            _org(ctx, j, parent, short=cshort, name=cname, unit=cunit,
                 org_type=OrganizationType.PARTY_COMMITTEE if cstaff >= 300 else OrganizationType.BRANCH,
                 sector=csector, staff=cstaff, inspectable=True)
    if j.level == JurisdictionLevel.COUNTY:
        _towns(ctx, j)


def _from_spec(ctx: Context, spec: UnitSpec, fmt: dict[str, str], *, prefix: str
               ) -> tuple[str, str, str, str, str, int, bool, list[tuple[str, str, str, str, int]]]:
    rng = ctx.rng
    unit = spec.unit.format(**fmt)
    if spec.org_type == OrganizationType.LEADING_PARTY_GROUP:
        name = f"中共{unit}党组"
    elif spec.org_type == OrganizationType.BRANCH:
        name = f"中共{unit}支部委员会"
    else:
        name = f"中共{unit}委员会"
    short = spec.short.format(**fmt)
    if "p" in fmt and short.startswith("省"):
        short = fmt["p"] + short
    children = []
    for cshort, csector in spec.children:
        cunit = cshort.format(**fmt)
        if "p" in fmt and cunit.startswith("省"):
            cunit = fmt["p"] + cunit
        children.append((_short(cunit), f"中共{cunit}委员会", cunit, csector, rng.randint(60, 900)))
    return _short(prefix + short), name, unit, spec.org_type, spec.sector, rng.randint(*spec.staff), \
        spec.inspectable, children


def _org(ctx: Context, j: JurisdictionInfo, parent: Organization | None, *, short: str, name: str, unit: str,
         org_type: str, sector: str, staff: int, inspectable: bool, village: bool = False) -> Organization:
    pk = ctx.new_id(Organization)
    path = f"{parent.path if parent else '/'}{pk}/"
    principal = ctx.new_id(Person)
    org = Organization(id=pk, parent=parent, path=path, depth=path.count("/") - 2, name=name[:120],
                       short_name=short, unit_name=unit[:120], org_type=org_type, sector=sector,
                       jurisdiction_id=j.obj.pk, staff_size=staff, is_inspectable=inspectable,
                       address=f"{j.place.name}{ctx.rng.choice(data.COUNTY_ROADS)}{ctx.rng.randint(1, 300)}号",
                       principal_leader_id=principal)
    ctx.add(org)
    j.orgs.append(org)
    j.principal[pk] = principal
    if village:
        j.village_ids.append(pk)
    else:
        j.org_ids.append(pk)
        j.org_names[pk] = unit or name
    return org


def _towns(ctx: Context, j: JurisdictionInfo) -> None:
    rng, size, place = ctx.rng, ctx.size, j.place
    words = list(TOWN_WORDS)
    rng.shuffle(words)
    for t in range(rng.randint(*size.towns)):
        street = t < 2
        kind = "街道" if street else rng.choice(("镇", "镇", "乡"))
        town = f"{words[t % len(words)]}{'' if t < len(words) else t}{kind}"
        unit = f"{place.name}{town}{'办事处' if street else '人民政府'}"
        org = _org(ctx, j, None, short=_short(f"{place.name}{town}"),
                   name=f"中共{place.name}{town}{'工作委员会' if street else '委员会'}", unit=unit,
                   org_type=OrganizationType.WORKING_COMMITTEE if street else OrganizationType.PARTY_COMMITTEE,
                   sector=Sector.TOWNSHIP, staff=rng.randint(40, 110), inspectable=True)
        j.population.append(org.pk)
        used: set[str] = set()
        for v in range(rng.randint(*size.villages)):
            if street:
                village = rng.choice(data.COMMUNITY_WORDS) + "社区"
            else:
                village = "".join(rng.choice(part) for part in data.VILLAGE_PARTS) + "村"
            if village in used:
                village = f"{village[:-1]}{v}{village[-1]}"
            used.add(village)
            _org(ctx, j, org, short=_short(f"{town}{village}"), name=f"中共{place.name}{town}{village}支部委员会",
                 unit=f"{town}{village}{'居民委员会' if street else '村民委员会'}", org_type=OrganizationType.BRANCH,
                 sector=Sector.VILLAGE, staff=rng.randint(5, 12), inspectable=True, village=True)
