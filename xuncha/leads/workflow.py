"""The referral loop of one lead (spec §6.3 state machine, issue 10 point 3), as a guarded transition table (ADR-0005).

draft → endorsed (组长审核) → approved (巡察办主任审批) → transferred (巡察办移交: number, package, deadline) →
received (接收单位签收) → handling (处置方式) → reported (办理结果反馈) → closed (巡察办销号). The director may send an
endorsed or approved lead back to its draft, and the office may send a reported outcome back for completion; both
with a reason. The steps that carry data (transfer, receipt, disposal, outcome) are taken by their services in
``services``, which set the fields these guards read.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.clock import business_now, business_today
from xuncha.core.workflow import Transition, Workflow, register
from xuncha.leads.states import LeadStatus

S = LeadStatus


def _has_persons(obj: Any) -> str | None:
    """已写明被反映人。"""
    return None if obj.persons.exists() else "请写明被反映人（姓名、单位及职务、职级）。"


def _has_receiver(obj: Any) -> str | None:
    """已写明移交对象和接收单位。"""
    return None if obj.target and obj.receiving_jurisdiction_id and obj.receiver_name else "请写明移交对象和接收单位。"


def _has_disposal(obj: Any) -> str | None:
    """已确定处置方式。"""
    return None if obj.disposal else "请选择处置方式（谈话函询、初步核实、暂存待查、予以了结或立案审查调查）。"


def _has_outcome(obj: Any) -> str | None:
    """已填写办理结果。"""
    return None if obj.outcome_summary.strip() else "请填写办理结果。"


def _has_package(obj: Any) -> str | None:
    """已形成移交材料和移交文号。"""
    return None if obj.package and obj.referral_no and obj.transferred_on else "移交材料尚未形成。"


def _has_receipt(obj: Any) -> str | None:
    """已签收。"""
    return None if obj.received_on and obj.received_by_id else "尚未签收。"


def _endorsed(obj: Any, actor: Any) -> list[str]:
    obj.endorsed_by, obj.endorsed_at = actor, business_now()
    return ["endorsed_by", "endorsed_at"]


def _approved(obj: Any, actor: Any) -> list[str]:
    obj.approved_by, obj.approved_at = actor, business_now()
    return ["approved_by", "approved_at"]


def _sent_back(obj: Any, actor: Any) -> list[str]:
    # A lead sent back needs both approvals again; an identity approval no longer stands either.
    obj.endorsed_by = obj.endorsed_at = obj.approved_by = obj.approved_at = None
    obj.identity_approved_by = obj.identity_approved_at = None
    obj.identity_approval_reason = ""
    return ["endorsed_by", "endorsed_at", "approved_by", "approved_at", "identity_approved_by",
            "identity_approved_at", "identity_approval_reason"]


def _closed(obj: Any, actor: Any) -> list[str]:
    obj.closed_on = business_today()
    return ["closed_on"]


TRANSITIONS: dict[str, Transition] = {
    "endorse": Transition("endorse", _("组长审核同意移交"), frozenset({S.DRAFT}), S.ENDORSED, Cap.ENDORSE_LEADS,
                          (_has_persons, _has_receiver), effect=_endorsed),
    "approve": Transition("approve", _("批准移交"), frozenset({S.ENDORSED}), S.APPROVED, Cap.APPROVE_LEADS,
                          (_has_persons, _has_receiver), effect=_approved, style="success"),
    "send_back": Transition("send_back", _("退回修改"), frozenset({S.ENDORSED, S.APPROVED}), S.DRAFT,
                            Cap.APPROVE_LEADS, effect=_sent_back, needs_note=True, style="outline-danger"),
    "transfer": Transition("transfer", _("移交"), frozenset({S.APPROVED}), S.TRANSFERRED, Cap.TRANSFER_LEADS,
                           (_has_package,)),
    "receive": Transition("receive", _("签收"), frozenset({S.TRANSFERRED}), S.RECEIVED, Cap.HANDLE_REFERRED_LEADS,
                          (_has_receipt,)),
    "dispose": Transition("dispose", _("确定处置方式"), frozenset({S.RECEIVED}), S.HANDLING,
                          Cap.HANDLE_REFERRED_LEADS, (_has_disposal,)),
    "report": Transition("report", _("反馈办理结果"), frozenset({S.HANDLING}), S.REPORTED, Cap.HANDLE_REFERRED_LEADS,
                         (_has_disposal, _has_outcome)),
    "reopen": Transition("reopen", _("退回补充办理结果"), frozenset({S.REPORTED}), S.HANDLING, Cap.TRANSFER_LEADS,
                         needs_note=True, style="outline-danger"),
    "close": Transition("close", _("销号"), frozenset({S.REPORTED}), S.CLOSED, Cap.TRANSFER_LEADS, effect=_closed,
                        style="success"),
}
# The steps taken by a note alone (the others carry data and have services and forms of their own).
PLAIN_STEPS = ("endorse", "approve", "send_back", "reopen", "close")

LEAD_WORKFLOW = register(Workflow("lead", _("问题线索移交办理"), LeadStatus, TRANSITIONS, audit_action="lead.{name}"))
