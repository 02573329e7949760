"""Petitions as evidence of a finding or a lead (``inspections.evidence``): through ``Petition.visible_to`` (the
team and the office director), titled by number and summary, never by the petitioner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from xuncha.inspections.evidence import EvidenceItem, EvidenceKind, register_evidence_kind
from xuncha.petitions.models import Petition

PETITION = "petitions.petition"


def _petitions(user: Any) -> QuerySet[Petition]:
    return Petition.objects.visible_to(user).order_by("received_on", "id")


def _item(petition: Petition) -> EvidenceItem:
    return EvidenceItem(PETITION, petition.pk, f"{petition.number} {petition.summary}",
                        f"{petition.received_on:%Y-%m-%d} {petition.get_channel_display()}",
                        reverse("petitions:petition-detail", args=[petition.pk]))


def petition_citable(user: Any, inspection_id: int) -> list[EvidenceItem]:
    return [_item(p) for p in _petitions(user).filter(inspection_id=inspection_id)]


def petition_resolve(user: Any, ids: Sequence[int], inspection_id: int | None) -> dict[int, EvidenceItem]:
    qs = _petitions(user).filter(pk__in=list(ids))
    if inspection_id is not None:
        qs = qs.filter(inspection_id=inspection_id)
    return {p.pk: _item(p) for p in qs}


def register() -> None:
    register_evidence_kind(EvidenceKind(PETITION, "信访件", petition_citable, petition_resolve, order=20))
