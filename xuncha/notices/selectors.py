"""The reads of notices during the stay: every list starts from ``visible_to(actor)`` (the team and the dispatching
office see all of an inspection's notices, the liaison the issued ones addressed to their organisation).

``immediate_items(inspection)`` is the read the rectification ledger uses for the 立行立改 items (see its
docstring); ``stay_figures`` gives the withdrawal step the notices issued, answered and accepted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing
from xuncha.core.scoping import access
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import StayFigure
from xuncha.notices.models import (
    AWAITING_ANSWER,
    ImmediateItem,
    ItemStatus,
    Notice,
    NoticeAnswer,
    NoticeFile,
    NoticeKind,
    NoticeStatus,
)
from xuncha.notices.workflows import ANSWER_STATUSES

# Who opens an inspection's notices: the team and the office (VIEW_NOTICES), the liaison (ANSWER_NOTICES).
PAGE_CAPS = frozenset({Cap.VIEW_NOTICES, Cap.ANSWER_NOTICES})


def notices_inspection(actor: User, pk: Any) -> Inspection:
    """An inspection whose notices ``actor`` opens: 404 out of scope, 403 for a role that reads no notices."""
    inspection = access_inspection(actor, pk)
    if not inspection.capabilities_for(actor) & PAGE_CAPS:
        raise CapabilityMissing("您的角色不能查看巡察组的通知书。")
    return inspection


def notice_list(*, actor: User, inspection: Inspection) -> QuerySet[Notice]:
    """The notices of an inspection as ``actor`` sees them, newest first, with their item counts and items (one
    query for all the rows' items: the API lists them)."""
    return (Notice.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("organization", "inspection").prefetch_related(_items())
            .annotate(item_count=Count("items", distinct=True),
                      items_done=Count("items", filter=Q(items__status=ItemStatus.DONE), distinct=True))
            .order_by("-sequence"))


def _items() -> Prefetch[str]:
    return Prefetch("items", queryset=ImmediateItem.objects.select_related("evidence").order_by("sequence"))


def notice_get(*, actor: User, pk: Any) -> Notice:
    return access(Notice, actor, pk, queryset=Notice.objects.select_related(
        "inspection__jurisdiction", "organization", "drafted_by", "issued_by", "received_by", "accepted_by")
        .prefetch_related(_items()))


def notice_items(notice: Notice) -> QuerySet[ImmediateItem]:
    """The items of a notice already loaded through the scope kernel."""
    return ImmediateItem.objects.filter(notice=notice).select_related("evidence").order_by("sequence")


def notice_answers(notice: Notice) -> list[NoticeAnswer]:
    """The answers of a notice already loaded through the scope kernel, each with its files."""
    return list(NoticeAnswer.objects.filter(notice=notice).select_related("answered_by")
                .prefetch_related("files").order_by("round"))


def notice_file_get(*, actor: User, pk: Any) -> NoticeFile:
    return access(NoticeFile, actor, pk, queryset=NoticeFile.objects.select_related("answer__notice"))


def status_counts(notices: QuerySet[Notice], today: datetime.date) -> dict[str, int]:
    """Counts by status of the notices given, and how many are overdue (one query)."""
    rows = dict(notices.order_by().values_list("status").annotate(n=Count("pk", distinct=True)))
    counts = {s: rows.get(s, 0) for s in NoticeStatus.values}
    counts["overdue"] = notices.order_by().filter(status__in=list(AWAITING_ANSWER), deadline__lt=today).count()
    counts["total"] = sum(rows.values())
    return counts


# ---- The immediate-rectification items (立行立改) ------------------------------------------------------------------


@dataclass(frozen=True)
class ImmediateSummary:
    """应整改数 / 已整改数 / 完成率 (spec §6.5) of one inspection's issued rectification notices."""

    total: int
    done: int

    @property
    def open(self) -> int:
        return self.total - self.done

    @property
    def rate(self) -> int:
        """完成率 in whole per cent (0 when there is nothing to fix)."""
        return round(100 * self.done / self.total) if self.total else 0


def immediate_items(inspection: Inspection) -> QuerySet[ImmediateItem]:
    """Every immediate-rectification item (立行立改) of ``inspection``: the items of its rectification notices once
    issued (a draft's items are not yet asked of anyone), in notice and item order.

    For the rectification ledger (整改台账) to read: each row has ``status`` (``ItemStatus.OPEN`` / ``DONE``),
    ``problem``, ``requirement``, ``measures`` (the organisation's latest answer), ``done_on`` and ``evidence`` (the
    accepted ``NoticeAnswer``, whose ``files`` are the evidence); ``notice`` is joined (its ``number``,
    ``organization``, ``deadline``). An item still open when rectification opens is carried into the ledger as
    open; a done one as done (立行立改, with its evidence). This is not scoped: the caller has loaded
    ``inspection`` through the scope kernel and decides who reads the rows (the team and the office).
    """
    return (ImmediateItem.objects.filter(notice__inspection=inspection, notice__kind=NoticeKind.RECTIFICATION)
            .exclude(notice__status=NoticeStatus.DRAFT)
            .select_related("notice__organization", "evidence").order_by("notice__sequence", "sequence"))


def visible_immediate_items(*, actor: User, inspection: Inspection) -> QuerySet[ImmediateItem]:
    """``immediate_items`` as ``actor`` may see them (the liaison: their organisation's)."""
    return immediate_items(inspection).filter(pk__in=ImmediateItem.objects.visible_to(actor).values("pk"))


def immediate_summary(items: QuerySet[ImmediateItem]) -> ImmediateSummary:
    figures = items.order_by().aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=ItemStatus.DONE)))
    return ImmediateSummary(total=figures["total"], done=figures["done"])


# ---- Home to-dos (dashboards) ---------------------------------------------------------------------------------


def liaison_waiting(*, actor: User) -> QuerySet[Notice]:
    """Notices addressed to the liaison's organisation that wait for them: to sign for, or to answer (again)."""
    if not scope_of(actor).organization_ids:
        return Notice.objects.none()
    return (Notice.objects.visible_to(actor)
            .filter(organization_id__in=scope_of(actor).organization_ids, status__in=list(AWAITING_ANSWER),
                    inspection__status__in=list(ANSWER_STATUSES))
            .select_related("inspection").order_by("deadline", "pk"))


def team_waiting(*, actor: User) -> QuerySet[Notice]:
    """Notices of the teams ``actor`` reviews for (leader, deputies): answers to review, and notices the
    organisation has let pass their deadline (to chase)."""
    team_ids = scope_of(actor).all_team_ids(Cap.REVIEW_NOTICES)
    if not team_ids:
        return Notice.objects.none()
    today = business_today()
    waiting = Q(status=NoticeStatus.ANSWERED) | Q(status__in=list(AWAITING_ANSWER), deadline__lt=today)
    return (Notice.objects.visible_to(actor)
            .filter(waiting, inspection__team_id__in=team_ids, inspection__status__in=list(ANSWER_STATUSES))
            .select_related("inspection", "organization").order_by("deadline", "pk"))


# ---- The stay in figures (shown at withdrawal) ----------------------------------------------------------------


def stay_figures(inspection: Inspection) -> list[StayFigure]:
    """Notices issued, answered and accepted; the immediate-rectification items done against those asked."""
    notices = Notice.objects.filter(inspection=inspection).exclude(status=NoticeStatus.DRAFT)
    today = business_today()
    figures = notices.aggregate(
        issued=Count("pk"),
        answered=Count("pk", filter=Q(status__in=[NoticeStatus.ANSWERED, NoticeStatus.ACCEPTED])),
        accepted=Count("pk", filter=Q(status=NoticeStatus.ACCEPTED)),
        waiting=Count("pk", filter=Q(status__in=list(AWAITING_ANSWER))),
        overdue=Count("pk", filter=Q(status__in=list(AWAITING_ANSWER), deadline__lt=today)),
    )
    summary = immediate_summary(immediate_items(inspection))
    return [
        StayFigure("通知书", figures["issued"],
                   f"已回复 {figures['answered']} 份，已认可 {figures['accepted']} 份，待回复 {figures['waiting']} 份"
                   + (f"（逾期 {figures['overdue']} 份）" if figures["overdue"] else ""),
                   attention=figures["overdue"] > 0),
        StayFigure("立行立改", summary.done,
                   f"应整改 {summary.total} 项，已整改 {summary.done} 项，完成率 {summary.rate}%",
                   attention=summary.open > 0),
    ]
