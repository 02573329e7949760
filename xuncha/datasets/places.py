"""Place and unit names for the synthetic data: 河南省 and its 18 cities (real names and codes), counties (the
demo's 洛阳 counties, then made-up names), and the departments, schools, hospitals and towns of each level.
Every person is fictional; unit names follow the usual government structure."""

from __future__ import annotations

import random
from dataclasses import dataclass

from xuncha.demo import data
from xuncha.orgs.models import OrganizationType as OT
from xuncha.orgs.models import Sector as SC

PROVINCE = ("河南省", "中共河南省委", "410000")
CITIES: tuple[tuple[str, str], ...] = (
    ("洛阳市", "410300"), ("郑州市", "410100"), ("开封市", "410200"), ("平顶山市", "410400"), ("安阳市", "410500"),
    ("鹤壁市", "410600"), ("新乡市", "410700"), ("焦作市", "410800"), ("濮阳市", "410900"), ("许昌市", "411000"),
    ("漯河市", "411100"), ("三门峡市", "411200"), ("南阳市", "411300"), ("商丘市", "411400"), ("信阳市", "411500"),
    ("周口市", "411600"), ("驻马店市", "411700"), ("济源市", "419000"),
)

_FIRST = "东西南北中上下新长安永宁平康泰丰兴华阳清宜孟淇卫汤滑范固商柘睢鄢舞叶郏宝鲁淮息罗光潢确泌桐唐镇"
_SECOND = "阳城山川水河丘陵州口安平乐源台泉县原陂封蔡武津义宁丰沟乡川康"


@dataclass(frozen=True)
class Place:
    name: str  # 偃师市, 嵩县, 西工区
    code: str

    @property
    def committee(self) -> str:
        return f"中共{self.committee_short}"

    @property
    def committee_short(self) -> str:
        """偃师市委, 嵩县县委 (a one-character name keeps its 县), 西工区委."""
        return f"{self.name}县委" if len(self.name) == 2 and self.name.endswith("县") else f"{self.name}委"

    @property
    def base(self) -> str:
        """The name without its suffix: 偃师, 嵩, 西工; 河南; 洛阳."""
        return self.name[:-1] if len(self.name) > 2 else self.name


def county_places(rng: random.Random, city: Place, n: int, used: set[str]) -> list[Place]:
    """``n`` county-level divisions of ``city``: the demo's real ones for 洛阳, made-up names elsewhere."""
    places: list[Place] = []
    if city.code == "410300":
        for county in data.COUNTIES[:n]:
            used.add(county.name)
            places.append(Place(county.name, county.code))
    while len(places) < n:
        suffix = "区" if len(places) < 2 else ("市" if len(places) == 2 else "县")
        name = rng.choice(_FIRST) + rng.choice(_SECOND) + suffix
        if name in used:
            continue
        used.add(name)
        places.append(Place(name, f"{city.code[:4]}{len(places) + 21:02d}"))
    return places


@dataclass(frozen=True)
class UnitSpec:
    short: str  # with {p}: the place's base name
    unit: str
    org_type: str
    sector: str
    staff: tuple[int, int]
    children: tuple[tuple[str, str], ...] = ()  # (short, sector) of subordinate branches
    inspectable: bool = True


def _gov(short: str, unit: str, *children: tuple[str, str], staff: tuple[int, int] = (40, 160),
         sector: str = SC.PARTY_GOVERNMENT) -> UnitSpec:
    return UnitSpec(short, unit, OT.LEADING_PARTY_GROUP, sector, staff, children)


def _inst(short: str, unit: str, sector: str, *children: tuple[str, str], staff: tuple[int, int] = (200, 2000)
          ) -> UnitSpec:
    return UnitSpec(short, unit, OT.PARTY_COMMITTEE, sector, staff, children)


_BR = SC.PUBLIC_INSTITUTION
PROVINCE_UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("省纪委监委机关", "中共{p}省纪律检查委员会、{p}省监察委员会", OT.PARTY_COMMITTEE, SC.PARTY_GOVERNMENT,
             (400, 600), inspectable=False),
    UnitSpec("省委组织部", "中共{p}省委组织部", OT.PARTY_COMMITTEE, SC.PARTY_GOVERNMENT, (150, 250), inspectable=False),
    UnitSpec("省委巡视办", "中共{p}省委巡视工作领导小组办公室", OT.BRANCH, SC.PARTY_GOVERNMENT, (60, 90),
             inspectable=False),
    _gov("省委办公厅", "中共{p}省委办公厅"), _gov("省委宣传部", "中共{p}省委宣传部"),
    _gov("省委统战部", "中共{p}省委统战部"), _gov("省委政法委", "中共{p}省委政法委员会"),
    _gov("省政府办公厅", "{p}省人民政府办公厅"), _gov("省发展改革委", "{p}省发展和改革委员会", ("省价格监测中心", _BR)),
    _gov("省教育厅", "{p}省教育厅", ("省教育考试院", _BR), ("省实验中学", SC.EDUCATION)),
    _gov("省科技厅", "{p}省科学技术厅"), _gov("省工业和信息化厅", "{p}省工业和信息化厅"),
    _gov("省公安厅", "{p}省公安厅", ("省公安厅交通管理局", SC.PARTY_GOVERNMENT)), _gov("省民政厅", "{p}省民政厅"),
    _gov("省司法厅", "{p}省司法厅", ("省监狱管理局", SC.PARTY_GOVERNMENT)),
    _gov("省财政厅", "{p}省财政厅", ("省财政厅国库支付中心", _BR)),
    _gov("省人力资源社会保障厅", "{p}省人力资源和社会保障厅", ("省社会保险中心", _BR)),
    _gov("省自然资源厅", "{p}省自然资源厅", ("省地质调查院", _BR)), _gov("省生态环境厅", "{p}省生态环境厅"),
    _gov("省住房城乡建设厅", "{p}省住房和城乡建设厅", ("省住房公积金管理中心", _BR)),
    _gov("省交通运输厅", "{p}省交通运输厅", ("省公路事业发展中心", _BR)), _gov("省水利厅", "{p}省水利厅"),
    _gov("省农业农村厅", "{p}省农业农村厅", ("省农业技术推广总站", _BR)), _gov("省商务厅", "{p}省商务厅"),
    _gov("省文化和旅游厅", "{p}省文化和旅游厅", ("省博物院", _BR)),
    _gov("省卫生健康委", "{p}省卫生健康委员会", ("省人民医院", SC.HEALTH), ("省疾病预防控制中心", SC.HEALTH)),
    _gov("省退役军人事务厅", "{p}省退役军人事务厅"), _gov("省应急管理厅", "{p}省应急管理厅"),
    _gov("省审计厅", "{p}省审计厅"), _gov("省国资委", "{p}省人民政府国有资产监督管理委员会"),
    _gov("省市场监管局", "{p}省市场监督管理局"), _gov("省广电局", "{p}省广播电视局"), _gov("省体育局", "{p}省体育局"),
    _gov("省统计局", "{p}省统计局"), _gov("省医保局", "{p}省医疗保障局"), _gov("省林业局", "{p}省林业局"),
    _gov("省粮食和储备局", "{p}省粮食和物资储备局"), _gov("省信访局", "{p}省信访局"),
    _gov("省机关事务管理局", "{p}省机关事务管理局"), _gov("省大数据局", "{p}省大数据管理局"),
    _gov("省人防办", "{p}省人民防空办公室"), _gov("省地方金融监管局", "{p}省地方金融监督管理局"),
    UnitSpec("省总工会", "{p}省总工会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, (80, 150)),
    UnitSpec("团省委", "共青团{p}省委员会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, (40, 80)),
    UnitSpec("省妇联", "{p}省妇女联合会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, (40, 80)),
    UnitSpec("省科协", "{p}省科学技术协会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, (40, 80)),
    UnitSpec("省文联", "{p}省文学艺术界联合会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, (30, 60)),
    UnitSpec("省工商联", "{p}省工商业联合会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, (30, 60)),
    _inst("省社会科学院", "{p}省社会科学院", _BR, staff=(200, 400)),
    _inst("省农业科学院", "{p}省农业科学院", _BR, ("省农科院小麦研究所", _BR), staff=(600, 1200)),
    _inst("郑州大学", "郑州大学", SC.EDUCATION, ("郑州大学第一附属医院", SC.HEALTH),
          ("郑州大学机关党委", SC.EDUCATION)),
    _inst("河南大学", "河南大学", SC.EDUCATION, ("河南大学淮河医院", SC.HEALTH)),
    _inst("河南理工大学", "河南理工大学", SC.EDUCATION), _inst("河南农业大学", "河南农业大学", SC.EDUCATION),
    _inst("河南财经政法大学", "河南财经政法大学", SC.EDUCATION),
    _inst("省投资集团", "{p}投资集团有限公司", SC.STATE_ENTERPRISE, ("省投资集团能源公司", SC.STATE_ENTERPRISE)),
    _inst("省能源集团", "{p}能源集团有限公司", SC.STATE_ENTERPRISE, ("省能源集团煤业公司", SC.STATE_ENTERPRISE),
          staff=(5000, 20000)),
    _inst("省交通投资集团", "{p}交通运输发展集团有限公司", SC.STATE_ENTERPRISE),
    _inst("省农业发展银行", "{p}省农村信用社联合社", SC.STATE_ENTERPRISE),
    _inst("省文化产业集团", "{p}文化产业发展集团有限公司", SC.STATE_ENTERPRISE),
    _inst("省人大常委会机关", "{p}省人大常委会机关", SC.PARTY_GOVERNMENT, staff=(200, 300)),
    _inst("省政协机关", "政协{p}省委员会机关", SC.PARTY_GOVERNMENT, staff=(150, 250)),
    _inst("省高级人民法院", "{p}省高级人民法院", SC.PARTY_GOVERNMENT, staff=(300, 500)),
    _inst("省人民检察院", "{p}省人民检察院", SC.PARTY_GOVERNMENT, staff=(250, 400)),
)

# County departments beyond the demo's templates (demo.data.COUNTY_UNITS); {c}: the county's full name.
COUNTY_DEPARTMENTS: tuple[UnitSpec, ...] = (
    _gov("{c}发改委", "{c}发展和改革委员会", staff=(20, 45)),
    _gov("{c}教育局", "{c}教育局", ("{c}第一高级中学", SC.EDUCATION), ("{c}第二高级中学", SC.EDUCATION),
         ("{c}实验中学", SC.EDUCATION), ("{c}职业教育中心", SC.EDUCATION), staff=(30, 60)),
    _gov("{c}卫健委", "{c}卫生健康委员会", ("{c}人民医院", SC.HEALTH), ("{c}中医院", SC.HEALTH),
         ("{c}妇幼保健院", SC.HEALTH), staff=(25, 50)),
    _gov("{c}公安局", "{c}公安局", ("{c}公安局交警大队", SC.PARTY_GOVERNMENT), staff=(200, 400)),
    _gov("{c}民政局", "{c}民政局", ("{c}社会福利院", _BR), staff=(20, 40)),
    _gov("{c}司法局", "{c}司法局", staff=(20, 40)),
    _gov("{c}人社局", "{c}人力资源和社会保障局", ("{c}社会保险中心", _BR), staff=(30, 60)),
    _gov("{c}自然资源局", "{c}自然资源局", ("{c}不动产登记中心", _BR), staff=(40, 80)),
    _gov("{c}生态环境分局", "{c}生态环境分局", staff=(20, 40)),
    _gov("{c}交通运输局", "{c}交通运输局", ("{c}公路事业发展中心", _BR), staff=(30, 70)),
    _gov("{c}水利局", "{c}水利局", ("{c}水利工程管理站", _BR), staff=(25, 60)),
    _gov("{c}农业农村局", "{c}农业农村局", ("{c}农业技术推广中心", _BR), ("{c}畜牧兽医站", _BR), staff=(40, 90)),
    _gov("{c}商务局", "{c}商务局", staff=(15, 30)),
    _gov("{c}文广旅局", "{c}文化广电和旅游局", ("{c}文化馆", _BR), staff=(20, 40)),
    _gov("{c}退役军人事务局", "{c}退役军人事务局", staff=(10, 25)),
    _gov("{c}应急管理局", "{c}应急管理局", staff=(15, 35)),
    _gov("{c}市场监管局", "{c}市场监督管理局", ("{c}市场监管局城关所", SC.PARTY_GOVERNMENT), staff=(60, 120)),
    _gov("{c}统计局", "{c}统计局", staff=(10, 20)),
    _gov("{c}医保局", "{c}医疗保障局", staff=(10, 25)),
    _gov("{c}林业局", "{c}林业局", ("{c}国有林场", _BR), staff=(20, 50)),
    _gov("{c}信访局", "{c}信访局", staff=(10, 20)),
    _gov("{c}城管局", "{c}城市管理局", ("{c}环卫中心", _BR), staff=(60, 150)),
    _gov("{c}税务局", "国家税务总局{c}税务局", staff=(60, 120)),
    _gov("{c}统战部", "中共{cm}统战部", staff=(10, 20)),
    _gov("{c}宣传部", "中共{cm}宣传部", staff=(12, 25)),
    _gov("{c}政法委", "中共{cm}政法委员会", staff=(10, 20)),
    _gov("{c}委办", "中共{cm}办公室", staff=(20, 40)),
    _gov("{c}政府办", "{c}人民政府办公室", staff=(25, 50)),
    _gov("{c}人大机关", "{c}人大常委会机关", staff=(20, 40)),
    _gov("{c}政协机关", "政协{c}委员会机关", staff=(15, 30)),
    _gov("{c}法院", "{c}人民法院", staff=(60, 120)),
    _gov("{c}检察院", "{c}人民检察院", staff=(40, 80)),
    UnitSpec("{c}总工会", "{c}总工会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, (8, 15)),
    UnitSpec("{c}团委", "共青团{c}委员会", OT.BRANCH, SC.MASS_ORGANIZATION, (5, 10)),
    UnitSpec("{c}妇联", "{c}妇女联合会", OT.BRANCH, SC.MASS_ORGANIZATION, (5, 10)),
    _inst("{c}城投公司", "{c}城市建设投资有限公司", SC.STATE_ENTERPRISE, staff=(40, 120)),
    _inst("{c}农信社", "{c}农村信用合作联社", SC.STATE_ENTERPRISE, staff=(80, 200)),
)

TOWN_WORDS = ("城关", "白沙", "柳泉", "石桥", "马店", "高庄", "王营", "李村", "新集", "韩城", "张坞", "赵堡", "杨庄",
              "双庙", "三官", "黄河", "常袋", "板桥", "观音", "吕店", "大安", "小界", "庙子", "合峪", "旧县", "孙店")

INSPECTION_TOPICS = ("乡村振兴", "营商环境", "国有资产管理", "医保基金使用", "粮食购销", "耕地保护", "教育收费",
                     "生态环境保护", "安全生产", "基层党组织建设")
