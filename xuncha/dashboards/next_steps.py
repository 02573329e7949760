"""What a role does next in each phase of an inspection, as shown on the work page (工作台).

Every step either leads to a page that does it, or says plainly that the system does not offer it yet.
A feature app that adds the page gives the step its link from ``AppConfig.ready``::

    next_steps.register(TEAM, InspectionStatus.STATIONED,
                        NextStep("stationed.interviews", _("开展个别谈话"), link=interview_list_url))

replacing the entry of the same key (or appending a new one). Texts may use the jurisdiction's time limits
as ``%(name)s`` (see ``limit_params``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xuncha.inspections.models import Inspection
from xuncha.inspections.workflow import InspectionStatus
from xuncha.rules.models import TimeLimits

S = InspectionStatus
TEAM = "team"
LIAISON = "liaison"
NOT_YET = _("本系统暂未提供此项功能，请按原有方式办理。")


@dataclass(frozen=True)
class NextStep:
    """One thing a role does in a phase; ``link`` gives the page that does it (None: not in the system yet)."""

    key: str
    text: Any
    link: Callable[[Inspection], str] | None = None


@dataclass(frozen=True)
class ShownStep:
    text: str
    url: str  # "" when the system does not offer it yet

    @property
    def not_yet(self) -> str:
        return "" if self.url else str(NOT_YET)


def inspection_page(inspection: Inspection) -> str:
    return inspection.get_absolute_url()


def stationing_page(inspection: Inspection) -> str:
    return reverse("planning:stationing-detail", args=[inspection.pk])


def work_plan_page(inspection: Inspection) -> str:
    return reverse("planning:workplan-list", args=[inspection.round_id])


def petitions_page(inspection: Inspection) -> str:
    return reverse("petitions:petition-list", args=[inspection.pk])


def talks_page(inspection: Inspection) -> str:
    return reverse("fieldwork:talk-list", args=[inspection.pk])


def documents_page(inspection: Inspection) -> str:
    return reverse("fieldwork:document-list", args=[inspection.pk])


def work_log_page(inspection: Inspection) -> str:
    return reverse("fieldwork:work-log", args=[inspection.pk])


def notices_page(inspection: Inspection) -> str:
    return reverse("notices:notice-list", args=[inspection.pk])


_REGISTRY: dict[tuple[str, str], list[NextStep]] = {}


def register(audience: str, status: str, step: NextStep) -> None:
    """Add ``step`` to what ``audience`` (TEAM or LIAISON) does in ``status``; a step with the same key is
    replaced in place (how a feature app turns a "not yet" into a link)."""
    steps = _REGISTRY.setdefault((audience, str(status)), [])
    for i, existing in enumerate(steps):
        if existing.key == step.key:
            steps[i] = step
            return
    steps.append(step)


def limit_params(limits: TimeLimits) -> dict[str, int]:
    return {
        "cutoff": limits.petition_cutoff_days_before_end,
        "liaison_days": limits.liaison_list_days_before_entry,
        "report_days": limits.unit_report_days_after_entry,
        "plan_days": limits.rectification_plan_due_working_days,
        "report_months": limits.rectification_report_due_months,
    }


def steps_for(audience: str, inspection: Inspection, limits: TimeLimits) -> list[ShownStep]:
    """The steps of ``audience`` in the inspection's current phase, with their pages and time limits."""
    params = limit_params(limits)
    return [ShownStep(str(step.text) % params, step.link(inspection) if step.link else "")
            for step in _REGISTRY.get((audience, str(inspection.status)), [])]


# What the team does, by the inspection's phase.
for _status, _step in [
    (S.PLANNED, NextStep("planned.wait", _("等待巡察办启动巡前准备，可先查看本次巡察安排。"), inspection_page)),
    (S.PREPARING, NextStep("preparing.work_plan", _("学习巡察工作方案。"), work_plan_page)),
    (S.PREPARING, NextStep("preparing.declarations", _("完成回避申报和保密承诺（查看签署情况）。"), stationing_page)),
    (S.PREPARING, NextStep("preparing.targets", _("熟悉被巡察党组织情况。"), inspection_page)),
    (S.STATIONED, NextStep("stationed.interviews", _("按谈话安排开展个别谈话，填写谈话笔录。"), talks_page)),
    (S.STATIONED, NextStep("stationed.petitions", _("受理、研判和办理信访件；撤驻前 %(cutoff)s 天停止受理信访，"
                                                    "撤驻前须全部办理或纳入巡察报告。"), petitions_page)),
    (S.STATIONED, NextStep("stationed.documents", _("调阅资料，及时形成工作底稿。"), documents_page)),
    (S.STATIONED, NextStep("stationed.log", _("记录听取汇报、座谈、走访等工作，填写巡察日志"
                                              "（每周进展自动汇总报巡察办）。"), work_log_page)),
    (S.STATIONED, NextStep("stationed.notices", _("对能够立即整改的问题发出整改通知书（立行立改），需说明的事项发出"
                                                  "情况说明通知书，审核单位回复。"), notices_page)),
    (S.REPORTING, NextStep("reporting.records", _("补齐谈话笔录并由组长审签，退还调阅资料。"), talks_page)),
    (S.REPORTING, NextStep("reporting.report", _("撰写巡察报告，经组务会审议后报巡察办会商、向领导小组汇报。"))),
    (S.FEEDBACK, NextStep("feedback.deliver", _("向被巡察党组织反馈意见，移交问题线索。"))),
    (S.RECTIFYING, NextStep("rectifying.track", _("跟踪被巡察党组织整改落实情况。"))),
    (S.EVALUATING, NextStep("evaluating.archive", _("配合整改成效评估，收集整理巡察档案材料。"))),
    (S.ARCHIVED, NextStep("archived", _("本次巡察已立卷归档，可查看巡察记录。"), inspection_page)),
]:
    register(TEAM, _status, _step)

# What the inspected organisation's liaison does (never planned: a liaison learns of an inspection from the
# notice sent during preparation).
for _status, _step in [
    (S.PREPARING, NextStep("preparing.liaison_list", _("收到巡察通知后，于进驻前 %(liaison_days)s 天报送联络组名单。"),
                           stationing_page)),
    (S.PREPARING, NextStep("preparing.materials", _("准备进驻动员会和工作汇报材料。"))),
    (S.STATIONED, NextStep("stationed.unit_report", _("进驻后 %(report_days)s 天内向巡察组提交工作汇报。"))),
    (S.STATIONED, NextStep("stationed.support", _("按要求提供调阅资料、安排个别谈话，保障信访受理渠道畅通"
                                                  "（查看巡察公告和信访渠道）。"), stationing_page)),
    (S.STATIONED, NextStep("stationed.documents", _("按巡察组的调阅要求在期限内提供资料（上传或标记已提供）。"),
                           documents_page)),
    (S.STATIONED, NextStep("stationed.notices", _("签收巡察组的整改通知书、情况说明通知书，在期限内回复并附整改凭证。"),
                           notices_page)),
    (S.REPORTING, NextStep("reporting.wait", _("巡察组正在撰写巡察报告。请按要求补充提供资料，准备接收反馈意见。"))),
    (S.FEEDBACK, NextStep("feedback.receive", _("参加巡察反馈会，接收反馈意见和问题清单；召开专题民主生活会，"
                                                "研究制定整改方案。"))),
    (S.RECTIFYING, NextStep("rectifying.plan", _("反馈后 %(plan_days)s 个工作日内报送整改方案。"))),
    (S.RECTIFYING, NextStep("rectifying.report",
                            _("%(report_months)s 个月内报送整改情况报告，并按规定公开整改情况。"))),
    (S.EVALUATING, NextStep("evaluating.survey", _("配合整改成效评估，组织填写巡后评估问卷。"))),
    (S.ARCHIVED, NextStep("archived", _("本次巡察已立卷归档。请持续巩固整改成果，迎接巡察“回头看”。"),
                          inspection_page)),
]:
    register(LIAISON, _status, _step)
