"""Reads of the surveys app: an inspection's surveys, a survey's codes and its results.

Results are shown only for a closed survey with at least ``min_group_size`` responses, and a breakdown by
respondent group only where no group is so small that its answers could be told apart: groups below the minimum
are merged into "其余人员", and when that remainder is still below it there is no breakdown at all (otherwise the
small group's answers would follow by subtraction from the totals). Free-text answers are shown without their
group, sorted by text (never in the order they arrived), and only when the whole survey reaches the minimum.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from xuncha.accounts.models import User
from xuncha.core.api import attach
from xuncha.core.scoping import access, capabilities
from xuncha.inspections.models import Inspection
from xuncha.surveys.models import (
    CHOICE_KINDS,
    QuestionKind,
    RespondentGroup,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
    SurveyTemplate,
    SurveyToken,
)
from xuncha.surveys.workflows import SURVEY_WORKFLOW

REMAINDER_LABEL = "其余人员"


def inspection_surveys(actor: User, inspection: Inspection) -> QuerySet[Survey]:
    """The surveys of one inspection that ``actor`` may see, with their counts of codes and responses."""
    return (Survey.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("template", "inspection")
            .annotate(token_count=Count("tokens", distinct=True),
                      used_count=Count("tokens", filter=Q(tokens__used=True), distinct=True))
            .order_by("-created_at", "-id"))


def visible_surveys(actor: User) -> QuerySet[Survey]:
    """Every survey ``actor`` may see (the API's list), newest first."""
    return (Survey.objects.visible_to(actor).select_related("inspection", "template")
            .annotate(token_count=Count("tokens", distinct=True),
                      used_count=Count("tokens", filter=Q(tokens__used=True), distinct=True))
            .order_by("-created_at", "-id"))


def survey_detail(actor: User, pk: int) -> Survey:
    """One survey as the API shows it: its questions, codes per group and the steps open to ``actor``."""
    survey = access(Survey, actor, pk, queryset=visible_surveys(actor))
    held = capabilities(actor, survey)
    return attach(survey, questions_list=list(survey.questions.order_by("position", "id")),
                  tallies=token_tallies(survey),
                  transitions=[t.name for t in SURVEY_WORKFLOW.available(survey, held) if not t.blockers])


def current_templates() -> QuerySet[SurveyTemplate]:
    return SurveyTemplate.objects.filter(is_current=True).order_by("kind", "code")


@dataclass(frozen=True)
class GroupTally:
    """Codes issued and used for one respondent group."""

    group: str
    label: str
    issued: int
    used: int
    revoked: int = 0


def token_tallies(survey: Survey) -> list[GroupTally]:
    rows = (SurveyToken.objects.filter(survey=survey).values("group")
            .annotate(issued=Count("id"), used=Count("id", filter=Q(used=True)),
                      revoked=Count("id", filter=Q(revoked=True))).order_by("group"))
    labels = dict(RespondentGroup.choices)
    order = list(RespondentGroup.values)
    return sorted((GroupTally(r["group"], str(labels.get(r["group"], r["group"])), r["issued"], r["used"],
                              r["revoked"])
                   for r in rows), key=lambda t: order.index(t.group) if t.group in order else 99)


@dataclass
class OptionResult:
    label: str
    count: int
    percent: float


@dataclass
class ColumnResult:
    """One question's tally in one column (all respondents, or one group of the breakdown)."""

    label: str
    respondents: int
    answered: int
    options: list[OptionResult]
    # A scale's mean score (best option = number of options, worst = 1) and its share of the two best levels.
    mean: float | None = None
    favourable: float | None = None


@dataclass
class QuestionResult:
    position: int
    section: str
    text: str
    kind: str
    overall: ColumnResult | None = None
    breakdown: list[ColumnResult] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[OptionResult, list[OptionResult]]]:
        """Each option overall with the same option in each column of the breakdown (one table row)."""
        if self.overall is None:
            return []
        return [(option, [column.options[i] for column in self.breakdown])
                for i, option in enumerate(self.overall.options)]


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    issued: int
    used: int
    # Why nothing (or no breakdown) is shown, in Chinese; empty when shown.
    withheld: str
    breakdown_note: str
    groups: list[str]
    questions: list[QuestionResult]

    @property
    def shown(self) -> bool:
        return not self.withheld

    @property
    def response_rate(self) -> float | None:
        return round(100 * self.responses / self.issued, 1) if self.issued else None


def _columns(counts: dict[str, int], minimum: int) -> tuple[dict[str, str], str]:
    """Respondent group → column label of the breakdown (groups below ``minimum`` merged), and a note."""
    labels = dict(RespondentGroup.choices)
    big = [g for g, n in counts.items() if n >= minimum]
    small = [g for g, n in counts.items() if 0 < n < minimum]
    if len(counts) < 2:
        return {}, ""
    if not small:
        return {g: str(labels.get(g, g)) for g in big}, ""
    if sum(counts[g] for g in small) >= minimum and big:
        merged = "、".join(str(labels.get(g, g)) for g in small)
        return ({**{g: str(labels.get(g, g)) for g in big}, **{g: REMAINDER_LABEL for g in small}},
                f"答卷少于 {minimum} 份的类别（{merged}）合并为“{REMAINDER_LABEL}”。")
    return {}, f"有的类别答卷少于 {minimum} 份，为防止推断出个人意见，不按类别分列。"


def _tally(question: Any, answers: list[SurveyAnswer], label: str, respondents: int) -> ColumnResult:
    counter: Counter[int] = Counter()
    answered = 0
    for answer in answers:
        if answer.choices:
            answered += 1
            counter.update(answer.choices)
    n_options = len(question.options)
    options = [OptionResult(str(text), counter[i], round(100 * counter[i] / answered, 1) if answered else 0.0)
               for i, text in enumerate(question.options)]
    column = ColumnResult(label=label, respondents=respondents, answered=answered, options=options)
    if question.kind == QuestionKind.SCALE and answered:
        column.mean = round(sum((n_options - i) * counter[i] for i in range(n_options)) / answered, 2)
        column.favourable = round(100 * (counter[0] + (counter[1] if n_options > 2 else 0)) / answered, 1)
    return column


def survey_results(survey: Survey) -> SurveyResults:
    """The results of ``survey`` as the team and the office director may see them (module docstring)."""
    tallies = token_tallies(survey)
    issued = sum(t.issued for t in tallies)
    used = sum(t.used for t in tallies)
    group_counts = dict(SurveyResponse.objects.filter(survey=survey).values_list("group")
                        .annotate(n=Count("id")).order_by())
    responses = sum(group_counts.values())
    minimum = survey.min_group_size
    empty = SurveyResults(survey, responses, issued, used, "", "", [], [])
    if survey.status != SurveyStatus.CLOSED:
        empty.withheld = "测评结束后才显示结果，以免从答题过程推断个人意见。"
        return empty
    if responses < minimum:
        empty.withheld = f"答卷只有 {responses} 份，少于 {minimum} 份，不显示结果。"
        return empty
    column_of, note = _columns(group_counts, minimum)
    order = list(RespondentGroup.values)
    columns = list(dict.fromkeys(column_of[g] for g in sorted(
        column_of, key=lambda g: (column_of[g] == REMAINDER_LABEL, order.index(g) if g in order else 99))))
    column_size: Counter[str] = Counter()
    for g, label in column_of.items():
        column_size[label] += group_counts[g]
    by_question: dict[int, list[tuple[str, SurveyAnswer]]] = defaultdict(list)
    for answer in SurveyAnswer.objects.filter(response__survey=survey).select_related("response").only(
            "choices", "text", "question_id", "response__group"):
        by_question[answer.question_id].append((answer.response.group, answer))
    results: list[QuestionResult] = []
    for question in survey.questions.order_by("position", "id"):
        rows = by_question.get(question.pk, [])
        result = QuestionResult(question.position, question.section, question.text, question.kind)
        if question.kind in CHOICE_KINDS:
            result.overall = _tally(question, [a for _, a in rows], "全部", responses)
            for label in columns:
                members = [a for g, a in rows if column_of.get(g) == label]
                result.breakdown.append(_tally(question, members, label, column_size[label]))
        else:
            result.texts = sorted(a.text for _, a in rows if a.text)
        results.append(result)
    return SurveyResults(survey, responses, issued, used, "", note, columns, results)
