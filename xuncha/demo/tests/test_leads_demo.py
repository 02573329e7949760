"""The demo's leads: 市工商联's (11-7-03) lead to 洛阳市纪委监委 received, verified and reported with a Party warning
and money recovered; its 选人用人 lead to 市委组织部 received, in handling and late on the business date (escalated to
the office and the organisation department); a draft in 市驻郑办's extended stay. The liaison sees none."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from xuncha.accounts.models import User
from xuncha.demo import data
from xuncha.inspections.models import Inspection
from xuncha.leads import selectors
from xuncha.leads.models import Lead

pytestmark = pytest.mark.django_db


def test_the_gsl_leads_went_round_the_loop(demo: Any) -> None:
    gsl = Inspection.objects.get(code="11-7-03")
    leads = {lead.target: lead for lead in Lead.objects.filter(inspection=gsl)}
    fees, promotion = leads["discipline"], leads["organization"]
    assert fees.status == "reported" and fees.disposal == "preliminary_verification"
    assert fees.received_by == User.objects.get(username="cdi") and fees.referral_no.startswith("洛巡移〔2018〕")
    assert list(fees.outcome_items.values_list("kind", flat=True)) == ["party_warning", "admonishment"]
    assert fees.recovered_amount is not None and fees.outcome_reported_on <= fees.feedback_due_on  # type: ignore[operator]
    assert fees.references.filter(kind="petitions.petition", role="origin").exists()
    assert promotion.status == "handling" and promotion.disposal == "talk_inquiry"
    assert promotion.received_by == User.objects.get(username="orgdept")
    for lead in (fees, promotion):
        # Drafted during the stay, transferred after the withdrawal.
        assert gsl.stationed_on <= lead.created_at.date() <= gsl.withdrawn_on  # type: ignore[operator]
        assert lead.transferred_on and lead.transferred_on > gsl.withdrawn_on  # type: ignore[operator]
        assert "petitioner_identity" not in lead.package_data()
    assert promotion.feedback_due_on is not None and promotion.feedback_due_on < data.BUSINESS_DATE


def test_a_late_lead_is_escalated_and_the_liaison_sees_none(demo: Any) -> None:
    promotion = Lead.objects.get(inspection__code="11-7-03", target="organization")
    for username in ("office", "director", "orgdept"):
        todos = selectors.lead_todos(actor=User.objects.get(username=username), today=data.BUSINESS_DATE)
        assert any(t.lead_id == promotion.pk and t.escalated for t in todos), username
    office = selectors.lead_todos(actor=User.objects.get(username="office"), today=data.BUSINESS_DATE)
    assert any(t.kind == "lead_close" for t in office)
    assert not Lead.objects.visible_to(User.objects.get(username="liaison_gsl")).exists()
    assert not Lead.objects.visible_to(User.objects.get(username="leading")).exists()


def test_another_inspection_has_a_draft(demo: Any) -> None:
    draft = Lead.objects.get(inspection__code="11-7-E01")
    assert draft.status == "draft" and draft.created_at.date() == datetime.date(2018, 11, 28)
    assert Lead.objects.visible_to(User.objects.get(username="member1")).filter(pk=draft.pk).exists()
    assert not Lead.objects.visible_to(User.objects.get(username="cdi")).filter(pk=draft.pk).exists()
