"""Who reads a finding: the team (members their own drafts and the confirmed ones; the leader and deputies all),
the office of the dispatching committee and the leading group the confirmed ones; never the liaison, never another
team, never the discipline commission. Reading the evidence is audited and hides what the reader may not see."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from xuncha.audit.models import AuditEvent
from xuncha.findings import selectors, services
from xuncha.findings.models import Finding, FindingEvidence
from xuncha.findings.tests.conftest import data
from xuncha.inspections.evidence import HIDDEN_TITLE


def _confirmed(w: SimpleNamespace) -> Finding:
    finding = services.finding_create(actor=w.member_a, inspection_id=w.inspection.pk, data=data(
        w, title="公车私用", evidence=[("fieldwork.talk", w.talk_record.pk), ("fieldwork.work_record", w.visit.pk)]))
    services.finding_apply_transition(actor=w.member_a, finding_id=finding.pk, transition="submit")
    services.finding_apply_transition(actor=w.deputy_leader, finding_id=finding.pk, transition="review")
    services.finding_apply_transition(actor=w.leader, finding_id=finding.pk, transition="confirm")
    return finding


def _seen(user: object) -> set[str]:
    return set(Finding.objects.visible_to(user).values_list("title", flat=True))


def test_who_sees_drafts_and_confirmed_findings(finding_world: SimpleNamespace) -> None:
    w = finding_world
    _confirmed(w)
    services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk, data=data(w, title="草稿"))
    submitted = services.finding_create(actor=w.member_b, inspection_id=w.inspection.pk, data=data(w, title="已报送"))
    services.finding_apply_transition(actor=w.member_b, finding_id=submitted.pk, transition="submit")
    assert _seen(w.member_c) == {"公车私用", "草稿"}
    assert _seen(w.member_b) == {"公车私用", "已报送"}
    assert _seen(w.member_a) == {"公车私用"}
    assert _seen(w.leader) == _seen(w.deputy_leader) == {"公车私用", "草稿", "已报送"}
    assert _seen(w.director) == _seen(w.office) == _seen(w.leading) == {"公车私用"}
    for outsider in (w.liaison, w.liaison_other, w.other_member, w.cdi, w.orgdept):
        assert _seen(outsider) == set(), outsider
        assert not FindingEvidence.objects.visible_to(outsider).exists(), outsider


def test_reading_the_evidence_is_audited_and_hides_what_the_reader_may_not_see(finding_world: SimpleNamespace
                                                                               ) -> None:
    w = finding_world
    finding = _confirmed(w)
    shown = selectors.finding_evidence_read(actor=w.office, finding=finding)
    assert [c.visible for c in shown] == [False, False]  # the office clerk reads neither record
    assert shown[0].title == HIDDEN_TITLE and shown[0].label == "谈话笔录"
    by_director = selectors.finding_evidence_read(actor=w.director, finding=finding)
    assert all(c.visible for c in by_director)
    by_member = selectors.finding_evidence_read(actor=w.member_c, finding=finding)
    assert [c.visible for c in by_member] == [False, True]  # member_c was not at the talk
    events = AuditEvent.objects.filter(action="finding.evidence_read", object_id=str(finding.pk))
    assert events.count() == 3
    assert "节假日" not in str(list(events.values_list("details", flat=True)))


def test_stay_figures_count_findings_by_status(finding_world: SimpleNamespace) -> None:
    w = finding_world
    _confirmed(w)
    services.finding_create(actor=w.member_c, inspection_id=w.inspection.pk,
                            data=data(w, conduct_from=datetime.date(2018, 10, 15)))
    found, confirmed = selectors.stay_figures(w.inspection)
    assert (found.value, confirmed.value) == (2, 1)
    assert "草稿 1" in found.detail and confirmed.attention
