"""The tables behind ``manage.py load_demo``: places, party organisations, posts, rounds and schedules.

The scenario is the 2018 mobilisation speech (spec §11, /work/shared/domain/seed-speech.txt): in round 7 of
the 11th term of the 洛阳 city committee, five city teams inspect seven units (常规), 15 county teams inspect
public rental housing across counties (专项, 异地交叉 + 上下联动) and team 1 also goes to the 驻郑办
(延伸, standing alone: no unit inspected this round manages it).
Round 6, the 脱贫攻坚 linked inspection, had the 15 county teams inspect each other's 扶贫办 with other pairs
(ROUND6_CROSS), so the round-7 cross assignment has a history to respect. The inspector pool is everyone of the
team pools plus POOL_RESERVES, with skills read off unit and post names (SKILL_WORDS).

Organisation and place names are real; every person is fictional (``names.py``). Unit names follow the
2018 structure, before the 2019 institutional reform (so 市卫计委, 市国土资源局, 市农机局 still exist).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from xuncha.orgs.models import OrganizationType as OT
from xuncha.orgs.models import Sector as SC

d = datetime.date

# A post's tier decides its rank (city and county tiers differ, see loader.RANKS) and the birth-year range.
Tier = Literal["top", "head", "deputy", "section", "section_deputy", "staff", "village"]
# What the loader uses a person for: accounts, team pools (巡察干部库), the principal leader.
Tag = Literal[
    "", "director", "office", "sysadmin", "secadmin", "auditor", "leading", "cdi", "orgdept",
    "liaison_gsl", "liaison_fgj", "team_leader", "team_deputy", "team_member", "team_liaison", "pool",
]


@dataclass(frozen=True)
class P:
    """A post in a unit: ``count`` people hold it; ``{n}`` in the title becomes 一、二、三… ."""

    title: str
    tier: Tier
    tag: Tag = ""
    count: int = 1


@dataclass(frozen=True)
class Child:
    """A subordinate party organisation (党委/党总支/党支部 of a school, hospital, centre …)."""

    short: str
    name: str
    unit: str
    org_type: str
    sector: str
    staff: int
    posts: tuple[P, ...]


@dataclass(frozen=True)
class Unit:
    """A city-level unit (市直单位) and its party organisation; the first post is its principal leader."""

    short: str
    name: str
    unit: str
    org_type: str
    sector: str
    staff: int
    posts: tuple[P, ...]
    children: tuple[Child, ...] = ()
    inspectable: bool = True
    address: str = ""


def gov(head: str, *, deputies: int = 2, discipline: bool = True, office: str = "办公室主任",
        office_tag: Tag = "", extra: tuple[P, ...] = ()) -> tuple[P, ...]:
    """The leadership of a government department led by a 党组: secretary-head, deputies, 纪检组长, office."""
    posts = [P(f"党组书记、{head}", "head"), P(f"党组成员、副{head}", "deputy", count=deputies)]
    if discipline:
        posts.append(P("党组成员、纪检组长", "deputy"))
    posts.append(P(office, "section", office_tag))
    return (*posts, *extra)


def branch(short: str, name: str, unit: str, staff: int, *, sector: str = SC.PUBLIC_INSTITUTION,
           org_type: str = OT.BRANCH, head: str = "党支部书记", head_tier: Tier = "section") -> Child:
    return Child(short, name, unit, org_type, sector, staff, (P(head, head_tier),))


def city_gov(short: str, unit: str, staff: int, head: str = "局长", *, sector: str = SC.PARTY_GOVERNMENT,
             children: tuple[Child, ...] = (), deputies: int = 2, discipline: bool = True,
             office: str = "办公室主任", office_tag: Tag = "", extra: tuple[P, ...] = ()) -> Unit:
    """A city department with a 党组 named after the unit (中共<unit>党组)."""
    posts = gov(head, deputies=deputies, discipline=discipline, office=office, office_tag=office_tag, extra=extra)
    return Unit(short, f"中共{unit}党组", unit, OT.LEADING_PARTY_GROUP, sector, staff, posts, children)


# ---------------------------------------------------------------------------------------------------------
# Jurisdictions (党委): the city and its 15 county-level divisions of 2018, in the order that also drives
# the cross assignment of the 公租房 special inspection (county i inspects county i+3 mod 15).


@dataclass(frozen=True)
class County:
    name: str
    committee: str
    code: str
    district: bool  # 市辖区: units are named "洛阳市<区>…", hometowns read "河南洛阳"
    housing_centre: bool  # has a 房管中心 besides the 住建局 (both are 公租房 targets)
    towns: tuple[str, str, str]

    @property
    def committee_short(self) -> str:
        """"偃师市委", "嵩县县委": the committee name without 中共, used in team and department names."""
        return self.committee.removeprefix("中共")

    @property
    def unit_prefix(self) -> str:
        return f"洛阳市{self.name}" if self.district else self.name

    @property
    def native_place(self) -> str:
        """籍贯 as cadres write it: 河南偃师, 河南嵩县, 河南洛阳 (districts)."""
        if self.district:
            return "河南洛阳"
        return "河南" + (self.name if len(self.name) == 2 else self.name.rstrip("县市"))


CITY_NAME, CITY_COMMITTEE, CITY_CODE = "洛阳市", "中共洛阳市委", "410300"

COUNTIES: tuple[County, ...] = (
    County("老城区", "中共老城区委", "410302", True, False, ("西南隅街道", "东南隅街道", "邙山镇")),
    County("西工区", "中共西工区委", "410303", True, False, ("王城路街道", "凯旋东路街道", "红山乡")),
    County("瀍河回族区", "中共瀍河回族区委", "410304", True, False, ("东关街道", "塔湾街道", "瀍河回族乡")),
    County("涧西区", "中共涧西区委", "410305", True, False, ("湖北路街道", "天津路街道", "长安路街道")),
    County("吉利区", "中共吉利区委", "410306", True, False, ("河阳街道", "康乐街道", "吉利乡")),
    County("洛龙区", "中共洛龙区委", "410311", True, True, ("安乐镇", "李楼镇", "白马寺镇")),
    County("偃师市", "中共偃师市委", "410381", False, True, ("首阳山镇", "顾县镇", "缑氏镇")),
    County("孟津县", "中共孟津县委", "410322", False, True, ("城关镇", "会盟镇", "平乐镇")),
    County("新安县", "中共新安县委", "410323", False, True, ("城关镇", "铁门镇", "磁涧镇")),
    County("栾川县", "中共栾川县委", "410324", False, True, ("城关镇", "赤土店镇", "陶湾镇")),
    County("嵩县", "中共嵩县县委", "410325", False, True, ("城关镇", "田湖镇", "车村镇")),
    County("汝阳县", "中共汝阳县委", "410326", False, True, ("城关镇", "上店镇", "付店镇")),
    County("宜阳县", "中共宜阳县委", "410327", False, True, ("城关镇", "柳泉镇", "韩城镇")),
    County("洛宁县", "中共洛宁县委", "410328", False, True, ("城关镇", "长水镇", "河底镇")),
    County("伊川县", "中共伊川县委", "410329", False, True, ("城关镇", "鸣皋镇", "白沙镇")),
)
CROSS_OFFSET = 3  # county i inspects county (i + 3) mod 15: never itself, never a pair inspecting each other

# Time limits: the city keeps the defaults; 偃师 sets its own fieldwork length so inheritance shows.
TIME_LIMIT_OVERRIDES: dict[str, dict[str, int]] = {"410381": {"fieldwork_days_routine": 40}}

# ---------------------------------------------------------------------------------------------------------
# City-level units (市直单位). Short names are the keys the rest of the tables use.

CDI, ORG_DEPT, OFFICE, AUDIT, FINANCE = "市纪委监委机关", "市委组织部", "市委巡察办", "市审计局", "市财政局"
FGW, RFB, NJJ, XZFW, GJJ, FGJ, GSL, ZZB = (
    "市发改委", "市人防办", "市农机局", "市行政服务中心", "市住房公积金中心", "市房管局", "市工商联", "市驻郑办",
)

CITY_UNITS: tuple[Unit, ...] = (
    # The inspecting side: 纪委监委, 组织部, 巡察办 are not inspected by the city's own teams.
    Unit(CDI, "中共洛阳市纪委监委机关委员会", "中共洛阳市纪律检查委员会、洛阳市监察委员会", OT.PARTY_COMMITTEE,
         SC.PARTY_GOVERNMENT, 230, (
             P("市委常委、市纪委书记、市监委主任", "top", "leading"),
             P("市纪委副书记、市监委副主任", "head", count=2),
             P("案件监督管理室主任", "section", "cdi"),
             P("党风政风监督室主任", "section"),
             P("第{n}监督检查室副主任", "section", "team_deputy", count=4),
             P("第{n}监督检查室干部", "staff", "team_member", count=6),
         ), inspectable=False),
    Unit(ORG_DEPT, "中共洛阳市委组织部机关总支部委员会", "中共洛阳市委组织部", OT.GENERAL_BRANCH,
         SC.PARTY_GOVERNMENT, 85, (
             P("市委常委、组织部部长", "top"),
             P("常务副部长", "head"),
             P("副部长", "deputy", count=2),
             P("干部监督科科长", "section", "orgdept"),
             P("组织科科长", "section"),
             P("干部监督科干部", "staff", "team_member", count=2),
             P("干部{n}科干部", "staff", "team_member", count=3),
         )),
    Unit(OFFICE, "中共洛阳市委巡察工作领导小组办公室支部委员会", "中共洛阳市委巡察工作领导小组办公室",
         OT.BRANCH, SC.PARTY_GOVERNMENT, 48, (
             P("主任", "head", "director"),
             P("副主任", "deputy", count=2),
             P("综合科科长", "section"),
             P("督查科科长", "section"),
             P("综合科副科长", "section_deputy", "sysadmin"),
             P("综合科科员", "staff", "office"),
             P("综合科科员", "staff", "auditor"),
             P("督查科科员", "staff", "secadmin"),
             P("巡察组组长", "head", "team_leader", count=6),
             P("巡察组副组长", "deputy", "team_deputy", count=4),
             P("巡察组科员", "staff", "team_liaison", count=8),
         ), inspectable=False),
    city_gov(AUDIT, "洛阳市审计局", 95, extra=(
        P("经济责任审计科科长", "section", "team_member"),
        P("审计员", "staff", "team_member", count=4),
    )),
    city_gov(FINANCE, "洛阳市财政局", 150, extra=(
        P("财政监督科干部", "staff", "team_member", count=5),
    ), children=(
        branch("市国库集中支付中心", "中共洛阳市国库集中支付中心支部委员会", "洛阳市国库集中支付中心", 40),
        branch("市财政投资评审中心", "中共洛阳市财政投资评审中心支部委员会", "洛阳市财政投资评审中心", 35),
    )),
    # Party organs
    Unit("市委办公室", "中共洛阳市委办公室机关委员会", "中共洛阳市委办公室", OT.PARTY_COMMITTEE,
         SC.PARTY_GOVERNMENT, 120, (P("市委副秘书长、办公室主任", "head"), P("办公室副主任", "deputy", count=2),
                                    P("秘书科科长", "section"))),
    Unit("市委宣传部", "中共洛阳市委宣传部机关总支部委员会", "中共洛阳市委宣传部", OT.GENERAL_BRANCH,
         SC.PARTY_GOVERNMENT, 70, (P("市委常委、宣传部部长", "top"), P("常务副部长", "head"),
                                   P("副部长", "deputy", count=2), P("办公室主任", "section"))),
    Unit("市委统战部", "中共洛阳市委统战部机关支部委员会", "中共洛阳市委统战部", OT.BRANCH, SC.PARTY_GOVERNMENT,
         45, (P("市委常委、统战部部长", "top"), P("常务副部长", "head"), P("副部长", "deputy"),
              P("办公室主任", "section"))),
    Unit("市委政法委", "中共洛阳市委政法委员会机关支部委员会", "中共洛阳市委政法委员会", OT.BRANCH,
         SC.PARTY_GOVERNMENT, 40, (P("市委常委、政法委书记", "top"), P("常务副书记", "head"),
                                   P("副书记", "deputy"), P("办公室主任", "section"))),
    Unit("市直机关工委", "中共洛阳市直属机关工作委员会", "中共洛阳市直属机关工作委员会", OT.WORKING_COMMITTEE,
         SC.PARTY_GOVERNMENT, 30, (P("书记", "head"), P("常务副书记", "deputy"), P("副书记", "deputy"),
                                   P("办公室主任", "section"))),
    Unit("市委党校", "中共洛阳市委党校委员会", "中共洛阳市委党校", OT.PARTY_COMMITTEE, SC.EDUCATION, 120,
         (P("党委书记、常务副校长", "head"), P("党委委员、副校长", "deputy", count=2), P("办公室主任", "section"))),
    # Government departments
    city_gov("市政府办公室", "洛阳市人民政府办公室", 150, "主任"),
    city_gov(FGW, "洛阳市发展和改革委员会", 160, "主任", extra=(P("价格科科长", "section"),), children=(
        branch("市发改委机关第一党支部", "中共洛阳市发展和改革委员会机关第一支部委员会", "洛阳市发展和改革委员会", 45,
               sector=SC.PARTY_GOVERNMENT),
        branch("市价格认证中心", "中共洛阳市价格认证中心支部委员会", "洛阳市价格认证中心", 22),
        branch("市重点项目服务中心", "中共洛阳市重点项目建设服务中心支部委员会", "洛阳市重点项目建设服务中心", 26),
    )),
    city_gov("市教育局", "洛阳市教育局", 180, children=(
        Child("洛阳市第一高级中学", "中共洛阳市第一高级中学委员会", "洛阳市第一高级中学", OT.PARTY_COMMITTEE,
              SC.EDUCATION, 360, (P("党委书记", "deputy"), P("党委副书记、校长", "deputy"))),
        Child("洛阳市第二中学", "中共洛阳市第二中学委员会", "洛阳市第二中学", OT.PARTY_COMMITTEE, SC.EDUCATION, 310,
              (P("党委书记、校长", "deputy"),)),
        branch("市教育考试中心", "中共洛阳市教育考试中心支部委员会", "洛阳市教育考试中心", 28),
    )),
    city_gov("市科技局", "洛阳市科学技术局", 60),
    city_gov("市工信委", "洛阳市工业和信息化委员会", 95, "主任"),
    Unit("市公安局", "中共洛阳市公安局委员会", "洛阳市公安局", OT.PARTY_COMMITTEE, SC.PARTY_GOVERNMENT, 3200,
         (P("党委书记、局长", "head"), P("党委副书记、政委", "head"), P("党委委员、副局长", "deputy", count=2),
          P("警务督察支队支队长", "section"))),
    city_gov("市民政局", "洛阳市民政局", 85, children=(
        branch("市社会福利院", "中共洛阳市社会福利院支部委员会", "洛阳市社会福利院", 120),
    )),
    city_gov("市司法局", "洛阳市司法局", 70),
    city_gov("市人社局", "洛阳市人力资源和社会保障局", 210, children=(
        Child("市社会保险中心", "中共洛阳市社会保险中心总支部委员会", "洛阳市社会保险中心", OT.GENERAL_BRANCH,
              SC.PUBLIC_INSTITUTION, 150, (P("党总支书记、主任", "section"),)),
    )),
    city_gov("市国土资源局", "洛阳市国土资源局", 230),
    city_gov("市环保局", "洛阳市环境保护局", 130),
    city_gov("市规划局", "洛阳市城乡规划局", 80),
    city_gov("市住建委", "洛阳市住房和城乡建设委员会", 140, "主任"),
    city_gov("市城管局", "洛阳市城市管理局", 320),
    city_gov("市交通局", "洛阳市交通运输局", 260, children=(
        Child("市公路管理局", "中共洛阳市公路管理局委员会", "洛阳市公路管理局", OT.PARTY_COMMITTEE,
              SC.PUBLIC_INSTITUTION, 420, (P("党委书记、局长", "deputy"),)),
        Child("市运输管理局", "中共洛阳市运输管理局总支部委员会", "洛阳市运输管理局", OT.GENERAL_BRANCH,
              SC.PUBLIC_INSTITUTION, 130, (P("党总支书记、局长", "section"),)),
    )),
    city_gov("市水务局", "洛阳市水务局", 120),
    city_gov("市农业局", "洛阳市农业局", 140),
    city_gov("市林业局", "洛阳市林业局", 90),
    city_gov("市商务局", "洛阳市商务局", 80),
    city_gov("市文广新局", "洛阳市文化广电新闻出版局", 110),
    city_gov("市卫计委", "洛阳市卫生和计划生育委员会", 160, "主任", children=(
        Child("洛阳市中心医院", "中共洛阳市中心医院委员会", "洛阳市中心医院", OT.PARTY_COMMITTEE, SC.HEALTH, 2600,
              (P("党委书记", "head"), P("党委副书记、院长", "head"))),
        Child("洛阳市妇幼保健院", "中共洛阳市妇幼保健院委员会", "洛阳市妇幼保健院", OT.PARTY_COMMITTEE, SC.HEALTH, 900,
              (P("党委书记、院长", "deputy"),)),
    )),
    city_gov("市统计局", "洛阳市统计局", 60),
    city_gov("市工商局", "洛阳市工商行政管理局", 240),
    city_gov("市安监局", "洛阳市安全生产监督管理局", 70),
    city_gov("市食药监局", "洛阳市食品药品监督管理局", 110),
    city_gov("市旅游局", "洛阳市旅游局", 50),
    city_gov("市扶贫办", "洛阳市扶贫开发办公室", 40, "主任", discipline=False),
    city_gov("市信访局", "洛阳市信访局", 55),
    Unit("市国资委", "中共洛阳市人民政府国有资产监督管理委员会委员会", "洛阳市人民政府国有资产监督管理委员会",
         OT.PARTY_COMMITTEE, SC.PARTY_GOVERNMENT, 60,
         (P("党委书记、主任", "head"), P("党委委员、副主任", "deputy", count=2), P("办公室主任", "section")),
         children=(
             Child("洛阳城投集团", "中共洛阳市城市发展投资集团有限公司委员会", "洛阳市城市发展投资集团有限公司",
                   OT.PARTY_COMMITTEE, SC.STATE_ENTERPRISE, 850, (P("党委书记、董事长", "deputy"),)),
         )),
    # The seven units of the 2018 routine round and the extended target.
    city_gov(RFB, "洛阳市人民防空办公室", 65, "主任", children=(
        branch("市人防指挥信息保障中心", "中共洛阳市人防指挥信息保障中心支部委员会", "洛阳市人防指挥信息保障中心", 20),
    )),
    city_gov(NJJ, "洛阳市农业机械管理局", 55, children=(
        branch("市农机技术推广站", "中共洛阳市农业机械技术推广站支部委员会", "洛阳市农业机械技术推广站", 18),
        branch("市农机安全监理所", "中共洛阳市农业机械安全监理所支部委员会", "洛阳市农业机械安全监理所", 16),
    )),
    city_gov(XZFW, "洛阳市行政服务中心", 85, "主任", sector=SC.PUBLIC_INSTITUTION, children=(
        branch("市行政服务中心机关党支部", "中共洛阳市行政服务中心机关支部委员会", "洛阳市行政服务中心", 40),
    )),
    city_gov(GJJ, "洛阳住房公积金管理中心", 210, "主任", sector=SC.PUBLIC_INSTITUTION, children=(
        branch("公积金中心偃师管理部", "中共洛阳住房公积金管理中心偃师管理部支部委员会",
               "洛阳住房公积金管理中心偃师管理部", 15),
        branch("公积金中心新安管理部", "中共洛阳住房公积金管理中心新安管理部支部委员会",
               "洛阳住房公积金管理中心新安管理部", 12),
    )),
    city_gov(FGJ, "洛阳市住房保障和房产管理局", 180, office_tag="liaison_fgj", extra=(
        P("计划财务科科长", "section"),
    ), children=(
        Child("市住房保障中心", "中共洛阳市住房保障中心总支部委员会", "洛阳市住房保障中心", OT.GENERAL_BRANCH,
              SC.PUBLIC_INSTITUTION, 60, (P("党总支书记、主任", "section"),)),
        branch("市房地产交易中心", "中共洛阳市房地产交易中心支部委员会", "洛阳市房地产交易中心", 45),
        branch("市物业管理办公室", "中共洛阳市物业管理办公室支部委员会", "洛阳市物业管理办公室", 20),
    )),
    Unit(GSL, "中共洛阳市工商业联合会党组", "洛阳市工商业联合会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, 35,
         (P("党组书记、主席", "head"), P("党组成员、副主席", "deputy", count=2), P("党组成员、秘书长", "deputy"),
          P("办公室主任", "section", "liaison_gsl"), P("会员部部长", "section")),
         children=(branch("市工商联机关党支部", "中共洛阳市工商业联合会机关支部委员会", "洛阳市工商业联合会", 30,
                          sector=SC.MASS_ORGANIZATION),)),
    Unit(ZZB, "中共洛阳市人民政府驻郑州办事处党组", "洛阳市人民政府驻郑州办事处", OT.LEADING_PARTY_GROUP,
         SC.PARTY_GOVERNMENT, 25, gov("主任", deputies=1, discipline=False), address="郑州市金水区农业路"),
    # Mass organisations, institutions
    Unit("市总工会", "中共洛阳市总工会党组", "洛阳市总工会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, 60,
         (P("党组书记、常务副主席", "head"), P("党组成员、副主席", "deputy", count=2), P("办公室主任", "section"))),
    Unit("团市委", "中共共青团洛阳市委员会党组", "共青团洛阳市委员会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION,
         30, (P("党组书记、书记", "head"), P("党组成员、副书记", "deputy", count=2))),
    Unit("市妇联", "中共洛阳市妇女联合会党组", "洛阳市妇女联合会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION, 28,
         (P("党组书记、主席", "head"), P("党组成员、副主席", "deputy", count=2))),
    Unit("市科协", "中共洛阳市科学技术协会党组", "洛阳市科学技术协会", OT.LEADING_PARTY_GROUP, SC.MASS_ORGANIZATION,
         30, (P("党组书记、主席", "head"), P("党组成员、副主席", "deputy"))),
    city_gov("市供销社", "洛阳市供销合作社", 40, "主任", sector=SC.OTHER),
    Unit("洛阳日报社", "中共洛阳日报社委员会", "洛阳日报社", OT.PARTY_COMMITTEE, SC.PUBLIC_INSTITUTION, 600,
         (P("党委书记、社长", "head"), P("党委委员、副社长", "deputy"), P("党委委员、副总编辑", "deputy"))),
    Unit("洛阳职业技术学院", "中共洛阳职业技术学院委员会", "洛阳职业技术学院", OT.PARTY_COMMITTEE, SC.EDUCATION, 720,
         (P("党委书记", "head"), P("党委副书记、院长", "head"), P("党委委员、副院长", "deputy", count=2))),
)

# Roads for fictional street addresses of city units (number added at random).
CITY_ROADS = (
    "洛龙区开元大道", "洛龙区太康东路", "洛龙区古城路", "洛龙区厚载门街", "洛龙区龙门大道", "西工区中州中路",
    "西工区凯旋东路", "西工区九都西路", "涧西区西苑路", "涧西区长安路", "老城区九都东路", "洛龙区展览路",
)
COUNTY_ROADS = ("人民路", "建设路", "文化路", "行政路", "新华路", "城关大道", "中心路")

# ---------------------------------------------------------------------------------------------------------
# County-level units: (key, short suffix, party organisation, unit, type, sector, staff range, posts).
# ``{c}`` is the county name, ``{cm}`` the committee without 中共 (偃师市委), ``{u}`` the unit-name prefix.


@dataclass(frozen=True)
class CountyUnit:
    key: str
    short: str
    name: str
    unit: str
    org_type: str
    sector: str
    staff: tuple[int, int]
    posts: tuple[P, ...]
    inspectable: bool = True
    only_with_housing_centre: bool = False


COUNTY_UNITS: tuple[CountyUnit, ...] = (
    CountyUnit("cdi", "{c}纪委监委机关", "中共{c}纪委监委机关支部委员会", "中共{c}纪律检查委员会、{c}监察委员会",
               OT.BRANCH, SC.PARTY_GOVERNMENT, (35, 60), (
                   P("{cm}常委、{c}纪委书记、监委主任", "top"),
                   P("纪委副书记、监委副主任", "head"),
                   P("纪检监察室主任", "head", "team_deputy"),
                   P("纪检监察干部", "staff", "team_member", count=2),
               ), inspectable=False),
    CountyUnit("org", "{cm}组织部", "中共{cm}组织部机关支部委员会", "中共{cm}组织部", OT.BRANCH, SC.PARTY_GOVERNMENT,
               (18, 30), (
                   P("{cm}常委、组织部部长", "top"),
                   P("常务副部长", "head"),
                   P("干部监督股股长", "staff", "team_member"),
                   P("组织员", "staff", "team_member"),
               )),
    CountyUnit("office", "{cm}巡察办", "中共{cm}巡察工作领导小组办公室支部委员会", "中共{cm}巡察工作领导小组办公室",
               OT.BRANCH, SC.PARTY_GOVERNMENT, (10, 18), (
                   P("主任", "head"),
                   P("巡察组组长", "head", "team_leader"),
                   P("巡察组副组长", "deputy", "team_deputy"),
                   P("科员", "staff", "team_liaison", count=2),
               ), inspectable=False),
    CountyUnit("zjj", "{c}住建局", "中共{c}住房和城乡建设局党组", "{u}住房和城乡建设局", OT.LEADING_PARTY_GROUP,
               SC.PARTY_GOVERNMENT, (45, 90), (
                   P("党组书记、局长", "head"),
                   P("党组成员、副局长", "deputy", count=2),
                   P("住房保障股股长", "staff"),
                   P("办公室主任", "staff"),
               )),
    CountyUnit("fgzx", "{c}房管中心", "中共{c}房产管理中心总支部委员会", "{u}房产管理中心", OT.GENERAL_BRANCH,
               SC.PUBLIC_INSTITUTION, (25, 45), (
                   P("党总支书记、主任", "head"),
                   P("副主任", "deputy"),
                   P("保障房管理股股长", "staff"),
               ), only_with_housing_centre=True),
    CountyUnit("czj", "{c}财政局", "中共{c}财政局党组", "{u}财政局", OT.LEADING_PARTY_GROUP, SC.PARTY_GOVERNMENT,
               (50, 80), (
                   P("党组书记、局长", "head"),
                   P("党组成员、副局长", "deputy"),
                   P("财政监督股干部", "staff", "team_member"),
               )),
    CountyUnit("sjj", "{c}审计局", "中共{c}审计局党组", "{u}审计局", OT.LEADING_PARTY_GROUP, SC.PARTY_GOVERNMENT,
               (25, 40), (
                   P("党组书记、局长", "head"),
                   P("党组成员、副局长", "deputy"),
                   P("审计员", "staff", "team_member", count=2),
               )),
    CountyUnit("mzj", "{c}民政局", "中共{c}民政局党组", "{u}民政局", OT.LEADING_PARTY_GROUP, SC.PARTY_GOVERNMENT,
               (25, 45), (
                   P("党组书记、局长", "head"),
                   P("党组成员、副局长", "deputy"),
               )),    # The target of the 脱贫攻坚 linked inspection of round 6 (ROUND6_CROSS).
    CountyUnit("fpb", "{c}扶贫办", "中共{c}扶贫开发办公室党组", "{u}扶贫开发办公室", OT.LEADING_PARTY_GROUP,
               SC.PARTY_GOVERNMENT, (12, 25), (
                   P("党组书记、主任", "head"),
                   P("党组成员、副主任", "deputy"),
                   P("项目股股长", "staff"),
               )),
)
HOUSING_UNIT_KEYS = ("zjj", "fgzx")  # the targets of the 公租房 special inspection in each county

# Townships: a 街道 has a 党工委, a 乡/镇 a 党委. Posts by the last character of the name.
TOWN_POSTS: dict[str, tuple[P, ...]] = {
    "道": (P("党工委书记", "head"), P("党工委副书记、办事处主任", "head")),
    "镇": (P("党委书记", "head"), P("党委副书记、镇长", "head")),
    "乡": (P("党委书记", "head"), P("党委副书记、乡长", "head")),
}
VILLAGE_POSTS = (P("党支部书记、村委会主任", "village"),)
COMMUNITY_POSTS = (P("党支部书记、居委会主任", "village"),)
# Villages (or communities under a 街道) per township: 2 under the first, 1 under the second, none under the third.
VILLAGES_PER_TOWN = (2, 1, 0)

VILLAGE_PARTS = (
    ("东", "西", "南", "北", "前", "后", "上", "下", "大", "小", "新", "老"),
    ("王", "李", "张", "刘", "杨", "马", "郭", "石", "柳", "枣", "杏", "槐", "河", "岭", "孙", "韩"),
    ("庄", "营", "屯", "寨", "坡", "沟", "湾", "窑", "洼", "店"),
)
COMMUNITY_WORDS = (
    "和平", "新华", "民主", "春晓", "幸福", "东关", "西关", "建业", "滨河", "丽新", "金谷", "翠微", "九都",
    "凯旋", "邙岭", "光明", "朝阳", "团结", "兴隆", "文明", "青年", "友谊",
)

# Places outside the demo's organisation list, for earlier jobs and relatives' workplaces.
CITY_OTHER_WORKPLACES = (
    "河南科技大学", "洛阳理工学院", "洛阳师范学院", "洛阳高新技术产业开发区管委会",
    "洛阳市经济技术开发区管委会", "中共洛阳市委政策研究室", "洛阳市人民政府研究室", "洛阳市机关事务管理局",
    "洛阳市第十九中学", "河南省洛阳监狱",
)
COUNTY_OTHER_WORKPLACES = (
    "{c}人民政府办公室", "{c}发展和改革委员会", "{c}人力资源和社会保障局", "{c}第一高级中学", "{c}人民医院",
    "{c}农业局", "{c}教育局",
)
RELATIVE_WORKPLACES = (
    ("中国一拖集团有限公司", "职工"), ("洛阳轴承集团股份有限公司", "工程师"), ("中信重工机械股份有限公司", "技术员"),
    ("中国石化洛阳分公司", "职工"), ("洛阳师范学院", "教师"), ("河南科技大学第一附属医院", "医生"),
    ("洛阳银行", "柜员"), ("中国移动洛阳分公司", "客户经理"), ("个体经营", ""), ("洛阳市第十一中学", "教师"),
)
PLACES_OUTSIDE = (  # hometowns outside the 洛阳 jurisdictions
    "河南郑州", "河南南阳", "河南平顶山", "河南三门峡", "河南焦作", "河南开封", "河南周口", "山西运城", "山东菏泽",
    "河北邯郸", "陕西渭南",
)
EARLY_POSTS = (  # earlier posts by career level
    ("科员", "办事员", "干事"),
    ("副主任科员", "副科长", "团委书记"),
    ("科长", "办公室主任", "主任科员"),
    ("副局长", "副主任", "党委副书记"),
    ("局长", "主任", "党委书记"),
)
TOWN_LADDER = (  # the same levels in a 乡镇/街道
    ("科员", "党政办干事"),
    ("党委委员", "武装部长"),
    ("党委副书记", "纪委书记"),
    ("党委副书记",),
    ("党委书记",),
)
INSTITUTION_LADDER = (  # at a school, university or hospital outside the organisation list
    ("教师", "干事"),
    ("团委书记", "办公室副主任"),
    ("办公室主任", "党办主任"),
)
GOVERNMENT_WORDS = ("政府", "管委会", "委员会", "研究室", "局")
TIER_LEVEL = {"top": 4, "head": 3, "deputy": 2, "section": 2, "section_deputy": 1, "staff": 0, "village": 0}
# Birth years by tier, and the earliest year the current post may have started.
BIRTH_YEARS: dict[str, tuple[int, int]] = {
    "top": (1962, 1968), "head": (1962, 1975), "deputy": (1965, 1979), "section": (1968, 1985),
    "section_deputy": (1975, 1988), "staff": (1980, 1992), "village": (1958, 1975),
}
POST_SINCE: dict[str, int] = {
    "top": 2015, "head": 2012, "deputy": 2011, "section": 2010, "section_deputy": 2012, "staff": 2013,
    "village": 2011,
}
MALE_SHARE: dict[str, float] = {
    "top": 0.9, "head": 0.85, "deputy": 0.75, "section": 0.6, "section_deputy": 0.55, "staff": 0.5,
    "village": 0.85,
}

# ---------------------------------------------------------------------------------------------------------
# The term and its rounds.

TERM = {"number": 11, "name": "十一届", "start_date": d(2016, 10, 1), "end_date": d(2021, 9, 30)}
TRANSITION_ORDER = ("prepare", "station", "withdraw", "deliver_feedback", "open_rectification",
                    "close_rectification", "archive")


@dataclass(frozen=True)
class EarlierRound:
    """A finished round of the term: every inspection went all the way to the archive."""

    number: int
    name: str
    year: int
    dates: dict[str, datetime.date]  # transition → day (jittered by a few days per inspection after withdrawal)
    inspections: tuple[tuple[str, ...], ...]  # the targets of each inspection, one team each
    special_topic: str = ""
    is_linked: bool = False


def _dates(*days: datetime.date) -> dict[str, datetime.date]:
    return dict(zip(TRANSITION_ORDER, days, strict=True))


EARLIER_ROUNDS: tuple[EarlierRound, ...] = (
    EarlierRound(1, "十一届市委第一轮巡察", 2017,
                 _dates(d(2017, 3, 8), d(2017, 3, 20), d(2017, 4, 28), d(2017, 6, 8), d(2017, 6, 9),
                        d(2017, 8, 10), d(2017, 9, 15)),
                 (("市教育局",), ("市民政局",), ("市科技局", "市统计局"), ("市城管局",))),
    EarlierRound(2, "十一届市委第二轮巡察", 2017,
                 _dates(d(2017, 5, 22), d(2017, 6, 5), d(2017, 7, 14), d(2017, 8, 25), d(2017, 8, 28),
                        d(2017, 10, 27), d(2017, 12, 8)),
                 (("市国土资源局",), ("市交通局",), ("市卫计委",), ("市工商局", "市安监局"))),
    EarlierRound(3, "十一届市委第三轮巡察", 2017,
                 _dates(d(2017, 8, 28), d(2017, 9, 11), d(2017, 10, 20), d(2017, 12, 5), d(2017, 12, 6),
                        d(2018, 2, 6), d(2018, 3, 16)),
                 (("市人社局",), ("市环保局",), ("市水务局",), ("市商务局", "市旅游局"))),
    EarlierRound(4, "十一届市委第四轮巡察", 2018,
                 _dates(d(2018, 2, 26), d(2018, 3, 12), d(2018, 4, 20), d(2018, 6, 5), d(2018, 6, 6),
                        d(2018, 8, 7), d(2018, 9, 14)),
                 (("市住建委",), ("市林业局",), ("市文广新局",), ("市食药监局",), ("市供销社", "市科协"))),
    # Reported to the 书记专题会 on 8 October 2018 (speech).
    EarlierRound(5, "十一届市委第五轮巡察", 2018,
                 _dates(d(2018, 4, 23), d(2018, 5, 7), d(2018, 6, 15), d(2018, 10, 22), d(2018, 10, 23),
                        d(2018, 12, 21), d(2019, 1, 25)),
                 (("市司法局",), ("市国资委",), ("市总工会", "团市委", "市妇联"), ("洛阳日报社",))),
    # The province-wide 脱贫攻坚 linked inspection was the city's round 6 (speech); heard on 19 September.
    EarlierRound(6, "十一届市委第六轮巡察（脱贫攻坚领域）", 2018,
                 _dates(d(2018, 6, 25), d(2018, 7, 9), d(2018, 8, 10), d(2018, 9, 28), d(2018, 9, 29),
                        d(2018, 11, 30), d(2019, 1, 11)),
                 (("市扶贫办",), ("市农业局",), ("市民政局",)), special_topic="脱贫攻坚", is_linked=True),
)

@dataclass(frozen=True)
class CrossRound:
    """County teams in a city round, each inspecting the ``unit`` of another county (异地交叉, 上下联动):
    county i inspects county (i + offset) mod 15."""

    number: int
    offset: int
    topic: str
    unit: str  # short-name suffix of the target in each county
    dates: dict[str, datetime.date]


# Round 6, the province-wide 脱贫攻坚 linked inspection (speech): besides the three city teams above, the
# 15 county teams inspected each other's poverty-alleviation office, stationed with the city teams on 9 July.
# Offset 5: never itself, never a mutual pair, and never a pair of round 7 (offset 3), so the cross
# assignment of round 7 has a history to respect.
ROUND6_CROSS = CrossRound(6, 5, "脱贫攻坚", "扶贫办",
                          _dates(d(2018, 6, 27), d(2018, 7, 9), d(2018, 8, 3), d(2018, 8, 24), d(2018, 8, 24),
                                 d(2018, 10, 19), d(2018, 10, 25)))

ROUND7 = {
    "number": 7,
    "name": "十一届市委第七轮巡察",
    "year": 2018,
    "planned_start": d(2018, 11, 1),
    "planned_end": d(2018, 12, 10),
    "focus_notes": (
        "突出“六个围绕、一个加强”开展监督检查：围绕党的政治建设，重点检查维护党中央权威和集中统一领导情况；"
        "围绕党的思想建设，重点检查学习贯彻习近平新时代中国特色社会主义思想情况；围绕党的组织建设，"
        "重点检查选人用人和基层党组织建设情况；围绕党的作风建设，重点检查整治“四风”问题情况；"
        "围绕党的纪律建设，重点检查党规党纪执行情况；围绕夺取反腐败斗争压倒性胜利，重点检查领导干部廉洁自律"
        "和整治群众身边腐败问题情况；加强对巡视巡察整改情况的监督检查。\n"
        "牢牢把握“五个持续”要求：持续深入学习贯彻新时代中国特色社会主义思想和党的十九大精神；"
        "持续强化管党治党政治责任；持续保持惩治腐败的高压态势；持续纠治“四风”问题；持续净化党内政治生态。\n"
        "市委5个巡察组对7家单位党组织开展常规巡察；统筹15个县（市、区）巡察组，异地交叉、上下联动开展"
        "公租房领域专项巡察；对市驻郑办党组开展延伸巡察。"
    ),
}
# The demo's business date (xuncha.core.clock): the last day its records reach — 市发改委、市人防办 close their
# rectification, and 市工商联, rectifying since the feedback of 18 January, owes its report today (two months).
BUSINESS_DATE = d(2019, 3, 18)
ROUND7_PREPARE = d(2018, 10, 19)  # the notice goes out ten days before entry (spec §1.4)
ROUND7_ENTRY = d(2018, 11, 1)
ROUND7_ROUTINE_END = d(2018, 12, 10)
ROUND7_SPECIAL_END = d(2018, 11, 30)
CN_ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")


@dataclass(frozen=True)
class Round7Inspection:
    """One round-7 routine inspection: team number, targets, and the dated steps it has gone through."""

    team: int
    targets: tuple[str, ...]
    steps: dict[str, datetime.date] = field(default_factory=dict)


_R7_STATIONED = {"prepare": ROUND7_PREPARE, "station": ROUND7_ENTRY}
_R7_REPORTING = {**_R7_STATIONED, "withdraw": ROUND7_ROUTINE_END}
ROUND7_ROUTINE: tuple[Round7Inspection, ...] = (
    Round7Inspection(1, (FGW, RFB), {**_R7_REPORTING, "deliver_feedback": d(2019, 1, 16),
                                     "open_rectification": d(2019, 1, 16), "close_rectification": d(2019, 3, 18)}),
    Round7Inspection(2, (NJJ, XZFW), {**_R7_REPORTING, "deliver_feedback": d(2019, 1, 17)}),
    # The unit of the speech, carried furthest: withdrawn 10 Dec, feedback 18 Jan, rectifying.
    Round7Inspection(3, (GSL,), {**_R7_REPORTING, "deliver_feedback": d(2019, 1, 18),
                                 "open_rectification": d(2019, 1, 18)}),
    Round7Inspection(4, (GJJ,), {**_R7_REPORTING, "deliver_feedback": d(2019, 1, 17),
                                 "open_rectification": d(2019, 1, 21)}),
    Round7Inspection(5, (FGJ,), dict(_R7_REPORTING)),
)
ROUND7_EXTENDED = Round7Inspection(1, (ZZB,), dict(_R7_STATIONED))
SPECIAL_TOPIC = "公租房"
# County teams: stationed, reporting or in feedback, by county index mod 3.
ROUND7_SPECIAL_STEPS: tuple[dict[str, datetime.date], ...] = (
    dict(_R7_STATIONED),
    {**_R7_STATIONED, "withdraw": ROUND7_SPECIAL_END},
    {**_R7_STATIONED, "withdraw": ROUND7_SPECIAL_END, "deliver_feedback": d(2019, 1, 10)},
)

# ---------------------------------------------------------------------------------------------------------
# Deliberate recusal conflicts, for the recusal checks (planning.recusal) to find. They sit in the cadre
# pools, not on any round-7 team: the teams as stationed are clean, and these cadres are the ones a check
# must stop when someone tries to put them on the team named in ``team``.
#   worked_at_fgj   市审计局 pool cadre, 计划财务科副科长 at 市房管局 until October 2015 (3 years before entry)
#                   → must not join 第五组 (市房管局).                                   [worked_at, blocking]
#   spouse_at_fgw   市财政局 pool cadre whose spouse works at 市发改委 → not 第一组.       [relative_at, blocking]
#   tie_gsl         市委组织部 pool cadre who worked at 市委办公室 together with 市工商联's principal leader
#                   → warning for 第三组.                                                [leadership_tie, warning]
#   hometown_lc     偃师市纪委监委 cadre, native of 栾川 → not the 偃师 team, which inspects 栾川. [from_region]
#   sibling_ln      嵩县审计局 cadre whose brother works at 洛宁县住建局 → not the 嵩县 team (inspects 洛宁).
DEMO_CONFLICTS: dict[str, dict[str, str]] = {
    "worked_at_fgj": {"rule": "worked_at", "unit": AUDIT, "target": FGJ, "team": "市委第五巡察组"},
    "spouse_at_fgw": {"rule": "relative_at", "unit": FINANCE, "target": FGW, "team": "市委第一巡察组"},
    "tie_gsl": {"rule": "leadership_tie", "unit": ORG_DEPT, "target": GSL, "team": "市委第三巡察组"},
    "hometown_lc": {"rule": "from_region", "unit": "偃师市纪委监委机关", "target": "栾川县住建局",
                    "team": "偃师市委巡察组"},
    "sibling_ln": {"rule": "relative_at", "unit": "嵩县审计局", "target": "洛宁县住建局", "team": "嵩县县委巡察组"},
}

# ---------------------------------------------------------------------------------------------------------
# The inspector pool (巡察干部人才库). Everyone in the team pools above gets a profile; these cadres are in the
# pool too without having served yet (入库待抽调). ``{c}`` is the county name, ``{cm}`` its committee.


@dataclass(frozen=True)
class Reserve:
    unit: str  # short name of the unit
    title: str
    tier: Tier
    county: str = ""  # "" for a city unit


POOL_RESERVES: tuple[Reserve, ...] = (
    Reserve(CDI, "第五监督检查室干部", "staff"),
    Reserve(CDI, "第六监督检查室干部", "staff"),
    Reserve(CDI, "第七监督检查室副主任", "section"),
    Reserve(CDI, "案件审理室副主任", "section"),
    Reserve(CDI, "信访室干部", "staff"),
    Reserve(CDI, "宣传部干部", "staff"),
    Reserve(ORG_DEPT, "组织科干部", "staff"),
    Reserve(ORG_DEPT, "干部综合科副科长", "section_deputy"),
    Reserve(ORG_DEPT, "人才工作科干部", "staff"),
    Reserve(OFFICE, "巡察组副组长", "deputy"),
    Reserve(OFFICE, "综合科干部", "staff"),
    Reserve(OFFICE, "督查科干部", "staff"),
    Reserve(AUDIT, "财政审计科科长", "section"),
    Reserve(AUDIT, "固定资产投资审计科干部", "staff"),
    Reserve(AUDIT, "法制科干部", "staff"),
    Reserve(FINANCE, "预算科副科长", "section_deputy"),
    Reserve(FINANCE, "会计科干部", "staff"),
    Reserve(FINANCE, "法规科干部", "staff"),
    Reserve("市住建委", "建筑市场监管科科长", "section"),
    Reserve("市住建委", "质量安全监督站干部", "staff"),
    Reserve(FGJ, "住房保障科干部", "staff"),
    Reserve(FGJ, "房屋征收科干部", "staff"),
    Reserve("{c}纪委监委机关", "案件审理室主任", "head", "孟津县"),
    Reserve("{c}纪委监委机关", "纪检监察干部", "staff", "汝阳县"),
    Reserve("{c}纪委监委机关", "纪检监察室主任", "head", "伊川县"),
    Reserve("{c}纪委监委机关", "纪检监察干部", "staff", "西工区"),
    Reserve("{cm}组织部", "组织股股长", "staff", "孟津县"),
    Reserve("{cm}组织部", "干部股干部", "staff", "宜阳县"),
    Reserve("{cm}巡察办", "综合股干部", "staff", "新安县"),
    Reserve("{cm}巡察办", "巡察组副组长", "deputy", "老城区"),
    Reserve("{c}审计局", "审计员", "staff", "偃师市"),
    Reserve("{c}审计局", "审计员", "staff", "栾川县"),
    Reserve("{c}审计局", "审计员", "staff", "伊川县"),
    Reserve("{c}财政局", "预算股股长", "staff", "新安县"),
    Reserve("{c}财政局", "国库股干部", "staff", "嵩县"),
    Reserve("{c}财政局", "财政监督股干部", "staff", "涧西区"),
    Reserve("{c}住建局", "质量安全监督站站长", "staff", "偃师市"),
    Reserve("{c}住建局", "村镇建设股干部", "staff", "洛宁县"),
    Reserve("{c}住建局", "住房保障股干部", "staff", "洛龙区"),
    Reserve("{c}房管中心", "保障房管理股干部", "staff", "汝阳县"),
)

# Skills (pool.models.Skill codes) read off the name of a unit or a post, first match first. A cadre's skills
# are those of their unit, then of their post, then of their previous job; two at most.
SKILL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("纪律检查", ("discipline",)), ("纪委", ("discipline",)), ("纪检", ("discipline",)),
    ("组织部", ("organization",)), ("干部监督", ("organization",)), ("组织员", ("organization",)),
    ("审计", ("audit",)),
    ("财政", ("finance",)), ("财务", ("finance",)), ("会计", ("finance",)), ("预算", ("finance",)),
    ("国库", ("finance",)),
    ("住房和城乡建设", ("engineering", "housing")), ("住建", ("engineering", "housing")),
    ("建筑", ("engineering",)), ("质量安全", ("engineering",)), ("村镇建设", ("engineering",)),
    ("房产", ("housing",)), ("房管", ("housing",)), ("住房保障", ("housing",)), ("保障房", ("housing",)),
    ("房屋征收", ("housing", "law")),
    ("政法", ("law",)), ("法制", ("law",)), ("法规", ("law",)), ("审理", ("law",)), ("司法", ("law",)),
    ("宣传", ("propaganda",)),
    ("领导小组办公室", ("writing",)), ("委办公室", ("writing",)), ("政府办公室", ("writing",)),
    ("研究室", ("writing",)), ("办公室主任", ("writing",)), ("综合", ("writing",)), ("秘书", ("writing",)),
)
MAX_SKILLS = 2
# The skills every team should have (PlanningPolicy.required_skills of 洛阳市, the model's default).
REQUIRED_SKILLS = ("discipline", "organization", "finance")


def skills_of(*names: str) -> list[str]:
    """Skill codes for a cadre from the names of their unit, post and previous job, in that order."""
    found: list[str] = []
    for name in names:
        for word, codes in SKILL_WORDS:
            if word in name:
                found.extend(c for c in codes if c not in found)
                break  # one reading per name: its first (most specific) match
    return found[:MAX_SKILLS]


# Pool cadres who cannot be sent for now (暂不可抽调), with the reason and until when: given to as many cadres,
# drawn at random among those without a round-7 seat or a seeded conflict.
UNAVAILABLE: tuple[tuple[str, datetime.date], ...] = (
    ("借调省委巡视办，至2019年6月底", d(2019, 6, 30)),
    ("参加省委党校中青年干部培训班", d(2019, 1, 18)),
    ("休产假", d(2019, 4, 30)),
    ("抽调脱贫攻坚驻村工作队", d(2019, 12, 31)),
    ("参与市委重点工作专班", d(2019, 3, 31)),
    ("病休", d(2019, 2, 28)),
)

# ---------------------------------------------------------------------------------------------------------
# Names: common surnames of Henan (weighted) and given-name characters by gender. See names.py.

SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 70), ("李", 65), ("张", 62), ("刘", 55), ("陈", 30), ("杨", 30), ("赵", 28), ("郭", 26), ("孙", 20),
    ("马", 20), ("朱", 18), ("胡", 16), ("高", 18), ("何", 10), ("宋", 14), ("郑", 12), ("韩", 12), ("冯", 10),
    ("徐", 10), ("吕", 9), ("许", 9), ("曹", 9), ("董", 8), ("田", 8), ("杜", 8), ("程", 8), ("魏", 8),
    ("范", 7), ("苗", 6), ("牛", 6), ("贾", 6), ("翟", 5), ("闫", 6), ("申", 5), ("焦", 5), ("常", 5), ("姚", 6),
    ("段", 5), ("袁", 6), ("史", 5), ("周", 10), ("吴", 9), ("梁", 7), ("崔", 6), ("孟", 6), ("付", 6),
    ("黄", 8), ("谢", 5), ("贺", 5), ("邢", 4), ("乔", 4), ("庞", 3), ("潘", 4), ("薛", 4), ("卢", 4), ("白", 4),
    ("秦", 4), ("雷", 4), ("石", 5), ("岳", 3), ("蔡", 4), ("丁", 4), ("尚", 3), ("耿", 3), ("武", 4), ("班", 2),
)
MALE_SINGLE = "伟强军勇涛斌磊鹏辉明刚峰杰林波超亮浩凯宇飞鑫锋毅俊昊"
MALE_FIRST = "建国志卫振海晓宏永保文向新朝少俊广长德春立天书利红跃"
MALE_SECOND = "国军华民伟东平涛峰杰明强林生辉兵刚成亮武斌鹏宇超龙勇忠彬洋"
FEMALE_SINGLE = "丽娟敏静艳红芳霞燕玲萍娜婷琳洁茜颖莉"
FEMALE_FIRST = "丽秀桂晓红雪亚静玉春慧淑小海文艳冬俊佳"
FEMALE_SECOND = "华英兰燕梅萍楠怡芳红霞丽娟琴敏珍洁婷莉颖雯"
# Real people named in the speech: never generated.
RESERVED_NAMES = frozenset({"任晓平", "侯运通", "李亚"})
