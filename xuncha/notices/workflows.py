"""The transition table of a notice during the stay (ADR-0005, ADR-0025).

draft → issued (the team leader; numbered and dated) → received (the liaison signs for it: who and when) →
answered (the liaison's text and files, ``services.notice_answer``) → accepted by the team (the leader or a deputy),
or returned with a reason and a new deadline (→ answered again). Overdue is not a state: a notice waiting for the
organisation past its deadline is overdue on the business clock (``Notice.is_overdue``).

A notice is drafted and issued while the team is stationed; a notice issued during the stay is signed for, answered
and reviewed until rectification is over (an answer often comes after withdrawal; an item still open then goes to
the rectification ledger).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.workflow import Transition, Workflow, register
from xuncha.inspections.states import InspectionStatus
from xuncha.notices.models import NoticeStatus

S = InspectionStatus
ISSUE_STATUSES = frozenset({S.STATIONED})
ANSWER_STATUSES = frozenset({S.STATIONED, S.REPORTING, S.FEEDBACK, S.RECTIFYING})
STAY_OVER = "巡察组已撤驻，不能再起草或印发通知书。"
ANSWERS_OVER = "整改落实阶段已结束，通知书不能再签收、回复或审核。"


def _stationed(notice: Any) -> str | None:
    """巡察组在驻"""
    return None if notice.inspection.status in ISSUE_STATUSES else STAY_OVER


def _answerable(notice: Any) -> str | None:
    """整改落实阶段结束前"""
    return None if notice.inspection.status in ANSWER_STATUSES else ANSWERS_OVER


def _has_items(notice: Any) -> str | None:
    """整改通知书列明了立行立改事项"""
    if notice.kind != "rectification" or notice.items.exists():
        return None
    return "整改通知书须至少列明一项立行立改事项。"


N = NoticeStatus
NOTICE_TRANSITIONS: dict[str, Transition] = {
    "issue": Transition("issue", _("组长签发"), frozenset({N.DRAFT}), N.ISSUED, Cap.ISSUE_NOTICES,
                        (_stationed, _has_items), style="success", date_field="issued_on"),
    "receive": Transition("receive", _("签收"), frozenset({N.ISSUED}), N.RECEIVED, Cap.ANSWER_NOTICES,
                          (_answerable,), date_field="received_on"),
    # The answer itself is written by services.notice_answer (text and files), which takes this step.
    "answer": Transition("answer", _("回复"), frozenset({N.RECEIVED, N.RETURNED}), N.ANSWERED, Cap.ANSWER_NOTICES,
                         (_answerable,)),
    "accept": Transition("accept", _("认可回复"), frozenset({N.ANSWERED}), N.ACCEPTED, Cap.REVIEW_NOTICES,
                         (_answerable,), style="success", date_field="accepted_on"),
    "return": Transition("return", _("退回重新回复"), frozenset({N.ANSWERED}), N.RETURNED, Cap.REVIEW_NOTICES,
                         (_answerable,), style="outline-danger", needs_note=True),
}
NOTICE_WORKFLOW = register(Workflow("stay_notice", _("驻点期间通知书"), NoticeStatus, NOTICE_TRANSITIONS,
                                    audit_action="stay_notice.{name}"))
# Steps taken from the notice's page with the step form (the answer has a page of its own).
FORM_STEPS = ("issue", "receive", "accept", "return")
