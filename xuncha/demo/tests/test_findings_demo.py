"""The findings of the demo: 市工商联's (11-7-03) across the F2018 areas with evidence and basis, most adopted,
dated within the stay; 第一组's drafts at 市驻郑办; who sees them."""

from __future__ import annotations

import pytest

from xuncha.accounts.models import User
from xuncha.core.models import StatusChange
from xuncha.demo.loader import LoadResult
from xuncha.fieldwork.models import TalkRecord
from xuncha.findings.models import Finding, FindingEvidence, FindingStatus
from xuncha.inspections import evidence
from xuncha.inspections.models import Inspection

pytestmark = pytest.mark.django_db


def test_the_third_team_filed_findings_with_evidence_and_basis_in_force(demo: LoadResult) -> None:
    gsl = Inspection.objects.get(code="11-7-03")
    findings = list(Finding.objects.filter(inspection=gsl).prefetch_related("basis__regulation"))
    assert 8 <= len(findings) <= 12
    assert {f.category.code[0] for f in findings} >= {"A", "B", "C", "D", "E", "F"} - {"A"}
    statuses = [f.status for f in findings]
    assert statuses.count(FindingStatus.ADOPTED) > len(findings) / 2
    assert set(statuses) <= {FindingStatus.ADOPTED, FindingStatus.CONFIRMED}
    assert any(f.amount for f in findings) and all(f.framework.code == "F2018" for f in findings)
    for finding in findings:
        assert FindingEvidence.objects.filter(finding=finding).exists(), finding
        for article in finding.basis.all():
            assert article.regulation.in_force_on(finding.conduct_from), (finding, article)
        assert gsl.stationed_on is not None and gsl.withdrawn_on is not None
        days = [c.created_at.date() for c in StatusChange.for_object(finding)]
        assert days and all(gsl.stationed_on <= day <= gsl.withdrawn_on for day in days)
    kinds = set(FindingEvidence.objects.filter(finding__inspection=gsl).values_list("kind", flat=True))
    assert kinds == {"fieldwork.talk", "fieldwork.work_record", "fieldwork.document_request", "petitions.petition"}


def test_the_demo_findings_are_read_as_the_rules_say(demo: LoadResult) -> None:
    gsl = Finding.objects.filter(inspection__code="11-7-03")
    for username in ("leader3", "member3", "director", "office", "leading"):
        assert Finding.objects.visible_to(User.objects.get(username=username)).filter(
            inspection__code="11-7-03").count() == gsl.count(), username
    for username in ("liaison_gsl", "member1", "cdi", "orgdept"):
        assert not Finding.objects.visible_to(User.objects.get(username=username)).filter(
            inspection__code="11-7-03").exists(), username
    # member3 reads the talk records they were at; the others cited show as hidden.
    member3 = User.objects.get(username="member3")
    refs = list(FindingEvidence.objects.filter(finding__inspection__code="11-7-03", kind="fieldwork.talk")
                .values_list("kind", "object_id"))
    shown = evidence.citations(member3, refs)
    assert any(not c.visible for c in shown)
    for citation in shown:
        record = TalkRecord.objects.select_related("talk").get(pk=citation.id)
        assert citation.visible == (member3.person_id in (record.talk.interviewer_id, record.talk.recorder_id))


def test_the_first_team_has_drafts_at_the_zhengzhou_office(demo: LoadResult) -> None:
    drafts = Finding.objects.filter(inspection__code="11-7-E01")
    assert drafts.count() == 3 and set(drafts.values_list("status", flat=True)) == {FindingStatus.DRAFT}
    member1 = User.objects.get(username="member1")
    assert Finding.objects.visible_to(member1).filter(inspection__code="11-7-E01").count() == 3
    assert not Finding.objects.visible_to(User.objects.get(username="director")).filter(
        inspection__code="11-7-E01").exists()
