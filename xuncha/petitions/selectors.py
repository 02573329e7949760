"""Reads of petitions: the team's lists and records (audited), the petitioner's view through a receipt, the
figures of a stay and the withdrawal guard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.models import StatusChange
from xuncha.core.scoping import access, capabilities
from xuncha.inspections.models import Inspection
from xuncha.inspections.sections import StayFigure
from xuncha.petitions import triage
from xuncha.petitions.models import Petition, PetitionMessage
from xuncha.petitions.workflow import OPEN_STATUSES, PETITION_WORKFLOW, PUBLIC_STATUS, PetitionStatus

VIEW_DENIED = "只有本巡察组和巡察办主任可以查看信访件。"


def inspection_for_petitions(actor: User, inspection_id: Any) -> Inspection:
    """The inspection whose petitions ``actor`` may read (404 out of scope, 403 without the capability)."""
    return access(Inspection, actor, inspection_id, capability=Cap.VIEW_PETITIONS, denied=VIEW_DENIED,
                  queryset=Inspection.objects.with_related())


def petition_list(*, actor: User, inspection: Inspection) -> models.QuerySet[Petition]:
    """The inspection's petitions as ``actor`` sees them (team-confidential), newest first."""
    return (Petition.objects.visible_to(actor).filter(inspection=inspection)
            .select_related("category", "suggested_category", "duplicate_of")
            .annotate(file_count=models.Count("files", distinct=True))
            .order_by("-received_on", "-id"))


def may_see_identity(actor: User, petition: Petition) -> bool:
    return Cap.VIEW_CONFIDENTIAL in capabilities(actor, petition)


@dataclass(frozen=True)
class PetitionRecord:
    petition: Petition
    caps: frozenset[str]
    identity_visible: bool
    messages: list[PetitionMessage]
    duplicates: list[tuple[Petition, float]]
    merged_here: list[Petition]


def petition_detail(*, actor: User, petition_id: Any) -> PetitionRecord:
    """One petition with its messages, files and transfer; every read is audited (with whether the petitioner's
    identity was shown)."""
    petition = access(Petition, actor, petition_id, capability=Cap.VIEW_PETITIONS, denied=VIEW_DENIED,
                      queryset=Petition.objects.select_related(
                          "inspection__jurisdiction", "inspection__round", "inspection__team", "category",
                          "suggested_category", "duplicate_of", "registered_by", "transfer")
                      .prefetch_related("files"))
    caps = capabilities(actor, petition)
    identity = Cap.VIEW_CONFIDENTIAL in caps and not petition.anonymous
    audit_record("petition.read", actor=actor, obj=petition, details={"identity": identity})
    messages = list(petition.messages.select_related("author").order_by("created_at", "id"))
    duplicates: list[tuple[Petition, float]] = []
    if petition.is_open:
        others = Petition.objects.filter(inspection_id=petition.inspection_id, status__in=OPEN_STATUSES)
        duplicates = triage.duplicate_candidates(petition, others.exclude(pk=petition.pk)[:200])
    merged_here = list(Petition.objects.filter(duplicate_of=petition).order_by("received_on"))
    return PetitionRecord(petition, caps, identity, messages, duplicates, merged_here)


@dataclass(frozen=True)
class PublicView:
    """What the petitioner reads with the receipt: the number, the date, the public status and the messages."""

    number: str
    received_on: Any
    status_label: str
    messages: list[PetitionMessage]


def public_view(petition: Petition) -> PublicView:
    messages = list(petition.messages.order_by("created_at", "id"))
    if petition.status == PetitionStatus.MERGED and petition.duplicate_of is not None:
        # The original's replies concern the same matter: the petitioner of a duplicate reads them too.
        messages += [m for m in petition.duplicate_of.messages.order_by("created_at", "id") if not m.from_petitioner]
        messages.sort(key=lambda m: (m.created_at, m.pk))
    return PublicView(petition.number, petition.received_on, str(PUBLIC_STATUS[PetitionStatus(petition.status)]),
                      messages)


def open_count(inspection: Inspection) -> int:
    """Petitions of the inspection neither handled nor carried into the report (no user: the guard's count)."""
    return Petition.objects.filter(inspection_id=inspection.pk, status__in=OPEN_STATUSES).count()


def status_counts(inspection: Inspection) -> dict[str, int]:
    rows = (Petition.objects.filter(inspection_id=inspection.pk).values("status")
            .annotate(n=models.Count("id")).order_by())
    return {row["status"]: row["n"] for row in rows}


def stay_figures(inspection: Inspection) -> list[StayFigure]:
    """Petitions received and how each was handled, for the withdrawal step."""
    counts = status_counts(inspection)
    total = sum(counts.values())
    online = Petition.objects.filter(inspection_id=inspection.pk, channel="online").count()
    handled = "，".join(f"{PetitionStatus(s).label} {counts[s]}" for s in PetitionStatus.values
                       if s not in OPEN_STATUSES and counts.get(s))
    unhandled = sum(counts.get(s, 0) for s in OPEN_STATUSES)
    figures = [StayFigure("受理信访件", total, f"其中网络/扫码 {online} 件" if total else "")]
    if handled:
        figures.append(StayFigure("已办理", total - unhandled, handled))
    figures.append(StayFigure("未办理信访件", unhandled, "须办理或纳入巡察报告后才能撤驻" if unhandled else "",
                              attention=bool(unhandled)))
    return figures


def petitions_handled(obj: Any) -> str | None:
    """信访件均已办理或纳入巡察报告。"""
    count = open_count(obj)
    if not count:
        return None
    return f"还有 {count} 件信访件未办理，也未纳入巡察报告。"


def status_history(petition: Petition) -> list[StatusChange]:
    return list(StatusChange.for_object(petition))


def available_transitions(petition: Petition, caps: frozenset[str]) -> list[Any]:
    return PETITION_WORKFLOW.available(petition, caps)
