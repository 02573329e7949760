"""The petitions tests run in the shared personas world (tests/personas.py): inspection A of team A (leader_a,
member_a) is stationed; team B's member_b and the liaisons must never see its petitions."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from xuncha.inspections.models import StationingAnnouncement
from xuncha.petitions.models import PetitionPage
from xuncha.petitions.services import PetitionText, ensure_page

# Inside inspection A's stay (the factory round runs from its planned start to 2018-12-10).
TODAY = datetime.date(2018, 11, 5)


@pytest.fixture
def today(business_date: Callable[..., None]) -> datetime.date:
    business_date(TODAY)
    return TODAY


@pytest.fixture
def page(objects: SimpleNamespace, today: datetime.date) -> PetitionPage:
    inspection = objects.inspection_a
    StationingAnnouncement.objects.create(inspection=inspection, phone="0379-12345678", phone_hours="8:00-18:00",
                                          accept_from=inspection.stationed_on,
                                          accept_until=datetime.date(2018, 12, 7), scope_text="受理范围")
    return ensure_page(inspection)


def text(**overrides: Any) -> PetitionText:
    values: dict[str, Any] = {"about_whom": "王主任（甲市发改委主任）", "summary": "违规发放津贴补贴",
                              "content": "2018年春节前以加班费名义给班子成员发放购物卡，每人2000元。",
                              "since_when": "2018年2月"}
    values.update(overrides)
    return PetitionText(**values)
