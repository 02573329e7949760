"""The approval chain of a finding (spec §4.5: 承办人 → 副组长 → 组长 → 组务会; ADR-0005), then the steps later
features take: into the report (巡察报告), fed back (反馈), in rectification (整改)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.clock import business_now
from xuncha.core.workflow import Transition, Workflow, register
from xuncha.findings.models import FindingEvidence, FindingStatus
from xuncha.inspections.states import InspectionStatus

S = FindingStatus
# The team files and approves findings while stationed and while it writes the report.
WORKING_STATUSES = frozenset({InspectionStatus.STATIONED, InspectionStatus.REPORTING})


def _team_at_work(finding: Any) -> str | None:
    """巡察组在驻或撰写报告"""
    if finding.inspection.status in WORKING_STATUSES:
        return None
    return "巡察已不在驻点或报告阶段，不能再报送、审核问题。"


def _has_evidence(finding: Any) -> str | None:
    """至少引用一项证据"""
    if FindingEvidence.objects.filter(finding_id=finding.pk).exists():
        return None
    return "尚未引用证据（谈话笔录、信访件、调阅资料或工作记录）。"


def _has_basis(finding: Any) -> str | None:
    """已选定性依据"""
    return None if finding.basis.exists() else "尚未选择定性依据（党内法规条款）。"


def _reporting(finding: Any) -> str | None:
    """巡察已撤驻，进入报告阶段"""
    if finding.inspection.status == InspectionStatus.REPORTING:
        return None
    return "巡察组撤驻后才能将问题写入巡察报告。"


def _feedback_given(finding: Any) -> str | None:
    """巡察已反馈"""
    if finding.inspection.status in {InspectionStatus.FEEDBACK, InspectionStatus.RECTIFYING}:
        return None
    return "巡察尚未向被巡察党组织反馈。"


def _rectifying(finding: Any) -> str | None:
    """巡察已进入整改阶段"""
    if finding.inspection.status == InspectionStatus.RECTIFYING:
        return None
    return "巡察尚未进入整改阶段。"


def _reviewed(finding: Any, actor: Any) -> list[str]:
    finding.reviewed_by = actor
    return ["reviewed_by"]


def _confirmed(finding: Any, actor: Any) -> list[str]:
    finding.confirmed_by = actor
    finding.confirmed_at = business_now()
    return ["confirmed_by", "confirmed_at"]


def _sent_back(finding: Any, actor: Any) -> list[str]:
    finding.reviewed_by = None
    finding.confirmed_by = None
    finding.confirmed_at = None
    return ["reviewed_by", "confirmed_by", "confirmed_at"]


FINDING_TRANSITIONS: dict[str, Transition] = {
    "submit": Transition("submit", _("报副组长审核"), frozenset({S.DRAFT}), S.SUBMITTED, Cap.RECORD_FINDINGS,
                         (_team_at_work, _has_evidence, _has_basis)),
    "review": Transition("review", _("副组长审核通过"), frozenset({S.SUBMITTED}), S.REVIEWED, Cap.REVIEW_FINDINGS,
                         (_team_at_work,), effect=_reviewed),
    "confirm": Transition("confirm", _("组长确认"), frozenset({S.REVIEWED}), S.CONFIRMED, Cap.CONFIRM_FINDINGS,
                          (_team_at_work, _has_evidence, _has_basis), style="success", effect=_confirmed),
    "send_back": Transition("send_back", _("退回修改"), frozenset({S.SUBMITTED, S.REVIEWED, S.CONFIRMED}), S.DRAFT,
                            Cap.REVIEW_FINDINGS, (_team_at_work,), style="outline-danger", needs_note=True,
                            effect=_sent_back),
    "adopt": Transition("adopt", _("组务会通过"), frozenset({S.CONFIRMED}), S.ADOPTED, Cap.CONFIRM_FINDINGS,
                        (_team_at_work,), style="success", date_field="adopted_on"),
    "include_in_report": Transition("include_in_report", _("写入巡察报告"), frozenset({S.ADOPTED}), S.IN_REPORT,
                                    Cap.CONFIRM_FINDINGS, (_reporting,)),
    "feed_back": Transition("feed_back", _("已向被巡察党组织反馈"), frozenset({S.IN_REPORT}), S.FED_BACK,
                            Cap.DELIVER_FEEDBACK, (_feedback_given,)),
    "start_rectification": Transition("start_rectification", _("转入整改"), frozenset({S.FED_BACK}), S.RECTIFYING,
                                      Cap.OPEN_RECTIFICATION, (_rectifying,)),
}
FINDING_WORKFLOW = register(Workflow("finding", _("问题底稿"), FindingStatus, FINDING_TRANSITIONS,
                                     audit_action="finding.{name}"))
# The steps the findings pages offer; the last three are taken by the report, feedback and rectification features.
PAGE_STEPS = ("submit", "review", "confirm", "send_back", "adopt")
