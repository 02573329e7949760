"""Document numbers: per jurisdiction, series and year; never the same twice, even when issued at once; a new
year starts at 1; a number the office typed is skipped by the sequence."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import JurisdictionFactory, UserFactory
from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import DomainError
from xuncha.core.models import BusinessClock
from xuncha.documents.models import DocumentSequence, DocumentSeries, IssuedNumber
from xuncha.documents.services import (
    document_number_issue,
    document_number_reserve,
    format_number,
    jurisdiction_code,
    parse_number,
)

NOTICE = DocumentSeries.NOTICE


@pytest.fixture
def city(db: None) -> Any:
    return JurisdictionFactory.create(name="洛阳市", committee_name="中共洛阳市委")


@pytest.fixture
def clerk(db: None) -> Any:
    return UserFactory.create(username="clerk")


def test_numbers_follow_each_other_and_are_written_as_the_standard_writes_them(city: Any, clerk: Any) -> None:
    numbers = [document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2018) for _ in range(3)]
    assert numbers == ["洛巡通〔2018〕1号", "洛巡通〔2018〕2号", "洛巡通〔2018〕3号"]
    assert document_number_issue(actor=clerk, jurisdiction=city, series=DocumentSeries.OFFICE,
                                 year=2018) == "洛巡办〔2018〕1号"
    assert AuditEvent.objects.filter(action="document.number").count() == 4


def test_a_new_year_starts_again_at_one(city: Any, clerk: Any) -> None:
    for _ in range(2):
        document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2018)
    assert document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2019) == "洛巡通〔2019〕1号"
    assert document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2018) == "洛巡通〔2018〕3号"


def test_the_year_defaults_to_the_business_year(city: Any, clerk: Any) -> None:
    BusinessClock.objects.update_or_create(pk=1, defaults={"business_date": datetime.date(2019, 3, 18)})
    assert document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE) == "洛巡通〔2019〕1号"
    assert DocumentSequence.objects.get().year == 2019


def test_each_jurisdiction_keeps_its_own_sequence(city: Any, clerk: Any) -> None:
    county = JurisdictionFactory.create(name="西工区")
    assert jurisdiction_code(county) == "西"
    assert document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2018).endswith("〕1号")
    assert document_number_issue(actor=clerk, jurisdiction=county, series=NOTICE, year=2018) == "西巡通〔2018〕1号"


def test_a_typed_number_is_skipped_and_cannot_be_used_twice(city: Any, clerk: Any) -> None:
    document_number_reserve(actor=clerk, jurisdiction=city, series=NOTICE, number="洛巡通〔2018〕2号", purpose="甲")
    assert document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2018) == "洛巡通〔2018〕3号"
    document_number_reserve(actor=clerk, jurisdiction=city, series=NOTICE, number="洛巡通〔2018〕1号", purpose="乙")
    assert document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2018) == "洛巡通〔2018〕4号"
    # the same record saving its own number again is fine; another record taking it is refused
    document_number_reserve(actor=clerk, jurisdiction=city, series=NOTICE, number="洛巡通〔2018〕2号", purpose="甲")
    with pytest.raises(DomainError, match="已被使用"):
        document_number_reserve(actor=clerk, jurisdiction=city, series=NOTICE, number="洛巡通〔2018〕4号",
                                purpose="丙")
    # another body's number is not this series' business
    document_number_reserve(actor=clerk, jurisdiction=city, series=NOTICE, number="豫巡通〔2018〕9号")
    assert IssuedNumber.objects.count() == 4


def test_the_database_refuses_the_same_number_twice(city: Any, clerk: Any) -> None:
    document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2018)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(jurisdiction=city, series=NOTICE, year=2018, serial=1, number="洛巡通〔2018〕1号",
                                    issued_by=clerk)


def test_parse_and_format(db: None) -> None:
    assert format_number("洛巡办", 2018, 25) == "洛巡办〔2018〕25号"
    assert parse_number("洛巡办〔2018〕25号") == ("洛巡办", 2018, 25)
    for wrong in ("洛巡办〔2018〕025号", "洛巡办[2018]25号", "洛巡办〔2018〕第25号", "N"):
        assert parse_number(wrong) is None
    with pytest.raises(DomainError):
        document_number_issue(actor=None, jurisdiction=JurisdictionFactory.create(), series="nope")  # type: ignore[arg-type]


@pytest.mark.skipif(not connection.features.has_select_for_update,
                    reason="SQLite has no row locks: it serialises writers on the whole database instead")
def test_the_sequence_row_is_locked_while_a_number_is_issued(city: Any, clerk: Any) -> None:
    """Two issues at once: the second waits on the first's lock of the sequence row, then reads its serial. (A
    threaded test would need a transactional test case, which cannot flush the append-only audit log.)"""
    document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2018)
    with CaptureQueriesContext(connection) as queries:
        document_number_issue(actor=clerk, jurisdiction=city, series=NOTICE, year=2018)
    locked = [q["sql"] for q in queries.captured_queries if "documents_documentsequence" in q["sql"]
              and q["sql"].lstrip().upper().startswith("SELECT")]
    assert locked and all("FOR UPDATE" in sql for sql in locked)
