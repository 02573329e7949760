"""The composed first drafts: the report from what the stay recorded, the feedback from the approved report.

A composed draft is a starting point the team edits (each save a version); it states figures the system holds and
nothing it cannot know (the overall judgment is the team's, chosen on the form). The report's main problems are
grouped by the nodes of the round's focus framework (六个围绕、一个加强 for 2018): the problems the stay's petitions
were classified under, with their counts, and the immediate-rectification items of the notices. The feedback takes
the report's problem section and list, scrubbed of every trace of a source (``deidentify``), and the standard
requirements with the jurisdiction's time limits.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from xuncha.findings.models import CONFIRMED_STATUSES, Finding
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import stay_figures
from xuncha.notices.selectors import immediate_items, immediate_summary
from xuncha.petitions.models import Petition
from xuncha.petitions.workflow import PetitionStatus
from xuncha.reports.deidentify import scrub, source_traces
from xuncha.reports.models import REPORT_SECTIONS, Ecology, Implementation
from xuncha.rules.models import TimeLimits
from xuncha.taxonomy.models import FrameworkNode

CN_NUMBERS = "一二三四五六七八九十"
# What the report suggests for each area of the 2018 framework, by the node's leading words.
AREA_SUGGESTIONS = (
    ("政治建设", "强化政治引领，严格落实请示报告、“三重一大”集体决策等制度，坚决维护党中央权威和集中统一领导。"),
    ("思想建设", "把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，落实意识形态工作责任制。"),
    ("组织建设", "严格执行干部选拔任用有关规定，规范“三会一课”等组织生活制度，加强基层党组织建设。"),
    ("作风建设", "持之以恒落实中央八项规定精神，严格公务接待、公务用车等管理，坚决纠治“四风”。"),
    ("纪律建设", "严明党的纪律和规矩，健全内部监督制约机制，加强对关键岗位和重点环节的监督。"),
    ("反腐败", "压实全面从严治党主体责任和监督责任，规范资金、资产、资源管理，整治群众身边腐败问题。"),
    ("整改", "对巡视巡察、审计等发现问题的整改情况开展“回头看”，建立健全整改长效机制。"),
)


def cn(n: int) -> str:
    return CN_NUMBERS[n - 1] if 1 <= n <= len(CN_NUMBERS) else str(n)


def _organizations(inspection: Inspection) -> str:
    return "、".join(str(t.organization) for t in inspection.targets.all())


def _committees(inspection: Inspection) -> str:
    return "、".join(f"{t.organization}党组织" for t in inspection.targets.all())


def _period(inspection: Inspection) -> str:
    start = inspection.stationed_on or inspection.planned_entry
    end = inspection.withdrawn_on or inspection.planned_withdrawal
    if start.year == end.year and start.month == end.month:
        return f"{start.year}年{start.month}月"
    if start.year == end.year:
        return f"{start.year}年{start.month}月至{end.month}月"
    return f"{start.year}年{start.month}月至{end.year}年{end.month}月"


def areas(inspection: Inspection) -> list[FrameworkNode]:
    """The top nodes of the round's focus framework (the report's problem areas, in order)."""
    framework_id = inspection.round.focus_framework_id
    if framework_id is None:
        return []
    return list(FrameworkNode.objects.filter(framework_id=framework_id, parent__isnull=True).order_by("order", "code"))


def _area_of(node_id: int | None, parents: Mapping[int, int | None]) -> int | None:
    seen = 0
    while node_id is not None and parents.get(node_id) is not None and seen < 10:
        node_id = parents[node_id]
        seen += 1
    return node_id


def confirmed_findings(inspection: Inspection) -> list[Finding]:
    """The team's findings from the leader's confirmation on (confirmed, adopted by the team meeting, in the
    report …), in their order. Unscoped: the caller loaded the inspection through the scope kernel."""
    return list(Finding.objects.filter(inspection=inspection, status__in=list(CONFIRMED_STATUSES))
                .select_related("category", "organization").order_by("sequence"))


@dataclass(frozen=True)
class AreaProblems:
    """The problems of one area of the framework: the confirmed findings (with their amounts) classified under
    it, else the count of the stay's petitions classified under it (before any finding is confirmed)."""

    node: FrameworkNode
    findings: list[Finding]
    petitions: int

    @property
    def count(self) -> int:
        return len(self.findings) or self.petitions

    @property
    def amount(self) -> Decimal:
        return sum((f.amount or Decimal(0) for f in self.findings), Decimal(0))


def problems_by_area(inspection: Inspection) -> list[AreaProblems]:
    """Per area of the round's focus framework: the confirmed findings under it (grouped by the area their category
    belongs to), and the stay's classified petitions (not merged, in scope) when no finding is confirmed yet."""
    top = areas(inspection)
    if not top:
        return []
    parents = dict(FrameworkNode.objects.filter(framework_id=top[0].framework_id).values_list("pk", "parent_id"))
    by_area: dict[int, list[Finding]] = {}
    findings = confirmed_findings(inspection)
    for finding in findings:
        area = _area_of(finding.category_id, parents)
        if area is not None:
            by_area.setdefault(area, []).append(finding)
    counts: Counter[int] = Counter()
    if not findings:
        rows = (Petition.objects.filter(inspection=inspection, category__isnull=False)
                .exclude(status=PetitionStatus.MERGED).exclude(in_scope=False)
                .values_list("category_id").annotate(n=Count("pk")))
        for category_id, n in rows:
            area = _area_of(category_id, parents)
            if area is not None:
                counts[area] += n
    return [AreaProblems(node, by_area.get(node.pk, []), counts[node.pk]) for node in top
            if by_area.get(node.pk) or counts[node.pk]]


def problem_counts(inspection: Inspection) -> list[tuple[FrameworkNode, int]]:
    """Per area of the framework, how many problems: confirmed findings, else classified petitions."""
    return [(area.node, area.count) for area in problems_by_area(inspection)]


# The stay's figures a feedback may state (how the team worked); never the leads, the findings' drafts or the log.
FEEDBACK_FIGURES = ("个别谈话", "调阅资料", "走访", "受理信访", "民主测评", "通知书", "立行立改")


def _figures_text(inspection: Inspection, only: tuple[str, ...] = ()) -> str:
    return "，".join(f"{f.label}{f.value}" if isinstance(f.value, str) else f"{f.label}{f.value}项（次）"
                    for f in stay_figures(inspection) if f.value and not isinstance(f.value, str)
                    and (not only or f.label.startswith(only)))


def compose_report(inspection: Inspection) -> dict[str, str]:
    """The first draft of the report's sections from the stay's records."""
    orgs = _organizations(inspection)
    team = inspection.team.name if inspection.team else "巡察组"
    figures = _figures_text(inspection)
    basic = (f"根据{inspection.round.name}的统一部署，{team}于{_period(inspection)}对{_committees(inspection)}"
             f"开展了{inspection.get_inspection_type_display()}"
             + (f"（{inspection.special_topic}）" if inspection.special_topic else "") + "。"
             "巡察组坚持发现问题、形成震慑、推动改革、促进发展的定位，通过听取汇报、个别谈话、受理信访、"
             "调阅资料、走访调研等方式开展工作。")
    if figures:
        basic += f"巡察期间的主要工作量：{figures}。"
    grouped = problems_by_area(inspection)
    counted = [(area.node, area.count) for area in grouped]
    problem_lines: list[str] = []
    for n, area in enumerate(grouped, start=1):
        if area.findings:
            money = f"，涉及金额{_yuan(area.amount)}" if area.amount else ""
            problem_lines.append(f"（{cn(n)}）{area.node.name}方面存在的问题。巡察发现此方面问题{len(area.findings)}个"
                                 f"{money}。")
            for i, finding in enumerate(area.findings, start=1):
                amount = f"（涉及金额{_yuan(finding.amount)}）" if finding.amount else ""
                problem_lines.append(f"{i}. {finding.title.rstrip('。')}{amount}。")
        else:
            problem_lines.append(f"（{cn(n)}）{area.node.name}方面存在的问题。巡察期间受理的信访中反映此方面问题"
                                 f"{area.petitions}件，经了解核实，存在落实不到位的情况。")
    items = immediate_items(inspection)
    summary = immediate_summary(items)
    if summary.total:
        k = len(grouped) + 1
        problem_lines.append(f"（{cn(k)}）巡察期间交办立行立改事项{summary.total}项，已整改{summary.done}项，"
                             f"尚需持续整改{summary.open}项。")
        for i, item in enumerate(items, start=1):
            problem_lines.append(f"{i}. {item.problem}")
    if not problem_lines:
        problem_lines.append("巡察期间未形成分类的问题记录。")
    referred = Petition.objects.filter(inspection=inspection, status=PetitionStatus.REFERRED).count()
    leads = (f"巡察期间受理的信访中，按照干部管理权限转有关部门办理{referred}件。"
             "涉及领导干部的问题线索，按程序另行形成问题线索清单和专题报告，按规定移交。")
    suggestions = [f"{n}. {text}" for n, (_node, text) in enumerate(
        ((node, _suggestion(node.name)) for node, _count in counted), start=1)]
    suggestions.append(f"{len(suggestions) + 1}. 建议{orgs}党组织切实履行整改主体责任，主要负责人履行第一责任人职责，"
                       "对反馈问题建立问题、任务、责任清单，逐项整改销号。")
    annex = f"立行立改清单：应整改{summary.total}项，已整改{summary.done}项，完成率{summary.rate}%。"
    sections = {"basic": basic, "problems": "\n".join(problem_lines), "leads": leads,
                "suggestions": "\n".join(suggestions), "annex": annex}
    return {key: sections[key] for key, _h in REPORT_SECTIONS}


def renumber(text: str) -> str:
    """Number the headed paragraphs （一）（二）… in order again (after paragraphs were added or removed)."""
    lines, n = [], 0
    for line in text.splitlines():
        if match := _LIST_LINE.match(line.strip()):
            n += 1
            line = f"（{cn(n)}）{match.group(1)}"
        lines.append(line)
    return "\n".join(lines)


def _yuan(amount: Decimal | None) -> str:
    """An amount as reports write it: 2.34万元 from ten thousand yuan on, else 8,600元."""
    value = amount or Decimal(0)
    if value >= 10_000:
        return f"{(value / 10_000).quantize(Decimal('0.01')).normalize():f}万元"
    return f"{value.quantize(Decimal('1')):,}元"


def _suggestion(area: str) -> str:
    for word, text in AREA_SUGGESTIONS:
        if word in area:
            return text
    return f"针对{area}方面的问题，认真研究制定整改措施，建立健全长效机制。"


ECOLOGY_WORDS = {Ecology.IMPROVING: "呈现好转态势", Ecology.STEADY: "总体保持稳定",
                 Ecology.WORSENING: "存在一些突出问题"}
IMPLEMENTATION_WORDS = {Implementation.GOOD: "好", Implementation.FAIR_GOOD: "较好",
                        Implementation.AVERAGE: "一般", Implementation.POOR: "较差"}
_LIST_LINE = re.compile(r"^（[一二三四五六七八九十]+）(.+)$")


def plan_due(day: datetime.date, working_days: int) -> datetime.date:
    """``working_days`` working days (Monday to Friday) after ``day``."""
    left = working_days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 exists in every month


def compose_feedback(inspection: Inspection, sections: dict[str, str], ecology: str,
                     implementation: str) -> dict[str, str]:
    """The feedback's sections from the approved report's sections, every source trace scrubbed."""
    traces = source_traces(inspection)
    limits = TimeLimits.effective_for(inspection.jurisdiction)
    team = inspection.team.name if inspection.team else "巡察组"
    figures = _figures_text(inspection, FEEDBACK_FIGURES)
    work = (f"根据市委统一部署，{_period(inspection)}，{team}对{_committees(inspection)}开展了"
            f"{inspection.get_inspection_type_display()}。巡察组通过听取汇报、个别谈话、受理信访、调阅资料、"
            "走访调研等方式，深入了解情况。" + (f"巡察期间{figures}。" if figures else ""))
    ecology_word = ECOLOGY_WORDS.get(Ecology(ecology), "") if ecology in Ecology.values else ""
    implementation_word = (IMPLEMENTATION_WORDS.get(Implementation(implementation), "")
                           if implementation in Implementation.values else "")
    affirm = ("巡察认为，" + (f"该单位贯彻落实上级决策部署情况{implementation_word}，" if implementation_word else "")
              + (f"政治生态{ecology_word}，" if ecology_word else "")
              + "各项工作取得一定成效。同时，巡察也发现一些问题。")
    problems = scrub(sections.get("problems", ""), traces)
    listing: list[str] = []
    for line in problems.splitlines():
        match = _LIST_LINE.match(line.strip())
        if match:
            listing.append(f"{len(listing) + 1}. {match.group(1).split('。')[0]}")
    requirements = (
        f"1. 被巡察党组织要切实履行整改主体责任，党组织书记是第一责任人，班子成员按照分工抓好分管领域的整改。\n"
        f"2. 收到反馈意见后{limits.rectification_plan_due_working_days}个工作日内，将整改方案报送市委巡察办；"
        f"{limits.rectification_report_due_months}个月内报送整改情况报告和主要负责人组织落实整改情况报告。\n"
        "3. 整改情况按规定在党内和一定范围内公开，接受干部群众监督。\n"
        "4. 市纪委监委、市委组织部将反馈问题的整改情况纳入日常监督，市委巡察办会同巡察组督促落实。"
    )
    return {"work": scrub(work, traces), "affirm": affirm, "problems": problems, "requirements": requirements,
            "problem_list": "\n".join(listing) or scrub(problems, traces)}
