"""The lifecycle of one inspection (spec §1.3), as a guarded transition table (ADR-0005)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xuncha.accounts.roles import Cap
from xuncha.core.workflow import Transition, Workflow, register
from xuncha.inspections.recusal import standing_conflicts
from xuncha.inspections.states import ORDER, STATUS_COLORS, InspectionStatus, TeamStatus
from xuncha.inspections.stationing import missing_declarations

# The states are defined in ``states`` (the models need them); most callers read them here with the table.
__all__ = ["INSPECTION_WORKFLOW", "ORDER", "STATUS_COLORS", "TRANSITIONS", "TRANSITION_DATE_FIELD", "InspectionStatus"]

S = InspectionStatus


def _has_targets(obj: Any) -> str | None:
    """已确定被巡察党组织。"""
    return None if obj.targets.exists() else "尚未确定被巡察党组织。"


def _has_leader(obj: Any) -> str | None:
    """已指定巡察组并明确组长。"""
    if obj.team_id is None:
        return "尚未指定巡察组。"
    return None if obj.team.memberships.filter(role="leader").exists() else "巡察组尚未明确组长（一次一授权）。"


def _team_formed(obj: Any) -> str | None:
    """巡察组组成人员已确定。"""
    if obj.team_id is None or obj.team.status == TeamStatus.FORMED:
        return None
    return f"{obj.team}的组成人员尚未确定（巡察办在组建巡察组页面确定组成人员后方可进驻）。"


def _leaders_authorized(obj: Any) -> str | None:
    """组长、副组长已授权。"""
    if obj.team_id is None:
        return None
    missing = [m.person.name for m in obj.team.memberships.filter(role__in=["leader", "deputy_leader"],
                                                                   authorized_on__isnull=True)
               .select_related("person")]
    return f"组长、副组长尚未授权（一次一授权）：{'、'.join(missing)}。" if missing else None


def _declarations_signed(obj: Any) -> str | None:
    """成员已签署回避申请书和保密承诺书。"""
    missing = missing_declarations(obj)
    if not missing:
        return None
    more = f"等{len(missing)}项" if len(missing) > 5 else ""
    return f"巡察组成员的回避申请书、保密承诺书尚未签署：{'；'.join(missing[:5])}{more}。"


def _no_recusal_conflicts(obj: Any) -> str | None:
    """无未解决的回避情形。"""
    if obj.team_id is None:
        return None
    targets = set(obj.targets.values_list("organization_id", flat=True))
    hits = [h for h in standing_conflicts(obj.team) if h.organization_id in targets]
    if not hits:
        return None
    first = hits[0]
    return (f"存在未解决的回避情形{len(hits)}项，如{first.person_name}对{first.organization_name}："
            f"{first.rule_label}（{first.reason}）。")


def _was_stationed(obj: Any) -> str | None:
    """有进驻日期。"""
    return None if obj.stationed_on else "没有进驻日期，不能撤驻。"


def _was_withdrawn(obj: Any) -> str | None:
    """已撤驻。"""
    return None if obj.withdrawn_on else "尚未撤驻，不能反馈。"


def _feedback_given(obj: Any) -> str | None:
    """已反馈。"""
    return None if obj.feedback_on else "尚未反馈，不能进入整改。"


TRANSITIONS: dict[str, Transition] = {
    "prepare": Transition("prepare", _("启动巡前准备"), frozenset({S.PLANNED}), S.PREPARING,
                          Cap.PREPARE_INSPECTION, (_has_targets,)),
    "station": Transition("station", _("进驻"), frozenset({S.PREPARING}), S.STATIONED,
                          Cap.STATION_INSPECTION,
                          (_has_targets, _has_leader, _team_formed, _leaders_authorized, _declarations_signed,
                           _no_recusal_conflicts), date_field="stationed_on"),
    "withdraw": Transition("withdraw", _("撤驻，转入报告"), frozenset({S.STATIONED}), S.REPORTING,
                           Cap.WITHDRAW_INSPECTION, (_was_stationed,), date_field="withdrawn_on"),
    "deliver_feedback": Transition("deliver_feedback", _("反馈意见"), frozenset({S.REPORTING}), S.FEEDBACK,
                                   Cap.DELIVER_FEEDBACK, (_was_withdrawn,), date_field="feedback_on"),
    "open_rectification": Transition("open_rectification", _("进入整改"), frozenset({S.FEEDBACK}), S.RECTIFYING,
                                     Cap.OPEN_RECTIFICATION, (_feedback_given,)),
    "close_rectification": Transition("close_rectification", _("整改完成，转入评估"), frozenset({S.RECTIFYING}),
                                      S.EVALUATING, Cap.CLOSE_RECTIFICATION),
    "archive": Transition("archive", _("立卷归档"), frozenset({S.EVALUATING}), S.ARCHIVED,
                          Cap.ARCHIVE_INSPECTION, style="success"),
}

# The date each transition sets, when one is given or defaulted to today.
TRANSITION_DATE_FIELD = {name: t.date_field for name, t in TRANSITIONS.items() if t.date_field}

INSPECTION_WORKFLOW = register(Workflow("inspection", _("巡察"), InspectionStatus, TRANSITIONS,
                                        audit_action="inspection.transition"))
