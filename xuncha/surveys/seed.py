"""The questionnaire templates of spec §4.5 and §7.7, version 1 (loaded by migration 0002).

- MZCP-BZ: 领导班子民主测评 — the leadership team as a whole, by the aspects of 全面从严治党 and the focus
  framework, its principal leader, the main problems seen, and free comments;
- XRYR-PY: 选人用人工作民主评议 — the "一报告两评议" items (spec §5.6 SEL S1–S4): the work, its procedure, the
  climate of appointments, the newly appointed cadres;
- XHPG: 巡后评估 — the inspected unit evaluates the team (spec §7.7), reused by the rectification stage.
"""

from __future__ import annotations

from typing import Any

GOOD = ["好", "较好", "一般", "差"]
AGREE = ["认同", "基本认同", "不认同", "不了解"]
SATISFIED = ["满意", "基本满意", "不满意"]


def _scale(section: str, text: str, options: list[str] = GOOD) -> dict[str, Any]:
    return {"section": section, "text": text, "kind": "scale", "options": options, "required": True}


TEMPLATES: list[dict[str, Any]] = [
    {
        "code": "MZCP-BZ", "version": 1, "kind": "leadership", "name": "领导班子民主测评表",
        "intro": "本测评不记名。请在每题选项中选择一项；选择“一般”或“差”的，可在最后一题写明具体情况。"
                 "每个答题码只能提交一次，提交后不能修改。",
        "questions": [
            _scale("一、总体评价", "对本单位领导班子的总体评价"),
            _scale("二、分项评价", "贯彻落实党的路线方针政策和党中央、上级党委决策部署"),
            _scale("二、分项评价", "落实全面从严治党主体责任"),
            _scale("二、分项评价", "落实中央八项规定精神，纠治“四风”"),
            _scale("二、分项评价", "执行民主集中制和“三重一大”决策制度"),
            _scale("二、分项评价", "选人用人和干部队伍建设"),
            _scale("二、分项评价", "基层党组织建设"),
            _scale("二、分项评价", "落实意识形态工作责任制"),
            _scale("二、分项评价", "班子团结协作、联系服务群众"),
            _scale("三、主要负责人", "对本单位主要负责人的总体评价"),
            {"section": "四、存在的问题", "text": "您认为领导班子存在的主要问题（最多选三项）", "kind": "multiple",
             "options": ["政治站位不高、落实上级部署不到位", "管党治党宽松软", "形式主义、官僚主义",
                         "违反中央八项规定精神", "选人用人不规范", "决策不民主、“一言堂”", "班子不团结",
                         "工作作风不实", "没有发现明显问题"],
             "required": True, "max_choices": 3},
            {"section": "五、意见建议", "text": "对领导班子的意见和建议", "kind": "text", "options": [],
             "required": False},
        ],
    },
    {
        "code": "XRYR-PY", "version": 1, "kind": "selection", "name": "选人用人工作民主评议表",
        "intro": "本评议不记名，评议对象为本单位党委（党组）近年来的干部选拔任用工作和新选拔任用的干部。"
                 "每个答题码只能提交一次。",
        "questions": [
            _scale("一、选人用人工作", "对本单位选人用人工作的总体评价"),
            _scale("一、选人用人工作", "贯彻执行《党政领导干部选拔任用工作条例》等法规"),
            _scale("一、选人用人工作", "坚持好干部标准，树立正确用人导向"),
            _scale("一、选人用人工作", "干部选拔任用程序规范（动议、民主推荐、考察、讨论决定、任职）"),
            _scale("一、选人用人工作", "从严管理监督干部"),
            _scale("一、选人用人工作", "整治用人上不正之风"),
            {"section": "二、存在的问题", "text": "您认为本单位选人用人工作中存在的问题（可多选）",
             "kind": "multiple",
             "options": ["任人唯亲、拉帮结派", "跑官要官、说情打招呼", "“带病提拔”", "超职数、超规格配备干部",
                         "选拔任用程序不规范", "考察失真失实", "突击提拔调整干部", "个人有关事项报告不实",
                         "没有发现明显问题"],
             "required": True, "max_choices": 0},
            _scale("三、新选拔任用干部", "对本单位新选拔任用干部的总体评价", AGREE),
            {"section": "三、新选拔任用干部", "text": "您是否了解有“带病提拔”或者群众反映较大的新任干部",
             "kind": "single", "options": ["没有", "有", "不了解"], "required": True},
            {"section": "四、意见建议", "text": "对选人用人工作的意见和建议", "kind": "text", "options": [],
             "required": False},
        ],
    },
    {
        "code": "XHPG", "version": 1, "kind": "evaluation", "name": "巡后评估表（被巡察单位评价巡察组）",
        "intro": "请被巡察单位干部职工如实评价巡察组在驻点期间遵守纪律和工作作风的情况。本表不记名。",
        "questions": [
            _scale("一、遵守纪律", "遵守政治纪律和政治规矩", SATISFIED),
            _scale("一、遵守纪律", "遵守中央八项规定精神（食宿、用车、接待）", SATISFIED),
            _scale("一、遵守纪律", "遵守保密纪律，不跑风漏气", SATISFIED),
            _scale("一、遵守纪律", "遵守廉洁纪律，不接受宴请和礼品礼金", SATISFIED),
            _scale("二、工作作风", "依规依纪开展工作，不干预被巡察单位正常工作", SATISFIED),
            _scale("二、工作作风", "不搞形式主义、官僚主义，不增加基层负担", SATISFIED),
            _scale("二、工作作风", "发现问题精准，反馈意见客观中肯", SATISFIED),
            _scale("三、总体评价", "对巡察组的总体评价", SATISFIED),
            {"section": "四、意见建议", "text": "对巡察组的意见和建议", "kind": "text", "options": [],
             "required": False},
        ],
    },
]


def load_templates(template_model: Any, question_model: Any) -> None:
    """Create the templates above that do not exist yet (the migration passes its historical models)."""
    for spec in TEMPLATES:
        template, created = template_model.objects.get_or_create(
            code=spec["code"], version=spec["version"],
            defaults={"name": spec["name"], "kind": spec["kind"], "intro": spec["intro"], "is_current": True})
        if not created:
            continue
        question_model.objects.bulk_create([
            question_model(template=template, position=n, section=q["section"], text=q["text"], kind=q["kind"],
                           options=q["options"], required=q["required"], max_choices=q.get("max_choices", 0))
            for n, q in enumerate(spec["questions"], start=1)
        ])
