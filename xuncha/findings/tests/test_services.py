"""Filing findings: validation in Chinese, the basis in force at the time of the conduct, evidence through the
registry, the approval chain with its guards, who may take which step."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.http import Http404

from xuncha.audit.models import AuditEvent
from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.core.models import StatusChange
from xuncha.findings import selectors, services
from xuncha.findings.models import Finding, FindingStatus
from xuncha.findings.tests.conftest import data, set_status
from xuncha.taxonomy.models import FrameworkNode


def test_a_member_drafts_a_finding_with_evidence_and_basis(finding_world: SimpleNamespace) -> None:
    w = finding_world
    finding = services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                      data=data(w, amount=Decimal("3600.50"), person_ids=[w.deputy.pk]))
    assert finding.code == "11-7-03-WT-001" and finding.status == FindingStatus.DRAFT
    assert finding.framework.code == "F2018" and finding.drafted_by == w.member_c
    assert list(finding.basis.all()) == [w.gift_2018] and list(finding.persons.all()) == [w.deputy]
    assert selectors.finding_refs(finding) == [("fieldwork.work_record", w.visit.pk)]
    assert AuditEvent.objects.filter(action="finding.create", object_id=str(finding.pk)).exists()


def test_the_basis_must_be_in_force_when_the_conduct_took_place(finding_world: SimpleNamespace) -> None:
    w = finding_world
    # Conduct in May 2017: the 2015 regulations applied, not the 2018 revision.
    with pytest.raises(services.FindingInvalid) as refused:
        services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                data=data(w, conduct_from=datetime.date(2017, 5, 4)))
    message = refused.value.fields["basis"][0]
    assert "2018年修订" in message and "2017年05月04日" in message and "2015年修订" in message
    assert not Finding.objects.exists()
    ok = services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                 data=data(w, conduct_from=datetime.date(2017, 5, 4),
                                           basis_ids=[w.gift_2015.pk, w.integrity.pk]))
    assert {a.regulation.code for a in ok.basis.all()} == {"JL2015", "LJ2015"}


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"title": "  "}, "title", "问题概述"),
    ({"description": ""}, "description", "问题表现"),
    ({"conduct_from": None}, "conduct_from", "行为发生时间"),
    ({"conduct_from": datetime.date(2018, 12, 25)}, "conduct_from", "不能晚于今天"),
    ({"conduct_to": datetime.date(2018, 1, 1)}, "conduct_to", "不能早于"),
    ({"amount": Decimal("-1")}, "amount", "不小于 0"),
    ({"severity": "fatal"}, "severity", "严重程度无效"),
    ({"discipline": "x"}, "discipline", "纪律类别无效"),
    ({"evidence": [("nothing.kind", 1)]}, "evidence", "不存在"),
])
def test_bad_input_is_refused_in_chinese_and_writes_nothing(finding_world: SimpleNamespace, overrides: dict,
                                                            field: str, message: str) -> None:
    w = finding_world
    with pytest.raises(services.FindingInvalid) as refused:
        services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk, data=data(w, **overrides))
    assert message in refused.value.fields[field][0]
    assert not Finding.objects.exists()


def test_the_category_comes_from_the_inspections_framework_and_organisation_from_its_targets(
        finding_world: SimpleNamespace) -> None:
    w = finding_world
    newer = FrameworkNode.objects.get(framework__code="F2023", code="Q2")
    with pytest.raises(services.FindingInvalid) as refused:
        services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                data=data(w, category_id=newer.pk, organization_id=w.other_unit.pk))
    assert set(refused.value.fields) >= {"category", "organization"}
    # A special-topic checklist in force is offered beside the focus framework.
    gzf = FrameworkNode.objects.get(framework__code="GZF", code="G3")
    assert services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                   data=data(w, category_id=gzf.pk)).framework.code == "GZF"


def test_evidence_must_be_of_this_inspection_and_visible_to_the_drafter(finding_world: SimpleNamespace) -> None:
    w = finding_world
    # member_c was not at the talk: its record may not be cited by them.
    with pytest.raises(services.FindingInvalid, match="谈话笔录"):
        services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                data=data(w, evidence=[("fieldwork.talk", w.talk_record.pk)]))
    finding = services.finding_create(actor=w.member_a, inspection_id=w.inspection.pk, data=data(
        w, evidence=[("fieldwork.talk", w.talk_record.pk), ("petitions.petition", w.petition.pk)]))
    assert len(selectors.finding_refs(finding)) == 2


def test_other_teams_the_office_the_liaison_cannot_file(finding_world: SimpleNamespace) -> None:
    w = finding_world
    with pytest.raises(Http404):
        services.finding_create(actor=w.other_member, inspection_id=w.inspection.pk, data=data(w))
    for user in (w.office, w.director, w.leading, w.liaison):  # they see the inspection, they file nothing
        with pytest.raises(CapabilityMissing):
            services.finding_create(actor=user, inspection_id=w.inspection.pk, data=data(w))


def test_the_approval_chain_drafter_deputy_leader_team_meeting(finding_world: SimpleNamespace) -> None:
    w = finding_world
    finding = services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk, data=data(w))
    # A member may not submit another member's draft.
    with pytest.raises(Http404):  # member_b does not even see it
        services.finding_apply_transition(actor=w.member_b, finding_id=finding.pk, transition="submit")
    services.finding_apply_transition(actor=w.member_c, finding_id=finding.pk, transition="submit")
    with pytest.raises(CapabilityMissing):
        services.finding_apply_transition(actor=w.member_c, finding_id=finding.pk, transition="review")
    with pytest.raises(TransitionNotAllowed):  # the leader confirms after the deputy's review
        services.finding_apply_transition(actor=w.leader, finding_id=finding.pk, transition="confirm")
    services.finding_apply_transition(actor=w.deputy_leader, finding_id=finding.pk, transition="review")
    with pytest.raises(CapabilityMissing):
        services.finding_apply_transition(actor=w.deputy_leader, finding_id=finding.pk, transition="confirm")
    services.finding_apply_transition(actor=w.leader, finding_id=finding.pk, transition="confirm")
    with pytest.raises(DomainError, match="组务会记录"):
        services.finding_apply_transition(actor=w.leader, finding_id=finding.pk, transition="adopt")
    services.finding_apply_transition(actor=w.leader, finding_id=finding.pk, transition="adopt",
                                      on=datetime.date(2018, 11, 19), meeting_reference="第3次组务会")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ADOPTED and finding.adopted_on == datetime.date(2018, 11, 19)
    assert finding.reviewed_by == w.deputy_leader and finding.confirmed_by == w.leader
    assert list(StatusChange.objects.filter(content_type__model="finding", object_id=finding.pk).order_by("pk").values_list(
        "transition", flat=True)) == ["submit", "review", "confirm", "adopt"]
    # Into the report only once the team has withdrawn.
    with pytest.raises(TransitionNotAllowed, match="撤驻后"):
        services.finding_apply_transition(actor=w.leader, finding_id=finding.pk, transition="include_in_report")
    set_status(w.inspection, "reporting")
    services.finding_apply_transition(actor=w.leader, finding_id=finding.pk, transition="include_in_report")
    with pytest.raises(TransitionNotAllowed, match="反馈"):
        services.finding_apply_transition(actor=w.director, finding_id=finding.pk, transition="feed_back")
    set_status(w.inspection, "feedback")
    services.finding_apply_transition(actor=w.director, finding_id=finding.pk, transition="feed_back")
    with pytest.raises(CapabilityMissing):
        services.finding_apply_transition(actor=w.leading, finding_id=finding.pk, transition="start_rectification")
    set_status(w.inspection, "rectifying")
    services.finding_apply_transition(actor=w.office, finding_id=finding.pk, transition="start_rectification")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFYING


def test_a_finding_cannot_go_forward_without_evidence_and_is_sent_back_with_a_reason(
        finding_world: SimpleNamespace) -> None:
    w = finding_world
    bare = services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                   data=data(w, evidence=[], basis_ids=[]))
    with pytest.raises(TransitionNotAllowed) as refused:
        services.finding_apply_transition(actor=w.member_c, finding_id=bare.pk, transition="submit")
    assert "证据" in refused.value.message and "定性依据" in refused.value.message
    finding = services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk, data=data(w))
    services.finding_apply_transition(actor=w.member_c, finding_id=finding.pk, transition="submit")
    with pytest.raises(DomainError, match="理由"):
        services.finding_apply_transition(actor=w.deputy_leader, finding_id=finding.pk, transition="send_back")
    services.finding_apply_transition(actor=w.deputy_leader, finding_id=finding.pk, transition="send_back",
                                      note="金额需与凭证核对")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DRAFT
    assert StatusChange.objects.filter(content_type__model="finding", object_id=finding.pk, transition="send_back", note="金额需与凭证核对").exists()


def test_only_drafts_are_edited_by_their_drafter_or_the_leaders(finding_world: SimpleNamespace) -> None:
    w = finding_world
    finding = services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk, data=data(w))
    services.finding_update(actor=w.deputy_leader, finding_id=finding.pk, data=data(w, title="节假日公车私用问题"))
    services.finding_apply_transition(actor=w.member_c, finding_id=finding.pk, transition="submit")
    with pytest.raises(DomainError, match="草稿"):
        services.finding_update(actor=w.member_c, finding_id=finding.pk, data=data(w))
    finding.refresh_from_db()
    assert finding.title == "节假日公车私用问题"


def test_no_filing_once_the_stay_and_the_report_are_over(finding_world: SimpleNamespace) -> None:
    w = finding_world
    set_status(w.inspection, "feedback")
    with pytest.raises(DomainError, match="不能再登记"):
        services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk, data=data(w))


def test_bulk_entry_is_all_or_nothing_with_row_numbers(finding_world: SimpleNamespace) -> None:
    w = finding_world
    with pytest.raises(services.RowsInvalid) as refused:
        services.findings_bulk_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                      rows=[(1, data(w)), (2, data(w, title="")), (3, data(w, amount=Decimal(-5)))])
    assert [r.row for r in refused.value.rows] == [2, 3]
    assert not Finding.objects.exists()
    created = services.findings_bulk_create(actor=w.member_c, inspection_id=w.inspection.pk,
                                            rows=[(1, data(w)), (2, data(w, title="会费收取不规范", category_id=w.c1.pk))])
    assert [f.code for f in created] == ["11-7-03-WT-001", "11-7-03-WT-002"]
