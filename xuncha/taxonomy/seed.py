"""The dictionaries of domain spec §5, loaded by a data migration so every installation has them.

Validity dates are the periods in which each version was in general use; they are data, editable
by the system administrator, because localities switched at different times (spec §5, marked GK).
"""

from __future__ import annotations

import datetime
from typing import Any

# (code, kind, name, valid_from, valid_to, source, tree) where tree is [(code, name, [children…])]
Tree = list[tuple[str, str, list[Any]]]

F2018: Tree = [
    ("A", "围绕党的政治建设", [
        ("A1", "“两个维护”“四个意识”；贯彻党中央及省委、市委重大决策部署", []),
        ("A2", "政治纪律和政治规矩；“七个有之”", []),
        ("A3", "党内政治生活：民主生活会、组织生活会，批评与自我批评，请示报告", []),
        ("A4", "履行职能责任、核心业务", []),
    ]),
    ("B", "围绕党的思想建设", [
        ("B1", "学习贯彻习近平新时代中国特色社会主义思想和党的十九大精神；理论学习中心组", []),
        ("B2", "意识形态工作责任制；阵地管理", []),
        ("B3", "理想信念；宗教、迷信问题", []),
    ]),
    ("C", "围绕党的组织建设", [
        ("C1", "民主集中制；“三重一大”集体决策；议事规则", []),
        ("C2", "领导班子建设；一把手监督", []),
        ("C3", "选人用人", []),
        ("C4", "基层党组织：软弱涣散、三会一课、换届、党费、发展党员、组织关系", []),
        ("C5", "干部队伍管理：个人有关事项、因私出国（境）证照、兼职取酬、编外用人", []),
    ]),
    ("D", "围绕党的作风建设", [
        ("D1", "中央八项规定精神：享乐主义、奢靡之风", []),
        ("D2", "形式主义、官僚主义", []),
        ("D3", "群众身边不正之风；服务对象满意度", []),
    ]),
    ("E", "围绕党的纪律建设", [
        ("E1", "六项纪律执行", []),
        ("E2", "“两个责任”：主体责任与监督责任", []),
        ("E3", "“四种形态”运用；执纪问责", []),
        ("E4", "以往巡视巡察、审计等整改落实", []),
    ]),
    ("F", "围绕夺取反腐败斗争压倒性胜利", [
        ("F1", "权力集中、资金密集、资源富集环节：工程项目、政府采购、资金分配、资产资源处置、审批执法", []),
        ("F2", "财务：小金库、虚列支出、违规借款、专项资金挪用", []),
        ("F3", "群众身边腐败：扶贫、惠民补贴、低保、保障房", []),
        ("F4", "违规经商办企业、利益输送、亲属经商", []),
        ("F5", "扫黑除恶“保护伞”", []),
    ]),
    ("G", "一个加强：加强党的全面领导", []),
]
F2020: Tree = [
    ("T1", "聚焦贯彻落实党的路线方针政策和党中央决策部署", []),
    ("T2", "聚焦群众身边腐败问题和不正之风", []),
    ("T3", "聚焦基层党组织软弱涣散、组织力欠缺问题", []),
]
F2023: Tree = [
    ("Q1", "聚焦党中央决策部署在基层落实情况", []),
    ("Q2", "聚焦群众身边不正之风和腐败问题", []),
    ("Q3", "聚焦基层党组织和党员队伍建设", []),
    ("Q4", "聚焦巡察、审计等监督发现问题整改落实和成果运用情况", []),
]
EIGHT_RULES_2013: Tree = [
    ("R01", "违规公款吃喝", []),
    ("R02", "公款国内旅游", []),
    ("R03", "公款出国（境）旅游", []),
    ("R04", "违规配备使用公务用车", []),
    ("R05", "楼堂馆所违规问题", []),
    ("R06", "违规发放津贴补贴或福利", []),
    ("R07", "违规收送礼品礼金", []),
    ("R08", "大办婚丧喜庆", []),
    ("R09", "其他", []),
]
EIGHT_RULES_2020: Tree = [
    ("H", "享乐主义、奢靡之风", [
        ("H1", "违规收送名贵特产和礼品礼金", []),
        ("H2", "违规吃喝", []),
        ("H3", "违规操办婚丧喜庆", []),
        ("H4", "违规发放津补贴或福利", []),
        ("H5", "公款旅游以及违规接受管理和服务对象等旅游活动安排", []),
        ("H6", "其他", []),
    ]),
    ("X", "形式主义、官僚主义", [
        ("X1", "贯彻党中央重大决策部署有令不行、有禁不止，或者表态多调门高、行动少落实差", []),
        ("X2", "在履职尽责、服务经济社会发展和生态环境保护方面不担当、不作为、乱作为、假作为", []),
        ("X3", "在联系服务群众中消极应付、冷硬横推、效率低下，损害群众利益", []),
        ("X4", "文山会海反弹回潮，文风会风不实不正，督查检查考核过多过频、过度留痕", []),
    ]),
]
GZF: Tree = [
    ("G1", "准入、资格审核：审核把关不严；虚假材料骗取保障；公职人员违规申请；“人情房”", []),
    ("G2", "分配：轮候、摇号、配租不公开不透明；结果未公示；违规调换", []),
    ("G3", "使用：违规转租、转借、出售、改变用途；长期空置", []),
    ("G4", "运营、收费：拖欠租金；租金、补贴发放不精准；物业失管", []),
    ("G5", "动态管理、退出：收入住房变化不复核；不符合条件不清退", []),
    ("G6", "建设、项目：招投标、质量、配套；建成长期闲置；专项资金滞留挪用", []),
    ("G7", "监管履职：主管部门监管缺位，数据比对未开展", []),
    ("G8", "作风、腐败：吃拿卡要、权钱交易、利益输送", []),
]
SEL: Tree = [
    ("S1", "“一报告两评议”", []),
    ("S2", "程序：动议、民主推荐、考察、讨论决定、任职", []),
    ("S3", "超职数、超规格配备，违规进人，编外用人，借调", []),
    ("S4", "“带病提拔”，“凡提四必”", []),
    ("S5", "干部档案“三龄两历一身份”造假", []),
    ("S6", "个人有关事项报告抽查核实", []),
    ("S7", "因私出国（境）证照管理；兼职取酬；裸官", []),
    ("S8", "上次巡视巡察、选人用人检查整改落实", []),
]

d = datetime.date
FRAMEWORKS: list[tuple[str, str, str, datetime.date, datetime.date | None, str, Tree]] = [
    ("F2018", "focus", "六个围绕、一个加强", d(2017, 10, 1), d(2020, 1, 1), "2018 年市县巡察监督重点", F2018),
    ("F2020", "focus", "三个聚焦", d(2020, 1, 1), d(2023, 1, 1), "市县巡察“三个聚焦”", F2020),
    ("F2023", "focus", "四个聚焦", d(2023, 1, 1), None, "市县巡察“四个聚焦”", F2023),
    ("EIGHT_RULES_2013", "eight_rules", "八项规定精神问题统计（2013 年口径）", d(2013, 1, 1), d(2019, 12, 1),
     "中央纪委月报制度", EIGHT_RULES_2013),
    ("EIGHT_RULES_2020", "eight_rules", "八项规定精神问题统计（2020 年口径）", d(2019, 12, 1), None,
     "中央纪委月报制度（2019 年 12 月调整）", EIGHT_RULES_2020),
    ("GZF", "checklist", "公租房专项巡察问题清单", d(2017, 1, 1), None, "公租房领域专项巡察", GZF),
    ("SEL", "checklist", "选人用人专项检查清单", d(2017, 1, 1), None, "选人用人专项检查", SEL),
]


def load(framework_model: Any, node_model: Any) -> None:
    """Create or refresh every framework and its nodes (idempotent)."""
    for code, kind, name, valid_from, valid_to, source, tree in FRAMEWORKS:
        fw, _ = framework_model.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "name": name, "valid_from": valid_from, "valid_to": valid_to, "source": source},
        )
        order = 0

        def walk(items: Tree, parent: Any, level: int, fw: Any = fw) -> None:
            nonlocal order
            for node_code, node_name, children in items:
                order += 1
                node, _ = node_model.objects.update_or_create(
                    framework=fw, code=node_code,
                    defaults={"name": node_name, "parent": parent, "level": level, "order": order},
                )
                walk(children, node, level + 1)

        walk(tree, None, 1)
