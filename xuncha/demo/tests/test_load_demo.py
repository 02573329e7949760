"""``load_demo``: the 2018 scenario as the speech describes it, the accounts, and idempotency."""

from __future__ import annotations

import base64
import datetime
import io
import json
import random
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts.models import RoleAssignment, User
from xuncha.audit.models import AuditEvent
from xuncha.audit.services import audit_verify
from xuncha.core.models import StatusChange
from xuncha.demo import data
from xuncha.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts
from xuncha.demo.loader import load_demo
from xuncha.demo.names import NameGenerator
from xuncha.inspections.models import (
    Inspection,
    InspectionNotice,
    LiaisonContact,
    MemberDeclaration,
    Round,
    StationingAnnouncement,
    Team,
    TeamMembership,
    Term,
)
from xuncha.inspections.recusal import check_person, team_recusal
from xuncha.orgs.models import Jurisdiction, Organization, Person, Relative, WorkHistory
from xuncha.planning.models import AnnualPlan, CrossAssignmentRun, WorkPlan
from xuncha.pool.models import InspectorProfile, InspectorSkill
from xuncha.rules.models import TimeLimits

pytestmark = pytest.mark.django_db
D = datetime.date
SEVEN = {data.FGW, data.RFB, data.NJJ, data.XZFW, data.GJJ, data.FGJ, data.GSL}


def round7() -> Round:
    return Round.objects.get(term__jurisdiction__division_code="410300", number=7)


def team(inspection: Inspection) -> Team:
    assert inspection.team is not None
    return inspection.team


def person_of(username: str) -> Person:
    person = User.objects.get(username=username).person
    assert person is not None
    return person


def r7_inspections(kind: str) -> list[Inspection]:
    return list(Inspection.objects.filter(round=round7(), inspection_type=kind)
                .select_related("team__home_jurisdiction").prefetch_related("targets__organization__jurisdiction"))


def test_load_reports_what_it_created(demo):
    assert demo.created
    assert demo.counts["jurisdictions"] == 16 and demo.counts["users"] == len(DEMO_ACCOUNTS)
    assert demo.counts["organizations"] >= 250 and demo.counts["people"] >= 500
    assert "巡察阶段" in demo.progress and "巡察干部人才库" in demo.progress  # progress went to the given stream
    assert demo.counts["inspector_profiles"] >= 250 and demo.counts["teams"] >= 50


def test_jurisdictions_and_inherited_time_limits(demo):
    city = Jurisdiction.objects.get(division_code="410300")
    assert (city.name, city.committee_name, city.level, city.parent_id) == ("洛阳市", "中共洛阳市委", "city", None)
    counties = Jurisdiction.objects.filter(parent=city)
    assert Jurisdiction.objects.count() == 16 and counties.count() == 15
    assert set(counties.values_list("level", flat=True)) == {"county"}
    assert {j.division_code: j.name for j in counties} == {c.code: c.name for c in data.COUNTIES}
    assert counties.get(division_code="410381").committee_name == "中共偃师市委"
    assert counties.get(division_code="410322").committee_name == "中共孟津县委"
    assert all(j.path == f"{city.path}{j.pk}/" for j in counties)

    assert TimeLimits.effective_for(counties.get(name="偃师市")).fieldwork_days_routine == 40
    inherited = TimeLimits.effective_for(counties.get(name="嵩县"))
    assert inherited.jurisdiction_id == city.pk and inherited.fieldwork_days_routine == 30


def test_organisations_form_consistent_trees(demo):
    orgs = {o.pk: o for o in Organization.objects.all()}
    for org in orgs.values():
        expected = f"{orgs[org.parent_id].path if org.parent_id else '/'}{org.pk}/"
        assert (org.path, org.depth) == (expected, expected.count("/") - 2), org
        assert org.principal_leader is not None and org.principal_leader.organization_id == org.pk, org
    gsl = Organization.objects.get(short_name=data.GSL)
    assert gsl.name == "中共洛阳市工商业联合会党组" and gsl.org_type == "party_group"
    assert Organization.objects.get(short_name=data.ZZB).name == "中共洛阳市人民政府驻郑州办事处党组"
    city_units = Organization.objects.filter(jurisdiction__level="city", parent=None)
    assert city_units.count() >= 45 and SEVEN | {data.ZZB} <= set(city_units.values_list("short_name", flat=True))
    assert Organization.objects.filter(jurisdiction__level="city").exclude(parent=None).count() >= 15
    for county in data.COUNTIES:
        here = Organization.objects.filter(jurisdiction__name=county.name)
        assert here.filter(short_name=f"{county.name}住建局").exists()
        assert here.filter(sector="township").count() == 3 and here.filter(sector="village").count() >= 2


def test_people_have_careers_relatives_and_ranks(demo):
    assert Person.objects.count() >= 500
    histories = Counter(WorkHistory.objects.values_list("person_id", flat=True))
    relatives = Counter(Relative.objects.values_list("person_id", flat=True))
    current = dict(WorkHistory.objects.filter(end=None).values_list("person_id", "organization_id"))
    for person in Person.objects.all():
        assert 2 <= histories[person.pk] <= 4, person
        assert relatives[person.pk] <= 3, person
        assert current[person.pk] == person.organization_id, person
    assert not [w for w in WorkHistory.objects.exclude(end=None) if w.end is not None and w.end < w.start]
    assert WorkHistory.objects.exclude(end=None).filter(organization__isnull=False).exists()
    assert Relative.objects.filter(organization__isnull=False).exists()
    assert Person.objects.filter(hometown_jurisdiction__level="county").count() > 100
    assert {"dept_deputy", "div_chief", "div_deputy", "sec_chief", "staff"} <= set(
        Person.objects.values_list("rank", flat=True))
    sample = Person.objects.exclude(id_number="").first()
    assert sample is not None and len(sample.id_number) == 18  # stored encrypted, read back in clear
    assert not Person.objects.filter(name__in=data.RESERVED_NAMES).exists()


def test_term_and_earlier_rounds(demo):
    term = Term.objects.get(jurisdiction__division_code="410300")
    assert (term.number, term.name, term.start_date, term.end_date) == (11, "十一届", D(2016, 10, 1), D(2021, 9, 30))
    # Round 8 (2019) is planned, its work plan awaiting approval (test_planning_demo).
    assert list(term.rounds.order_by("number").values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]
    earlier = Inspection.objects.filter(round__term=term, round__number__lt=7)
    assert earlier.count() >= 18 and set(earlier.values_list("status", flat=True)) == {"archived"}
    covered = set(earlier.values_list("targets__organization__short_name", flat=True))
    assert not covered & (SEVEN | {data.ZZB})  # round 7 inspects them for the first time in the term


def test_every_round_of_the_term_has_the_focus_framework_of_its_day(demo):
    from xuncha.inspections.models import Round

    codes = dict(Round.objects.filter(term__number=11).values_list("number", "focus_framework__code"))
    assert {n: codes[n] for n in (1, 2, 3)} == {1: "F2015", 2: "F2015", 3: "F2015"}
    assert codes[7] == "F2018"


def test_round7_focus(demo):
    rnd = round7()
    assert (rnd.year, rnd.planned_start) == (2018, D(2018, 11, 1)) and rnd.name == "十一届市委第七轮巡察"
    assert "六个围绕、一个加强" in rnd.focus_notes and "五个持续" in rnd.focus_notes
    assert rnd.focus_framework is not None and rnd.focus_framework.code == "F2018"
    assert rnd.eight_rules_framework is not None and rnd.eight_rules_framework.code == "EIGHT_RULES_2013"
    assert rnd.inspections.count() == 21


def test_round7_routine_five_teams_seven_units(demo):
    routine = r7_inspections("routine")
    assert len(routine) == 5
    by_team = {team(i).number: {t.organization.short_name for t in i.targets.all()} for i in routine}
    assert by_team == {1: {data.FGW, data.RFB}, 2: {data.NJJ, data.XZFW}, 3: {data.GSL}, 4: {data.GJJ},
                       5: {data.FGJ}}
    assert {team(i).name for i in routine} == {f"市委第{n}巡察组" for n in "一二三四五"}
    assert {team(i).home_jurisdiction.name for i in routine} == {"洛阳市"}
    assert len({i.code for i in Inspection.objects.all()}) == Inspection.objects.count()


def test_round7_extended_inspection_of_the_zhengzhou_office(demo):
    (extended,) = r7_inspections("extended")
    assert [t.organization.short_name for t in extended.targets.all()] == [data.ZZB]
    # No unit inspected this round manages the 驻郑办: the extension stands alone, not "from 市发改委、市人防办".
    assert extended.parent_inspection is None
    assert team(extended).number == 1 and extended.status == "stationed"


def test_round7_special_cross_inspections(demo):
    special = r7_inspections("special")
    assert len(special) == 15
    pairs = set()
    for insp in special:
        assert (insp.special_topic, insp.is_cross, insp.is_linked) == ("公租房", True, True)
        home = team(insp).home_jurisdiction
        targets = [t.organization for t in insp.targets.all()]
        inspected = {o.jurisdiction for o in targets}
        assert home.level == "county" and len(inspected) == 1
        (where,) = inspected
        assert where != home, f"{insp.team} inspects its own county"
        assert {o.short_name for o in targets} <= {f"{where.name}住建局", f"{where.name}房管中心"}
        assert f"{where.name}住建局" in {o.short_name for o in targets}
        pairs.add((home.pk, where.pk))
    assert not {(b, a) for a, b in pairs} & pairs, "two counties inspect each other"
    assert len({a for a, _ in pairs}) == len({b for _, b in pairs}) == 15  # each county sends and receives once
    assert Counter(i.status for i in special) == {"stationed": 5, "reporting": 5, "feedback": 5}


def test_round7_teams_are_complete_and_clean(demo):
    for team in Team.objects.filter(round=round7()):
        roles = Counter(team.memberships.values_list("role", flat=True))
        assert 5 <= sum(roles.values()) <= 7, team
        assert roles["leader"] == 1 and 1 <= roles["deputy_leader"] <= 2, team
        assert 2 <= roles["member"] <= 4 and roles["liaison_officer"] == 1, team
        if team.home_jurisdiction.level == "county":
            assert set(team.memberships.values_list("person__organization__jurisdiction", flat=True)) == {
                team.home_jurisdiction_id}
    # No recusal ground stands against anyone on any team of the term (one team per cadre per round).
    for team in Team.objects.filter(round__term__jurisdiction__division_code="410300"):
        assert team_recusal(team) == [], team
    per_round = Counter(TeamMembership.objects.values_list("team__round_id", "person_id"))
    assert max(per_round.values()) == 1


def test_seeded_recusal_conflicts_are_found(demo):
    city = Jurisdiction.objects.get(division_code="410300")
    r7_people = set(TeamMembership.objects.filter(team__round=round7()).values_list("person_id", flat=True))
    assert set(demo.conflicts) == set(data.DEMO_CONFLICTS)
    for key, spec in data.DEMO_CONFLICTS.items():
        person = Person.objects.get(pk=demo.conflicts[key])
        assert person.organization.short_name == spec["unit"] and person.pk not in r7_people
        target = Organization.objects.get(short_name=spec["target"])
        hits = check_person(person, [target], jurisdiction=city, on=D(2018, 11, 1),
                            cross_region=target.jurisdiction_id != city.pk)
        assert spec["rule"] in {h.rule for h in hits}, (key, hits)


def test_lifecycle_of_the_gongshanglian_inspection(demo):
    insp = Inspection.objects.get(round=round7(), targets__organization__short_name=data.GSL)
    assert team(insp).name == "市委第三巡察组" and insp.status == "rectifying"
    assert (insp.stationed_on, insp.withdrawn_on, insp.feedback_on) == (D(2018, 11, 1), D(2018, 12, 10),
                                                                       D(2019, 1, 18))
    steps = [(c.transition, timezone.localdate(c.created_at)) for c in StatusChange.for_object(insp)]
    assert steps == [("prepare", D(2018, 10, 19)), ("station", D(2018, 11, 1)), ("withdraw", D(2018, 12, 10)),
                     ("deliver_feedback", D(2019, 1, 18)), ("open_rectification", D(2019, 1, 18))]
    director = User.objects.get(username="director")
    assert set(StatusChange.objects.filter(content_type=_inspection_type())
               .values_list("actor", flat=True)) == {director.pk}


def _inspection_type() -> ContentType:
    return ContentType.objects.get_for_model(Inspection)


def test_round7_states(demo):
    states = {team(i).number: i.status for i in r7_inspections("routine")}
    assert states == {1: "evaluating", 2: "feedback", 3: "rectifying", 4: "rectifying", 5: "reporting"}
    assert set(Inspection.objects.filter(round=round7()).values_list("stationed_on", flat=True)) == {D(2018, 11, 1)}


def test_the_demo_is_read_as_of_its_business_date(demo):
    from xuncha.core.clock import business_today
    from xuncha.dashboards.home import add_months

    assert business_today() == data.BUSINESS_DATE
    # Nothing in the demo has happened after that day.
    for field in ("stationed_on", "withdrawn_on", "feedback_on"):
        latest = max(d for d in Inspection.objects.values_list(field, flat=True) if d)
        assert latest <= data.BUSINESS_DATE, field
    # The inspections' steps are backdated by the loader (plans' approvals are recorded as they are loaded).
    steps = StatusChange.objects.filter(content_type__model="inspection")
    assert max(timezone.localdate(c.created_at) for c in steps) == data.BUSINESS_DATE
    # 市工商联 is rectifying, its report due on the business date itself: not yet overdue.
    gsl = Inspection.objects.get(round=round7(), targets__organization__short_name=data.GSL)
    assert gsl.status == "rectifying" and gsl.feedback_on is not None
    assert add_months(gsl.feedback_on, 2) == data.BUSINESS_DATE


def test_audit_log_records_the_load_and_stays_intact(demo):
    transitions = AuditEvent.objects.filter(action="inspection.transition").count()
    # The inspections' steps; round 7's work plan went through its own workflow (preparation.py) besides.
    assert transitions == StatusChange.objects.filter(content_type=_inspection_type()).count() \
        == demo.counts["status_changes"]
    assert AuditEvent.objects.filter(action="demo.load").count() == 1
    assert audit_verify().ok


def test_every_demo_account_exists_with_its_role(demo):
    assert [a.username for a in DEMO_ACCOUNTS] == ["office", "director", "leading", "cdi", "orgdept", "sysadmin",
                                                  "secadmin", "auditor", "leader3", "member3", "member1",
                                                  "liaison_gsl", "liaison_fgj", "county_director",
                                                  "county_leader"]
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password(DEMO_PASSWORD) and user.is_active
        assert user.person is not None and user.display_name == user.person.name
        (grant,) = RoleAssignment.objects.filter(user=user, is_active=True)
        assert grant.role == account.role and str(grant.scope_object) == account.scope
    assert TeamMembership.objects.filter(person=person_of("leader3"), role="leader", team__round=round7(),
                                         team__number=3).exists()
    for username, number in (("member3", 3), ("member1", 1)):
        assert TeamMembership.objects.filter(person=person_of(username), role="member", team__round=round7(),
                                             team__number=number).exists()
    assert person_of("liaison_gsl").organization.short_name == data.GSL
    assert person_of("director").organization.short_name == data.OFFICE


def test_accounts_file(demo):
    entries = json.loads(demo.accounts_path.read_text(encoding="utf-8"))
    assert entries == demo_accounts()
    assert entries[0] == {"role": "office_staff", "role_label": "巡察办工作人员", "username": "office",
                          "password": DEMO_PASSWORD, "totp_secret": "", "scope": "洛阳市"}
    # The roles that need a second factor come with the published key of their enrolled authenticator.
    director = next(e for e in entries if e["username"] == "director")
    device = TOTPDevice.objects.get(user__username="director", confirmed=True)
    assert base64.b32decode(director["totp_secret"]) == device.bin_key
    assert entries[8]["scope"] == "市委第三巡察组" and entries[11]["scope"] == "市工商联"


def test_demo_accounts_see_what_the_readme_promises(demo):
    member1 = User.objects.get(username="member1")
    seen = Inspection.objects.visible_to(member1)
    assert {team(i).name for i in seen} == {"市委第一巡察组"} and seen.count() == 2  # routine and extended
    liaison = User.objects.get(username="liaison_gsl")
    assert [str(i.targets.get().organization) for i in Inspection.objects.visible_to(liaison)] == [data.GSL]
    assert not Inspection.objects.visible_to(User.objects.get(username="sysadmin")).exists()


def test_county_accounts_see_the_linked_inspections_read_only(demo):
    """上下联动: 洛龙区's office director sees, read-only, the round-7 inspection of 洛龙区's 公租房 organisations by
    瀍河回族区's team (at feedback) and its own team's inspection of 新安县; its team leader sees that team's."""
    from xuncha.core.scoping import capabilities

    director = User.objects.get(username="county_director")
    assert person_of("county_director").organization.short_name == "洛龙区委巡察办"
    assert person_of("county_director").post == "主任"
    seen = {i.code: i for i in Inspection.objects.visible_to(director).select_related("team")}
    by_chanhe = Inspection.objects.get(round=round7(), team__name="瀍河回族区委巡察组")
    own = Inspection.objects.get(round=round7(), team__name="洛龙区委巡察组")
    assert by_chanhe.status == "feedback"
    assert {t.organization.jurisdiction.name for t in by_chanhe.targets.all()} == {"洛龙区"}
    assert {t.organization.jurisdiction.name for t in own.targets.all()} == {"新安县"}
    assert {by_chanhe.code, own.code} <= set(seen)
    # Nothing else of round 7; round 6's linked cross inspections of and by 洛龙区 are there too.
    assert {c for c, i in seen.items() if i.round_id == round7().pk} == {by_chanhe.code, own.code}
    for insp in seen.values():
        caps = capabilities(director, insp)
        assert "view_planning" in caps and "manage_planning" not in caps, (insp.code, caps)

    leader = User.objects.get(username="county_leader")
    assert TeamMembership.objects.filter(person=person_of("county_leader"), role="leader", team=own.team).exists()
    assert set(Inspection.objects.visible_to(leader).values_list("code", flat=True)) == {own.code}


def test_second_load_creates_nothing_and_rewrites_the_accounts_file(demo, settings, tmp_path):
    models = (Jurisdiction, Organization, Person, WorkHistory, Relative, Inspection, TeamMembership, User,
              RoleAssignment, StatusChange, AuditEvent, InspectorProfile, InspectorSkill, MemberDeclaration,
              WorkPlan, AnnualPlan, InspectionNotice, LiaisonContact, StationingAnnouncement, CrossAssignmentRun)
    before = {m: m.objects.count() for m in models}
    settings.VAR_DIR = tmp_path
    again = load_demo()
    assert not again.created and again.seconds < 2
    assert {m: m.objects.count() for m in models} == before
    assert json.loads((tmp_path / "demo-accounts.json").read_text(encoding="utf-8")) == demo_accounts()

    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    assert "已存在" in out.getvalue() and "Demo#2018xc" in out.getvalue()
    assert {m: m.objects.count() for m in models} == before


def test_name_generator_is_reproducible_and_unique():
    first = NameGenerator(random.Random(7))
    names = [first.name("M" if i % 2 else "F") for i in range(2000)]
    second = NameGenerator(random.Random(7))
    assert names == [second.name("M" if i % 2 else "F") for i in range(2000)]
    assert len(set(names)) == len(names) and not set(names) & data.RESERVED_NAMES
    assert all(2 <= len(n) <= 3 for n in names)
