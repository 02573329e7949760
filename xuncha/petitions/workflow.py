"""The handling of one petition (spec §4.3 status), as a guarded transition table (ADR-0005).

RECEIVED → TRIAGED → one of: answered and closed (答复办结), referred (转办, with a transfer record), kept for
the report (纳入巡察报告), merged into another petition on the same matter (重复件). The findings issue adds the
hand-over to a finding or a lead (作为线索/问题底稿) with ``add_handling``: a new transition out of
``OPEN_STATUSES`` into a state of its own, which then counts as handled for the withdrawal guard.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.clock import business_today
from xuncha.core.workflow import Transition, Workflow, register


class PetitionStatus(models.TextChoices):
    RECEIVED = "received", _("待研判")
    TRIAGED = "triaged", _("办理中")
    ANSWERED = "answered", _("已答复办结")
    REFERRED = "referred", _("已转办")
    REPORTED = "reported", _("纳入巡察报告")
    MERGED = "merged", _("已合并")


S = PetitionStatus
# Neither handled nor carried into the report: these hold back the inspection's withdrawal.
OPEN_STATUSES = frozenset({S.RECEIVED, S.TRIAGED})
STATUS_COLORS = {S.RECEIVED: "warning", S.TRIAGED: "primary", S.ANSWERED: "success", S.REFERRED: "info",
                 S.REPORTED: "purple", S.MERGED: "secondary"}
# What the petitioner reads through the receipt code (no internal detail).
PUBLIC_STATUS = {S.RECEIVED: _("已收到，正在研判"), S.TRIAGED: _("正在办理"), S.ANSWERED: _("已答复"),
                 S.REFERRED: _("已按规定转有关部门办理"), S.REPORTED: _("已收悉，巡察组将在工作中统筹研究"),
                 S.MERGED: _("已与反映同一事项的信访件合并办理")}


def _has_transfer(obj: Any) -> str | None:
    """已填写转办记录。"""
    return None if hasattr(obj, "transfer") and obj.transfer.pk else "请先填写转办记录（转办对象、接收单位、理由）。"


def _has_original(obj: Any) -> str | None:
    """已指明合并到的信访件。"""
    if obj.duplicate_of_id is None:
        return "请指明合并到哪一件信访件。"
    return "不能合并到自身。" if obj.duplicate_of_id == obj.pk else None


def _handled_today(obj: Any, actor: Any) -> list[str]:
    obj.handled_on = business_today()
    return ["handled_on"]


OPEN = frozenset(OPEN_STATUSES)
TRANSITIONS: dict[str, Transition] = {
    "triage": Transition("triage", _("研判"), frozenset({S.RECEIVED}), S.TRIAGED, Cap.HANDLE_PETITIONS),
    "answer": Transition("answer", _("答复办结"), OPEN, S.ANSWERED, Cap.DECIDE_PETITIONS, effect=_handled_today,
                         needs_note=True, style="success"),
    "refer": Transition("refer", _("转办"), OPEN, S.REFERRED, Cap.DECIDE_PETITIONS, (_has_transfer,),
                        effect=_handled_today),
    "keep_for_report": Transition("keep_for_report", _("纳入巡察报告"), OPEN, S.REPORTED, Cap.DECIDE_PETITIONS,
                                  effect=_handled_today, needs_note=True),
    "merge": Transition("merge", _("合并重复件"), OPEN, S.MERGED, Cap.DECIDE_PETITIONS, (_has_original,),
                        effect=_handled_today, style="secondary"),
}

PETITION_WORKFLOW = register(Workflow("petition", _("信访件办理"), PetitionStatus, TRANSITIONS,
                                      audit_action="petition.{name}"))


def add_handling(transition: Transition) -> Transition:
    """Add a way of handling an open petition (the findings issue: 作为线索 / 问题底稿). Its target must be a
    state outside ``OPEN_STATUSES`` so that the withdrawal guard counts the petition as handled."""
    if transition.target in OPEN_STATUSES:
        raise ValueError("a handling transition leaves the open states")
    PETITION_WORKFLOW.transitions[transition.name] = transition
    return transition
