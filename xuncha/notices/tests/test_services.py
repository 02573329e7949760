"""The notice workflow through its services: drafting, issuing with the office's number, the liaison's receipt and
answer (files checked before storage), acceptance and sending back, overdue, the immediate-rectification items,
who sees what, the figures of the stay."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.http import Http404

from xuncha.core.exceptions import CapabilityMissing, DomainError, TransitionNotAllowed
from xuncha.core.models import StatusChange
from xuncha.notices import selectors, services
from xuncha.notices.models import ImmediateItem, ItemStatus, Notice, NoticeAnswer, NoticeFile, NoticeStatus
from xuncha.notices.tests.conftest import TODAY, explanation, rectification, set_status

PDF = b"%PDF-1.4 test"


def issued(w: Any, data: services.NoticeData | None = None) -> Notice:
    notice = services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=data or rectification(w))
    return services.notice_transition(actor=w.leader, notice_id=notice.pk, transition="issue")


def answered(w: Any, notice: Notice, **kwargs: Any) -> NoticeAnswer:
    services.notice_transition(actor=w.liaison, notice_id=notice.pk, transition="receive")
    items = [services.ItemAnswer(i.pk, f"已整改{i.sequence}", True) for i in ImmediateItem.objects.filter(
        notice=notice)]
    data = services.AnswerData(text="已按要求整改。", files=[("凭证.pdf", PDF)], items=items, **kwargs)
    return services.notice_answer(actor=w.liaison, notice_id=notice.pk, data=data)


def test_the_whole_way_of_a_rectification_notice(world: Any) -> None:
    w = world
    notice = services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=rectification(w, items=3))
    assert notice.status == NoticeStatus.DRAFT and notice.code == "11-7-03-TZ-001" and notice.number == ""
    assert [i.problem for i in ImmediateItem.objects.filter(notice=notice)] == ["问题1", "问题2", "问题3"]
    services.notice_transition(actor=w.leader, notice_id=notice.pk, transition="issue")
    notice.refresh_from_db()
    assert (notice.status, notice.number, notice.issued_on, notice.issued_by) == (
        NoticeStatus.ISSUED, "洛巡改〔2018〕1号", TODAY, w.leader)
    services.notice_transition(actor=w.liaison, notice_id=notice.pk, transition="receive",
                               on=TODAY - datetime.timedelta(days=0))
    notice.refresh_from_db()
    assert (notice.status, notice.received_by, notice.received_name, notice.received_on) == (
        NoticeStatus.RECEIVED, w.liaison, "liaison姓名", TODAY)
    first, second, third = ImmediateItem.objects.filter(notice=notice)
    answer = services.notice_answer(actor=w.liaison, notice_id=notice.pk, data=services.AnswerData(
        text="已整改两项，第三项正在推进。", files=[("凭证.pdf", PDF), ("照片.png", b"\x89PNG\r\n\x1a\nimg")],
        items=[services.ItemAnswer(first.pk, "已退回费用", True), services.ItemAnswer(second.pk, "已修订制度", True),
               services.ItemAnswer(third.pk, "正在清理", False)]))
    assert answer.round == 1 and NoticeFile.objects.filter(answer=answer).count() == 2
    services.notice_transition(actor=w.deputy_leader, notice_id=notice.pk, transition="accept", note="认可。")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ACCEPTED and notice.accepted_by == w.deputy_leader
    states = {i.sequence: (i.status, i.evidence_id) for i in ImmediateItem.objects.filter(notice=notice)}
    assert states == {1: (ItemStatus.DONE, answer.pk), 2: (ItemStatus.DONE, answer.pk), 3: (ItemStatus.OPEN, None)}
    summary = selectors.immediate_summary(selectors.immediate_items(w.inspection))
    assert (summary.total, summary.done, summary.open, summary.rate) == (3, 2, 1, 67)
    changes = StatusChange.objects.filter(object_id=notice.pk).order_by("pk").values_list("transition", flat=True)
    assert list(changes) == ["issue", "receive", "answer", "accept"]


def test_numbers_run_per_kind_and_year_across_the_jurisdiction(world: Any) -> None:
    w = world
    assert issued(w).number == "洛巡改〔2018〕1号"
    assert issued(w).number == "洛巡改〔2018〕2号"
    assert issued(w, explanation(w)).number == "洛巡说〔2018〕1号"
    # Another team of the same committee continues the office's sequence.
    other = services.notice_create(actor=w.other_member, inspection_id=w.other.pk, data=rectification(
        w, organization_id=w.other_unit.pk))
    services.notice_transition(actor=w.other_leader, notice_id=other.pk, transition="issue")
    other.refresh_from_db()
    assert other.number == "洛巡改〔2018〕3号"


def test_sent_back_then_answered_again_and_accepted(world: Any) -> None:
    w = world
    notice = issued(w, explanation(w))
    answered(w, notice)
    with pytest.raises(DomainError, match="请写明理由"):
        services.notice_transition(actor=w.leader, notice_id=notice.pk, transition="return")
    services.notice_transition(actor=w.leader, notice_id=notice.pk, transition="return", note="未附凭证，请补充。",
                               deadline=TODAY + datetime.timedelta(days=2))
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RETURNED and notice.deadline == TODAY + datetime.timedelta(days=2)
    assert NoticeAnswer.objects.get(notice=notice, round=1).verdict == "returned"
    again = services.notice_answer(actor=w.liaison, notice_id=notice.pk,
                                   data=services.AnswerData(text="补充说明并附凭证。", files=[("凭证.pdf", PDF)]))
    assert again.round == 2
    services.notice_transition(actor=w.leader, notice_id=notice.pk, transition="accept")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ACCEPTED
    assert list(NoticeAnswer.objects.filter(notice=notice).values_list("verdict", flat=True)) == ["returned",
                                                                                                  "accepted"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("exe", b"MZ\x90\x00", "只接受"),
    ("fake.pdf", b"MZ\x90\x00 not a pdf", "不是 PDF 格式"),
    ("empty.pdf", b"", "为空"),
])
def test_a_bad_file_stores_nothing_and_changes_nothing(world: Any, name: str, data: bytes, message: str) -> None:
    w = world
    notice = issued(w)
    services.notice_transition(actor=w.liaison, notice_id=notice.pk, transition="receive")
    with pytest.raises(DomainError, match=message):
        services.notice_answer(actor=w.liaison, notice_id=notice.pk, data=services.AnswerData(
            text="回复", files=[("凭证.pdf", PDF), (name, data)]))
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RECEIVED
    assert not NoticeAnswer.objects.exists() and not NoticeFile.objects.exists()


def test_a_file_too_large_is_refused(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from xuncha.core import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 10)
    w = world
    notice = issued(w)
    services.notice_transition(actor=w.liaison, notice_id=notice.pk, transition="receive")
    with pytest.raises(DomainError, match="超过"):
        services.notice_answer(actor=w.liaison, notice_id=notice.pk,
                               data=services.AnswerData(text="回复", files=[("凭证.pdf", PDF + b"x" * 10)]))


def test_who_may_take_which_step(world: Any) -> None:
    w = world
    with pytest.raises(CapabilityMissing):
        services.notice_create(actor=w.office, inspection_id=w.inspection.pk, data=rectification(w))
    with pytest.raises(Http404):  # another team does not see the inspection
        services.notice_create(actor=w.other_member, inspection_id=w.inspection.pk, data=rectification(w))
    notice = services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=rectification(w))
    for actor in (w.member, w.deputy_leader, w.director):
        with pytest.raises(CapabilityMissing):
            services.notice_transition(actor=actor, notice_id=notice.pk, transition="issue")
    with pytest.raises(Http404):  # the liaison never sees a draft
        services.notice_transition(actor=w.liaison, notice_id=notice.pk, transition="issue")
    services.notice_transition(actor=w.leader, notice_id=notice.pk, transition="issue")
    with pytest.raises(CapabilityMissing):  # the team does not sign for its own notice
        services.notice_transition(actor=w.leader, notice_id=notice.pk, transition="receive")
    with pytest.raises(Http404):  # another organisation's liaison does not see it
        services.notice_transition(actor=w.liaison_other, notice_id=notice.pk, transition="receive")
    with pytest.raises(TransitionNotAllowed):  # not yet signed for
        services.notice_answer(actor=w.liaison, notice_id=notice.pk, data=services.AnswerData(text="回复"))
    answered(w, notice)
    with pytest.raises(CapabilityMissing):  # a member drafts, the leader and deputies review
        services.notice_transition(actor=w.member, notice_id=notice.pk, transition="accept")
    with pytest.raises(CapabilityMissing):
        services.notice_transition(actor=w.liaison, notice_id=notice.pk, transition="accept")


def test_bad_input_is_refused_in_chinese(world: Any) -> None:
    w = world
    with pytest.raises(DomainError, match="回复期限不能早于今天"):
        services.notice_create(actor=w.member, inspection_id=w.inspection.pk,
                               data=rectification(w, deadline=TODAY - datetime.timedelta(days=1)))
    with pytest.raises(DomainError, match="被巡察党组织"):
        services.notice_create(actor=w.member, inspection_id=w.inspection.pk,
                               data=rectification(w, organization_id=w.other_unit.pk))
    with pytest.raises(DomainError, match="不列立行立改事项"):
        services.notice_create(actor=w.member, inspection_id=w.inspection.pk,
                               data=explanation(w, items=[services.ItemData("问题")]))
    draft = services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=rectification(w, items=0))
    with pytest.raises(TransitionNotAllowed, match="至少列明一项"):
        services.notice_transition(actor=w.leader, notice_id=draft.pk, transition="issue")
    draft = services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=rectification(w))
    with pytest.raises(DomainError, match="不能晚于今天"):
        services.notice_transition(actor=w.leader, notice_id=draft.pk, transition="issue",
                                   on=TODAY + datetime.timedelta(days=1))
    notice = issued(w)
    services.notice_transition(actor=w.liaison, notice_id=notice.pk, transition="receive")
    item = ImmediateItem.objects.filter(notice=notice).first()
    assert item is not None
    with pytest.raises(DomainError, match="请写明整改措施"):
        services.notice_answer(actor=w.liaison, notice_id=notice.pk, data=services.AnswerData(
            text="回复", items=[services.ItemAnswer(item.pk, "", True)]))
    with pytest.raises(DomainError, match="已印发，不能再修改"):
        services.notice_update(actor=w.member, notice_id=notice.pk, data=rectification(w))


def test_drafting_and_issuing_end_with_the_stay_answers_go_on_until_rectification_ends(world: Any) -> None:
    w = world
    notice = issued(w)
    set_status(w.inspection, "reporting", withdrawn_on=TODAY)
    with pytest.raises(DomainError, match="已撤驻"):
        services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=rectification(w))
    answered(w, notice)  # signed for and answered after withdrawal
    set_status(w.inspection, "evaluating")
    with pytest.raises(TransitionNotAllowed, match="整改落实阶段已结束"):
        services.notice_transition(actor=w.leader, notice_id=notice.pk, transition="accept")


def test_overdue_on_the_business_clock(world: Any, business_date: Any) -> None:
    w = world
    notice = issued(w)
    assert not notice.is_overdue(TODAY)
    late = notice.deadline + datetime.timedelta(days=2)
    business_date(late)
    assert notice.is_overdue(late) and notice.days_overdue(late) == 2
    assert list(Notice.objects.overdue(late)) == [notice]
    assert [n.pk for n in selectors.liaison_waiting(actor=w.liaison)] == [notice.pk]
    assert [n.pk for n in selectors.team_waiting(actor=w.leader)] == [notice.pk]  # to chase
    assert list(selectors.team_waiting(actor=w.member)) == []  # a member does not review
    answered(w, notice)
    assert not Notice.objects.overdue(late).exists()
    assert list(selectors.liaison_waiting(actor=w.liaison)) == []
    assert [n.pk for n in selectors.team_waiting(actor=w.deputy_leader)] == [notice.pk]  # to review


def test_who_sees_which_notice(world: Any) -> None:
    w = world
    draft = services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=rectification(w))
    notice = issued(w)
    other = services.notice_create(actor=w.other_member, inspection_id=w.other.pk,
                                   data=rectification(w, organization_id=w.other_unit.pk))

    def seen(user: Any) -> set[int]:
        return set(Notice.objects.visible_to(user).values_list("pk", flat=True))

    everything = {draft.pk, notice.pk, other.pk}
    assert seen(w.office) == seen(w.director) == everything
    assert seen(w.leader) == seen(w.member) == {draft.pk, notice.pk}
    assert seen(w.other_member) == {other.pk}
    assert seen(w.liaison) == {notice.pk}  # issued, addressed to their unit: never a draft
    assert seen(w.liaison_other) == set()  # the other notice is a draft
    for user in (w.leading, w.cdi, w.orgdept):
        assert seen(user) == set()
    answered(w, notice)
    assert set(NoticeFile.objects.visible_to(w.liaison).values_list("answer__notice", flat=True)) == {notice.pk}
    assert not NoticeFile.objects.visible_to(w.other_member).exists()
    assert not ImmediateItem.objects.visible_to(w.liaison_other).exists()


def test_the_figures_of_the_stay(world: Any) -> None:
    w = world
    services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=rectification(w))  # a draft
    notice = issued(w)
    answered(w, notice)
    services.notice_transition(actor=w.leader, notice_id=notice.pk, transition="accept")
    issued(w, explanation(w))
    notices, items = selectors.stay_figures(w.inspection)
    assert (notices.label, notices.value) == ("通知书", 2)
    assert "已回复 1 份，已认可 1 份，待回复 1 份" in notices.detail
    assert (items.label, items.value, items.attention) == ("立行立改", 2, False)
    assert "应整改 2 项，已整改 2 项，完成率 100%" in items.detail


def test_an_issued_notice_is_citable_evidence_for_the_team_and_the_office_only(world: Any) -> None:
    from xuncha.inspections.evidence import check_refs, citable, resolve

    w = world
    draft = services.notice_create(actor=w.member, inspection_id=w.inspection.pk, data=rectification(w))
    notice = issued(w)

    def cited(user: Any) -> list[int]:
        return [item.id for kind, items in citable(user, w.inspection.pk) if kind.key == "notices.notice"
                for item in items]

    assert cited(w.member) == cited(w.director) == [notice.pk]  # a draft is not evidence
    assert cited(w.liaison) == [] and cited(w.other_member) == []
    found = resolve(w.leader, [("notices.notice", notice.pk), ("notices.notice", draft.pk)])
    assert list(found) == [("notices.notice", notice.pk)]
    assert "洛巡改〔2018〕1号" in found[("notices.notice", notice.pk)].title
    assert resolve(w.liaison, [("notices.notice", notice.pk)]) == {}
    assert check_refs(w.liaison, [("notices.notice", notice.pk)], inspection_id=w.inspection.pk)
