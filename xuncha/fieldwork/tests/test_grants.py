"""The office director's grant over fieldwork is jurisdiction-exact (ADR-0026): the director of the committee that
dispatched an inspection reads its talks and talk records; a superior committee's director does not read those of a
county's own inspection, and a county's director does not read those of the city's inspection of a unit in the
county, though each sees the inspection itself (its subtree, or 上下联动 from feedback on)."""

from __future__ import annotations

from types import SimpleNamespace

from tests.factories import (
    CountyFactory,
    InspectionFactory,
    OrganizationFactory,
    PersonFactory,
    RoundFactory,
    TeamFactory,
    UserFactory,
    grant,
)
from xuncha.accounts.roles import Role
from xuncha.fieldwork import services
from xuncha.fieldwork.models import DocumentRequest, Talk, TalkCategory, TalkRecord, WorkRecord
from xuncha.fieldwork.tests.conftest import ENTRY, _member, set_status
from xuncha.fieldwork.tests.test_records import _request, _work
from xuncha.fieldwork.tests.test_talks import _at, _record
from xuncha.inspections.models import Inspection


def test_the_dispatching_committees_director_reads_the_records_and_no_other_director(world: SimpleNamespace
                                                                                   ) -> None:
    w = world
    county = CountyFactory.create(parent=w.city)
    county_director = UserFactory.create(username="county_director")
    grant(county_director, Role.OFFICE_DIRECTOR, county)

    # The city's inspection of a unit in the county, at feedback: the county's director sees the inspection.
    county_unit = OrganizationFactory.create(jurisdiction=county, short_name="县住建局")
    PersonFactory.create(organization=county_unit, post="局长", name="县局长")
    city_round = w.inspection.round
    city_on_county = InspectionFactory.create(round=city_round, team=w.team, targets=[county_unit], code="11-7-09")
    set_status(city_on_county, "stationed", stationed_on=ENTRY)
    talk = services.talk_add(actor=w.leader, inspection_id=city_on_county.pk, data=services.TalkData(
        organization_id=county_unit.pk, name="县局长", category=TalkCategory.LEADERSHIP,
        interviewer_id=w.member_a.person_id, recorder_id=w.member_b.person_id, scheduled_at=_at(19)))
    _record(w, talk)
    linked = SimpleNamespace(**{**vars(w), "inspection": city_on_county, "unit": county_unit})
    _request(linked)
    _work(linked)
    set_status(city_on_county, "feedback")
    assert Inspection.objects.visible_to(county_director).filter(pk=city_on_county.pk).exists()
    for model in (Talk, TalkRecord, DocumentRequest, WorkRecord):
        assert not model.objects.visible_to(county_director).exists(), model.__name__
    assert TalkRecord.objects.visible_to(w.director).filter(talk=talk).exists()

    # The county's own inspection: the city's director sees the inspection (the county is in the city's subtree)
    # but not its talks; the county's director reads them.
    county_round = RoundFactory.create(term__jurisdiction=county)
    county_team = TeamFactory.create(round=county_round)
    office = OrganizationFactory.create(jurisdiction=county, short_name="县委巡察办")
    county_leader = _member(county_team, "leader", "county_leader", office)
    county_member = _member(county_team, "member", "county_member", office)
    county_own = InspectionFactory.create(round=county_round, team=county_team, targets=[county_unit],
                                          code="X-7-01")
    set_status(county_own, "stationed", stationed_on=ENTRY)
    county_talk = services.talk_add(actor=county_leader, inspection_id=county_own.pk, data=services.TalkData(
        organization_id=county_unit.pk, name="县局副局长", category=TalkCategory.LEADERSHIP,
        interviewer_id=county_leader.person_id, recorder_id=county_member.person_id, scheduled_at=_at(19)))
    _record(w, county_talk, actor=county_leader)
    assert Inspection.objects.visible_to(w.director).filter(pk=county_own.pk).exists()
    assert not Talk.objects.visible_to(w.director).filter(pk=county_talk.pk).exists()
    assert not TalkRecord.objects.visible_to(w.director).filter(talk=county_talk).exists()
    assert TalkRecord.objects.visible_to(county_director).filter(talk=county_talk).exists()
    assert not TalkRecord.objects.visible_to(county_director).filter(talk=talk).exists()
    # Nor does a member of the other team.
    assert not TalkRecord.objects.visible_to(w.member_c).filter(talk=county_talk).exists()
