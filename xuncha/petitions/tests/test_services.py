"""Petition services: public submission, registration, numbering, confidentiality, handling, withdrawal guard,
retention."""

from __future__ import annotations

import datetime
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import override_settings

from xuncha.audit.models import AuditEvent
from xuncha.core.crypto import is_sealed
from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.inspections.workflow import INSPECTION_WORKFLOW
from xuncha.petitions import selectors, services
from xuncha.petitions.models import Petition, PetitionFile, PetitionMessage, PetitionPage
from xuncha.petitions.tests.conftest import text
from xuncha.petitions.tests.test_uploads import jpeg_with_exif
from xuncha.petitions.workflow import PetitionStatus


def _submit(page: PetitionPage, **overrides: object) -> tuple[Petition, str]:
    files = overrides.pop("files", [])
    return services.public_submit(slug=page.slug, text=text(**overrides), files=files)  # type: ignore[arg-type]


def test_a_public_petition_gets_a_receipt_kept_only_as_a_hash(page: PetitionPage) -> None:
    petition, code = _submit(page, files=[("现场.jpg", jpeg_with_exif())])
    assert petition.number == "11-7-01-XF-2018-001"
    assert petition.channel == "online" and petition.anonymous
    assert code.replace("-", "") not in str(Petition.objects.filter(pk=petition.pk).values().get())
    assert services.petition_by_receipt(code) == petition
    assert services.petition_by_receipt(code.lower().replace("-", " ")) == petition
    stored = PetitionFile.objects.get(petition=petition)
    assert stored.name == "材料1.jpg" and b"PhoneMaker" not in stored.file.read()
    event = AuditEvent.objects.filter(action="petition.submit").get()
    assert event.client_ip == "" and event.request_id == "" and event.actor_id is None


def test_an_anonymous_petition_keeps_no_identity_even_if_sent(page: PetitionPage) -> None:
    petition, _ = _submit(page, anonymous=True, petitioner_name="张三", petitioner_contact="13800000000")
    petition.refresh_from_db()
    assert petition.petitioner_name == "" and petition.petitioner_contact == ""


def test_the_identity_is_encrypted_at_rest(page: PetitionPage) -> None:
    petition, _ = _submit(page, anonymous=False, petitioner_name="张三", petitioner_contact="13800000000")
    with connection.cursor() as cursor:
        cursor.execute("SELECT petitioner_name, petitioner_contact FROM petitions_petition WHERE id = %s",
                       [petition.pk])
        name, contact = cursor.fetchone()
    assert is_sealed(name) and is_sealed(contact) and "张三" not in name and "13800000000" not in contact
    petition.refresh_from_db()
    assert petition.petitioner_name == "张三"


def test_a_named_petition_needs_a_name_and_contact(page: PetitionPage) -> None:
    with pytest.raises(DomainError, match="请填写姓名"):
        _submit(page, anonymous=False)
    assert not Petition.objects.exists()


def test_after_the_cutoff_the_public_page_refuses_and_points_to_12388(page: PetitionPage,
                                                                       business_date: object) -> None:
    business_date(datetime.date(2018, 12, 8))  # type: ignore[operator]
    with pytest.raises(DomainError, match="12388"):
        _submit(page)
    assert not Petition.objects.exists()


def test_a_bad_file_stores_nothing(page: PetitionPage) -> None:
    with pytest.raises(DomainError, match="类型不允许"):
        _submit(page, files=[("照片.jpg", b"MZ\x90\x00")])
    assert not Petition.objects.exists() and not PetitionFile.objects.exists()


def test_registration_numbers_per_team_and_year_and_flags_late_letters(
        page: PetitionPage, personas: SimpleNamespace, objects: SimpleNamespace) -> None:
    first, code = services.petition_register(actor=personas.member_a, inspection_id=objects.inspection_a.pk,
                                             channel="letter", received_on=datetime.date(2018, 11, 2), text=text())
    second, _ = services.petition_register(actor=personas.member_a, inspection_id=objects.inspection_a.pk,
                                           channel="phone", received_on=datetime.date(2018, 11, 3), text=text(),
                                           issue_receipt=True)
    assert code is None and first.receipt_hash is None and second.receipt_hash
    assert (first.number, second.number) == ("11-7-01-XF-2018-001", "11-7-01-XF-2018-002")
    assert first.registered_by == personas.member_a and not first.after_cutoff
    with override_settings(XUNCHA_PETITION_NUMBER_PATTERN="甲巡{team}组信〔{year}〕{seq}号"):
        third, _ = services.petition_register(actor=personas.leader_a, inspection_id=objects.inspection_a.pk,
                                              channel="bureau", received_on=datetime.date(2018, 11, 4), text=text())
    assert third.number == "甲巡1组信〔2018〕3号"


@pytest.mark.parametrize("who", ["member_b", "liaison_a", "office_staff", "office_director"])
def test_only_the_team_registers(page: PetitionPage, personas: SimpleNamespace, objects: SimpleNamespace,
                                 who: str) -> None:
    expected = Http404 if who in ("member_b",) else CapabilityMissing
    with pytest.raises(expected):
        services.petition_register(actor=getattr(personas, who), inspection_id=objects.inspection_a.pk,
                                   channel="letter", received_on=datetime.date(2018, 11, 2), text=text())


def test_petitions_are_team_confidential(page: PetitionPage, personas: SimpleNamespace) -> None:
    petition, code = _submit(page)
    services.petitioner_message(code=code, body="补充材料")
    for who in ("leader_a", "member_a", "office_director"):
        assert petition in Petition.objects.visible_to(getattr(personas, who))
        assert PetitionMessage.objects.visible_to(getattr(personas, who)).exists()
    for who in ("member_b", "liaison_a", "office_staff", "leading_group", "cdi", "org_dept", "sysadmin",
                "auditor", "outsider"):
        assert petition not in Petition.objects.visible_to(getattr(personas, who)), who
        assert not PetitionMessage.objects.visible_to(getattr(personas, who)).exists(), who


def test_a_read_is_audited_and_identity_only_for_the_leaders(page: PetitionPage,
                                                             personas: SimpleNamespace) -> None:
    petition, _ = _submit(page, anonymous=False, petitioner_name="张三", petitioner_contact="138")
    assert selectors.petition_detail(actor=personas.leader_a, petition_id=petition.pk).identity_visible
    assert not selectors.petition_detail(actor=personas.member_a, petition_id=petition.pk).identity_visible
    reads = AuditEvent.objects.filter(action="petition.read", object_id=str(petition.pk))
    assert reads.count() == 2


def test_handling_answer_refer_merge_and_the_petitioner_reads_it(page: PetitionPage,
                                                                 personas: SimpleNamespace) -> None:
    leader, member = personas.leader_a, personas.member_a
    a, code_a = _submit(page)
    b, code_b = _submit(page, summary="发放购物卡", content="春节前给班子成员发放购物卡。")
    c, code_c = _submit(page, about_whom="某居民", summary="邻里纠纷", content="邻居占用楼道。")
    services.petition_triage(actor=member, petition_id=a.pk, category_code="D1", priority="high", in_scope=True)
    a.refresh_from_db()
    assert a.status == PetitionStatus.TRIAGED and a.category is not None and a.category.code == "D1"
    with pytest.raises(CapabilityMissing):
        services.petition_answer(actor=member, petition_id=a.pk, reply="已核实")
    record = selectors.petition_detail(actor=leader, petition_id=b.pk)
    assert a in [p for p, _ in record.duplicates]
    services.petition_merge(actor=leader, petition_id=b.pk, original_id=a.pk)
    services.petition_refer(actor=leader, petition_id=c.pk, target="bureau", receiver="甲市信访局",
                            reason="属个人诉求，不属于巡察受理范围。")
    with pytest.raises(TransitionNotAllowed):
        services.petition_merge(actor=leader, petition_id=c.pk, original_id=a.pk)
    services.petitioner_message(code=code_a, body="补充：还有2017年的情况。")
    services.petition_answer(actor=leader, petition_id=a.pk, reply="您反映的问题已转入核查，感谢监督。")
    view = selectors.public_view(services.petition_by_receipt(code_b))  # type: ignore[arg-type]
    assert "合并" in view.status_label
    assert any("感谢监督" in m.body for m in view.messages)
    view_c = selectors.public_view(services.petition_by_receipt(code_c))  # type: ignore[arg-type]
    assert any("信访部门" in m.body for m in view_c.messages)
    assert {p.status for p in Petition.objects.all()} == {"answered", "merged", "referred"}


def test_withdrawal_is_refused_while_a_petition_is_open(page: PetitionPage, objects: SimpleNamespace,
                                                        personas: SimpleNamespace) -> None:
    inspection = objects.inspection_a
    step = INSPECTION_WORKFLOW.get("withdraw")
    assert not any("信访件" in r for r in INSPECTION_WORKFLOW.blockers(inspection, step))
    p1, _ = _submit(page)
    p2, _ = _submit(page)
    assert "还有 2 件信访件未办理" in "；".join(INSPECTION_WORKFLOW.blockers(inspection, step))
    figures = {f.label: f for f in selectors.stay_figures(inspection)}
    assert figures["受理信访件"].value == 2 and figures["未办理信访件"].attention
    services.petition_keep_for_report(actor=personas.leader_a, petition_id=p1.pk, note="纳入报告“作风”部分。")
    assert "还有 1 件" in "；".join(INSPECTION_WORKFLOW.blockers(inspection, step))
    services.petition_answer(actor=personas.leader_a, petition_id=p2.pk, reply="已答复。")
    assert not any("信访件" in r for r in INSPECTION_WORKFLOW.blockers(inspection, step))


def test_retention_purges_by_status_after_the_grace_period(page: PetitionPage, personas: SimpleNamespace) -> None:
    answered, code = _submit(page)
    kept, _ = _submit(page)
    services.petition_answer(actor=personas.leader_a, petition_id=answered.pk, reply="已答复。")
    services.petition_keep_for_report(actor=personas.leader_a, petition_id=kept.pk, note="纳入报告。")
    services.petitioner_message(code=code, body="谢谢")
    with override_settings(XUNCHA_PETITION_RETENTION_DAYS={"answered": 30, "reported": None},
                           XUNCHA_PETITION_GRACE_DAYS=90):
        assert services.purge_expired(datetime.date(2018, 12, 31)) == 0  # within retention
        assert services.purge_expired(datetime.date(2019, 1, 20)) == 0  # retention over, message within grace
        assert services.purge_expired(datetime.date(2019, 2, 10)) == 1
    assert list(Petition.objects.all()) == [kept]
    assert AuditEvent.objects.filter(action="petition.purge").count() == 1


def test_the_purge_command_lists_then_deletes(page: PetitionPage, personas: SimpleNamespace,
                                              business_date: object) -> None:
    answered, _ = _submit(page)
    services.petition_answer(actor=personas.leader_a, petition_id=answered.pk, reply="已答复。")
    business_date(datetime.date(2021, 6, 1))  # type: ignore[operator]
    out = StringIO()
    call_command("purge_petitions", "--dry-run", stdout=out)
    assert answered.number in out.getvalue() and Petition.objects.exists()
    call_command("purge_petitions", stdout=out)
    assert "已清理 1 件" in out.getvalue() and not Petition.objects.exists()
