"""Planning a round (轮次): create it, pick targets from those not yet inspected this term, group them into
inspections, and copy a round as the draft of the next."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access
from xuncha.inspections.access import PLANNING_DENIED
from xuncha.inspections.models import Inspection, InspectionTarget, InspectionType, Round, Team, Term
from xuncha.inspections.recusal import RecusalHit, team_recusal
from xuncha.orgs.models import Organization, coverage_units_q
from xuncha.planning.coverage import COUNTING_TYPES
from xuncha.planning.models import WorkPlan
from xuncha.planning.teams import FORMING_STATUSES


def _error(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def check_round_dates(*, term: Term, number: int, planned_start: datetime.date, planned_end: datetime.date,
                      exclude_pk: int | None = None) -> None:
    """Refuse dates a round may not have: outside the term, or out of step with the rounds numbered around it
    (the calendar and the annual plan list rounds by number and by date, and both orders must agree)."""
    if planned_end < planned_start:
        raise _error("planned_end", "计划撤驻时间不能早于计划进驻时间。")
    span = f"（{term.start_date}—{term.end_date}）"
    if not (term.start_date <= planned_start <= term.end_date):
        raise _error("planned_start", f"计划进驻时间应在本届任期内{span}。")
    if planned_end > term.end_date:
        raise _error("planned_end", f"计划撤驻时间应在本届任期内{span}。")
    others = Round.objects.filter(term=term)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    before = others.filter(number__lt=number).order_by("-number").first()
    if before is not None and planned_start < before.planned_start:
        raise _error("number", f"第{number}轮的计划进驻时间早于第{before.number}轮（{before.planned_start}进驻），"
                               "轮次应按时间先后编号。")
    after = others.filter(number__gt=number).order_by("number").first()
    if after is not None and planned_start > after.planned_start:
        raise _error("number", f"第{number}轮的计划进驻时间晚于第{after.number}轮（{after.planned_start}进驻），"
                               "轮次应按时间先后编号。")


def round_date_warnings(rnd: Round) -> list[str]:
    """Rounds of the same term whose planned time overlaps ``rnd``: allowed (a special round may run beside a
    routine one) but worth a second look, so page and API both report them."""
    overlapping = (Round.objects.filter(term_id=rnd.term_id, planned_start__lte=rnd.planned_end,
                                        planned_end__gte=rnd.planned_start)
                   .exclude(pk=rnd.pk).order_by("number"))
    return [f"与第{o.number}轮（{o.planned_start}—{o.planned_end}）时间重叠，请确认巡察力量是否够用。"
            for o in overlapping]


@transaction.atomic
def round_create(*, actor: User, term_id: int, number: int, name: str, planned_start: datetime.date,
                 planned_end: datetime.date, focus_notes: str = "") -> Round:
    term = access(Term, actor, term_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                  queryset=Term.objects.select_related("jurisdiction"))
    if Round.objects.filter(term=term, number=number).exists():
        raise _error("number", f"{term.name}已有第{number}轮。")
    check_round_dates(term=term, number=number, planned_start=planned_start, planned_end=planned_end)
    rnd = Round.objects.create(term=term, number=number, name=name.strip() or f"{term.name}第{number}轮巡察",
                               year=planned_start.year, planned_start=planned_start, planned_end=planned_end,
                               focus_notes=focus_notes.strip())
    audit_record("round.create", actor=actor, obj=rnd)
    return rnd


def target_candidates(term: Term, *, sector: str = "", region_id: int | None = None, min_staff: int | None = None,
                      max_staff: int | None = None, q: str = "",
                      uninspected_only: bool = True) -> QuerySet[Organization]:
    """Organisations of the term's jurisdiction and those below it that a new inspection may take, with the date
    each was last inspected (``last_inspected``) and whether it is covered this term (``covered``)."""
    covered = InspectionTarget.objects.filter(
        organization=OuterRef("pk"), inspection__round__term=term, inspection__inspection_type__in=COUNTING_TYPES
    )
    # The same units as coverage counts (a branch of an inspected bureau was covered with it).
    qs = (Organization.objects.filter(coverage_units_q(), jurisdiction__path__startswith=term.jurisdiction.path)
          .select_related("jurisdiction", "parent")
          .annotate(covered=Exists(covered), last_inspected=Max("inspection_targets__inspection__stationed_on")))
    if uninspected_only:
        qs = qs.filter(covered=False)
    if sector:
        qs = qs.filter(sector=sector)
    if region_id:
        qs = qs.filter(jurisdiction_id=region_id)
    if min_staff is not None:
        qs = qs.filter(staff_size__gte=min_staff)
    if max_staff is not None:
        qs = qs.filter(staff_size__lte=max_staff)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return qs.order_by("last_inspected", "jurisdiction__path", "path")


def _check_extends_from_manager(actor: User, orgs: list[Organization], parent_inspection_id: int) -> None:
    """An extended inspection (延伸巡察) reaches down from the inspection of the body that manages its targets:
    each target must sit below one of the parent inspection's targets in the organisation tree."""
    try:
        parent = access(Inspection, actor, parent_inspection_id)
    except Http404 as exc:
        raise _error("parent_inspection", "所选巡察不存在或无权查看。") from exc
    managers = set(parent.targets.values_list("organization_id", flat=True))
    strays = [o for o in orgs if not managers.intersection(o.ancestor_ids())]
    if strays:
        names = "、".join(str(o) for o in strays)
        raise _error("parent_inspection", f"{names}不归{parent.code}的被巡察党组织管理，不能从该巡察延伸；"
                                          "请选择对其主管党组织的巡察，或不填（单独开展延伸巡察）。")


@transaction.atomic
def inspection_create(*, actor: User, round_id: int, team_id: int | None, inspection_type: str,
                      organization_ids: list[int], special_topic: str = "", is_cross: bool = False,
                      is_linked: bool = False, parent_inspection_id: int | None = None,
                      revisit_of_id: int | None = None, planned_entry: datetime.date | None = None,
                      planned_withdrawal: datetime.date | None = None) -> Inspection:
    """Create one inspection of one or more organisations (1托N), refusing targets already under way. An
    extended inspection either extends from the inspection of its targets' managing body or stands alone."""
    rnd = access(Round, actor, round_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                 queryset=Round.objects.select_related("jurisdiction", "term"))
    if inspection_type not in InspectionType.values:
        raise _error("inspection_type", "巡察类型不正确。")
    if not organization_ids:
        raise _error("organizations", "请至少选择一个被巡察党组织。")
    orgs = list(Organization.objects.filter(pk__in=organization_ids,
                                            jurisdiction__path__startswith=rnd.jurisdiction.path))
    if len(orgs) != len(set(organization_ids)):
        raise _error("organizations", "所选单位不在本级党委的巡察范围内。")
    busy = (InspectionTarget.objects.filter(organization__in=orgs, inspection__round__term=rnd.term)
            .exclude(inspection__status="archived").select_related("organization", "inspection"))
    if inspection_type in COUNTING_TYPES:
        for target in busy.filter(inspection__inspection_type__in=COUNTING_TYPES):
            raise _error("organizations", f"{target.organization}已列入{target.inspection.code}，不能重复安排。")
    if parent_inspection_id is not None:
        if inspection_type != InspectionType.EXTENDED:
            raise _error("parent_inspection", "只有延伸巡察可以指明从哪一次巡察延伸。")
        _check_extends_from_manager(actor, orgs, parent_inspection_id)
    team = rnd.teams.filter(pk=team_id).first() if team_id else None
    if team_id and team is None:
        raise _error("team", "巡察组不属于本轮。")
    number = Inspection.objects.filter(round=rnd).count() + 1
    inspection = Inspection(
        round=rnd, team=team, code=f"{rnd.term.number}-{rnd.number}-{number:02d}", inspection_type=inspection_type,
        special_topic=special_topic.strip(), is_cross=is_cross, is_linked=is_linked,
        parent_inspection_id=parent_inspection_id, revisit_of_id=revisit_of_id,
        planned_entry=planned_entry or rnd.planned_start, planned_withdrawal=planned_withdrawal or rnd.planned_end,
    )
    while Inspection.objects.filter(code=inspection.code).exists():
        number += 1
        inspection.code = f"{rnd.term.number}-{rnd.number}-{number:02d}"
    try:
        inspection.full_clean(exclude=["jurisdiction"])
    except ValidationError as exc:
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        raise DomainError("；".join(m for ms in fields.values() for m in ms), fields=fields) from exc
    inspection.save()
    InspectionTarget.objects.bulk_create([InspectionTarget(inspection=inspection, organization=o) for o in orgs])
    audit_record("inspection.create", actor=actor, obj=inspection,
                 details={"targets": [o.pk for o in orgs], "type": inspection_type})
    return inspection


@dataclass(frozen=True)
class TeamChanged:
    inspection: Inspection
    # Warnings of the new team against this inspection's targets, still to be decided by the director.
    warnings: list[RecusalHit]


@transaction.atomic
def inspection_team_set(*, actor: User, inspection_id: int, team_id: int | None) -> TeamChanged:
    """Attach a team of the inspection's round to it, change it, or take it off (``team_id=None``), until it is
    stationed. The new team's members are checked against the inspection's targets: a blocking recusal
    ground refuses the change; warnings come back to be shown and decided as on the team page. Audited."""
    inspection = access(Inspection, actor, inspection_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                        lock=True, queryset=Inspection.objects.select_related("round__jurisdiction", "team"))
    if inspection.status not in FORMING_STATUSES:
        raise DomainError(f"巡察已{inspection.get_status_display()}，不能再更换巡察组。")
    team = None
    if team_id is not None:
        team = inspection.round.teams.filter(pk=team_id).first()
        if team is None:
            raise _error("team", "巡察组不属于本轮。")
    if team_id == inspection.team_id:
        raise _error("team", "巡察组没有变化。" if team else "这次巡察尚未指定巡察组。")
    old = inspection.team
    inspection.team = team
    inspection.save(update_fields=["team", "updated_at"])
    warnings: list[RecusalHit] = []
    if team is not None:
        targets = {t.organization_id for t in inspection.targets.all()}
        hits = [h for h in team_recusal(team) if h.organization_id in targets and h.stands]
        blocking = [h for h in hits if h.is_blocking]
        if blocking:
            facts = "；".join(f"{h.person_name}对{h.organization_name}：{h.rule_label}（{h.reason}）" for h in blocking)
            # Raising rolls the change back (the service is one transaction).
            raise _error("team", f"{team}有成员必须回避，不能安排这次巡察：{facts}。请先调整该组成员或改派其他巡察组。")
        warnings = hits
    audit_record("inspection.team_set", actor=actor, obj=inspection,
                 details={"from": old.pk if old else None, "to": team.pk if team else None,
                          "warnings": [[h.person_id, h.organization_id, str(h.rule)] for h in warnings]})
    return TeamChanged(inspection, warnings)


@transaction.atomic
def round_copy_as_draft(*, actor: User, round_id: int, planned_start: datetime.date,
                        planned_end: datetime.date) -> Round:
    """Start the next round from this one: the same teams (names, numbers, home jurisdictions) without members
    — leaders are authorised for one round only — and the latest work plan as the first draft."""
    source = access(Round, actor, round_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                    queryset=Round.objects.select_related("jurisdiction", "term"))
    number = (Round.objects.filter(term=source.term).aggregate(n=Max("number"))["n"] or 0) + 1
    new = round_create(actor=actor, term_id=source.term_id, number=number, name=f"{source.term.name}第{number}轮巡察",
                       planned_start=planned_start, planned_end=planned_end, focus_notes=source.focus_notes)
    Team.objects.bulk_create([
        Team(round=new, number=t.number, name=t.name, home_jurisdiction_id=t.home_jurisdiction_id)
        for t in source.teams.all()
    ])
    plan = WorkPlan.objects.filter(round=source).order_by("-version").first()
    if plan is not None:
        WorkPlan.objects.create(round=new, version=1, focus=plan.focus, schedule=plan.schedule,
                                key_matters=plan.key_matters, created_by=actor)
    audit_record("round.copy", actor=actor, obj=new, details={"from": source.pk})
    return new
