"""A petition as evidence: visible to the team and the office director, titled without the petitioner."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from xuncha.inspections import evidence
from xuncha.petitions.evidence import PETITION
from xuncha.petitions.models import Channel, Petition


def test_a_petition_is_cited_visibly_to_the_team_and_the_director_only(personas: SimpleNamespace,
                                                                      objects: SimpleNamespace) -> None:
    petition = Petition.objects.create(
        inspection=objects.inspection_a, number="JS-11-7-A-XF-001", channel=Channel.LETTER,
        received_on=datetime.date(2018, 11, 2), anonymous=False, petitioner_name="李某某", about_whom="王主任",
        summary="违规发放津贴补贴", content="以加班费名义发放购物卡。")
    ref = [(PETITION, petition.pk)]
    for user in (personas.leader_a, personas.member_a, personas.office_director):
        [citation] = evidence.citations(user, ref)
        assert citation.visible and citation.title == "JS-11-7-A-XF-001 违规发放津贴补贴"
        assert "李某某" not in citation.title + citation.detail
    for user in (personas.member_b, personas.liaison_a, personas.office_staff, personas.leading_group, personas.cdi):
        [citation] = evidence.citations(user, ref)
        assert not citation.visible and citation.title == evidence.HIDDEN_TITLE, user
    assert evidence.check_refs(personas.member_a, ref, inspection_id=objects.inspection_b.pk)
    assert evidence.check_refs(personas.member_a, ref, inspection_id=objects.inspection_a.pk) == []
