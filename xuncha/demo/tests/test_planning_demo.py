"""The planning side of the demo: the inspector pool, round 6 as a cross round, round 7's preparation records,
the cross-assignment run and the coverage of the term."""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.core.models import StatusChange
from xuncha.demo import data
from xuncha.inspections.models import (
    Inspection,
    InspectionNotice,
    LiaisonContact,
    MemberDeclaration,
    MobilizationMeeting,
    RecusalOverride,
    Round,
    StationingAnnouncement,
    Team,
    TeamMembership,
    Term,
)
from xuncha.inspections.recusal import team_recusal
from xuncha.orgs.models import Jurisdiction, Organization, Rank
from xuncha.planning import assignment as solver
from xuncha.planning.composition import team_composition
from xuncha.planning.coverage import term_coverage
from xuncha.planning.crossing import build_problem
from xuncha.planning.models import AnnualPlan, CrossAssignmentRun, WorkPlan
from xuncha.pool.models import InspectorProfile
from xuncha.rules.models import DEFAULT_SEVERITY, PlanningPolicy, RecusalPolicy, Skill, TimeLimits

pytestmark = pytest.mark.django_db
D = datetime.date
SEVEN = {s for spec in data.ROUND7_ROUTINE for s in spec.targets}
RANKS = [r.value for r in Rank]


def rnd(number: int) -> Round:
    return Round.objects.get(term__jurisdiction__division_code=data.CITY_CODE, number=number)


def cross_pairs(number: int) -> dict[int, int]:
    """Home jurisdiction → inspected jurisdiction of the round's cross inspections."""
    pairs: dict[int, int] = {}
    for insp in Inspection.objects.filter(round=rnd(number), is_cross=True).select_related("team"):
        assert insp.team is not None
        (where,) = set(insp.targets.values_list("organization__jurisdiction_id", flat=True))
        pairs[insp.team.home_jurisdiction_id] = where
    return pairs


# -- the inspector pool ------------------------------------------------------------------------------------

def test_the_pool_holds_everyone_who_served_the_conflicts_and_the_reserves(demo):
    profiles = set(InspectorProfile.objects.values_list("person_id", flat=True))
    served = set(TeamMembership.objects.values_list("person_id", flat=True))
    assert served <= profiles
    assert set(demo.conflicts.values()) <= profiles
    reserves = profiles - served - set(demo.conflicts.values())
    assert len(reserves) >= len(data.POOL_RESERVES)
    units = set(InspectorProfile.objects.filter(person_id__in=reserves)
                .values_list("person__organization__short_name", flat=True))
    assert {data.CDI, data.ORG_DEPT, data.AUDIT, data.FINANCE, data.OFFICE, data.FGJ, "伊川县纪委监委机关"} <= units
    assert demo.counts["inspector_profiles"] == len(profiles)


def test_profiles_have_skills_from_their_unit_and_post(demo):
    profiles = list(InspectorProfile.objects.select_related("person__organization__jurisdiction", "jurisdiction")
                    .prefetch_related("skills"))
    per_profile = Counter(len(p.skill_codes) for p in profiles)
    assert set(per_profile) == {1, 2} and per_profile[2] >= 20  # everyone has one, some two
    assert {s for p in profiles for s in p.skill_codes} >= {
        Skill.DISCIPLINE, Skill.ORGANIZATION, Skill.AUDIT, Skill.FINANCE, Skill.HOUSING, Skill.ENGINEERING,
        Skill.LAW, Skill.PROPAGANDA, Skill.WRITING}
    first_skill = {"纪委监委机关": Skill.DISCIPLINE, "组织部": Skill.ORGANIZATION, "审计局": Skill.AUDIT,
                   "财政局": Skill.FINANCE, "巡察办": Skill.WRITING, "住建局": Skill.ENGINEERING,
                   "房管中心": Skill.HOUSING, data.FGJ: Skill.HOUSING}
    for p in profiles:
        org = p.person.organization
        assert p.jurisdiction_id == org.jurisdiction_id, p  # 洛阳市 for city cadres, the county for county cadres
        expected = next((s for suffix, s in first_skill.items() if org.short_name.endswith(suffix)), None)
        assert expected is None or expected in p.skill_codes, (p, org, p.skill_codes)


def test_availability_leading_and_joining_dates(demo):
    profiles = list(InspectorProfile.objects.select_related("person"))
    states = Counter(p.availability for p in profiles)
    assert states["available"] > 0.75 * len(profiles) and states["on_team"] > 0 and states["unavailable"] > 0
    in_field = Team.objects.filter(inspections__status="stationed")
    assert {p.person_id for p in profiles if p.availability == "on_team"} == set(
        TeamMembership.objects.filter(team__in=in_field).values_list("person_id", flat=True))
    for p in profiles:
        if p.availability == "unavailable":
            assert p.unavailable_until and p.unavailable_until > D(2018, 11, 1) and p.note, p
        else:
            assert p.unavailable_until is None, p
        county = p.jurisdiction.level == "county"
        fit = RANKS.index(p.person.rank) <= RANKS.index(Rank.SECTION_CHIEF if county else Rank.DIVISION_DEPUTY)
        assert p.can_lead == fit, p
        assert p.joined_on and D(2017, 1, 1) <= p.joined_on <= D(2018, 12, 31), p
    first_entry: dict[int, D] = {}
    for person, entry in TeamMembership.objects.values_list("person_id", "team__inspections__planned_entry"):
        first_entry[person] = min(entry, first_entry.get(person, entry))
    assert all(p.joined_on and p.joined_on < first_entry[p.person_id] for p in profiles if p.person_id in first_entry)
    leaders = TeamMembership.objects.filter(role="leader").values_list("person_id", flat=True)
    assert InspectorProfile.objects.filter(person_id__in=leaders, can_lead=True).count() == len(set(leaders))


# -- round 6: the county teams' cross inspections -------------------------------------------------------------

def test_round6_county_teams_inspect_each_others_poverty_offices(demo):
    special = list(Inspection.objects.filter(round=rnd(6), is_cross=True).select_related("team__home_jurisdiction")
                   .prefetch_related("targets__organization__jurisdiction"))
    assert len(special) == len(data.COUNTIES) == 15
    names = [c.name for c in data.COUNTIES]
    for insp in special:
        assert insp.team is not None
        home = insp.team.home_jurisdiction
        (target,) = [t.organization for t in insp.targets.all()]
        assert (insp.inspection_type, insp.special_topic, insp.is_linked) == ("special", "脱贫攻坚", True)
        assert target.short_name == f"{target.jurisdiction.name}扶贫办" and target.jurisdiction.level == "county"
        assert names.index(target.jurisdiction.name) == (names.index(home.name) + 5) % 15
        assert insp.status == "archived" and insp.stationed_on and insp.withdrawn_on and insp.feedback_on
        assert D(2018, 6, 20) <= insp.stationed_on < insp.withdrawn_on < insp.feedback_on <= D(2018, 8, 31)
        archived = StatusChange.for_object(insp).get(transition="archive")
        assert timezone.localdate(archived.created_at).strftime("%Y-%m") == "2018-10"
    pairs = cross_pairs(6)
    assert all(home != where for home, where in pairs.items())
    assert not any(pairs.get(where) == home for home, where in pairs.items()), "a mutual pair"
    assert sorted(pairs.values()) == sorted(pairs)  # every county inspected once
    seven = cross_pairs(7)
    assert not set(pairs.items()) & set(seven.items()), "round 6 and round 7 share a pair"


def test_round6_county_teams_are_clean_authorised_and_declared(demo):
    teams = Team.objects.filter(round=rnd(6), home_jurisdiction__level="county")
    assert teams.count() == 15
    for team in teams:
        assert team_recusal(team) == [], team
        members = team.memberships.all()
        assert set(members.values_list("person__organization__jurisdiction", flat=True)) == {team.home_jurisdiction_id}
        assert 5 <= members.count() <= 7
        assert not members.filter(role__in=["leader", "deputy_leader"], authorized_on__isnull=True).exists()
        assert MemberDeclaration.objects.filter(membership__team=team).count() == 2 * members.count()


# -- round 7 preparation ------------------------------------------------------------------------------------

def test_planning_and_recusal_rules(demo):
    city = Jurisdiction.objects.get(division_code=data.CITY_CODE)
    policy = PlanningPolicy.effective_for(city)
    assert policy.pk and (policy.team_size_min, policy.team_size_max, policy.deputies_max) == (5, 7, 2)
    assert policy.leader_min_rank == Rank.DIVISION_DEPUTY and policy.cross_lookback_rounds == 1
    yichuan = PlanningPolicy.effective_for(Jurisdiction.objects.get(name="伊川县"))
    assert (yichuan.leader_min_rank, yichuan.deputy_min_rank) == (Rank.SECTION_CHIEF, Rank.SECTION_DEPUTY)
    # Deputies are checked like leaders: the city's come from 正科级 up (a 监督检查室副主任 may deputise), and
    # every city team of round 7, team 5 included, meets both minimums.
    assert policy.deputy_min_rank == Rank.SECTION_CHIEF
    for team in Team.objects.filter(round__number=7, home_jurisdiction=city):
        assert [i.message for i in team_composition(team) if i.code == "rank"] == [], team
    # Each county forms its teams, those lent to the city's cross rounds too, under the county rule.
    for county in Jurisdiction.objects.filter(parent=city):
        rule = PlanningPolicy.effective_for(county)
        assert (rule.jurisdiction_id, rule.leader_min_rank) == (county.pk, Rank.SECTION_CHIEF), county
    assert RecusalPolicy.objects.filter(jurisdiction=city).count() == 1
    assert RecusalPolicy.effective_for(city) == DEFAULT_SEVERITY
    # Round-7 teams have no recusal hit at all, so there is no warning an override could be attached to.
    assert not RecusalOverride.objects.exists()


def test_annual_plans_of_the_term(demo):
    term = Term.objects.get(jurisdiction__division_code=data.CITY_CODE)
    plans = {p.year: p for p in AnnualPlan.objects.filter(term=term)}
    assert set(plans) == {2018, 2019}
    assert plans[2018].status == "approved" and plans[2018].approved_on and plans[2018].rounds_planned == 4
    assert plans[2019].status == "draft" and plans[2019].approved_on is None
    assert "公租房" in plans[2018].summary and "脱贫攻坚" in plans[2018].summary


def test_round8_work_plan_awaits_the_leading_group(demo):
    from xuncha.dashboards.todos import todos_for

    (plan,) = WorkPlan.objects.filter(round=rnd(8))
    assert (plan.version, plan.status, plan.approved_by, plan.round.inspections.count()) == (1, "submitted", None, 0)
    assert User.objects.get(username="director") == plan.created_by
    assert ("work_plan_approval", plan.pk) in {(t.kind, t.object_id) for t in
                                               todos_for(User.objects.get(username="leading"))}


def test_the_work_plan_v2_is_approved_by_the_leading_group(demo):
    v1, v2 = WorkPlan.objects.filter(round=rnd(7)).order_by("version")
    assert (v1.version, v1.status, v1.approved_by) == (1, "draft", None)
    assert (v2.version, v2.status) == (2, "approved")
    assert v2.approved_by == User.objects.get(username="leading") and v2.approved_at is not None
    assert timezone.localdate(v2.approved_at) == D(2018, 10, 19)
    assert timezone.localdate(v1.created_at) < timezone.localdate(v2.created_at) <= D(2018, 10, 19)
    assert "六个围绕、一个加强" in v2.focus and "五个持续" in v2.focus
    for day in ("10月31日", "11月1日", "12月7日", "12月10日"):
        assert day in v2.schedule
    assert data.ZZB in v2.key_matters and "公租房" in v2.key_matters


def test_every_round7_target_has_its_notice_ten_days_before_entry(demo):
    city = Jurisdiction.objects.get(division_code=data.CITY_CODE)
    limits = TimeLimits.effective_for(city)
    targets = set(Inspection.objects.filter(round=rnd(7)).values_list("pk", "targets__organization"))
    notices = list(InspectionNotice.objects.filter(inspection__round=rnd(7)).select_related("inspection"))
    assert {(n.inspection_id, n.organization_id) for n in notices} == targets and len(notices) == 33
    for n in notices:
        assert n.entry_date == n.inspection.planned_entry == D(2018, 11, 1)
        assert n.issued_on <= n.entry_date - datetime.timedelta(days=limits.notice_days_before_entry)
        assert n.liaison_list_due == n.entry_date - datetime.timedelta(days=limits.liaison_list_days_before_entry)
        assert re.fullmatch(r"洛巡通〔2018〕\d+号", n.notice_no)
    assert len({n.notice_no for n in notices}) == len(notices)
    assert min(int(re.sub(r"\D", "", n.notice_no)[4:]) for n in notices) == 21


def test_liaison_groups(demo):
    gsl = Organization.objects.get(short_name=data.GSL)
    contacts = list(LiaisonContact.objects.filter(organization=gsl))
    assert len(contacts) == 4 and [c.is_head for c in contacts].count(True) == 1
    head = next(c for c in contacts if c.is_head)
    assert head.post.startswith("党组成员") and gsl.people.filter(name=head.name).exists()  # a 班子成员
    posts = " ".join(c.post for c in contacts)
    assert "办公室" in posts and "纪检" in posts and "人事" in posts
    assert {c.organization.short_name for c in LiaisonContact.objects.all()} == {data.GSL, data.FGJ, data.FGW}


def test_the_mobilisation_meeting_at_the_gongshanglian(demo):
    meeting = MobilizationMeeting.objects.select_related("inspection__team").get()
    assert meeting.inspection.targets.get().organization.short_name == data.GSL
    assert timezone.localtime(meeting.held_at).replace(tzinfo=None) == datetime.datetime(2018, 11, 1, 9, 0)
    assert meeting.place == "市工商联机关会议室" and "所属单位主要负责人" in meeting.attendees
    lines = meeting.speakers.splitlines()
    assert len(lines) == 3 and "领导小组成员" in lines[0] and "第三巡察组组长" in lines[1] and "表态" in lines[2]
    assert not any(name in meeting.speakers + meeting.minutes for name in data.RESERVED_NAMES)
    leader = TeamMembership.objects.get(team=meeting.inspection.team_id, role="leader").person
    assert leader.name in lines[1] and meeting.minutes


def test_stationing_announcements_follow_the_time_limits(demo):
    limits = TimeLimits.effective_for(Jurisdiction.objects.get(division_code=data.CITY_CODE))
    kinds = Counter(Inspection.objects.filter(round=rnd(7), announcement__isnull=False)
                    .values_list("inspection_type", flat=True))
    assert kinds == {"routine": 5, "extended": 1}
    for a in StationingAnnouncement.objects.select_related("inspection"):
        insp = a.inspection
        assert a.accept_from == insp.planned_entry == a.published_on
        assert a.accept_until == insp.planned_withdrawal - datetime.timedelta(
            days=limits.petition_cutoff_days_before_end)
        assert re.fullmatch(r"0379-6\d{7}", a.phone) and a.phone_hours == "每天8:00—18:00"
        assert re.fullmatch(r"洛阳市A00\d号信箱", a.post_box) and a.visit_address and "入口处" in a.suggestion_box
    routine = StationingAnnouncement.objects.filter(inspection__inspection_type="routine")
    assert set(routine.values_list("accept_until", flat=True)) == {D(2018, 12, 7)}


# -- cross assignment and coverage ----------------------------------------------------------------------------

def test_the_cross_assignment_run_respects_round6_and_every_rule(demo):
    run = CrossAssignmentRun.objects.get(round=rnd(7))
    assert run.feasible and not run.applied and (run.seed, run.lookback_rounds) == (2018, 1)
    assert run.created_by == User.objects.get(username="director")
    problem = build_problem(rnd(7), lookback=1, locks=[])
    assert {(h.inspector, h.inspected) for h in problem.history} == set(cross_pairs(6).items())
    mapping = {p["team_id"]: p["jurisdiction_id"] for p in run.result["pairs"]}
    assert len(mapping) == 15 and solver.check(problem, mapping) == []
    assert solver.assign(problem, seed=2018).mapping() == mapping  # the same seed, the same run
    stationed = dict(Inspection.objects.filter(round=rnd(7), is_cross=True)
                     .values_list("team_id", "targets__organization__jurisdiction_id").distinct())
    assert solver.check(problem, stationed) == []  # the pairs decided in 2018 obey the rules too


def test_coverage_of_the_term(demo):
    term = Term.objects.get(jurisdiction__division_code=data.CITY_CODE)
    coverage = term_coverage(term, as_of=D(2019, 1, 31))
    inspected = {o.short_name for o in coverage.population if o.pk in coverage.inspected}
    not_planned = {o.short_name for o in coverage.not_planned}
    assert inspected >= SEVEN and "市教育局" in inspected
    assert "市扶贫办" in not_planned  # inspected only in a special inspection, which does not count
    assert len(coverage.population) == len(inspected) + len(coverage.scheduled) + len(not_planned)
    assert 0.5 < coverage.rate < 0.8 and len(not_planned) >= 10
    progress = coverage.progress()
    assert progress[0][0] == D(2017, 3, 20) and progress[-1] == (D(2018, 11, 1), len(inspected))
    left = len(term_coverage(term, as_of=D(2018, 12, 31)).not_planned)
    assert f"还有{left}个" in AnnualPlan.objects.get(term=term, year=2019).summary


def test_verify_audit_passes_after_the_load(demo):
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_audit", stdout=out, stderr=err)
    assert "审计日志完好" in out.getvalue()
    assert demo.counts["notices"] == 33 and demo.counts["cross_assignment_runs"] == 1


def test_team_accounts_are_cadres_on_their_teams_roster_in_a_matching_place(demo):
    """inspections.roster.team_role_check: leader3, member3 and member1 hold their team roles as cadres of the
    roster (the loader grants them through role_grant, which would refuse otherwise)."""
    from xuncha.accounts.models import RoleAssignment
    from xuncha.inspections.roster import TEAM_ROLE_SEATS

    for username in ("leader3", "member3", "member1"):
        [assignment] = RoleAssignment.objects.active().filter(user__username=username).select_related("user")
        assert assignment.user.person_id is not None, username
        seat = TeamMembership.objects.get(team=assignment.team, person_id=assignment.user.person_id)
        assert seat.role in TEAM_ROLE_SEATS[assignment.role], username
