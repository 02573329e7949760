# ruff: noqa: E501 -- seed data: long Chinese article texts are kept on one line each for reading.
"""Seed data beside the frameworks (spec §5): typical problems under the items, the basis library (定性依据: the
Party rules a finding cites, version by version with their validity, article by article) and the wording library
(定性用语). Loaded by a data migration with the historical models; the office corrects and extends them.

Article texts: where a text is quoted the seed is sure of it; every other text is a summary of the article and
is marked ``is_summary`` (shown as 「条文摘要」), to be checked against the official text before a report quotes it.
"""

from __future__ import annotations

import datetime
from typing import Any

d = datetime.date

# Typical problems (典型问题表现) per item code of a framework [GK, spec §5].
TYPICAL_PROBLEMS: dict[str, dict[str, list[str]]] = {
    "F2018": {
        "A1": ["对党中央和上级决策部署做选择、搞变通、打折扣", "传达学习上级重要会议精神不及时，未结合实际研究部署",
               "重大事项请示报告不及时、不规范"],
        "A2": ["“七个有之”问题：搞团团伙伙、拉帮结派，自行其是、阳奉阴违", "对抗组织审查，搞攻守同盟"],
        "A3": ["民主生活会批评与自我批评辣味不足，“批评”变“表扬”", "组织生活会流于形式，会前谈心谈话不到位"],
        "A4": ["履行主责主业不到位，服务对象满意度不高", "商会、协会等下属组织建设和监管薄弱"],
        "B1": ["理论学习中心组学习不经常、不深入，以读代学", "学习与工作“两张皮”"],
        "B2": ["意识形态工作责任制落实不到位，未定期研判", "网站、公众号、刊物等阵地审核把关不严"],
        "B3": ["党员干部参与迷信活动", "理想信念淡化，宗旨意识不强"],
        "C1": ["“三重一大”事项未经集体研究，个人或少数人说了算", "党组（党委）会议事规则不健全，会议记录不完整"],
        "C2": ["班子成员之间沟通不够，团结协作意识不强", "对“一把手”监督乏力"],
        "C3": ["干部选拔任用程序不规范，动议、考察环节缺失", "超职数配备干部"],
        "C4": ["“三会一课”制度落实不严格，记录补写", "党费收缴不及时、不足额", "支部未按期换届"],
        "C5": ["领导干部个人有关事项漏报瞒报", "干部因私出国（境）证照管理不规范", "违规兼职取酬"],
        "D1": ["违规公款吃喝、借会议培训名义宴请", "以各种名义违规发放津贴补贴", "公务用车私用", "违规收受礼品礼金"],
        "D2": ["文山会海，以会议贯彻会议、以文件落实文件", "督查检查考核过多过频、过度留痕"],
        "D3": ["服务群众和企业“门难进、脸难看、事难办”", "吃拿卡要，推诿扯皮"],
        "E1": ["违反工作纪律，工作不负责任造成损失", "违反廉洁纪律，利用职务便利谋取私利"],
        "E2": ["党组（党委）主体责任落实不到位，未专题研究党风廉政建设", "纪检组织监督责任履行不力，“探头”作用发挥不充分"],
        "E3": ["运用监督执纪“第一种形态”不经常，红脸出汗少", "对违纪问题处理偏轻偏软"],
        "E4": ["上轮巡察反馈问题整改不到位，屡查屡犯", "审计发现问题整改未按期销号"],
        "F1": ["工程项目化整为零规避招标", "政府采购未按规定程序", "资产出租未经评估、未公开招租"],
        "F2": ["设立“小金库”", "虚列支出、套取资金", "专项资金挪作他用", "会费收取和使用不规范"],
        "F3": ["惠民补贴优亲厚友、虚报冒领", "低保、保障房审核把关不严"],
        "F4": ["领导干部亲属在管辖范围内经商办企业", "与关联企业进行利益输送"],
        "F5": ["对涉黑涉恶线索查处不力", "充当黑恶势力“保护伞”"],
        "G": ["上轮巡察反馈问题整改方案不具体，整改措施不落实", "整改日常监督缺位，整改情况未按规定报告和公开",
              "巡察整改“表面改”“纸面改”，问题反弹回潮"],
    },
    "F2020": {
        "T1.4": ["贯彻本地中心工作不主动，履职不到位"],
        "T2.1": ["民生资金发放不精准，存在截留、挪用"],
        "T2.2": ["违规吃喝、违规发放津贴补贴"],
        "T3.2": ["“三会一课”不规范，党员教育管理松散"],
    },
    "F2023": {
        "Q1.1": ["贯彻落实上级决策部署打折扣、搞变通"],
        "Q2.1": ["在惠民资金、集体“三资”管理中优亲厚友、虚报冒领"],
        "Q2.2": ["违规吃喝、违规收送礼品礼金问题禁而未绝"],
        "Q3.1": ["基层党组织软弱涣散，组织生活不经常"],
        "Q4.1": ["上轮巡察反馈问题整改不到位"],
    },
    "SEL": {
        "S2": ["临时动议不规范，民主推荐范围不符合规定", "任前公示时间不足"],
        "S4": ["“凡提四必”未落实，廉政意见未征求即提拔"],
        "S5": ["干部档案“三龄两历一身份”认定不严，涂改未核"],
        "S6": ["个人有关事项报告查核结果运用不严格"],
    },
    "GZF": {
        "G1": ["公职人员隐瞒收入住房违规享受公租房", "资格审核未开展部门数据比对"],
        "G3": ["承租人违规转租转借，长期空置未收回"],
        "G4": ["租金长期拖欠，催缴不力"],
        "G5": ["收入、住房变化后未复核清退"],
    },
    "VILLAGE": {
        "V1": ["集体资产出租未公开招租，租金长期未收", "村账乡代管不规范，白条入账"],
        "V2": ["虚报冒领惠农补贴", "低保评定优亲厚友"],
        "V5": ["村务、财务公开不及时、不全面"],
        "V6": ["重大事项未落实“四议两公开”"],
    },
}

# (code, family, title, short title, issuer, version, effective from, effective to (exclusive), note, articles)
# where an article is (number, chapter, text, is_summary, discipline).
Article = tuple[str, str, str, bool, str]
SUMMARY_NOTE = "条文为编录摘要，条款序号和原文以正式文本为准，引用前请核对。"
REGULATIONS: list[tuple[str, str, str, str, str, str, datetime.date, datetime.date | None, str, list[Article]]] = [
    ("DZ2017", "党章", "中国共产党章程", "党章", "中国共产党全国代表大会", "十九大部分修改", d(2017, 10, 24),
     d(2022, 10, 22), SUMMARY_NOTE, [
         ("第三条", "第一章 党员", "党员必须履行的义务，包括认真学习、贯彻执行党的基本路线和各项方针政策，"
          "坚持党和人民的利益高于一切，自觉遵守党的纪律，切实开展批评和自我批评，密切联系群众等。", True, ""),
         ("第十条", "第二章 党的组织制度", "党是根据自己的纲领和章程，按照民主集中制组织起来的统一整体。"
          "党的民主集中制的基本原则包括：党员个人服从党的组织，少数服从多数，下级组织服从上级组织，"
          "全党各个组织和全体党员服从党的全国代表大会和中央委员会等。", True, "organisational"),
     ]),
    ("DZ2022", "党章", "中国共产党章程", "党章", "中国共产党全国代表大会", "二十大部分修改", d(2022, 10, 22), None,
     SUMMARY_NOTE, [
         ("第三条", "第一章 党员", "党员必须履行的义务，包括认真学习、贯彻执行党的基本路线和各项方针政策，"
          "坚持党和人民的利益高于一切，自觉遵守党的纪律，切实开展批评和自我批评，密切联系群众等。", True, ""),
         ("第十条", "第二章 党的组织制度", "党是根据自己的纲领和章程，按照民主集中制组织起来的统一整体。"
          "党的民主集中制的基本原则包括：党员个人服从党的组织，少数服从多数，下级组织服从上级组织，"
          "全党各个组织和全体党员服从党的全国代表大会和中央委员会等。", True, "organisational"),
     ]),
    ("XS2015", "巡视工作条例", "中国共产党巡视工作条例", "巡视工作条例", "中共中央", "2015年修订", d(2015, 8, 3),
     d(2017, 7, 1), SUMMARY_NOTE, [
         ("第十三条", "第三章 工作对象和监督内容", "巡视组对被巡视党组织领导班子及其成员进行监督，着力发现党的领导弱化、"
          "党的建设缺失、全面从严治党不力问题，重点检查违反政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律和生活纪律"
          "等方面的问题。", True, ""),
     ]),
    ("XS2017", "巡视工作条例", "中国共产党巡视工作条例", "巡视工作条例", "中共中央", "2017年修订", d(2017, 7, 1), None,
     SUMMARY_NOTE + "2024 年修订版施行后，由办公室补录新版本并填写本版本的废止日期。", [
         ("第三条", "第一章 总则", "党的中央和省、自治区、直辖市委员会实行巡视制度；"
          "党的市（地、州、盟）和县（市、区、旗）委员会建立巡察制度，对所管理的党组织进行巡察监督。", True, ""),
         ("第十五条", "第三章 巡视对象和监督内容", "巡视组对被巡视党组织领导班子及其成员进行监督，着力发现党的领导弱化、"
          "党的建设缺失、全面从严治党不力问题，检查落实党中央决策部署、违反六项纪律、选人用人、落实全面从严治党责任等"
          "方面的问题。", True, ""),
     ]),
    ("JL2015", "纪律处分条例", "中国共产党纪律处分条例", "纪律处分条例", "中共中央", "2015年修订", d(2016, 1, 1),
     d(2018, 10, 1), SUMMARY_NOTE, [
         ("第八十三条", "第八章 对违反廉洁纪律行为的处分", "收受可能影响公正执行公务的礼品、礼金、消费卡等的，"
          "按情节轻重给予警告直至开除党籍处分。", True, "integrity"),
         ("第八十八条", "第八章 对违反廉洁纪律行为的处分", "违反有关规定从事营利活动（经商办企业、买卖股票或者进行"
          "其他证券投资、兼职取酬等）的，按情节轻重给予处分。", True, "integrity"),
     ]),
    ("JL2018", "纪律处分条例", "中国共产党纪律处分条例", "纪律处分条例", "中共中央", "2018年修订", d(2018, 10, 1),
     d(2024, 1, 1), SUMMARY_NOTE, [
         ("第七十条", "第七章 对违反组织纪律行为的处分", "违反民主集中制原则，拒不执行或者擅自改变党组织作出的重大决定，"
          "或者违反议事规则，个人或者少数人决定重大问题的，按情节轻重给予处分。", True, "organisational"),
         ("第八十八条", "第八章 对违反廉洁纪律行为的处分", "收受可能影响公正执行公务的礼品、礼金、消费卡和有价证券、股权、"
          "其他金融产品等财物的，按情节轻重给予警告直至开除党籍处分。", True, "integrity"),
         ("第一百零二条", "第八章 对违反廉洁纪律行为的处分", "违反有关规定组织、参加用公款支付的宴请、高消费娱乐、健身活动，"
          "或者用公款购买赠送、发放礼品、消费卡等的，按情节轻重给予处分。", True, "integrity"),
         ("第一百零六条", "第八章 对违反廉洁纪律行为的处分", "违反有关规定自定薪酬或者滥发津贴、补贴、奖金等的，"
          "按情节轻重给予处分。", True, "integrity"),
         ("第一百二十一条", "第十章 对违反工作纪律行为的处分", "工作中不负责任或者疏于管理，贯彻执行、检查督促落实上级决策部署"
          "不力，给党、国家和人民利益以及公共财产造成较大损失的，按情节轻重给予处分。", True, "work"),
     ]),
    ("JL2023", "纪律处分条例", "中国共产党纪律处分条例", "纪律处分条例", "中共中央", "2023年修订", d(2024, 1, 1), None,
     SUMMARY_NOTE, [
         ("第七十五条", "第七章 对违反组织纪律行为的处分", "违反民主集中制原则，拒不执行或者擅自改变党组织作出的重大决定，"
          "或者违反议事规则，个人或者少数人决定重大问题的，按情节轻重给予处分。", True, "organisational"),
         ("第九十八条", "第八章 对违反廉洁纪律行为的处分", "收受可能影响公正执行公务的礼品、礼金、消费卡和有价证券、股权、"
          "其他金融产品等财物的，按情节轻重给予处分。", True, "integrity"),
     ]),
    ("LJ2015", "廉洁自律准则", "中国共产党廉洁自律准则", "廉洁自律准则", "中共中央", "2015年", d(2016, 1, 1), None,
     "八条规范全文。", [
         ("第一条", "党员廉洁自律规范", "坚持公私分明，先公后私，克己奉公。", False, "integrity"),
         ("第二条", "党员廉洁自律规范", "坚持崇廉拒腐，清白做人，干净做事。", False, "integrity"),
         ("第三条", "党员廉洁自律规范", "坚持尚俭戒奢，艰苦朴素，勤俭节约。", False, "integrity"),
         ("第四条", "党员廉洁自律规范", "坚持吃苦在前，享受在后，甘于奉献。", False, "integrity"),
         ("第五条", "党员领导干部廉洁自律规范", "廉洁从政，自觉保持人民公仆本色。", False, "integrity"),
         ("第六条", "党员领导干部廉洁自律规范", "廉洁用权，自觉维护人民根本利益。", False, "integrity"),
         ("第七条", "党员领导干部廉洁自律规范", "廉洁修身，自觉提升思想道德境界。", False, "integrity"),
         ("第八条", "党员领导干部廉洁自律规范", "廉洁齐家，自觉带头树立良好家风。", False, "integrity"),
     ]),
    ("BX2012", "中央八项规定", "十八届中央政治局关于改进工作作风、密切联系群众的八项规定", "中央八项规定",
     "中共中央政治局", "2012年", d(2012, 12, 4), None, "各项标题为原文，内容为摘要。", [
         ("第一项", "", "要改进调查研究：到基层调研要深入了解真实情况，轻车简从、减少陪同、简化接待。", True, "work"),
         ("第二项", "", "要精简会议活动，切实改进会风。", True, "work"),
         ("第三项", "", "要精简文件简报，切实改进文风。", True, "work"),
         ("第八项", "", "要厉行勤俭节约，严格遵守廉洁从政有关规定，严格执行住房、车辆配备等有关工作和生活待遇的规定。",
          True, "integrity"),
     ]),
    ("BXXZ2017", "中央八项规定实施细则", "中共中央政治局贯彻落实中央八项规定实施细则", "中央八项规定实施细则",
     "中共中央政治局", "2017年", d(2017, 10, 27), None, SUMMARY_NOTE, [
         ("关于改进调查研究", "", "调研要轻车简从，不搞层层陪同，不安排宴请，不上高档菜肴，不提供香烟和高档酒水。",
          True, "integrity"),
         ("关于厉行勤俭节约", "", "严格执行住房、办公用房、车辆配备、秘书配备、工作人员配备、生活待遇等方面的规定，"
          "不得违反规定提高标准。", True, "integrity"),
     ]),
]

# (code, area code, discipline, title, text)
WORDINGS: list[tuple[str, str, str, str, str]] = [
    ("DY01", "A1", "political", "贯彻决策部署不到位", "贯彻落实党中央决策部署和上级工作要求不够到位，"
     "结合实际研究部署不深入，推动落实有差距。"),
    ("DY02", "A3", "political", "党内政治生活不严肃", "党内政治生活不够严肃认真，民主生活会批评和自我批评辣味不足，"
     "相互批评意见“四多四少”。"),
    ("DY03", "A4", "work", "履行职能责任有差距", "履行职能责任不够到位，服务对象反映的突出问题解决不及时。"),
    ("DY04", "B1", "political", "理论学习不深入", "理论学习中心组学习制度落实不严格，学习计划执行不到位，"
     "以读文件代替研讨交流。"),
    ("DY05", "B2", "political", "意识形态责任制落实不力", "意识形态工作责任制落实不到位，未按规定专题研究意识形态工作，"
     "阵地管理存在薄弱环节。"),
    ("DY06", "C1", "organisational", "民主集中制执行不严格", "执行民主集中制不够严格，部分“三重一大”事项未经集体研究决定，"
     "议事决策程序不规范。"),
    ("DY07", "C3", "organisational", "选人用人不规范", "干部选拔任用工作不够规范，存在程序不严谨、把关不严等问题。"),
    ("DY08", "C4", "organisational", "基层党建薄弱", "基层党组织建设相对薄弱，“三会一课”等组织生活制度落实不严格，"
     "党费收缴管理不规范。"),
    ("DY09", "D1", "integrity", "违反中央八项规定精神", "落实中央八项规定精神不够严格，存在违规公款吃喝、"
     "违规发放津贴补贴等问题，“四风”问题禁而未绝。"),
    ("DY10", "D2", "work", "形式主义官僚主义", "存在形式主义、官僚主义问题，文山会海现象仍然存在，"
     "工作作风不够扎实。"),
    ("DY11", "E2", "integrity", "“两个责任”落实不到位", "全面从严治党主体责任落实不够到位，"
     "管党治党宽松软问题仍然存在，监督责任履行不力。"),
    ("DY12", "E4", "work", "整改落实不到位", "对以往巡察、审计发现问题整改不到位，存在屡查屡犯现象。"),
    ("DY13", "F1", "integrity", "重点领域廉洁风险", "工程项目、资产资源管理等重点领域廉洁风险防控不到位，"
     "制度执行不严格。"),
    ("DY14", "F2", "integrity", "财务管理不规范", "财务管理制度执行不严格，存在违规列支、票据不规范等问题，"
     "资金使用监管不到位。"),
    ("DY15", "F4", "integrity", "违规经商办企业", "个别领导干部亲属在管辖范围内经商办企业，"
     "存在利益冲突和廉洁风险。"),
    ("DY16", "G", "work", "巡察整改监督不到位", "对上轮巡察反馈问题整改落实的日常监督不够有力，"
     "部分问题整改停留在表面，长效机制不健全。"),
]


def load_typical_problems(framework_model: Any, node_model: Any, problem_model: Any) -> None:
    """Refresh the common typical problems (those added by jurisdictions are kept)."""
    for code, by_node in TYPICAL_PROBLEMS.items():
        framework = framework_model.objects.filter(code=code).first()
        if framework is None:
            continue
        for node_code, texts in by_node.items():
            node = node_model.objects.filter(framework=framework, code=node_code).first()
            if node is None:
                continue
            problem_model.objects.filter(node=node, jurisdiction__isnull=True).exclude(text__in=texts).delete()
            for order, text in enumerate(texts, start=1):
                problem_model.objects.update_or_create(node=node, text=text, jurisdiction=None,
                                                       defaults={"order": order})


def load_library(regulation_model: Any, article_model: Any, wording_model: Any) -> None:
    """Create or refresh the regulations, their articles and the wordings (idempotent)."""
    for (code, family, title, short, issuer, version, start, end, note, articles) in REGULATIONS:
        regulation, _ = regulation_model.objects.update_or_create(code=code, defaults={
            "family": family, "title": title, "short_title": short, "issuer": issuer, "version": version,
            "effective_from": start, "effective_to": end, "note": note})
        for sort, (number, chapter, text, is_summary, discipline) in enumerate(articles, start=1):
            article_model.objects.update_or_create(regulation=regulation, number=number, defaults={
                "sort": sort, "chapter": chapter, "text": text, "is_summary": is_summary, "discipline": discipline})
    for order, (code, area, discipline, title, text) in enumerate(WORDINGS, start=1):
        wording_model.objects.update_or_create(code=code, defaults={
            "area_code": area, "discipline": discipline, "title": title, "text": text, "order": order})
