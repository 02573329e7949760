"""The transition tables of fieldwork (ADR-0005): a talk's progress, a talk record's sign-off, a document request."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.clock import business_now
from xuncha.core.workflow import Transition, Workflow, register
from xuncha.fieldwork.models import DocumentStatus, RecordStatus, TalkRecord, TalkStatus
from xuncha.inspections.states import InspectionStatus

# The team talks, visits and asks for documents while stationed; it finishes records, signs them off and returns
# documents until the report is done.
STAY_STATUSES = frozenset({InspectionStatus.STATIONED})
WRAP_UP_STATUSES = frozenset({InspectionStatus.STATIONED, InspectionStatus.REPORTING})
STAY_OVER = "巡察组已撤驻，驻点工作已结束。"
WRAP_UP_OVER = "巡察报告阶段已结束，不能再补记或审签。"


def _stationed(inspection: Any) -> str | None:
    return None if inspection.status in STAY_STATUSES else STAY_OVER


def _not_past_reporting(inspection: Any) -> str | None:
    return None if inspection.status in WRAP_UP_STATUSES else WRAP_UP_OVER


# ---- Talks -----------------------------------------------------------------------------------------------------


def _talk_stationed(talk: Any) -> str | None:
    """巡察组在驻"""
    return _stationed(talk.inspection)


def _talk_wrap_up(talk: Any) -> str | None:
    """巡察组在驻或撰写报告"""
    return _not_past_reporting(talk.inspection)


def _has_record(talk: Any) -> str | None:
    """已填写谈话笔录"""
    return None if TalkRecord.objects.filter(talk_id=talk.pk).exists() else "尚未填写谈话笔录。"


def _has_interviewers(talk: Any) -> str | None:
    """已安排两名谈话人"""
    return None if talk.interviewer_id and talk.recorder_id else "须安排两名巡察组成员谈话（一人主谈、一人记录）。"


def _no_record(talk: Any) -> str | None:
    """尚无谈话笔录"""
    return "已有谈话笔录的谈话不能取消。" if TalkRecord.objects.filter(talk_id=talk.pk).exists() else None


T = TalkStatus
OPEN_TALK = frozenset({T.PLANNED, T.RESCHEDULED})
TALK_TRANSITIONS: dict[str, Transition] = {
    "hold": Transition("hold", _("谈话完成"), OPEN_TALK, T.DONE, Cap.RECORD_FIELDWORK,
                       (_talk_wrap_up, _has_interviewers, _has_record), style="success"),
    "reschedule": Transition("reschedule", _("改期"), OPEN_TALK, T.RESCHEDULED, Cap.RECORD_FIELDWORK,
                             (_talk_stationed,), style="secondary", needs_note=True),
    "decline": Transition("decline", _("未能谈话"), OPEN_TALK, T.DECLINED, Cap.RECORD_FIELDWORK,
                          (_talk_stationed,), style="outline-danger", needs_note=True),
    "replan": Transition("replan", _("重新安排"), frozenset({T.DECLINED, T.CANCELLED}), T.PLANNED, Cap.PLAN_TALKS,
                         (_talk_stationed,), style="secondary"),
    # Taken off the plan (the person left, was listed twice, is not to be talked to after all): kept, with the
    # reason, so that the plan's history shows it; it no longer counts in the plan.
    "cancel": Transition("cancel", _("取消谈话"), OPEN_TALK, T.CANCELLED, Cap.PLAN_TALKS,
                         (_talk_stationed, _no_record), style="outline-dark", needs_note=True),
}
TALK_WORKFLOW = register(Workflow("talk", _("个别谈话"), TalkStatus, TALK_TRANSITIONS, audit_action="talk.{name}"))


# ---- Talk records ----------------------------------------------------------------------------------------------


def _record_wrap_up(record: Any) -> str | None:
    """巡察组在驻或撰写报告"""
    return _not_past_reporting(record.talk.inspection)


def _talk_done(record: Any) -> str | None:
    """谈话已完成"""
    return None if record.talk.status == TalkStatus.DONE else "谈话尚未标记为完成。"


def _record_signed(record: Any, actor: Any) -> list[str]:
    record.signed_by = actor
    record.signed_at = business_now()
    return ["signed_by", "signed_at"]


RECORD_TRANSITIONS: dict[str, Transition] = {
    "sign_off": Transition("sign_off", _("组长审签"), frozenset({RecordStatus.DRAFT}), RecordStatus.SIGNED,
                           Cap.SIGN_OFF_TALK, (_record_wrap_up, _talk_done), style="success", effect=_record_signed),
}
RECORD_WORKFLOW = register(Workflow("talk_record", _("谈话笔录审签"), RecordStatus, RECORD_TRANSITIONS,
                                    audit_action="talk_record.{name}"))


# ---- Document requests -----------------------------------------------------------------------------------------


def _request_wrap_up(request: Any) -> str | None:
    """巡察组在驻或撰写报告"""
    return _not_past_reporting(request.inspection)


D = DocumentStatus
DOCUMENT_TRANSITIONS: dict[str, Transition] = {
    "deliver": Transition("deliver", _("标记已提供"), frozenset({D.REQUESTED}), D.DELIVERED, Cap.PROVIDE_DOCUMENTS,
                          (_request_wrap_up,), date_field="delivered_on"),
    "receive": Transition("receive", _("登记接收"), frozenset({D.REQUESTED, D.DELIVERED}), D.RECEIVED,
                          Cap.RECORD_FIELDWORK, (_request_wrap_up,), date_field="received_on"),
    "review": Transition("review", _("审阅完毕"), frozenset({D.RECEIVED}), D.REVIEWED, Cap.RECORD_FIELDWORK,
                         (_request_wrap_up,), date_field="reviewed_on"),
    "return": Transition("return", _("退还资料"), frozenset({D.RECEIVED, D.REVIEWED}), D.RETURNED,
                         Cap.RECORD_FIELDWORK, (_request_wrap_up,), style="success", date_field="returned_on"),
}
DOCUMENT_WORKFLOW = register(Workflow("document_request", _("调阅资料"), DocumentStatus, DOCUMENT_TRANSITIONS,
                                      audit_action="document_request.{name}"))
