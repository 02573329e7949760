"""The referral loop of a lead: drafting, the two approvals, the transfer with its fixed package, the receiving
body's receipt, disposal and outcome, the close-out; who sees a lead and who may take each step."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.http import Http404

from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.core.models import StatusChange
from xuncha.documents.services import render_document
from xuncha.inspections import evidence
from xuncha.inspections.workflow import INSPECTION_WORKFLOW
from xuncha.leads import selectors, services
from xuncha.leads.documents import REFERRAL_LETTER, build_referral_letter
from xuncha.leads.models import Lead
from xuncha.leads.tests.conftest import lead_data
from xuncha.petitions.models import Petition
from xuncha.rules.models import TimeLimits

pytestmark = pytest.mark.django_db
MakeLead = Callable[..., Lead]


def test_a_member_drafts_a_lead_with_its_persons_encrypted(objects: SimpleNamespace, personas: SimpleNamespace,
                                                            today: datetime.date) -> None:
    lead = services.lead_create(actor=personas.member_a, inspection_id=objects.inspection_a.pk,
                                data=lead_data(objects))
    assert lead.status == "draft" and lead.number == "JS-11-7-A-XS01"
    assert [(p.name, p.post) for p in lead.persons.all()] == [("王主任", "甲市发改委主任")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, post FROM leads_leadperson WHERE lead_id = %s", [lead.pk])
        stored = cursor.fetchone()
    assert "王主任" not in stored[0] and "甲市发改委" not in stored[1]
    assert AuditEvent.objects.filter(action="lead.create", object_id=str(lead.pk)).exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"persons": []}, "persons"),
    ({"summary": " "}, "summary"),
    ({"target": "court"}, "target"),
    ({"receiving_jurisdiction_id": 0}, "receiving_jurisdiction"),
    ({"category_code": "ZZ9"}, "category"),
    ({"amount": "很多"}, "amount"),
    ({"origins": ["petitions.petition:999999"]}, "origins"),
    ({"origins": ["nonsense"]}, "origins"),
])
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_is_stored(
        objects: SimpleNamespace, personas: SimpleNamespace, today: datetime.date, overrides: dict[str, Any],
        field: str) -> None:
    with pytest.raises(DomainError) as refused:
        services.lead_create(actor=personas.member_a, inspection_id=objects.inspection_a.pk,
                             data=lead_data(objects, **overrides))
    assert field in refused.value.fields
    assert not Lead.objects.exists()


def test_the_office_and_other_teams_cannot_draft(objects: SimpleNamespace, personas: SimpleNamespace,
                                                 today: datetime.date) -> None:
    # The office and the liaison see the inspection (403); another team does not (404).
    for reader in (personas.office_director, personas.liaison_a):
        with pytest.raises(CapabilityMissing):
            services.lead_create(actor=reader, inspection_id=objects.inspection_a.pk, data=lead_data(objects))
    for outsider in (personas.member_b, personas.outsider):
        with pytest.raises(Http404):
            services.lead_create(actor=outsider, inspection_id=objects.inspection_a.pk, data=lead_data(objects))


def test_the_whole_loop_records_every_step(make_lead: MakeLead, personas: SimpleNamespace) -> None:
    lead = make_lead("closed")
    assert lead.status == "closed" and lead.closed_on == datetime.date(2018, 11, 20)
    assert lead.referral_no == "甲巡移〔2018〕1号"
    assert lead.feedback_due_on == datetime.date(2019, 2, 20)  # three months (spec §1.4 default)
    assert lead.received_by == personas.cdi and lead.disposal == "preliminary_verification"
    assert str(lead.recovered_amount) == "2.50"
    assert [c.transition for c in StatusChange.for_object(lead)] == [
        "endorse", "approve", "transfer", "receive", "dispose", "report", "close"]
    assert list(lead.outcome_items.values_list("kind", flat=True)) == ["party_warning"]


def test_referral_numbers_follow_the_jurisdictions_yearly_sequence(make_lead: MakeLead) -> None:
    first, second = make_lead("transferred"), make_lead("transferred")
    assert (first.referral_no, second.referral_no) == ("甲巡移〔2018〕1号", "甲巡移〔2018〕2号")


def test_the_deadline_follows_the_jurisdictions_time_limits(objects: SimpleNamespace, make_lead: MakeLead) -> None:
    TimeLimits.objects.create(jurisdiction=objects.city, lead_feedback_due_months=2)
    assert make_lead("transferred").feedback_due_on == datetime.date(2019, 1, 20)


@pytest.mark.parametrize(("status", "step", "who", "error"), [
    ("draft", "endorse", "member_a", CapabilityMissing),
    ("draft", "approve", "office_director", TransitionNotAllowed),
    ("endorsed", "approve", "leader_a", CapabilityMissing),
    ("endorsed", "approve", "office_staff", CapabilityMissing),
    ("approved", "close", "office_staff", TransitionNotAllowed),
    ("reported", "close", "leader_a", CapabilityMissing),
])
def test_each_step_is_for_its_role_and_its_state(make_lead: MakeLead, personas: SimpleNamespace, status: str,
                                                  step: str, who: str, error: type[Exception]) -> None:
    lead = make_lead(status)
    with pytest.raises(error):
        services.lead_step(actor=getattr(personas, who), lead_id=lead.pk, name=step)
    assert Lead.objects.get(pk=lead.pk).status == status


def test_sending_back_needs_a_reason_and_clears_the_approvals(make_lead: MakeLead,
                                                               personas: SimpleNamespace) -> None:
    lead = make_lead("approved")
    with pytest.raises(DomainError):
        services.lead_step(actor=personas.office_director, lead_id=lead.pk, name="send_back")
    services.lead_step(actor=personas.office_director, lead_id=lead.pk, name="send_back", note="事实不清")
    lead.refresh_from_db()
    assert lead.status == "draft" and lead.endorsed_by is None and lead.approved_by is None


def test_only_a_draft_is_changed(objects: SimpleNamespace, make_lead: MakeLead, personas: SimpleNamespace) -> None:
    lead = make_lead("endorsed")
    with pytest.raises(TransitionNotAllowed):
        services.lead_update(actor=personas.leader_a, lead_id=lead.pk, data=lead_data(objects, summary="改"))


def test_who_sees_a_lead_along_the_loop(make_lead: MakeLead, personas: SimpleNamespace, deputy_a: Any,
                                         county_cdi: Any) -> None:
    lead = make_lead("draft")

    def readers() -> set[str]:
        users = [*vars(personas).values(), deputy_a, county_cdi]
        return {u.username for u in users if Lead.objects.visible_to(u).filter(pk=lead.pk).exists()}

    team_and_office = {"member_a", "leader_a", "deputy_a", "office_staff", "office_director"}
    assert readers() == team_and_office
    services.lead_step(actor=personas.leader_a, lead_id=lead.pk, name="endorse")
    # A member reads their own drafts only.
    assert readers() == team_and_office - {"member_a"}
    services.lead_step(actor=personas.office_director, lead_id=lead.pk, name="approve")
    assert readers() == team_and_office - {"member_a"}  # the receiving body sees nothing before the transfer
    services.lead_transfer(actor=personas.office_staff, lead_id=lead.pk)
    # The discipline commission of the jurisdiction referred to, not the organisation department, not the county's;
    # never the liaison, the other team, the leading group or the administrators.
    assert readers() == team_and_office - {"member_a"} | {"cdi"}


def test_the_organisation_department_receives_what_is_referred_to_it(make_lead: MakeLead,
                                                                      personas: SimpleNamespace) -> None:
    lead = make_lead("transferred", target="organization", receiver_name="甲市委组织部")
    assert Lead.objects.visible_to(personas.org_dept).filter(pk=lead.pk).exists()
    assert not Lead.objects.visible_to(personas.cdi).filter(pk=lead.pk).exists()
    with pytest.raises(Http404):
        services.lead_receive(actor=personas.cdi, lead_id=lead.pk)
    services.lead_receive(actor=personas.org_dept, lead_id=lead.pk)


def test_a_body_outside_the_system_is_recorded_by_the_office(make_lead: MakeLead, personas: SimpleNamespace) -> None:
    lead = make_lead("transferred", target="other", receiver_name="甲市住建局")
    services.lead_receive(actor=personas.office_staff, lead_id=lead.pk)
    assert Lead.objects.get(pk=lead.pk).received_by == personas.office_staff


def test_the_team_cannot_receive_or_report(make_lead: MakeLead, personas: SimpleNamespace) -> None:
    lead = make_lead("transferred")
    with pytest.raises(CapabilityMissing):
        services.lead_receive(actor=personas.leader_a, lead_id=lead.pk)


def test_the_package_is_fixed_and_carries_no_identity_without_approval(
        objects: SimpleNamespace, make_lead: MakeLead, personas: SimpleNamespace) -> None:
    lead = make_lead("endorsed", by=personas.leader_a, petitioner_identity="李某，电话 139xxxx0000")
    services.lead_step(actor=personas.office_director, lead_id=lead.pk, name="approve")
    services.lead_transfer(actor=personas.office_staff, lead_id=lead.pk)
    lead.refresh_from_db()
    package = lead.package_data()
    assert package["persons"][0]["name"] == "王主任" and "petitioner_identity" not in package
    assert "李某" not in lead.package and "139" not in str(package)
    with connection.cursor() as cursor:
        cursor.execute("SELECT package FROM leads_lead WHERE id = %s", [lead.pk])
        assert "王主任" not in cursor.fetchone()[0]  # encrypted at rest
    # Reading as the receiving body: the package, no identity.
    record = selectors.lead_detail(actor=personas.cdi, lead_id=lead.pk)
    assert record.package["summary"] == "违规发放购物卡" and not record.identity_visible
    assert not record.drafting_side and record.persons  # persons loaded, the page shows the package's


def test_the_identity_goes_with_the_package_only_when_the_director_approves(
        make_lead: MakeLead, personas: SimpleNamespace) -> None:
    lead = make_lead("endorsed", by=personas.leader_a, petitioner_identity="李某，电话 139xxxx0000")
    with pytest.raises(CapabilityMissing):
        services.lead_approve_identity(actor=personas.leader_a, lead_id=lead.pk, reason="需核实")
    with pytest.raises(DomainError):
        services.lead_approve_identity(actor=personas.office_director, lead_id=lead.pk, reason=" ")
    services.lead_approve_identity(actor=personas.office_director, lead_id=lead.pk, reason="初核需联系实名反映人")
    assert AuditEvent.objects.filter(action="lead.identity_approve", object_id=str(lead.pk)).exists()
    services.lead_step(actor=personas.office_director, lead_id=lead.pk, name="approve")
    services.lead_transfer(actor=personas.office_staff, lead_id=lead.pk)
    record = selectors.lead_detail(actor=personas.cdi, lead_id=lead.pk)
    assert record.package["petitioner_identity"] == "李某，电话 139xxxx0000" and record.identity_visible


def test_a_member_cannot_write_the_petitioner_identity(objects: SimpleNamespace, personas: SimpleNamespace,
                                                       today: datetime.date) -> None:
    with pytest.raises(DomainError) as refused:
        services.lead_create(actor=personas.member_a, inspection_id=objects.inspection_a.pk,
                             data=lead_data(objects, petitioner_identity="李某"))
    assert "petitioner_identity" in refused.value.fields


def test_every_read_is_audited(make_lead: MakeLead, personas: SimpleNamespace) -> None:
    lead = make_lead("transferred")
    selectors.lead_detail(actor=personas.cdi, lead_id=lead.pk)
    event = AuditEvent.objects.filter(action="lead.read", object_id=str(lead.pk)).latest("id")
    assert event.actor_id == personas.cdi.pk


def test_the_receipt_and_outcome_dates_are_checked(make_lead: MakeLead, personas: SimpleNamespace) -> None:
    lead = make_lead("transferred")
    with pytest.raises(DomainError):
        services.lead_receive(actor=personas.cdi, lead_id=lead.pk, received_on=datetime.date(2018, 11, 1))
    with pytest.raises(DomainError):
        services.lead_receive(actor=personas.cdi, lead_id=lead.pk, received_on=datetime.date(2018, 12, 1))
    services.lead_receive(actor=personas.cdi, lead_id=lead.pk)
    with pytest.raises(DomainError):
        services.lead_dispose(actor=personas.cdi, lead_id=lead.pk, disposal="jail", note="x")
    services.lead_dispose(actor=personas.cdi, lead_id=lead.pk, disposal="talk_inquiry", note="函询")
    services.lead_dispose(actor=personas.cdi, lead_id=lead.pk, disposal="case_filed", note="立案")  # a change
    assert AuditEvent.objects.filter(action="lead.disposal_change").exists()
    with pytest.raises(DomainError):
        services.lead_report_outcome(actor=personas.cdi, lead_id=lead.pk, data=services.OutcomeData(
            "结果", [(999999, "party_warning", "")]))
    assert Lead.objects.get(pk=lead.pk).status == "handling"


def test_the_rectification_step_waits_for_approved_leads_to_be_received(
        objects: SimpleNamespace, make_lead: MakeLead, personas: SimpleNamespace) -> None:
    inspection = objects.inspection_a
    make_lead("draft")
    assert selectors.leads_handed_over(inspection) is None  # a draft holds nothing back
    lead = make_lead("approved")
    assert f"尚未移交：{lead.number}" in (selectors.leads_handed_over(inspection) or "")
    services.lead_transfer(actor=personas.office_staff, lead_id=lead.pk)
    assert "接收单位尚未签收" in (selectors.leads_handed_over(inspection) or "")
    services.lead_receive(actor=personas.cdi, lead_id=lead.pk)
    assert selectors.leads_handed_over(inspection) is None
    assert selectors.leads_handed_over in INSPECTION_WORKFLOW.added_guards["open_rectification"]


def test_a_late_outcome_is_escalated_to_the_office_and_the_receiving_body(
        make_lead: MakeLead, personas: SimpleNamespace, business_date: Callable[..., None]) -> None:
    lead = make_lead("received")
    business_date(datetime.date(2019, 3, 1))  # past 2019-02-20
    for user in (personas.office_staff, personas.cdi):
        todos = selectors.lead_todos(actor=user)
        assert [(t.kind, t.lead_id, t.escalated) for t in todos] == [("lead_overdue", lead.pk, True)]
    assert selectors.overdue_count(actor=personas.office_director) == 1
    assert selectors.lead_todos(actor=personas.org_dept) == []
    assert selectors.lead_todos(actor=personas.liaison_a) == []


def test_the_to_dos_follow_the_loop(make_lead: MakeLead, personas: SimpleNamespace) -> None:
    lead = make_lead("draft")
    assert [t.kind for t in selectors.lead_todos(actor=personas.leader_a)] == ["lead_endorse"]
    services.lead_step(actor=personas.leader_a, lead_id=lead.pk, name="endorse")
    assert [t.kind for t in selectors.lead_todos(actor=personas.office_director)] == ["lead_approve"]
    services.lead_step(actor=personas.office_director, lead_id=lead.pk, name="approve")
    assert [t.kind for t in selectors.lead_todos(actor=personas.office_staff)] == ["lead_transfer"]
    services.lead_transfer(actor=personas.office_staff, lead_id=lead.pk)
    assert [t.kind for t in selectors.lead_todos(actor=personas.cdi)] == ["lead_receive"]


def test_the_package_lists_the_material_and_the_live_citations_keep_their_grants(
        objects: SimpleNamespace, personas: SimpleNamespace, make_lead: MakeLead) -> None:
    petition = Petition.objects.create(inspection=objects.inspection_a, number="XF-1", channel="letter",
                                       received_on=datetime.date(2018, 11, 10), about_whom="王主任",
                                       summary="会费未入账", content="会费收入未入账。", anonymous=False,
                                       petitioner_name="李某")
    lead = make_lead("approved", by=personas.leader_a, origins=[f"petitions.petition:{petition.pk}"])
    services.lead_transfer(actor=personas.office_staff, lead_id=lead.pk)
    lead.refresh_from_db()
    assert lead.package_data()["material"] == [
        {"role": "线索来源", "kind": "信访件", "title": "XF-1 会费未入账", "detail": "2018-11-10 来信"}]
    assert "李某" not in lead.package
    leader = selectors.lead_detail(actor=personas.leader_a, lead_id=lead.pk)
    assert [c.title for c in leader.origins] == ["XF-1 会费未入账"]
    # The office staff may not read petitions: the citation shows as hidden; the receiving body gets the package.
    staff = selectors.lead_detail(actor=personas.office_staff, lead_id=lead.pk)
    assert [(c.visible, c.title) for c in staff.origins] == [(False, evidence.HIDDEN_TITLE)]
    assert selectors.lead_detail(actor=personas.cdi, lead_id=lead.pk).origins == []


def test_the_referral_letter_is_a_formal_document_of_the_package(make_lead: MakeLead, personas: SimpleNamespace,
                                                                  deputy_a: Any) -> None:
    draft = make_lead("draft")
    lead = make_lead("transferred")
    source = build_referral_letter(personas.cdi, lead.pk)
    assert source.text.number == "甲巡移〔2018〕1号" and source.text.addressee == "甲市纪委监委"
    assert source.text.classification == "机密" and source.obj == lead
    assert any("王主任" in p.text for p in source.text.paragraphs)
    assert any("2019年2月20日" in p.text for p in source.text.paragraphs)
    with pytest.raises(Http404):
        build_referral_letter(personas.office_staff, draft.pk)  # not transferred: no letter
    for outsider in (personas.liaison_a, personas.org_dept, personas.member_b):
        with pytest.raises(Http404):
            build_referral_letter(outsider, lead.pk)
    docx = render_document(source.text, exported_by=personas.cdi, fmt="docx", obj=lead, key=REFERRAL_LETTER)
    assert docx[:2] == b"PK"
    assert AuditEvent.objects.filter(action="document.export", object_id=str(lead.pk)).exists()
