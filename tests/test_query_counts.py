"""Query counts do not grow with the data (scale issue, PERF-*): every main page and API list of
``xuncha.datasets.scenarios`` is requested as each of its roles on the ``tiny`` data set and on ``tiny2``
(three times as many counties, units, villages, rounds and pool entries), and must issue the same number of
SQL statements on both. A count, not a timing: speed is measured by bench/bench_pages.py.

Scenarios that grow today are marked ``xfail(strict=True)`` with what grows, so that flattening one turns its
mark into a failure to remove.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Count, Max
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xuncha.accounts.scope import forget_scope
from xuncha.audit.models import AuditEvent
from xuncha.datasets.builder import build
from xuncha.datasets.scenarios import SCENARIOS, user_for
from xuncha.datasets.sizes import SIZES
from xuncha.inspections.models import Inspection, InspectionTarget
from xuncha.orgs.models import Organization, Person
from xuncha.pool.models import InspectorProfile

# (scenario label, role) → what grows with the data; fixed ones must be removed from here.
GROWING: dict[tuple[str, str], str] = {}

CASES = [(s.label, str(role)) for s in SCENARIOS for role in s.roles]


def _counts(size: str, tmp: Any) -> dict[Any, Any]:
    """(scenario, role) → (status, number of SQL statements) of one request after a warm-up; "data" → the
    sizes of what the pages list."""
    counts: dict[Any, Any] = {}
    with transaction.atomic():
        build(SIZES[size], seed=5, stream=io.StringIO(), accounts_path=tmp / f"{size}.json")
        targets = InspectionTarget.objects.values("inspection").annotate(n=Count("id")).aggregate(m=Max("n"))["m"]
        counts["data"] = {"people": Person.objects.count(), "organizations": Organization.objects.count(),
                          "inspections": Inspection.objects.count(), "pool": InspectorProfile.objects.count(),
                          "targets_per_inspection": targets, "audit": AuditEvent.objects.count()}
        for scenario in SCENARIOS:
            for role in scenario.roles:
                user = user_for(role)
                assert user is not None, f"{size}: no account for {role}"
                url = scenario.url(user)
                assert url is not None, f"{size}: nothing for {role} to open on {scenario.label}"
                client = Client()
                client.force_login(user)
                client.get(url)
                forget_scope(user)
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                counts[(scenario.label, str(role))] = (response.status_code, len(queries))
        transaction.set_rollback(True)
    return counts


@pytest.fixture(scope="module")
def counts(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
           ) -> dict[str, dict[Any, Any]]:
    tmp = tmp_path_factory.mktemp("query-counts")
    with django_db_blocker.unblock():
        return {size: _counts(size, tmp) for size in ("tiny", "tiny2")}


@pytest.mark.django_db
def test_tiny2_is_bigger_in_what_the_pages_list(counts: dict[str, dict[Any, Any]]) -> None:
    small, big = counts["tiny"]["data"], counts["tiny2"]["data"]
    for key in ("people", "organizations", "pool", "audit"):
        assert big[key] >= 2.5 * small[key], key
    assert big["people"] > 50 and big["pool"] > 50  # more than a page of the lists
    assert big["targets_per_inspection"] >= 2 * small["targets_per_inspection"]


@pytest.mark.django_db
@pytest.mark.parametrize(("scenario", "role"), [
    pytest.param(label, role, id=f"{label}-{role}",
                 marks=[pytest.mark.xfail(strict=True, reason=GROWING[(label, role)])]
                 if (label, role) in GROWING else [])
    for label, role in CASES
])
def test_query_count_does_not_grow_with_the_data(counts: dict[str, dict[Any, Any]],
                                                 scenario: str, role: str) -> None:
    small_status, small = counts["tiny"][(scenario, role)]
    big_status, big = counts["tiny2"][(scenario, role)]
    assert small_status == big_status == 200
    assert big == small, f"{scenario} as {role}: {small} queries on tiny, {big} on tiny2"
