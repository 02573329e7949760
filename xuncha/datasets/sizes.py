"""The sizes ``generate_dataset`` builds: how many jurisdictions, organisations, cadres, rounds and events.

``province`` is the figure of the scale issue (about 18 cities, 160 counties, 60,000 organisations, 500,000
cadres, a 30,000-entry pool, two terms of rounds at every level and 5 million audit events); ``city`` is one
city with ten counties, quick to build; ``tiny`` and ``tiny2`` (three times ``tiny``) are for tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    cities: int  # 0: the root is one city (洛阳市), else a province with this many cities
    counties: int  # in all
    province_units: int  # top-level units of the province (when there is one)
    city_units: int  # top-level units of each city, from the demo's 市直单位 (with their subordinate units)
    county_units: int  # top-level departments of each county
    towns: tuple[int, int]  # towns (乡镇、街道) per county, low–high
    villages: tuple[int, int]  # villages (村、社区) per town
    cadres_per_org: float  # average; a town has many, a village few (see people.SECTOR_WEIGHT)
    pool: int  # inspector-pool entries in all (every jurisdiction gets enough for its teams)
    rounds_per_term: int
    teams: tuple[int, int, int]  # teams per round at province, city and county level
    audit_events: int


SIZES: dict[str, Size] = {
    "tiny": Size("tiny", cities=0, counties=2, province_units=0, city_units=6, county_units=4, towns=(2, 2),
                 villages=(2, 2), cadres_per_org=4.0, pool=40, rounds_per_term=2, teams=(0, 2, 1),
                 audit_events=300),
    # Three times tiny in everything but the rounds and teams, so inspections have about three times the
    # targets too: a page issuing a query per target, member or row shows it (tests/test_query_counts.py).
    "tiny2": Size("tiny2", cities=0, counties=6, province_units=0, city_units=18, county_units=12, towns=(2, 2),
                  villages=(6, 6), cadres_per_org=12.0, pool=120, rounds_per_term=2, teams=(0, 2, 1),
                  audit_events=900),
    "city": Size("city", cities=0, counties=10, province_units=0, city_units=54, county_units=44,
                 towns=(10, 14), villages=(16, 28), cadres_per_org=8.3, pool=1800, rounds_per_term=8,
                 teams=(0, 6, 3), audit_events=300_000),
    "province": Size("province", cities=18, counties=160, province_units=60, city_units=54, county_units=44,
                     towns=(10, 14), villages=(16, 28), cadres_per_org=8.3, pool=30_000, rounds_per_term=8,
                     teams=(10, 6, 3), audit_events=5_000_000),
}
