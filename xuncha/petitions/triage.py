"""Triage suggestions (研判建议): a category from the inspection's focus framework and possible duplicates.

The category: the petition's text is segmented with jieba, whose dictionary is extended with the framework's own
lexicon (the words of its item names, and the field's usual words for each item, ``LEXICON``); each item scores
the weighted words it shares with the text, and the best item above nothing is suggested. The team decides; the
suggestion only saves a look-up. Accuracy is measured on a labelled set kept in the repository
(tests/triage_labelled.json, test_triage.py).

Duplicates: the same matter reported through several channels or by several people names the same person and
uses the same words: open petitions of the same inspection whose 被反映人 overlaps and whose texts share enough
words (Jaccard over the segmented words) are suggested for merging.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import jieba

from xuncha.taxonomy.models import Framework, FrameworkKind, FrameworkNode

# The field's words for the items of the 2018 focus framework (F2018), beside the words of the item names.
LEXICON: dict[str, tuple[str, ...]] = {
    "A1": ("决策部署", "贯彻落实", "阳奉阴违", "有令不行", "有禁不止", "上级文件"),
    "A2": ("政治纪律", "政治规矩", "团团伙伙", "拉帮结派", "对抗组织审查", "妄议"),
    "A3": ("民主生活会", "组织生活会", "批评与自我批评", "请示报告"),
    "A4": ("履职", "主责主业", "不作为", "服务企业", "会员企业", "商会", "职能"),
    "B1": ("理论学习", "中心组", "学习制度", "学习走过场"),
    "B2": ("意识形态", "宣传阵地", "网站", "公众号", "舆情"),
    "B3": ("理想信念", "迷信", "烧香拜佛", "算命", "宗教活动"),
    "C1": ("三重一大", "集体决策", "一言堂", "个人说了算", "议事规则", "民主集中制", "党组会"),
    "C2": ("领导班子", "班子不团结", "一把手", "主要负责人", "班子成员"),
    "C3": ("提拔", "选人用人", "突击提拔", "任人唯亲", "干部任用", "考察", "民主推荐", "职级晋升"),
    "C4": ("三会一课", "党支部", "发展党员", "党费", "换届", "组织关系", "软弱涣散"),
    "C5": ("编外", "借调", "兼职取酬", "护照", "出国", "个人有关事项", "吃空饷", "在编不在岗"),
    "D1": ("公款吃喝", "宴请", "吃喝", "公车私用", "公务用车", "旅游", "礼品", "礼金", "购物卡", "红包", "婚丧喜庆",
           "高档酒", "办公用房", "超标", "接待", "津贴补贴", "发放福利"),
    "D2": ("形式主义", "官僚主义", "文山会海", "留痕", "门难进", "脸难看", "事难办", "推诿扯皮", "检查考核"),
    "D3": ("服务态度", "刁难", "吃拿卡要", "群众满意", "办事难", "冷硬横推", "办事效率"),
    "E1": ("六项纪律", "违纪", "纪律"),
    "E2": ("主体责任", "监督责任", "两个责任", "纪检组"),
    "E3": ("问责", "四种形态", "执纪", "处分"),
    "E4": ("整改", "审计整改", "巡察整改", "整改不到位", "屡查屡犯"),
    "F1": ("工程", "招标", "投标", "围标", "串标", "采购", "项目", "审批", "资产处置", "出租", "场地租赁", "中标"),
    "F2": ("小金库", "虚列支出", "报销", "发票", "借款", "专项资金", "挪用", "账外", "会费", "财务", "套取"),
    "F3": ("扶贫", "低保", "补贴", "惠民", "保障房", "救助", "优亲厚友"),
    "F4": ("经商办企业", "亲属", "利益输送", "入股", "关联企业", "家属", "妻子", "儿子", "吃空股"),
    "F5": ("黑恶", "保护伞", "涉黑", "恶势力"),
    "G": ("党的领导", "全面领导"),
}

_NAME_SPLIT = re.compile(r"[；;、，,：:（）()“”\"\s]+")


@dataclass(frozen=True)
class Suggestion:
    node: FrameworkNode
    score: float
    words: tuple[str, ...]


def framework_for(inspection: Any) -> Framework | None:
    """The focus framework in force when the inspection's round started."""
    return Framework.for_date(inspection.round.planned_start, FrameworkKind.FOCUS)


@cache
def _register_words(words: frozenset[str]) -> None:
    for word in words:
        jieba.add_word(word, freq=20000)


def segment(text: str) -> list[str]:
    """Words of ``text`` (jieba, with the lexicon known), without single characters and punctuation."""
    return [w for w in jieba.lcut(text) if len(w) > 1 and not _NAME_SPLIT.fullmatch(w)]


def _item_words(node: FrameworkNode) -> dict[str, float]:
    """A framework item's lexicon: the words of its name (weight 1) and the field's words for it (weight 2)."""
    weights: dict[str, float] = {}
    for part in _NAME_SPLIT.split(node.name):
        for word in [part, *segment(part)]:
            if len(word) > 1:
                weights.setdefault(word, 1.0)
    for word in LEXICON.get(node.code, ()):
        weights[word] = 2.0
    return weights


def suggest_category(framework: Framework | None, text: str) -> Suggestion | None:
    """The framework item whose lexicon best matches ``text``; None when nothing matches."""
    if framework is None or not text.strip():
        return None
    nodes = leaves(framework)
    lexicons = {node.pk: _item_words(node) for node in nodes}
    _register_words(frozenset(w for lex in lexicons.values() for w in lex))
    words = segment(text)
    present = set(words)
    best: Suggestion | None = None
    for node in nodes:
        lexicon = lexicons[node.pk]
        hits = tuple(sorted(w for w in lexicon if w in present or (len(w) > 2 and w in text)))
        score = sum(lexicon[w] for w in hits)
        if score > 0 and (best is None or score > best.score):
            best = Suggestion(node, score, hits)
    return best


def leaves(framework: Framework) -> list[FrameworkNode]:
    """The framework's items that have no sub-items (what a petition is classified under)."""
    nodes = list(FrameworkNode.objects.filter(framework=framework).order_by("order", "id"))
    parents = {n.parent_id for n in nodes if n.parent_id}
    return [n for n in nodes if n.pk not in parents]


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def _names(about_whom: str) -> set[str]:
    return {p for p in _NAME_SPLIT.split(about_whom) if len(p) >= 2}


DUPLICATE_THRESHOLD = 0.25


def duplicate_candidates(petition: Any, others: Iterable[Any]) -> list[tuple[Any, float]]:
    """Other petitions of the same inspection that look like the same matter, most similar first."""
    mine = segment(f"{petition.summary} {petition.content}")
    names = _names(petition.about_whom)
    found = []
    for other in others:
        if other.pk == petition.pk:
            continue
        same_person = bool(names & _names(other.about_whom))
        score = similarity(mine, segment(f"{other.summary} {other.content}")) + (0.2 if same_person else 0.0)
        if score >= DUPLICATE_THRESHOLD and same_person:
            found.append((other, round(min(score, 1.0), 2)))
    return sorted(found, key=lambda pair: -pair[1])
