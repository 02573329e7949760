"""The demo's surveys: 市委第三巡察组's democratic appraisal of 市工商联's leadership team (领导班子民主测评), held
at the unit in the first days of the stay of 11-7-03, written through the surveys services as the team would
have run it — made from the template, codes issued to the leadership, the middle managers and the staff,
most of them used, answers from a seeded random draw that leans to 好/较好 as such appraisals do, and closed.
Each step runs on its business day (answers are dated to the day, never timed)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.core.clock import set_business_date
from xuncha.core.models import StatusChange
from xuncha.inspections.models import Inspection
from xuncha.surveys import services
from xuncha.surveys.models import QuestionKind, Survey, SurveyQuestion, SurveyTemplate

if TYPE_CHECKING:
    from xuncha.demo.loader import _Builder

GSL_CODE = "11-7-03"
# (group, codes issued, codes used): 市工商联 has about thirty cadres and staff in its 机关.
ISSUED = [("leadership", 6, 6), ("middle", 8, 7), ("staff", 20, 16)]
# Days after entry: the appraisal follows the stationing meeting; the last answers come on the fourth day.
OPEN_AFTER, LATE_AFTER, CLOSE_AFTER = 1, 3, 4
# Leaning of a scale answer (好, 较好, 一般, 差) per group: the staff are the most critical.
LEANING = {"leadership": [0.55, 0.4, 0.05, 0.0], "middle": [0.4, 0.42, 0.15, 0.03],
           "staff": [0.32, 0.4, 0.22, 0.06]}
COMMENTS = [
    "希望班子进一步转变作风，多到会员企业走访，少发文件少开会。",
    "机关内部分工不够清晰，有的科室忙闲不均，建议完善岗位职责。",
    "选人用人要更加公开透明，近两年中层干部调整时民主推荐范围偏小。",
    "对非公经济人士的思想政治引导工作抓得比较实，希望继续坚持。",
    "公务接待和会议费支出要进一步规范，商会活动经费管理需加强监督。",
    "主要负责人工作有魄力，但有时听取不同意见不够。",
    "希望加强对所属商会的指导，有的商会换届不及时、活动不规范。",
    "基层党组织活动形式单一，“三会一课”质量有待提高。",
]


def _answers(b: _Builder, questions: list[SurveyQuestion], group: str) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for q in questions:
        if q.kind == QuestionKind.SCALE:
            weights = LEANING[group][: len(q.options)]
            answers[f"q{q.pk}"] = [str(b.rng.choices(range(len(q.options)), weights=weights)[0])]
        elif q.kind == QuestionKind.MULTIPLE:
            none_seen = len(q.options) - 1  # the template's last option: 没有发现明显问题
            if b.rng.random() < (0.55 if group == "leadership" else 0.3):
                answers[f"q{q.pk}"] = [str(none_seen)]
            else:
                picked = b.rng.sample(range(none_seen), k=b.rng.randint(1, q.max_choices or 3))
                answers[f"q{q.pk}"] = [str(i) for i in picked]
        elif q.kind == QuestionKind.SINGLE:
            answers[f"q{q.pk}"] = [str(b.rng.choices(range(len(q.options)), weights=[0.8, 0.05, 0.15])[0])]
        else:
            answers[f"q{q.pk}"] = [b.rng.choice(COMMENTS)] if b.rng.random() < 0.3 else []
    return answers


def build_surveys(b: _Builder) -> None:
    """The democratic appraisal of 市工商联's leadership team during the stay of 11-7-03 (module docstring)."""
    inspection = Inspection.objects.get(code=GSL_CODE)
    entry = inspection.stationed_on
    if entry is None:
        raise RuntimeError("11-7-03 must be stationed before its appraisal is built")
    leader = User.objects.get(username="leader3")
    template = SurveyTemplate.objects.get(code="MZCP-BZ", is_current=True)
    opened = entry + datetime.timedelta(days=OPEN_AFTER)
    set_business_date(opened, reason="演示数据载入")
    survey = services.survey_create(actor=leader, inspection_id=inspection.pk, template_id=template.pk,
                                    title="市工商联领导班子民主测评")
    services.survey_update(actor=leader, survey_id=survey.pk, title=survey.title,
                           intro=survey.intro + "测评在巡察组进驻动员会后进行，答题卡现场随机发放。", min_group_size=5)
    codes = {group: services.tokens_issue(actor=leader, survey_id=survey.pk, group=group, count=issued).codes[:used]
             for group, issued, used in ISSUED}
    services.survey_transition(actor=leader, survey_id=survey.pk, name="open")
    questions = list(survey.questions.order_by("position", "id"))
    pending = [(group, code) for group, group_codes in codes.items() for code in group_codes]
    b.rng.shuffle(pending)
    # Most answer at the meeting; the rest by the QR code in the following days.
    late = len(pending) // 6
    for n, (group, code) in enumerate(pending):
        if n == len(pending) - late:
            set_business_date(entry + datetime.timedelta(days=LATE_AFTER), reason="演示数据载入")
        services.survey_answer_submit(code=code, answers=_answers(b, questions, group))
    closed = entry + datetime.timedelta(days=CLOSE_AFTER)
    set_business_date(closed, reason="演示数据载入")
    services.survey_transition(actor=leader, survey_id=survey.pk, name="close")
    _date_records(survey, opened, closed)
    b.counts["surveys"] = 1
    b.counts["survey_responses"] = len(pending)


def _date_records(survey: Survey, opened: datetime.date, closed: datetime.date) -> None:
    """The survey and its steps as of their days (the load runs years later)."""
    at = {"open": opened, "close": closed}

    def stamp(day: datetime.date, hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))

    changes = list(StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Survey),
                                               object_id=survey.pk))
    for change in changes:
        change.created_at = stamp(at.get(change.transition, opened), 17 if change.transition == "close" else 10)
    StatusChange.objects.bulk_update(changes, ["created_at"])
    Survey.objects.filter(pk=survey.pk).update(created_at=stamp(opened, 9), updated_at=stamp(closed, 17))
