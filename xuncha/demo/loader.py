"""Building the demo data set (``manage.py load_demo``): the 洛阳 round of November 2018.

Everything is drawn from ``data`` with one seeded PRNG, so a given seed always yields the same people.
Organisations, cadres and their records are inserted in bulk; the steps of each inspection go through
``inspection_apply_transition`` (guards, status records, audit) with the historical dates, and the status
records are then backdated to those dates. The audit log is left as written: it records when the demo was
loaded, which is the truth.

Besides the inspections, the planning side is populated: an inspector-pool profile with skills for every cadre of
the team pools and some reserves (``pool``), round 6's county teams in cross inspections whose pairs the round-7
assignment must not repeat (``cross_round``), and round 7's preparation records (``preparation``).
"""

from __future__ import annotations

import datetime
import io
import random
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts.models import User
from xuncha.accounts.roles import Role, ScopeKind
from xuncha.accounts.services import role_grant
from xuncha.audit.services import audit_record
from xuncha.core.clock import set_business_date
from xuncha.core.exceptions import DomainError
from xuncha.core.models import StatusChange
from xuncha.core.progress import ProgressBar
from xuncha.demo import data
from xuncha.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount, write_accounts_file
from xuncha.demo.data import P
from xuncha.demo.fieldwork import populate_fieldwork
from xuncha.demo.findings import build_findings
from xuncha.demo.leads import populate_leads
from xuncha.demo.names import NameGenerator
from xuncha.demo.notices import populate_notices
from xuncha.demo.petitions import load_petitions
from xuncha.demo.preparation import planning_policies, prepare_round7
from xuncha.demo.reports import before_step, populate_reports
from xuncha.demo.surveys import build_surveys
from xuncha.inspections.models import (
    DeclarationKind,
    Inspection,
    InspectionTarget,
    InspectionType,
    MemberDeclaration,
    MembershipRole,
    Round,
    Team,
    TeamMembership,
    Term,
)
from xuncha.inspections.services import inspection_apply_transition
from xuncha.inspections.workflow import TRANSITION_DATE_FIELD
from xuncha.orgs.models import (
    Gender,
    Jurisdiction,
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
from xuncha.planning.teams import team_step
from xuncha.pool.models import Availability, InspectorProfile, InspectorSkill
from xuncha.rules.models import TimeLimits

DEFAULT_SEED = 20181101
d = datetime.date

# Rank by tier: a city department head is 正处, a county department head 正科 (spec: team leaders of rank).
RANKS: dict[bool, dict[str, str]] = {
    False: {"top": Rank.DEPARTMENT_DEPUTY, "head": Rank.DIVISION_CHIEF, "deputy": Rank.DIVISION_DEPUTY,
            "section": Rank.SECTION_CHIEF, "section_deputy": Rank.SECTION_DEPUTY, "staff": Rank.STAFF,
            "village": Rank.STAFF},
    True: {"top": Rank.DIVISION_DEPUTY, "head": Rank.SECTION_CHIEF, "deputy": Rank.SECTION_DEPUTY,
           "section": Rank.STAFF, "section_deputy": Rank.STAFF, "staff": Rank.STAFF, "village": Rank.STAFF},
}
# Outside places for hometowns, with an area code for the identity number.
OUTSIDE_CODES = {
    "河南郑州": "410102", "河南南阳": "411302", "河南平顶山": "410402", "河南三门峡": "411202",
    "河南焦作": "410802", "河南开封": "410204", "河南周口": "411602", "山西运城": "140802", "山东菏泽": "371702",
    "河北邯郸": "130402", "陕西渭南": "610502",
}
DISTRICT_CODES = ("410302", "410303", "410304", "410305", "410311")
RELATIVE_POSTS: dict[str, str] = {Sector.EDUCATION.value: "教师", Sector.HEALTH.value: "医生"}
TEAM_TAGS = ("team_leader", "team_deputy", "team_member", "team_liaison")
RANK_ORDER = [r.value for r in Rank]  # highest first
# Fit to lead a team (可任组长): city cadres from 副处级, county cadres from 正科级 (keyed by "is a county cadre").
LEAD_RANK: dict[bool, str] = {False: Rank.DIVISION_DEPUTY, True: Rank.SECTION_CHIEF}
AS_OF = d(2018, 10, 31)  # careers and relatives are described as on the eve of round 7


def demo_is_loaded() -> bool:
    """The demo is there when its root jurisdiction (洛阳市, 410300) is."""
    return Jurisdiction.objects.filter(division_code=data.CITY_CODE).exists()


@dataclass
class LoadResult:
    created: bool
    seconds: float
    accounts_path: Path
    counts: dict[str, int] = field(default_factory=dict)
    # DEMO_CONFLICTS key → the cadre seeded with that recusal conflict
    conflicts: dict[str, int] = field(default_factory=dict)


def load_demo(*, seed: int = DEFAULT_SEED, stream: TextIO | None = None,
              accounts_path: Path | None = None) -> LoadResult:
    """Load the demo data set unless it is there already; either way (re)write the accounts file.

    ``stream`` receives progress bars (None: silent). The whole load is one transaction.
    """
    started = time.monotonic()
    if demo_is_loaded():
        path = write_accounts_file(accounts_path)
        return LoadResult(False, time.monotonic() - started, path)
    with transaction.atomic():
        builder = _Builder(random.Random(seed), stream if stream is not None else io.StringIO())
        builder.build()
    path = write_accounts_file(accounts_path)
    return LoadResult(True, time.monotonic() - started, path, builder.counts, builder.conflict_ids())


@dataclass(eq=False)
class Cadre:
    """A person being built, with the records that the recusal rules read."""

    person: Person
    tier: str
    tag: str
    county: int | None  # index into data.COUNTIES; None for the city
    history: list[WorkHistory] = field(default_factory=list)
    relatives: list[Relative] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)  # pool.models.Skill codes, from unit, post and last job


Seat = tuple[Cadre, str]  # a cadre and their MembershipRole on a team


class _Builder:
    def __init__(self, rng: random.Random, stream: TextIO) -> None:
        self.rng = rng
        self.stream = stream
        self.names = NameGenerator(rng)
        self.counts: dict[str, int] = {}
        self.orgs: dict[str, Organization] = {}
        self.org_list: list[Organization] = []
        self.org_county: dict[int, int | None] = {}  # org pk → county index
        self.subtree: dict[int, set[int]] = defaultdict(set)  # org pk → pks of it and everything below
        self.cadres: list[Cadre] = []
        self.principal: dict[int, Cadre] = {}  # org pk → principal leader
        self.tagged: dict[str, list[Cadre]] = defaultdict(list)
        self.pools: dict[int | None, dict[str, list[Cadre]]] = defaultdict(lambda: defaultdict(list))
        self.conflicts: dict[str, Cadre] = {}
        self.previous_team: dict[int, set[Cadre]] = {}  # org pk → the team of its latest inspection
        self.r7_seats: dict[int, list[Seat]] = {}
        self.schedule: list[tuple[Inspection, dict[str, datetime.date]]] = []
        self._r7_targets: set[int] | None = None
        self.first_served: dict[Cadre, datetime.date] = {}  # cadre → entry day of their first team
        self._orgs_by_county: dict[int | None, list[Organization]] = {}
        self.users: dict[str, User] = {}

    # -- orchestration ---------------------------------------------------------------------------------

    def build(self) -> None:
        self.jurisdictions()
        self.organizations()
        self.people()
        self.planning()
        self.pool()
        self.accounts()
        planning_policies(self)
        self.readiness()
        self.lifecycle()
        prepare_round7(self)
        load_petitions(self)
        build_surveys(self)
        populate_fieldwork(self)
        populate_notices(self)
        build_findings(self)
        populate_leads(self)
        populate_reports(self)
        # Last: the load itself dates its records explicitly; from now on pages read the demo as of this day.
        set_business_date(data.BUSINESS_DATE, reason="演示")
        audit_record("demo.load", object_type="demo", object_repr="十一届洛阳市委第七轮巡察演示数据",
                     details=dict(self.counts))

    def conflict_ids(self) -> dict[str, int]:
        return {key: cadre.person.pk for key, cadre in self.conflicts.items()}

    def bar(self, label: str, total: int) -> ProgressBar:
        return ProgressBar(label, total, stream=self.stream)

    # -- jurisdictions and organisations --------------------------------------------------------------

    def jurisdictions(self) -> None:
        self.city = Jurisdiction(name=data.CITY_NAME, committee_name=data.CITY_COMMITTEE,
                                 level=JurisdictionLevel.CITY, division_code=data.CITY_CODE)
        self.city.save()
        self.counties: list[Jurisdiction] = []
        for county in data.COUNTIES:
            j = Jurisdiction(name=county.name, committee_name=county.committee, level=JurisdictionLevel.COUNTY,
                             division_code=county.code, parent=self.city)
            j.save()  # TreeNode.save keeps the path; 16 rows need no bulk insert
            self.counties.append(j)
        self.by_code = {j.division_code: j for j in [self.city, *self.counties]}
        TimeLimits.objects.create(jurisdiction=self.city)
        for code, values in data.TIME_LIMIT_OVERRIDES.items():
            TimeLimits.objects.create(jurisdiction=self.by_code[code], **values)
        self.counts["jurisdictions"] = len(self.by_code)

    def jurisdiction(self, county: int | None) -> Jurisdiction:
        return self.city if county is None else self.counties[county]

    def organizations(self) -> None:
        rng = self.rng
        roots: list[tuple[Organization, int | None, tuple[P, ...]]] = []
        children: list[tuple[Organization, str, int | None, tuple[P, ...]]] = []  # (org, parent short, …)
        for unit in data.CITY_UNITS:
            address = unit.address or rng.choice(data.CITY_ROADS)
            org = Organization(name=unit.name, short_name=unit.short, unit_name=unit.unit, org_type=unit.org_type,
                               sector=unit.sector, jurisdiction=self.city, staff_size=unit.staff,
                               is_inspectable=unit.inspectable, address=f"{address}{rng.randint(1, 320)}号")
            roots.append((org, None, unit.posts))
            for child in unit.children:
                corg = Organization(name=child.name, short_name=child.short, unit_name=child.unit,
                                    org_type=child.org_type, sector=child.sector, jurisdiction=self.city,
                                    staff_size=child.staff, address=org.address)
                children.append((corg, unit.short, None, child.posts))
        used_villages: set[str] = set()
        for index, county in enumerate(data.COUNTIES):
            jur = self.counties[index]
            fmt = {"c": county.name, "cm": county.committee_short, "u": county.unit_prefix}
            for cu in data.COUNTY_UNITS:
                if cu.only_with_housing_centre and not county.housing_centre:
                    continue
                org = Organization(
                    name=cu.name.format(**fmt), short_name=cu.short.format(**fmt), unit_name=cu.unit.format(**fmt),
                    org_type=cu.org_type, sector=cu.sector, jurisdiction=jur, staff_size=rng.randint(*cu.staff),
                    is_inspectable=cu.inspectable,
                    address=f"{county.unit_prefix}{rng.choice(data.COUNTY_ROADS)}{rng.randint(1, 200)}号",
                )
                roots.append((org, index, tuple(self._county_posts(cu.posts, fmt))))
            for town, n_villages in zip(county.towns, data.VILLAGES_PER_TOWN, strict=True):
                street = town.endswith("街道")
                org = Organization(
                    name=f"中共{county.unit_prefix}{town}{'工作委员会' if street else '委员会'}",
                    short_name=f"{county.name}{town}",
                    unit_name=f"{county.unit_prefix}{town}{'办事处' if street else '人民政府'}",
                    org_type=OrganizationType.WORKING_COMMITTEE if street else OrganizationType.PARTY_COMMITTEE,
                    sector=Sector.TOWNSHIP,
                    jurisdiction=jur, staff_size=rng.randint(40, 110), address=f"{county.unit_prefix}{town}",
                )
                roots.append((org, index, data.TOWN_POSTS[town[-1]]))
                for _ in range(n_villages):
                    village = self._village_name(street, used_villages)
                    vorg = Organization(
                        name=f"中共{county.unit_prefix}{town}{village}支部委员会", short_name=f"{town}{village}",
                        unit_name=f"{town}{village}{'居民委员会' if street else '村民委员会'}",
                        org_type=OrganizationType.BRANCH, sector=Sector.VILLAGE, jurisdiction=jur,
                        staff_size=rng.randint(5, 12), address=f"{county.unit_prefix}{town}{village}",
                    )
                    children.append((vorg, f"{county.name}{town}", index,
                                     data.COMMUNITY_POSTS if street else data.VILLAGE_POSTS))
        bar = self.bar("党组织", len(roots) + len(children))
        self._insert_tree([org for org, _, _ in roots])
        bar.advance(len(roots))
        for org, _, _ in roots:
            self.orgs[org.short_name] = org
        for org, parent_short, _, _ in children:
            org.parent = self.orgs[parent_short]
        self._insert_tree([org for org, _, _, _ in children])
        bar.advance(len(children))
        bar.finish()
        for org, _, _, _ in children:
            self.orgs[org.short_name] = org
        self.org_posts: list[tuple[Organization, int | None, tuple[P, ...]]] = [
            *roots, *((org, county, posts) for org, _, county, posts in children)
        ]
        for org, where, _ in self.org_posts:
            self.org_list.append(org)
            self.org_county[org.pk] = where
            self.subtree[org.pk].add(org.pk)
            if org.parent_id:
                self.subtree[org.parent_id].add(org.pk)
        self.counts["organizations"] = len(self.org_list)

    def _county_posts(self, posts: Iterable[P], fmt: dict[str, str]) -> Iterable[P]:
        for p in posts:
            yield P(p.title.format(**fmt), p.tier, p.tag, p.count)

    def _village_name(self, community: bool, used: set[str]) -> str:
        while True:
            if community:
                name = self.rng.choice(data.COMMUNITY_WORDS) + "社区"
            else:
                prefix, middle, suffix = (self.rng.choice(part) for part in data.VILLAGE_PARTS)
                name = f"{prefix}{middle}{suffix}村"
            if name not in used:
                used.add(name)
                return name

    @staticmethod
    def _insert_tree(nodes: list[Organization]) -> None:
        """Insert nodes whose parents exist and give them the paths ``TreeNode.save()`` would."""
        if not connection.features.can_return_rows_from_bulk_insert:
            for node in nodes:
                node.save()
            return
        Organization.objects.bulk_create(nodes, batch_size=500)
        for node in nodes:
            node.path = f"{node.parent.path if node.parent else '/'}{node.pk}/"
            node.depth = node.path.count("/") - 2
        Organization.objects.bulk_update(nodes, ["path", "depth"], batch_size=500)

    # -- people -------------------------------------------------------------------------------------------

    def people(self) -> None:
        for org, county, posts in self.org_posts:
            for i, post in enumerate(posts):
                for n in range(post.count):
                    title = post.title.format(n=data.CN_ORDINALS[n]) if "{n}" in post.title else post.title
                    cadre = self.cadre(org, county, title, post.tier, post.tag)
                    if i == 0 and n == 0:
                        self.principal[org.pk] = cadre
        self.seed_conflicts()
        self.pool_reserves()
        bar = self.bar("干部", len(self.cadres))
        Person.objects.bulk_create([c.person for c in self.cadres], batch_size=500)
        bar.advance(len(self.cadres))
        for c in self.cadres:
            for job in c.history:
                job.person = c.person
            for relative in c.relatives:
                relative.person = c.person
        WorkHistory.objects.bulk_create([h for c in self.cadres for h in c.history], batch_size=1000)
        Relative.objects.bulk_create([r for c in self.cadres for r in c.relatives], batch_size=1000)
        for org in self.org_list:
            org.principal_leader = self.principal[org.pk].person
        Organization.objects.bulk_update(self.org_list, ["principal_leader"], batch_size=500)
        bar.finish()
        self.counts["people"] = len(self.cadres)
        self.counts["work_history"] = sum(len(c.history) for c in self.cadres)
        self.counts["relatives"] = sum(len(c.relatives) for c in self.cadres)

    def cadre(self, org: Organization, county: int | None, title: str, tier: str, tag: str, *,
              gender: str | None = None, birth_year: int | None = None, hometown: tuple[str, int | None] | None = None,
              history: list[WorkHistory] | None = None, pooled: bool = True) -> Cadre:
        """Make one cadre of ``org`` (not saved) with a career and declared relatives."""
        rng = self.rng
        gender = gender or (Gender.MALE if rng.random() < data.MALE_SHARE[tier] else Gender.FEMALE)
        birth_year = birth_year or rng.randint(*data.BIRTH_YEARS[tier])
        place, place_county = hometown or self._hometown(county)
        person = Person(
            name=self.names.name(gender), gender=gender, birth_year=birth_year, organization=org, post=title,
            rank=RANKS[county is not None][tier], hometown=place,
            hometown_jurisdiction=None if place_county is None else self._place_jurisdiction(place_county),
            id_number=self._id_number(place, place_county, birth_year, gender),
            phone=f"0379-6{rng.randint(0, 9999999):07d}",
        )
        cadre = Cadre(person, tier, tag, county)
        # Pool cadres never get accidental ties to a round-7 target; the deliberate ones are seeded apart.
        avoid = self._round7_target_ids() if tag.startswith("team_") else set()
        cadre.history = history if history is not None else self._career(cadre, avoid)
        cadre.relatives = self._relatives(cadre, avoid)
        cadre.skills = data.skills_of(org.unit_name or org.name, title,
                                      *(job.organization_name for job in cadre.history[-2:-1]))
        self.cadres.append(cadre)
        if tag:
            self.tagged[tag].append(cadre)
            if tag in TEAM_TAGS and pooled:
                self.pools[county][tag].append(cadre)
        return cadre

    def _place_jurisdiction(self, index: int) -> Jurisdiction:
        return self.city if index < 0 else self.counties[index]

    def _hometown(self, county: int | None) -> tuple[str, int | None]:
        """籍贯: county cadres are mostly local; city cadres come from all over the city. -1 is the city."""
        roll = self.rng.random()
        if county is not None:
            if roll < 0.8:
                return data.COUNTIES[county].native_place, county
            return self.rng.choice(data.PLACES_OUTSIDE), None
        if roll < 0.6:
            index = self.rng.randrange(len(data.COUNTIES))
            if data.COUNTIES[index].district:
                return "河南洛阳", -1
            return data.COUNTIES[index].native_place, index
        if roll < 0.85:
            return "河南洛阳", -1
        return self.rng.choice(data.PLACES_OUTSIDE), None

    def _id_number(self, place: str, county: int | None, birth_year: int, gender: str) -> str:
        """A fictional 18-digit identity number with a valid check digit (GB 11643)."""
        if county is not None and county >= 0:
            area = data.COUNTIES[county].code
        else:
            area = OUTSIDE_CODES.get(place) or self.rng.choice(DISTRICT_CODES)
        born = d(birth_year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        seq = self.rng.randrange(0, 999, 2) + (1 if gender == Gender.MALE else 0)
        body = f"{area}{born:%Y%m%d}{seq:03d}"
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]

    def _career(self, cadre: Cadre, avoid: set[int]) -> list[WorkHistory]:
        """2–4 posts ending with the current one; earlier ones at other units of the same jurisdiction
        (sometimes in the demo's organisation list) or at places outside it."""
        rng, person, tier = self.rng, cadre.person, cadre.tier
        start = d(person.birth_year + rng.choice((21, 22, 22, 23)), rng.choice((7, 8)), 1)
        since = max(data.POST_SINCE[tier], start.year + 2)
        current = d(rng.randint(since, 2018), rng.randint(1, 12), 1)
        current = min(current, d(2018, rng.randint(3, 9), 1))
        months = (current.year - start.year) * 12 + current.month - start.month
        # Longer careers have had more posts; every earlier post lasted two years or more.
        earlier = max(1, min(3, months // 120 + rng.choice((0, 1, 1)), months // 24))
        weights = [rng.random() + 0.2 for _ in range(earlier)]
        spare = months - 24 * earlier
        lengths = [24 + int(spare * w / sum(weights)) for w in weights]
        starts = [start]
        for length in lengths[:-1]:
            starts.append(_add_months(starts[-1], length))
        ends = [s - datetime.timedelta(days=1) for s in [*starts[1:], current]]
        rows: list[WorkHistory] = []
        top = data.TIER_LEVEL[tier]
        org = person.organization
        for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
            level = round(top * (i + 1) / (earlier + 1))  # climbing towards the current post
            rows.append(self._earlier_job(cadre, s, e, level, first=i == 0, avoid=avoid))
        rows.append(WorkHistory(organization=org, organization_name=org.unit_name or org.name, post=person.post,
                                start=current, end=None))
        return rows

    def _earlier_job(self, cadre: Cadre, start: datetime.date, end: datetime.date, level: int, *, first: bool,
                     avoid: set[int]) -> WorkHistory:
        rng, org = self.rng, cadre.person.organization
        if cadre.tier == "village":
            posts = ("居委会委员", "社区网格员") if org.short_name.endswith("社区") else ("村委会委员", "村会计")
            return WorkHistory(organization=org, organization_name=org.unit_name, post=rng.choice(posts),
                               start=start, end=end)
        # Some cadres served in the army before a civilian career (转业干部).
        army_share = 0.25 if cadre.person.gender == Gender.MALE else 0.03
        if first and (end - start).days < 6 * 365 and rng.random() < army_share:
            return WorkHistory(organization=None, organization_name="中国人民解放军某部",
                               post=rng.choice(("战士", "排长", "连队干事")), start=start, end=end)
        if rng.random() < 0.45:
            other = self._some_org(cadre.county, avoid | {org.pk}, inspectable_only=False)
            if other is not None:
                if other.sector == Sector.TOWNSHIP:
                    post = rng.choice(data.TOWN_LADDER[level])
                else:  # a subordinate centre, school or hospital had no 局长 to be
                    post = rng.choice(data.EARLY_POSTS[level if other.parent_id is None else min(level, 2)])
                return WorkHistory(organization=other, organization_name=other.unit_name or other.name, post=post,
                                   start=start, end=end)
        if cadre.county is None:
            place = rng.choice(data.CITY_OTHER_WORKPLACES)
        else:
            county = data.COUNTIES[cadre.county]
            place = rng.choice(data.COUNTY_OTHER_WORKPLACES).format(c=county.unit_prefix)
        if any(word in place for word in data.GOVERNMENT_WORDS):
            post = rng.choice(data.EARLY_POSTS[level])
        else:  # universities, schools, hospitals
            post = rng.choice(data.INSTITUTION_LADDER[min(level, len(data.INSTITUTION_LADDER) - 1)])
        return WorkHistory(organization=None, organization_name=place, post=post, start=start, end=end)

    def _some_org(self, county: int | None, avoid: set[int], *, inspectable_only: bool = True,
                  sector: str | None = None) -> Organization | None:
        if county not in self._orgs_by_county:  # the same order as org_list, so draws do not depend on the cache
            self._orgs_by_county[county] = [o for o in self.org_list if self.org_county[o.pk] == county
                                            and o.sector != Sector.VILLAGE]
        candidates = [o for o in self._orgs_by_county[county] if o.pk not in avoid
                      and (o.is_inspectable or not inspectable_only) and (sector is None or o.sector == sector)]
        return self.rng.choice(candidates) if candidates else None

    def _relatives(self, cadre: Cadre, avoid: set[int]) -> list[Relative]:
        """0–3 declared relatives; about a quarter of those at work are at a demo organisation."""
        rng, person = self.rng, cadre.person
        age = AS_OF.year - person.birth_year
        kinds = [Kinship.SPOUSE, Kinship.PARENT, Kinship.SIBLING] + ([Kinship.CHILD] if age >= 30 else [])
        n = rng.choices((0, 1, 2, 3), weights=(2, 4, 3, 1))[0]
        surname = person.name[0]
        rows = []
        for kinship in rng.sample(kinds, min(n, len(kinds))):
            if kinship == Kinship.SPOUSE:
                gender = Gender.FEMALE if person.gender == Gender.MALE else Gender.MALE
                name = self.names.name(gender)
            elif kinship == Kinship.PARENT:
                gender = rng.choice((Gender.MALE, Gender.FEMALE))
                name = self.names.name(gender, surname if gender == Gender.MALE else None)
            elif kinship == Kinship.CHILD:
                gender = rng.choice((Gender.MALE, Gender.FEMALE))
                name = self.names.name(gender, surname if person.gender == Gender.MALE else None)
            else:
                gender = rng.choice((Gender.MALE, Gender.FEMALE))
                name = self.names.name(gender, surname)
            relative = Relative(name=name, kinship=kinship)
            child_age = age - rng.randint(25, 32)
            if kinship == Kinship.PARENT and age >= 30:  # parents of all but the youngest have retired
                relative.workplace, relative.post = "已退休", ""
            elif kinship == Kinship.CHILD and child_age < 23:
                relative.workplace, relative.post = "在读", "学生"
            elif rng.random() < 0.25 and (org := self._some_org(cadre.county, avoid)) is not None:
                relative.organization, relative.workplace = org, org.unit_name or org.name
                relative.post = RELATIVE_POSTS.get(org.sector, "科员")
            else:
                relative.workplace, relative.post = rng.choice(data.RELATIVE_WORKPLACES)
            rows.append(relative)
        return rows

    def _round7_target_ids(self) -> set[int]:
        """Organisations (with what lies below) that round 7 inspects: pool cadres keep clear of them."""
        if self._r7_targets is None:
            shorts = [s for insp in (*data.ROUND7_ROUTINE, data.ROUND7_EXTENDED) for s in insp.targets]
            ids: set[int] = set()
            for short in shorts:
                ids |= self.subtree[self.orgs[short].pk]
            for county in data.COUNTIES:
                for key in data.HOUSING_UNIT_KEYS:
                    short = f"{county.name}{'住建局' if key == 'zjj' else '房管中心'}"
                    if short in self.orgs:
                        ids |= self.subtree[self.orgs[short].pk]
            self._r7_targets = ids
        return self._r7_targets

    def seed_conflicts(self) -> None:
        """The recusal conflicts of data.DEMO_CONFLICTS, on extra pool cadres kept off the round-7 teams."""
        o = self.orgs
        c = self.cadre(o[data.AUDIT], None, "经济责任审计科副科长", "section_deputy", "team_member",
                       birth_year=1981, history=[
                           WorkHistory(organization=o[data.FGJ], organization_name=o[data.FGJ].unit_name,
                                       post="计划财务科科员", start=d(2003, 7, 1), end=d(2012, 2, 29)),
                           WorkHistory(organization=o[data.FGJ], organization_name=o[data.FGJ].unit_name,
                                       post="计划财务科副科长", start=d(2012, 3, 1), end=d(2015, 10, 31)),
                           WorkHistory(organization=o[data.AUDIT], organization_name=o[data.AUDIT].unit_name,
                                       post="经济责任审计科副科长", start=d(2015, 11, 1), end=None),
                       ])
        self.conflicts["worked_at_fgj"] = c

        c = self.cadre(o[data.FINANCE], None, "财政监督科干部", "staff", "team_member", gender=Gender.MALE,
                       birth_year=1985)
        spouse = Relative(name=self.names.name(Gender.FEMALE), kinship=Kinship.SPOUSE, organization=o[data.FGW],
                          workplace=o[data.FGW].unit_name, post="价格科科员")
        c.relatives = [spouse, *(r for r in c.relatives if r.kinship != Kinship.SPOUSE)]
        self.conflicts["spouse_at_fgw"] = c

        # 市工商联's principal leader and an organisation-department cadre overlapped at 市委办公室.
        shared = o["市委办公室"]
        principal = self.principal[o[data.GSL].pk]
        p = principal.person
        first_start = d(p.birth_year + 22, 7, 1)
        principal.history = [
            WorkHistory(organization=None, organization_name="洛阳市人民政府研究室", post="科员",
                        start=first_start, end=d(2007, 2, 28)),
            WorkHistory(organization=shared, organization_name=shared.unit_name, post="秘书科科长",
                        start=d(2007, 3, 1), end=d(2013, 5, 31)),
            WorkHistory(organization=shared, organization_name=shared.unit_name, post="市委办公室副主任",
                        start=d(2013, 6, 1), end=d(2016, 3, 31)),
            WorkHistory(organization=p.organization, organization_name=p.organization.unit_name, post=p.post,
                        start=d(2016, 4, 1), end=None),
        ]
        c = self.cadre(o[data.ORG_DEPT], None, "干部监督科干部", "staff", "team_member", birth_year=1987, history=[
            WorkHistory(organization=shared, organization_name=shared.unit_name, post="秘书科科员",
                        start=d(2009, 7, 1), end=d(2015, 2, 28)),
            WorkHistory(organization=o[data.ORG_DEPT], organization_name=o[data.ORG_DEPT].unit_name,
                        post="干部监督科干部", start=d(2015, 3, 1), end=None),
        ])
        self.conflicts["tie_gsl"] = c

        yanshi, luanchuan = _county_index("偃师市"), _county_index("栾川县")
        c = self.cadre(o["偃师市纪委监委机关"], yanshi, "纪检监察干部", "staff", "team_member",
                       hometown=(data.COUNTIES[luanchuan].native_place, luanchuan))
        self.conflicts["hometown_lc"] = c

        c = self.cadre(o["嵩县审计局"], _county_index("嵩县"), "审计员", "staff", "team_member")
        brother = Relative(name=self.names.name(Gender.MALE, c.person.name[0]), kinship=Kinship.SIBLING,
                           organization=o["洛宁县住建局"], workplace=o["洛宁县住建局"].unit_name,
                           post="村镇建设股干部")
        c.relatives = [brother, *c.relatives[:1]]
        self.conflicts["sibling_ln"] = c

    def pool_reserves(self) -> None:
        """Cadres in the inspector pool who have not served on a team yet (data.POOL_RESERVES)."""
        for spec in data.POOL_RESERVES:
            county = _county_index(spec.county) if spec.county else None
            short = spec.unit
            if county is not None:
                c = data.COUNTIES[county]
                short = short.format(c=c.name, cm=c.committee_short)
            self.cadre(self.orgs[short], county, spec.title, spec.tier, "pool")

    # -- planning -------------------------------------------------------------------------------------

    def planning(self) -> None:
        self.term = Term.objects.create(jurisdiction=self.city, **data.TERM)
        total = sum(len(r.inspections) for r in data.EARLIER_ROUNDS) + 6 + 2 * len(data.COUNTIES)
        bar = self.bar("轮次与巡察", total)
        memberships: list[TeamMembership] = []
        for spec in data.EARLIER_ROUNDS:
            rnd = Round(term=self.term, number=spec.number, name=spec.name, year=spec.year,
                        planned_start=spec.dates["station"], planned_end=spec.dates["withdraw"])
            rnd.save()  # picks the focus framework and the eight-rule categories in force then
            busy: set[Cadre] = set()
            for k, shorts in enumerate(spec.inspections, start=1):
                targets = [self.orgs[s] for s in shorts]
                team = Team.objects.create(round=rnd, number=k, name=_city_team_name(k), home_jurisdiction=self.city)
                seats = self.compose(self.pools[None], busy, targets, on=spec.dates["station"], cross=False,
                                     teams_left=len(spec.inspections) - k)
                memberships.extend(_memberships(team, seats))
                insp = self.inspection(rnd, team, f"11-{spec.number}-{k:02d}", targets,
                                       InspectionType.SPECIAL if spec.special_topic else InspectionType.ROUTINE,
                                       spec.dates["station"], spec.dates["withdraw"],
                                       special_topic=spec.special_topic, is_linked=spec.is_linked)
                jitter = datetime.timedelta(days=self.rng.randint(0, 4))
                steps = {t: day + (jitter if t in _AFTER_REPORT else datetime.timedelta()) for t, day in
                         spec.dates.items()}
                self.schedule.append((insp, steps))
                bar.advance()
            if spec.number == data.ROUND6_CROSS.number:
                memberships.extend(self.cross_round(rnd, data.ROUND6_CROSS, busy, len(spec.inspections) + 1, bar))
        memberships.extend(self.round7(bar))
        TeamMembership.objects.bulk_create(memberships, batch_size=500)
        bar.finish()
        self.counts["rounds"] = len(data.EARLIER_ROUNDS) + 1
        self.counts["teams"] = Team.objects.filter(round__term=self.term).count()
        self.counts["inspections"] = len(self.schedule)
        self.counts["team_memberships"] = len(memberships)

    def cross_round(self, rnd: Round, spec: data.CrossRound, busy: set[Cadre], first_number: int,
                    bar: ProgressBar) -> list[TeamMembership]:
        """The county teams of a city round, each inspecting ``spec.unit`` of county i + offset (异地交叉,
        上下联动), from their own county's pool and clear of recusal grounds, like every other team."""
        memberships: list[TeamMembership] = []
        n = len(data.COUNTIES)
        entry, withdrawal = spec.dates["station"], spec.dates["withdraw"]
        for i, county in enumerate(data.COUNTIES):
            target_county = data.COUNTIES[(i + spec.offset) % n]
            targets = [self.orgs[f"{target_county.name}{spec.unit}"]]
            team = Team.objects.create(round=rnd, number=first_number + i, name=f"{county.committee_short}巡察组",
                                       home_jurisdiction=self.counties[i])
            seats = self.compose(self.pools[i], busy, targets, on=entry, cross=True, teams_left=0)
            memberships.extend(_memberships(team, seats))
            insp = self.inspection(rnd, team, f"11-{rnd.number}-X{i + 1:02d}", targets, InspectionType.SPECIAL,
                                   entry, withdrawal, special_topic=spec.topic, is_cross=True, is_linked=True)
            jitter = datetime.timedelta(days=self.rng.randint(0, 4))
            self.schedule.append((insp, {t: day + (jitter if t in _AFTER_REPORT else datetime.timedelta())
                                         for t, day in spec.dates.items()}))
            bar.advance()
        return memberships

    def round7(self, bar: ProgressBar) -> list[TeamMembership]:
        rnd = Round(term=self.term, **data.ROUND7)
        rnd.save()
        self.round7_obj = rnd
        reserved = set(self.conflicts.values())
        busy: set[Cadre] = set(reserved)
        memberships: list[TeamMembership] = []
        teams: dict[int, Team] = {}
        for spec in data.ROUND7_ROUTINE:
            targets = [self.orgs[s] for s in spec.targets]
            if spec.team == data.ROUND7_EXTENDED.team:  # the team also goes on to the 驻郑办
                targets += [self.orgs[s] for s in data.ROUND7_EXTENDED.targets]
            team = Team.objects.create(round=rnd, number=spec.team, name=_city_team_name(spec.team),
                                       home_jurisdiction=self.city)
            teams[spec.team] = team
            seats = self.compose(self.pools[None], busy, targets, on=data.ROUND7_ENTRY, cross=False,
                                 teams_left=len(data.ROUND7_ROUTINE) - spec.team)
            self.r7_seats[spec.team] = seats
            memberships.extend(_memberships(team, seats))
            insp = self.inspection(rnd, team, f"11-7-{spec.team:02d}", [self.orgs[s] for s in spec.targets],
                                   InspectionType.ROUTINE, data.ROUND7_ENTRY, data.ROUND7_ROUTINE_END)
            self.schedule.append((insp, spec.steps))
            bar.advance()
        # The 驻郑办 is not under any unit inspected this round (it reports to the city government directly), so
        # its extended inspection stands alone rather than "extending from" team 1's 发改委、人防办.
        ext = data.ROUND7_EXTENDED
        insp = self.inspection(rnd, teams[ext.team], f"11-7-E{ext.team:02d}", [self.orgs[s] for s in ext.targets],
                               InspectionType.EXTENDED, data.ROUND7_ENTRY, data.ROUND7_SPECIAL_END)
        self.schedule.append((insp, ext.steps))
        bar.advance()
        n = len(data.COUNTIES)
        for i, county in enumerate(data.COUNTIES):
            home, inspected = self.counties[i], (i + data.CROSS_OFFSET) % n
            target_county = data.COUNTIES[inspected]
            targets = [self.orgs[f"{target_county.name}{suffix}"] for suffix in ("住建局", "房管中心")
                       if f"{target_county.name}{suffix}" in self.orgs]
            team = Team.objects.create(round=rnd, number=len(data.ROUND7_ROUTINE) + 1 + i,
                                       name=f"{county.committee_short}巡察组", home_jurisdiction=home)
            seats = self.compose(self.pools[i], busy, targets, on=data.ROUND7_ENTRY, cross=True, teams_left=0)
            self.r7_seats[team.number] = seats
            teams[team.number] = team
            memberships.extend(_memberships(team, seats))
            insp = self.inspection(rnd, team, f"11-7-X{i + 1:02d}", targets, InspectionType.SPECIAL,
                                   data.ROUND7_ENTRY, data.ROUND7_SPECIAL_END, special_topic=data.SPECIAL_TOPIC,
                                   is_cross=True, is_linked=True)
            self.schedule.append((insp, data.ROUND7_SPECIAL_STEPS[i % len(data.ROUND7_SPECIAL_STEPS)]))
            bar.advance()
        self.r7_teams = teams
        return memberships

    def inspection(self, rnd: Round, team: Team, code: str, targets: list[Organization], kind: str,
                   entry: datetime.date, withdrawal: datetime.date, *, special_topic: str = "",
                   is_cross: bool = False, is_linked: bool = False, parent: Inspection | None = None) -> Inspection:
        insp = Inspection(round=rnd, team=team, code=code, inspection_type=kind, special_topic=special_topic,
                          is_cross=is_cross, is_linked=is_linked, parent_inspection=parent, planned_entry=entry,
                          planned_withdrawal=withdrawal)
        insp.save()
        InspectionTarget.objects.bulk_create([InspectionTarget(inspection=insp, organization=t) for t in targets])
        return insp

    def compose(self, pool: dict[str, list[Cadre]], busy: set[Cadre], targets: list[Organization], *,
                on: datetime.date, cross: bool, teams_left: int) -> list[Seat]:
        """A team of 5–7: 组长, 1–2 副组长, 2–4 成员, 1 联络员, none of them with a recusal ground against
        ``targets`` and none already on a team of this round (``busy``)."""
        rng = self.rng

        def free(tag: str) -> list[Cadre]:
            return [c for c in pool[tag] if c not in busy and not self.conflicts_with(c, targets, on=on, cross=cross)]

        def take(tag: str, n: int) -> list[Cadre]:
            chosen = rng.sample(free(tag), n)
            busy.update(chosen)
            return chosen

        deputies_free = free("team_deputy")
        n_deputies = 2 if rng.random() < 0.4 and len(deputies_free) >= 2 + teams_left else 1
        n_members = min(rng.randint(2, 4), 7 - 2 - n_deputies, len(free("team_member")))
        leader = take("team_leader", 1)
        deputies = take("team_deputy", n_deputies)
        members = self._members(free("team_member"), n_members, room=7 - 2 - n_deputies,
                                covered={s for c in leader + deputies for s in c.skills})
        busy.update(members)
        liaison = take("team_liaison", 1)
        if n_members < 2:
            raise RuntimeError("the demo cadre pool is too small for a team")  # pragma: no cover
        seats: list[Seat] = [(leader[0], MembershipRole.LEADER)]
        seats += [(c, MembershipRole.DEPUTY_LEADER) for c in deputies]
        seats += [(c, MembershipRole.MEMBER) for c in members]
        seats += [(liaison[0], MembershipRole.LIAISON_OFFICER)]
        people = {c for c, _ in seats}
        for org in targets:
            self.previous_team[org.pk] = people
        for c in people:
            self.first_served[c] = min(on, self.first_served.get(c, on))
        return seats

    def _members(self, free: list[Cadre], n: int, *, room: int, covered: set[str]) -> list[Cadre]:
        """``n`` members drawn from ``free``: first one for each skill the team must have (data.REQUIRED_SKILLS)
        that its leaders lack — taking more than ``n`` if need be, never more than ``room`` — then at random."""
        chosen: list[Cadre] = []
        for skill in data.REQUIRED_SKILLS:
            having = [c for c in free if skill in c.skills and c not in chosen]
            if skill not in covered and having and len(chosen) < room:
                pick = self.rng.choice(having)
                chosen.append(pick)
                covered |= set(pick.skills)
        rest = [c for c in free if c not in chosen]
        chosen += self.rng.sample(rest, min(len(rest), max(0, n - len(chosen))))
        return chosen

    def conflicts_with(self, cadre: Cadre, targets: list[Organization], *, on: datetime.date, cross: bool) -> bool:
        """The grounds of planning.recusal, checked in memory: current or recent work at a target (or
        below it), a relative there, overlapping work with its principal leader, the inspected region
        in a cross inspection, or the team of the target's previous inspection."""
        cutoff = _years_before(on, 5)
        person = cadre.person
        for org in targets:
            below = self.subtree[org.pk]
            if person.organization_id in below:
                return True
            if any(j.organization_id in below and (j.end is None or j.end >= cutoff) for j in cadre.history):
                return True
            if any(r.organization_id in below for r in cadre.relatives):
                return True
            principal = self.principal.get(org.pk)
            if principal is not None and principal is not cadre:
                for job in cadre.history:
                    for pjob in principal.history:
                        if (job.organization_id and job.organization_id == pjob.organization_id
                                and job.start <= (pjob.end or d.max) and pjob.start <= (job.end or d.max)):
                            return True
            if cross and org.jurisdiction_id in (person.organization.jurisdiction_id,
                                                 person.hometown_jurisdiction_id):
                return True
            if cadre in self.previous_team.get(org.pk, ()):
                return True
        return False

    # -- the inspector pool ---------------------------------------------------------------------------

    def pool(self) -> None:
        """A pool profile (巡察干部人才库) for every cadre of the team pools — all who served on a team, those
        kept back with seeded conflicts — and the reserves: skills from unit, post and last job; on a team
        while their team is in the field; a few away for a while; fit to lead by rank; entered in 2017–2018,
        before their first team."""
        rng = self.rng
        cadres = [c for c in self.cadres if c.tag in TEAM_TAGS or c.tag == "pool"]
        in_field = {insp.team_id for insp, steps in self.schedule
                    if insp.team_id and "station" in steps and "withdraw" not in steps}
        on_team = set(TeamMembership.objects.filter(team_id__in=in_field).values_list("person_id", flat=True))
        r7 = set(TeamMembership.objects.filter(team__round=self.round7_obj).values_list("person_id", flat=True))
        kept = set(self.conflicts.values())
        spare = [c for c in cadres if c.person.pk not in r7 and c not in kept]
        away = dict(zip(rng.sample(spare, len(data.UNAVAILABLE)), data.UNAVAILABLE, strict=True))
        bar = self.bar("巡察干部人才库", len(cadres))
        profiles: list[InspectorProfile] = []
        earliest = d(2017, 1, 3)
        for c in cadres:
            first = self.first_served.get(c)
            if first is not None:  # some weeks to ten months before their first team
                low, high = max(earliest, first - datetime.timedelta(days=300)), first - datetime.timedelta(days=14)
            else:
                low, high = earliest, d(2018, 9, 28)
            profile = InspectorProfile(
                person=c.person, jurisdiction=self.jurisdiction(c.county), joined_on=low + datetime.timedelta(
                    days=rng.randint(0, (high - low).days)),
                can_lead=RANK_ORDER.index(c.person.rank) <= RANK_ORDER.index(LEAD_RANK[c.county is not None]),
            )
            if c.person.pk in on_team:
                profile.availability = Availability.ON_TEAM
            elif c in away:
                profile.note, profile.unavailable_until = away[c]
                profile.availability = Availability.UNAVAILABLE
            profiles.append(profile)
        InspectorProfile.objects.bulk_create(profiles, batch_size=500)
        bar.advance(len(profiles))
        ids = dict(InspectorProfile.objects.filter(jurisdiction__in=self.by_code.values())
                   .values_list("person_id", "pk"))
        skills = [InspectorSkill(profile_id=ids[c.person.pk], skill=skill) for c in cadres for skill in c.skills]
        InspectorSkill.objects.bulk_create(skills, batch_size=1000)
        bar.finish()
        self.counts["inspector_profiles"] = len(profiles)
        self.counts["inspector_skills"] = len(skills)

    # -- accounts and lifecycle -----------------------------------------------------------------------

    def accounts(self) -> None:
        taken = sorted(User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
                       .values_list("username", flat=True))
        if taken:
            raise DomainError(f"用户名已被占用：{'、'.join(taken)}。")
        bar = self.bar("演示账户", len(DEMO_ACCOUNTS))
        # One PBKDF2 run for all accounts: they share a published password, so a shared salt hides nothing,
        # and a run per account would take most of the load time. Password validators do not apply here.
        hashed = make_password(DEMO_PASSWORD)
        users: dict[str, User] = {}
        for account in DEMO_ACCOUNTS:
            person = self.account_person(account)
            user = User.objects.create_user(username=account.username, password=None, person=person,
                                            display_name=person.name if person else "")
            user.password = hashed
            user.save(update_fields=["password"])
            audit_record("user.create", obj=user)  # as accounts.services.user_create records it
            if account.totp_key:
                # The published demo authenticator (demo-accounts.json, `manage.py demo_otp`).
                TOTPDevice.objects.create(user=user, name="演示令牌", key=account.totp_key.hex(), confirmed=True)
            users[account.username] = user
            bar.advance()
        bar.finish()
        # The security administrator grants the roles (三员分立); their own role is the bootstrap grant.
        granter = users["secadmin"]
        ordered = sorted(DEMO_ACCOUNTS, key=lambda a: a.role != Role.SECURITY_ADMIN)
        for account in ordered:
            actor = None if account.role == Role.SECURITY_ADMIN else granter
            role_grant(actor=actor, user=users[account.username], role=account.role,
                       **self.account_scope(account))
        self.director = users["director"]
        self.users = users
        self.counts["users"] = len(users)

    def account_person(self, account: DemoAccount) -> Person | None:
        if not account.person:
            return None
        if account.person.startswith("team"):
            team, seat = account.person.removeprefix("team").split(":")
            role = MembershipRole.LEADER if seat == "leader" else MembershipRole.MEMBER
            return next(c.person for c, r in self.r7_seats[int(team)] if r == role)
        if ":" in account.person:  # a post without a tag: "<unit short name>:<post>"
            short, post = account.person.split(":")
            org = self.orgs[short]
            return next(c.person for c in self.cadres if c.person.organization is org and c.person.post == post)
        return self.tagged[account.person][0].person

    def account_scope(self, account: DemoAccount) -> dict[str, Any]:
        if account.scope_kind == ScopeKind.JURISDICTION:
            obj: object = next((j for j in self.by_code.values() if j.name == account.scope), self.city)
        elif account.scope_kind == ScopeKind.TEAM:
            obj = next(t for t in self.r7_teams.values() if t.name == account.scope)
        else:
            obj = self.orgs[account.scope]
        if str(obj) != account.scope:  # the accounts file must name what the role is bound to
            raise RuntimeError(f"demo account {account.username}: bound to {obj}, listed as {account.scope}")
        return {account.scope_kind.value: obj}

    def readiness(self) -> None:
        """What the office records before each team is stationed: the per-round authorisation of leaders and
        deputies (一次一授权) and every member's recusal declaration and confidentiality pledge."""
        first_entry: dict[int, datetime.date] = {}
        for insp, steps in self.schedule:
            if insp.team_id and "station" in steps:
                day = steps["station"]
                first_entry[insp.team_id] = min(day, first_entry.get(insp.team_id, day))
        memberships = list(TeamMembership.objects.filter(team_id__in=first_entry).select_related("team__round"))
        declarations = []
        for m in memberships:
            entry = first_entry[m.team_id]
            if m.role in (MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER):
                m.authorized_on = entry - datetime.timedelta(days=10)
                m.authorization_ref = f"洛巡组〔{entry.year}〕{m.team.round.number}号"
            for kind in DeclarationKind.values:
                declarations.append(MemberDeclaration(
                    membership=m, kind=kind, signed_on=entry - datetime.timedelta(days=7), recorded_by=self.director))
        TeamMembership.objects.bulk_update(memberships, ["authorized_on", "authorization_ref"], batch_size=500)
        MemberDeclaration.objects.bulk_create(declarations, batch_size=1000)
        self.counts["declarations"] = len(declarations)
        # The office confirms each team's composition (the team workflow checks it) a week before it goes in.
        for team_id in first_entry:
            team_step(actor=self.director, team_id=team_id, transition="confirm")
        changes = list(StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Team),
                                                   object_id__in=list(first_entry), transition="confirm"))
        for change in changes:
            change.created_at = timezone.make_aware(datetime.datetime.combine(
                first_entry[change.object_id] - datetime.timedelta(days=8), datetime.time(10, 0)))
        StatusChange.objects.bulk_update(changes, ["created_at"], batch_size=500)
        self.counts["teams_confirmed"] = len(changes)

    def lifecycle(self) -> None:
        """Walk every inspection through its dated steps as the office director, then date the status
        records to those days (the steps happened in 2017–2019, not at load time)."""
        steps_total = sum(len(steps) for _, steps in self.schedule)
        bar = self.bar("巡察阶段", steps_total)
        stamps: dict[tuple[int, str], datetime.datetime] = {}
        for insp, steps in self.schedule:
            for k, name in enumerate(data.TRANSITION_ORDER):
                if name not in steps:
                    break
                day = steps[name]
                before_step(self, insp, name, day)  # what the lifecycle asks for (reports, meetings, feedback)
                inspection_apply_transition(actor=self.director, inspection_id=insp.pk, transition=name,
                                            on=day if name in TRANSITION_DATE_FIELD else None)
                stamps[(insp.pk, name)] = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(9, 30)) + datetime.timedelta(minutes=10 * k)
                )
                bar.advance()
        bar.finish()
        changes = list(StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Inspection),
                                                   object_id__in=[i.pk for i, _ in self.schedule]))
        for change in changes:
            change.created_at = stamps[(change.object_id, change.transition)]
        StatusChange.objects.bulk_update(changes, ["created_at"], batch_size=500)
        inspections = []
        for insp, steps in self.schedule:
            insp.created_at = timezone.make_aware(datetime.datetime.combine(
                steps["prepare"] - datetime.timedelta(days=21), datetime.time(10, 0)))
            insp.updated_at = max(v for (pk, _), v in stamps.items() if pk == insp.pk)
            inspections.append(insp)
        Inspection.objects.bulk_update(inspections, ["created_at", "updated_at"], batch_size=500)
        self.counts["status_changes"] = len(changes)


_AFTER_REPORT = frozenset({"deliver_feedback", "open_rectification", "close_rectification", "archive"})


def _memberships(team: Team, seats: list[Seat]) -> list[TeamMembership]:
    return [TeamMembership(team=team, person=c.person, role=role, order=i) for i, (c, role) in enumerate(seats)]


def _city_team_name(number: int) -> str:
    return f"市委第{data.CN_ORDINALS[number - 1]}巡察组"


def _county_index(name: str) -> int:
    return next(i for i, c in enumerate(data.COUNTIES) if c.name == name)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.month - 1 + months
    return d(day.year + total // 12, total % 12 + 1, 1)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
