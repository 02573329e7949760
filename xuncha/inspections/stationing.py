"""Stationing (进驻): the notice to each organisation, its liaison group, the mobilisation meeting, the
announcement with the petition channels, and the team's signed recusal declarations and confidentiality pledges."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.accounts.scope import scope_of
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import DomainError
from xuncha.core.scoping import access
from xuncha.documents.models import DocumentSeries
from xuncha.documents.services import document_number_issue, document_number_reserve, parse_number
from xuncha.inspections.access import PLANNING_DENIED, require_planning
from xuncha.inspections.models import (
    DeclarationKind,
    Inspection,
    InspectionNotice,
    LiaisonContact,
    MemberDeclaration,
    MobilizationMeeting,
    StationingAnnouncement,
    TeamMembership,
)
from xuncha.rules.models import TimeLimits


def _field_error(field: str, message: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def _inspection_for_planning(actor: User, inspection_id: int) -> Inspection:
    return access(Inspection, actor, inspection_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                  queryset=Inspection.objects.select_related("jurisdiction", "round"))


def _notice_number(actor: User, inspection: Inspection, organization_id: int, typed: str,
                   issued_on: datetime.date) -> str:
    """The notice's document number: as typed (recorded, so the sequence skips it and no other notice reuses it),
    else the one it already has, else the next of the dispatching jurisdiction's notice series for the year."""
    jurisdiction = inspection.round.jurisdiction
    purpose = f"巡察通知 {inspection.code} #{organization_id}"
    existing = InspectionNotice.objects.filter(inspection=inspection, organization_id=organization_id).first()
    if typed:
        if parse_number(typed) is None:
            raise _field_error("notice_no", "文号格式不正确：应如“洛巡通〔2018〕12号”（年份用六角括号〔〕，"
                                            "序号不编虚位、不加“第”字）。")
        if existing is None or existing.notice_no != typed:
            document_number_reserve(actor=actor, jurisdiction=jurisdiction, series=DocumentSeries.NOTICE,
                                    number=typed, purpose=purpose)
        return typed
    if existing is not None:
        return existing.notice_no
    return document_number_issue(actor=actor, jurisdiction=jurisdiction, series=DocumentSeries.NOTICE,
                                 year=issued_on.year, purpose=purpose)


@transaction.atomic
def inspection_notice_issue(*, actor: User, inspection_id: int, organization_id: int, notice_no: str,
                            issued_on: datetime.date, requirements: str) -> InspectionNotice:
    """Issue the inspection notice (巡察通知) to one target; it must go out the configured days before entry. A
    blank ``notice_no`` takes the next number of the notice series (``xuncha.documents``)."""
    inspection = _inspection_for_planning(actor, inspection_id)
    if not inspection.targets.filter(organization_id=organization_id).exists():
        raise DomainError("该单位不是本次巡察的被巡察党组织。")
    limits = TimeLimits.effective_for(inspection.jurisdiction)
    latest = inspection.planned_entry - datetime.timedelta(days=limits.notice_days_before_entry)
    if issued_on > latest:
        raise _field_error("issued_on", f"巡察通知应在进驻前{limits.notice_days_before_entry}天印发，"
                                        f"即不晚于{latest:%Y年%m月%d日}。")
    number = _notice_number(actor, inspection, organization_id, notice_no.strip(), issued_on)
    notice, _ = InspectionNotice.objects.update_or_create(
        inspection=inspection, organization_id=organization_id,
        defaults={"notice_no": number, "issued_on": issued_on, "entry_date": inspection.planned_entry,
                  "requirements": requirements.strip(),
                  "liaison_list_due": inspection.planned_entry
                  - datetime.timedelta(days=limits.liaison_list_days_before_entry)},
    )
    audit_record("notice.issue", actor=actor, obj=inspection, details={"notice": notice.notice_no,
                                                                       "organization": organization_id})
    return notice


@transaction.atomic
def liaison_contact_add(*, actor: User, inspection_id: int, organization_id: int, name: str, post: str, phone: str,
                        is_head: bool = False) -> LiaisonContact:
    """Record a member of the organisation's liaison group (联络组); the liaison of that organisation may too."""
    inspection = access(Inspection, actor, inspection_id, queryset=Inspection.objects.select_related("jurisdiction"))
    scope = scope_of(actor)
    is_own_liaison = organization_id in scope.organization_ids
    if not is_own_liaison:
        require_planning(actor, inspection.jurisdiction)
    if not inspection.targets.filter(organization_id=organization_id).exists():
        raise DomainError("该单位不是本次巡察的被巡察党组织。")
    if not name.strip() or not phone.strip():
        raise DomainError("请填写姓名和电话。")
    contact = LiaisonContact.objects.create(inspection=inspection, organization_id=organization_id,
                                            name=name.strip(), post=post.strip(), phone=phone.strip(), is_head=is_head)
    audit_record("liaison_contact.add", actor=actor, obj=inspection, details={"name": contact.name})
    return contact


def _contact_for_change(actor: User, contact_id: int) -> LiaisonContact:
    """A liaison contact the actor may change: as for adding, the office or that organisation's liaison."""
    contact = access(LiaisonContact, actor, contact_id,
                     queryset=LiaisonContact.objects.select_related("inspection__jurisdiction"))
    if contact.organization_id not in scope_of(actor).organization_ids:
        require_planning(actor, contact.inspection.jurisdiction)
    return contact


@transaction.atomic
def liaison_contact_update(*, actor: User, contact_id: int, name: str, post: str, phone: str,
                           is_head: bool = False) -> LiaisonContact:
    """Correct a member of the liaison group (name, post, phone, head); audited with what changed."""
    contact = _contact_for_change(actor, contact_id)
    if not name.strip() or not phone.strip():
        raise DomainError("请填写姓名和电话。")
    values = {"name": name.strip(), "post": post.strip(), "phone": phone.strip(), "is_head": is_head}
    changes = {f: {"from": getattr(contact, f), "to": v} for f, v in values.items() if getattr(contact, f) != v}
    for field, value in values.items():
        setattr(contact, field, value)
    contact.save(update_fields=list(values))
    audit_record("liaison_contact.update", actor=actor, obj=contact.inspection,
                 details={"contact": contact.pk, "organization": contact.organization_id, "changes": changes})
    return contact


@transaction.atomic
def liaison_contact_remove(*, actor: User, contact_id: int) -> None:
    """Take a member off the liaison group (audited with who it was)."""
    contact = _contact_for_change(actor, contact_id)
    audit_record("liaison_contact.remove", actor=actor, obj=contact.inspection,
                 details={"contact": contact.pk, "organization": contact.organization_id, "name": contact.name})
    contact.delete()


@transaction.atomic
def announcement_save(*, actor: User, inspection_id: int, **fields: Any) -> StationingAnnouncement:
    """Save the stationing announcement (巡察公告). Petitions are accepted until the configured number of
    days before withdrawal (信访截止), never before stationing."""
    inspection = _inspection_for_planning(actor, inspection_id)
    limits = TimeLimits.effective_for(inspection.jurisdiction)
    cutoff = inspection.planned_withdrawal - datetime.timedelta(days=limits.petition_cutoff_days_before_end)
    accept_from = fields.get("accept_from") or inspection.planned_entry
    accept_until = fields.get("accept_until") or cutoff
    if accept_from < inspection.planned_entry:
        raise _field_error("accept_from", "受理开始时间不能早于进驻时间。")
    if accept_until > cutoff:
        raise _field_error("accept_until", f"信访受理应在撤驻前{limits.petition_cutoff_days_before_end}天截止，"
                                           f"即不晚于{cutoff:%Y年%m月%d日}。")
    if accept_until < accept_from:
        raise _field_error("accept_until", "受理截止时间不能早于开始时间。")
    if not str(fields.get("phone", "")).strip():
        raise _field_error("phone", "请填写值班电话。")
    values = {k: v for k, v in fields.items() if k in {f.name for f in StationingAnnouncement._meta.fields}}
    values.update(accept_from=accept_from, accept_until=accept_until)
    values.setdefault("scope_text", default_scope_text())
    announcement, _ = StationingAnnouncement.objects.update_or_create(inspection=inspection, defaults=values)
    audit_record("announcement.save", actor=actor, obj=inspection)
    return announcement


def default_scope_text() -> str:
    return ("主要受理反映被巡察党组织领导班子及其成员、下一级党组织领导班子主要负责人"
            "和重要岗位领导干部问题的来信来电来访，"
            "重点是违反政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律和生活纪律等方面的举报和反映。"
            "其他不属于巡察受理范围的信访问题，将按规定交由被巡察党组织和有关部门处理。")


@transaction.atomic
def mobilization_meeting_save(*, actor: User, inspection_id: int, held_at: datetime.datetime, place: str,
                              attendees: str, speakers: str, minutes: str = "") -> MobilizationMeeting:
    inspection = _inspection_for_planning(actor, inspection_id)
    if not place.strip():
        raise _field_error("place", "请填写会议地点。")
    meeting, _ = MobilizationMeeting.objects.update_or_create(
        inspection=inspection,
        defaults={"held_at": held_at, "place": place.strip(), "attendees": attendees.strip(),
                  "speakers": speakers.strip(), "minutes": minutes.strip()},
    )
    audit_record("meeting.save", actor=actor, obj=inspection)
    return meeting


@transaction.atomic
def declaration_record(*, actor: User, membership_id: int, kind: str, signed_on: datetime.date,
                       note: str = "") -> MemberDeclaration:
    """Record that a team member signed their recusal declaration (回避申请书) or pledge (保密承诺书)."""
    membership = access(TeamMembership, actor, membership_id, capability=Cap.MANAGE_PLANNING, denied=PLANNING_DENIED,
                        queryset=TeamMembership.objects.select_related("team__round__jurisdiction"))
    if kind not in DeclarationKind.values:
        raise DomainError("类别不正确。")
    if signed_on > business_today():
        raise _field_error("signed_on", "签署日期不能晚于今天。")
    declaration, _ = MemberDeclaration.objects.update_or_create(
        membership=membership, kind=kind, defaults={"signed_on": signed_on, "note": note.strip(), "recorded_by": actor}
    )
    audit_record("declaration.record", actor=actor, obj=membership.team,
                 details={"person": membership.person_id, "kind": kind})
    return declaration


def missing_declarations(inspection: Inspection) -> list[str]:
    """Names and documents still unsigned on the inspection's team, e.g. "王某某：保密承诺书"."""
    if inspection.team_id is None:
        return []
    signed = set(MemberDeclaration.objects.filter(membership__team_id=inspection.team_id)
                 .values_list("membership_id", "kind"))
    missing = []
    for m in TeamMembership.objects.filter(team_id=inspection.team_id).select_related("person"):
        for kind in DeclarationKind:
            if (m.pk, kind.value) not in signed:
                missing.append(f"{m.person.name}：{kind.label}")
    return missing
