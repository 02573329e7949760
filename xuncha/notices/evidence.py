"""The notices a finding or a lead can cite (``inspections.evidence``): an issued notice with the organisation's
answers (a rectification notice and what was done, an explanation the unit gave). Reads go through
``Notice.objects.visible_to`` and further through the team-or-office grant: the liaison sees the notices addressed to
their unit, but never as the team's evidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from xuncha.inspections.evidence import EvidenceItem, EvidenceKind, register_evidence_kind
from xuncha.notices.models import Notice, NoticeStatus, team_or_office

NOTICE = "notices.notice"


def _notices(user: Any) -> QuerySet[Notice]:
    return (Notice.objects.visible_to(user).filter(team_or_office(user)).exclude(status=NoticeStatus.DRAFT)
            .order_by("sequence"))


def _item(notice: Notice) -> EvidenceItem:
    issued = f"{notice.issued_on:%Y-%m-%d} " if notice.issued_on else ""
    return EvidenceItem(NOTICE, notice.pk, f"{notice.number} {notice.title}",
                        f"{issued}{notice.get_kind_display()} · {notice.get_status_display()}",
                        reverse("notices:notice-detail", args=[notice.pk]))


def notice_citable(user: Any, inspection_id: int) -> list[EvidenceItem]:
    return [_item(n) for n in _notices(user).filter(inspection_id=inspection_id)]


def notice_resolve(user: Any, ids: Sequence[int], inspection_id: int | None) -> dict[int, EvidenceItem]:
    qs = _notices(user).filter(pk__in=list(ids))
    if inspection_id is not None:
        qs = qs.filter(inspection_id=inspection_id)
    return {n.pk: _item(n) for n in qs}


def register() -> None:
    register_evidence_kind(EvidenceKind(NOTICE, "驻点期间通知书", notice_citable, notice_resolve, order=50))
