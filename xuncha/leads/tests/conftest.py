"""The leads tests run in the shared personas world (tests/personas.py): inspection A of team A (leader_a, member_a)
is stationed; a deputy of team A, the county's discipline commission and helpers to walk a lead along its loop are
added here."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from tests.factories import UserFactory, grant
from xuncha.accounts.roles import Role
from xuncha.leads import services
from xuncha.leads.models import Lead

TODAY = datetime.date(2018, 11, 20)


@pytest.fixture
def today(business_date: Callable[..., None]) -> datetime.date:
    business_date(TODAY)
    return TODAY


@pytest.fixture
def deputy_a(objects: SimpleNamespace) -> Any:
    user = UserFactory.create(username="deputy_a", display_name="deputy_a")
    grant(user, Role.TEAM_DEPUTY, objects.team_a)
    return user


@pytest.fixture
def county_cdi(objects: SimpleNamespace) -> Any:
    user = UserFactory.create(username="county_cdi", display_name="county_cdi")
    grant(user, Role.DISCIPLINE_COMMISSION, objects.county)
    return user


def lead_data(objects: SimpleNamespace, **overrides: Any) -> services.LeadData:
    values: dict[str, Any] = {
        "source": "petition", "summary": "违规发放购物卡", "facts": "2018年春节前以加班费名义给班子成员发放购物卡。",
        "target": "discipline", "receiving_jurisdiction_id": objects.city.pk, "receiver_name": "甲市纪委监委",
        "persons": [services.PersonData("王主任", "甲市发改委主任", "county", True)],
    }
    values.update(overrides)
    return services.LeadData(**values)


@pytest.fixture
def make_lead(objects: SimpleNamespace, personas: SimpleNamespace, today: datetime.date) -> Callable[..., Lead]:
    """A lead of inspection A walked to ``status`` by the people whose step it is."""

    def make(status: str = "draft", *, by: Any = None, **overrides: Any) -> Lead:
        lead = services.lead_create(actor=by or personas.member_a, inspection_id=objects.inspection_a.pk,
                                    data=lead_data(objects, **overrides))
        steps: list[Callable[[], Any]] = [
            lambda: services.lead_step(actor=personas.leader_a, lead_id=lead.pk, name="endorse"),
            lambda: services.lead_step(actor=personas.office_director, lead_id=lead.pk, name="approve"),
            lambda: services.lead_transfer(actor=personas.office_staff, lead_id=lead.pk),
            lambda: services.lead_receive(actor=personas.cdi, lead_id=lead.pk),
            lambda: services.lead_dispose(actor=personas.cdi, lead_id=lead.pk, disposal="preliminary_verification",
                                          note="初核"),
            lambda: services.lead_report_outcome(actor=personas.cdi, lead_id=lead.pk, data=services.OutcomeData(
                "给予党内警告处分", [(lead.persons.get().pk, "party_warning", "")], "2.5")),
            lambda: services.lead_step(actor=personas.office_staff, lead_id=lead.pk, name="close"),
        ]
        order = ["draft", "endorsed", "approved", "transferred", "received", "handling", "reported", "closed"]
        for step in steps[:order.index(status)]:
            step()
        return Lead.objects.get(pk=lead.pk)

    return make
