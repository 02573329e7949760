"""The writes of fieldwork, one service each for the page and the API: transactional, audited, scoped.

Every object is loaded through the scope kernel (``access``) with the capability the write needs, so a record
outside the caller's grants is a 404 and a visible one whose action they lack a 403. Bad input raises
``DomainError`` with a Chinese message.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from xuncha.accounts.models import User
from xuncha.accounts.roles import Cap
from xuncha.audit.services import audit_record
from xuncha.core.clock import business_today
from xuncha.core.exceptions import CapabilityMissing, DomainError
from xuncha.core.scoping import access, capabilities
from xuncha.core.uploads import check_upload
from xuncha.fieldwork.models import (
    RECORD_METHODS,
    DocumentFile,
    DocumentRequest,
    Talk,
    TalkAttachment,
    TalkCategory,
    TalkRecord,
    TalkStatus,
    TalkType,
    WorkLogEntry,
    WorkRecord,
)
from xuncha.fieldwork.workflows import (
    DOCUMENT_WORKFLOW,
    OPEN_TALK,
    RECORD_WORKFLOW,
    STAY_OVER,
    STAY_STATUSES,
    TALK_WORKFLOW,
    WRAP_UP_OVER,
    WRAP_UP_STATUSES,
)
from xuncha.inspections.access import access_inspection
from xuncha.inspections.models import Inspection, MembershipRole, TeamMembership
from xuncha.inspections.recusal import team_recusal
from xuncha.orgs.models import Organization, Person, Rank

# Talk slots of a working day (spec §4.2: talks are booked in advance, about an hour each).
SLOT_TIMES = (datetime.time(9, 0), datetime.time(10, 30), datetime.time(14, 30), datetime.time(16, 0))
DEFAULT_PLACE = "巡察组谈话室"
LEADERSHIP_RANKS = {Rank.DEPARTMENT_CHIEF, Rank.DEPARTMENT_DEPUTY, Rank.DIVISION_CHIEF, Rank.DIVISION_DEPUTY}
MIDDLE_RANKS = {Rank.SECTION_CHIEF, Rank.SECTION_DEPUTY}
CATEGORY_ORDER = list(TalkCategory.values)


def _require_status(inspection: Inspection, statuses: frozenset[str], message: str) -> None:
    if inspection.status not in statuses:
        raise DomainError(message)


def _work_inspection(actor: User, inspection_id: int, capability: Cap, *, wrap_up: bool = False) -> Inspection:
    """The inspection, locked, for a write that needs ``capability`` while the team is stationed (or, with
    ``wrap_up``, until the report is done)."""
    inspection = access_inspection(actor, inspection_id, capability=capability, lock=True)
    if wrap_up:
        _require_status(inspection, WRAP_UP_STATUSES, WRAP_UP_OVER)
    else:
        _require_status(inspection, STAY_STATUSES, STAY_OVER)
    return inspection


def _next_sequence(model: Any, inspection: Inspection) -> int:
    # The inspection row is locked by the caller, so two writers cannot take the same number.
    return (model.objects.filter(inspection=inspection).aggregate(n=Max("sequence"))["n"] or 0) + 1


def _target_orgs(inspection: Inspection) -> list[Organization]:
    return [t.organization for t in inspection.targets.all()]


def _in_targets(inspection: Inspection, org: Organization) -> bool:
    return any(org.path.startswith(t.path) for t in _target_orgs(inspection))


def _changes(obj: Any, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields that change, as ``{field: [old, new]}`` — ids and dates only, never confidential text."""
    out: dict[str, list[Any]] = {}
    for name, value in data.items():
        old = getattr(obj, name)
        if old != value:
            simple = not isinstance(value, str) or name in {"place", "category", "talk_type", "name", "post"}
            out[name] = [_plain(old), _plain(value)] if simple else ["…", "…"]
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


# ---- The talk plan ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamSeat:
    person_id: int
    name: str
    role: str


def team_seats(inspection: Inspection) -> list[TeamSeat]:
    """The team's members who may interview (leader and deputies first)."""
    if inspection.team_id is None:
        return []
    order = {MembershipRole.LEADER: 0, MembershipRole.DEPUTY_LEADER: 1, MembershipRole.MEMBER: 2,
             MembershipRole.LIAISON_OFFICER: 3}
    rows = TeamMembership.objects.filter(team_id=inspection.team_id).select_related("person")
    return sorted((TeamSeat(m.person_id, m.person.name, m.role) for m in rows),
                  key=lambda s: (order.get(MembershipRole(s.role), 9), s.person_id))


def recused_interviewers(inspection: Inspection) -> dict[int, set[int]]:
    """organisation id → the team members who must not interview there (a standing recusal ground)."""
    if inspection.team is None:
        return {}
    blocked: dict[int, set[int]] = {}
    targets = {t.pk: t for t in _target_orgs(inspection)}
    for hit in team_recusal(inspection.team):
        if hit.stands and hit.organization_id in targets:
            blocked.setdefault(hit.organization_id, set()).add(hit.person_id)
    return blocked


def _target_of(inspection: Inspection, org: Organization) -> Organization:
    """The inspected organisation that ``org`` belongs to (itself or the target above it)."""
    for target in sorted(_target_orgs(inspection), key=lambda t: -len(t.path)):
        if org.path.startswith(target.path):
            return target
    raise DomainError("该单位不属于本次巡察的被巡察党组织。")


def check_interviewers(inspection: Inspection, org: Organization, interviewer_id: int | None,
                       recorder_id: int | None, person_id: int | None = None,
                       blocked: dict[int, set[int]] | None = None) -> None:
    """Two different members of the team, neither the interviewee, neither with a standing recusal ground for the
    organisation (inspections.recusal)."""
    if not interviewer_id or not recorder_id:
        raise DomainError("须安排两名巡察组成员谈话（一人主谈、一人记录）。",
                          fields={"recorder": ["请选择记录人。"]})
    if interviewer_id == recorder_id:
        raise DomainError("主谈人和记录人不能是同一人。", fields={"recorder": ["主谈人和记录人不能是同一人。"]})
    seats = {s.person_id: s for s in team_seats(inspection)}
    for pk, field in ((interviewer_id, "interviewer"), (recorder_id, "recorder")):
        if pk not in seats:
            raise DomainError("谈话人必须是本巡察组成员。", fields={field: ["谈话人必须是本巡察组成员。"]})
        if person_id and pk == person_id:
            raise DomainError("谈话人不能与谈话对象是同一人。", fields={field: ["谈话人不能与谈话对象是同一人。"]})
    blocked = recused_interviewers(inspection) if blocked is None else blocked
    target = _target_of(inspection, org)
    for pk, field in ((interviewer_id, "interviewer"), (recorder_id, "recorder")):
        if pk in blocked.get(target.pk, set()):
            message = f"{seats[pk].name}对{target}存在回避情形，不能参加该单位人员的谈话。"
            raise DomainError(message, fields={field: [message]})


def _category_of(person: Person, target: Organization) -> str:
    if person.organization_id == target.pk:
        if person.pk == target.principal_leader_id or person.rank in LEADERSHIP_RANKS:
            return TalkCategory.LEADERSHIP
        return TalkCategory.MIDDLE if person.rank in MIDDLE_RANKS else TalkCategory.STAFF
    # 内设机构/下属单位: its head is a middle manager, the rest staff.
    if person.pk == person.organization.principal_leader_id or person.rank in LEADERSHIP_RANKS | MIDDLE_RANKS:
        return TalkCategory.MIDDLE
    return TalkCategory.STAFF


def _slots(start: datetime.date, taken: set[datetime.datetime | None]) -> Iterable[datetime.datetime]:
    day = start
    while True:
        if day.weekday() < 5:
            for at in SLOT_TIMES:
                slot = timezone.make_aware(datetime.datetime.combine(day, at))
                if slot not in taken:
                    yield slot
        day += datetime.timedelta(days=1)


def plan_talks(inspection: Inspection, start: datetime.date) -> list[Talk]:
    """The talks (unsaved) of the people of the inspected organisations not yet in the plan (spec §4.2): the
    leadership team (principal leader first), middle managers, staff; one slot each from ``start`` on working days,
    two interviewers each (the leader or a deputy leads the leadership talks), none with a recusal ground."""
    seats = team_seats(inspection)
    if len(seats) < 2:
        raise DomainError("巡察组成员不足两人，不能安排谈话。")
    blocked = recused_interviewers(inspection)
    team_people = {s.person_id for s in seats}
    planned = set(Talk.objects.filter(inspection=inspection, person__isnull=False)
                  .values_list("person_id", flat=True))
    candidates: list[tuple[int, int, Person, Organization]] = []
    for target in _target_orgs(inspection):
        people = (Person.objects.filter(organization__path__startswith=target.path)
                  .exclude(pk__in=team_people | planned).select_related("organization").order_by("pk"))
        for person in people:
            category = _category_of(person, target)
            principal_first = 0 if person.pk == target.principal_leader_id else 1
            candidates.append((CATEGORY_ORDER.index(category) * 2 + principal_first, person.pk, person, target))
    candidates.sort(key=lambda c: (c[0], c[1]))
    taken = set(Talk.objects.filter(inspection=inspection, scheduled_at__isnull=False)
                .values_list("scheduled_at", flat=True))
    slots = iter(_slots(start, taken))
    sequence = _next_sequence(Talk, inspection)
    leads = [s for s in seats if s.role in (MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER)] or seats
    talks: list[Talk] = []
    for index, (_rank, _pk, person, target) in enumerate(candidates):
        category = _category_of(person, target)
        allowed = [s for s in seats if s.person_id not in blocked.get(target.pk, set()) and s.person_id != person.pk]
        if len(allowed) < 2:
            raise DomainError(f"巡察组对{target}无回避情形的成员不足两人，不能安排谈话。")
        pool = [s for s in leads if s in allowed] if category == TalkCategory.LEADERSHIP else allowed
        first = (pool or allowed)[index % len(pool or allowed)]
        others = [s for s in allowed if s != first and s.role == MembershipRole.MEMBER] or \
                 [s for s in allowed if s != first]
        second = others[index % len(others)]
        talk_type = TalkType.REQUIRED if category in (TalkCategory.LEADERSHIP, TalkCategory.MIDDLE) \
            else TalkType.APPOINTED
        talks.append(Talk(
            inspection=inspection, sequence=sequence, code=f"{inspection.code}-TH-{sequence:03d}",
            organization=person.organization, person=person, name=person.name,
            post=f"{person.organization.short_name}{person.post}", category=category, talk_type=talk_type,
            scheduled_at=next(slots), place=DEFAULT_PLACE, interviewer_id=first.person_id,
            recorder_id=second.person_id))
        sequence += 1
    return talks


def talk_plan_generate(*, actor: User, inspection_id: int) -> list[Talk]:
    """Draw up the talk plan from the people of the inspected organisations (``plan_talks``), from the first working
    day of the stay (or today). People already in the plan are left as they are, so the plan can be extended after
    people were added to the records."""
    with transaction.atomic():
        inspection = access_inspection(actor, inspection_id, capability=Cap.PLAN_TALKS, lock=True)
        _require_status(inspection, STAY_STATUSES | {"preparing"}, STAY_OVER)
        start = max(inspection.stationed_on or inspection.planned_entry, business_today())
        created = plan_talks(inspection, start)
        for talk in created:
            talk.save()
        audit_record("talk_plan.generate", actor=actor, obj=inspection, details={"added": len(created)})
        return created


@dataclass(frozen=True)
class TalkData:
    """What a person fills in for one talk of the plan (the form and the API body)."""

    organization_id: int
    name: str
    category: str
    talk_type: str = TalkType.APPOINTED
    person_id: int | None = None
    post: str = ""
    scheduled_at: datetime.datetime | None = None
    place: str = ""
    interviewer_id: int | None = None
    recorder_id: int | None = None


def _clean_talk(inspection: Inspection, actor: User, data: TalkData) -> dict[str, Any]:
    if data.category not in TalkCategory.values:
        raise DomainError("谈话对象类别无效。", fields={"category": ["谈话对象类别无效。"]})
    if data.talk_type not in TalkType.values:
        raise DomainError("谈话方式无效。", fields={"talk_type": ["谈话方式无效。"]})
    org = Organization.objects.visible_to(actor).filter(pk__in=[data.organization_id]).first()
    if org is None or not _in_targets(inspection, org):
        raise DomainError("请选择本次巡察的被巡察党组织或其下属单位。", fields={"organization": ["单位无效。"]})
    name = data.name.strip()
    person = None
    if data.person_id:
        person = Person.objects.visible_to(actor).filter(pk__in=[data.person_id]).select_related("organization") \
            .first()
        if person is None or not _in_targets(inspection, person.organization):
            raise DomainError("谈话对象不在被巡察单位的干部名录中。", fields={"person": ["谈话对象无效。"]})
        name = name or person.name
    if not name:
        raise DomainError("请填写谈话对象姓名。", fields={"name": ["请填写谈话对象姓名。"]})
    check_interviewers(inspection, org, data.interviewer_id, data.recorder_id, person.pk if person else None)
    return {"organization": org, "person": person, "name": name[:30], "post": data.post.strip()[:120],
            "category": data.category, "talk_type": data.talk_type, "scheduled_at": data.scheduled_at,
            "place": data.place.strip()[:80], "interviewer_id": data.interviewer_id,
            "recorder_id": data.recorder_id}


def talk_add(*, actor: User, inspection_id: int, data: TalkData) -> Talk:
    """Add one talk to the plan (a volunteer, a retired cadre, a service user …)."""
    with transaction.atomic():
        inspection = _work_inspection(actor, inspection_id, Cap.PLAN_TALKS)
        values = _clean_talk(inspection, actor, data)
        if values["person"] is not None and Talk.objects.filter(inspection=inspection, person=values["person"],
                                                                status__in=OPEN_TALK).exists():
            raise DomainError("该对象已在谈话安排中。", fields={"person": ["该对象已在谈话安排中。"]})
        sequence = _next_sequence(Talk, inspection)
        talk = Talk.objects.create(inspection=inspection, sequence=sequence,
                                   code=f"{inspection.code}-TH-{sequence:03d}", **values)
        audit_record("talk.add", actor=actor, obj=talk, details={"category": talk.category})
        return talk


def talk_update(*, actor: User, talk_id: int, data: TalkData) -> Talk:
    """Adjust a talk still open (time, place, interviewers, category)."""
    with transaction.atomic():
        talk = access(Talk, actor, talk_id, capability=Cap.PLAN_TALKS, lock=True)
        inspection = _work_inspection(actor, talk.inspection_id, Cap.PLAN_TALKS)
        if talk.status not in OPEN_TALK:
            raise DomainError("已谈或未谈的谈话不能再调整。")
        values = _clean_talk(inspection, actor, data)
        changes = _changes(talk, {k: v for k, v in values.items()})
        for name, value in values.items():
            setattr(talk, name, value)
        talk.save()
        audit_record("talk.update", actor=actor, obj=talk, details={"changes": changes})
        return talk


def talk_cancel(*, actor: User, talk_id: int, reason: str) -> Talk:
    """Take a planned talk off the plan (取消谈话) with a reason: a transition with its StatusChange and audit
    event, never a deletion, so the plan's history keeps it. Only before a record exists, while stationed."""
    return talk_apply_transition(actor=actor, talk_id=talk_id, transition="cancel", note=reason)


def talk_apply_transition(*, actor: User, talk_id: int, transition: str, note: str = "",
                          scheduled_at: datetime.datetime | None = None) -> Talk:
    """Move a talk on: held (needs its record), rescheduled (with the new time), declined, planned again."""
    with transaction.atomic():
        talk = access(Talk, actor, talk_id, lock=True,
                      queryset=Talk.objects.select_related("inspection"))
        extra: list[str] = []
        if transition == "reschedule":
            if scheduled_at is None:
                raise DomainError("请填写改期后的时间。", fields={"scheduled_at": ["请填写改期后的时间。"]})
            talk.scheduled_at = scheduled_at
            extra.append("scheduled_at")
        TALK_WORKFLOW.apply(talk, transition, actor=actor, caps=capabilities(actor, talk), note=note,
                            extra_fields=extra)
        return talk


# ---- Talk records ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordData:
    started_at: datetime.datetime
    place: str
    questions_answers: str
    ended_at: datetime.datetime | None = None
    issues_raised: str = ""
    follow_ups: str = ""


def _may_write_record(actor: User, talk: Talk) -> None:
    caps = capabilities(actor, talk)
    person_id = getattr(actor, "person_id", None)
    if Cap.RECORD_FIELDWORK not in caps:
        raise CapabilityMissing("您没有执行此操作的权限。")
    if person_id not in talk.interviewer_ids() and Cap.PLAN_TALKS not in caps:
        raise CapabilityMissing("只有参加谈话的巡察组成员、组长和副组长可以填写谈话笔录。")


def talk_record_save(*, actor: User, talk_id: int, data: RecordData) -> TalkRecord:
    """Write (or correct, until the leader signs it off) the record of a talk; a talk with a record is done."""
    with transaction.atomic():
        talk = access(Talk, actor, talk_id, lock=True, queryset=Talk.objects.select_related("inspection"))
        _may_write_record(actor, talk)
        _require_status(talk.inspection, WRAP_UP_STATUSES, WRAP_UP_OVER)
        if talk.status not in (*OPEN_TALK, TalkStatus.DONE):
            raise DomainError("未能进行的谈话没有笔录。")
        if not data.questions_answers.strip():
            raise DomainError("请填写谈话内容。", fields={"questions_answers": ["请填写谈话内容。"]})
        if not data.place.strip():
            raise DomainError("请填写谈话地点。", fields={"place": ["请填写谈话地点。"]})
        if data.ended_at and data.ended_at < data.started_at:
            raise DomainError("结束时间不能早于开始时间。", fields={"ended_at": ["结束时间不能早于开始时间。"]})
        if data.started_at.date() > business_today():
            raise DomainError("谈话时间不能晚于今天。", fields={"started_at": ["谈话时间不能晚于今天。"]})
        stay_start = talk.inspection.stationed_on
        if stay_start and timezone.localtime(data.started_at).date() < stay_start:
            raise DomainError("谈话时间不能早于进驻日期。", fields={"started_at": ["谈话时间不能早于进驻日期。"]})
        record = TalkRecord.objects.filter(talk=talk).select_for_update().first()
        values = {"started_at": data.started_at, "ended_at": data.ended_at, "place": data.place.strip()[:80],
                  "questions_answers": data.questions_answers.strip(), "issues_raised": data.issues_raised.strip(),
                  "follow_ups": data.follow_ups.strip()}
        if record is None:
            record = TalkRecord.objects.create(talk=talk, written_by=actor, **values)
            action = "talk_record.create"
        else:
            if record.status != "draft":
                raise DomainError("谈话笔录已经组长审签，不能再修改。")
            for name, value in values.items():
                setattr(record, name, value)
            record.save()
            action = "talk_record.update"
        # Field names only: the content itself never goes into the audit log.
        audit_record(action, actor=actor, obj=record, details={"talk": talk.code})
        if talk.status in OPEN_TALK:
            TALK_WORKFLOW.apply(talk, "hold", actor=actor, caps=capabilities(actor, talk))
        return record


def talk_record_sign_off(*, actor: User, talk_id: int) -> TalkRecord:
    """The team leader signs the record off (审签); it can no longer be changed."""
    with transaction.atomic():
        talk = access(Talk, actor, talk_id, queryset=Talk.objects.select_related("inspection"))
        record = TalkRecord.objects.visible_to(actor).filter(talk=talk).select_related("talk__inspection").first()
        if record is None:
            # Whoever may not sign off is told so, not whether a record they cannot read exists.
            if Cap.SIGN_OFF_TALK not in capabilities(actor, talk):
                raise CapabilityMissing("谈话笔录由组长审签。")
            raise DomainError("尚未填写谈话笔录。")
        record = access(TalkRecord, actor, record.pk, lock=True,
                        queryset=TalkRecord.objects.select_related("talk__inspection"))
        RECORD_WORKFLOW.apply(record, "sign_off", actor=actor, caps=capabilities(actor, record))
        return record


def talk_attachment_add(*, actor: User, talk_id: int, name: str, data: bytes) -> TalkAttachment:
    """Attach written material handed over at the talk (checked by content and size before it is stored)."""
    with transaction.atomic():
        talk = access(Talk, actor, talk_id, queryset=Talk.objects.select_related("inspection"))
        _may_write_record(actor, talk)
        record = TalkRecord.objects.visible_to(actor).filter(talk=talk).first()
        if record is None:
            raise DomainError("请先填写谈话笔录，再上传附件。")
        if record.status != "draft":
            raise DomainError("谈话笔录已经组长审签，不能再添加附件。")
        _require_status(talk.inspection, WRAP_UP_STATUSES, WRAP_UP_OVER)
        filename, content_type = check_upload(name, data)
        attachment = TalkAttachment(record=record, filename=filename, content_type=content_type, size=len(data),
                                    uploaded_by=actor)
        attachment.file.save(filename, ContentFile(data), save=False)
        attachment.save()
        audit_record("talk_record.attach", actor=actor, obj=record, details={"file": filename, "size": len(data)})
        return attachment


# ---- Document requests -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRequestData:
    organization_id: int
    title: str
    deadline: datetime.date
    period: str = ""
    copies: int = 1
    medium: str = "paper"
    originals: bool = False


def document_request_create(*, actor: User, inspection_id: int, data: DocumentRequestData) -> DocumentRequest:
    """Ask an inspected organisation for documents (调阅资料), with the period they cover and a deadline."""
    with transaction.atomic():
        inspection = _work_inspection(actor, inspection_id, Cap.RECORD_FIELDWORK)
        targets = {t.pk: t for t in _target_orgs(inspection)}
        org = targets.get(data.organization_id)
        if org is None:
            raise DomainError("请选择本次巡察的被巡察党组织。", fields={"organization": ["单位无效。"]})
        title = data.title.strip()
        if not title:
            raise DomainError("请填写调阅资料名称。", fields={"title": ["请填写调阅资料名称。"]})
        today = business_today()
        if data.deadline < today:
            raise DomainError("提供期限不能早于今天。", fields={"deadline": ["提供期限不能早于今天。"]})
        if not 1 <= data.copies <= 99:
            raise DomainError("份数应在 1 到 99 之间。", fields={"copies": ["份数应在 1 到 99 之间。"]})
        if data.medium not in ("paper", "electronic"):
            raise DomainError("形式无效。", fields={"medium": ["形式无效。"]})
        sequence = _next_sequence(DocumentRequest, inspection)
        request = DocumentRequest.objects.create(
            inspection=inspection, organization=org, sequence=sequence, code=f"{inspection.code}-DY-{sequence:03d}",
            title=title[:200], period=data.period.strip()[:60], copies=data.copies, medium=data.medium,
            originals=data.originals, deadline=data.deadline, requested_on=today, requested_by=actor)
        audit_record("document_request.create", actor=actor, obj=request, details={"organization": org.pk})
        return request


def document_request_transition(*, actor: User, request_id: int, transition: str, note: str = "",
                                on: datetime.date | None = None) -> DocumentRequest:
    """Delivered (the organisation's liaison), received, reviewed, returned (the team), each dated; the team's
    note is added to the review notes, the liaison's is the delivery note."""
    with transaction.atomic():
        request = access(DocumentRequest, actor, request_id, lock=True,
                         queryset=DocumentRequest.objects.select_related("inspection"))
        step = DOCUMENT_WORKFLOW.get(transition)
        day = on or business_today()
        if day > business_today():
            raise DomainError("日期不能晚于今天。", fields={"on": ["日期不能晚于今天。"]})
        if day < request.requested_on:
            raise DomainError("日期不能早于提出日期。", fields={"on": ["日期不能早于提出日期。"]})
        extra = []
        if step.date_field:
            setattr(request, step.date_field, day)
            extra.append(step.date_field)
        note = note.strip()
        if note:
            if transition == "deliver":
                request.delivery_note = note[:300]
                extra.append("delivery_note")
            else:
                stamp = f"{day:%Y-%m-%d} {step.label}：{note}"
                request.notes = f"{request.notes}\n{stamp}".strip() if request.notes else stamp
                extra.append("notes")
        DOCUMENT_WORKFLOW.apply(request, transition, actor=actor, caps=capabilities(actor, request),
                                extra_fields=extra, details={"on": day.isoformat()})
        return request


def document_file_add(*, actor: User, request_id: int, name: str, data: bytes) -> DocumentFile:
    """A file for a request: the organisation's liaison hands it over, or the team scans what it received."""
    with transaction.atomic():
        request = access(DocumentRequest, actor, request_id, lock=True,
                         queryset=DocumentRequest.objects.select_related("inspection"))
        caps = capabilities(actor, request)
        if not caps & {Cap.PROVIDE_DOCUMENTS, Cap.RECORD_FIELDWORK}:
            raise CapabilityMissing("您没有执行此操作的权限。")
        _require_status(request.inspection, WRAP_UP_STATUSES, WRAP_UP_OVER)
        if request.status == "returned":
            raise DomainError("资料已退还，不能再上传文件。")
        filename, content_type = check_upload(name, data)
        stored = DocumentFile(request=request, filename=filename, content_type=content_type, size=len(data),
                              uploaded_by=actor)
        stored.file.save(filename, ContentFile(data), save=False)
        stored.save()
        audit_record("document_request.upload", actor=actor, obj=request, details={"file": filename,
                                                                                    "size": len(data)})
        return stored


# ---- Other work methods and the log ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkRecordData:
    method: str
    title: str
    held_on: datetime.date
    content: str
    place: str = ""
    organization_id: int | None = None
    team_participants: str = ""
    people_met: str = ""
    follow_ups: str = ""


def _clean_work_record(inspection: Inspection, actor: User, data: WorkRecordData) -> dict[str, Any]:
    if data.method not in [str(m) for m in RECORD_METHODS]:
        raise DomainError("工作方式无效。", fields={"method": ["工作方式无效。"]})
    if not data.title.strip():
        raise DomainError("请填写事项。", fields={"title": ["请填写事项。"]})
    if not data.content.strip():
        raise DomainError("请填写了解到的情况。", fields={"content": ["请填写了解到的情况。"]})
    _check_stay_day(inspection, data.held_on, "held_on")
    org = None
    if data.organization_id:
        org = Organization.objects.visible_to(actor).filter(pk__in=[data.organization_id]).first()
        if org is None:
            raise DomainError("涉及单位无效。", fields={"organization": ["涉及单位无效。"]})
    return {"method": data.method, "title": data.title.strip()[:120], "held_on": data.held_on,
            "place": data.place.strip()[:80], "organization": org,
            "team_participants": data.team_participants.strip()[:200], "people_met": data.people_met.strip(),
            "content": data.content.strip(), "follow_ups": data.follow_ups.strip()}


def _check_stay_day(inspection: Inspection, day: datetime.date, field: str) -> None:
    if day > business_today():
        raise DomainError("日期不能晚于今天。", fields={field: ["日期不能晚于今天。"]})
    if inspection.stationed_on and day < inspection.stationed_on:
        raise DomainError("日期不能早于进驻日期。", fields={field: ["日期不能早于进驻日期。"]})


def work_record_create(*, actor: User, inspection_id: int, data: WorkRecordData) -> WorkRecord:
    """Record a briefing, forum, meeting attended, visit, check … with a stable reference for citing it."""
    with transaction.atomic():
        inspection = _work_inspection(actor, inspection_id, Cap.RECORD_FIELDWORK)
        values = _clean_work_record(inspection, actor, data)
        sequence = _next_sequence(WorkRecord, inspection)
        record = WorkRecord.objects.create(inspection=inspection, sequence=sequence, recorded_by=actor,
                                           reference=f"{inspection.code}-GZ-{sequence:03d}", **values)
        audit_record("work_record.create", actor=actor, obj=record, details={"method": record.method})
        return record


def work_record_update(*, actor: User, record_id: int, data: WorkRecordData) -> WorkRecord:
    """Correct a work record while stationed (its reference stays)."""
    with transaction.atomic():
        record = access(WorkRecord, actor, record_id, capability=Cap.RECORD_FIELDWORK, lock=True)
        inspection = _work_inspection(actor, record.inspection_id, Cap.RECORD_FIELDWORK)
        values = _clean_work_record(inspection, actor, data)
        changes = _changes(record, values)
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
        audit_record("work_record.update", actor=actor, obj=record, details={"changes": changes})
        return record


@dataclass(frozen=True)
class LogData:
    day: datetime.date
    work_done: str
    items_to_note: str = ""
    next_steps: str = ""


def work_log_save(*, actor: User, inspection_id: int, data: LogData) -> WorkLogEntry:
    """Write (or complete) the team's log of one day of the stay."""
    with transaction.atomic():
        inspection = _work_inspection(actor, inspection_id, Cap.RECORD_FIELDWORK)
        _check_stay_day(inspection, data.day, "day")
        if not data.work_done.strip():
            raise DomainError("请填写当日工作。", fields={"work_done": ["请填写当日工作。"]})
        entry = WorkLogEntry.objects.filter(inspection=inspection, day=data.day).first()
        values = {"work_done": data.work_done.strip(), "items_to_note": data.items_to_note.strip(),
                  "next_steps": data.next_steps.strip()}
        if entry is None:
            entry = WorkLogEntry.objects.create(inspection=inspection, day=data.day, written_by=actor, **values)
            action = "work_log.create"
        else:
            for name, value in values.items():
                setattr(entry, name, value)
            entry.written_by = actor
            entry.save()
            action = "work_log.update"
        audit_record(action, actor=actor, obj=entry, details={"day": data.day.isoformat()})
        return entry

