"""Reads for the round-planning and stationing pages and API; every one starts from ``visible_to(actor)``.

What the user may *do* is asked of the scope (``capabilities_at``) and shown by the templates; the services
check it again when the user acts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Max, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.core.clock import business_today
from xuncha.core.scoping import access
from xuncha.inspections.access import access_inspection, inspection_capabilities
from xuncha.inspections.models import (
    Inspection,
    InspectionNotice,
    InspectionTarget,
    LiaisonContact,
    MobilizationMeeting,
    Round,
    StationingAnnouncement,
    Team,
    Term,
)
from xuncha.inspections.recusal import RecusalHit, standing_conflicts
from xuncha.inspections.stationing import missing_declarations
from xuncha.inspections.workflow import InspectionStatus
from xuncha.orgs.models import Jurisdiction, Organization
from xuncha.planning.composition import CompositionIssue, team_composition
from xuncha.planning.models import AnnualPlan, WorkPlan
from xuncha.planning.rounds import target_candidates
from xuncha.rules.models import TimeLimits

# ---- What the user may do here ---------------------------------------------------------------------------------


def capabilities_over(actor: User, jurisdiction: Jurisdiction) -> frozenset[Cap]:
    return scope_of(actor).capabilities_at(jurisdiction_path=jurisdiction.path)


def can_plan(actor: User, jurisdiction: Jurisdiction) -> bool:
    """Office staff or director of the jurisdiction (or above it)."""
    return Cap.MANAGE_PLANNING in capabilities_over(actor, jurisdiction)


def can_approve(actor: User, jurisdiction: Jurisdiction) -> bool:
    """The leading group of the jurisdiction approves work plans and annual plans."""
    return Cap.APPROVE_WORK_PLAN in capabilities_over(actor, jurisdiction)


# ---- Terms and rounds ------------------------------------------------------------------------------------------


def term_get(*, actor: User, pk: Any) -> Term:
    return access(Term, actor, pk, queryset=Term.objects.select_related("jurisdiction"))


def round_get(*, actor: User, pk: Any) -> Round:
    return access(Round, actor, pk, queryset=Round.objects.select_related("term__jurisdiction", "jurisdiction"))


def next_round_number(term: Term) -> int:
    return (Round.objects.filter(term=term).aggregate(n=Max("number"))["n"] or 0) + 1


def round_inspections(*, actor: User, round_: Round) -> models.QuerySet[Inspection]:
    visible = Inspection.objects.visible_to(actor).values("pk")
    return Inspection.objects.filter(pk__in=visible, round=round_).with_related().order_by("code")


def round_teams(*, actor: User, round_: Round) -> models.QuerySet[Team]:
    return Team.objects.filter(pk__in=Team.objects.visible_to(actor).values("pk"), round=round_).order_by("number")


# ---- Target candidates -----------------------------------------------------------------------------------------

# "Last inspected" filter: never, or at least N years before the round starts (or never).
LAST_INSPECTED_CHOICES = [("never", "从未巡察"), ("1", "1年以上未巡察"), ("2", "2年以上未巡察"),
                          ("3", "3年以上未巡察"), ("5", "5年以上未巡察")]


@dataclass(frozen=True)
class CandidateFilters:
    q: str = ""
    org_type: str = ""
    sector: str = ""
    region_id: int | None = None
    min_staff: int | None = None
    max_staff: int | None = None
    last: str = ""
    include_covered: bool = False


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def candidate_list(*, actor: User, round_: Round, filters: CandidateFilters) -> models.QuerySet[Organization]:
    """Organisations the round may take (``rounds.target_candidates``), among those the user may see, with
    ``last_inspected`` and ``covered`` annotated; filtered by type as well as the service's filters."""
    qs = target_candidates(
        round_.term, sector=filters.sector, region_id=filters.region_id, min_staff=filters.min_staff,
        max_staff=filters.max_staff, q=filters.q.strip(), uninspected_only=not filters.include_covered,
    ).filter(pk__in=Organization.objects.visible_to(actor).values("pk"))
    if filters.org_type:
        qs = qs.filter(org_type=filters.org_type)
    if filters.last == "never":
        qs = qs.filter(Q(last_inspected__isnull=True))
    elif filters.last.isdigit():
        cutoff = _years_before(round_.planned_start, int(filters.last))
        qs = qs.filter(Q(last_inspected__isnull=True) | Q(last_inspected__lte=cutoff))
    return qs


def plannable_organizations(*, actor: User, round_: Round) -> models.QuerySet[Organization]:
    """Every organisation a new inspection of this round may name (covered or not; the service refuses those
    already planned, with the reason)."""
    return Organization.objects.visible_to(actor).filter(
        jurisdiction__path__startswith=round_.jurisdiction.path, is_inspectable=True)


def region_choices(term: Term) -> models.QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(path__startswith=term.jurisdiction.path).order_by("path")


def linkable_inspections(*, actor: User, round_: Round) -> models.QuerySet[Inspection]:
    """Inspections a new one may extend (延伸自) or revisit (回头看): the visible ones of this jurisdiction."""
    visible = Inspection.objects.visible_to(actor).values("pk")
    return (Inspection.objects.filter(pk__in=visible, jurisdiction__path__startswith=round_.jurisdiction.path)
            .select_related("round").prefetch_related(
                Prefetch("targets", queryset=InspectionTarget.objects.select_related("organization")))
            .order_by("-planned_entry", "code"))


def linkable_inspection_search(*, actor: User, round_: Round, q: str) -> models.QuerySet[Inspection]:
    """What the 延伸自 and 回头看对象 pickers offer: the linkable inspections whose code or a target's name contains
    ``q`` (all of them when it is empty), the latest first (``core.autocomplete``)."""
    qs = linkable_inspections(actor=actor, round_=round_)
    if q:
        named = InspectionTarget.objects.filter(inspection=models.OuterRef("pk")).filter(
            Q(organization__name__icontains=q) | Q(organization__short_name__icontains=q))
        qs = qs.filter(Q(code__icontains=q) | models.Exists(named))
    return qs


# ---- Work plans and annual plans -------------------------------------------------------------------------------


def work_plan_list(round_: Round) -> models.QuerySet[WorkPlan]:
    return WorkPlan.objects.filter(round=round_).select_related("created_by", "approved_by").order_by("-version")


def work_plan_get(*, actor: User, pk: Any) -> WorkPlan:
    return access(WorkPlan, actor, pk, queryset=WorkPlan.objects.select_related(
        "round__term__jurisdiction", "round__jurisdiction", "created_by", "approved_by"))


def annual_plan_list(term: Term) -> models.QuerySet[AnnualPlan]:
    return AnnualPlan.objects.filter(term=term).order_by("year")


def annual_plan_get(*, actor: User, pk: Any) -> AnnualPlan:
    return access(AnnualPlan, actor, pk, queryset=AnnualPlan.objects.select_related("term__jurisdiction"))


@dataclass(frozen=True)
class YearRow:
    year: int
    plan: AnnualPlan | None
    rounds: list[Round]


def term_years(*, actor: User, term: Term) -> list[YearRow]:
    """One row per year of the term: its annual plan (if any) and the visible rounds starting that year."""
    plans = {p.year: p for p in annual_plan_list(term)}
    rounds: dict[int, list[Round]] = {}
    visible = Round.objects.visible_to(actor).values("pk")
    for r in Round.objects.filter(pk__in=visible, term=term).order_by("number"):
        rounds.setdefault(r.year, []).append(r)
    years = range(term.start_date.year, term.end_date.year + 1)
    return [YearRow(y, plans.get(y), rounds.get(y, [])) for y in years]


# ---- Stationing ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadlines:
    """The dates the time limits give this inspection."""

    notice_latest: datetime.date
    liaison_due: datetime.date
    petition_cutoff: datetime.date
    notice_days: int
    liaison_days: int
    cutoff_days: int


def deadlines(inspection: Inspection) -> Deadlines:
    limits = TimeLimits.effective_for(inspection.jurisdiction)
    return Deadlines(
        notice_latest=inspection.planned_entry - datetime.timedelta(days=limits.notice_days_before_entry),
        liaison_due=inspection.planned_entry - datetime.timedelta(days=limits.liaison_list_days_before_entry),
        petition_cutoff=inspection.planned_withdrawal
        - datetime.timedelta(days=limits.petition_cutoff_days_before_end),
        notice_days=limits.notice_days_before_entry,
        liaison_days=limits.liaison_list_days_before_entry,
        cutoff_days=limits.petition_cutoff_days_before_end,
    )


@dataclass
class TargetRow:
    organization: Organization
    notice: InspectionNotice | None
    contacts: list[LiaisonContact]
    can_add_contact: bool


@dataclass
class Readiness:
    """What stationing still needs (read-only here; the forms are on the team and recusal pages)."""

    missing_declarations: list[str] = field(default_factory=list)
    conflicts: list[RecusalHit] = field(default_factory=list)
    composition: list[CompositionIssue] = field(default_factory=list)
    checks: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def blocking_composition(self) -> list[CompositionIssue]:
        return [i for i in self.composition if i.blocking]

    @property
    def ready(self) -> bool:
        return all(ok for _, ok in self.checks)


@dataclass
class Stationing:
    inspection: Inspection
    internal: bool  # office and team roles: the whole record; a liaison: their organisation's part
    can_manage: bool
    rows: list[TargetRow]
    meeting: MobilizationMeeting | None
    announcement: StationingAnnouncement | None
    deadlines: Deadlines
    readiness: Readiness | None
    today: datetime.date

    @property
    def stationed(self) -> bool:
        """Past stationing: the checks no longer apply, the records stay."""
        return self.inspection.status not in (InspectionStatus.PLANNED, InspectionStatus.PREPARING)

    @property
    def notices_issued(self) -> int:
        return sum(1 for r in self.rows if r.notice is not None)

    @property
    def contact_count(self) -> int:
        return sum(len(r.contacts) for r in self.rows)

    @property
    def can_add_contact(self) -> bool:
        return any(r.can_add_contact for r in self.rows)


def _readiness(inspection: Inspection, rows: list[TargetRow], meeting: Any, announcement: Any) -> Readiness:
    readiness = Readiness()
    target_ids = {r.organization.pk for r in rows}
    if inspection.team is not None:
        readiness.missing_declarations = missing_declarations(inspection)
        readiness.conflicts = [h for h in standing_conflicts(inspection.team) if h.organization_id in target_ids]
        readiness.composition = team_composition(inspection.team)
    readiness.checks = [
        (_("确定巡察组"), inspection.team is not None),
        (_("印发全部巡察通知"), bool(rows) and all(r.notice for r in rows)),
        (_("收到联络组名单"), bool(rows) and all(r.contacts for r in rows)),
        (_("安排进驻动员会"), meeting is not None),
        (_("拟定巡察公告"), announcement is not None),
        (_("签署回避申请书、保密承诺书"), inspection.team is not None and not readiness.missing_declarations),
        (_("解决全部回避情形"), not readiness.conflicts),
        (_("巡察组组成符合规定"), inspection.team is not None and not readiness.blocking_composition),
    ]
    return readiness


def stationing_overview(*, actor: User, inspection: Inspection, with_readiness: bool = True) -> Stationing:
    """The inspection's notices, liaison groups, meeting and announcement as the user may see them: office and
    team roles everything, the liaison of a target their own organisation's notice and liaison group."""
    caps = inspection_capabilities(actor, inspection)
    internal = Cap.VIEW_PLANNING in caps
    can_manage = Cap.MANAGE_PLANNING in caps
    own_orgs = scope_of(actor).organization_ids
    targets = [t.organization for t in inspection.targets.all()]
    if not internal:
        targets = [o for o in targets if o.pk in own_orgs]
    notices = {n.organization_id: n for n in InspectionNotice.objects.filter(inspection=inspection)}
    contacts: dict[int, list[LiaisonContact]] = {}
    for c in LiaisonContact.objects.filter(inspection=inspection).order_by("-is_head", "id"):
        contacts.setdefault(c.organization_id, []).append(c)
    rows = [TargetRow(o, notices.get(o.pk), contacts.get(o.pk, []), can_manage or o.pk in own_orgs)
            for o in targets]
    meeting = MobilizationMeeting.objects.filter(inspection=inspection).first() if internal else None
    announcement = StationingAnnouncement.objects.filter(inspection=inspection).first()
    stationed = inspection.status not in (InspectionStatus.PLANNED, InspectionStatus.PREPARING)
    readiness = (_readiness(inspection, rows, meeting, announcement)
                 if internal and with_readiness and not stationed else None)
    return Stationing(inspection, internal, can_manage, rows, meeting, announcement, deadlines(inspection),
                      readiness, business_today())


def announcement_readable(actor: User, inspection: Inspection) -> bool:
    """The announcement is for office and team roles and for the inspected organisations' liaisons, who post it."""
    caps = inspection_capabilities(actor, inspection)
    return bool(caps & {Cap.VIEW_PLANNING, Cap.VIEW_OWN_INSPECTION})


def liaison_contact_get(*, actor: User, pk: int) -> tuple[LiaisonContact, bool]:
    """A liaison contact as the stationing page shows it, and whether the actor may change it (the office, or
    the liaison of that organisation). 404 when the inspection is out of scope, or, for a liaison, when the
    contact belongs to another organisation of a 1托N inspection."""
    contact = access(LiaisonContact, actor, pk, queryset=LiaisonContact.objects.select_related("organization"))
    inspection = access_inspection(actor, contact.inspection_id)
    caps = inspection_capabilities(actor, inspection)
    own = contact.organization_id in scope_of(actor).organization_ids
    if Cap.VIEW_PLANNING not in caps and not own:
        raise Http404("联络组成员不存在或无权查看。")
    contact.inspection = inspection
    return contact, Cap.MANAGE_PLANNING in caps or own
